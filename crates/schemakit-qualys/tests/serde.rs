//! With the `serde` feature every generated type serializes and deserializes with
//! serde, keeping the values read from XML.
#![cfg(feature = "serde")]
// Test helpers stop at the first unexpected value, like the tests themselves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use schemakit_qualys::{auth_neo4j_list_output, option_profiles, simple_return};

fn sample(file: &str) -> String {
    let path = common::workspace_root().join("tests/samples").join(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()))
}

fn json_round_trip<T>(value: &T) -> String
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_string(value).expect("the value serializes");
    let back: T = serde_json::from_str(&json).expect("the JSON deserializes");
    assert_eq!(&back, value, "JSON: {json}");
    json
}

#[test]
fn simple_return_json_round_trip() {
    let value =
        simple_return::SimpleReturn::from_xml(&sample("simple_return_option_profile_create.xml"))
            .expect("the sample reads");
    let json = json_round_trip(&value);
    assert!(
        json.contains("Compliance Option profile successfully added."),
        "{json}"
    );
}

#[test]
fn neo4j_port_serializes_as_number() {
    let value =
        auth_neo4j_list_output::AuthNeo4jListOutput::from_xml(&sample("auth_neo4j_list.xml"))
            .expect("the sample reads");
    let json = json_round_trip(&value);
    assert!(json.contains("\"port\":123"), "{json}");
}

#[test]
fn option_profiles_json_round_trip() {
    let value = option_profiles::OptionProfilesType::from_xml(&sample("Database_OP.xml"))
        .expect("the sample reads");
    let json = json_round_trip(&value);
    assert!(json.contains("\"IBM DB2\""), "{json}");
}

#[test]
fn schema_hint_json_round_trip() {
    let path =
        common::workspace_root().join("tests/data/xsd/option_profiles/ok/schema_location_hint.xml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()));
    let value = option_profiles::OptionProfilesType::from_xml(&text).expect("the file reads");

    let json = json_round_trip(&value);

    assert!(
        json.contains(r#""instance_attributes":[["xmlns:xsi","http://www.w3.org/2001/XMLSchema-instance"],["xsi:noNamespaceSchemaLocation","option_profiles.xsd"]]"#),
        "{json}"
    );
}

#[test]
fn empty_instance_attributes_are_not_serialized() {
    let value = option_profiles::OptionProfilesType::from_xml(&sample("Database_OP.xml"))
        .expect("the sample reads");

    let json = json_round_trip(&value);

    assert!(!json.contains("instance_attributes"), "{json}");
}
