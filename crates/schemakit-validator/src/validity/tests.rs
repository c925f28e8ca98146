//! Checker tests on event sequences built from small test documents.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::Checker;
use crate::compiled::CompiledDtd;
use crate::report::{Findings, Report};
use crate::test_support::{attribute, events, schema, FILE};
use schemakit_model::{
    AttributeType, DefaultDecl, EntityDecl, EntityValue, ExternalId, NotationDecl, Schema,
};
use std::sync::Arc;

fn check_with(
    schema: Schema,
    document: &str,
    doctype: Option<&str>,
    standalone: bool,
    max_errors: Option<usize>,
) -> Report {
    let dtd = Arc::new(CompiledDtd::from_schema(schema, Vec::new()));
    let mut checker = Checker::new(dtd, FILE, doctype.map(str::to_owned), standalone);
    let mut findings = Findings::new(FILE, max_errors);
    for event in events(document) {
        checker.handle(&event, &mut findings);
    }
    checker.finish(&mut findings);
    findings.into_report(None, true)
}

/// Validates `document` and returns its findings as `line:column code path`.
fn check(schema: Schema, document: &str) -> Vec<String> {
    summary(&check_with(schema, document, None, false, None))
}

fn summary(report: &Report) -> Vec<String> {
    report
        .diagnostics
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

fn response_schema() -> Schema {
    schema(&[
        ("RESPONSE", "(DATETIME, INFO_LIST?, TEXT)"),
        ("DATETIME", "(#PCDATA)"),
        ("INFO_LIST", "(INFO+)"),
        ("INFO", "(#PCDATA)"),
        ("TEXT", "(#PCDATA)"),
    ])
}

#[test]
fn content_model_cases() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("valid", "<RESPONSE><DATETIME>x</DATETIME><INFO_LIST><INFO/></INFO_LIST><TEXT/></RESPONSE>", &[]),
        (
            "missing before a later child",
            "<RESPONSE><INFO_LIST><INFO/></INFO_LIST><TEXT/></RESPONSE>",
            &["1:11 missing-element /RESPONSE/INFO_LIST"],
        ),
        ("missing at the end", "<RESPONSE><DATETIME/></RESPONSE>", &["1:22 missing-element /RESPONSE"]),
        (
            "swapped siblings",
            "<RESPONSE><TEXT/><DATETIME/></RESPONSE>",
            &["1:11 element-out-of-order /RESPONSE/TEXT"],
        ),
        (
            "unexpected child resynchronizes",
            "<RESPONSE><DATETIME/><INFO/><TEXT/></RESPONSE>",
            &["1:22 unexpected-element /RESPONSE/INFO"],
        ),
        (
            "undeclared child only once",
            "<RESPONSE><DATETIME/><BOGUS><TEXT/></BOGUS><TEXT/></RESPONSE>",
            &["1:22 undeclared-element /RESPONSE/BOGUS"],
        ),
        (
            "repeated child gets an index",
            "<RESPONSE><DATETIME/><INFO_LIST><INFO/><INFO><TEXT/></INFO></INFO_LIST><TEXT/></RESPONSE>",
            &["1:46 unexpected-element /RESPONSE/INFO_LIST/INFO[2]/TEXT"],
        ),
        (
            "repeated unexpected sibling each reported",
            "<RESPONSE><DATETIME/><DATETIME/><DATETIME/><TEXT/></RESPONSE>",
            &["1:22 unexpected-element /RESPONSE/DATETIME[2]", "1:33 unexpected-element /RESPONSE/DATETIME[3]"],
        ),
        ("empty list needs one item", "<RESPONSE><DATETIME/><INFO_LIST></INFO_LIST><TEXT/></RESPONSE>", &["1:33 missing-element /RESPONSE/INFO_LIST"]),
    ];
    for (name, document, expected) in cases {
        assert_eq!(check(response_schema(), document), *expected, "{name}");
    }
}

#[test]
fn missing_then_end_reports_both() {
    let found = check(
        response_schema(),
        "<RESPONSE><INFO_LIST><INFO/></INFO_LIST></RESPONSE>",
    );
    assert_eq!(
        found,
        vec![
            "1:11 missing-element /RESPONSE/INFO_LIST",
            "1:41 missing-element /RESPONSE"
        ]
    );
}

#[test]
fn messages_name_expected_and_model() {
    let report = check_with(
        response_schema(),
        "<RESPONSE><INFO_LIST><INFO/></INFO_LIST><TEXT/></RESPONSE>",
        None,
        false,
        None,
    );
    let missing = &report.diagnostics[0];
    assert_eq!(
        missing.message,
        "missing `DATETIME` before `INFO_LIST` in `RESPONSE`"
    );
    assert_eq!(missing.expected.as_deref(), Some("DATETIME"));
    assert_eq!(missing.found.as_deref(), Some("INFO_LIST"));
    assert_eq!(
        missing.help.as_deref(),
        Some("the content model of `RESPONSE` is (DATETIME, INFO_LIST?, TEXT)")
    );

    let report = check_with(
        response_schema(),
        "<RESPONSE><DATETIME/></RESPONSE>",
        None,
        false,
        None,
    );
    assert_eq!(
        report.diagnostics[0].message,
        "missing required child `TEXT` at the end of `RESPONSE`"
    );

    let report = check_with(
        response_schema(),
        "<RESPONSE><TEXT/><DATETIME/></RESPONSE>",
        None,
        false,
        None,
    );
    assert_eq!(
        report.diagnostics[0].message,
        "`DATETIME` must come before `TEXT` in `RESPONSE`"
    );

    let report = check_with(
        response_schema(),
        "<RESPONSE><DATETIME/><INFO/><TEXT/></RESPONSE>",
        None,
        false,
        None,
    );
    assert_eq!(
        report.diagnostics[0].message,
        "element `INFO` is not allowed here in `RESPONSE`, which expects `INFO_LIST` or `TEXT`"
    );
}

#[test]
fn reordering_cases() {
    let schema = || {
        schema(&[
            ("R", "(A, B, C, D?)"),
            ("A", "EMPTY"),
            ("B", "EMPTY"),
            ("C", "EMPTY"),
            ("D", "EMPTY"),
        ])
    };
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "one moved to the front",
            "<R><C/><A/><B/></R>",
            &["1:4 element-out-of-order /R/C"],
        ),
        (
            "moved with one really missing",
            "<R><C/><A/></R>",
            &["1:4 element-out-of-order /R/C", "1:12 missing-element /R"],
        ),
        (
            "two missing",
            "<R><C/><D/></R>",
            &["1:4 missing-element /R/C"],
        ),
        (
            "repeated child",
            "<R><A/><B/><C/><A/></R>",
            &["1:16 unexpected-element /R/A[2]"],
        ),
        (
            "missing then unexpected",
            "<R><B/><C/><B/></R>",
            &[
                "1:4 missing-element /R/B",
                "1:12 unexpected-element /R/B[2]",
            ],
        ),
    ];
    for (name, document, expected) in cases {
        assert_eq!(check(schema(), document), *expected, "{name}");
    }
}

#[test]
fn child_too_early_does_not_cascade() {
    // The shape of a knowledge-base VULN whose CVE_LIST was moved up: assuming the
    // required children before CVE_LIST missing would make every later sibling
    // unexpected, so the one misplaced child is the single finding.
    let schema = schema(&[
        ("V", "(Q, T, CAT?, PUB, PAT, SW?, CVE?, DIAG?)"),
        ("Q", "EMPTY"),
        ("T", "EMPTY"),
        ("CAT", "EMPTY"),
        ("PUB", "EMPTY"),
        ("PAT", "EMPTY"),
        ("SW", "EMPTY"),
        ("CVE", "EMPTY"),
        ("DIAG", "EMPTY"),
    ]);
    let report = check_with(
        schema,
        "<V><Q/><T/><CVE/><CAT/><PUB/><PAT/><SW/><DIAG/></V>",
        None,
        false,
        None,
    );
    assert_eq!(summary(&report), vec!["1:12 element-out-of-order /V/CVE"]);
    assert_eq!(
        report.diagnostics[0].message,
        "`CVE` comes too early in `V`: `PUB` and `PAT` must come before it"
    );
}

#[test]
fn swapped_pair_and_missing_child_are_two_faults() {
    let schema = schema(&[
        ("R", "(A, B, C, D)"),
        ("A", "EMPTY"),
        ("B", "EMPTY"),
        ("C", "EMPTY"),
        ("D", "EMPTY"),
    ]);
    let report = check_with(schema, "<R><B/><A/><C/></R>", None, false, None);
    assert_eq!(
        summary(&report),
        vec!["1:4 element-out-of-order /R/B", "1:16 missing-element /R"]
    );
}

#[test]
fn optional_child_too_late_is_out_of_order() {
    let schema = schema(&[
        ("R", "(A, B?, C, D*)"),
        ("A", "EMPTY"),
        ("B", "EMPTY"),
        ("C", "EMPTY"),
        ("D", "EMPTY"),
    ]);
    let report = check_with(schema, "<R><A/><C/><D/><B/><D/></R>", None, false, None);
    assert_eq!(summary(&report), vec!["1:16 element-out-of-order /R/B"]);
    assert_eq!(
        report.diagnostics[0].message,
        "`B` must come before `C` in `R`"
    );
}

#[test]
fn early_sibling_is_one_fault() {
    let schema = schema(&[
        ("R", "(A, B?, C?, D?)"),
        ("A", "EMPTY"),
        ("B", "EMPTY"),
        ("C", "EMPTY"),
        ("D", "EMPTY"),
    ]);
    let report = check_with(schema, "<R><A/><D/><C/><B/></R>", None, false, None);
    assert_eq!(summary(&report), vec!["1:12 element-out-of-order /R/C"]);
    assert_eq!(
        report.diagnostics[0].message,
        "`C` must come before `D` in `R`"
    );
}

#[test]
fn missing_several_at_end_lists_all() {
    let schema = schema(&[
        ("R", "(A, B, C)"),
        ("A", "EMPTY"),
        ("B", "EMPTY"),
        ("C", "EMPTY"),
    ]);
    let report = check_with(schema, "<R><A/></R>", None, false, None);
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(
        report.diagnostics[0].message,
        "missing required children `B` and `C` at the end of `R`"
    );
    assert_eq!(report.diagnostics[0].expected.as_deref(), Some("B, C"));
}

#[test]
fn text_cases() {
    let schema = || {
        schema(&[
            ("R", "(A*)"),
            ("A", "(#PCDATA | B)*"),
            ("B", "(#PCDATA)"),
            ("E", "EMPTY"),
            ("Y", "ANY"),
        ])
    };
    let cases: &[(&str, &str, &[&str])] = &[
        ("whitespace in element content", "<R>\n  <A/>\n</R>", &[]),
        (
            "text in element content",
            "<R>  hi <A/> again</R>",
            &["1:6 text-not-allowed /R", "1:14 text-not-allowed /R"],
        ),
        (
            "one finding per text run",
            "<R>hi<!-- c -->there</R>",
            &["1:4 text-not-allowed /R"],
        ),
        (
            "cdata in element content",
            "<R><![CDATA[ ]]></R>",
            &["1:4 text-not-allowed /R"],
        ),
        ("mixed allows listed child", "<R><A>x<B>y</B>z</A></R>", &[]),
        (
            "mixed rejects other child",
            "<R><A><A/></A></R>",
            &["1:7 unexpected-element /R/A/A"],
        ),
        (
            "pcdata only rejects child",
            "<R><A><B><B/></B></A></R>",
            &["1:10 unexpected-element /R/A/B/B"],
        ),
    ];
    for (name, document, expected) in cases {
        assert_eq!(check(schema(), document), *expected, "{name}");
    }
}

#[test]
fn empty_cases() {
    let schema = || schema(&[("R", "ANY"), ("E", "EMPTY"), ("A", "EMPTY")]);
    let cases: &[(&str, &str, &[&str])] = &[
        ("empty tag", "<R><E/></R>", &[]),
        ("start and end tag", "<R><E></E></R>", &[]),
        ("whitespace", "<R><E> </E></R>", &["1:7 not-empty /R/E"]),
        ("text", "<R><E> x</E></R>", &["1:8 text-not-allowed /R/E"]),
        (
            "comment",
            "<R><E><!-- c --></E></R>",
            &["1:7 not-empty /R/E"],
        ),
        (
            "child once",
            "<R><E><A/><A/></E></R>",
            &["1:7 not-empty /R/E/A"],
        ),
        (
            "any takes declared elements and text",
            "<R>text<A/>more<E/></R>",
            &[],
        ),
    ];
    for (name, document, expected) in cases {
        assert_eq!(check(schema(), document), *expected, "{name}");
    }
}

#[test]
fn root_must_match_doctype() {
    let report = check_with(response_schema(), "<TEXT/>", Some("RESPONSE"), false, None);
    assert_eq!(summary(&report), vec!["1:1 root-mismatch /TEXT"]);
    assert_eq!(report.diagnostics[0].expected.as_deref(), Some("RESPONSE"));
}

#[test]
fn undeclared_element_suggests_case() {
    let report = check_with(
        response_schema(),
        "<RESPONSE><datetime/></RESPONSE>",
        None,
        false,
        None,
    );
    let undeclared = report
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "undeclared-element")
        .unwrap();
    assert_eq!(
        undeclared.help.as_deref(),
        Some("element names are case-sensitive: did you mean `DATETIME`?")
    );
}

fn attribute_schema() -> Schema {
    let mut schema = schema(&[("R", "(E*)"), ("E", "EMPTY")]);
    attribute(
        &mut schema,
        "E",
        "id",
        AttributeType::Id,
        DefaultDecl::Implied,
    );
    attribute(
        &mut schema,
        "E",
        "ref",
        AttributeType::IdRef,
        DefaultDecl::Implied,
    );
    attribute(
        &mut schema,
        "E",
        "refs",
        AttributeType::IdRefs,
        DefaultDecl::Implied,
    );
    attribute(
        &mut schema,
        "E",
        "kind",
        AttributeType::Enumeration(vec!["a".to_owned(), "b".to_owned()]),
        DefaultDecl::Default("a".to_owned()),
    );
    attribute(
        &mut schema,
        "E",
        "version",
        AttributeType::Cdata,
        DefaultDecl::Fixed("2.0".to_owned()),
    );
    attribute(
        &mut schema,
        "E",
        "size",
        AttributeType::NmToken,
        DefaultDecl::Implied,
    );
    attribute(
        &mut schema,
        "R",
        "name",
        AttributeType::Cdata,
        DefaultDecl::Required,
    );
    schema
}

#[test]
fn attribute_cases() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "valid",
            r#"<R name="x"><E id="a" ref="a" kind=" b " version="2.0"/></R>"#,
            &[],
        ),
        (
            "missing required",
            "<R></R>",
            &["1:1 missing-required-attribute /R"],
        ),
        (
            "undeclared",
            r#"<R name="x" color="red"></R>"#,
            &["1:13 undeclared-attribute /R"],
        ),
        (
            "fixed mismatch",
            r#"<R name="x"><E version="1.0"/></R>"#,
            &["1:16 fixed-attribute-mismatch /R/E"],
        ),
        (
            "enumeration",
            r#"<R name="x"><E kind="c"/></R>"#,
            &["1:16 invalid-attribute-value /R/E"],
        ),
        (
            "nmtoken",
            r#"<R name="x"><E size="a b"/></R>"#,
            &["1:16 invalid-attribute-value /R/E"],
        ),
        (
            "id syntax",
            r#"<R name="x"><E id="1a"/></R>"#,
            &["1:16 invalid-attribute-value /R/E"],
        ),
        (
            "duplicate id",
            r#"<R name="x"><E id="a"/><E id="a"/></R>"#,
            &["1:24 duplicate-id /R/E[2]"],
        ),
        (
            "forward reference",
            r#"<R name="x"><E ref="b"/><E id="b"/></R>"#,
            &[],
        ),
        (
            "unknown reference",
            r#"<R name="x"><E ref="b"/><E refs="c  b"/></R>"#,
            &[
                "1:13 unknown-idref /R/E",
                "1:25 unknown-idref /R/E[2]",
                "1:25 unknown-idref /R/E[2]",
            ],
        ),
    ];
    for (name, document, expected) in cases {
        assert_eq!(check(attribute_schema(), document), *expected, "{name}");
    }
}

#[test]
fn duplicate_id_names_first_position() {
    let report = check_with(
        attribute_schema(),
        "<R name=\"x\">\n<E id=\"a\"/>\n<E id=\"a\"/></R>",
        None,
        false,
        None,
    );
    assert_eq!(report.diagnostics.len(), 1);
    assert!(
        report.diagnostics[0].message.contains("first at 2:1"),
        "{}",
        report.diagnostics[0].message
    );
}

#[test]
fn undeclared_attribute_lists_declared() {
    let report = check_with(
        attribute_schema(),
        r#"<R name="x"><E colour="red"/></R>"#,
        None,
        false,
        None,
    );
    assert_eq!(
        report.diagnostics[0].expected.as_deref(),
        Some("id, ref, refs, kind, version, size")
    );
}

#[test]
fn entity_and_notation_values() {
    let mut schema = schema(&[("R", "EMPTY")]);
    attribute(
        &mut schema,
        "R",
        "pic",
        AttributeType::Entity,
        DefaultDecl::Implied,
    );
    attribute(
        &mut schema,
        "R",
        "format",
        AttributeType::Notation(vec!["gif".to_owned(), "png".to_owned()]),
        DefaultDecl::Implied,
    );
    schema.general_entities.insert(
        "logo".to_owned(),
        EntityDecl {
            name: "logo".to_owned(),
            value: EntityValue::External {
                id: ExternalId {
                    public_id: None,
                    system_id: "logo.gif".to_owned(),
                    base: None,
                },
                notation: Some("gif".to_owned()),
            },
            span: None,
            external_markup: false,
        },
    );
    schema.notations.insert(
        "gif".to_owned(),
        NotationDecl {
            name: "gif".to_owned(),
            public_id: None,
            system_id: Some("image/gif".to_owned()),
            span: None,
        },
    );
    let cases: &[(&str, &[&str])] = &[
        (r#"<R pic="logo" format="gif"/>"#, &[]),
        (r#"<R pic="other"/>"#, &["1:4 invalid-attribute-value /R"]),
        (r#"<R format="png"/>"#, &["1:4 invalid-attribute-value /R"]),
        (r#"<R format="jpg"/>"#, &["1:4 invalid-attribute-value /R"]),
    ];
    for (document, expected) in cases {
        assert_eq!(check(schema.clone(), document), *expected, "{document}");
    }
}

#[test]
fn standalone_cases() {
    let mut external = schema(&[("R", "(E*)"), ("E", "EMPTY")]);
    for element in external.elements.values_mut() {
        element.external_markup = true;
    }
    attribute(
        &mut external,
        "E",
        "kind",
        AttributeType::NmToken,
        DefaultDecl::Default("a".to_owned()),
    );
    if let Some(element) = external.element("E").map(|e| e.name) {
        if let Some(decl) = external
            .elements
            .get_mut(&element)
            .and_then(|e| e.attributes.get_mut("kind"))
        {
            decl.external_markup = true;
        }
    }
    let cases: &[(&str, bool, &[&str])] = &[
        ("<R>\n<E kind=\"a\"/></R>", false, &[]),
        (
            "<R>\n<E kind=\"a\"/></R>",
            true,
            &["1:4 standalone-violation /R"],
        ),
        ("<R><E/></R>", true, &["1:4 standalone-violation /R/E"]),
        (
            "<R><E kind=\" a\"/></R>",
            true,
            &["1:7 standalone-violation /R/E"],
        ),
    ];
    for (document, standalone, expected) in cases {
        let report = check_with(external.clone(), document, None, *standalone, None);
        assert_eq!(
            summary(&report),
            *expected,
            "{document} standalone={standalone}"
        );
    }
}

#[test]
fn skipped_entity_is_undeclared() {
    let found = check(schema(&[("R", "(#PCDATA)")]), "<R>&nbsp;</R>");
    assert_eq!(found, vec!["1:4 undeclared-entity /R"]);
}

#[test]
fn max_errors_truncates() {
    let report = check_with(
        response_schema(),
        "<RESPONSE><X/><Y/><Z/></RESPONSE>",
        None,
        false,
        Some(2),
    );
    assert!(report.truncated);
    assert_eq!(report.diagnostics.len(), 2);
}

#[test]
fn undeclared_root_content_still_checks_children() {
    let found = check(
        response_schema(),
        "<ROOT><RESPONSE><TEXT/></RESPONSE></ROOT>",
    );
    assert_eq!(
        found,
        vec![
            "1:1 undeclared-element /ROOT",
            "1:17 missing-element /ROOT/RESPONSE/TEXT"
        ]
    );
}

#[test]
fn token_normalization_cases() {
    use super::attributes::normalize;
    use std::borrow::Cow;

    let cases = [
        ("os linux", "os linux", false),
        ("  os   linux ", "os linux", true),
        (" os", "os", true),
        ("os ", "os", true),
        ("os  linux", "os linux", true),
        ("", "", false),
        ("   ", "", true),
    ];
    for (value, expected, allocates) in cases {
        let normalized = normalize(&AttributeType::NmTokens, value);
        assert_eq!(normalized, expected, "value {value:?}");
        assert_eq!(
            matches!(normalized, Cow::Owned(_)),
            allocates,
            "allocation for {value:?}"
        );
    }

    let cdata = normalize(&AttributeType::Cdata, "  kept  as is ");
    assert_eq!(cdata, "  kept  as is ");
}

#[test]
fn attributes_found_past_linear_scan_limit() {
    let mut schema = schema(&[("R", "EMPTY")]);
    for number in 0..12 {
        attribute(
            &mut schema,
            "R",
            &format!("a{number}"),
            AttributeType::NmToken,
            DefaultDecl::Implied,
        );
    }
    attribute(
        &mut schema,
        "R",
        "last",
        AttributeType::Cdata,
        DefaultDecl::Required,
    );

    assert_eq!(
        check(schema.clone(), r#"<R a0="x" a11="y" last="z"/>"#),
        Vec::<String>::new()
    );
    assert_eq!(
        check(schema.clone(), r#"<R a11="not a token" last="z"/>"#),
        ["1:4 invalid-attribute-value /R"]
    );
    assert_eq!(
        check(schema, r#"<R a12="x"/>"#),
        [
            "1:1 missing-required-attribute /R",
            "1:4 undeclared-attribute /R"
        ]
    );
}

#[test]
fn frames_reused_across_content_kinds() {
    let schema = schema(&[
        ("R", "(M | C | E)*"),
        ("M", "(#PCDATA | E)*"),
        ("C", "(E, E)"),
        ("E", "EMPTY"),
    ]);
    let document = "<R><M>text<E/></M><C><E/></C><M>more</M><C>text<E/><E/></C><E>x</E></R>";
    assert_eq!(
        check(schema, document),
        [
            "1:26 missing-element /R/C",
            "1:44 text-not-allowed /R/C[2]",
            "1:63 text-not-allowed /R/E"
        ]
    );
}

#[test]
fn next_element_guess_misses_stay_correct() {
    let schema = schema(&[
        ("R", "(A, (B | C))+"),
        ("A", "EMPTY"),
        ("B", "EMPTY"),
        ("C", "EMPTY"),
    ]);
    let alternating = "<R><A/><B/><A/><C/><A/><B/><A/><C/></R>";
    assert_eq!(check(schema.clone(), alternating), Vec::<String>::new());

    let undeclared_between = "<R><A/><D/><B/><A/><D/><C/></R>";
    assert_eq!(
        check(schema, undeclared_between),
        [
            "1:8 undeclared-element /R/D",
            "1:20 undeclared-element /R/D[2]"
        ]
    );
}
