//! The tests whose recorded expectation schemakit disputes, read from
//! `xtask/xsd-disputed.toml`, and the check that every failure in the supported
//! subset is one of them.

use super::metadata::Validity;
use super::report::ScoredTest;
use anyhow::Context;
use serde::Deserialize;
use std::collections::BTreeMap;

const DISPUTED_FILE: &str = "xtask/xsd-disputed.toml";

#[derive(Deserialize)]
struct DisputedFile {
    test: Vec<Disputed>,
}

/// One disputed test: the suite's expectation, schemakit's verdict and why.
#[derive(Deserialize)]
pub struct Disputed {
    pub id: String,
    pub expected: String,
    pub verdict: String,
    pub reason: String,
}

/// Reads the disputed tests, keyed by test id.
pub fn read() -> anyhow::Result<BTreeMap<String, Disputed>> {
    let path = crate::repo_root().join(DISPUTED_FILE);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let file: DisputedFile =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    Ok(file
        .test
        .into_iter()
        .map(|disputed| (disputed.id.clone(), disputed))
        .collect())
}

/// Returns an error message for each subset test that fails without a matching
/// entry in `disputed`, and for each entry whose test does not fail as recorded.
pub fn unexplained(tests: &[ScoredTest], disputed: &BTreeMap<String, Disputed>) -> Vec<String> {
    let mut problems = Vec::new();

    for test in tests.iter().filter(|test| test.in_subset && !test.passed()) {
        let got = test.schemakit.verdict.map_or("no verdict", Validity::name);
        match disputed.get(&test.id) {
            Some(entry) if entry.expected == test.expected.name() && entry.verdict == got => {}
            Some(_) => problems.push(format!(
                "{}: the entry in {DISPUTED_FILE} does not match this run (expected {}, got {got}); \
                 update the entry or fix the verdict",
                test.id,
                test.expected.name()
            )),
            None => problems.push(format!(
                "{}: a supported-subset test fails (expected {}, got {got}); fix it, or record \
                 it in {DISPUTED_FILE} with the reason if the suite's expectation is wrong",
                test.id,
                test.expected.name()
            )),
        }
    }

    for id in disputed.keys() {
        let still_fails = tests.iter().any(|test| &test.id == id && !test.passed());
        if !still_fails {
            problems.push(format!(
                "{id}: recorded in {DISPUTED_FILE} but it no longer fails (or was not run); \
                 remove the entry"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::xsd::library::Run;
    use crate::conformance::xsd::report::TestKind;

    fn instance(id: &str, expected: Validity, got: Validity) -> ScoredTest {
        ScoredTest {
            set: "Set".to_owned(),
            id: id.to_owned(),
            kind: TestKind::Instance,
            expected,
            schemakit: Run {
                verdict: Some(got),
                detail: String::new(),
            },
            xmllint: None,
            in_subset: true,
        }
    }

    fn entry(id: &str) -> BTreeMap<String, Disputed> {
        let disputed = Disputed {
            id: id.to_owned(),
            expected: "valid".to_owned(),
            verdict: "invalid".to_owned(),
            reason: "the suite is wrong".to_owned(),
        };
        BTreeMap::from([(id.to_owned(), disputed)])
    }

    #[test]
    fn recorded_failure_accepted() {
        let tests = [instance("S/g/t", Validity::Valid, Validity::Invalid)];
        assert!(unexplained(&tests, &entry("S/g/t")).is_empty());
    }

    #[test]
    fn unrecorded_subset_failure_reported() {
        let tests = [instance("S/g/t", Validity::Valid, Validity::Invalid)];
        let problems = unexplained(&tests, &BTreeMap::new());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("S/g/t: a supported-subset test fails"));
    }

    #[test]
    fn entry_for_passing_test_reported() {
        let tests = [instance("S/g/t", Validity::Valid, Validity::Valid)];
        let problems = unexplained(&tests, &entry("S/g/t"));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("no longer fails"));
    }

    #[test]
    fn entry_with_other_verdict_reported() {
        let tests = [instance("S/g/t", Validity::Invalid, Validity::Valid)];
        let problems = unexplained(&tests, &entry("S/g/t"));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("does not match this run"));
    }
}
