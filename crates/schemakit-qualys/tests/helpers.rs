//! The canonical XML comparison and the sample list that the other tests rely on.

// Test helpers stop at the first unexpected value, like the tests themselves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::canonical::{canonical_events, compare, Event};
use common::samples::{self, doctype_system_id, SchemaSelector};
use common::validation::SchemaValidators;

/// Pairs of documents that must compare equal, with what differs between them.
const EQUAL: &[(&str, &str, &str)] = &[
    (
        "indentation between elements",
        "<A><B>x</B><C/></A>",
        "<A>\n  <B>x</B>\n  <C/>\n</A>\n",
    ),
    (
        "CDATA against escaped text",
        "<A><B><![CDATA[a < b & c]]></B></A>",
        "<A><B>a &lt; b &amp; c</B></A>",
    ),
    (
        "CDATA split against one text node",
        "<A>x<![CDATA[y]]>z</A>",
        "<A>xyz</A>",
    ),
    (
        "character reference against the character",
        "<A>&#38;&#x3C;</A>",
        "<A>&amp;&lt;</A>",
    ),
    (
        "attribute order",
        r#"<A x="1" y="2"/>"#,
        r#"<A y="2" x="1"/>"#,
    ),
    ("empty element forms", "<A><B/></A>", "<A><B></B></A>"),
    (
        "XML declaration and DOCTYPE",
        r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE A SYSTEM "a.dtd"><A/>"#,
        "<A/>",
    ),
    (
        "comments and processing instructions",
        "<A><!-- note --><B>x</B><?pi data?></A>",
        "<A><B>x</B></A>",
    ),
    (
        "namespace prefixes bound to the same URI",
        r#"<A xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="a.xsd"/>"#,
        r#"<A xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:noNamespaceSchemaLocation="a.xsd"/>"#,
    ),
    (
        "line breaks inside text, CRLF against LF",
        "<A>one\r\ntwo</A>",
        "<A>one\ntwo</A>",
    ),
];

/// Pairs of documents that must compare different, with the difference and a
/// fragment that the message must contain.
const DIFFERENT: &[(&str, &str, &str, &str)] = &[
    (
        "text value",
        "<A><B>x</B></A>",
        "<A><B>y</B></A>",
        "at /A/B",
    ),
    (
        "element order",
        "<A><B/><C/></A>",
        "<A><C/><B/></A>",
        "expected <B>, found <C>",
    ),
    (
        "missing attribute",
        r#"<A x="1"/>"#,
        "<A/>",
        "expected <A x=\"1\">",
    ),
    (
        "attribute value",
        r#"<A x="1"/>"#,
        r#"<A x="2"/>"#,
        "found <A x=\"2\">",
    ),
    (
        "extra element at the end",
        "<A><B/></A>",
        "<A><B/><B/></A>",
        "expected </A>, found <B>",
    ),
    (
        "missing last element",
        "<A><B/><C/></A>",
        "<A><B/></A>",
        "expected <C>, found </A>",
    ),
    (
        "whitespace-only text of a leaf element",
        "<A><B> </B></A>",
        "<A><B/></A>",
        "at /A/B",
    ),
    (
        "leading space in leaf text",
        "<A>IBM DB2</A>",
        "<A> IBM DB2</A>",
        "at /A",
    ),
    (
        "text order in mixed content",
        "<P>a<B/>b</P>",
        "<P>b<B/>a</P>",
        "at /P",
    ),
    (
        "root element name",
        "<A/>",
        "<B/>",
        "expected <A>, found <B>",
    ),
    (
        "namespace of an attribute",
        r#"<A xmlns:p="urn:one" p:x="1"/>"#,
        r#"<A xmlns:p="urn:two" p:x="1"/>"#,
        "urn:one",
    ),
];

#[test]
fn canonical_equal_pairs() {
    for (difference, left, right) in EQUAL {
        assert_eq!(compare(left, right), Ok(()), "{difference}");
        assert_eq!(compare(right, left), Ok(()), "{difference} (swapped)");
    }
}

#[test]
fn canonical_different_pairs() {
    for (difference, expected, actual, fragment) in DIFFERENT {
        let message = compare(expected, actual).expect_err(difference);
        assert!(
            message.contains(fragment),
            "{difference}: message {message:?} lacks {fragment:?}"
        );
        assert!(
            compare(actual, expected).is_err(),
            "{difference} (swapped) compares equal"
        );
    }
}

#[test]
fn canonical_rejects_malformed_input() {
    let message = compare("<A>", "<A/>").expect_err("an unclosed element is not XML");
    assert!(message.starts_with("expected document:"), "{message}");

    let message = compare("<A/>", "<A></B>").expect_err("a mismatched end tag is not XML");
    assert!(message.starts_with("actual document:"), "{message}");
}

#[test]
fn canonical_events_of_mixed_content() {
    let events = canonical_events("<P>\n  a <B k=\"v\"/>\n</P>").unwrap();
    assert_eq!(
        events,
        vec![
            Event::Start {
                name: "P".into(),
                attributes: vec![],
            },
            Event::Text("\n  a ".into()),
            Event::Start {
                name: "B".into(),
                attributes: vec![("k".into(), "v".into())],
            },
            Event::End("B".into()),
            Event::End("P".into()),
        ]
    );
}

#[test]
fn doctype_system_ids() {
    let cases: &[(&str, Option<&str>)] = &[
        (
            r#"<!DOCTYPE A SYSTEM "https://host/a.dtd"><A/>"#,
            Some("https://host/a.dtd"),
        ),
        (r#"<!DOCTYPE A SYSTEM 'a.dtd'><A/>"#, Some("a.dtd")),
        (
            r#"<!DOCTYPE A PUBLIC "-//X//DTD A//EN" "b.dtd"><A/>"#,
            Some("b.dtd"),
        ),
        ("<!DOCTYPE A [<!ELEMENT A EMPTY>]><A/>", None),
        ("<A/>", None),
        (r#"<!DOCTYPE A SYSTEM "unterminated><A/>"#, None),
    ];

    for (document, expected) in cases {
        assert_eq!(
            doctype_system_id(document).as_deref(),
            *expected,
            "{document}"
        );
    }
}

#[test]
fn catalog_maps_system_ids() {
    let selector = SchemaSelector::bundled();
    let cases = [
        (
            "https://qualysapi.qualys.com/api/2.0/simple_return.dtd",
            Some("api/2.0/simple_return.dtd"),
        ),
        (
            "http://qualysapi.qg2.apps.qualys.com/api/2.0/fo/auth/network_ssh/dtd/auth_list_output.dtd",
            Some("api/2.0/fo/auth/network_ssh/dtd/auth_list_output.dtd"),
        ),
        (
            "https://qualysapi.qualys.com/msp/ticket_list_output.dtd",
            Some("ticket_list_output.dtd"),
        ),
        ("option_profiles.xsd", Some("option_profiles.xsd")),
        ("https://qualysapi.qualys.com/api/2.0/unknown.dtd", None),
    ];

    for (system_id, expected) in cases {
        assert_eq!(
            selector.schema_for(system_id).as_deref(),
            expected,
            "{system_id}"
        );
    }
}

#[test]
fn samples_get_their_schemas() {
    let samples = samples::workspace_samples();
    let cases = [
        (
            "option_profiles_export.xml",
            "OPTION_PROFILES",
            "api/2.0/fo/subscription/option_profile/option_profile_info.dtd",
        ),
        (
            "add_params.xml",
            "NETWORK_SSH_AUTH_PARAMS",
            "api/2.0/fo/auth/network_ssh/network_ssh_auth_params.dtd",
        ),
        (
            "auth_neo4j_list.xml",
            "AUTH_NEO4J_LIST_OUTPUT",
            "api/2.0/fo/auth/neo4j/auth_neo4j_list_output.dtd",
        ),
        (
            "ticket_list.xml",
            "REMEDIATION_TICKETS",
            "ticket_list_output.dtd",
        ),
    ];

    for (file, root, schema) in cases {
        let sample = samples
            .iter()
            .find(|sample| sample.path.ends_with(file))
            .unwrap_or_else(|| panic!("{file} is not among the samples"));
        assert_eq!(sample.root, root, "{file}");
        assert_eq!(sample.schema, schema, "{file}");
    }
    assert!(samples.iter().all(|sample| !sample.module().is_empty()));
}

#[test]
fn all_samples_list_each_pair_once() {
    let samples = samples::all_samples();
    let mut pairs: Vec<(String, String)> = samples
        .iter()
        .map(|sample| (sample.name(), sample.schema.clone()))
        .collect();
    let count = pairs.len();
    pairs.sort();
    pairs.dedup();
    assert_eq!(
        pairs.len(),
        count,
        "a document is listed twice with one schema"
    );

    let database_op_schemas: Vec<&str> = samples
        .iter()
        .filter(|sample| sample.path.ends_with("Database_OP.xml"))
        .map(|sample| sample.schema.as_str())
        .collect();
    assert!(
        database_op_schemas.contains(&samples::OPTION_PROFILES_XSD),
        "Database_OP.xml is not read with the XSD: {database_op_schemas:?}"
    );
}

#[test]
fn xsd_samples_are_option_profiles() {
    let samples = samples::option_profiles_xsd_samples();
    assert!(samples.len() >= 10, "found {} samples", samples.len());
    for sample in &samples {
        assert_eq!(sample.root, "OPTION_PROFILES", "{}", sample.name());
        assert_eq!(sample.module(), "option_profiles", "{}", sample.name());
    }
}

#[test]
fn corpus_samples_have_bundled_schemas() {
    let Some(samples) = samples::corpus_samples() else {
        return;
    };
    for sample in &samples {
        assert!(
            common::workspace_root()
                .join("schemas")
                .join(&sample.schema)
                .is_file(),
            "{}: {} is not a bundled schema",
            sample.name(),
            sample.schema
        );
    }
}

#[test]
fn samples_validate_against_their_schemas() {
    let mut validators = SchemaValidators::default();
    let mut failures = Vec::new();

    let mut all = samples::all_samples();
    all.extend(samples::corpus_samples().unwrap_or_default());
    for sample in all {
        let errors = validators.errors(&sample.schema, &sample.text());
        if !errors.is_empty() {
            failures.push(format!(
                "{} ({}):\n  {}",
                sample.name(),
                sample.schema,
                errors.join("\n  ")
            ));
        }
    }

    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn schema_validators_reject_invalid_documents() {
    let mut validators = SchemaValidators::default();
    let cases = [
        (
            "api/2.0/simple_return.dtd",
            "<SIMPLE_RETURN><RESPONSE><TEXT>done</TEXT></RESPONSE></SIMPLE_RETURN>",
        ),
        (
            // A DOCTYPE naming another schema does not change the schema checked.
            "api/2.0/simple_return.dtd",
            "<!DOCTYPE BATCH_RETURN SYSTEM \"https://qualysapi.qualys.com/api/2.0/batch_return.dtd\">\n<BATCH_RETURN><RESPONSE><DATETIME>x</DATETIME></RESPONSE></BATCH_RETURN>",
        ),
        (
            samples::OPTION_PROFILES_XSD,
            "<OPTION_PROFILES><OPTION_PROFILE/></OPTION_PROFILES>",
        ),
    ];

    for (schema, document) in cases {
        let errors = validators.errors(schema, document);
        assert!(!errors.is_empty(), "{schema} accepts {document}");
    }
}
