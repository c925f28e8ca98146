//! Validation against XSDs. The option profile samples and the import files in
//! `tests/data/xsd/option_profiles` are checked against `schemas/option_profiles.xsd`
//! with the findings listed in its `cases.toml`. The XSDs of the public Qualys
//! corpus are checked with their documents against
//! `tests/data/xsd/corpus_expectations.toml`. Both lists also record what xmllint
//! reports, and the verdicts must agree with it.
//!
//! The corpus is read from `$SCHEMAKIT_CORPUS`, by default `../shared/corpus/qualys`
//! beside the repository.

// Test helpers stop at the first unexpected value, like the tests themselves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use schemakit::validator::CompiledXsd;
use schemakit::{Diagnostic, ExternalPolicy, Resolver, Validator, ValidatorOptions, Verdict};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const OPTION_PROFILES_XSD: &str = "schemas/option_profiles.xsd";
const FIXTURES: &str = "tests/data/xsd/option_profiles";
const CORPUS_EXPECTATIONS: &str = "tests/data/xsd/corpus_expectations.toml";

/// The nine database names that `AUTHENTICATION_TYPE` allows in option_profiles.xsd.
const AUTHENTICATION_TYPES: [&str; 9] = [
    "MongoDB",
    "Oracle",
    "MySQL",
    "MS SQL",
    "IBM DB2",
    "InformixDB",
    "Pivotal Greenplum",
    "PostgreSQL",
    "Sybase",
];

#[derive(Deserialize)]
struct FixtureCases {
    valid: Vec<ValidCase>,
    invalid: Vec<InvalidCase>,
}

/// A file in `ok/`, valid under option_profiles.xsd.
#[derive(Deserialize)]
struct ValidCase {
    file: String,
    description: String,
    xmllint: String,
}

/// A file in `err/` with one fault and the one error it must give.
#[derive(Deserialize)]
struct InvalidCase {
    file: String,
    fault: String,
    line: u32,
    column: u32,
    path: String,
    description: String,
    xmllint: String,
}

#[derive(Deserialize)]
struct CorpusExpectations {
    schema: Vec<CorpusSchema>,
    pair: Vec<CorpusPair>,
}

/// Whether a corpus XSD loads on its own.
#[derive(Deserialize)]
struct CorpusSchema {
    file: String,
    loads: bool,
    /// Strings the load error must contain, such as the name of a missing include.
    #[serde(default)]
    error_names: Vec<String>,
    xmllint_status: i32,
}

/// What validating one corpus document against one corpus XSD must give.
#[derive(Deserialize)]
struct CorpusPair {
    schema: String,
    document: String,
    verdict: String,
    /// Each error as `line:column code path`.
    #[serde(default)]
    errors: Vec<String>,
    /// Why the document is not valid, when it is not.
    #[serde(default)]
    why: String,
    xmllint_status: i32,
}

/// Returns the verdict's name in the JSON output, such as `not-well-formed`.
fn verdict_name(verdict: Verdict) -> String {
    serde_json::to_value(verdict)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{verdict:?}"))
}

/// Returns the verdict that an xmllint `--schema` exit status means.
fn xmllint_verdict(status: i32) -> &'static str {
    match status {
        0 => "valid",
        3 => "invalid",
        5 => "schema-failed-to-compile",
        _ => "xmllint-failed",
    }
}

/// Formats an error as `line:column code path`.
fn error_line(diagnostic: &Diagnostic) -> String {
    format!(
        "{}:{} {} {}",
        diagnostic.line,
        diagnostic.column,
        diagnostic.code,
        diagnostic.path.as_deref().unwrap_or("-")
    )
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .collect()
}

/// Returns a validator that checks every document against the XSD at `path`. The
/// XSD's includes and imports are read from local files.
fn xsd_validator(path: &Path) -> Validator {
    let resolver = Resolver::new(ExternalPolicy::Local);
    let xsd = CompiledXsd::load(path, &resolver)
        .unwrap_or_else(|error| panic!("{} loads: {error}", path.display()));
    Validator::new(resolver, ValidatorOptions::default()).with_xsd(Arc::new(xsd))
}

fn option_profiles_validator() -> Validator {
    xsd_validator(&common::repo_root().join(OPTION_PROFILES_XSD))
}

fn fixture_cases() -> FixtureCases {
    let path = common::repo_root().join(FIXTURES).join("cases.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn corpus_expectations() -> CorpusExpectations {
    let path = common::repo_root().join(CORPUS_EXPECTATIONS);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn option_profile_samples_are_valid() {
    let validator = option_profiles_validator();
    let samples = [
        "Database_OP.xml",
        "option_profiles_export.xml",
        "option_profiles_list.xml",
    ];

    for sample in samples {
        let path = common::repo_root().join("tests/samples").join(sample);
        let report = validator.validate_file(&path);
        let found: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            report.verdict,
            Verdict::Valid,
            "{sample}:\n  {}",
            found.join("\n  ")
        );
        assert!(
            errors(&report.diagnostics).is_empty(),
            "{sample}: a valid report lists errors:\n  {}",
            found.join("\n  ")
        );
    }
}

#[test]
fn fixture_files_are_all_listed() {
    let cases = fixture_cases();
    let root = common::repo_root().join(FIXTURES);
    let listed = |folder: &str, files: Vec<&str>| {
        let mut on_disk: Vec<String> = common::xml_files(&root.join(folder), false)
            .iter()
            .filter_map(|path| path.file_name())
            .map(|name| format!("{folder}/{}", name.to_string_lossy()))
            .collect();
        on_disk.sort();
        let mut files: Vec<String> = files.into_iter().map(str::to_owned).collect();
        files.sort();
        assert_eq!(
            on_disk, files,
            "{folder}/ and cases.toml list different files"
        );
    };

    listed(
        "ok",
        cases.valid.iter().map(|case| case.file.as_str()).collect(),
    );
    listed(
        "err",
        cases
            .invalid
            .iter()
            .map(|case| case.file.as_str())
            .collect(),
    );
    assert!(
        cases.valid.len() >= 7,
        "only {} ok/ files",
        cases.valid.len()
    );
    assert!(
        cases.invalid.len() >= 20,
        "only {} err/ files",
        cases.invalid.len()
    );
}

#[test]
fn valid_fixtures_pass() {
    let validator = option_profiles_validator();
    let mut failures = Vec::new();

    for case in fixture_cases().valid {
        let path = common::repo_root().join(FIXTURES).join(&case.file);
        let report = validator.validate_file(&path);
        if report.verdict != Verdict::Valid || !errors(&report.diagnostics).is_empty() {
            let found: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
            failures.push(format!(
                "{}: {:?}, expected valid ({})\n    {}",
                case.file,
                report.verdict,
                case.description,
                found.join("\n    ")
            ));
        }
    }

    assert!(
        failures.is_empty(),
        "valid fixtures that did not pass:\n{}",
        failures.join("\n")
    );
}

#[test]
fn each_fault_gives_one_located_finding() {
    let validator = option_profiles_validator();
    let cases = fixture_cases();
    let mut failures = Vec::new();

    for case in &cases.invalid {
        let path = common::repo_root().join(FIXTURES).join(&case.file);
        let report = validator.validate_file(&path);
        let errors = errors(&report.diagnostics);

        if report.verdict != Verdict::Invalid {
            failures.push(format!(
                "{}: verdict {:?}, expected Invalid ({})",
                case.file, report.verdict, case.description
            ));
            continue;
        }
        let [error] = errors.as_slice() else {
            let listed: Vec<String> = errors.iter().map(ToString::to_string).collect();
            failures.push(format!(
                "{}: {} errors, expected 1 ({}):\n    {}",
                case.file,
                errors.len(),
                case.description,
                listed.join("\n    ")
            ));
            continue;
        };

        let found = (
            error.code.as_str(),
            error.line,
            error.column,
            error.path.as_deref().unwrap_or(""),
        );
        let expected = (
            case.fault.as_str(),
            case.line,
            case.column,
            case.path.as_str(),
        );
        if found != expected {
            failures.push(format!(
                "{}: got {found:?}, expected {expected:?}\n    {error}",
                case.file
            ));
        }
    }

    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.invalid.len(),
        failures.join("\n")
    );
}

#[test]
fn mssql_finding_lists_allowed_values() {
    let validator = option_profiles_validator();
    let path = common::repo_root()
        .join(FIXTURES)
        .join("err/mssql_authentication_type.xml");

    let report = validator.validate_file(&path);
    let error = report
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.is_error())
        .expect("MSSQL is reported");
    assert_eq!(error.code.as_str(), "invalid-value", "{error}");
    assert!(
        error.message.contains("MSSQL"),
        "the message does not name the value: {}",
        error.message
    );

    let listed = format!(
        "{} {}",
        error.message,
        error.expected.as_deref().unwrap_or_default()
    );
    for allowed in AUTHENTICATION_TYPES {
        assert!(
            listed.contains(allowed),
            "neither the message nor `expected` lists {allowed:?}: {listed}"
        );
    }
}

#[test]
fn schema_location_hint_finds_bundled_xsd() {
    let validator = schemakit::qualys_validator().expect("bundled schemas load");
    let path = common::repo_root()
        .join(FIXTURES)
        .join("ok/schema_location_hint.xml");

    let report = validator.validate_file(&path);
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.diagnostics);
    let schema = report.schema.expect("a schema was chosen");
    let file = schema.file.unwrap_or_default();
    assert!(
        file.ends_with("option_profiles.xsd"),
        "validated against {file}, expected option_profiles.xsd ({})",
        schema.reason
    );
}

#[test]
fn fixture_verdicts_match_xmllint() {
    if !common::xmllint_available() {
        return;
    }
    let schema = common::repo_root().join(OPTION_PROFILES_XSD);
    let schema = schema.to_string_lossy();
    let cases = fixture_cases();
    let expected = cases
        .valid
        .iter()
        .map(|case| (&case.file, &case.xmllint, 0))
        .chain(
            cases
                .invalid
                .iter()
                .map(|case| (&case.file, &case.xmllint, 3)),
        );
    let mut disagreements = Vec::new();

    for (file, recorded, status) in expected {
        let path = common::repo_root().join(FIXTURES).join(file);
        let (found, stderr) = common::xmllint(&["--schema", &schema], &path, None);
        if found != status {
            disagreements.push(format!(
                "{file}: xmllint exit status {found}, expected {status} ({recorded})\n{stderr}"
            ));
        }
    }

    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn corpus_schemas_load_or_fail_as_expected() {
    let Some(corpus) = common::material_dir("SCHEMAKIT_CORPUS", "../shared/corpus/qualys") else {
        return;
    };
    let resolver = Resolver::new(ExternalPolicy::Local);

    for expected in corpus_expectations().schema {
        let path = corpus.join(&expected.file);
        let loaded = CompiledXsd::load(&path, &resolver);
        match (loaded, expected.loads) {
            (Ok(_), true) => {}
            (Ok(_), false) => panic!("{}: loaded, expected an error", expected.file),
            (Err(error), true) => panic!("{}: {error}", expected.file),
            (Err(error), false) => {
                let message = error.to_string();
                for name in &expected.error_names {
                    assert!(
                        message.contains(name.as_str()),
                        "{}: the error does not name {name}: {message}",
                        expected.file
                    );
                }
            }
        }
    }
}

#[test]
fn corpus_pairs_match_expectations() {
    let Some(corpus) = common::material_dir("SCHEMAKIT_CORPUS", "../shared/corpus/qualys") else {
        return;
    };
    let expectations = corpus_expectations();
    let mut validators: HashMap<&str, Validator> = HashMap::new();
    let mut mismatches = Vec::new();

    for expected in &expectations.pair {
        assert!(
            expected.verdict == "valid" || !expected.why.is_empty(),
            "{}: an entry that is not valid must say why",
            expected.document
        );
        assert_eq!(
            expected.verdict,
            xmllint_verdict(expected.xmllint_status),
            "{}: the expected verdict differs from xmllint's",
            expected.document
        );

        let validator = validators
            .entry(expected.schema.as_str())
            .or_insert_with(|| xsd_validator(&corpus.join(&expected.schema)));
        let document: PathBuf = corpus.join(&expected.document);
        assert!(
            document.is_file(),
            "{}: listed but not in the corpus",
            expected.document
        );
        let report = validator.validate_file(&document);
        let found: Vec<String> = errors(&report.diagnostics)
            .into_iter()
            .map(error_line)
            .collect();

        let verdict = verdict_name(report.verdict);
        if verdict != expected.verdict || found != expected.errors {
            mismatches.push(format!(
                "{} against {}: expected {} {:?}, got {verdict} {found:?}",
                expected.document, expected.schema, expected.verdict, expected.errors
            ));
        }
    }

    assert!(
        expectations.pair.len() >= 11,
        "only {} pairs are listed",
        expectations.pair.len()
    );
    assert!(
        mismatches.is_empty(),
        "corpus mismatches:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn corpus_verdicts_match_xmllint() {
    let Some(corpus) = common::material_dir("SCHEMAKIT_CORPUS", "../shared/corpus/qualys") else {
        return;
    };
    if !common::xmllint_available() {
        return;
    }
    let expectations = corpus_expectations();
    let mut disagreements = Vec::new();

    let checks = expectations
        .pair
        .iter()
        .map(|pair| (&pair.schema, Some(&pair.document), pair.xmllint_status))
        .chain(
            expectations
                .schema
                .iter()
                .map(|schema| (&schema.file, None, schema.xmllint_status)),
        );
    for (schema, document, status) in checks {
        // xmllint compiles a schema only while it validates a document. A schema on
        // its own is checked with an option profile sample, which no corpus XSD
        // declares, so a schema that compiles gives status 3, not 0.
        let sample = common::repo_root().join("tests/samples/Database_OP.xml");
        let document_path = document.map_or(sample, |document| corpus.join(document));
        let schema_path = corpus.join(schema).to_string_lossy().into_owned();
        let (found, stderr) = common::xmllint(&["--schema", &schema_path], &document_path, None);

        let expected = match (document, status) {
            (None, 0) => 3,
            _ => status,
        };
        if found != expected {
            disagreements.push(format!(
                "{schema} with {}: xmllint exit status {found}, expected {expected}\n{stderr}",
                document_path.display()
            ));
        }
    }

    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
