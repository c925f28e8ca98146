//! `cargo xtask conformance xmlconf`: the W3C XML Conformance Test Suite.
//!
//! Scores the XML 1.0 Fifth Edition tests: a `valid` test passes when the document is
//! valid, an `invalid` test when it is well-formed but invalid, a `not-wf` test when
//! it is not well-formed. `error` tests are counted but not scored, and tests that
//! belong only to XML 1.1 or to editions before the fifth are listed apart.

use super::differential;
use super::thresholds;
use super::xmlconf_catalog::{read_suite, TestCase, TestType};
use anyhow::Context;
use schemakit::{
    Code, DiagnosticKind, ExternalPolicy, Report, Resolver, Validator, ValidatorOptions, Verdict,
};
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The result of one test.
struct Outcome {
    passed: bool,
    /// The verdict schemakit gave, when it gave one.
    verdict: Option<Verdict>,
    /// The reason it failed, or the verdict of an unscored test.
    reason: String,
}

pub fn run(
    suite: Option<PathBuf>,
    list_failures: bool,
    check_threshold: bool,
    against_xmllint: bool,
) -> anyhow::Result<ExitCode> {
    let suite = suite
        .or_else(|| std::env::var_os("XMLCONF_DIR").map(PathBuf::from))
        .unwrap_or_else(|| crate::repo_root().join("../shared/conformance/xmlconf"));

    if !suite.join("xmlconf.xml").is_file() {
        let message = format!(
            "the XML conformance suite is not at {}; pass --suite PATH or set XMLCONF_DIR",
            suite.display()
        );
        if std::env::var("CI").is_ok_and(|value| value == "true") {
            anyhow::bail!("{message} (CI=true makes a missing suite a failure)");
        }
        println!("skipped: {message}");
        return Ok(ExitCode::SUCCESS);
    }

    let tests = read_suite(&suite).context("reading the suite's catalogs")?;
    let outcomes = run_all(&tests);

    let scored: Vec<(&TestCase, &Outcome)> = tests
        .iter()
        .zip(&outcomes)
        .filter(|(test, _)| test.xml10_fifth_edition && test.test_type != TestType::Error)
        .collect();

    print_table(&scored);
    print_unscored(&tests, &outcomes);

    if list_failures {
        println!();
        println!("failures:");
        for (test, outcome) in scored.iter().filter(|(_, outcome)| !outcome.passed) {
            println!(
                "  {} [{}] {}: {}\n      test: {}",
                test.id,
                test.test_type.name(),
                relative(&suite, test),
                outcome.reason,
                test.description
            );
        }
    }

    let passed = scored.iter().filter(|(_, outcome)| outcome.passed).count();
    let failed = scored.len() - passed;
    println!();
    println!("{passed} passed, {failed} failed");

    let mut status = ExitCode::SUCCESS;
    if against_xmllint {
        let verdicts: Vec<(&TestCase, Verdict)> = scored
            .iter()
            .filter_map(|(test, outcome)| outcome.verdict.map(|verdict| (*test, verdict)))
            .collect();
        let problems = differential::compare(&verdicts)?;
        for problem in &problems {
            eprintln!("error: {problem}");
        }
        if !problems.is_empty() {
            status = ExitCode::from(1);
        }
    }

    if check_threshold {
        let minimum = thresholds::xmlconf_minimum()?;
        if passed < minimum {
            eprintln!(
                "error: {passed} tests passed, below the recorded threshold of {minimum} \
                 (xtask/conformance-thresholds.toml)"
            );
            return Ok(ExitCode::from(1));
        }
        println!("threshold: {passed} >= {minimum}");
    }
    Ok(status)
}

fn relative(suite: &std::path::Path, test: &TestCase) -> String {
    test.document
        .strip_prefix(suite)
        .unwrap_or(&test.document)
        .display()
        .to_string()
}

/// Runs every test on all cores, keeping the catalog's order in the results.
fn run_all(tests: &[TestCase]) -> Vec<Outcome> {
    let with_namespaces = validator(true);
    let without_namespaces = validator(false);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..tests.len()).map(|_| None).collect());

    // Panics are turned into failures; the default hook would print each one.
    std::panic::set_hook(Box::new(|_| {}));

    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(test) = tests.get(index) else { break };
                let validator = if test.namespaces {
                    &with_namespaces
                } else {
                    &without_namespaces
                };
                let outcome = run_one(validator, test);
                if let Ok(mut results) = results.lock() {
                    results[index] = Some(outcome);
                }
            });
        }
    });

    let _ = std::panic::take_hook();
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|outcome| {
            outcome.unwrap_or(Outcome {
                passed: false,
                verdict: None,
                reason: "not run".to_owned(),
            })
        })
        .collect()
}

fn validator(namespaces: bool) -> Validator {
    let options = ValidatorOptions {
        namespaces,
        ..ValidatorOptions::default()
    };
    Validator::new(Resolver::new(ExternalPolicy::Local), options)
}

fn run_one(validator: &Validator, test: &TestCase) -> Outcome {
    let result =
        std::panic::catch_unwind(AssertUnwindSafe(|| validator.validate_file(&test.document)));
    let report = match result {
        Ok(report) => report,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                .unwrap_or_default();
            return Outcome {
                passed: false,
                verdict: None,
                reason: format!("panicked: {message}"),
            };
        }
    };
    judge(test, &report)
}

/// Reads the verdict XML 1.0 gives from a report: a document whose external DTD is
/// not well-formed is not well-formed, and a document without a DTD is not valid
/// (schemakit reports both as unchecked, because no schema could be used).
pub fn xml10_verdict(report: &Report) -> Verdict {
    if report.verdict != Verdict::Unchecked {
        return report.verdict;
    }
    let errors = || report.diagnostics.iter().filter(|d| d.is_error());
    if errors().any(|d| d.kind == DiagnosticKind::Syntax) {
        return Verdict::NotWellFormed;
    }
    if errors().all(|d| d.code == Code::NoDoctype) {
        return Verdict::Invalid;
    }
    Verdict::Unchecked
}

fn judge(test: &TestCase, report: &Report) -> Outcome {
    let verdict = xml10_verdict(report);
    let expected = match test.test_type {
        TestType::Valid => Verdict::Valid,
        TestType::Invalid => Verdict::Invalid,
        TestType::NotWf => Verdict::NotWellFormed,
        TestType::Error => {
            return Outcome {
                passed: true,
                verdict: Some(verdict),
                reason: format!("{verdict:?}"),
            }
        }
    };
    if verdict == expected {
        return Outcome {
            passed: true,
            verdict: Some(verdict),
            reason: String::new(),
        };
    }

    let first = report
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.is_error())
        .or(report.diagnostics.first())
        .map(ToString::to_string)
        .unwrap_or_else(|| "no diagnostics".to_owned());
    Outcome {
        passed: false,
        verdict: Some(verdict),
        reason: format!("expected {expected:?}, got {verdict:?}: {first}"),
    }
}

fn print_table(scored: &[(&TestCase, &Outcome)]) {
    let mut cells: BTreeMap<(String, TestType), (usize, usize)> = BTreeMap::new();
    for (test, outcome) in scored {
        for key in [
            (test.sub_suite.clone(), test.test_type),
            ("all".to_owned(), test.test_type),
        ] {
            let cell = cells.entry(key).or_default();
            cell.1 += 1;
            if outcome.passed {
                cell.0 += 1;
            }
        }
    }

    let types = [TestType::Valid, TestType::Invalid, TestType::NotWf];
    println!("XML 1.0 (Fifth Edition) tests, passed/total");
    println!(
        "{:<10} {:>11} {:>11} {:>11} {:>11}",
        "suite", "valid", "invalid", "not-wf", "total"
    );
    let mut suites: Vec<String> = cells.keys().map(|(suite, _)| suite.clone()).collect();
    suites.dedup();
    suites.retain(|suite| suite != "all");
    suites.push("all".to_owned());

    for suite in suites {
        let mut row = format!("{suite:<10}");
        let mut total = (0, 0);
        for test_type in types {
            let (passed, count) = cells
                .get(&(suite.clone(), test_type))
                .copied()
                .unwrap_or_default();
            total.0 += passed;
            total.1 += count;
            row.push_str(&format!(" {:>11}", format!("{passed}/{count}")));
        }
        row.push_str(&format!(" {:>11}", format!("{}/{}", total.0, total.1)));
        println!("{row}");
    }
}

fn print_unscored(tests: &[TestCase], outcomes: &[Outcome]) {
    let error_tests = tests
        .iter()
        .filter(|test| test.xml10_fifth_edition && test.test_type == TestType::Error)
        .count();
    let other = tests
        .iter()
        .filter(|test| !test.xml10_fifth_edition)
        .count();
    let other_agreeing = tests
        .iter()
        .zip(outcomes)
        .filter(|(test, outcome)| !test.xml10_fifth_edition && outcome.passed)
        .count();
    println!();
    println!("not scored: {error_tests} error tests; {other} tests of XML 1.1 or of editions before the fifth ({other_agreeing} of them agree with their expected type)");
}
