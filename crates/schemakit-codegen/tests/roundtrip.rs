//! Compiles the generated modules in `tests/generated` with every warning denied,
//! then reads, writes and re-reads documents through them.

#![deny(warnings)]
// The tests themselves may panic on unexpected results; the generated code does not.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

// The modules are public, as in a crate that includes generated code, so that
// unused generated items do not count as dead code.
pub mod choices {
    include!("generated/choices.rs");
}
pub mod clashes {
    include!("generated/clashes.rs");
}
pub mod recursive {
    include!("generated/recursive.rs");
}
pub mod scanner {
    include!("generated/scanner.rs");
}

use schemakit_runtime::{AnyNode, FromXml, ReadError};

const PROFILE: &str = r#"<?xml version="1.0"?>
<!DOCTYPE PROFILE SYSTEM "choices.dtd">
<PROFILE id="p&amp;1" mode="full">
  <TITLE>Weekly <![CDATA[<scan>]]> &#x41;</TITLE>
  <PORT>80</PORT>
  <RANGE>1-1024</RANGE>
  <PORT> 443 </PORT>
  <AUTH kind="key"/>
  <NOTE>before <B>bold</B> after</NOTE>
  <NOTE/>
  <A>a1</A><B>b1</B>
  <A>a2</A><B>b2</B>
</PROFILE>
"#;

#[test]
fn choices_read_in_document_order() {
    use choices::*;

    let profile = Profile::from_xml(PROFILE).expect("the profile reads");

    assert_eq!(profile.id, "p&1");
    assert_eq!(profile.mode, Some(ProfileMode::Full));
    assert_eq!(profile.label, None);
    assert_eq!(profile.label(), "none");
    assert_eq!(profile.title, "Weekly <scan> A");
    assert_eq!(
        profile.port_or_range,
        vec![
            ProfilePortOrRange::Port(80),
            ProfilePortOrRange::Range("1-1024".to_owned()),
            ProfilePortOrRange::Port(443),
        ]
    );
    let Some(ProfileAuthOrKey::Auth(auth)) = &profile.auth_or_key else {
        panic!("expected AUTH, got {:?}", profile.auth_or_key);
    };
    assert_eq!(auth.kind, Some(AuthKind::Key));
    assert_eq!(
        profile.note[0].content,
        vec![
            NoteContent::Text("before ".to_owned()),
            NoteContent::B("bold".to_owned()),
            NoteContent::Text(" after".to_owned()),
        ]
    );
    assert!(profile.note[1].content.is_empty());
    assert_eq!(profile.group.len(), 2);
    assert_eq!(profile.group[1].a, "a2");
    assert_eq!(profile.group[1].b, "b2");
}

#[test]
fn choices_round_trip() {
    let profile = choices::Profile::from_xml(PROFILE).expect("the profile reads");

    let written = profile.to_xml();
    let reread = choices::Profile::from_xml(&written).expect("the written profile reads");

    assert_eq!(reread, profile, "written as {written}");
    assert!(
        written.starts_with(r#"<PROFILE id="p&amp;1" mode="full">"#),
        "{written}"
    );
    assert!(
        written.contains("<TITLE>Weekly &lt;scan&gt; A</TITLE>"),
        "{written}"
    );
    assert!(written.contains("<AUTH kind=\"key\"/>"), "{written}");
}

#[test]
fn default_attribute_accessors() {
    let auth = choices::Auth { kind: None };
    assert_eq!(auth.kind(), choices::AuthKind::Password);
}

/// Reads `xml` as a profile and returns the error.
fn profile_error(xml: &str) -> ReadError {
    choices::Profile::from_xml(xml).expect_err("the document is rejected")
}

#[test]
fn read_errors_are_located() {
    let cases: &[(&str, &str, u64, u64, &str)] = &[
        (
            "<PROFILE id=\"1\">\n  <TITLE>t</TITLE>\n  <PORT>eighty</PORT>\n  <NOTE/>\n</PROFILE>",
            "invalid value \"eighty\" in element PORT",
            3,
            3,
            "/PROFILE/PORT",
        ),
        (
            "<PROFILE id=\"1\">\n  <NOTE/>\n</PROFILE>",
            "missing element TITLE in PROFILE, found element NOTE",
            2,
            3,
            "/PROFILE",
        ),
        (
            "<PROFILE id=\"1\"><TITLE>t</TITLE></PROFILE>",
            "element PROFILE needs at least 1 NOTE, found 0",
            1,
            1,
            "/PROFILE",
        ),
        (
            "<PROFILE id=\"1\"><TITLE>t</TITLE><NOTE/>\n<EXTRA/></PROFILE>",
            "element EXTRA is not declared in its content model in PROFILE",
            2,
            1,
            "/PROFILE",
        ),
        (
            "<PROFILE id=\"1\"><TITLE>t</TITLE><NOTE/><TITLE>u</TITLE></PROFILE>",
            "element TITLE is out of order",
            1,
            40,
            "/PROFILE",
        ),
        (
            "<PROFILE id=\"1\" mode=\"slow\"><TITLE>t</TITLE><NOTE/></PROFILE>",
            "invalid value \"slow\" for attribute mode of PROFILE: \"slow\" is not a value of ProfileMode; expected one of \"fast\", \"full\"",
            1,
            1,
            "/PROFILE",
        ),
        (
            "<PROFILE><TITLE>t</TITLE><NOTE/></PROFILE>",
            "required attribute id of element PROFILE is missing",
            1,
            1,
            "/PROFILE",
        ),
        (
            "<PROFILE id=\"1\" extra=\"x\"><TITLE>t</TITLE><NOTE/></PROFILE>",
            "attribute extra is not declared for element PROFILE",
            1,
            1,
            "/PROFILE",
        ),
        (
            "<AUTH/>",
            "the root element is AUTH but PROFILE was expected",
            1,
            1,
            "/",
        ),
        (
            "<PROFILE id=\"1\"><TITLE>t</TITLE><NOTE/>",
            "the document ended",
            1,
            1,
            "/PROFILE",
        ),
        (
            "<PROFILE id=\"1\"><TITLE>t &unknown;</TITLE><NOTE/></PROFILE>",
            "entity &unknown; is not one of the five predefined entities",
            1,
            26,
            "/PROFILE/TITLE",
        ),
    ];

    for (xml, message, line, column, path) in cases {
        let error = profile_error(xml);
        assert!(error.message.contains(message), "{xml}: {error}");
        assert_eq!(
            (error.line, error.column),
            (*line, *column),
            "{xml}: {error}"
        );
        assert_eq!(error.path, *path, "{xml}: {error}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let mut xml = String::from("<TREE>");
    for _ in 0..depth {
        xml.push_str("<NODE><NAME>n</NAME>");
    }
    for _ in 0..depth {
        xml.push_str("</NODE>");
    }
    xml.push_str("</TREE>");

    let error = recursive::Tree::from_xml(&xml).expect_err("too deep");
    assert!(
        error.message.contains("nested deeper than the limit"),
        "{error}"
    );
}

#[test]
fn recursive_types_round_trip() {
    let xml = "<TREE><NODE><NAME>root</NAME><NODE><NAME>left</NAME></NODE><CHILDREN><NODE><NAME>a</NAME></NODE><NODE><NAME>b</NAME></NODE></CHILDREN></NODE></TREE>";

    let tree = recursive::Tree::from_xml(xml).expect("the tree reads");

    assert_eq!(tree.node.name, "root");
    assert_eq!(
        tree.node.node.as_ref().map(|node| node.name.as_str()),
        Some("left")
    );
    let children = tree.node.children.as_ref().expect("children");
    assert_eq!(children.node.len(), 2);
    assert_eq!(tree.to_xml(), xml);
}

#[test]
fn records_stream_one_at_a_time() {
    let xml = "<TREE><NODE><NAME>root</NAME><CHILDREN><NODE><NAME>a</NAME></NODE><SKIPPED/><NODE><NAME>b</NAME></NODE></CHILDREN></NODE></TREE>";

    let names: Vec<String> =
        recursive::Node::stream_records(xml.as_bytes(), &["TREE", "NODE", "CHILDREN", "NODE"])
            .map(|record| record.map(|node| node.name))
            .collect::<Result<_, _>>()
            .expect("every record reads");

    assert_eq!(names, ["a", "b"]);
}

#[test]
fn record_errors_stop_the_stream() {
    let xml = "<TREE><NODE><NAME>root</NAME><CHILDREN><NODE><NAME>a</NAME></NODE><NODE><BAD/></NODE><NODE><NAME>c</NAME></NODE></CHILDREN></NODE></TREE>";

    let results: Vec<_> =
        recursive::Node::stream_records(xml.as_bytes(), &["TREE", "NODE", "CHILDREN", "NODE"])
            .collect();

    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let error = results[1]
        .as_ref()
        .expect_err("the second record is invalid");
    assert_eq!(error.path, "/TREE/NODE/CHILDREN/NODE");
}

#[test]
fn wrong_record_root_is_an_error() {
    let results: Vec<_> =
        recursive::Node::stream_records("<OTHER/>".as_bytes(), &["TREE", "NODE"]).collect();

    assert_eq!(results.len(), 1);
    let error = results[0].as_ref().expect_err("wrong root");
    assert!(
        error
            .message
            .contains("the root element is OTHER but the record path starts with TREE"),
        "{error}"
    );
}

#[test]
fn clashing_names_read_their_own_values() {
    use clashes::*;
    let xml = r#"<RECORD id="attr" type="MS-SQL"><ID>child</ID><TYPE>t</TYPE><FOO_BAR unit="s">1</FOO_BAR><FOO-BAR>2</FOO-BAR><KEPT a="1">x<Y/></KEPT></RECORD>"#;

    let record = Record::from_xml(xml).expect("the record reads");

    assert_eq!(record.id_attribute.as_deref(), Some("attr"));
    assert_eq!(record.id, "child");
    assert_eq!(record.type_attribute, RecordType::MsSql2);
    assert_eq!(record.type_attribute.to_string(), "MS-SQL");
    assert_eq!(record.r#type, "t");
    assert_eq!(record.foo_bar.value, "1");
    assert_eq!(record.foo_bar_2.value, "2");
    assert_eq!(record.other.len(), 1, "the unknown element is kept");
    assert_eq!(record.other[0].name, "KEPT");
    assert_eq!(record.other[0].children[0], AnyNode::Text("x".to_owned()));
    assert_eq!(
        Record::from_xml(&record.to_xml()).expect("re-reads"),
        record
    );
}

#[test]
fn enum_values_keep_schema_strings() {
    use scanner::Database;

    let cases = [
        ("MS SQL", Database::MsSql),
        ("MS_SQL", Database::MsSql2),
        ("x.509", Database::X509),
    ];
    for (text, value) in cases {
        assert_eq!(text.parse::<Database>(), Ok(value), "{text}");
        assert_eq!(value.to_string(), text);
    }

    let error = "MSSQL".parse::<Database>().expect_err("unknown value");
    assert_eq!(
        error.to_string(),
        "\"MSSQL\" is not a value of Database; expected one of \"MS SQL\", \"MS_SQL\", \"x.509\""
    );
}

#[test]
fn xsd_simple_types_read_and_round_trip() {
    let xml = r#"<SCANNER id="7"><NAME>s1</NAME><DATABASE>MS SQL</DATABASE><DATABASE>x.509</DATABASE><PORT protocol="udp">53</PORT><PORT>8080</PORT><ENABLED>true</ENABLED><WEIGHT>0.1000000000000000000001</WEIGHT><COUNT>-5</COUNT></SCANNER>"#;

    let scanner = scanner::Scanner::from_xml(xml).expect("the scanner reads");

    assert_eq!(scanner.id, 7);
    assert_eq!(
        scanner.database,
        [scanner::Database::MsSql, scanner::Database::X509]
    );
    assert_eq!(scanner.database_attribute(), scanner::Database::MsSql);
    assert_eq!(scanner.port[0].value, 53);
    assert_eq!(scanner.port[1].protocol(), "tcp");
    assert!(scanner.enabled);
    assert_eq!(scanner.weight.as_deref(), Some("0.1000000000000000000001"));
    assert_eq!(scanner.count, -5);
    assert_eq!(
        scanner::Scanner::from_xml(&scanner.to_xml()).expect("re-reads"),
        scanner
    );
}

#[test]
fn xsd_max_occurs_is_enforced() {
    let ports = "<PORT>1</PORT>".repeat(4);
    let xml = format!("<SCANNER id=\"7\"><NAME>s</NAME><DATABASE>MS SQL</DATABASE>{ports}<ENABLED>false</ENABLED><COUNT>1</COUNT></SCANNER>");

    let error = scanner::Scanner::from_xml(&xml).expect_err("four ports");

    // The reader takes the first three PORTs, so the fourth is where ENABLED must be.
    assert_eq!(
        error.message,
        "missing element ENABLED in SCANNER, found element PORT"
    );
}
