//! Compares schemakit's verdicts with `xmllint --noout --nonet --valid` on every valid
//! and invalid document of the XML conformance suite.
//!
//! Each disagreement must be recorded in `xtask/xmlconf-xmllint-disagreements.toml`
//! with the reason schemakit is right; an unrecorded disagreement, or a recorded one
//! that no longer occurs, fails the run, so the list stays true.

use super::xmlconf_catalog::{TestCase, TestType};
use anyhow::Context;
use schemakit::Verdict;
use serde::Deserialize;
use std::process::Command;

const DISAGREEMENTS: &str = "xtask/xmlconf-xmllint-disagreements.toml";

#[derive(Deserialize)]
struct Recorded {
    #[serde(default)]
    disagreement: Vec<Disagreement>,
}

#[derive(Deserialize)]
struct Disagreement {
    id: String,
    schemakit: String,
    xmllint: String,
    reason: String,
}

/// xmllint's verdict from its exit status: 0 valid, 3 and 4 a validity error, others
/// a parse error (libxml2 2.9.14 documents these codes in `xmllint --help`).
fn xmllint_verdict(test: &TestCase) -> anyhow::Result<&'static str> {
    let status = Command::new("xmllint")
        .args(["--noout", "--nonet", "--valid"])
        .arg(&test.document)
        .env_remove("XML_CATALOG_FILES")
        .output()
        .context("running xmllint (install libxml2-utils)")?
        .status;
    Ok(match status.code() {
        Some(0) => "valid",
        Some(3 | 4) => "invalid",
        _ => "not-well-formed",
    })
}

fn name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Valid => "valid",
        Verdict::Invalid => "invalid",
        Verdict::NotWellFormed => "not-well-formed",
        Verdict::Unchecked => "unchecked",
    }
}

/// Runs the comparison; returns the problems found (empty when everything agrees or
/// is recorded).
pub fn compare(tests: &[(&TestCase, Verdict)]) -> anyhow::Result<Vec<String>> {
    let path = crate::repo_root().join(DISAGREEMENTS);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let recorded: Recorded =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;

    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let mut compared = 0;
    for (test, ours) in tests {
        if !matches!(test.test_type, TestType::Valid | TestType::Invalid) {
            continue;
        }
        compared += 1;
        let theirs = xmllint_verdict(test)?;
        let ours = name(*ours);
        if ours == theirs {
            continue;
        }
        seen.push(test.id.clone());
        match recorded.disagreement.iter().find(|entry| entry.id == test.id) {
            Some(entry) if entry.schemakit == ours && entry.xmllint == theirs && !entry.reason.is_empty() => {}
            Some(_) => problems.push(format!(
                "{} [{}]: recorded differently in {DISAGREEMENTS}; now schemakit {ours}, xmllint {theirs}",
                test.id,
                test.test_type.name()
            )),
            None => problems.push(format!(
                "{} [{}]: schemakit {ours}, xmllint {theirs}; fix it or record why schemakit is right in {DISAGREEMENTS}",
                test.id,
                test.test_type.name()
            )),
        }
    }
    for entry in &recorded.disagreement {
        if !seen.contains(&entry.id) {
            problems.push(format!(
                "{}: recorded in {DISAGREEMENTS} but the verdicts now agree; remove the entry",
                entry.id
            ));
        }
    }
    println!("differential: {compared} valid and invalid documents compared with xmllint, {} recorded disagreements", recorded.disagreement.len());
    Ok(problems)
}
