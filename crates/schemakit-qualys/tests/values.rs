//! Values read from the Qualys samples with the generated types. The Neo4j port
//! is a `u16` through the type override, and the database types of an option
//! profile are enums. The vault fields of a Network SSH key file and the order of
//! mixed `ID` and `ID_RANGE` children are kept.

// Test helpers stop at the first unexpected value, like the tests themselves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use schemakit_qualys::auth_neo4j_list_output::{
    AuthNeo4j, AuthNeo4jListOutput, IpSetIpOrIpRange, ResponseAuthNeo4jListOrIdSet,
};
use schemakit_qualys::auth_records::{AuthRecordsOutput, IdSetIdOrIdRange};
use schemakit_qualys::network_ssh_auth_params::{
    DigitalVault, NetworkSshAuthParams, PassphraseInfoPassphraseOrDigitalVault, PassphraseInfoType,
    PrivateKeyInfoDigitalVaultOrPrivateKey, PrivateKeyInfoType,
};
use schemakit_qualys::option_profiles::{
    AuthenticationTypesListAuthenticationType as AuthenticationType, OptionProfilesType,
};
use schemakit_qualys::simple_return::SimpleReturn;
use schemakit_runtime::FromXml;

fn sample(file: &str) -> String {
    read(&common::workspace_root().join("tests/samples").join(file))
}

fn option_profile_fixture(file: &str) -> String {
    read(
        &common::workspace_root()
            .join("tests/data/xsd/option_profiles")
            .join(file),
    )
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()))
}

fn neo4j_records(document: &AuthNeo4jListOutput) -> &[AuthNeo4j] {
    match &document.response.auth_neo4j_list_or_id_set {
        Some(ResponseAuthNeo4jListOrIdSet::AuthNeo4jList(list)) => &list.auth_neo4j,
        other => panic!("expected AUTH_NEO4J_LIST, found {other:?}"),
    }
}

/// Returns the `AUTHENTICATION_TYPE` values of every profile in `document`.
fn authentication_types(document: &OptionProfilesType) -> Vec<AuthenticationType> {
    document
        .option_profile
        .iter()
        .filter_map(|profile| profile.instance_data_collection.as_ref())
        .filter_map(|collection| collection.databases.as_ref())
        .flat_map(|databases| {
            databases
                .authentication_types_list
                .authentication_type
                .clone()
        })
        .collect()
}

#[test]
fn neo4j_record_fields() {
    let document = AuthNeo4jListOutput::from_xml(&sample("auth_neo4j_list.xml")).unwrap();
    let records = neo4j_records(&document);
    assert_eq!(records.len(), 1);

    let record = &records[0];
    let port: u16 = record.port;
    assert_eq!(port, 123);
    assert_eq!(record.id, "4815851");
    assert_eq!(record.title, "Neo4j Sample");
    assert_eq!(record.database.as_deref(), Some("alpha"));
    assert_eq!(
        record.unix_conf_path.as_deref(),
        Some("/opt/neo4j-enterprise-\n3.5.16/conf/neo4j.conf")
    );
    assert_eq!(record.created.by, "joe_user");

    let addresses = &record
        .ip_set
        .as_ref()
        .expect("IP_SET is present")
        .ip_or_ip_range;
    assert_eq!(
        addresses,
        &[
            IpSetIpOrIpRange::Ip("10.10.10.10".into()),
            IpSetIpOrIpRange::Ip("10.10.10.20".into()),
        ]
    );
}

#[test]
fn neo4j_port_out_of_range() {
    let cases = [
        ("70000", "70000"),
        ("-1", "-1"),
        ("", "PORT"),
        ("12a", "12a"),
    ];

    for (port, fragment) in cases {
        let document = sample("auth_neo4j_list.xml")
            .replace("<PORT>123</PORT>", &format!("<PORT>{port}</PORT>"));
        let error = AuthNeo4jListOutput::from_xml(&document)
            .expect_err(&format!("PORT {port:?} is not a u16"));

        assert_eq!(error.line, 12, "PORT {port:?}: {error}");
        assert!(
            error.path.ends_with("/AUTH_NEO4J/PORT"),
            "PORT {port:?}: path {}",
            error.path
        );
        assert!(
            error.to_string().contains(fragment),
            "PORT {port:?}: {error} lacks {fragment:?}"
        );
    }
}

#[test]
fn neo4j_records_stream() {
    let text = sample("auth_neo4j_list.xml");
    let document = AuthNeo4jListOutput::from_xml(&text).unwrap();
    let path = [
        "AUTH_NEO4J_LIST_OUTPUT",
        "RESPONSE",
        "AUTH_NEO4J_LIST",
        "AUTH_NEO4J",
    ];

    let streamed: Vec<AuthNeo4j> = AuthNeo4j::stream_records(text.as_bytes(), &path)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(streamed, neo4j_records(&document));

    // The same record twice in one list streams as two equal records.
    let start = text.find("<AUTH_NEO4J>").unwrap();
    let end = text.find("</AUTH_NEO4J>").unwrap() + "</AUTH_NEO4J>".len();
    let doubled = format!("{}{}{}", &text[..end], &text[start..end], &text[end..]);
    let streamed: Vec<AuthNeo4j> = AuthNeo4j::stream_records(doubled.as_bytes(), &path)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|error| panic!("{error}\n{doubled}"));
    assert_eq!(streamed.len(), 2, "{doubled}");
    assert_eq!(streamed[0], streamed[1]);
}

#[test]
fn database_op_authentication_types() {
    let document = OptionProfilesType::from_xml(&sample("Database_OP.xml")).unwrap();

    let types = authentication_types(&document);
    assert_eq!(
        types,
        [
            AuthenticationType::IbmDb2,
            AuthenticationType::InformixDb,
            AuthenticationType::PostgreSql,
            AuthenticationType::PivotalGreenplum,
            AuthenticationType::Sybase,
        ]
    );

    let names: Vec<String> = types.iter().map(ToString::to_string).collect();
    assert_eq!(
        names,
        [
            "IBM DB2",
            "InformixDB",
            "PostgreSQL",
            "Pivotal Greenplum",
            "Sybase"
        ]
    );
}

#[test]
fn ms_sql_keeps_its_space() {
    let document =
        OptionProfilesType::from_xml(&option_profile_fixture("ok/ms_sql_only.xml")).unwrap();
    assert_eq!(authentication_types(&document), [AuthenticationType::MsSql]);
    assert_eq!(AuthenticationType::MsSql.to_string(), "MS SQL");
    assert_eq!(
        "MS SQL".parse::<AuthenticationType>(),
        Ok(AuthenticationType::MsSql)
    );

    let document =
        OptionProfilesType::from_xml(&option_profile_fixture("ok/all_authentication_types.xml"))
            .unwrap();
    let names: Vec<String> = authentication_types(&document)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(names, AuthenticationType::VALUES);
}

#[test]
fn authentication_type_rejects_other_spellings() {
    for spelling in ["MSSQL", "MS_SQL", "ms sql", " IBM DB2 ", "sybase", ""] {
        let error = spelling
            .parse::<AuthenticationType>()
            .expect_err(&format!("{spelling:?} is not an enumerated value"));
        let message = error.to_string();
        assert!(message.contains(&format!("{spelling:?}")), "{message}");
        assert!(message.contains("\"MS SQL\""), "{message}");
    }

    let error =
        OptionProfilesType::from_xml(&option_profile_fixture("err/mssql_authentication_type.xml"))
            .expect_err("MSSQL is not an AUTHENTICATION_TYPE");
    assert_eq!(error.line, 73, "{error}");
    assert!(
        error.path.ends_with("/AUTHENTICATION_TYPE"),
        "{}",
        error.path
    );
    assert!(error.to_string().contains("MSSQL"), "{error}");
}

#[test]
fn network_ssh_vault_fields() {
    let document = NetworkSshAuthParams::from_xml(&sample("add_params.xml")).unwrap();
    let certificates = &document
        .private_key_certificates
        .as_ref()
        .expect("PRIVATE_KEY_CERTIFICATES is present")
        .private_key_certificate;
    assert_eq!(certificates.len(), 1);
    let certificate = &certificates[0];

    let expected_vault = DigitalVault {
        vault_type: Some("CA PAM".into()),
        vault_id: Some("41022".into()),
        vault_device_name: Some("hq_device".into()),
        vault_app_name: Some("APP_NAME".into()),
        ..empty_vault()
    };

    assert_eq!(
        certificate.private_key_info.r#type,
        PrivateKeyInfoType::Vault
    );
    match &certificate.private_key_info.digital_vault_or_private_key {
        PrivateKeyInfoDigitalVaultOrPrivateKey::DigitalVault(vault) => {
            assert_eq!(vault, &expected_vault);
        }
        other => panic!("expected DIGITAL_VAULT in PRIVATE_KEY_INFO, found {other:?}"),
    }

    let passphrase = certificate
        .passphrase_info
        .as_ref()
        .expect("PASSPHRASE_INFO is present");
    assert_eq!(passphrase.r#type, PassphraseInfoType::Vault);
    match &passphrase.passphrase_or_digital_vault {
        PassphraseInfoPassphraseOrDigitalVault::DigitalVault(vault) => {
            assert_eq!(vault, &expected_vault);
        }
        other => panic!("expected DIGITAL_VAULT in PASSPHRASE_INFO, found {other:?}"),
    }
}

/// Returns a `DIGITAL_VAULT` with no child elements, read through the generated
/// reader so the test does not depend on the number of optional fields.
fn empty_vault() -> DigitalVault {
    let document = sample("add_params.xml");
    let start = document.find("<DIGITAL_VAULT>").unwrap();
    let end = document.find("</DIGITAL_VAULT>").unwrap() + "</DIGITAL_VAULT>".len();
    let emptied = format!("{}<DIGITAL_VAULT/>{}", &document[..start], &document[end..]);

    let params = NetworkSshAuthParams::from_xml(&emptied).unwrap();
    let certificate = &params
        .private_key_certificates
        .unwrap()
        .private_key_certificate[0];
    match &certificate.private_key_info.digital_vault_or_private_key {
        PrivateKeyInfoDigitalVaultOrPrivateKey::DigitalVault(vault) => vault.clone(),
        other => panic!("expected DIGITAL_VAULT, found {other:?}"),
    }
}

#[test]
fn id_set_keeps_mixed_order() {
    let text = sample("auth_records_neo4j.xml");
    let document = AuthRecordsOutput::from_xml(&text).unwrap();
    let records = document
        .response
        .auth_records
        .as_ref()
        .expect("AUTH_RECORDS is present");

    let unix = &records
        .auth_unix_ids
        .as_ref()
        .expect("AUTH_UNIX_IDS is present")
        .id_set;
    let expected = [
        IdSetIdOrIdRange::Id("604909".into()),
        IdSetIdOrIdRange::IdRange("980093-980094".into()),
        IdSetIdOrIdRange::Id("1033086".into()),
        IdSetIdOrIdRange::IdRange("1085432-1085433".into()),
        IdSetIdOrIdRange::Id("4574304".into()),
    ];
    assert_eq!(unix.id_or_id_range, expected);

    let neo4j = &records
        .auth_neo4j_ids
        .as_ref()
        .expect("AUTH_NEO4J_IDS is present")
        .id_set;
    assert_eq!(
        neo4j.id_or_id_range,
        [
            IdSetIdOrIdRange::Id("4716287".into()),
            IdSetIdOrIdRange::Id("4725193".into()),
            IdSetIdOrIdRange::IdRange("4734508-4734509".into()),
        ]
    );

    let written = document.to_xml();
    let positions: Vec<usize> = [
        "604909",
        "980093-980094",
        "1033086",
        "1085432-1085433",
        "4574304",
    ]
    .iter()
    .map(|value| {
        written
            .find(value)
            .unwrap_or_else(|| panic!("{value} not written"))
    })
    .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "the IDs are written out of order: {written}"
    );
}

#[test]
fn undeclared_element_is_located() {
    let document = sample("simple_return_option_profile_create.xml");
    let broken = document.replacen("<TEXT>", "<EXTRA/><TEXT>", 1);

    let error = SimpleReturn::from_xml(&broken).expect_err("EXTRA is not declared");
    let line = broken
        .lines()
        .position(|line| line.contains("<EXTRA/>"))
        .unwrap()
        + 1;
    assert_eq!(error.line as usize, line, "{error}");
    assert!(error.to_string().contains("EXTRA"), "{error}");
    assert!(
        error.path.starts_with("/SIMPLE_RETURN/RESPONSE"),
        "{}",
        error.path
    );
}

#[test]
fn option_profiles_schema_hint_is_kept() {
    let text = option_profile_fixture("ok/schema_location_hint.xml");

    let document = OptionProfilesType::from_xml(&text).unwrap();

    let hints = &document.instance_attributes;
    assert_eq!(
        hints.get("xsi:noNamespaceSchemaLocation"),
        Some("option_profiles.xsd")
    );
    assert_eq!(
        hints.get("xmlns:xsi"),
        Some(schemakit_runtime::XSI_NAMESPACE)
    );
    assert_eq!(hints.len(), 2);
    assert!(
        document.to_xml().starts_with(
            r#"<OPTION_PROFILES xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="option_profiles.xsd">"#
        ),
        "{}",
        document.to_xml()
    );
}
