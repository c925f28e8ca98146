//! Wildcards, notations, derivation blocks, simple type bases and unreadable
//! includes: schemas that load with the expected components, and schemas that fail
//! with the expected diagnostic.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_model::xsd::{
    ComplexContent, ComplexTypeDefinition, DerivationSet, QName, TypeDefinition, XsdComponents,
};
use schemakit_model::{Code, NamespaceConstraint, ProcessContents, Schema, Severity, Term};
use schemakit_resolve::{ExternalPolicy, Resolver};

/// The opening tag of every test schema: target namespace `urn:t` with prefix `t`,
/// prefix `o` for `urn:o`. It is line 1; bodies start on line 2.
const HEAD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" xmlns:o="urn:o" targetNamespace="urn:t">"#;

fn schema_text(body: &str) -> String {
    format!("{HEAD}{body}\n</xs:schema>")
}

fn load(body: &str) -> Schema {
    let resolver = Resolver::new(ExternalPolicy::Local);
    match schemakit_xsd::load_str(&schema_text(body), "test.xsd", None, &resolver) {
        Ok(loaded) => loaded.schema,
        Err(error) => panic!("not loaded: {error:#?}\n{body}"),
    }
}

fn components(schema: &Schema) -> &XsdComponents {
    schema.xsd.as_ref().expect("XSD components")
}

fn named_complex<'s>(schema: &'s Schema, local: &str) -> &'s ComplexTypeDefinition {
    let components = components(schema);
    let id = components
        .named_types
        .get(&QName::new(Some("urn:t"), local))
        .expect("named type");
    match components.type_definition(*id) {
        Some(TypeDefinition::Complex(complex)) => complex,
        other => panic!("not complex: {other:?}"),
    }
}

fn set(members: &[Option<&str>]) -> NamespaceConstraint {
    NamespaceConstraint::Set(
        members
            .iter()
            .map(|member| member.map(str::to_owned))
            .collect(),
    )
}

#[test]
fn element_wildcard_table() {
    let cases = [
        ("", NamespaceConstraint::Any, ProcessContents::Strict),
        (
            "namespace='##other' processContents='lax'",
            NamespaceConstraint::Not(Some("urn:t".to_owned())),
            ProcessContents::Lax,
        ),
        (
            "namespace='##local ##targetNamespace urn:x' processContents='skip'",
            set(&[None, Some("urn:t"), Some("urn:x")]),
            ProcessContents::Skip,
        ),
    ];
    for (attributes, namespaces, process_contents) in cases {
        let body = format!(
            "<xs:complexType name='c'><xs:sequence><xs:any {attributes} minOccurs='0' maxOccurs='unbounded'/></xs:sequence></xs:complexType>"
        );
        let schema = load(&body);
        let ComplexContent::Elements { particle, .. } = &named_complex(&schema, "c").content else {
            panic!("no element content for {attributes}");
        };
        let Term::Sequence(items) = &particle.term else {
            panic!("not a sequence for {attributes}");
        };
        let Some(Term::Wildcard(wildcard)) = items.first().map(|item| &item.term) else {
            panic!("no wildcard for {attributes}: {items:?}");
        };
        assert_eq!(wildcard.namespaces, namespaces, "{attributes}");
        assert_eq!(wildcard.process_contents, process_contents, "{attributes}");
        assert_eq!(
            items.first().map(|item| item.occurs),
            Some(schemakit_model::Occurs::ZERO_OR_MORE)
        );
    }
}

#[test]
fn attribute_wildcard_table() {
    let cases = [
        // The type's own wildcard.
        (
            "<xs:complexType name='c'><xs:anyAttribute namespace='urn:a' processContents='lax'/></xs:complexType>",
            Some((set(&[Some("urn:a")]), ProcessContents::Lax)),
        ),
        // The complete wildcard: own intersected with the attribute group's, own
        // processContents.
        (
            "<xs:attributeGroup name='g'><xs:anyAttribute namespace='urn:a urn:b' processContents='skip'/></xs:attributeGroup>
             <xs:complexType name='c'><xs:attributeGroup ref='t:g'/><xs:anyAttribute namespace='urn:b urn:c'/></xs:complexType>",
            Some((set(&[Some("urn:b")]), ProcessContents::Strict)),
        ),
        // Without an own wildcard, the group's.
        (
            "<xs:attributeGroup name='g'><xs:anyAttribute namespace='##other' processContents='skip'/></xs:attributeGroup>
             <xs:complexType name='c'><xs:attributeGroup ref='t:g'/></xs:complexType>",
            Some((
                NamespaceConstraint::Not(Some("urn:t".to_owned())),
                ProcessContents::Skip,
            )),
        ),
        // An extension unites its wildcard with the base's.
        (
            "<xs:complexType name='b'><xs:anyAttribute namespace='urn:a'/></xs:complexType>
             <xs:complexType name='c'><xs:complexContent><xs:extension base='t:b'><xs:anyAttribute namespace='urn:b' processContents='lax'/></xs:extension></xs:complexContent></xs:complexType>",
            Some((set(&[Some("urn:b"), Some("urn:a")]), ProcessContents::Lax)),
        ),
        // An extension without its own keeps the base's.
        (
            "<xs:complexType name='b'><xs:anyAttribute namespace='urn:a'/></xs:complexType>
             <xs:complexType name='c'><xs:complexContent><xs:extension base='t:b'/></xs:complexContent></xs:complexType>",
            Some((set(&[Some("urn:a")]), ProcessContents::Strict)),
        ),
        // A restriction keeps only its own.
        (
            "<xs:complexType name='b'><xs:anyAttribute/></xs:complexType>
             <xs:complexType name='c'><xs:complexContent><xs:restriction base='t:b'/></xs:complexContent></xs:complexType>",
            None,
        ),
        (
            "<xs:complexType name='b'><xs:anyAttribute processContents='lax'/></xs:complexType>
             <xs:complexType name='c'><xs:complexContent><xs:restriction base='t:b'><xs:anyAttribute namespace='##other'/></xs:restriction></xs:complexContent></xs:complexType>",
            Some((
                NamespaceConstraint::Not(Some("urn:t".to_owned())),
                ProcessContents::Strict,
            )),
        ),
        // A simpleContent extension of a simple type.
        (
            "<xs:complexType name='c'><xs:simpleContent><xs:extension base='xs:string'><xs:anyAttribute namespace='##local'/></xs:extension></xs:simpleContent></xs:complexType>",
            Some((set(&[None]), ProcessContents::Strict)),
        ),
    ];
    for (body, expected) in cases {
        let schema = load(body);
        let wildcard = named_complex(&schema, "c").attribute_wildcard.clone();
        let actual = wildcard.map(|wildcard| (wildcard.namespaces, wildcard.process_contents));
        assert_eq!(actual, expected, "{body}");
    }
}

#[test]
fn restriction_may_add_attributes_its_base_wildcard_allows() {
    let schema = load(
        "<xs:complexType name='b'><xs:anyAttribute namespace='##local'/></xs:complexType>
         <xs:complexType name='c'><xs:complexContent><xs:restriction base='t:b'><xs:attribute name='extra'/></xs:restriction></xs:complexContent></xs:complexType>",
    );
    let names: Vec<String> = named_complex(&schema, "c")
        .attributes
        .iter()
        .map(|attribute| attribute.name.to_string())
        .collect();
    assert_eq!(names, ["extra"]);
}

#[test]
fn notations_are_loaded() {
    let schema = load(
        "\n<xs:notation name='png' public='image/png' system='viewer.exe'/>
<xs:notation name='gif' public='image/gif'/>
<xs:simpleType name='format'><xs:restriction base='xs:NOTATION'><xs:enumeration value='t:png'/><xs:enumeration value='t:gif'/></xs:restriction></xs:simpleType>
<xs:attribute name='format' type='t:format'/>",
    );
    let notations = &components(&schema).notations;
    let names: Vec<String> = notations.keys().map(QName::to_string).collect();
    assert_eq!(names, ["{urn:t}png", "{urn:t}gif"]);
    let png = notations
        .get(&QName::new(Some("urn:t"), "png"))
        .expect("png");
    assert_eq!(png.public_id.as_deref(), Some("image/png"));
    assert_eq!(png.system_id.as_deref(), Some("viewer.exe"));
    let gif = notations
        .get(&QName::new(Some("urn:t"), "gif"))
        .expect("gif");
    assert_eq!(gif.system_id, None);
    let span = png.span.expect("span");
    assert_eq!((span.start.line, span.start.column), (2, 1));
}

#[test]
fn qname_enumeration_resolves_prefixes() {
    let schema = load(
        "<xs:simpleType name='q'><xs:restriction base='xs:QName'><xs:enumeration value='o:x'/><xs:enumeration value='t:y'/></xs:restriction></xs:simpleType>",
    );
    let components = components(&schema);
    let id = components
        .named_types
        .get(&QName::new(Some("urn:t"), "q"))
        .expect("q");
    let Some(TypeDefinition::Simple(simple)) = components.type_definition(*id) else {
        panic!("q is not simple");
    };
    let values = simple
        .simple
        .facets
        .enumeration_values()
        .expect("enumeration");
    assert_eq!(
        values,
        [
            schemakit_datatypes::Value::QName {
                namespace: Some("urn:o".to_owned()),
                local: "x".to_owned()
            },
            schemakit_datatypes::Value::QName {
                namespace: Some("urn:t".to_owned()),
                local: "y".to_owned()
            },
        ]
    );
}

#[test]
fn simple_type_base_table() {
    let schema = load(
        "<xs:simpleType name='r'><xs:restriction base='xs:int'><xs:minInclusive value='1'/></xs:restriction></xs:simpleType>
         <xs:simpleType name='rr'><xs:restriction base='t:r'/></xs:simpleType>
         <xs:simpleType name='l'><xs:list itemType='xs:int'/></xs:simpleType>
         <xs:simpleType name='u'><xs:union memberTypes='xs:int xs:date'/></xs:simpleType>",
    );
    let components = components(&schema);
    let base_name = |local: &str, namespace: &str| {
        let id = components
            .named_types
            .get(&QName::new(Some(namespace), local))
            .unwrap_or_else(|| panic!("{local}"));
        let Some(TypeDefinition::Simple(simple)) = components.type_definition(*id) else {
            panic!("{local} is not simple");
        };
        simple
            .base
            .and_then(|base| components.type_definition(base))
            .and_then(TypeDefinition::name)
            .map(|name| name.local.clone())
    };
    let xs = "http://www.w3.org/2001/XMLSchema";
    let cases = [
        ("r", "urn:t", Some("int")),
        ("rr", "urn:t", Some("r")),
        ("l", "urn:t", Some("anySimpleType")),
        ("u", "urn:t", Some("anySimpleType")),
        ("int", xs, Some("long")),
        ("anySimpleType", xs, None),
    ];
    for (local, namespace, expected) in cases {
        assert_eq!(base_name(local, namespace).as_deref(), expected, "{local}");
    }
}

#[test]
fn block_table() {
    let none = DerivationSet::default();
    let all = DerivationSet {
        extension: true,
        restriction: true,
        substitution: true,
    };
    let cases = [
        ("", "", none, none),
        (
            "",
            "block='extension'",
            DerivationSet {
                extension: true,
                ..none
            },
            DerivationSet {
                extension: true,
                ..none
            },
        ),
        (
            "blockDefault='#all'",
            "",
            all,
            DerivationSet {
                substitution: false,
                ..all
            },
        ),
        // An own `block` replaces `blockDefault`.
        (
            "blockDefault='#all'",
            "block='restriction'",
            DerivationSet {
                restriction: true,
                ..none
            },
            DerivationSet {
                restriction: true,
                ..none
            },
        ),
    ];
    for (default, block, element_block, type_block) in cases {
        let text = format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" {default}><xs:element name='e' type='c' {block}/><xs:complexType name='c' {block}/></xs:schema>"#
        );
        let resolver = Resolver::new(ExternalPolicy::Local);
        let schema = schemakit_xsd::load_str(&text, "test.xsd", None, &resolver)
            .expect("loads")
            .schema;
        let components = components(&schema);
        let element = components
            .global_element(&QName::new(None, "e"))
            .expect("e");
        assert_eq!(
            element.block, element_block,
            "element with {default} {block}"
        );
        let Some(TypeDefinition::Complex(complex)) = components.type_definition(element.type_id)
        else {
            panic!("c is not complex");
        };
        assert_eq!(complex.block, type_block, "type with {default} {block}");
    }
}

/// One schema that must fail: the body after `HEAD`, and the code, line, column and
/// message snippet of the diagnostic expected.
struct Case {
    body: &'static str,
    code: Code,
    line: u32,
    column: u32,
    snippet: &'static str,
}

const ERROR_CASES: &[Case] = &[
    Case {
        body: "\n<xs:complexType name='b'><xs:anyAttribute namespace='urn:a'/></xs:complexType>
<xs:complexType name='c'><xs:complexContent>
<xs:restriction base='t:b'><xs:anyAttribute namespace='urn:a urn:b'/></xs:restriction></xs:complexContent></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 4,
        column: 1,
        snippet: "the attribute wildcard `urn:a urn:b` allows namespaces that the wildcard `urn:a` of `{urn:t}b` does not",
    },
    Case {
        body: "\n<xs:complexType name='b'/>
<xs:complexType name='c'><xs:complexContent>
<xs:restriction base='t:b'><xs:anyAttribute/></xs:restriction></xs:complexContent></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 4,
        column: 1,
        snippet: "`{urn:t}b` has no attribute wildcard, so a restriction of it cannot have one",
    },
    Case {
        body: "\n<xs:complexType name='b'><xs:anyAttribute processContents='strict'/></xs:complexType>
<xs:complexType name='c'><xs:complexContent>
<xs:restriction base='t:b'><xs:anyAttribute processContents='lax'/></xs:restriction></xs:complexContent></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 4,
        column: 1,
        snippet: "has processContents strict, which a restriction cannot weaken to lax",
    },
    Case {
        body: "\n<xs:complexType name='b'><xs:anyAttribute namespace='##local'/></xs:complexType>
<xs:complexType name='c'><xs:complexContent>
<xs:extension base='t:b'><xs:anyAttribute namespace='##other'/></xs:extension></xs:complexContent></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 4,
        column: 1,
        snippet: "have no union that XSD 1.0 can express",
    },
    Case {
        body: "\n<xs:complexType name='b'/>
<xs:complexType name='c'><xs:complexContent>
<xs:restriction base='t:b'><xs:attribute name='extra'/></xs:restriction></xs:complexContent></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 4,
        column: 1,
        snippet: "nor allowed by its attribute wildcard",
    },
    Case {
        body: "\n<xs:notation name='png' public='image/png'/>\n<xs:notation name='png' public='image/x-png'/>",
        code: Code::DuplicateDeclaration,
        line: 3,
        column: 1,
        snippet: "notation `{urn:t}png` is declared twice",
    },
    Case {
        body: "\n<xs:notation name='png' public='image/png'/>
<xs:simpleType name='f'><xs:restriction base='xs:NOTATION'>
<xs:enumeration value='t:png'/><xs:enumeration value='t:gif'/></xs:restriction></xs:simpleType>",
        code: Code::UnresolvedReference,
        line: 4,
        column: 48,
        snippet: "the enumeration value `t:gif` names notation `{urn:t}gif`, which is not declared",
    },
    Case {
        body: "\n<xs:attribute name='a' type='xs:NOTATION'/>",
        code: Code::SchemaConstraint,
        line: 2,
        column: 24,
        snippet: "type `{http://www.w3.org/2001/XMLSchema}NOTATION` is NOTATION without an enumeration",
    },
    Case {
        body: "\n<xs:complexType name='c'><xs:sequence>
<xs:element name='a' minOccurs='0'/><xs:any namespace='##local'/></xs:sequence></xs:complexType>",
        code: Code::NonDeterministicContent,
        line: 2,
        column: 1,
        snippet: "can match element `a` with its element particle and with the wildcard `##local`",
    },
    Case {
        body: "\n<xs:complexType name='c'><xs:choice>
<xs:any namespace='urn:a urn:b'/><xs:any namespace='##other'/></xs:choice></xs:complexType>",
        code: Code::NonDeterministicContent,
        line: 2,
        column: 1,
        snippet: "two wildcards, `urn:a urn:b` and `##other` (not `urn:t`)",
    },
    Case {
        body: "\n<xs:complexType name='c'><xs:sequence>
<xs:element name='a' minOccurs='0' maxOccurs='3'/><xs:element name='a'/></xs:sequence></xs:complexType>",
        code: Code::NonDeterministicContent,
        line: 2,
        column: 1,
        snippet: "can match element `a` with two different particles",
    },
];

#[test]
fn error_table() {
    let resolver = Resolver::new(ExternalPolicy::Local);
    for case in ERROR_CASES {
        let text = schema_text(case.body);
        let Err(error) = schemakit_xsd::load_str(&text, "test.xsd", None, &resolver) else {
            panic!("loaded although invalid:\n{text}");
        };
        let found = error
            .diagnostics
            .iter()
            .find(|diagnostic| diagnostic.code == case.code)
            .unwrap_or_else(|| panic!("no {} in {:#?}\n{text}", case.code, error.diagnostics));
        assert!(
            found.message.contains(case.snippet),
            "message {:?} lacks {:?}",
            found.message,
            case.snippet
        );
        assert_eq!(
            (found.line, found.column),
            (case.line, case.column),
            "position of {found}"
        );
    }
}

#[test]
fn wildcards_and_notations_are_not_unsupported() {
    let schema_body = "\n<xs:notation name='png' public='image/png'/>
<xs:complexType name='c'><xs:sequence><xs:any namespace='##other' processContents='lax'/></xs:sequence><xs:anyAttribute/></xs:complexType>";
    let resolver = Resolver::new(ExternalPolicy::Local);
    let loaded = schemakit_xsd::load_str(&schema_text(schema_body), "test.xsd", None, &resolver)
        .expect("loads");
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
}

/// Writes `main.xsd`, which includes `absent.xsd` (never written) and contains
/// `body`, into a new temporary folder.
fn schema_with_missing_include(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let main = folder.path().join("main.xsd");
    let text = format!("{HEAD}\n  <xs:include schemaLocation='absent.xsd'/>{body}\n</xs:schema>");
    std::fs::write(&main, text).expect("writable");
    (folder, main)
}

#[test]
fn missing_include_is_a_warning() {
    let (_folder, main) = schema_with_missing_include("\n<xs:element name='e' type='xs:int'/>");
    let resolver = Resolver::new(ExternalPolicy::Local);
    let loaded = schemakit_xsd::load_file(&main, &resolver).expect("loads without the include");
    let warning = loaded.warnings.first().expect("a warning");
    assert_eq!(warning.code, Code::Unresolved);
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning.message.contains("absent.xsd"),
        "{}",
        warning.message
    );
    assert!(warning.message.contains("main.xsd"), "{}", warning.message);
    assert_eq!((warning.line, warning.column), (2, 3));
}

#[test]
fn unresolved_reference_names_missing_include() {
    let cases = [
        (
            "\n<xs:element name='e' type='t:missing'/>",
            "type `{urn:t}missing` named in `type` is not defined; it may be in `absent.xsd`, which could not be read",
            (3, 22),
        ),
        (
            "\n<xs:complexType name='c'><xs:complexContent><xs:extension base='t:base'/></xs:complexContent></xs:complexType>",
            "base type `{urn:t}base` is not defined; it may be in `absent.xsd`",
            (3, 59),
        ),
        (
            "\n<xs:complexType name='c'><xs:sequence><xs:element ref='t:r'/></xs:sequence></xs:complexType>",
            "element `{urn:t}r` named in `ref` is not declared; it may be in `absent.xsd`",
            (3, 51),
        ),
    ];
    for (body, snippet, position) in cases {
        let (_folder, main) = schema_with_missing_include(body);
        let resolver = Resolver::new(ExternalPolicy::Local);
        let error = schemakit_xsd::load_file(&main, &resolver).expect_err("reference fails");
        let first = error.diagnostics.first().expect("an error");
        assert_eq!(first.code, Code::UnresolvedReference, "{first}");
        assert!(first.message.contains(snippet), "{}", first.message);
        assert_eq!((first.line, first.column), position, "{first}");
    }
}

#[test]
fn unresolved_reference_in_other_namespace_names_no_file() {
    let (_folder, main) = schema_with_missing_include(
        "\n<xs:import namespace='urn:o'/><xs:element name='e' type='o:missing'/>",
    );
    let resolver = Resolver::new(ExternalPolicy::Local);
    let error = schemakit_xsd::load_file(&main, &resolver).expect_err("reference fails");
    let first = error.diagnostics.first().expect("an error");
    assert!(
        first
            .message
            .ends_with("is not defined: define it or correct the name"),
        "{}",
        first.message
    );
}

#[test]
fn inexpressible_intersection_is_an_error() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let other = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:o">
<xs:attributeGroup name='g'><xs:anyAttribute namespace='##other'/></xs:attributeGroup>
</xs:schema>"#;
    std::fs::write(folder.path().join("other.xsd"), other).expect("writable");
    let main = folder.path().join("main.xsd");
    let body = "\n<xs:import namespace='urn:o' schemaLocation='other.xsd'/>
<xs:complexType name='c'><xs:attributeGroup ref='o:g'/><xs:anyAttribute namespace='##other'/></xs:complexType>";
    std::fs::write(&main, schema_text(body)).expect("writable");

    let resolver = Resolver::new(ExternalPolicy::Local);
    let error = schemakit_xsd::load_file(&main, &resolver).expect_err("no intersection");
    let first = error.diagnostics.first().expect("an error");
    assert_eq!(first.code, Code::SchemaConstraint, "{first}");
    assert!(
        first.message.contains("the attribute wildcards `##other` (not `urn:t`) and `##other` (not `urn:o`) have no intersection that XSD 1.0 can express"),
        "{}",
        first.message
    );
    assert_eq!((first.line, first.column), (3, 1), "{first}");
}
