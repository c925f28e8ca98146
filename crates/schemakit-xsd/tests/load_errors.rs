//! Schemas that must not load, with the diagnostic each must produce.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_model::Code;
use schemakit_resolve::{ExternalPolicy, Resolver};

const HEAD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">"#;

/// One case: the schema body after `HEAD` (which is line 1), and the expected code,
/// line, column and message snippet of the first error.
struct Case {
    body: &'static str,
    code: Code,
    line: u32,
    column: u32,
    snippet: &'static str,
}

const CASES: &[Case] = &[
    Case {
        body: "\n<xs:elemnt name='a'/>",
        code: Code::XsdSyntax,
        line: 2,
        column: 1,
        snippet: "`xs:elemnt` is not an element of XSD 1.0",
    },
    Case {
        body: "\n<xs:complexType name='t'><xs:attribute name='a'/><xs:sequence/></xs:complexType>",
        code: Code::XsdSyntax,
        line: 2,
        column: 50,
        snippet: "`xs:sequence` is not allowed here in `xs:complexType`",
    },
    Case {
        body: "\n<xs:element name='a'><xs:complexType><xs:sequence>\n  <xs:element name='b' minOccurs='-1'/></xs:sequence></xs:complexType></xs:element>",
        code: Code::XsdSyntax,
        line: 3,
        column: 24,
        snippet: "the value `-1` of `minOccurs` on `xs:element` is not a non-negative integer",
    },
    Case {
        body: "\n<xs:element name='a'><xs:complexType><xs:sequence>\n  <xs:element name='b' minOccurs='3' maxOccurs='2'/></xs:sequence></xs:complexType></xs:element>",
        code: Code::XsdSyntax,
        line: 3,
        column: 3,
        snippet: "minOccurs 3 above maxOccurs 2",
    },
    Case {
        body: "\n<xs:element name='a' nillable='yes'/>",
        code: Code::XsdSyntax,
        line: 2,
        column: 22,
        snippet: "is not one of `true`, `false`, `1`, `0`",
    },
    Case {
        body: "\n<xs:element name='a' colour='red'/>",
        code: Code::XsdSyntax,
        line: 2,
        column: 22,
        snippet: "`xs:element` has no attribute `colour` at the top level",
    },
    Case {
        body: "\n<xs:element/>",
        code: Code::XsdSyntax,
        line: 2,
        column: 1,
        snippet: "missing the required attribute `name`",
    },
    Case {
        body: "\n<xs:element name='a' type='missing'/>",
        code: Code::UnresolvedReference,
        line: 2,
        column: 22,
        snippet: "type `missing` named in `type` is not defined",
    },
    Case {
        body: "\n<xs:element name='a' type='p:t'/>",
        code: Code::UnresolvedReference,
        line: 2,
        column: 22,
        snippet: "the prefix `p` of `p:t` in `type` is not bound",
    },
    Case {
        body: "\n<xs:element name='a'/>\n<xs:element name='a'/>",
        code: Code::DuplicateDeclaration,
        line: 3,
        column: 1,
        snippet: "element `a` is declared twice, first at test.xsd:2:1",
    },
    Case {
        body: "\n<xs:element name='a' type='xs:int' default='x'/>",
        code: Code::SchemaConstraint,
        line: 2,
        column: 36,
        snippet: "the default value `x` is not valid for type `{http://www.w3.org/2001/XMLSchema}int`",
    },
    Case {
        body: "\n<xs:element name='a' type='xs:int' default='1' fixed='1'/>",
        code: Code::SchemaConstraint,
        line: 2,
        column: 1,
        snippet: "has both `default` and `fixed`",
    },
    Case {
        body: "\n<xs:complexType name='t'><xs:sequence>\n<xs:element ref='a' type='xs:int'/></xs:sequence></xs:complexType>\n<xs:element name='a'/>",
        code: Code::SchemaConstraint,
        line: 3,
        column: 1,
        snippet: "`xs:element` with `ref` cannot have `type`",
    },
    Case {
        body: "\n<xs:complexType name='t'>\n<xs:attribute name='a' use='required' default='x'/></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 3,
        column: 1,
        snippet: "with `default` must be optional",
    },
    Case {
        body: "\n<xs:complexType name='t'>\n<xs:attribute name='a'/><xs:attribute name='a'/></xs:complexType>",
        code: Code::DuplicateDeclaration,
        line: 3,
        column: 25,
        snippet: "attribute `a` is used twice",
    },
    Case {
        body: "\n<xs:complexType name='t'>\n<xs:attribute name='a' type='xs:ID'/><xs:attribute name='b' type='xs:ID'/></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 2,
        column: 1,
        snippet: "only one attribute of type ID",
    },
    Case {
        body: "\n<xs:complexType name='t'><xs:attribute name='xmlns'/></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 2,
        column: 26,
        snippet: "cannot be called `xmlns`",
    },
    Case {
        body: "\n<xs:complexType name='a'><xs:complexContent>\n<xs:extension base='b'/></xs:complexContent></xs:complexType>\n<xs:complexType name='b'><xs:complexContent><xs:extension base='a'/></xs:complexContent></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 4,
        column: 59,
        snippet: "type `a` is derived from itself",
    },
    Case {
        body: "\n<xs:group name='g'><xs:sequence>\n<xs:group ref='g'/></xs:sequence></xs:group>",
        code: Code::SchemaConstraint,
        line: 3,
        column: 11,
        snippet: "model group `g` contains a reference to itself",
    },
    Case {
        body: "\n<xs:complexType name='t'><xs:complexContent>\n<xs:extension base='xs:string'/></xs:complexContent></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 3,
        column: 15,
        snippet: "the complexContent base `{http://www.w3.org/2001/XMLSchema}string` is a simple type",
    },
    Case {
        body: "\n<xs:complexType name='t'><xs:sequence>\n<xs:element name='e' type='xs:int'/><xs:element name='e' type='xs:string'/></xs:sequence></xs:complexType>",
        code: Code::SchemaConstraint,
        line: 3,
        column: 37,
        snippet: "two declarations of element `e` in one content model have different types",
    },
    Case {
        body: "\n<xs:complexType name='t'><xs:sequence>\n<xs:element name='e' minOccurs='0'/><xs:element name='e'/></xs:sequence></xs:complexType>",
        code: Code::NonDeterministicContent,
        line: 2,
        column: 1,
        snippet: "can match element `e` with two different particles",
    },
    Case {
        body: "\n<xs:simpleType name='s'><xs:restriction base='xs:int'>\n<xs:maxLength value='3'/></xs:restriction></xs:simpleType>",
        code: Code::InvalidFacet,
        line: 3,
        column: 1,
        snippet: "maxLength",
    },
    Case {
        body: "\n<xs:element name='a' substitutionGroup='b'/>\n<xs:element name='b'/>",
        code: Code::UnsupportedConstruct,
        line: 2,
        column: 1,
        snippet: "substitution groups (`substitutionGroup`) are not supported",
    },
    Case {
        body: "\n<xs:complexType name='t'><xs:sequence>\n<xs:any minOccurs='0'/><xs:any/></xs:sequence></xs:complexType>",
        code: Code::NonDeterministicContent,
        line: 2,
        column: 1,
        snippet: "two wildcards, `##any` and `##any`",
    },
    Case {
        body: "\n<xs:element name='a'><xs:complexType><xs:sequence>\n<xs:all><xs:element name='b'/></xs:all></xs:sequence></xs:complexType></xs:element>",
        code: Code::XsdSyntax,
        line: 3,
        column: 1,
        snippet: "`xs:all` is not allowed here in `xs:sequence`",
    },
    Case {
        body: "\n<xs:element name='a'><xs:complexType><xs:all>\n<xs:element name='b' maxOccurs='2'/></xs:all></xs:complexType></xs:element>",
        code: Code::XsdSyntax,
        line: 3,
        column: 22,
        snippet: "must be 0 or 1 in an all-group",
    },
];

#[test]
fn error_table() {
    let resolver = Resolver::new(ExternalPolicy::Local);
    for case in CASES {
        let text = format!("{HEAD}{}\n</xs:schema>", case.body);
        let Err(error) = schemakit_xsd::load_str(&text, "test.xsd", None, &resolver) else {
            panic!("loaded although invalid:\n{text}");
        };
        let first = error
            .diagnostics
            .iter()
            .find(|diagnostic| diagnostic.code == case.code)
            .unwrap_or_else(|| panic!("no {} in {:#?}\n{text}", case.code, error.diagnostics));
        assert!(
            first.message.contains(case.snippet),
            "message {:?} lacks {:?}",
            first.message,
            case.snippet
        );
        assert_eq!(
            (first.line, first.column),
            (case.line, case.column),
            "position of {first}"
        );
        assert_eq!(first.file.as_deref(), Some("test.xsd"), "{first}");
    }
}

#[test]
fn not_well_formed_is_reported() {
    let resolver = Resolver::new(ExternalPolicy::Local);
    let error = schemakit_xsd::load_str("<xs:schema", "broken.xsd", None, &resolver)
        .expect_err("not well-formed");
    assert_eq!(
        error.diagnostics.first().map(|d| d.code),
        Some(Code::XsdSyntax)
    );
}

#[test]
fn include_limit_stops_deep_chains() {
    let folder = tempfile::tempdir().expect("temporary folder");
    for index in 0..5 {
        let text = format!(
            "{HEAD}<xs:include schemaLocation='s{}.xsd'/></xs:schema>",
            index + 1
        );
        std::fs::write(folder.path().join(format!("s{index}.xsd")), text).expect("writable");
    }
    std::fs::write(folder.path().join("s5.xsd"), format!("{HEAD}</xs:schema>")).expect("writable");
    let resolver = Resolver::new(ExternalPolicy::Local);
    let limits = schemakit_xsd::Limits {
        max_documents: 100,
        max_include_depth: 3,
    };
    let error = schemakit_xsd::Loader::new(&resolver)
        .with_limits(limits)
        .load_file(&folder.path().join("s0.xsd"))
        .expect_err("chain is deeper than the limit");
    assert_eq!(
        error.diagnostics.first().map(|d| d.code),
        Some(Code::LimitExceeded)
    );
}
