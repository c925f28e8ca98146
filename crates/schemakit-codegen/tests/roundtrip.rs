//! Compiles the generated modules in `tests/generated` with every warning denied,
//! then reads, writes and re-reads documents through them.

#![deny(warnings)]
// The tests themselves may panic on unexpected results; the generated code does not.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

// The modules are private, as in a binary crate, so a generated item that is
// unused here and warns as dead code fails this build.
mod choices {
    include!("generated/choices.rs");
}
mod clashes {
    include!("generated/clashes.rs");
}
mod extensible {
    include!("generated/extensible.rs");
}
mod recursive {
    include!("generated/recursive.rs");
}
mod scanner {
    include!("generated/scanner.rs");
}
mod service_request {
    include!("generated/service_request.rs");
}

use schemakit_runtime::{AnyNode, FromXml, ReadError, XsdBoolean};

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
    assert_eq!(error.path, "/TREE/NODE/NODE/...(250 more)/NODE/NODE/NODE");
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
fn fields_named_like_reader_locals() {
    use clashes::*;
    let xml = r#"<LOCALS start="s" attribute_value="v"><READER>r</READER><START>st</START><KNOWN>k</KNOWN><ATTRIBUTE_NAME>n</ATTRIBUTE_NAME><ITEMS>1</ITEMS><ITEM>2</ITEM></LOCALS>"#;

    let locals = Locals::from_xml(xml).expect("the element reads");

    assert_eq!(locals.start_attribute.as_deref(), Some("s"));
    assert_eq!(locals.attribute_value.as_deref(), Some("v"));
    assert_eq!(locals.reader, "r");
    assert_eq!(locals.start, "st");
    assert_eq!(locals.known.as_deref(), Some("k"));
    assert_eq!(locals.attribute_name.as_deref(), Some("n"));
    assert_eq!(locals.items, vec!["1".to_owned()]);
    assert_eq!(locals.item, vec!["2".to_owned()]);
    assert_eq!(
        Locals::from_xml(&locals.to_xml()).expect("re-reads"),
        locals
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
    assert_eq!(scanner.enabled, XsdBoolean::True);
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

/// A service request whose all-group members come in neither declaration order
/// nor the same order at each level.
const SERVICE_REQUEST: &str = r#"<ServiceRequest verbose="0"><name>scan</name><active>1</active><owner><firstName>Joe</firstName><username>joe</username></owner><preferences><limitResults>10</limitResults><startFromId>5</startFromId></preferences></ServiceRequest>"#;

#[test]
fn all_group_reads_any_member_order() {
    use service_request::*;

    let request = ServiceRequest::from_xml(SERVICE_REQUEST).expect("the request reads");

    assert_eq!(request.name, "scan");
    assert_eq!(request.active, Some(XsdBoolean::One));
    assert_eq!(request.verbose, Some(XsdBoolean::Zero));
    assert_eq!(request.owner.username, "joe");
    assert_eq!(request.owner.id, None);
    assert_eq!(
        request
            .owner
            .first_name
            .as_ref()
            .map(|name| name.value.as_str()),
        Some("Joe")
    );
    let preferences = request.preferences.as_ref().expect("preferences");
    assert_eq!(preferences.start_from_id, Some(5));
    assert_eq!(preferences.limit_results, Some(10));
    assert_eq!(request.member_order.as_slice(), [3, 2, 0, 1]);
    assert_eq!(request.owner.member_order.as_slice(), [2, 1]);
}

#[test]
fn optional_all_group_may_be_empty() {
    let xml = "<ServiceRequest><name>a</name><owner><username>u</username></owner><preferences/></ServiceRequest>";

    let request = service_request::ServiceRequest::from_xml(xml).expect("the request reads");

    let preferences = request.preferences.as_ref().expect("preferences");
    assert_eq!(preferences.start_from_id, None);
    assert_eq!(preferences.limit_results, None);
    assert_eq!(request.to_xml(), xml);
}

#[test]
fn all_group_writes_document_order() {
    let request =
        service_request::ServiceRequest::from_xml(SERVICE_REQUEST).expect("the request reads");

    assert_eq!(request.to_xml(), SERVICE_REQUEST);
}

#[test]
fn all_group_without_order_writes_declaration_order() {
    use service_request::*;

    let request = ServiceRequest {
        verbose: None,
        instance_attributes: Default::default(),
        owner: User {
            id: Some(1),
            username: "joe".to_owned(),
            first_name: None,
            instance_attributes: Default::default(),
            member_order: Default::default(),
        },
        preferences: None,
        active: Some(true.into()),
        name: "scan".to_owned(),
        member_order: Default::default(),
    };

    assert_eq!(
        request.to_xml(),
        "<ServiceRequest><owner><id>1</id><username>joe</username></owner><active>true</active><name>scan</name></ServiceRequest>"
    );
}

#[test]
fn all_group_errors_are_located() {
    let cases: &[(&str, &str, u64, u64, &str)] = &[
        (
            "<ServiceRequest><name>a</name><owner><username>u</username></owner>\n<name>b</name></ServiceRequest>",
            "element name occurs a second time in ServiceRequest, whose all group allows each member once",
            2,
            1,
            "/ServiceRequest",
        ),
        (
            "<ServiceRequest><owner><username>u</username></owner>\n</ServiceRequest>",
            "missing element name in ServiceRequest, found the end of ServiceRequest",
            2,
            1,
            "/ServiceRequest",
        ),
        (
            "<ServiceRequest><name>a</name><owner><username>u</username></owner><preferences><limitResults>1</limitResults></preferences></ServiceRequest>",
            "missing element startFromId in preferences, found the end of preferences",
            1,
            111,
            "/ServiceRequest/preferences",
        ),
        (
            "<ServiceRequest><name>a</name><owner><id>1</id></owner></ServiceRequest>",
            "missing element username in owner, found the end of owner",
            1,
            48,
            "/ServiceRequest/owner",
        ),
        (
            "<ServiceRequest><name>a</name><owner><username>u</username></owner><other/></ServiceRequest>",
            "element other is not declared in its content model in ServiceRequest",
            1,
            68,
            "/ServiceRequest",
        ),
        (
            "<ServiceRequest><name>a</name><other/><owner><username>u</username></owner></ServiceRequest>",
            "missing element owner in ServiceRequest, found element other",
            1,
            31,
            "/ServiceRequest",
        ),
        (
            "<ServiceRequest><name>a</name><active>yes</active><owner><username>u</username></owner></ServiceRequest>",
            "invalid value \"yes\" in element active: \"yes\" is not an xs:boolean",
            1,
            31,
            "/ServiceRequest/active",
        ),
    ];

    for (xml, message, line, column, path) in cases {
        let error = service_request::ServiceRequest::from_xml(xml).expect_err(xml);
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
fn instance_attributes_are_kept() {
    let xml = r#"<ServiceRequest xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="service_request.xsd" verbose="true"><owner xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="User" xml:lang="en"><username>u</username></owner><name>a</name></ServiceRequest>"#;

    let request = service_request::ServiceRequest::from_xml(xml).expect("the request reads");

    assert_eq!(
        request
            .instance_attributes
            .get("xsi:noNamespaceSchemaLocation"),
        Some("service_request.xsd")
    );
    assert_eq!(
        request.owner.instance_attributes.get("i:type"),
        Some("User")
    );
    assert_eq!(
        request.owner.instance_attributes.get("xml:lang"),
        Some("en")
    );
    assert_eq!(request.to_xml(), xml);
}

#[test]
fn unbound_prefixes_stay_unknown_attributes() {
    let cases = [
        r#"<ServiceRequest xsi:nil="true"><owner><username>u</username></owner><name>a</name></ServiceRequest>"#,
        r#"<ServiceRequest xmlns:xsi="urn:other" xsi:nil="true"><owner><username>u</username></owner><name>a</name></ServiceRequest>"#,
    ];

    for xml in cases {
        let error = service_request::ServiceRequest::from_xml(xml).expect_err(xml);
        assert_eq!(
            error.message, "attribute xsi:nil is not declared for element ServiceRequest",
            "{xml}"
        );
    }
}

#[test]
fn attribute_on_text_child_is_undeclared() {
    let xml = r#"<PROFILE id="1"><TITLE lang="en">t</TITLE><NOTE>n</NOTE></PROFILE>"#;

    let error = choices::Profile::from_xml(xml).expect_err("the attribute is undeclared");

    assert_eq!(
        error.message,
        "attribute lang is not declared for element TITLE"
    );
    assert_eq!((error.line, error.column), (1, 17));

    let with_namespace =
        r#"<PROFILE id="1"><TITLE xmlns:a="urn:a">t</TITLE><NOTE>n</NOTE></PROFILE>"#;
    assert!(choices::Profile::from_xml(with_namespace).is_ok());
}

/// A record with two foreign elements where the sequence has its wildcard, and one
/// as the choice of `EXTRA`.
const EXTENSIBLE: &str = r#"<EXTENSIBLE><TITLE>t</TITLE><x:tag xmlns:x="urn:x" x:level="2">a<x:b/></x:tag><y:other xmlns:y="urn:y"/><CODE>ABC-1</CODE><EXTRA><x:note xmlns:x="urn:x">n</x:note></EXTRA></EXTENSIBLE>"#;

#[test]
fn wildcards_keep_foreign_elements() {
    use extensible::*;

    let record = Extensible::from_xml(EXTENSIBLE).expect("the record reads");

    let names: Vec<&str> = record
        .any
        .iter()
        .map(|element| element.name.as_str())
        .collect();
    assert_eq!(names, ["x:tag", "y:other"]);
    assert_eq!(
        record.any[0].attributes,
        [
            ("xmlns:x".to_owned(), "urn:x".to_owned()),
            ("x:level".to_owned(), "2".to_owned()),
        ]
    );
    assert_eq!(record.code, "ABC-1");
    let Some(Extra {
        choice: ExtraChoice::Any(note),
        ..
    }) = &record.extra
    else {
        panic!(
            "expected a foreign element in EXTRA, got {:?}",
            record.extra
        );
    };
    assert_eq!(note.name, "x:note");
    assert_eq!(record.to_xml(), EXTENSIBLE);
}

#[test]
fn wildcard_choice_prefers_declared_elements() {
    let xml =
        "<EXTENSIBLE><TITLE>t</TITLE><CODE>ABC-1</CODE><EXTRA><NOTE>n</NOTE></EXTRA></EXTENSIBLE>";

    let record = extensible::Extensible::from_xml(xml).expect("the record reads");

    assert!(record.any.is_empty());
    assert_eq!(
        record.extra.map(|extra| extra.choice),
        Some(extensible::ExtraChoice::Note("n".to_owned()))
    );
}

#[test]
fn wildcards_keep_elements_in_skip_mode() {
    let mut reader = schemakit_runtime::XmlReader::new(EXTENSIBLE.as_bytes())
        .with_unknown_elements(schemakit_runtime::UnknownElements::Skip);

    let record: extensible::Extensible =
        schemakit_runtime::read_document(&mut reader).expect("the record reads");

    assert_eq!(record.any.len(), 2);
    assert_eq!(record.to_xml(), EXTENSIBLE);
}

#[test]
fn wildcard_errors_are_located() {
    let cases: &[(&str, &str, u64, u64, &str)] = &[
        (
            r#"<EXTENSIBLE><TITLE>t</TITLE><x:a xmlns:x="urn:x"/></EXTENSIBLE>"#,
            "missing element CODE in EXTENSIBLE, found the end of EXTENSIBLE",
            1,
            51,
            "/EXTENSIBLE",
        ),
        (
            "<EXTENSIBLE><TITLE>t</TITLE><CODE>ABC-1</CODE><EXTRA></EXTRA></EXTENSIBLE>",
            "missing element NOTE in EXTRA, found the end of EXTRA",
            1,
            54,
            "/EXTENSIBLE/EXTRA",
        ),
        (
            "<EXTENSIBLE><TITLE>t</TITLE><CODE>ABC-1</CODE><EXTRA><NOTE>n</NOTE><NOTE>m</NOTE></EXTRA></EXTENSIBLE>",
            "element NOTE is out of order or repeated more often than the schema allows in EXTRA",
            1,
            68,
            "/EXTENSIBLE/EXTRA",
        ),
    ];

    for (xml, message, line, column, path) in cases {
        let error = extensible::Extensible::from_xml(xml).expect_err(xml);
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
fn pattern_and_length_facets_are_checked() {
    let cases: &[(&str, &str, u64, u64, &str)] = &[
        (
            "<EXTENSIBLE><TITLE>t</TITLE>\n<CODE>abc-1</CODE></EXTENSIBLE>",
            "invalid value \"abc-1\" in element CODE: \"abc-1\" does not match the pattern \"[A-Z]{3}-[0-9]+\" of Code",
            2,
            1,
            "/EXTENSIBLE/CODE",
        ),
        (
            "<EXTENSIBLE><TITLE>t</TITLE><CODE>ABC-12345</CODE></EXTENSIBLE>",
            "\"ABC-12345\" is 9 characters long, but Code allows at most 8",
            1,
            29,
            "/EXTENSIBLE/CODE",
        ),
        (
            "<EXTENSIBLE><TITLE>  </TITLE><CODE>ABC-1</CODE></EXTENSIBLE>",
            "\"\" is 0 characters long, but ExtensibleTitle allows at least 1",
            1,
            13,
            "/EXTENSIBLE/TITLE",
        ),
        (
            "<EXTENSIBLE parent=\"ABC\"><TITLE>t</TITLE><CODE>ABC-1</CODE></EXTENSIBLE>",
            "invalid value \"ABC\" for attribute parent of EXTENSIBLE: \"ABC\" does not match the pattern",
            1,
            1,
            "/EXTENSIBLE",
        ),
    ];

    for (xml, message, line, column, path) in cases {
        let error = extensible::Extensible::from_xml(xml).expect_err(xml);
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
fn values_within_facets_read() {
    let xml = "<EXTENSIBLE parent=\"XYZ-42\"><TITLE> two  words </TITLE><CODE>ABC-1234</CODE></EXTENSIBLE>";

    let record = extensible::Extensible::from_xml(xml).expect("the record reads");

    assert_eq!(record.parent.as_deref(), Some("XYZ-42"));
    assert_eq!(record.title, " two  words ", "the text is kept as written");
    assert_eq!(record.code, "ABC-1234");
}

#[test]
fn nil_elements_read_as_nil() {
    use schemakit_runtime::Nillable;

    let xml = r#"<EXTENSIBLE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><TITLE>t</TITLE><CODE>ABC-1</CODE><LIMIT xsi:nil="true"/><ALIAS>XYZ-2</ALIAS><ALIAS xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="1"/></EXTENSIBLE>"#;

    let record = extensible::Extensible::from_xml(xml).expect("the record reads");

    let limit = record.limit.as_ref().expect("LIMIT is present");
    assert!(limit.is_nil());
    assert_eq!(record.alias.len(), 2);
    assert_eq!(record.alias[0], Nillable::Value("XYZ-2".to_owned()));
    assert!(record.alias[1].is_nil());
    assert_eq!(record.to_xml(), xml);
}

#[test]
fn non_nil_values_of_nillable_elements_read() {
    let xml = r#"<EXTENSIBLE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><TITLE>t</TITLE><CODE>ABC-1</CODE><LIMIT xsi:nil="false">12</LIMIT></EXTENSIBLE>"#;

    let record = extensible::Extensible::from_xml(xml).expect("the record reads");

    let limit = record.limit.as_ref().expect("LIMIT is present");
    assert_eq!(limit.value(), Some(&12));
}

#[test]
fn nil_errors_are_located() {
    let cases: &[(&str, &str, u64, u64, &str)] = &[
        (
            r#"<EXTENSIBLE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><TITLE>t</TITLE><CODE>ABC-1</CODE><LIMIT xsi:nil="true">5</LIMIT></EXTENSIBLE>"#,
            "element LIMIT is nil (xsi:nil) but contains text \"5\"",
            1,
            101,
            "/EXTENSIBLE/LIMIT",
        ),
        (
            r#"<EXTENSIBLE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><TITLE>t</TITLE><CODE>ABC-1</CODE><LIMIT xsi:nil="yes"/></EXTENSIBLE>"#,
            "invalid value \"yes\" for attribute xsi:nil of LIMIT",
            1,
            101,
            "/EXTENSIBLE/LIMIT",
        ),
        (
            r#"<EXTENSIBLE><TITLE>t</TITLE><CODE>ABC-1</CODE><ALIAS>xyz</ALIAS></EXTENSIBLE>"#,
            "\"xyz\" does not match the pattern",
            1,
            47,
            "/EXTENSIBLE/ALIAS",
        ),
        (
            r#"<EXTENSIBLE><TITLE>t</TITLE><CODE>ABC-1</CODE><LIMIT xsi:nil="true"/></EXTENSIBLE>"#,
            "invalid value \"\" in element LIMIT",
            1,
            47,
            "/EXTENSIBLE/LIMIT",
        ),
    ];

    for (xml, message, line, column, path) in cases {
        let error = extensible::Extensible::from_xml(xml).expect_err(xml);
        assert!(error.message.contains(message), "{xml}: {error}");
        assert_eq!(
            (error.line, error.column),
            (*line, *column),
            "{xml}: {error}"
        );
        assert_eq!(error.path, *path, "{xml}: {error}");
    }
}
