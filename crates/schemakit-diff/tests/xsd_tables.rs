//! Tables of OLD/NEW XSD pairs with the expected change list: value ranges,
//! element and attribute value constraints, nillable, and shared complex types.
//! Each change is written as `path: what old -> new B/F` (see `common::line`).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{detail, lines, xsd};
use schemakit_diff::diff_schemas;

/// Runs a table of (name, old, new, expected lines) cases.
fn check(cases: &[(&str, String, String, Vec<&str>)]) {
    for (name, old, new, expected) in cases {
        let found = lines(&xsd(old), &xsd(new));
        assert_eq!(found, *expected, "{name}");
    }
}

/// Declares an element `R` whose text has an anonymous restriction of `base`.
fn text(base: &str, facets: &str) -> String {
    format!(
        r#"<xs:element name="R"><xs:simpleType><xs:restriction base="xs:{base}">{facets}</xs:restriction></xs:simpleType></xs:element>"#
    )
}

#[test]
fn value_range_table() {
    let cases = [
        (
            "integer maxInclusive 9 is maxExclusive 10",
            text("integer", r#"<xs:maxInclusive value="9"/>"#),
            text("integer", r#"<xs:maxExclusive value="10"/>"#),
            vec![],
        ),
        (
            "integer minExclusive 0 is minInclusive 1",
            text("integer", r#"<xs:minExclusive value="0"/>"#),
            text("integer", r#"<xs:minInclusive value="1"/>"#),
            vec![],
        ),
        (
            "int keeps its own bounds beside maxExclusive",
            text("int", r#"<xs:maxInclusive value="9"/>"#),
            text("int", r#"<xs:maxExclusive value="10"/>"#),
            vec![],
        ),
        (
            "integer totalDigits 2 is -99 to 99",
            text("integer", r#"<xs:totalDigits value="2"/>"#),
            text(
                "integer",
                r#"<xs:minInclusive value="-99"/><xs:maxInclusive value="99"/>"#,
            ),
            vec![],
        ),
        (
            "decimal with fractionDigits 0 counts as integers",
            text(
                "decimal",
                r#"<xs:fractionDigits value="0"/><xs:maxInclusive value="9"/>"#,
            ),
            text(
                "decimal",
                r#"<xs:fractionDigits value="0"/><xs:maxExclusive value="10"/>"#,
            ),
            vec![],
        ),
        (
            "integer-valued decimal maxExclusive 9.5 is maxInclusive 9",
            text(
                "decimal",
                r#"<xs:fractionDigits value="0"/><xs:maxExclusive value="9.5"/>"#,
            ),
            text(
                "decimal",
                r#"<xs:fractionDigits value="0"/><xs:maxInclusive value="9"/>"#,
            ),
            vec![],
        ),
        (
            "integer maxInclusive 9 to maxExclusive 11",
            text("integer", r#"<xs:maxInclusive value="9"/>"#),
            text("integer", r#"<xs:maxExclusive value="11"/>"#),
            vec!["R: bounds maxInclusive 9 -> maxExclusive 11 C/I"],
        ),
        (
            "integer maxInclusive lowered",
            text("integer", r#"<xs:maxInclusive value="100"/>"#),
            text("integer", r#"<xs:maxInclusive value="50"/>"#),
            vec!["R: maxInclusive 100 -> 50 I/C"],
        ),
        (
            "integer totalDigits 2 to 3",
            text("integer", r#"<xs:totalDigits value="2"/>"#),
            text("integer", r#"<xs:totalDigits value="3"/>"#),
            vec!["R: totalDigits 2 -> 3 C/I"],
        ),
        (
            "decimal maxInclusive 9 to maxExclusive 10 adds 9.5",
            text("decimal", r#"<xs:maxInclusive value="9"/>"#),
            text("decimal", r#"<xs:maxExclusive value="10"/>"#),
            vec!["R: bounds maxInclusive 9 -> maxExclusive 10 C/I"],
        ),
        (
            "decimal minExclusive 0 to minInclusive 0",
            text("decimal", r#"<xs:minExclusive value="0"/>"#),
            text("decimal", r#"<xs:minInclusive value="0"/>"#),
            vec!["R: bounds minExclusive 0 -> minInclusive 0 C/I"],
        ),
        (
            "decimal range bounds its total digits",
            text(
                "decimal",
                r#"<xs:totalDigits value="5"/><xs:fractionDigits value="2"/><xs:minInclusive value="0"/>"#,
            ),
            text(
                "decimal",
                r#"<xs:fractionDigits value="2"/><xs:minInclusive value="0"/><xs:maxInclusive value="999"/>"#,
            ),
            vec![
                "R: totalDigits 5 -> none C/C",
                "R: maxInclusive none -> 999 I/C",
            ],
        ),
        (
            "decimal totalDigits lowered below the range",
            text(
                "decimal",
                r#"<xs:fractionDigits value="2"/><xs:minInclusive value="0"/><xs:maxInclusive value="999"/>"#,
            ),
            text(
                "decimal",
                r#"<xs:totalDigits value="4"/><xs:fractionDigits value="2"/><xs:minInclusive value="0"/><xs:maxInclusive value="999"/>"#,
            ),
            vec!["R: totalDigits none -> 4 I/C"],
        ),
        (
            "enumeration decides the bounds",
            text(
                "integer",
                r#"<xs:enumeration value="1"/><xs:enumeration value="3"/><xs:maxInclusive value="5"/>"#,
            ),
            text(
                "integer",
                r#"<xs:enumeration value="1"/><xs:enumeration value="3"/><xs:maxInclusive value="3"/>"#,
            ),
            vec![],
        ),
        (
            "enumeration value cut off by a bound",
            text(
                "integer",
                r#"<xs:enumeration value="1"/><xs:enumeration value="3"/><xs:maxInclusive value="5"/>"#,
            ),
            text(
                "integer",
                r#"<xs:enumeration value="1"/><xs:enumeration value="3"/><xs:maxInclusive value="2"/>"#,
            ),
            vec!["R: maxInclusive 5 -> 2 I/C"],
        ),
        (
            "pattern rewritten beside an enumeration",
            text(
                "string",
                r#"<xs:enumeration value="abc"/><xs:pattern value="[a-z]+"/>"#,
            ),
            text(
                "string",
                r#"<xs:enumeration value="abc"/><xs:pattern value="[a-c]+"/>"#,
            ),
            vec![],
        ),
        (
            "date bound moved later",
            text("date", r#"<xs:minInclusive value="2020-01-01"/>"#),
            text("date", r#"<xs:minInclusive value="2021-01-01"/>"#),
            vec!["R: minInclusive 2020-01-01 -> 2021-01-01 I/C"],
        ),
    ];
    check(&cases);
}

#[test]
fn value_range_witnesses() {
    let cases = [
        (
            text("integer", r#"<xs:maxInclusive value="9"/>"#),
            text("integer", r#"<xs:maxExclusive value="11"/>"#),
            "",
            "`R` with text = \"10\" is now valid and was not",
        ),
        (
            text("integer", r#"<xs:minInclusive value="0"/>"#),
            text("integer", ""),
            "",
            "`R` with text = \"-1\" is now valid and was not",
        ),
        (
            text("decimal", r#"<xs:minExclusive value="0"/>"#),
            text("decimal", r#"<xs:minInclusive value="0"/>"#),
            "",
            "`R` with text = \"0\" is now valid and was not",
        ),
        (
            text("decimal", r#"<xs:maxInclusive value="10"/>"#),
            text("decimal", r#"<xs:maxInclusive value="5.5"/>"#),
            "`R` with text = \"10\" was valid and is not any more",
            "",
        ),
        (
            text("decimal", r#"<xs:maxExclusive value="10"/>"#),
            text("decimal", r#"<xs:maxExclusive value="5.5"/>"#),
            "`R` with text between 10 and 5.5 was valid and is not any more",
            "",
        ),
    ];
    for (old, new, backward, forward) in cases {
        let diff = diff_schemas(&xsd(&old), &xsd(&new));
        assert_eq!(diff.changes.len(), 1, "{old} -> {new}: {diff:#?}");

        let compatibility = &diff.changes[0].compatibility;
        assert_eq!(detail(&compatibility.backward), backward, "{old} -> {new}");
        assert_eq!(detail(&compatibility.forward), forward, "{old} -> {new}");
    }
}

/// Declares an element `R` with string content, the extra XML attributes
/// `properties`, and an attribute `a` with the extra XML attributes `attribute`.
fn declared(properties: &str, attribute: &str) -> String {
    format!(
        r#"<xs:element name="R" {properties}><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
             <xs:attribute name="a" type="xs:string" {attribute}/>
           </xs:extension></xs:simpleContent></xs:complexType></xs:element>"#
    )
}

#[test]
fn declaration_properties_table() {
    let cases = [
        (
            "element made nillable",
            declared("", ""),
            declared(r#"nillable="true""#, ""),
            vec!["R: nillable -> true C/I"],
        ),
        (
            "element no longer nillable",
            declared(r#"nillable="true""#, ""),
            declared(r#"nillable="false""#, ""),
            vec!["R: nillable -> false I/C"],
        ),
        (
            "element fixed value added",
            declared("", ""),
            declared(r#"fixed="x""#, ""),
            vec![r#"R: value none -> fixed "x" I/C"#],
        ),
        (
            "element fixed value removed",
            declared(r#"fixed="x""#, ""),
            declared("", ""),
            vec![r#"R: value fixed "x" -> none C/I"#],
        ),
        (
            "element fixed value changed",
            declared(r#"fixed="x""#, ""),
            declared(r#"fixed="y""#, ""),
            vec![r#"R: value fixed "x" -> fixed "y" I/I"#],
        ),
        (
            "element fixed value became default",
            declared(r#"fixed="x""#, ""),
            declared(r#"default="x""#, ""),
            vec![r#"R: value fixed "x" -> default "x" C/I"#],
        ),
        (
            "element default value added",
            declared("", ""),
            declared(r#"default="x""#, ""),
            vec![r#"R: value none -> default "x" C/C"#],
        ),
        (
            "element default value changed",
            declared(r#"default="x""#, ""),
            declared(r#"default="y""#, ""),
            vec![r#"R: value default "x" -> default "y" C/C"#],
        ),
        (
            "attribute fixed value removed",
            declared("", r#"fixed="1""#),
            declared("", ""),
            vec![r#"R: @a value fixed "1" -> none C/I"#],
        ),
        (
            "attribute fixed value changed",
            declared("", r#"fixed="1""#),
            declared("", r#"fixed="2""#),
            vec![r#"R: @a value fixed "1" -> fixed "2" I/I"#],
        ),
        (
            "attribute default became fixed",
            declared("", r#"default="1""#),
            declared("", r#"fixed="1""#),
            vec![r#"R: @a value default "1" -> fixed "1" I/C"#],
        ),
        (
            "attribute default removed",
            declared("", r#"default="1""#),
            declared("", ""),
            vec![r#"R: @a value default "1" -> none C/C"#],
        ),
    ];
    check(&cases);
}

#[test]
fn default_change_says_infoset_changes() {
    let old = xsd(&declared(r#"default="x""#, ""));
    let new = xsd(&declared(r#"default="y""#, ""));

    let report = schemakit_diff::render_human(&diff_schemas(&old, &new));

    assert!(
        report.contains("a validator fills in another value where the document gives none"),
        "{report}"
    );
}

#[test]
fn nested_element_properties_are_reported() {
    let schema = |child: &str| {
        format!(
            r#"<xs:element name="R"><xs:complexType><xs:sequence>{child}</xs:sequence></xs:complexType></xs:element>"#
        )
    };
    let cases = [(
        "child made nillable",
        schema(r#"<xs:element name="C" type="xs:string"/>"#),
        schema(r#"<xs:element name="C" type="xs:string" nillable="true"/>"#),
        vec!["R/C: nillable -> true C/I"],
    )];
    check(&cases);
}

/// Builds a schema where `R` has children `A` and `B` of the named complex type `Item`
/// with the content `item`, and `Item` contains `Nested` of type `Inner` with the
/// content `inner`.
fn shared(item: &str, inner: &str) -> String {
    format!(
        r#"<xs:complexType name="Inner"><xs:sequence>{inner}</xs:sequence></xs:complexType>
           <xs:complexType name="Item"><xs:sequence>{item}<xs:element name="Nested" type="Inner" minOccurs="0"/></xs:sequence>
             <xs:attribute name="id" type="xs:string"/></xs:complexType>
           <xs:element name="R"><xs:complexType><xs:sequence>
             <xs:element name="A" type="Item"/><xs:element name="B" type="Item"/>
           </xs:sequence></xs:complexType></xs:element>"#
    )
}

#[test]
fn shared_complex_type_table() {
    let x = r#"<xs:element name="X" type="xs:string"/>"#;
    let x_optional = r#"<xs:element name="X" type="xs:string" minOccurs="0"/>"#;
    let y = r#"<xs:element name="Y" type="xs:string" maxOccurs="2"/>"#;
    let y_more = r#"<xs:element name="Y" type="xs:string" maxOccurs="3"/>"#;
    let cases = [
        (
            "content change at every use",
            shared(x, y),
            shared(x_optional, y),
            vec![
                "R/A: content (X, Nested?) -> (X?, Nested?) C/I",
                "R/B: content (X, Nested?) -> (X?, Nested?) C/I",
            ],
        ),
        (
            "nested type change at every path",
            shared(x, y),
            shared(x, y_more),
            vec![
                "R/A/Nested: content (Y{1,2}) -> (Y{1,3}) C/I",
                "R/B/Nested: content (Y{1,2}) -> (Y{1,3}) C/I",
            ],
        ),
    ];
    check(&cases);
}

#[test]
fn shared_complex_type_witness_names_each_path() {
    let old = xsd(&shared(r#"<xs:element name="X" type="xs:string"/>"#, ""));
    let new = xsd(&shared(
        r#"<xs:element name="X" type="xs:string" minOccurs="0"/>"#,
        "",
    ));

    let diff = diff_schemas(&old, &new);
    let witnesses: Vec<&str> = diff
        .changes
        .iter()
        .map(|change| detail(&change.compatibility.forward))
        .collect();

    assert_eq!(witnesses.len(), 2, "{diff:#?}");
    assert!(witnesses[0].starts_with("`R/A`"), "{}", witnesses[0]);
    assert!(witnesses[1].starts_with("`R/B`"), "{}", witnesses[1]);
}

#[test]
fn recursive_type_compared_once() {
    let schema = |max: &str| {
        format!(
            r#"<xs:complexType name="Node"><xs:sequence>
                 <xs:element name="V" type="xs:string" maxOccurs="{max}"/>
                 <xs:element name="Node" type="Node" minOccurs="0"/>
               </xs:sequence></xs:complexType>
               <xs:element name="R"><xs:complexType><xs:sequence>
                 <xs:element name="Node" type="Node"/>
               </xs:sequence></xs:complexType></xs:element>"#
        )
    };
    let cases = [(
        "self-containing type",
        schema("2"),
        schema("3"),
        vec!["R/Node: content (V{1,2}, Node?) -> (V{1,3}, Node?) C/I"],
    )];
    check(&cases);
}

#[test]
fn pattern_language_table() {
    let pattern = |value: &str| text("string", &format!(r#"<xs:pattern value="{value}"/>"#));
    let cases = [
        (
            "class narrowed",
            pattern("[a-z]+"),
            pattern("[a-c]+"),
            vec!["R: pattern [a-z]+ -> [a-c]+ I/C"],
        ),
        (
            "class widened",
            pattern("[a-c]+"),
            pattern("[a-z]+"),
            vec!["R: pattern [a-c]+ -> [a-z]+ C/I"],
        ),
        (
            "XSD digits are all Unicode decimal digits",
            pattern(r"\d{3}"),
            pattern("[0-9]{3}"),
            vec![r"R: pattern \d{3} -> [0-9]{3} I/C"],
        ),
        (
            "alternation rewritten as a class",
            pattern("a|b"),
            pattern("[ab]"),
            vec![],
        ),
        (
            "counted repetition rewritten",
            pattern("a{2,3}"),
            pattern("aa|aaa"),
            vec![],
        ),
        (
            "pattern added",
            text("string", ""),
            pattern("[a-z]*"),
            vec!["R: pattern none -> [a-z]* I/C"],
        ),
        (
            "pattern difference hidden by maxLength",
            text(
                "string",
                r#"<xs:maxLength value="2"/><xs:pattern value="[a-z]+"/>"#,
            ),
            text(
                "string",
                r#"<xs:maxLength value="2"/><xs:pattern value="[a-z]{1,2}"/>"#,
            ),
            vec!["R: pattern [a-z]+ -> [a-z]{1,2} U/C"],
        ),
        (
            "patterns of two derivation steps",
                            r#"<xs:simpleType name="Base"><xs:restriction base="xs:string"><xs:pattern value="[a-z]+"/></xs:restriction></xs:simpleType>
                   <xs:element name="R"><xs:simpleType><xs:restriction base="Base"><xs:pattern value="[a-m]+"/></xs:restriction></xs:simpleType></xs:element>"#
                .to_owned(),
            pattern("[a-m]+"),
            vec![],
        ),
    ];
    check(&cases);
}

#[test]
fn pattern_witnesses() {
    let pattern = |value: &str| {
        xsd(&text(
            "string",
            &format!(r#"<xs:pattern value="{value}"/>"#),
        ))
    };

    let diff = diff_schemas(&pattern("[a-z]+"), &pattern("[a-c]+"));
    assert_eq!(diff.changes.len(), 1, "{diff:#?}");
    assert_eq!(
        detail(&diff.changes[0].compatibility.backward),
        "`R` with text = \"d\" was valid and is not any more"
    );

    let diff = diff_schemas(&pattern("[a-z]{2}"), &pattern("[a-z]{3}"));
    assert_eq!(diff.changes.len(), 1, "{diff:#?}");
    assert_eq!(
        detail(&diff.changes[0].compatibility.forward),
        "`R` with text = \"aaa\" is now valid and was not"
    );
}

#[test]
fn large_pattern_automaton_is_undecided() {
    let pattern = |value: &str| {
        xsd(&text(
            "string",
            &format!(r#"<xs:pattern value="{value}"/>"#),
        ))
    };

    let diff = diff_schemas(&pattern("[ab]*a[ab]{20}"), &pattern("[ab]*"));

    assert_eq!(diff.changes.len(), 1, "{diff:#?}");
    let reason = detail(&diff.changes[0].compatibility.backward);
    assert!(
        reason.contains("could not be"),
        "expected an undecided verdict, got {:?}",
        diff.changes[0].compatibility.backward
    );
}
