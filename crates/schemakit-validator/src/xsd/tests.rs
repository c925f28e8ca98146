//! XSD checker tests on event sequences built from small test documents, against
//! components built by hand.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::{CompiledXsd, XsdChecker, XSI_NAMESPACE};
use crate::report::{Findings, Report};
use crate::test_support::{content_spec, events, FILE};
use indexmap::IndexMap;
use schemakit_datatypes::{BuiltinType, Facet, FacetKind, SimpleType};
use schemakit_model::xsd::{
    AttributeUse, ComplexContent, ComplexTypeDefinition, ElementId, QName, SimpleTypeDefinition,
    TypeDefinition, TypeId, ValueConstraint, XsdComponents, XsdElement,
};
use schemakit_model::{
    ContentSpec, Diagnostic, MaxOccurs, Occurs, Particle, Schema, SchemaKind, Term,
};
use schemakit_xsd::LoadedXsd;
use std::sync::Arc;

/// Builds XSD components by hand: names without a namespace unless given in Clark
/// notation.
struct Components {
    schema: Schema,
    xsd: XsdComponents,
}

impl Components {
    fn new() -> Components {
        let any_type = TypeDefinition::Complex(ComplexTypeDefinition {
            block: schemakit_model::xsd::DerivationSet::default(),
            name: Some(QName::new(
                Some("http://www.w3.org/2001/XMLSchema"),
                "anyType",
            )),
            base: None,
            content: ComplexContent::Any,
            attributes: Vec::new(),
            attribute_wildcard: Some(schemakit_model::Wildcard::any(
                schemakit_model::ProcessContents::Lax,
            )),
            is_abstract: false,
            span: None,
            doc: None,
        });
        Components {
            schema: Schema::new(SchemaKind::Xsd),
            xsd: XsdComponents {
                notations: indexmap::IndexMap::new(),
                target_namespace: None,
                elements: Vec::new(),
                global_elements: IndexMap::new(),
                types: vec![any_type],
                named_types: IndexMap::new(),
                global_attributes: IndexMap::new(),
            },
        }
    }

    fn add_type(&mut self, definition: TypeDefinition) -> TypeId {
        self.xsd.types.push(definition);
        TypeId(u32::try_from(self.xsd.types.len() - 1).unwrap())
    }

    fn simple(&mut self, simple: SimpleType) -> TypeId {
        self.add_type(TypeDefinition::Simple(SimpleTypeDefinition {
            base: None,
            name: None,
            simple,
            span: None,
            doc: None,
        }))
    }

    /// Adds a complex type; `content` is `EMPTY`, `ANY` or a model in DTD syntax
    /// whose names are declared locally with the types in `children`.
    fn complex(
        &mut self,
        content: &str,
        children: &[(&str, TypeId)],
        mixed: bool,
        attributes: Vec<AttributeUse>,
    ) -> TypeId {
        let content = match content_spec(content, &mut self.schema) {
            ContentSpec::Empty => ComplexContent::Empty,
            ContentSpec::Any => ComplexContent::Any,
            ContentSpec::Children(particle) => {
                let particle = self.intern_in_clark(particle);
                let mut declared = IndexMap::new();
                for (name, type_id) in children {
                    let id = self.element(name, *type_id, false);
                    declared.insert(self.schema.symbols.intern(&clark(name)), id);
                }
                ComplexContent::Elements {
                    particle,
                    mixed,
                    children: declared,
                }
            }
            _ => panic!("write mixed content as a model with `mixed`"),
        };
        self.complex_with(content, attributes)
    }

    /// Re-interns the names of a model parsed in DTD syntax in Clark notation.
    fn intern_in_clark(&mut self, particle: Particle) -> Particle {
        let term = match particle.term {
            Term::Element(symbol) => {
                let name = clark(self.schema.symbols.name(symbol));
                Term::Element(self.schema.symbols.intern(&name))
            }
            Term::Sequence(items) => Term::Sequence(
                items
                    .into_iter()
                    .map(|item| self.intern_in_clark(item))
                    .collect(),
            ),
            Term::Choice(items) => Term::Choice(
                items
                    .into_iter()
                    .map(|item| self.intern_in_clark(item))
                    .collect(),
            ),
            Term::All(items) => Term::All(
                items
                    .into_iter()
                    .map(|item| self.intern_in_clark(item))
                    .collect(),
            ),
            other => other,
        };
        Particle::new(term, particle.occurs)
    }

    fn complex_with(&mut self, content: ComplexContent, attributes: Vec<AttributeUse>) -> TypeId {
        self.add_type(TypeDefinition::Complex(ComplexTypeDefinition {
            block: schemakit_model::xsd::DerivationSet::default(),
            name: None,
            base: None,
            content,
            attributes,
            attribute_wildcard: None,
            is_abstract: false,
            span: None,
            doc: None,
        }))
    }

    fn element(&mut self, name: &str, type_id: TypeId, global: bool) -> ElementId {
        let name = qname(name);
        let symbol = self.schema.symbols.intern(&name.clark());
        self.xsd.elements.push(XsdElement {
            block: schemakit_model::xsd::DerivationSet::default(),
            name: name.clone(),
            symbol,
            type_id,
            nillable: false,
            value_constraint: None,
            is_abstract: false,
            global,
            span: None,
            doc: None,
        });
        let id = ElementId(u32::try_from(self.xsd.elements.len() - 1).unwrap());
        if global {
            self.xsd.global_elements.insert(name, id);
        }
        id
    }

    fn element_mut(&mut self, id: ElementId) -> &mut XsdElement {
        &mut self.xsd.elements[id.0 as usize]
    }

    fn compile(mut self) -> Arc<CompiledXsd> {
        self.schema.xsd = Some(self.xsd);
        Arc::new(CompiledXsd::from_loaded(LoadedXsd {
            schema: self.schema,
            warnings: Vec::new(),
            files: Vec::new(),
        }))
    }
}

/// Parses `{namespace}local` or `local`.
fn qname(name: &str) -> QName {
    match name.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
        Some((namespace, local)) => QName::new(Some(namespace), local),
        None => QName::new(None, name),
    }
}

/// Model names are written with `#` for `{urn:t}` because the DTD-syntax parser
/// does not accept braces.
fn clark(name: &str) -> String {
    match name.strip_prefix('#') {
        Some(local) => format!("{{urn:t}}{local}"),
        None => name.to_owned(),
    }
}

fn attribute(
    name: &str,
    type_id: TypeId,
    required: bool,
    constraint: Option<ValueConstraint>,
) -> AttributeUse {
    AttributeUse {
        name: QName::new(None, name),
        type_id,
        required,
        value_constraint: constraint,
        span: None,
        doc: None,
    }
}

fn check_report(xsd: Arc<CompiledXsd>, document: &str) -> Report {
    let mut checker = XsdChecker::new(xsd, FILE, 64);
    let mut findings = Findings::new(FILE, None);
    for event in events(document) {
        checker.handle(&event, &mut findings);
    }
    checker.finish(&mut findings);
    findings.into_report(None, true)
}

/// Validates `document` and returns its findings as `line:column code path`.
fn check(xsd: &Arc<CompiledXsd>, document: &str) -> Vec<String> {
    summary(&check_report(Arc::clone(xsd), document).diagnostics)
}

fn summary(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d.line,
                d.column,
                d.code,
                d.path.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

fn run_cases(xsd: &Arc<CompiledXsd>, cases: &[(&str, &str, &[&str])]) {
    for (case, document, expected) in cases {
        assert_eq!(check(xsd, document), *expected, "{case}: {document}");
    }
}

/// ROOT (HEAD, ITEM*, TAIL?) with HEAD and ITEM empty and TAIL of `xs:anyType`;
/// NILLABLE (HEAD) is nillable.
fn content_schema() -> Arc<CompiledXsd> {
    let mut components = Components::new();
    let empty = components.complex("EMPTY", &[], false, Vec::new());
    let root = components.complex(
        "(HEAD, ITEM*, TAIL?)",
        &[
            ("HEAD", empty),
            ("ITEM", empty),
            ("TAIL", XsdComponents::ANY_TYPE),
        ],
        false,
        Vec::new(),
    );
    components.element("ROOT", root, true);
    let head_only = components.complex("(HEAD)", &[("HEAD", empty)], false, Vec::new());
    let nillable = components.element("NILLABLE", head_only, true);
    components.element_mut(nillable).nillable = true;
    let mixed = components.complex("(HEAD?)", &[("HEAD", empty)], true, Vec::new());
    components.element("MIXED", mixed, true);
    components.compile()
}

#[test]
fn content_model_cases() {
    let xsd = content_schema();
    run_cases(
        &xsd,
        &[
            ("valid", "<ROOT><HEAD/><ITEM/><ITEM/></ROOT>", &[]),
            (
                "whitespace between children",
                "<ROOT>\n  <HEAD/>\n  <ITEM/>\n</ROOT>",
                &[],
            ),
            (
                "undeclared root",
                "<OTHER><HEAD/></OTHER>",
                &["1:1 undeclared-element /OTHER"],
            ),
            (
                "missing child at the end",
                "<ROOT></ROOT>",
                &["1:7 missing-element /ROOT"],
            ),
            (
                "unknown child is skipped and siblings still checked",
                "<ROOT><HEAD/><X><Y/></X><ITEM/><HEAD/></ROOT>",
                &[
                    "1:14 undeclared-element /ROOT/X",
                    "1:32 unexpected-element /ROOT/HEAD[2]",
                ],
            ),
            (
                "missing child that turns up after the next one",
                "<ROOT><ITEM/><HEAD/><ITEM/></ROOT>",
                &["1:14 element-out-of-order /ROOT/HEAD"],
            ),
            (
                "text in element-only content",
                "<ROOT><HEAD/>text<ITEM/>more</ROOT>",
                &["1:14 text-not-allowed /ROOT", "1:25 text-not-allowed /ROOT"],
            ),
            (
                "text in empty content",
                "<ROOT><HEAD> </HEAD></ROOT>",
                &["1:13 not-empty /ROOT/HEAD"],
            ),
            (
                "child in empty content reported once",
                "<ROOT><HEAD><ITEM/><ITEM/></HEAD></ROOT>",
                &["1:13 not-empty /ROOT/HEAD/ITEM"],
            ),
            (
                "any content accepts everything",
                "<ROOT><HEAD/><TAIL>text<ANY a=\"1\"><MORE/></ANY></TAIL></ROOT>",
                &[],
            ),
            (
                "any content checks globally declared children",
                "<ROOT><HEAD/><TAIL><ROOT/></TAIL></ROOT>",
                &["1:20 missing-element /ROOT/TAIL/ROOT"],
            ),
            (
                "mixed content allows text",
                "<MIXED>text<HEAD/>more</MIXED>",
                &[],
            ),
            (
                "paths number repeated siblings",
                "<ROOT><HEAD/><ITEM/><ITEM><X/></ITEM></ROOT>",
                &["1:27 not-empty /ROOT/ITEM[2]/X"],
            ),
        ],
    );
}

/// ORDER (A, B, C?, D{2,3}) with every child empty; E is declared only in OTHER.
fn order_schema() -> Arc<CompiledXsd> {
    let mut components = Components::new();
    let empty = components.complex("EMPTY", &[], false, Vec::new());
    let children = [("A", empty), ("B", empty), ("C", empty), ("D", empty)];
    let order = components.complex("(A, B, C?, D+)", &children, false, Vec::new());
    if let Some(TypeDefinition::Complex(complex)) = components.xsd.types.last_mut() {
        if let ComplexContent::Elements { particle, .. } = &mut complex.content {
            if let Term::Sequence(items) = &mut particle.term {
                items[3].occurs = Occurs {
                    min: 2,
                    max: MaxOccurs::Bounded(3),
                };
            }
        }
    }
    components.element("ORDER", order, true);
    let other = components.complex("(E)", &[("E", empty)], false, Vec::new());
    components.element("OTHER", other, true);
    components.compile()
}

/// ALL (A, B?, C) as an `xs:all` group, with every child empty.
fn all_schema() -> Arc<CompiledXsd> {
    let mut components = Components::new();
    let empty = components.complex("EMPTY", &[], false, Vec::new());
    let children = [("A", empty), ("B", empty), ("C", empty)];
    let all = components.complex("(A, B?, C)", &children, false, Vec::new());
    if let Some(TypeDefinition::Complex(complex)) = components.xsd.types.last_mut() {
        if let ComplexContent::Elements { particle, .. } = &mut complex.content {
            if let Term::Sequence(items) = &particle.term {
                particle.term = Term::All(items.clone());
            }
        }
    }
    components.element("ALL", all, true);
    components.compile()
}

#[test]
fn all_group_cases() {
    let xsd = all_schema();
    run_cases(
        &xsd,
        &[
            ("declaration order", "<ALL><A/><B/><C/></ALL>", &[]),
            ("any order", "<ALL><C/><A/></ALL>", &[]),
            (
                "member repeated after another",
                "<ALL><C/><B/><B/><A/></ALL>",
                &["1:14 unexpected-element /ALL/B[2]"],
            ),
            (
                "member repeated at the end",
                "<ALL><A/><C/><A/></ALL>",
                &["1:14 unexpected-element /ALL/A[2]"],
            ),
            (
                "required member missing",
                "<ALL><B/><C/></ALL>",
                &["1:14 missing-element /ALL"],
            ),
        ],
    );

    let report = check_report(all_schema(), "<ALL><C/><B/><B/><A/></ALL>");
    assert_eq!(
        report.diagnostics[0].message,
        "element `B` occurs too often in `ALL`: the content model allows no further `B` here, expected `A`"
    );
}

#[test]
fn order_recovery_cases() {
    let xsd = order_schema();
    run_cases(
        &xsd,
        &[
            ("valid", "<ORDER><A/><B/><D/><D/></ORDER>", &[]),
            (
                "counted maximum",
                "<ORDER><A/><B/><D/><D/><D/><D/></ORDER>",
                &["1:28 unexpected-element /ORDER/D[4]"],
            ),
            (
                "counted minimum",
                "<ORDER><A/><B/><D/></ORDER>",
                &["1:20 missing-element /ORDER"],
            ),
            (
                "missing before a later child",
                "<ORDER><B/><D/><D/></ORDER>",
                &["1:8 missing-element /ORDER/B"],
            ),
            (
                "swapped siblings",
                "<ORDER><B/><A/><D/><D/></ORDER>",
                &["1:12 element-out-of-order /ORDER/A"],
            ),
            (
                "first child moved to the end",
                "<ORDER><B/><D/><D/><A/></ORDER>",
                &["1:20 element-out-of-order /ORDER/A"],
            ),
            (
                "missing child and a child out of order",
                "<ORDER><D/><B/><D/><D/></ORDER>",
                &[
                    "1:12 element-out-of-order /ORDER/B",
                    "1:12 missing-element /ORDER/B",
                ],
            ),
            (
                "required child repeated",
                "<ORDER><A/><B/><A/><D/><D/></ORDER>",
                &["1:16 unexpected-element /ORDER/A[2]"],
            ),
            (
                "child too late",
                "<ORDER><A/><B/><D/><D/><C/></ORDER>",
                &["1:24 element-out-of-order /ORDER/C"],
            ),
            (
                "declared in another content",
                "<ORDER><A/><E/><B/><D/><D/></ORDER>",
                &["1:12 unexpected-element /ORDER/E"],
            ),
            (
                "declared nowhere",
                "<ORDER><A/><Z/><B/><D/><D/></ORDER>",
                &["1:12 undeclared-element /ORDER/Z"],
            ),
        ],
    );
}

#[test]
fn order_messages_name_children() {
    let cases = [
        (
            "<ORDER><B/><D/><D/></ORDER>",
            "missing `A` before `B` in `ORDER`",
        ),
        (
            "<ORDER><B/><A/><D/><D/></ORDER>",
            "`A` must come before `B` in `ORDER`",
        ),
        (
            "<ORDER><D/><B/><D/><D/></ORDER>",
            "`B` must come before `D` in `ORDER`",
        ),
        (
            "<ORDER><A/><B/><D/><D/><D/><D/></ORDER>",
            "element `D` occurs too often in `ORDER`: the content model allows no further `D` here, expected the end of the element",
        ),
        (
            "<ORDER><A/><B/><D/><D/><C/></ORDER>",
            "`C` must come before `D` in `ORDER`",
        ),
    ];
    for (document, message) in cases {
        let report = check_report(order_schema(), document);
        assert_eq!(report.diagnostics[0].message, message, "{document}");
    }
}

#[test]
fn undeclared_root_names_globals() {
    let report = check_report(content_schema(), "<OTHER/>");
    let diagnostic = &report.diagnostics[0];
    assert_eq!(
        diagnostic.expected.as_deref(),
        Some("`ROOT`, `NILLABLE` or `MIXED`")
    );
    assert_eq!(diagnostic.found.as_deref(), Some("OTHER"));
}

#[test]
fn unexpected_child_names_expected() {
    let report = check_report(content_schema(), "<ROOT><HEAD/><HEAD/></ROOT>");
    let diagnostic = &report.diagnostics[0];
    assert_eq!(
        diagnostic.expected.as_deref(),
        Some("`ITEM`, `TAIL` or the end of the element")
    );
    assert_eq!(diagnostic.found.as_deref(), Some("HEAD"));
}

#[test]
fn missing_child_names_expected() {
    let report = check_report(content_schema(), "<ROOT></ROOT>");
    assert_eq!(report.diagnostics[0].expected.as_deref(), Some("`HEAD`"));
}

#[test]
fn xsi_attribute_cases() {
    let xsi = format!("xmlns:xsi=\"{XSI_NAMESPACE}\"");
    let xsd = content_schema();
    let documents = [
        (
            "nil on a nillable element",
            format!("<NILLABLE {xsi} xsi:nil=\"true\"></NILLABLE>"),
            vec![],
        ),
        (
            "nil element with content",
            format!("<NILLABLE {xsi} xsi:nil=\"true\"><HEAD/><HEAD/></NILLABLE>"),
            vec!["1:80 not-empty /NILLABLE/HEAD"],
        ),
        (
            "nil on an element that is not nillable",
            format!("<ROOT {xsi} xsi:nil=\"true\"><HEAD/></ROOT>"),
            vec!["1:1 invalid-attribute-value /ROOT"],
        ),
        (
            "nil false checks the content",
            format!("<NILLABLE {xsi} xsi:nil=\"false\"></NILLABLE>"),
            vec!["1:81 missing-element /NILLABLE"],
        ),
        (
            "nil false on an element that is not nillable",
            format!("<ROOT {xsi} xsi:nil=\"false\"><HEAD/></ROOT>"),
            vec!["1:1 invalid-attribute-value /ROOT"],
        ),
        (
            "xsi:type naming no type skips the subtree",
            format!("<ROOT {xsi} xsi:type=\"T\"><HEAD xsi:type=\"T\"/></ROOT>"),
            vec!["1:1 invalid-attribute-value /ROOT"],
        ),
        (
            "other xsi attributes and namespace declarations",
            format!(
                "<ROOT {xsi} xmlns:p=\"urn:p\" xsi:schemaLocation=\"urn:p p.xsd\"><HEAD/></ROOT>"
            ),
            vec![],
        ),
    ];
    for (case, document, expected) in documents {
        assert_eq!(check(&xsd, &document), expected, "{case}: {document}");
    }
}

#[test]
fn namespace_cases() {
    let mut components = Components::new();
    let empty = components.complex("EMPTY", &[], false, Vec::new());
    let root = components.complex("(#A)", &[("#A", empty)], false, Vec::new());
    components.element("{urn:t}ROOT", root, true);
    let xsd = components.compile();

    run_cases(
        &xsd,
        &[
            (
                "default namespace",
                "<ROOT xmlns=\"urn:t\"><A/></ROOT>",
                &[],
            ),
            ("prefixed", "<t:ROOT xmlns:t=\"urn:t\"><t:A/></t:ROOT>", &[]),
            (
                "child in no namespace",
                "<t:ROOT xmlns:t=\"urn:t\"><A/></t:ROOT>",
                &[
                    "1:25 undeclared-element /t:ROOT/A",
                    "1:29 missing-element /t:ROOT",
                ],
            ),
            (
                "root in no namespace",
                "<ROOT><A/></ROOT>",
                &["1:1 undeclared-element /ROOT"],
            ),
        ],
    );
}

#[test]
fn attribute_presence_cases() {
    let mut components = Components::new();
    let string = components.simple(SimpleType::builtin(BuiltinType::String));
    let empty = components.complex_with(
        ComplexContent::Empty,
        vec![
            attribute("id", string, true, None),
            attribute("note", string, false, None),
        ],
    );
    components.element("E", empty, true);
    let xsd = components.compile();

    run_cases(
        &xsd,
        &[
            ("declared attributes", "<E id=\"a\" note=\"b\"/>", &[]),
            (
                "missing required",
                "<E note=\"b\"/>",
                &["1:1 missing-required-attribute /E"],
            ),
            (
                "undeclared",
                "<E id=\"a\" other=\"b\"/>",
                &["1:11 undeclared-attribute /E"],
            ),
            (
                "prefixed attribute is in a namespace",
                "<E xmlns:p=\"urn:p\" id=\"a\" p:note=\"b\"/>",
                &["1:27 undeclared-attribute /E"],
            ),
        ],
    );
}

/// AUTHENTICATION_TYPE enumerates "IBM DB2" and "MS SQL"; PORT is an xs:int with a
/// default; MODE is fixed to "scan"; RECORD has an ID attribute `id`, an IDREF
/// attribute `ref` and a fixed attribute `version`.
fn value_schema() -> Arc<CompiledXsd> {
    let mut components = Components::new();
    let string = SimpleType::builtin(BuiltinType::String);
    let enumeration = |value: &str| Facet {
        kind: FacetKind::Enumeration,
        value: value.to_owned(),
        fixed: false,
    };
    let auth_type = SimpleType::restrict(
        &string,
        Some("AuthType".to_owned()),
        &[enumeration("IBM DB2"), enumeration("MS SQL")],
    )
    .unwrap();
    let auth_type = components.simple(auth_type);
    let int = components.simple(SimpleType::builtin(BuiltinType::Int));
    let string = components.simple(string);
    let id = components.simple(SimpleType::builtin(BuiltinType::Id));
    let idref = components.simple(SimpleType::builtin(BuiltinType::IdRef));

    let record = components.complex_with(
        ComplexContent::Empty,
        vec![
            attribute("id", id, false, None),
            attribute("ref", idref, false, None),
            attribute(
                "version",
                string,
                false,
                Some(ValueConstraint::Fixed("2".to_owned())),
            ),
            attribute("port", int, false, None),
        ],
    );
    let root = components.complex(
        "(AUTHENTICATION_TYPE?, PORT?, MODE?, RECORD*)",
        &[
            ("AUTHENTICATION_TYPE", auth_type),
            ("PORT", int),
            ("MODE", string),
            ("RECORD", record),
        ],
        false,
        Vec::new(),
    );
    components.element("ROOT", root, true);
    for element in &mut components.xsd.elements {
        match element.name.local.as_str() {
            "PORT" => element.value_constraint = Some(ValueConstraint::Default("8080".to_owned())),
            "MODE" => element.value_constraint = Some(ValueConstraint::Fixed("scan".to_owned())),
            _ => {}
        }
    }
    components.compile()
}

#[test]
fn value_cases() {
    let xsd = value_schema();
    run_cases(
        &xsd,
        &[
            (
                "allowed values",
                "<ROOT><AUTHENTICATION_TYPE>MS SQL</AUTHENTICATION_TYPE><PORT> 42 </PORT><MODE>scan</MODE></ROOT>",
                &[],
            ),
            (
                "value outside the enumeration",
                "<ROOT><AUTHENTICATION_TYPE>MSSQL</AUTHENTICATION_TYPE></ROOT>",
                &["1:28 invalid-value /ROOT/AUTHENTICATION_TYPE"],
            ),
            ("not an int", "<ROOT><PORT>12a</PORT></ROOT>", &["1:13 invalid-value /ROOT/PORT"]),
            ("empty element takes its default", "<ROOT><PORT/></ROOT>", &[]),
            ("empty element takes its fixed value", "<ROOT><MODE></MODE></ROOT>", &[]),
            (
                "fixed element value differs",
                "<ROOT><MODE>full</MODE></ROOT>",
                &["1:13 fixed-value-mismatch /ROOT/MODE"],
            ),
            (
                "child element in a simple type",
                "<ROOT><PORT>1<X/></PORT></ROOT>",
                &["1:14 unexpected-element /ROOT/PORT/X"],
            ),
            (
                "attribute values",
                "<ROOT><RECORD id=\"a\" version=\"2\" port=\"x\"/></ROOT>",
                &["1:34 invalid-value /ROOT/RECORD"],
            ),
            (
                "fixed attribute differs",
                "<ROOT><RECORD version=\"3\"/></ROOT>",
                &["1:15 fixed-attribute-mismatch /ROOT/RECORD"],
            ),
            (
                "duplicate ID and dangling IDREF",
                "<ROOT><RECORD id=\"a\"/><RECORD id=\"a\" ref=\"b\"/><RECORD ref=\"a\"/></ROOT>",
                &["1:31 duplicate-id /ROOT/RECORD[2]", "1:38 unknown-idref /ROOT/RECORD[2]"],
            ),
        ],
    );
}

#[test]
fn invalid_value_lists_allowed_values() {
    let report = check_report(
        value_schema(),
        "<ROOT><AUTHENTICATION_TYPE>MSSQL</AUTHENTICATION_TYPE></ROOT>",
    );
    let diagnostic = &report.diagnostics[0];
    assert!(
        diagnostic.message.contains("MS SQL"),
        "{}",
        diagnostic.message
    );
    assert!(
        diagnostic.message.contains("IBM DB2"),
        "{}",
        diagnostic.message
    );
    assert_eq!(diagnostic.found.as_deref(), Some("MSSQL"));
    assert!(diagnostic.expected.is_some());
}

#[test]
fn long_text_reports_limit() {
    let report = check_report(
        value_schema(),
        &format!("<ROOT><MODE>{}</MODE></ROOT>", "x".repeat(100)),
    );
    assert_eq!(
        summary(&report.diagnostics),
        vec!["1:13 limit-exceeded /ROOT/MODE"]
    );
}

#[test]
fn report_is_invalid_with_errors() {
    let report = check_report(content_schema(), "<ROOT></ROOT>");
    assert_eq!(report.verdict, crate::Verdict::Invalid);
    let valid = check_report(content_schema(), "<ROOT><HEAD/></ROOT>");
    assert_eq!(valid.verdict, crate::Verdict::Valid);
}

/// ROOT (FORMAT*) with FORMAT of type NOTATION and attribute `format` of that type,
/// and the notation `png` declared. The type has no enumeration, which the loader
/// would require, so only the notation check applies.
fn notation_schema() -> Arc<CompiledXsd> {
    let mut components = Components::new();
    let notation = components.simple(SimpleType::builtin(BuiltinType::Notation));
    let format = components.complex_with(
        ComplexContent::Simple(notation),
        vec![attribute("format", notation, false, None)],
    );
    let root = components.complex("(FORMAT*)", &[("FORMAT", format)], false, Vec::new());
    components.element("ROOT", root, true);
    let png = QName::new(None, "png");
    components.xsd.notations.insert(
        png.clone(),
        schemakit_model::xsd::XsdNotation {
            name: png,
            public_id: Some("image/png".to_owned()),
            system_id: None,
            span: None,
        },
    );
    components.compile()
}

#[test]
fn notation_cases() {
    let xsd = notation_schema();
    run_cases(
        &xsd,
        &[
            (
                "declared notation",
                "<ROOT><FORMAT>png</FORMAT></ROOT>",
                &[],
            ),
            (
                "undeclared notation text",
                "<ROOT><FORMAT>gif</FORMAT></ROOT>",
                &["1:15 undeclared-notation /ROOT/FORMAT"],
            ),
            (
                "declared notation attribute",
                "<ROOT><FORMAT format=\"png\">png</FORMAT></ROOT>",
                &[],
            ),
            (
                "undeclared notation attribute",
                "<ROOT><FORMAT format=\"gif\">png</FORMAT></ROOT>",
                &["1:15 undeclared-notation /ROOT/FORMAT"],
            ),
            (
                "notation in another namespace",
                "<ROOT xmlns:p=\"urn:p\"><FORMAT>p:png</FORMAT></ROOT>",
                &["1:31 undeclared-notation /ROOT/FORMAT"],
            ),
        ],
    );
}

#[test]
fn undeclared_notation_message_lists_declared() {
    let xsd = notation_schema();
    let report = check_report(xsd, "<ROOT><FORMAT>gif</FORMAT></ROOT>");
    let finding = report.diagnostics.first().expect("gif is not declared");

    assert!(finding.message.contains("`gif`"), "{}", finding.message);
    assert!(
        finding.help.as_deref().unwrap_or("").contains("png"),
        "{:?}",
        finding.help
    );
}
