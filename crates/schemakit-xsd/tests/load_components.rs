//! Schemas that load, with the components they must produce.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_model::xsd::{
    ComplexContent, Derivation, QName, TypeDefinition, ValueConstraint, XsdComponents,
};
use schemakit_model::{MaxOccurs, Occurs, Schema, Term};
use schemakit_resolve::{ExternalPolicy, Resolver};

fn load(body: &str) -> Schema {
    let text = format!(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">{body}</xs:schema>"#
    );
    let resolver = Resolver::new(ExternalPolicy::Local);
    match schemakit_xsd::load_str(&text, "test.xsd", None, &resolver) {
        Ok(loaded) => loaded.schema,
        Err(error) => panic!("not loaded: {error:#?}"),
    }
}

fn components(schema: &Schema) -> &XsdComponents {
    schema.xsd.as_ref().expect("XSD components")
}

fn complex<'s>(
    schema: &'s Schema,
    element: &str,
) -> &'s schemakit_model::xsd::ComplexTypeDefinition {
    let components = components(schema);
    let declaration = components
        .global_element(&QName::new(Some("urn:t"), element))
        .expect("global element");
    match components.type_definition(declaration.type_id) {
        Some(TypeDefinition::Complex(complex)) => complex,
        other => panic!("not complex: {other:?}"),
    }
}

fn dtd_syntax(schema: &Schema, element: &str) -> String {
    match &complex(schema, element).content {
        ComplexContent::Elements { particle, .. } => particle.to_dtd_syntax(&schema.symbols),
        other => format!("{other:?}"),
    }
}

#[test]
fn content_model_table() {
    let cases = [
        (
            "<xs:element name='r'><xs:complexType><xs:sequence><xs:element name='a'/><xs:element name='b' minOccurs='0' maxOccurs='unbounded'/></xs:sequence></xs:complexType></xs:element>",
            "({urn:t}a, {urn:t}b*)",
        ),
        (
            "<xs:element name='r'><xs:complexType><xs:choice maxOccurs='3'><xs:element name='a'/><xs:element name='b' maxOccurs='0'/></xs:choice></xs:complexType></xs:element>",
            "({urn:t}a){1,3}",
        ),
        (
            "<xs:element name='r'><xs:complexType><xs:all><xs:element name='a'/><xs:element name='b' minOccurs='0'/></xs:all></xs:complexType></xs:element>",
            "all({urn:t}a & {urn:t}b?)",
        ),
        (
            "<xs:group name='g'><xs:sequence><xs:element name='a'/></xs:sequence></xs:group><xs:element name='r'><xs:complexType><xs:sequence><xs:group ref='t:g' minOccurs='0'/><xs:element ref='t:x'/></xs:sequence></xs:complexType></xs:element><xs:element name='x'/>",
            "(({urn:t}a)?, {urn:t}x)",
        ),
        (
            "<xs:complexType name='base'><xs:sequence><xs:element name='a'/></xs:sequence><xs:attribute name='id'/></xs:complexType><xs:element name='r'><xs:complexType><xs:complexContent><xs:extension base='t:base'><xs:sequence><xs:element name='b'/></xs:sequence></xs:extension></xs:complexContent></xs:complexType></xs:element>",
            "(({urn:t}a), ({urn:t}b))",
        ),
    ];
    for (body, expected) in cases {
        let schema = load(body);
        assert_eq!(dtd_syntax(&schema, "r"), expected, "{body}");
    }
}

#[test]
fn children_map_names_declarations() {
    let schema = load(
        "<xs:element name='x' type='xs:int'/><xs:element name='r'><xs:complexType><xs:sequence><xs:element ref='t:x'/><xs:element name='y' type='xs:string' form='unqualified'/></xs:sequence></xs:complexType></xs:element>",
    );
    let ComplexContent::Elements { children, .. } = &complex(&schema, "r").content else {
        panic!("element content");
    };
    let components = components(&schema);
    let names: Vec<String> = children
        .values()
        .map(|id| components.element(*id).expect("declared").name.clark())
        .collect();
    assert_eq!(names, ["{urn:t}x", "y"]);
    let global = components
        .global_elements
        .get(&QName::new(Some("urn:t"), "x"))
        .copied();
    assert_eq!(children.values().next().copied(), global);
}

#[test]
fn attributes_inherit_and_restrict() {
    let schema = load(
        "<xs:complexType name='base'><xs:attribute name='a' type='xs:string'/><xs:attribute name='b' fixed='1'/></xs:complexType>\
         <xs:element name='r'><xs:complexType><xs:complexContent><xs:restriction base='t:base'><xs:attribute name='a' use='prohibited'/></xs:restriction></xs:complexContent></xs:complexType></xs:element>\
         <xs:element name='e'><xs:complexType><xs:complexContent><xs:extension base='t:base'><xs:attribute name='c' use='required'/></xs:extension></xs:complexContent></xs:complexType></xs:element>",
    );
    let restricted = complex(&schema, "r");
    let names: Vec<&str> = restricted
        .attributes
        .iter()
        .map(|a| a.name.local.as_str())
        .collect();
    assert_eq!(names, ["b"]);
    assert_eq!(
        restricted.base.map(|(_, method)| method),
        Some(Derivation::Restriction)
    );
    assert_eq!(
        restricted
            .attributes
            .first()
            .and_then(|a| a.value_constraint.clone()),
        Some(ValueConstraint::Fixed("1".to_owned()))
    );

    let extended = complex(&schema, "e");
    let names: Vec<(&str, bool)> = extended
        .attributes
        .iter()
        .map(|a| (a.name.local.as_str(), a.required))
        .collect();
    assert_eq!(names, [("a", false), ("b", false), ("c", true)]);
}

#[test]
fn simple_content_and_defaults() {
    let schema = load(
        "<xs:element name='r' nillable='true'><xs:complexType><xs:simpleContent><xs:extension base='xs:int'><xs:attribute name='unit' default='kg'/></xs:extension></xs:simpleContent></xs:complexType></xs:element>\
         <xs:element name='d' type='xs:int' default='7'><xs:annotation><xs:documentation>Seven.</xs:documentation></xs:annotation></xs:element>\
         <xs:element name='any'/>",
    );
    let components = components(&schema);
    let r = complex(&schema, "r");
    let ComplexContent::Simple(content) = r.content else {
        panic!("simple content: {:?}", r.content);
    };
    assert_eq!(
        components
            .type_definition(content)
            .and_then(TypeDefinition::name),
        Some(&QName::new(Some("http://www.w3.org/2001/XMLSchema"), "int"))
    );
    let element = components
        .global_element(&QName::new(Some("urn:t"), "r"))
        .expect("r");
    assert!(element.nillable);

    let d = components
        .global_element(&QName::new(Some("urn:t"), "d"))
        .expect("d");
    assert_eq!(
        d.value_constraint,
        Some(ValueConstraint::Default("7".to_owned()))
    );
    assert_eq!(d.doc.as_deref(), Some("Seven."));

    let any = components
        .global_element(&QName::new(Some("urn:t"), "any"))
        .expect("any");
    assert_eq!(any.type_id, XsdComponents::ANY_TYPE);
}

#[test]
fn mixed_and_empty_content() {
    let schema = load(
        "<xs:element name='m'><xs:complexType mixed='true'/></xs:element><xs:element name='e'><xs:complexType/></xs:element>",
    );
    assert!(matches!(
        &complex(&schema, "m").content,
        ComplexContent::Elements { mixed: true, particle, .. } if particle.term == Term::Sequence(Vec::new())
    ));
    assert!(matches!(
        complex(&schema, "e").content,
        ComplexContent::Empty
    ));
}

#[test]
fn recursive_type_loads() {
    let schema = load(
        "<xs:complexType name='node'><xs:sequence><xs:element name='child' type='t:leaf' minOccurs='0' maxOccurs='unbounded'/></xs:sequence></xs:complexType>\
         <xs:complexType name='leaf'><xs:complexContent><xs:extension base='t:node'/></xs:complexContent></xs:complexType>\
         <xs:element name='r' type='t:node'/>",
    );
    let ComplexContent::Elements { particle, .. } = &complex(&schema, "r").content else {
        panic!("element content");
    };
    assert_eq!(particle.occurs, Occurs::ONCE);
    let Term::Sequence(items) = &particle.term else {
        panic!("sequence");
    };
    assert_eq!(
        items.first().map(|item| item.occurs.max),
        Some(MaxOccurs::Unbounded)
    );
}

#[test]
fn chameleon_include_takes_namespace() {
    let folder = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        folder.path().join("part.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="p" type="pt"/><xs:simpleType name="pt"><xs:restriction base="xs:string"><xs:maxLength value="3"/></xs:restriction></xs:simpleType></xs:schema>"#,
    )
    .expect("writable");
    let main = folder.path().join("main.xsd");
    std::fs::write(
        &main,
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"><xs:include schemaLocation="part.xsd"/><xs:include schemaLocation="part.xsd"/></xs:schema>"#,
    )
    .expect("writable");
    let resolver = Resolver::new(ExternalPolicy::Local);
    let loaded = schemakit_xsd::load_file(&main, &resolver).expect("loads");
    let components = loaded.schema.xsd.as_ref().expect("components");
    let p = components
        .global_element(&QName::new(Some("urn:t"), "p"))
        .expect("p in the includer's namespace");
    assert_eq!(
        components
            .type_definition(p.type_id)
            .and_then(TypeDefinition::name),
        Some(&QName::new(Some("urn:t"), "pt"))
    );
    assert_eq!(loaded.files.len(), 2);
    assert_eq!(loaded.schema.sources.len(), 2);
}

#[test]
fn group_prohibition_keeps_base_attribute() {
    let schema = load(
        "<xs:complexType name='base'><xs:attribute name='a'/></xs:complexType>\
         <xs:attributeGroup name='g'><xs:attribute name='a' use='prohibited'/></xs:attributeGroup>\
         <xs:element name='r'><xs:complexType><xs:complexContent><xs:restriction base='t:base'>\
         <xs:attributeGroup ref='t:g'/></xs:restriction></xs:complexContent></xs:complexType></xs:element>",
    );

    let names: Vec<String> = complex(&schema, "r")
        .attributes
        .iter()
        .map(|attribute| attribute.name.to_string())
        .collect();

    assert_eq!(names, ["a"]);
}
