//! Data-driven tests: every document in `data/ok` is valid (warnings about its DTD
//! are allowed), and the reports for the
//! documents in `data/err` match their snapshots.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_resolve::{ExternalPolicy, Resolver};
use schemakit_validator::{Report, Validator, ValidatorOptions, Verdict};
use std::fmt::Write as _;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

fn data_dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(kind)
}

fn validator(options: ValidatorOptions) -> Validator {
    Validator::new(Resolver::new(ExternalPolicy::Local), options)
}

/// Validates `path`, naming the document by its file name so that snapshots do not
/// depend on the checkout location.
fn validate(validator: &Validator, path: &Path) -> Report {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let file = File::open(path).unwrap();
    validator.validate_reader(BufReader::new(file), &name, Some(path))
}

fn documents(kind: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(data_dir(kind))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "xml"))
        .collect();
    paths.sort();
    paths
}

/// Renders a report as its verdict, schema selection and one line per finding
/// with its expected and found values. The crate's directory is written as
/// `[crate]`, so that snapshots do not depend on the checkout location.
fn render(report: &Report) -> String {
    render_lines(report).replace(env!("CARGO_MANIFEST_DIR"), "[crate]")
}

fn render_lines(report: &Report) -> String {
    let mut text = format!("verdict: {:?}\n", report.verdict);
    if let Some(schema) = &report.schema {
        let _ = writeln!(text, "schema: {:?}", schema.selection);
    }
    for diagnostic in &report.diagnostics {
        let _ = writeln!(text, "{diagnostic}");
        if let Some(expected) = &diagnostic.expected {
            let _ = writeln!(text, "    expected: {expected}");
        }
        if let Some(found) = &diagnostic.found {
            let _ = writeln!(text, "    found: {found}");
        }
    }
    text
}

#[test]
fn ok_documents_are_valid() {
    let validator = validator(ValidatorOptions::default());
    let paths = documents("ok");
    assert!(!paths.is_empty());
    for path in paths {
        let report = validate(&validator, &path);
        assert_eq!(
            report.verdict,
            Verdict::Valid,
            "{}:\n{}",
            path.display(),
            render(&report)
        );
        assert_eq!(
            report.error_count(),
            0,
            "{}:\n{}",
            path.display(),
            render(&report)
        );
    }
}

#[test]
fn err_document_reports() {
    let validator = validator(ValidatorOptions::default());
    insta::glob!("data/err/*.xml", |path| {
        let report = validate(&validator, path);
        assert_ne!(report.verdict, Verdict::Valid, "{}", path.display());
        insta::assert_snapshot!(render(&report));
    });
}

#[test]
fn max_errors_keeps_verdict() {
    let options = ValidatorOptions {
        max_errors: Some(1),
        ..ValidatorOptions::default()
    };
    let report = validate(
        &validator(options),
        &data_dir("err").join("attribute_faults.xml"),
    );
    assert_eq!(report.verdict, Verdict::Invalid);
    assert!(report.truncated);
    assert_eq!(report.error_count(), 1);
}

#[test]
fn validator_is_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Validator>();

    let validator = validator(ValidatorOptions::default());
    let path = data_dir("ok").join("external_dtd.xml");
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| validate(&validator, &path).verdict))
            .collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap(), Verdict::Valid);
        }
    });
}
