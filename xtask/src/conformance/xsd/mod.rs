//! `cargo xtask conformance xsd`: the W3C XML Schema Test Suite (XSTS), scored for
//! XSD 1.0.
//!
//! A schema test passes when schemakit's loader accepts a schema the metadata calls
//! valid, or rejects one it calls invalid. An instance test passes when the validator,
//! given the group's schema, reports the expected verdict (valid or invalid; any
//! other verdict is a failure). The rules for which tests are scored are in
//! [`metadata`]; the supported subset is defined in [`subset`].
//!
//! Groups without a schema test (the `attMd*` groups of the Microsoft attribute set)
//! are scored too. Their instance is validated with no schema, and the metadata
//! expects it to be invalid because it carries attributes in the xsi namespace, such
//! as `xsi:Type`, that are not among the four XSD 1.0 declares there (`type`, `nil`,
//! `schemaLocation` and `noNamespaceSchemaLocation`). xmllint needs a schema, so it
//! does not run on them.

mod disputed;
mod library;
mod metadata;
mod report;
mod subset;
mod xmllint;

use super::thresholds;
use anyhow::Context;
use metadata::{Scoring, TestGroup, TestSet};
use report::{ScoredTest, TestKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// The command-line options of `cargo xtask conformance xsd`.
pub struct Options {
    /// The suite's folder, or `None` for `$XSDTESTS_DIR` or the default location.
    pub suite: Option<PathBuf>,
    pub list_failures: bool,
    pub check_threshold: bool,
    /// Skip the xmllint comparison.
    pub no_xmllint: bool,
    /// Regenerate `xtask/xsd-subset.txt` instead of running the tests.
    pub write_subset: bool,
    /// Also write the table as Markdown to this file.
    pub markdown: Option<PathBuf>,
}

/// Runs the suite and prints the score table and summary.
pub fn run(options: Options) -> anyhow::Result<ExitCode> {
    let ci = std::env::var("CI").is_ok_and(|value| value == "true");
    let suite = options
        .suite
        .clone()
        .or_else(|| std::env::var_os("XSDTESTS_DIR").map(PathBuf::from))
        .unwrap_or_else(|| crate::repo_root().join("../shared/conformance/xsdtests"));

    if !suite.join("msMeta").is_dir() && !suite.join("sunMeta").is_dir() {
        let message = format!(
            "the W3C XML Schema Test Suite is not at {} (no msMeta or sunMeta folder); \
             pass --suite PATH or set XSDTESTS_DIR",
            suite.display()
        );
        if ci {
            anyhow::bail!("{message} (CI=true makes a missing suite a failure)");
        }
        println!("skipped: {message}");
        return Ok(ExitCode::SUCCESS);
    }

    // A canonical path keeps `..` out of the file names in messages.
    let suite = std::fs::canonicalize(&suite).unwrap_or(suite);
    let sets = metadata::read_suite(&suite).context("reading the suite's test metadata")?;
    let derived = subset::derive(&sets);
    print_subset_summary(&derived);

    let repo_root = crate::repo_root();
    if options.write_subset {
        subset::write_list(&repo_root, &derived.ids)?;
        println!(
            "wrote {} ({} tests)",
            subset::SUBSET_FILE,
            derived.ids.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let checked_in = subset::read_list(&repo_root)?;
    let stale = subset::staleness(&checked_in, &derived.ids);

    let use_xmllint = !options.no_xmllint && xmllint_available(ci)?;
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let groups: Vec<&TestGroup> = sets.iter().flat_map(|set| &set.groups).collect();

    let started = Instant::now();
    let runs = library::run_all(&groups, threads);
    let schemakit_time = started.elapsed();

    let subset_ids: BTreeSet<&str> = checked_in.iter().map(String::as_str).collect();
    let (mut tests, jobs) = scored_tests(&sets, runs, &subset_ids);

    let started = Instant::now();
    if use_xmllint {
        add_xmllint_outcomes(&mut tests, &jobs, threads)?;
    }
    let xmllint_time = started.elapsed();

    println!();
    report::print_table(&tests, use_xmllint);
    print_unscored(&sets);
    let mut times = format!("time: schemakit {:.1} s", schemakit_time.as_secs_f64());
    if use_xmllint {
        times.push_str(&format!(", xmllint {:.1} s", xmllint_time.as_secs_f64()));
    }
    println!("{times} ({threads} threads)");

    if options.list_failures {
        report::print_failures(&tests);
    }

    if let Some(path) = &options.markdown {
        let version = use_xmllint.then(xmllint::version);
        std::fs::write(path, report::markdown(&tests, version.as_deref()))
            .with_context(|| format!("writing the Markdown table to {}", path.display()))?;
    }

    let tally = report::schemakit_tally(&tests);
    let mut status = ExitCode::SUCCESS;
    println!();
    if use_xmllint {
        let [instances, rejected, overall] = report::summary_lines(&report::xmllint_tally(&tests));
        println!("xmllint: {instances}; {rejected}; {overall}");
    }
    if let Some(message) = stale {
        eprintln!("error: {message}");
        status = ExitCode::from(1);
    }
    if options.check_threshold && !threshold_met(&tally)? {
        status = ExitCode::from(1);
    }

    let disputed = disputed::read()?;
    for (id, entry) in &disputed {
        println!(
            "disputed expectation (counted as failed): {id} expects {}, schemakit says {}. {}",
            entry.expected,
            entry.verdict,
            entry.reason.trim()
        );
    }
    if options.check_threshold {
        let problems = disputed::unexplained(&tests, &disputed);
        for problem in &problems {
            eprintln!("error: {problem}");
        }
        if problems.is_empty() {
            println!("every supported-subset failure is a recorded disputed expectation");
        } else {
            status = ExitCode::from(1);
        }
    }
    for line in report::summary_lines(&tally) {
        println!("{line}");
    }
    Ok(status)
}

/// Tells whether xmllint can run; under CI its absence is an error.
fn xmllint_available(ci: bool) -> anyhow::Result<bool> {
    if xmllint::is_available() {
        return Ok(true);
    }
    let message = "xmllint is not on PATH; install libxml2-utils or pass --no-xmllint";
    if ci {
        anyhow::bail!("{message} (CI=true makes a missing xmllint a failure)");
    }
    println!("skipped xmllint: {message}");
    Ok(false)
}

/// Pairs every scored test with schemakit's result, in metadata order, and returns
/// alongside each test the xmllint run that checks it, when its group has one schema
/// document.
fn scored_tests(
    sets: &[TestSet],
    runs: Vec<library::GroupRuns>,
    subset_ids: &BTreeSet<&str>,
) -> (Vec<ScoredTest>, Vec<Option<xmllint::Job>>) {
    let mut runs = runs.into_iter();
    let mut tests = Vec::new();
    let mut jobs = Vec::new();
    for set in sets {
        for group in &set.groups {
            let group_runs = runs.next().unwrap_or_default();
            let schema_document = group.schema_document();

            if let Some(schema) = &group.schema {
                if let Scoring::Scored(expected) = schema.scoring {
                    tests.push(ScoredTest {
                        set: set.name.clone(),
                        id: set.schema_id(group, schema),
                        kind: TestKind::Schema,
                        expected,
                        schemakit: group_runs.schema.clone().unwrap_or_default(),
                        xmllint: None,
                        in_subset: false,
                    });
                    jobs.push(schema_document.map(|path| xmllint::Job::Schema(path.to_path_buf())));
                }
            }

            for (test, run) in group.instances.iter().zip(&group_runs.instances) {
                let Some(expected) = test.scoring.expected() else {
                    continue;
                };
                let id = set.instance_id(group, test);
                tests.push(ScoredTest {
                    set: set.name.clone(),
                    in_subset: subset_ids.contains(id.as_str()),
                    id,
                    kind: TestKind::Instance,
                    expected,
                    schemakit: run.clone().unwrap_or_default(),
                    xmllint: None,
                });
                jobs.push(schema_document.map(|path| xmllint::Job::Instance {
                    schema: path.to_path_buf(),
                    instance: test.document.clone(),
                }));
            }
        }
    }
    (tests, jobs)
}

/// Runs xmllint on every scored test of a group with one schema document and
/// records its outcome.
fn add_xmllint_outcomes(
    tests: &mut [ScoredTest],
    jobs: &[Option<xmllint::Job>],
    threads: usize,
) -> anyhow::Result<()> {
    let runnable: Vec<(usize, xmllint::Job)> = jobs
        .iter()
        .enumerate()
        .filter_map(|(index, job)| job.clone().map(|job| (index, job)))
        .collect();
    let job_list: Vec<xmllint::Job> = runnable.iter().map(|(_, job)| job.clone()).collect();
    let outcomes = xmllint::run_all(&job_list, threads)?;

    for ((index, _), outcome) in runnable.iter().zip(outcomes) {
        if let Some(test) = tests.get_mut(*index) {
            test.xmllint = Some(outcome);
        }
    }
    Ok(())
}

fn print_subset_summary(derived: &subset::Derived) {
    let reasons: Vec<String> = derived
        .exclusions
        .iter()
        .map(|(reason, count)| format!("{reason} {count}"))
        .collect();
    println!(
        "supported subset: {} scored instance tests; left out: {}",
        derived.ids.len(),
        if reasons.is_empty() {
            "none".to_owned()
        } else {
            reasons.join(", ")
        }
    );
}

/// Prints how many tests are not scored, by reason.
fn print_unscored(sets: &[TestSet]) {
    let mut reasons: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for group in sets.iter().flat_map(|set| &set.groups) {
        if let Some(schema) = &group.schema {
            if let Some(reason) = unscored_reason(&schema.scoring) {
                reasons.entry(reason).or_default().0 += 1;
            }
        }
        for test in &group.instances {
            if let Some(reason) = unscored_reason(&test.scoring) {
                reasons.entry(reason).or_default().1 += 1;
            }
        }
    }

    println!();
    if reasons.is_empty() {
        println!("not scored: none");
        return;
    }
    println!("not scored (schema tests, instance tests):");
    for (reason, (schemas, instances)) in reasons {
        println!("  {reason}: {schemas}, {instances}");
    }
}

fn unscored_reason(scoring: &Scoring) -> Option<String> {
    Some(match scoring {
        Scoring::Scored(_) => return None,
        Scoring::OtherVersion => "applies only to XSD versions other than 1.0".to_owned(),
        Scoring::NoXsd10Outcome => "no XSD 1.0 outcome in the metadata".to_owned(),
        Scoring::Status(status) => format!("status {status}"),
        Scoring::NoStatus => "no status".to_owned(),
        Scoring::SeveralSchemaDocuments => "several schema documents".to_owned(),
        Scoring::SchemaNotValid => "the group's schema is not expected to be valid".to_owned(),
    })
}

/// Checks the counts against `xtask/conformance-thresholds.toml`, prints each
/// comparison and returns whether every count meets its threshold.
fn threshold_met(tally: &report::Tally) -> anyhow::Result<bool> {
    let minimum = thresholds::xsd_minimums()?;
    let checks = [
        (
            "instance verdicts",
            tally.instances.right,
            minimum.instance_verdicts,
        ),
        (
            "subset verdicts",
            tally.subset.right,
            minimum.subset_verdicts,
        ),
        (
            "invalid schemas rejected",
            tally.invalid_rejected.right,
            minimum.invalid_schemas_rejected,
        ),
    ];

    let mut met = true;
    for (name, count, minimum) in checks {
        if count < minimum {
            eprintln!(
                "error: {name}: {count} right, below the recorded threshold of {minimum} \
                 (xtask/conformance-thresholds.toml)"
            );
            met = false;
        } else {
            println!("threshold: {name} {count} >= {minimum}");
        }
    }
    Ok(met)
}
