//! XSD diffs: content models with occurrence bounds, all-groups, attributes and
//! simple-type facets, each with its expected verdicts.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_diff::{diff_schemas, render_human, ChangeKind, SchemaDiff, Verdict};
use schemakit_model::Schema;
use schemakit_resolve::{ExternalPolicy, Resolver};
use std::time::{Duration, Instant};

/// Wraps `body` (global declarations) in a schema document.
fn xsd(body: &str) -> Schema {
    let text =
        format!(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{body}</xs:schema>"#);
    let resolver = Resolver::new(ExternalPolicy::None);
    schemakit_xsd::load_str(&text, "inline.xsd", None, &resolver)
        .expect("the test schema loads")
        .schema
}

/// Builds a schema whose root `R` has the content `model` (a sequence, choice or
/// all-group).
fn with_model(model: &str) -> Schema {
    xsd(&format!(
        r#"<xs:element name="R"><xs:complexType>{model}</xs:complexType></xs:element>
           <xs:element name="A" type="xs:string"/>"#
    ))
}

fn diff(old: &Schema, new: &Schema) -> SchemaDiff {
    diff_schemas(old, new)
}

#[derive(Debug, PartialEq)]
enum Expect {
    Compatible,
    Incompatible,
    Undecided,
}

fn expect(verdict: &Verdict) -> Expect {
    match verdict {
        Verdict::Compatible => Expect::Compatible,
        Verdict::Incompatible { .. } => Expect::Incompatible,
        Verdict::Undecided { .. } => Expect::Undecided,
    }
}

#[test]
fn content_model_bounds_table() {
    use Expect::{Compatible as C, Incompatible as I};
    let a = |occurs: &str| {
        format!(r#"<xs:sequence><xs:element name="A" type="xs:string" {occurs}/></xs:sequence>"#)
    };
    let all =
        |extra: &str| format!(r#"<xs:all><xs:element name="A" type="xs:string"/>{extra}</xs:all>"#);
    let cases = [
        (
            "maxOccurs 5 to 5000",
            a(r#"maxOccurs="5""#),
            a(r#"maxOccurs="5000""#),
            C,
            I,
        ),
        (
            "maxOccurs 5000 to 5",
            a(r#"maxOccurs="5000""#),
            a(r#"maxOccurs="5""#),
            I,
            C,
        ),
        (
            "minOccurs 0 to 2",
            a(r#"minOccurs="0""#),
            a(r#"minOccurs="2" maxOccurs="2""#),
            I,
            I,
        ),
        (
            "bounded to unbounded",
            a(r#"maxOccurs="300""#),
            a(r#"maxOccurs="unbounded""#),
            C,
            I,
        ),
        (
            "all member added optional",
            all(""),
            all(r#"<xs:element name="B" type="xs:string" minOccurs="0"/>"#),
            C,
            I,
        ),
        (
            "all member added required",
            all(""),
            all(r#"<xs:element name="B" type="xs:string"/>"#),
            I,
            I,
        ),
    ];

    for (name, old, new, backward, forward) in cases {
        let started = Instant::now();
        let result = diff(&with_model(&old), &with_model(&new));
        let elapsed = started.elapsed();

        let total = result.compatibility();
        assert_eq!(expect(&total.backward), backward, "{name}: backward");
        assert_eq!(expect(&total.forward), forward, "{name}: forward");
        assert!(elapsed < Duration::from_secs(2), "{name}: took {elapsed:?}");
    }
}

#[test]
fn bound_witness_is_short() {
    let old = with_model(
        r#"<xs:sequence><xs:element name="A" type="xs:string" maxOccurs="5000"/></xs:sequence>"#,
    );
    let new = with_model(
        r#"<xs:sequence><xs:element name="A" type="xs:string" maxOccurs="5"/></xs:sequence>"#,
    );

    let report = render_human(&diff(&old, &new));

    assert!(
        report.contains("(A ×6) was valid and is not any more"),
        "{report}"
    );
}

#[test]
fn narrowed_large_bound_is_fast() {
    let old = with_model(
        r#"<xs:sequence><xs:element name="A" type="xs:string" maxOccurs="300000"/><xs:element name="B" type="xs:string" minOccurs="0"/></xs:sequence>"#,
    );
    let new = with_model(
        r#"<xs:sequence><xs:element name="A" type="xs:string" maxOccurs="299999"/><xs:element name="B" type="xs:string" minOccurs="0"/></xs:sequence>"#,
    );

    let started = Instant::now();
    let result = diff(&old, &new);
    let elapsed = started.elapsed();

    let report = render_human(&result);
    assert!(
        report.contains("(A ×300000) was valid and is not any more"),
        "{report}"
    );
    assert!(result.compatibility().forward.is_compatible(), "{report}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn large_bounds_are_undecided_not_guessed() {
    // The inclusion holds, but the shapes differ, so only a search over more than
    // 200,000 counter values could show it.
    let old = with_model(
        r#"<xs:sequence><xs:element name="A" type="xs:string" maxOccurs="200000"/></xs:sequence>"#,
    );
    let new = with_model(
        r#"<xs:sequence><xs:element name="A" type="xs:string" maxOccurs="unbounded"/><xs:element name="B" type="xs:string" minOccurs="0"/></xs:sequence>"#,
    );
    let result = diff(&old, &new);

    let backward = &result.compatibility().backward;
    let Verdict::Undecided { reason } = backward else {
        panic!("expected undecided, got {backward:?}");
    };
    assert!(reason.contains("could not decide within"), "{reason}");
}

#[test]
fn attribute_changes_table() {
    use Expect::{Compatible as C, Incompatible as I};
    let element = |attributes: &str| {
        xsd(&format!(
            r#"<xs:element name="R"><xs:complexType>{attributes}</xs:complexType></xs:element>"#
        ))
    };
    let cases = [
        (
            "optional added",
            "",
            r#"<xs:attribute name="a" type="xs:string"/>"#,
            C,
            I,
        ),
        (
            "required added",
            "",
            r#"<xs:attribute name="a" type="xs:string" use="required"/>"#,
            I,
            C,
        ),
        (
            "optional removed",
            r#"<xs:attribute name="a" type="xs:string"/>"#,
            "",
            I,
            C,
        ),
        (
            "made required",
            r#"<xs:attribute name="a" type="xs:string"/>"#,
            r#"<xs:attribute name="a" type="xs:string" use="required"/>"#,
            I,
            C,
        ),
        (
            "made optional",
            r#"<xs:attribute name="a" type="xs:string" use="required"/>"#,
            r#"<xs:attribute name="a" type="xs:string"/>"#,
            C,
            I,
        ),
        (
            "fixed value added",
            r#"<xs:attribute name="a" type="xs:string"/>"#,
            r#"<xs:attribute name="a" type="xs:string" fixed="1"/>"#,
            I,
            C,
        ),
        (
            "default changed",
            r#"<xs:attribute name="a" type="xs:string" default="1"/>"#,
            r#"<xs:attribute name="a" type="xs:string" default="2"/>"#,
            C,
            C,
        ),
    ];

    for (name, old, new, backward, forward) in cases {
        let result = diff(&element(old), &element(new));

        assert!(!result.is_empty(), "{name}: no change found");
        let total = result.compatibility();
        assert_eq!(expect(&total.backward), backward, "{name}: backward");
        assert_eq!(expect(&total.forward), forward, "{name}: forward");
    }
}

#[test]
fn simple_type_facets_table() {
    use Expect::{Compatible as C, Incompatible as I};
    let text = |facets: &str| {
        xsd(&format!(
            r#"<xs:element name="R"><xs:simpleType><xs:restriction base="xs:string">{facets}</xs:restriction></xs:simpleType></xs:element>"#
        ))
    };
    let number = |facets: &str| {
        xsd(&format!(
            r#"<xs:element name="R"><xs:simpleType><xs:restriction base="xs:integer">{facets}</xs:restriction></xs:simpleType></xs:element>"#
        ))
    };
    let cases = [
        (
            "maxLength 50 to 40",
            text(r#"<xs:maxLength value="50"/>"#),
            text(r#"<xs:maxLength value="40"/>"#),
            I,
            C,
        ),
        (
            "maxLength 40 to 50",
            text(r#"<xs:maxLength value="40"/>"#),
            text(r#"<xs:maxLength value="50"/>"#),
            C,
            I,
        ),
        (
            "minLength added",
            text(""),
            text(r#"<xs:minLength value="3"/>"#),
            I,
            C,
        ),
        (
            "value added",
            text(r#"<xs:enumeration value="a"/>"#),
            text(r#"<xs:enumeration value="a"/><xs:enumeration value="b"/>"#),
            C,
            I,
        ),
        (
            "value removed",
            text(r#"<xs:enumeration value="a"/><xs:enumeration value="b"/>"#),
            text(r#"<xs:enumeration value="a"/>"#),
            I,
            C,
        ),
        (
            "pattern narrowed",
            text(r#"<xs:pattern value="[a-z]+"/>"#),
            text(r#"<xs:pattern value="[a-c]+"/>"#),
            I,
            C,
        ),
        (
            "maxInclusive lowered",
            number(r#"<xs:maxInclusive value="100"/>"#),
            number(r#"<xs:maxInclusive value="50"/>"#),
            I,
            C,
        ),
        (
            "minInclusive lowered",
            number(r#"<xs:minInclusive value="10"/>"#),
            number(r#"<xs:minInclusive value="0"/>"#),
            C,
            I,
        ),
    ];

    for (name, old, new, backward, forward) in cases {
        let result = diff(&old, &new);

        assert!(!result.is_empty(), "{name}: no change found");
        let total = result.compatibility();
        assert_eq!(expect(&total.backward), backward, "{name}: backward");
        assert_eq!(expect(&total.forward), forward, "{name}: forward");
    }
}

#[test]
fn max_length_change_is_reported_as_facet() {
    let old = xsd(
        r#"<xs:element name="R"><xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="50"/></xs:restriction></xs:simpleType></xs:element>"#,
    );
    let new = xsd(
        r#"<xs:element name="R"><xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="40"/></xs:restriction></xs:simpleType></xs:element>"#,
    );

    let result = diff(&old, &new);

    assert_eq!(result.changes.len(), 1);
    assert_eq!(
        result.changes[0].kind,
        ChangeKind::FacetChanged {
            attribute: None,
            facet: "maxLength".to_owned(),
            old: "50".to_owned(),
            new: "40".to_owned(),
        }
    );
    insta::assert_snapshot!(render_human(&result));
}

#[test]
fn global_elements_declared_and_removed() {
    let old =
        xsd(r#"<xs:element name="R" type="xs:string"/><xs:element name="OLD" type="xs:string"/>"#);
    let new =
        xsd(r#"<xs:element name="R" type="xs:string"/><xs:element name="NEW" type="xs:int"/>"#);

    let result = diff(&old, &new);
    let kinds: Vec<(&str, &ChangeKind)> = result
        .changes
        .iter()
        .map(|change| (change.element.as_str(), &change.kind))
        .collect();

    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(matches!(
        kinds[0],
        ("OLD", ChangeKind::ElementRemoved { .. })
    ));
    assert!(matches!(
        kinds[1],
        ("NEW", ChangeKind::ElementDeclared { .. })
    ));
}

#[test]
fn same_schema_has_no_changes() {
    let schema = with_model(
        r#"<xs:sequence><xs:element name="A" type="xs:string" maxOccurs="5000"/></xs:sequence>"#,
    );

    assert!(diff(&schema, &schema).is_empty());
}

#[test]
fn shared_simple_type_reported_at_every_use() {
    let schema = |values: &str| {
        xsd(&format!(
            r#"<xs:simpleType name="Color"><xs:restriction base="xs:string">{values}</xs:restriction></xs:simpleType>
               <xs:element name="R"><xs:complexType><xs:sequence>
                 <xs:element name="A" type="Color"/><xs:element name="B" type="Color"/>
               </xs:sequence><xs:attribute name="col" type="Color"/><xs:attribute name="alt" type="Color"/></xs:complexType></xs:element>"#
        ))
    };
    let old = schema(r#"<xs:enumeration value="red"/><xs:enumeration value="green"/>"#);
    let new = schema(r#"<xs:enumeration value="red"/>"#);

    let result = diff(&old, &new);
    let mut subjects: Vec<String> = result
        .changes
        .iter()
        .map(|change| match &change.kind {
            ChangeKind::EnumerationValuesRemoved { attribute, .. }
            | ChangeKind::FacetChanged {
                attribute: Some(attribute),
                ..
            } => format!("{}/@{attribute}", change.element),
            _ => change.element.clone(),
        })
        .collect();
    subjects.sort();
    subjects.dedup();

    assert_eq!(subjects, ["R/@alt", "R/@col", "R/A", "R/B"], "{result:#?}");
}

#[test]
fn markdown_heading_names_xsd() {
    let old = with_model(r#"<xs:sequence><xs:element ref="A"/></xs:sequence>"#);
    let new = with_model(r#"<xs:sequence><xs:element ref="A" minOccurs="0"/></xs:sequence>"#);

    let markdown = schemakit_diff::render_markdown(&diff(&old, &new));

    assert!(markdown.starts_with("## XSD changes\n"), "{markdown}");
}
