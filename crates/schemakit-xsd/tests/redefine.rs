//! `xs:redefine`: redefined types, model groups and attribute groups, and the rules
//! a redefinition must follow.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_model::xsd::{ComplexContent, QName, TypeDefinition};
use schemakit_model::Code;
use schemakit_resolve::{ExternalPolicy, Resolver};

const HEAD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">"#;

/// The redefined schema: type `t` with element `a`, group `g` with element `a`,
/// attribute group `ag` with attribute `x`.
const BASE: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:complexType name="t"><xs:sequence><xs:element name="a"/></xs:sequence></xs:complexType>
<xs:group name="g"><xs:sequence><xs:element name="a"/></xs:sequence></xs:group>
<xs:attributeGroup name="ag"><xs:attribute name="x"/></xs:attributeGroup>
</xs:schema>"#;

/// Writes `base.xsd` and a `main.xsd` that redefines it with `redefinitions` and
/// then contains `body`, and loads `main.xsd`.
fn load(
    redefinitions: &str,
    body: &str,
) -> Result<schemakit_xsd::LoadedXsd, schemakit_xsd::LoadError> {
    let folder = tempfile::tempdir().expect("temporary folder");
    std::fs::write(folder.path().join("base.xsd"), BASE).expect("writable");
    let main = folder.path().join("main.xsd");
    let text = format!(
        "{HEAD}\n<xs:redefine schemaLocation='base.xsd'>{redefinitions}</xs:redefine>{body}\n</xs:schema>"
    );
    std::fs::write(&main, text).expect("writable");
    let resolver = Resolver::new(ExternalPolicy::Local);
    schemakit_xsd::load_file(&main, &resolver)
}

/// Returns the content model and attribute names of the type of element `e`.
fn element_type(loaded: &schemakit_xsd::LoadedXsd) -> (String, Vec<String>) {
    let schema = &loaded.schema;
    let components = schema.xsd.as_ref().expect("components");
    let element = components
        .global_element(&QName::new(None, "e"))
        .expect("element e");
    let Some(TypeDefinition::Complex(complex)) = components.type_definition(element.type_id) else {
        panic!("the type of e is not complex");
    };
    let model = match &complex.content {
        ComplexContent::Elements { particle, .. } => particle.to_dtd_syntax(&schema.symbols),
        other => format!("{other:?}"),
    };
    let attributes = complex
        .attributes
        .iter()
        .map(|attribute| attribute.name.to_string())
        .collect();
    (model, attributes)
}

#[test]
fn redefinition_table() {
    let cases: [(&str, &str, &str, &[&str]); 3] = [
        (
            "<xs:complexType name='t'><xs:complexContent><xs:extension base='t'><xs:sequence><xs:element name='b'/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>",
            "<xs:element name='e' type='t'/>",
            "((a), (b))",
            &[],
        ),
        (
            "<xs:group name='g'><xs:sequence><xs:group ref='g'/><xs:element name='b'/></xs:sequence></xs:group>",
            "<xs:element name='e'><xs:complexType><xs:group ref='g'/></xs:complexType></xs:element>",
            "((a), b)",
            &[],
        ),
        (
            "<xs:attributeGroup name='ag'><xs:attributeGroup ref='ag'/><xs:attribute name='y'/></xs:attributeGroup>",
            "<xs:element name='e'><xs:complexType><xs:sequence><xs:element name='c'/></xs:sequence><xs:attributeGroup ref='ag'/></xs:complexType></xs:element>",
            "(c)",
            &["x", "y"],
        ),
    ];
    for (redefinitions, body, model, attributes) in cases {
        let loaded = load(redefinitions, body)
            .unwrap_or_else(|error| panic!("not loaded: {error:#?}\n{redefinitions}"));
        let (actual_model, actual_attributes) = element_type(&loaded);
        assert_eq!(actual_model, model, "{redefinitions}");
        assert_eq!(actual_attributes, attributes, "{redefinitions}");
    }
}

#[test]
fn redefinition_error_table() {
    // Each redefinition starts on line 2, column 40, after `<xs:redefine ...>`.
    let cases = [
        (
            "<xs:complexType name='t'><xs:sequence><xs:element name='b'/></xs:sequence></xs:complexType>",
            "a redefinition of type `t` must be derived from it",
        ),
        (
            "<xs:group name='g'><xs:sequence><xs:group ref='g'/><xs:group ref='g'/></xs:sequence></xs:group>",
            "a redefinition of `g` may refer to the group it redefines only once",
        ),
        (
            "<xs:group name='g'><xs:sequence><xs:group ref='g' maxOccurs='2'/></xs:sequence></xs:group>",
            "the reference of model group `g` to the group it redefines must occur exactly once",
        ),
        (
            "<xs:group name='g'><xs:sequence><xs:element name='z'/></xs:sequence></xs:group>",
            "it allows element `z`, which `g` does not",
        ),
        (
            "<xs:group name='missing'><xs:sequence/></xs:group>",
            "redefines model group `missing`, which the redefined schema does not declare",
        ),
    ];
    for (redefinitions, snippet) in cases {
        let error = load(redefinitions, "").expect_err(redefinitions);
        let first = error.diagnostics.first().expect("an error");
        assert_eq!(first.code, Code::SchemaConstraint, "{first}");
        assert!(first.message.contains(snippet), "{}", first.message);
        assert_eq!((first.line, first.column), (2, 40), "{first}");
    }
}
