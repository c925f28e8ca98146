//! The XSD checker for one document: resolves names, finds each element's
//! declaration and type, and dispatches to the content, attribute and value checks.

use super::attributes::{check_attributes, AttributeScope, XsiAttributes};
use super::compiled::CompiledXsd;
use super::content::{ChildDeclaration, Frame, FrameStart};
use super::frames::FrameStack;
use super::names::{ElementNames, ResolvedName};
use super::namespaces::InScopeNamespaces;
use super::values::{check_text, check_value, id_kind, simple_type, IdKind, ValueOwner};
use super::wildcards::undeclared_for_wildcard;
use super::xsi_type::XsiTypeCheck;
use crate::event::{Attribute, Event};
use crate::report::Findings;
use crate::validity::{quote_list, ElementPath, IdTable};
use schemakit_model::xsd::{
    ElementId, TypeDefinition, TypeId, ValueConstraint, XsdComponents, XsdElement,
};
use schemakit_model::{Code, Diagnostic, DiagnosticKind, Position};
use std::collections::HashSet;
use std::sync::Arc;

/// The location of a finding: the document, the position and the open elements.
pub(super) struct Site<'a> {
    pub(super) file: &'a str,
    pub(super) position: Position,
    pub(super) path: &'a ElementPath,
}

impl Site<'_> {
    /// Starts a validity error located here.
    pub(super) fn validity(&self, code: Code, message: String) -> Diagnostic {
        Diagnostic::error(DiagnosticKind::Validity, code, message)
            .at(Some(self.file), self.position)
            .with_path(self.path.render())
    }
}

/// Checks one document's events against a compiled XSD.
#[derive(Debug)]
pub(crate) struct XsdChecker {
    xsd: Arc<CompiledXsd>,
    file: String,
    /// The maximum number of bytes of element text buffered for a value check.
    max_text_bytes: usize,
    path: ElementPath,
    namespaces: InScopeNamespaces,
    names: ElementNames,
    frames: FrameStack,
    ids: IdTable,
    /// Complex types whose content model could not be compiled, reported once each.
    uncompiled_reported: HashSet<u32>,
}

impl XsdChecker {
    /// Creates the checker of one document named `file`. Element text longer than
    /// `max_text_bytes` is reported instead of checked.
    pub(crate) fn new(xsd: Arc<CompiledXsd>, file: &str, max_text_bytes: usize) -> Self {
        XsdChecker {
            xsd,
            file: file.to_owned(),
            max_text_bytes,
            path: ElementPath::default(),
            namespaces: InScopeNamespaces::default(),
            names: ElementNames::default(),
            frames: FrameStack::default(),
            ids: IdTable::default(),
            uncompiled_reported: HashSet::new(),
        }
    }

    /// Checks one event.
    pub(crate) fn handle(&mut self, event: &Event, findings: &mut Findings) {
        match event {
            Event::StartElement {
                name,
                attributes,
                position,
                ..
            } => self.start_element(name, attributes, *position, findings),
            Event::EndElement { position, .. } => self.end_element(*position, findings),
            Event::Text {
                text,
                ignorable_candidate,
                position,
                ..
            } => self.text(text, *ignorable_candidate, *position, findings),
            Event::SkippedEntity { name, position } => {
                self.skipped_entity(name, *position, findings)
            }
            Event::XmlDecl(_)
            | Event::Doctype(_)
            | Event::CommentOrPi { .. }
            | Event::EntityStart { .. }
            | Event::EntityEnd { .. }
            | Event::Eof => {}
        }
    }

    /// Returns the path of the innermost open element, `None` outside the root.
    pub(crate) fn open_element_path(&self) -> Option<String> {
        (!self.path.is_empty()).then(|| self.path.render())
    }

    /// Returns whether whitespace-only text in the innermost open element needs no
    /// check, so that the reader may leave it out.
    #[inline]
    pub(crate) fn ignores_whitespace(&self) -> bool {
        self.frames.last().is_some_and(Frame::ignores_whitespace)
    }

    /// Reports what is known only at the end of the document: IDREFs without target.
    pub(crate) fn finish(&mut self, findings: &mut Findings) {
        for reference in self.ids.unresolved() {
            let message = format!(
                "{} refers to ID \"{}\", which no element or attribute in the document has",
                reference.attribute, reference.value
            );
            findings.push(
                Diagnostic::error(DiagnosticKind::Validity, Code::UnknownIdRef, message)
                    .at(Some(&self.file), reference.position)
                    .with_path(reference.path)
                    .with_expected("an ID value of this document")
                    .with_found(reference.value)
                    .with_help("correct the reference or add an element with that ID"),
            );
        }
    }

    // Kept out of `handle`, so that the frequent text events do not pay for the
    // stack frame of the start and end tag checks.
    #[inline(never)]
    fn start_element(
        &mut self,
        name: &str,
        attributes: &[Attribute],
        position: Position,
        findings: &mut Findings,
    ) {
        self.namespaces.push_element(attributes);
        let Self {
            xsd,
            file,
            path,
            namespaces,
            names,
            frames,
            ids,
            uncompiled_reported,
            ..
        } = self;
        let xsd: &CompiledXsd = xsd;
        let Some(components) = xsd.components() else {
            path.push(name);
            let site = Site {
                file,
                position,
                path,
            };
            if frames.is_empty() {
                findings.push(undeclared_root(name, None, &site));
            }
            frames.push(FrameStart::skipped(), name);
            return;
        };

        let ResolvedName {
            qname,
            symbol,
            path_number,
        } = names.resolve(name, namespaces, &xsd.schema().symbols, path);
        path.push_numbered(name, *path_number);
        let site = Site {
            file,
            position,
            path,
        };
        let declaration = match frames.last_mut() {
            None => match components.global_elements.get(qname) {
                Some(id) => ChildDeclaration::Declared(*id),
                None => ChildDeclaration::Required(None),
            },
            Some(parent) => parent.child(xsd, *symbol, qname, name, &site, findings),
        };

        let mut opening = Opening {
            xsd,
            components,
            namespaces,
            ids,
            uncompiled_reported,
            site: &site,
            findings,
        };
        let frame = match declaration {
            ChildDeclaration::Declared(id) => opening.open(id, name, attributes),
            ChildDeclaration::Lax => opening
                .open_by_xsi_type(name, attributes)
                .unwrap_or_else(FrameStart::lax),
            ChildDeclaration::Required(wildcard) => {
                match opening.open_by_xsi_type(name, attributes) {
                    Some(frame) => frame,
                    None => {
                        let finding = match &wildcard {
                            Some(wildcard) => undeclared_for_wildcard(wildcard, qname, name, &site),
                            None => undeclared_root(name, Some(components), &site),
                        };
                        opening.findings.push(finding);
                        FrameStart::skipped()
                    }
                }
            }
            ChildDeclaration::Skipped | ChildDeclaration::Unchecked => FrameStart::skipped(),
        };
        frames.push(frame, name);
    }

    #[inline(never)]
    fn end_element(&mut self, position: Position, findings: &mut Findings) {
        let Self {
            xsd,
            file,
            path,
            namespaces,
            frames,
            ids,
            ..
        } = self;
        if let Some(frame) = frames.pop() {
            let site = Site {
                file,
                position,
                path,
            };
            if frame.end(xsd, &site, findings) {
                let mut values = TextValues {
                    xsd,
                    file,
                    path,
                    namespaces,
                    ids,
                    findings,
                };
                values.check(frame);
            }
        }
        self.path.pop();
        self.namespaces.pop_element();
    }

    /// Checks character data `text`. When `whitespace_only` is set, the reader found
    /// every character of `text` to be XML whitespace. When it is not set, the text
    /// may still be whitespace, such as a CDATA section of spaces.
    fn text(
        &mut self,
        text: &str,
        whitespace_only: bool,
        position: Position,
        findings: &mut Findings,
    ) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        let site = Site {
            file: &self.file,
            position,
            path: &self.path,
        };
        frame.text(text, whitespace_only, self.max_text_bytes, &site, findings);
    }

    fn skipped_entity(&mut self, name: &str, position: Position, findings: &mut Findings) {
        findings.push(
            Diagnostic::warning(
                DiagnosticKind::Resource,
                Code::Unresolved,
                format!("entity `{name}` was not expanded, so the content it stands for was not checked"),
            )
            .at(Some(&self.file), position)
            .with_path(self.path.render())
            .with_help("declare the entity in the document's internal DTD subset, allow local external entities, or replace the reference"),
        );
        findings.mark_skipped_content();
    }
}

/// Everything that the value check of an element's text needs, borrowed from the
/// checker.
struct TextValues<'a, 'f> {
    xsd: &'a CompiledXsd,
    file: &'a str,
    path: &'a ElementPath,
    namespaces: &'a InScopeNamespaces,
    ids: &'a mut IdTable,
    findings: &'f mut Findings,
}

impl TextValues<'_, '_> {
    /// Checks the text of a simple-typed element (or one with simple content) at
    /// its end tag. The element's default or fixed value replaces empty content.
    fn check(&mut self, frame: &Frame) {
        let Some(components) = self.xsd.components() else {
            return;
        };
        let Some(type_id) = frame.simple_type() else {
            return;
        };
        let Some(simple) = simple_type(components, type_id) else {
            return;
        };
        let element = frame.declaration().and_then(|id| components.element(id));
        let constraint = element.and_then(|element| element.value_constraint.as_ref());
        let text = frame.text_value();
        let text = match constraint {
            Some(ValueConstraint::Default(value) | ValueConstraint::Fixed(value))
                if text.is_empty() =>
            {
                value.as_str()
            }
            _ => text,
        };
        let name = frame.name();
        let site = Site {
            file: self.file,
            position: frame.text_position(),
            path: self.path,
        };
        let owner = ValueOwner::Element(name);

        match constraint {
            Some(ValueConstraint::Fixed(fixed)) => {
                let value =
                    match check_value(simple, text, components, self.namespaces, owner, &site) {
                        Ok(value) => value,
                        Err(diagnostic) => {
                            self.findings.push(diagnostic);
                            return;
                        }
                    };

                // A fixed value outside its type is the schema's fault, reported by the loader.
                let fixed_value = simple.validate(fixed, self.namespaces);
                if fixed_value.is_ok_and(|fixed_value| fixed_value != value) {
                    self.findings.push(
                        site.validity(
                            Code::FixedValueMismatch,
                            format!("element `{name}` must have the fixed value \"{fixed}\""),
                        )
                        .with_expected(fixed.clone())
                        .with_found(text)
                        .with_help(format!(
                            "change the content to \"{fixed}\" or leave the element empty"
                        )),
                    );
                }
            }
            _ => {
                if let Err(diagnostic) =
                    check_text(simple, text, components, self.namespaces, owner, &site)
                {
                    self.findings.push(diagnostic);
                    return;
                }
            }
        }

        if let Some(kind) = id_kind(simple) {
            record_ids(
                kind,
                text,
                &format!("element `{name}`"),
                &site,
                self.ids,
                self.findings,
            );
        }
    }
}

/// Everything that opening one element needs, borrowed from the checker.
struct Opening<'a, 'f> {
    xsd: &'a CompiledXsd,
    components: &'a XsdComponents,
    namespaces: &'a InScopeNamespaces,
    ids: &'a mut IdTable,
    uncompiled_reported: &'a mut HashSet<u32>,
    site: &'a Site<'a>,
    findings: &'f mut Findings,
}

impl Opening<'_, '_> {
    /// Checks the start tag of an element declared by `id` and returns its frame.
    fn open(&mut self, id: ElementId, name: &str, attributes: &[Attribute]) -> FrameStart {
        let Some(element) = self.components.element(id) else {
            return FrameStart::skipped();
        };
        let xsi = match attributes {
            [] => XsiAttributes::default(),
            _ => XsiAttributes::read(attributes, self.namespaces),
        };

        if element.is_abstract {
            self.findings.push(
                self.site
                    .validity(
                        Code::UnexpectedElement,
                        format!("element `{name}` is declared abstract, so it cannot appear in a document"),
                    )
                    .with_found(name)
                    .with_help("replace it with an element of its substitution group"),
            );
            return FrameStart::skipped();
        }

        let type_id = match &xsi.type_name {
            Some(value) => {
                let check = XsiTypeCheck {
                    components: self.components,
                    namespaces: self.namespaces,
                    site: self.site,
                    name,
                };
                match check.select(value, Some(element), self.findings) {
                    Some(type_id) => type_id,
                    None => return FrameStart::skipped(),
                }
            }
            None => element.type_id,
        };

        let nil = match xsi.nil.as_deref() {
            Some(value) => self.check_nil(value, element, name),
            None => false,
        };

        let frame = self.open_type(Some(id), type_id, name, attributes);
        match &element.value_constraint {
            Some(ValueConstraint::Fixed(fixed)) => frame.with_fixed_mixed(fixed),
            _ => frame,
        }
        .with_nil(nil)
    }

    /// Checks the start tag of an element without a declaration against the type
    /// its `xsi:type` names. Returns `None` when the element has no `xsi:type`.
    fn open_by_xsi_type(&mut self, name: &str, attributes: &[Attribute]) -> Option<FrameStart> {
        let xsi = XsiAttributes::read(attributes, self.namespaces);
        let value = xsi.type_name?;
        let check = XsiTypeCheck {
            components: self.components,
            namespaces: self.namespaces,
            site: self.site,
            name,
        };
        let frame = match check.select(&value, None, self.findings) {
            Some(type_id) => self.open_type(None, type_id, name, attributes),
            None => FrameStart::skipped(),
        };
        Some(frame)
    }

    /// Checks the attributes of an element of type `type_id`, declared by
    /// `declaration` when it has one, and returns its frame.
    fn open_type(
        &mut self,
        declaration: Option<ElementId>,
        type_id: TypeId,
        name: &str,
        attributes: &[Attribute],
    ) -> FrameStart {
        match self.components.type_definition(type_id) {
            Some(TypeDefinition::Simple(_)) if attributes.is_empty() => {
                FrameStart::simple(declaration, type_id, self.site.position)
            }
            Some(TypeDefinition::Simple(_)) => {
                let mut scope = AttributeScope {
                    components: self.components,
                    namespaces: self.namespaces,
                    site: self.site,
                    ids: self.ids,
                    findings: self.findings,
                };
                check_attributes(None, attributes, name, &mut scope);
                FrameStart::simple(declaration, type_id, self.site.position)
            }
            Some(TypeDefinition::Complex(complex)) => {
                if complex.is_abstract {
                    self.findings.push(
                        self.site
                            .validity(
                                Code::UnexpectedElement,
                                format!("the type of element `{name}` is abstract, so the element cannot appear in a document"),
                            )
                            .with_help("declare the element with a concrete type derived from it"),
                    );
                    return FrameStart::skipped();
                }
                let mut scope = AttributeScope {
                    components: self.components,
                    namespaces: self.namespaces,
                    site: self.site,
                    ids: self.ids,
                    findings: self.findings,
                };
                check_attributes(Some(complex), attributes, name, &mut scope);
                let automaton = self.compiled_automaton(type_id, name);
                FrameStart::complex(
                    declaration,
                    type_id,
                    &complex.content,
                    automaton,
                    self.site.position,
                )
            }
            None => FrameStart::skipped(),
        }
    }

    /// Checks `xsi:nil="value"` on `element`, written `name`. Returns whether the
    /// element is nil: the value is true and the declaration is nillable without a
    /// fixed value.
    fn check_nil(&mut self, value: &str, element: &XsdElement, name: &str) -> bool {
        let nil = match value {
            "true" | "1" => true,
            "false" | "0" => false,
            _ => {
                self.findings.push(
                    self.site
                        .validity(
                            Code::InvalidAttributeValue,
                            format!("xsi:nil=\"{value}\" of element `{name}` is not a boolean"),
                        )
                        .with_expected("true, false, 1 or 0")
                        .with_found(value)
                        .with_help("write xsi:nil=\"true\" or remove the attribute"),
                );
                return false;
            }
        };

        // XSD 1.0 allows xsi:nil, even "false", only on nillable elements.
        if !element.nillable {
            self.findings.push(
                self.site
                    .validity(
                        Code::InvalidAttributeValue,
                        format!(
                            "element `{name}` has xsi:nil=\"{value}\" but is not declared nillable"
                        ),
                    )
                    .with_found(value)
                    .with_help("remove xsi:nil, or declare the element with nillable=\"true\""),
            );
            return false;
        }

        if nil && matches!(element.value_constraint, Some(ValueConstraint::Fixed(_))) {
            self.findings.push(
                self.site
                    .validity(
                        Code::FixedValueMismatch,
                        format!("element `{name}` has a fixed value, so it cannot be nil"),
                    )
                    .with_help("remove xsi:nil and write the fixed value"),
            );
            return false;
        }
        nil
    }

    /// Returns the start state of the content model of `type_id`, reporting once
    /// per document a model that could not be compiled.
    fn compiled_automaton(
        &mut self,
        type_id: TypeId,
        name: &str,
    ) -> Option<super::compiled::XsdMatchState> {
        match self.xsd.automaton(type_id)? {
            Ok(automaton) => Some(automaton.start()),
            Err(error) => {
                if self.uncompiled_reported.insert(type_id.0) {
                    self.findings.push(
                        Diagnostic::error(
                            DiagnosticKind::Schema,
                            Code::UnsupportedConstruct,
                            format!("the content model of element `{name}` cannot be checked, so the order of its children was not validated: {error}"),
                        )
                        .at(Some(self.site.file), self.site.position)
                        .with_path(self.site.path.render()),
                    );
                }
                None
            }
        }
    }
}

/// Records the ID or ID references in `value`, which belongs to `owner` (e.g.
/// "attribute `id`"), reporting a duplicate ID at once.
pub(super) fn record_ids(
    kind: IdKind,
    value: &str,
    owner: &str,
    site: &Site,
    ids: &mut IdTable,
    findings: &mut Findings,
) {
    match kind {
        IdKind::Id => {
            let value = value.trim();
            if let Err(first) = ids.define(value, site.position) {
                findings.push(
                    site.validity(
                        Code::DuplicateId,
                        format!(
                            "ID \"{value}\" of {owner} is already used at line {}, column {}",
                            first.line, first.column
                        ),
                    )
                    .with_found(value)
                    .with_help("give every element a distinct ID"),
                );
            }
        }
        IdKind::IdRef | IdKind::IdRefs => {
            for token in value.split_whitespace() {
                ids.reference(token, owner, site.position, || site.path.render());
            }
        }
    }
}

fn undeclared_root(name: &str, components: Option<&XsdComponents>, site: &Site) -> Diagnostic {
    let globals: Vec<String> = components
        .map(|components| {
            components
                .global_elements
                .keys()
                .map(|name| name.clark())
                .collect()
        })
        .unwrap_or_default();
    let names: Vec<&str> = globals.iter().map(String::as_str).collect();
    let diagnostic = site
        .validity(
            Code::UndeclaredElement,
            format!("root element `{name}` is not declared as a global element in the XSD"),
        )
        .with_found(name);
    if names.is_empty() {
        return diagnostic.with_help(
            "the XSD declares no global element, so no document can be valid against it",
        );
    }
    diagnostic
        .with_expected(quote_list(&names, "or"))
        .with_help(format!(
            "use one of the global elements as the root: {}",
            quote_list(&names, "or")
        ))
}
