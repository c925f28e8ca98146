//! Every sample document reads with the generated type of its root element, and
//! writing it back gives the same document: equal in canonical form, read again
//! to equal values, and valid against the schema it was generated from.

// Test helpers stop at the first unexpected value, like the tests themselves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::samples::{self, Sample};
use common::validation::SchemaValidators;
use schemakit_qualys::*;
use schemakit_runtime::XmlRoot;
use std::fmt::Debug;

/// Reads `sample` with `T`, writes it back and checks the written document.
/// Returns the written XML, or what went wrong.
fn round_trip<T: XmlRoot + PartialEq + Debug>(sample: &Sample) -> Result<String, String> {
    let text = sample.text();
    let value = T::from_xml(&text).map_err(|error| format!("reading failed: {error}"))?;

    let written = value.to_xml();
    common::canonical::compare(&text, &written)
        .map_err(|difference| format!("the written XML differs: {difference}\n{written}"))?;

    let again = T::from_xml(&written)
        .map_err(|error| format!("reading the written XML failed: {error}\n{written}"))?;
    if again != value {
        return Err(format!(
            "the written XML reads to other values:\nfirst:  {value:?}\nsecond: {again:?}"
        ));
    }
    Ok(written)
}

/// Reads and writes `sample` with the generated type of its schema's root element.
fn round_trip_sample(sample: &Sample) -> Result<String, String> {
    match (sample.module().as_str(), sample.root.as_str()) {
        ("auth_list_output", "AUTH_NETWORK_SSH_LIST_OUTPUT") => {
            round_trip::<auth_list_output::AuthNetworkSshListOutput>(sample)
        }
        ("auth_neo4j_list_output", "AUTH_NEO4J_LIST_OUTPUT") => {
            round_trip::<auth_neo4j_list_output::AuthNeo4jListOutput>(sample)
        }
        ("auth_records", "AUTH_RECORDS_OUTPUT") => {
            round_trip::<auth_records::AuthRecordsOutput>(sample)
        }
        ("batch_return", "BATCH_RETURN") => round_trip::<batch_return::BatchReturn>(sample),
        ("knowledge_base_vuln_list_output", "KNOWLEDGE_BASE_VULN_LIST_OUTPUT") => {
            round_trip::<knowledge_base_vuln_list_output::KnowledgeBaseVulnListOutput>(sample)
        }
        ("network_ssh_auth_params", "NETWORK_SSH_AUTH_PARAMS") => {
            round_trip::<network_ssh_auth_params::NetworkSshAuthParams>(sample)
        }
        ("option_profile_info", "OPTION_PROFILES") => {
            round_trip::<option_profile_info::OptionProfiles>(sample)
        }
        ("option_profiles", "OPTION_PROFILES") => {
            round_trip::<option_profiles::OptionProfilesType>(sample)
        }
        ("posture_info_list_output", "POSTURE_INFO_LIST_OUTPUT") => {
            round_trip::<posture_info_list_output::PostureInfoListOutput>(sample)
        }
        ("simple_return", "SIMPLE_RETURN") => round_trip::<simple_return::SimpleReturn>(sample),
        ("ticket_list_output", "REMEDIATION_TICKETS") => {
            round_trip::<ticket_list_output::RemediationTickets>(sample)
        }
        (module, root) => Err(format!(
            "no generated root type is listed for {root} of module {module}; add it to round_trip_sample"
        )),
    }
}

/// Documents that the generated types cannot read yet: (file name, fragment of
/// the expected read error). Each must still fail this way, so a fixed case fails
/// the test until its entry is removed.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// Round-trips every sample and validates what was written. Collects every
/// failure, so one run lists them all.
fn check_round_trips(samples: &[Sample]) {
    let mut validators = SchemaValidators::default();
    let mut failures = Vec::new();

    for sample in samples {
        let known_failure = KNOWN_FAILURES
            .iter()
            .find(|(file, _)| sample.path.ends_with(file));
        let result = round_trip_sample(sample);
        if let Some((file, fragment)) = known_failure {
            match result {
                Err(failure) if failure.contains(fragment) => {}
                Err(failure) => failures.push(format!(
                    "{} ({}): expected the known failure {fragment:?}, found: {failure}",
                    sample.name(),
                    sample.schema
                )),
                Ok(_) => failures.push(format!(
                    "{} ({}): now round-trips; remove {file} from KNOWN_FAILURES",
                    sample.name(),
                    sample.schema
                )),
            }
            continue;
        }

        let written = match result {
            Ok(written) => written,
            Err(failure) => {
                failures.push(format!("{} ({}): {failure}", sample.name(), sample.schema));
                continue;
            }
        };

        let errors = validators.errors(&sample.schema, &written);
        if !errors.is_empty() {
            failures.push(format!(
                "{} ({}): the written XML is invalid:\n  {}\n{written}",
                sample.name(),
                sample.schema,
                errors.join("\n  ")
            ));
        }
    }

    assert!(
        failures.is_empty(),
        "{} of {} samples failed:\n\n{}",
        failures.len(),
        samples.len(),
        failures.join("\n\n")
    );
}

#[test]
fn workspace_samples_round_trip() {
    check_round_trips(&samples::all_samples());
}

#[test]
fn corpus_samples_round_trip() {
    let Some(samples) = samples::corpus_samples() else {
        return;
    };
    check_round_trips(&samples);
}
