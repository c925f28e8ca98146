//! Adding parsed declarations to the schema, with the validity constraints that
//! one declaration can be checked against on its own.

use crate::attlist_decl::{attlist_decl, AttDefAst, DefaultAst};
use crate::builder::DtdBuilder;
use crate::element_decl::{elementdecl, ContentAst, Cp, CpTerm};
use crate::entity_decl::{entity_decl, EntityDefAst};
use crate::entity_expander::normalize_line_ends;
use crate::input::{Collected, Location};
use crate::lexical::{ExternalIdAst, ValuePart};
use crate::notation_decl::notation_decl;
use crate::parse_error::{describe_found, PResult};
use schemakit_model::automaton::MAX_NESTING;
use schemakit_model::chars::{is_name, is_nmtoken};
use schemakit_model::{
    AttributeDecl, AttributeType, Code, ContentSpec, DefaultDecl, DiagnosticKind, EntityDecl,
    EntityValue, ExternalId, NotationDecl, Particle, Term,
};

/// The facts about where a declaration was read that adding it needs.
pub(crate) struct DeclarationContext<'c> {
    pub(crate) collected: &'c Collected,
    pub(crate) external_markup: bool,
    pub(crate) internal_subset: bool,
    /// The location relative system identifiers resolve against.
    pub(crate) base: Option<String>,
    /// The comments directly before the declaration.
    pub(crate) comments: Vec<String>,
    /// The parameter entities being expanded around the declaration.
    pub(crate) active_entities: Vec<String>,
}

impl DtdBuilder<'_> {
    /// Parses `context.collected` with `parser`; reports a syntax error and returns
    /// `None` when it does not parse completely.
    fn parse_collected<'t, O>(
        &mut self,
        collected: &'t Collected,
        construct: &str,
        parser: impl FnOnce(&'t str) -> PResult<'t, O>,
    ) -> Option<O> {
        if collected.failed {
            return None;
        }
        match parser(&collected.text) {
            Ok(("", ast)) => {
                self.check_declaration_nesting(collected, construct);
                Some(ast)
            }
            Ok((rest, _)) => {
                let at = collected.locate(collected.text.len() - rest.len());
                self.report(at.syntax(format!(
                    "invalid {construct}: unexpected {} after its end",
                    describe_found(rest)
                )));
                None
            }
            Err(error) => {
                self.report_collected_error(collected, error, construct);
                None
            }
        }
    }

    pub(crate) fn parse_element_decl(&mut self, context: &DeclarationContext<'_>) {
        let collected = context.collected;
        let max_nesting = self.limits.max_group_nesting.min(MAX_NESTING);
        let Some(ast) = self.parse_collected(collected, "element type declaration", |text| {
            elementdecl(text, max_nesting)
        }) else {
            return;
        };
        self.check_group_nesting(collected);

        let content = match ast.content {
            ContentAst::Empty => ContentSpec::Empty,
            ContentAst::Any => ContentSpec::Any,
            ContentAst::Mixed(names) => self.mixed_content(ast.name, &names, collected),
            ContentAst::Children(cp) => ContentSpec::Children(self.particle(&cp)),
        };

        let start = collected.start().clone();
        let span = collected.span();
        let doc = doc_comment(&context.comments);
        let previous = self
            .schema
            .element(ast.name)
            .and_then(|element| element.span);
        let element = self.schema.element_entry(ast.name);

        if element.content.is_some() {
            let first = previous.map_or(String::new(), |span| {
                format!(" at {}:{}", span.start.line, span.start.column)
            });
            let message = format!(
                "element type `{}` is declared more than once (VC: Unique Element Type Declaration); the first declaration{first} applies, remove this one",
                ast.name
            );
            self.report(start.error(
                DiagnosticKind::Validity,
                Code::DuplicateDeclaration,
                message,
            ));
            return;
        }
        element.content = Some(content);
        element.span = Some(span);
        element.doc = doc;
        element.external_markup = context.external_markup;
    }

    /// Builds a mixed-content specification, reporting names listed twice
    /// (VC: No Duplicate Types).
    fn mixed_content(
        &mut self,
        element: &str,
        names: &[(&str, usize)],
        collected: &Collected,
    ) -> ContentSpec {
        let mut symbols = Vec::new();

        for (name, mark) in names {
            let symbol = self.schema.symbols.intern(name);
            if symbols.contains(&symbol) {
                let message = format!("element type `{name}` appears more than once in the mixed-content model of `{element}` (VC: No Duplicate Types); remove the repetition");
                self.report(collected.locate_mark(*mark).error(
                    DiagnosticKind::Validity,
                    Code::DuplicateToken,
                    message,
                ));
                continue;
            }
            symbols.push(symbol);
        }
        ContentSpec::Mixed(symbols)
    }

    /// Converts a parsed content particle. The parser bounded its nesting depth,
    /// so the recursion here is bounded too.
    fn particle(&mut self, cp: &Cp<'_>) -> Particle {
        let term = match &cp.term {
            CpTerm::Name(name) => Term::Element(self.schema.symbols.intern(name)),
            CpTerm::Choice(items) => {
                Term::Choice(items.iter().map(|item| self.particle(item)).collect())
            }
            CpTerm::Sequence(items) => {
                Term::Sequence(items.iter().map(|item| self.particle(item)).collect())
            }
        };
        Particle::new(term, cp.occurs)
    }

    pub(crate) fn parse_attlist_decl(&mut self, context: &DeclarationContext<'_>) {
        let collected = context.collected;
        let Some(ast) = self.parse_collected(collected, "attribute-list declaration", attlist_decl)
        else {
            return;
        };

        let end = collected.span().end;
        self.schema.element_entry(ast.element);
        for definition in &ast.definitions {
            self.declare_attribute(ast.element, definition, context, end);
        }
    }

    fn declare_attribute(
        &mut self,
        element: &str,
        definition: &AttDefAst<'_>,
        context: &DeclarationContext<'_>,
        end: schemakit_model::Position,
    ) {
        let collected = context.collected;
        let at = collected.locate_mark(definition.mark);
        let default_at = collected.locate_mark(definition.default_mark);

        let default = match &definition.default {
            DefaultAst::Required => DefaultDecl::Required,
            DefaultAst::Implied => DefaultDecl::Implied,
            DefaultAst::Fixed(parts) | DefaultAst::Default(parts) => {
                let Some(value) = self.normalize_default(parts, collected, definition.name) else {
                    return;
                };
                if matches!(definition.default, DefaultAst::Fixed(_)) {
                    DefaultDecl::Fixed(value)
                } else {
                    DefaultDecl::Default(value)
                }
            }
        };

        self.check_attribute_type(element, definition, &at);
        self.check_default_value(
            element,
            definition.name,
            &definition.ty,
            &default,
            &default_at,
        );

        let existing = self.schema.element(element).map(|decl| {
            (
                decl.attributes.contains_key(definition.name),
                decl.id_attribute().map(|id| id.name.clone()),
                decl.attributes
                    .values()
                    .find(|attribute| matches!(attribute.ty, AttributeType::Notation(_)))
                    .map(|attribute| attribute.name.clone()),
            )
        });
        let (duplicate, id_attribute, notation_attribute) = existing.unwrap_or((false, None, None));

        if duplicate {
            let message = format!("attribute `{}` of element type `{element}` is declared more than once; the first declaration applies and this one is ignored", definition.name);
            self.report(at.warning(DiagnosticKind::Schema, Code::DuplicateDeclaration, message));
            return;
        }
        if let (AttributeType::Id, Some(first)) = (&definition.ty, id_attribute) {
            let message = format!("element type `{element}` already has the ID attribute `{first}`, so `{}` cannot be of type ID too (VC: One ID per Element Type); declare it as IDREF, NMTOKEN or CDATA", definition.name);
            self.report(at.error(
                DiagnosticKind::Validity,
                Code::MultipleIdAttributes,
                message,
            ));
        }
        if let (AttributeType::Notation(_), Some(first)) = (&definition.ty, notation_attribute) {
            let message = format!("element type `{element}` already has the NOTATION attribute `{first}`, so `{}` cannot be of type NOTATION too (VC: One Notation Per Element Type)", definition.name);
            self.report(at.error(
                DiagnosticKind::Validity,
                Code::MultipleNotationAttributes,
                message,
            ));
        }

        let span = schemakit_model::Span {
            source: at.source,
            start: at.position,
            end: if end >= at.position { end } else { at.position },
        };
        let attribute = AttributeDecl {
            name: definition.name.to_owned(),
            ty: definition.ty.clone(),
            default,
            span: Some(span),
            external_markup: context.external_markup,
        };
        self.schema
            .element_entry(element)
            .attributes
            .insert(definition.name.to_owned(), attribute);
    }

    /// Checks the attribute type on its own: no token twice (VC: No Duplicate
    /// Tokens) and `xml:space` as an enumeration of `default` and `preserve`.
    fn check_attribute_type(&mut self, element: &str, definition: &AttDefAst<'_>, at: &Location) {
        let tokens = match &definition.ty {
            AttributeType::Enumeration(tokens) | AttributeType::Notation(tokens) => {
                tokens.as_slice()
            }
            _ => &[],
        };
        for (index, token) in tokens.iter().enumerate() {
            if tokens
                .get(..index)
                .is_some_and(|earlier| earlier.contains(token))
            {
                let message = format!("token `{token}` appears more than once in the type of attribute `{}` of element type `{element}` (VC: No Duplicate Tokens); remove the repetition", definition.name);
                self.report(at.error(DiagnosticKind::Validity, Code::DuplicateToken, message));
            }
        }

        if definition.name == "xml:space" {
            let valid = match &definition.ty {
                AttributeType::Enumeration(values) => values
                    .iter()
                    .all(|value| value == "default" || value == "preserve"),
                _ => false,
            };
            if !valid {
                let message = format!("attribute `xml:space` of element type `{element}` must be declared as an enumeration of `default` and `preserve`, such as `(default|preserve)`, not `{}`", definition.ty.to_dtd_syntax());
                self.report(at.error(DiagnosticKind::Validity, Code::InvalidXmlSpace, message));
            }
        }
    }

    /// Checks that a default value matches its type (VC: Attribute Default Value
    /// Syntactically Correct) and that an ID attribute has none (VC: ID Attribute
    /// Default).
    fn check_default_value(
        &mut self,
        element: &str,
        attribute: &str,
        ty: &AttributeType,
        default: &DefaultDecl,
        at: &Location,
    ) {
        let value = match default {
            DefaultDecl::Fixed(value) | DefaultDecl::Default(value) => value,
            DefaultDecl::Required | DefaultDecl::Implied => return,
        };

        if *ty == AttributeType::Id {
            let message = format!("ID attribute `{attribute}` of element type `{element}` must be declared #IMPLIED or #REQUIRED, not with a default value (VC: ID Attribute Default)");
            self.report(at.error(DiagnosticKind::Validity, Code::IdAttributeDefault, message));
            return;
        }

        let tokens: Vec<&str> = value.split(' ').filter(|token| !token.is_empty()).collect();
        let single = match tokens.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
        let (valid, expected) = match ty {
            AttributeType::Cdata => (true, ""),
            AttributeType::Id | AttributeType::IdRef | AttributeType::Entity => {
                (single.is_some_and(is_name), "a name")
            }
            AttributeType::IdRefs | AttributeType::Entities => (
                !tokens.is_empty() && tokens.iter().all(|token| is_name(token)),
                "one or more names separated by spaces",
            ),
            AttributeType::NmToken => (single.is_some_and(is_nmtoken), "a name token"),
            AttributeType::NmTokens => (
                !tokens.is_empty() && tokens.iter().all(|token| is_nmtoken(token)),
                "one or more name tokens separated by spaces",
            ),
            AttributeType::Enumeration(values) | AttributeType::Notation(values) => (
                single.is_some_and(|token| values.iter().any(|value| value == token)),
                "one of the listed values",
            ),
            _ => (true, ""),
        };
        if !valid {
            let message = format!("default value \"{value}\" of attribute `{attribute}` of element type `{element}` is not {expected}, as its type {} requires (VC: Attribute Default Value Syntactically Correct)", ty.to_dtd_syntax());
            self.report(at.error(
                DiagnosticKind::Validity,
                Code::InvalidAttributeDefault,
                message,
            ));
        }
    }

    pub(crate) fn parse_entity_decl(&mut self, context: &DeclarationContext<'_>) {
        let collected = context.collected;
        let Some(ast) = self.parse_collected(collected, "entity declaration", entity_decl) else {
            return;
        };
        let kind = if ast.parameter {
            "parameter entity"
        } else {
            "entity"
        };

        let value = match &ast.definition {
            EntityDefAst::Internal(parts) => {
                let Some(text) = self.entity_replacement_text(parts, context) else {
                    return;
                };
                EntityValue::Internal(text)
            }
            EntityDefAst::External { id, notation } => EntityValue::External {
                id: external_id(id, context.base.clone()),
                notation: notation.map(|(name, _)| name.to_owned()),
            },
        };

        let entities = if ast.parameter {
            &mut self.schema.parameter_entities
        } else {
            &mut self.schema.general_entities
        };
        if entities.contains_key(ast.name) {
            let message = format!("{kind} `{}` is declared more than once; the first declaration applies and this one is ignored", ast.name);
            self.report(collected.start().warning(
                DiagnosticKind::Schema,
                Code::DuplicateDeclaration,
                message,
            ));
            return;
        }
        entities.insert(
            ast.name.to_owned(),
            EntityDecl {
                name: ast.name.to_owned(),
                value,
                span: Some(collected.span()),
                external_markup: context.external_markup,
            },
        );
    }

    /// Builds the replacement text of an entity value (XML 1.0 section 4.5):
    /// character and parameter-entity references replaced, general-entity
    /// references kept as written. Returns `None` after a well-formedness error.
    fn entity_replacement_text(
        &mut self,
        parts: &[(ValuePart<'_>, usize)],
        context: &DeclarationContext<'_>,
    ) -> Option<String> {
        let collected = context.collected;
        let mut text = String::new();
        let mut active = context.active_entities.clone();

        for (part, mark) in parts {
            match part {
                ValuePart::Text(written) => text.push_str(&normalize_line_ends(written)),
                ValuePart::Char(character) => text.push(*character),
                ValuePart::EntityRef(name) => {
                    text.push('&');
                    text.push_str(name);
                    text.push(';');
                }
                ValuePart::PeRef(name) => {
                    let at = collected.locate_mark(*mark);
                    if context.internal_subset {
                        self.report(at.syntax(format!("parameter-entity reference `%{name};` in an entity value is allowed only in the external subset or an external parameter entity (WFC: PEs in Internal Subset); write the text itself")));
                        return None;
                    }
                    if !self.include_in_literal(name, &at, &mut active, &mut text)
                        && self.limit_exceeded
                    {
                        return None;
                    }
                }
            }
        }
        Some(text)
    }

    pub(crate) fn parse_notation_decl(&mut self, context: &DeclarationContext<'_>) {
        let collected = context.collected;
        let Some(ast) = self.parse_collected(collected, "notation declaration", notation_decl)
        else {
            return;
        };

        if self.schema.notations.contains_key(ast.name) {
            let message = format!("notation `{}` is declared more than once (VC: Unique Notation Name); remove this declaration", ast.name);
            self.report(collected.start().error(
                DiagnosticKind::Validity,
                Code::DuplicateDeclaration,
                message,
            ));
            return;
        }
        self.schema.notations.insert(
            ast.name.to_owned(),
            NotationDecl {
                name: ast.name.to_owned(),
                public_id: ast.id.public_id.map(normalize_public_id),
                system_id: ast.id.system_id.map(str::to_owned),
                span: Some(collected.span()),
            },
        );
    }

    /// Checks the notations that declarations name, which may be declared after
    /// them: unparsed entities (VC: Notation Declared), NOTATION attributes (VC:
    /// Notation Attributes) and NOTATION attributes on EMPTY elements (VC: No
    /// Notation on Empty Element).
    pub(crate) fn check_notations(&mut self) {
        let mut findings = Vec::new();

        for entity in self.schema.general_entities.values() {
            let EntityValue::External {
                notation: Some(notation),
                ..
            } = &entity.value
            else {
                continue;
            };
            if !self.schema.notations.contains_key(notation) {
                let message = format!("unparsed entity `{}` names notation `{notation}`, which is not declared (VC: Notation Declared); add `<!NOTATION {notation} SYSTEM \"...\">`", entity.name);
                findings.push((entity.span, Code::UndeclaredNotation, message));
            }
        }

        for element in self.schema.elements.values() {
            let element_name = self.schema.name(element.name);
            for attribute in element.attributes.values() {
                let AttributeType::Notation(names) = &attribute.ty else {
                    continue;
                };
                for notation in names {
                    if !self.schema.notations.contains_key(notation) {
                        let message = format!("attribute `{}` of element type `{element_name}` lists notation `{notation}`, which is not declared (VC: Notation Attributes); declare it or remove it from the list", attribute.name);
                        findings.push((attribute.span, Code::UndeclaredNotation, message));
                    }
                }
                if element.content == Some(ContentSpec::Empty) {
                    let message = format!("element type `{element_name}` is declared EMPTY, so it cannot have the NOTATION attribute `{}` (VC: No Notation on Empty Element)", attribute.name);
                    findings.push((attribute.span, Code::NotationOnEmptyElement, message));
                }
            }
        }

        for (span, code, message) in findings {
            let mut diagnostic =
                schemakit_model::Diagnostic::error(DiagnosticKind::Validity, code, message);
            if let Some(span) = span {
                let file = self
                    .schema
                    .source(span.source)
                    .map(|source| source.name.clone());
                diagnostic = diagnostic.at(file.as_deref(), span.start);
            }
            self.report(diagnostic);
        }
    }
}

/// Joins comments into a doc comment: each trimmed, empty ones dropped.
fn doc_comment(comments: &[String]) -> Option<String> {
    let lines: Vec<&str> = comments
        .iter()
        .map(|comment| comment.trim())
        .filter(|comment| !comment.is_empty())
        .collect();
    if lines.is_empty() {
        None
    } else {
        Some(lines.join("\n"))
    }
}

/// Returns a public identifier with its whitespace normalized, as catalogs match
/// it.
fn normalize_public_id(public_id: &str) -> String {
    public_id
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn external_id(id: &ExternalIdAst<'_>, base: Option<String>) -> ExternalId {
    ExternalId {
        public_id: id.public_id.map(normalize_public_id),
        system_id: id.system_id.unwrap_or("").to_owned(),
        base,
    }
}
