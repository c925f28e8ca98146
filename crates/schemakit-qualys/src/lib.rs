//! Rust types for the Qualys API, generated at build time from the schemas bundled
//! in the workspace's `schemas/` folder: one module per schema, named after the
//! schema file.
//!
//! Each DTD element becomes a type named in UpperCamelCase (`OPTION_PROFILES` is
//! [`option_profile_info::OptionProfiles`]) with snake_case fields. The XSD's
//! types are named after its complex types, so its `OPTION_PROFILES` element is
//! [`option_profiles::OptionProfilesType`]. The root element of each schema
//! implements [`XmlRoot`], and its type also has inherent `from_xml`,
//! `from_reader` and `to_xml` methods:
//!
//! ```
//! use schemakit_qualys::simple_return::SimpleReturn;
//!
//! let response = SimpleReturn::from_xml(
//!     "<SIMPLE_RETURN><RESPONSE><DATETIME>2021-05-04T06:26:17Z</DATETIME>\
//!      <TEXT>Compliance Option profile successfully added.</TEXT></RESPONSE></SIMPLE_RETURN>",
//! )?;
//! assert_eq!(response.response.text, "Compliance Option profile successfully added.");
//! assert!(response.to_xml().contains("<DATETIME>2021-05-04T06:26:17Z</DATETIME>"));
//! # Ok::<(), schemakit_qualys::ReadError>(())
//! ```
//!
//! Reading stops at the first element, attribute or value that does not fit the
//! generated types, with a [`ReadError`] that gives its line, column and element
//! path. It is not a full validation: check documents with `schemakit-validator`
//! for that. `PORT` of a Neo4j record (`AUTH_NEO4J/PORT`) is read as a `u16`.
//! With the `serde` feature every type also derives `Serialize` and
//! `Deserialize`.

// Generated code must compile without warnings, so a generator change that adds
// one fails this crate's build.
#![deny(warnings)]

pub use schemakit_runtime::{ReadError, XmlRoot};

/// Types of `schemas/api/2.0/fo/auth/network_ssh/dtd/auth_list_output.dtd`: the Network SSH authentication record list.
pub mod auth_list_output {
    include!(concat!(env!("OUT_DIR"), "/auth_list_output.rs"));
}

/// Types of `schemas/api/2.0/fo/auth/neo4j/auth_neo4j_list_output.dtd`: the Neo4j authentication record list.
pub mod auth_neo4j_list_output {
    include!(concat!(env!("OUT_DIR"), "/auth_neo4j_list_output.rs"));
}

/// Types of `schemas/api/2.0/fo/auth/auth_records.dtd`: the authentication record list of all record types.
pub mod auth_records {
    include!(concat!(env!("OUT_DIR"), "/auth_records.rs"));
}

/// Types of `schemas/api/2.0/batch_return.dtd`: the create, update and delete responses of the authentication record APIs.
pub mod batch_return {
    include!(concat!(env!("OUT_DIR"), "/batch_return.rs"));
}

/// Types of `schemas/api/2.0/fo/knowledge_base/vuln/knowledge_base_vuln_list_output.dtd`: the KnowledgeBase vulnerability list.
pub mod knowledge_base_vuln_list_output {
    include!(concat!(
        env!("OUT_DIR"),
        "/knowledge_base_vuln_list_output.rs"
    ));
}

/// Types of `schemas/api/2.0/fo/auth/network_ssh/network_ssh_auth_params.dtd`: the private key certificate file posted to the Network SSH create and update APIs.
pub mod network_ssh_auth_params {
    include!(concat!(env!("OUT_DIR"), "/network_ssh_auth_params.rs"));
}

/// Types of `schemas/api/2.0/fo/subscription/option_profile/option_profile_info.dtd`: the option profile list and export responses.
pub mod option_profile_info {
    include!(concat!(env!("OUT_DIR"), "/option_profile_info.rs"));
}

/// Types of `schemas/option_profiles.xsd`: option profile import and export files, as the XSD describes them.
pub mod option_profiles {
    include!(concat!(env!("OUT_DIR"), "/option_profiles.rs"));
}

/// Types of `schemas/api/2.0/fo/compliance/posture/info/posture_info_list_output.dtd`: the compliance posture info list.
pub mod posture_info_list_output {
    include!(concat!(env!("OUT_DIR"), "/posture_info_list_output.rs"));
}

/// Types of `schemas/api/2.0/simple_return.dtd`: the single-result responses of many APIs (option profile create, update and import, login, errors).
pub mod simple_return {
    include!(concat!(env!("OUT_DIR"), "/simple_return.rs"));
}

/// Types of `schemas/ticket_list_output.dtd`: the remediation ticket list.
pub mod ticket_list_output {
    include!(concat!(env!("OUT_DIR"), "/ticket_list_output.rs"));
}
