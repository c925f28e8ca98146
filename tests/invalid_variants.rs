//! Broken variants of the Qualys samples: each has exactly one fault, and the
//! validator must report exactly one finding for it, with the code, line, column and
//! element path recorded beside the case in `tests/data/invalid/<dtd>/cases.toml`.
//! The full findings of each folder are also kept as an insta snapshot.

// Test helpers stop at the first unexpected value, like the tests themselves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use schemakit::Verdict;
use serde::Deserialize;
use std::fmt::Write as _;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    file: String,
    fault: String,
    line: u32,
    column: u32,
    path: String,
    description: String,
}

fn case_folders() -> Vec<std::path::PathBuf> {
    let root = common::repo_root().join("tests/data/invalid");
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/data/invalid is readable")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.join("cases.toml").is_file())
        .collect();
    folders.sort();
    assert!(
        folders.len() >= 10,
        "expected a folder per bundled DTD, found {}",
        folders.len()
    );
    folders
}

#[test]
fn each_fault_gives_one_located_finding() {
    let validator = schemakit::qualys_validator().expect("bundled schemas load");
    let mut failures = Vec::new();
    let mut checked = 0;

    for folder in case_folders() {
        let text =
            std::fs::read_to_string(folder.join("cases.toml")).expect("cases.toml is readable");
        let cases: Cases = toml::from_str(&text)
            .unwrap_or_else(|error| panic!("{}/cases.toml: {error}", folder.display()));

        for case in cases.case {
            let path = folder.join(&case.file);
            let name = common::display_path(&path);
            let report = validator.validate_file(&path);
            let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
            checked += 1;

            if report.verdict != Verdict::Invalid {
                failures.push(format!(
                    "{name}: verdict {:?}, expected Invalid ({})",
                    report.verdict, case.description
                ));
                continue;
            }
            let [error] = errors.as_slice() else {
                let listed: Vec<String> = errors.iter().map(ToString::to_string).collect();
                failures.push(format!(
                    "{name}: {} errors, expected 1 ({}):\n    {}",
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
                    "{name}: got {found:?}, expected {expected:?}\n    {error}"
                ));
            }
        }
    }

    assert!(checked >= 100, "only {checked} cases were checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn findings_snapshot_per_dtd() {
    let validator = schemakit::qualys_validator().expect("bundled schemas load");

    for folder in case_folders() {
        let mut files = common::xml_files(&folder, false);
        files.sort();
        let mut snapshot = String::new();
        for path in files {
            let report = validator.validate_file(&path);
            let _ = writeln!(
                snapshot,
                "{} [{:?}]",
                common::display_path(&path),
                report.verdict
            );
            for diagnostic in &report.diagnostics {
                let mut line = format!("  {diagnostic}");
                if let Some(expected) = &diagnostic.expected {
                    let _ = write!(line, "\n    expected: {expected}");
                }
                if let Some(found) = &diagnostic.found {
                    let _ = write!(line, "\n    found: {found}");
                }
                let _ = writeln!(
                    snapshot,
                    "{}",
                    line.replace(&*common::repo_root().to_string_lossy(), "<repo>")
                );
            }
        }
        let name = folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        insta::assert_snapshot!(format!("invalid_{name}"), snapshot);
    }
}
