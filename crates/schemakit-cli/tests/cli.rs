//! End-to-end tests of the `schemakit` binary on the fixtures in `tests/data/`.
//!
//! Every command runs with the crate folder as its working directory unless a test
//! sets another one, so paths in the output read `tests/data/...`.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use std::error::Error;
use std::path::{Path, PathBuf};

type TestResult = Result<(), Box<dyn Error>>;

/// The exit status and output of one run.
struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `schemakit ARGS` in `dir` with `stdin` as standard input.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Result<Run, Box<dyn Error>> {
    let mut command = cargo_bin_cmd!("schemakit");
    command
        .current_dir(dir)
        .env_remove("XML_CATALOG_FILES")
        .env_remove("RUST_LOG")
        .env_remove("NO_COLOR")
        .args(args);
    if let Some(input) = stdin {
        command.write_stdin(input.to_vec());
    }
    let output = command.output()?;
    Ok(Run {
        status: output.status.code(),
        stdout: String::from_utf8(output.stdout)?,
        stderr: String::from_utf8(output.stderr)?,
    })
}

fn run(args: &[&str]) -> Result<Run, Box<dyn Error>> {
    run_in(&crate_dir(), args, None)
}

/// Parses JSON Lines output into one value per line.
fn json_lines(stdout: &str) -> Result<Vec<Value>, serde_json::Error> {
    stdout.lines().map(serde_json::from_str).collect()
}

#[test]
fn exit_statuses() -> TestResult {
    let cases: &[(&str, &[&str], i32)] = &[
        ("valid", &["validate", "tests/data/valid.xml"], 0),
        ("invalid", &["validate", "tests/data/invalid.xml"], 1),
        (
            "not well-formed",
            &["validate", "tests/data/not_well_formed.xml"],
            1,
        ),
        (
            "unresolved SYSTEM id",
            &["validate", "tests/data/unresolved.xml"],
            2,
        ),
        (
            "no DOCTYPE, no root index",
            &[
                "validate",
                "--no-bundled-schemas",
                "tests/data/no_doctype.xml",
            ],
            2,
        ),
        (
            "no DOCTYPE, --dtd",
            &[
                "validate",
                "--dtd",
                "tests/data/note.dtd",
                "tests/data/no_doctype.xml",
            ],
            0,
        ),
        (
            "external loading off",
            &["validate", "--external", "none", "tests/data/valid.xml"],
            2,
        ),
        (
            "--dtd with a syntax error",
            &[
                "validate",
                "--dtd",
                "tests/data/syntax_error.dtd",
                "tests/data/valid.xml",
            ],
            2,
        ),
        ("missing path", &["validate", "tests/data/missing.xml"], 2),
        (
            "folder without xml",
            &["validate", "tests/data/empty_folder"],
            2,
        ),
        (
            "valid and invalid",
            &["validate", "tests/data/valid.xml", "tests/data/invalid.xml"],
            1,
        ),
        (
            "invalid and unresolved",
            &[
                "validate",
                "tests/data/invalid.xml",
                "tests/data/unresolved.xml",
            ],
            2,
        ),
        (
            "missing and valid",
            &["validate", "tests/data/missing.xml", "tests/data/valid.xml"],
            2,
        ),
        (
            "no DOCTYPE, --schema XSD",
            &[
                "validate",
                "--schema",
                "tests/data/note.xsd",
                "tests/data/no_doctype.xml",
            ],
            0,
        ),
        (
            "--schema XSD beats the DOCTYPE",
            &[
                "validate",
                "--schema",
                "tests/data/note.xsd",
                "tests/data/unresolved.xml",
            ],
            0,
        ),
        (
            "--schema with a DTD",
            &[
                "validate",
                "--schema",
                "tests/data/note.dtd",
                "tests/data/no_doctype.xml",
            ],
            0,
        ),
        (
            "--schema with a broken XSD",
            &[
                "validate",
                "--schema",
                "tests/data/broken.xsd",
                "tests/data/valid.xml",
            ],
            2,
        ),
        (
            "schema location hint",
            &["validate", "tests/data/hinted.xml"],
            1,
        ),
        (
            "schema location hint, local files off",
            &["validate", "--external", "catalog", "tests/data/hinted.xml"],
            2,
        ),
        ("check good XSD", &["check", "tests/data/note.xsd"], 0),
        ("check broken XSD", &["check", "tests/data/broken.xsd"], 1),
        ("check missing XSD", &["check", "tests/data/missing.xsd"], 2),
        ("check good DTD", &["check", "tests/data/good.dtd"], 0),
        ("check broken DTD", &["check", "tests/data/broken.dtd"], 1),
        (
            "check DTD syntax error",
            &["check", "tests/data/syntax_error.dtd"],
            1,
        ),
        (
            "check warning only",
            &["check", "tests/data/nondeterministic.dtd"],
            0,
        ),
        (
            "check warning with --strict",
            &["check", "--strict", "tests/data/nondeterministic.dtd"],
            1,
        ),
        (
            "check missing file",
            &["check", "tests/data/missing.dtd"],
            2,
        ),
        ("no command", &[], 2),
        (
            "unknown option",
            &["validate", "--bogus", "tests/data/valid.xml"],
            2,
        ),
        ("help", &["--help"], 0),
        ("version", &["--version"], 0),
    ];

    for (name, args, expected) in cases {
        let result = run(args)?;
        assert_eq!(
            result.status,
            Some(*expected),
            "case `{name}`\nstdout:\n{}\nstderr:\n{}",
            result.stdout,
            result.stderr
        );
    }
    Ok(())
}

#[test]
fn missing_path_reported_others_validated() -> TestResult {
    let result = run(&["validate", "tests/data/missing.xml", "tests/data/valid.xml"])?;

    assert!(
        result
            .stderr
            .contains("error: cannot read tests/data/missing.xml"),
        "{}",
        result.stderr
    );
    assert!(
        result.stdout.contains("tests/data/valid.xml: valid"),
        "{}",
        result.stdout
    );
    assert!(
        result.stdout.contains("1 path could not be read"),
        "{}",
        result.stdout
    );
    Ok(())
}

#[test]
fn empty_folder_message() -> TestResult {
    let result = run(&["validate", "tests/data/empty_folder"])?;

    assert!(
        result
            .stderr
            .contains("tests/data/empty_folder contains no *.xml files"),
        "{}",
        result.stderr
    );
    assert_eq!(result.stdout, "");
    Ok(())
}

#[test]
fn stdin_valid_document() -> TestResult {
    let data = crate_dir().join("tests/data");
    let document = std::fs::read(data.join("valid.xml"))?;

    // Relative SYSTEM identifiers in standard input resolve against the working folder.
    let result = run_in(&data, &["validate", "-"], Some(&document))?;

    assert_eq!(result.status, Some(0), "{}{}", result.stdout, result.stderr);
    assert!(
        result.stdout.starts_with("<stdin>: valid"),
        "{}",
        result.stdout
    );
    Ok(())
}

#[test]
fn stdin_invalid_document_has_no_snippet() -> TestResult {
    let data = crate_dir().join("tests/data");
    let document = std::fs::read(data.join("invalid.xml"))?;

    let result = run_in(
        &data,
        &["validate", "--color", "never", "-"],
        Some(&document),
    )?;

    assert_eq!(result.status, Some(1), "{}{}", result.stdout, result.stderr);
    assert!(result.stdout.contains("--> <stdin>:"), "{}", result.stdout);
    assert!(!result.stdout.contains("| <NOTE"), "{}", result.stdout);
    Ok(())
}

#[test]
fn folder_walk_order() -> TestResult {
    let result = run(&["validate", "--format", "json", "tests/data/folder"])?;

    let documents: Vec<String> = json_lines(&result.stdout)?
        .iter()
        .map(|record| record["document"].as_str().unwrap_or_default().to_owned())
        .collect();
    // The folder `b` sorts before the file `b.xml`.
    assert_eq!(
        documents,
        [
            "tests/data/folder/a.xml",
            "tests/data/folder/b/c.xml",
            "tests/data/folder/b.xml"
        ]
    );
    assert_eq!(result.status, Some(1));
    Ok(())
}

#[test]
fn jobs_do_not_change_output() -> TestResult {
    let args = |jobs| {
        vec![
            "validate",
            "--color",
            "never",
            "--jobs",
            jobs,
            "tests/data/valid.xml",
            "tests/data/folder",
            "tests/data/invalid.xml",
            "tests/data/not_well_formed.xml",
            "tests/data/unresolved.xml",
            "tests/data/many_errors.xml",
        ]
    };

    let sequential = run(&args("1"))?;
    let parallel = run(&args("4"))?;

    assert_eq!(sequential.stdout, parallel.stdout);
    assert_eq!(sequential.status, parallel.status);
    assert_eq!(sequential.status, Some(2));
    Ok(())
}

#[test]
fn max_errors_truncates() -> TestResult {
    let limited = run(&[
        "validate",
        "--format",
        "json",
        "--max-errors",
        "2",
        "tests/data/many_errors.xml",
    ])?;
    let full = run(&["validate", "--format", "json", "tests/data/many_errors.xml"])?;

    let limited = &json_lines(&limited.stdout)?[0];
    let full = &json_lines(&full.stdout)?[0];
    let count_errors = |record: &Value| {
        record["diagnostics"].as_array().map_or(0, |list| {
            list.iter().filter(|d| d["severity"] == "error").count()
        })
    };
    assert_eq!(count_errors(limited), 2);
    assert_eq!(limited["truncated"], true);
    assert_eq!(limited["verdict"], "invalid");
    assert!(count_errors(full) > 2, "{full}");
    assert_eq!(full["truncated"], false);
    Ok(())
}

#[test]
fn max_errors_in_status_line() -> TestResult {
    let result = run(&[
        "validate",
        "--color",
        "never",
        "--max-errors",
        "1",
        "tests/data/many_errors.xml",
    ])?;

    assert!(
        result
            .stdout
            .contains("more were not shown because of --max-errors"),
        "{}",
        result.stdout
    );
    Ok(())
}

#[test]
fn json_record_fields() -> TestResult {
    let result = run(&[
        "validate",
        "--format",
        "json",
        "tests/data/invalid.xml",
        "tests/data/valid.xml",
        "tests/data/unresolved.xml",
    ])?;
    let records = json_lines(&result.stdout)?;

    assert_eq!(records.len(), 3);
    for record in &records {
        for key in [
            "version",
            "document",
            "verdict",
            "schema",
            "diagnostics",
            "truncated",
        ] {
            assert!(record.get(key).is_some(), "no `{key}` in {record}");
        }
        assert_eq!(record["version"], 1);
    }

    let invalid = &records[0];
    assert_eq!(invalid["document"], "tests/data/invalid.xml");
    assert_eq!(invalid["verdict"], "invalid");
    assert_eq!(invalid["schema"]["selection"], "doctype-local");
    let diagnostics = invalid["diagnostics"].as_array().ok_or("no diagnostics")?;
    assert!(!diagnostics.is_empty());
    for diagnostic in diagnostics {
        for key in [
            "severity", "kind", "code", "message", "file", "line", "column", "path", "expected",
            "found", "help",
        ] {
            assert!(diagnostic.get(key).is_some(), "no `{key}` in {diagnostic}");
        }
        assert_eq!(diagnostic["file"], "tests/data/invalid.xml");
        assert!(diagnostic["line"].as_u64().unwrap_or(0) > 0, "{diagnostic}");
    }
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"invalid-attribute-value"), "{codes:?}");
    assert!(
        codes.contains(&"missing-element") || codes.contains(&"unexpected-element"),
        "{codes:?}"
    );

    assert_eq!(records[1]["verdict"], "valid");
    assert_eq!(records[1]["diagnostics"], serde_json::json!([]));
    assert_eq!(records[2]["verdict"], "unchecked");
    Ok(())
}

#[test]
fn json_names_xsd_and_hint() -> TestResult {
    let result = run(&["validate", "--format", "json", "tests/data/hinted.xml"])?;
    let records = json_lines(&result.stdout)?;

    let record = records.first().ok_or("no record")?;
    assert_eq!(record["verdict"], "invalid");
    assert_eq!(record["schema"]["kind"], "xsd");
    assert_eq!(record["schema"]["selection"], "schema-location");
    assert_eq!(record["schema"]["system_id"], "note.xsd");
    let codes: Vec<&str> = record["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, vec!["invalid-value"]);
    Ok(())
}

#[test]
fn check_broken_xsd_locates_errors() -> TestResult {
    let result = run(&["check", "--format", "json", "tests/data/broken.xsd"])?;
    let records = json_lines(&result.stdout)?;

    let record = records.first().ok_or("no record")?;
    assert_eq!(record["schema"], "tests/data/broken.xsd");
    assert_eq!(record["verdict"], "invalid");
    let first = &record["diagnostics"][0];
    assert_eq!(first["code"], "unresolved-reference");
    assert_eq!(first["line"], 4);
    Ok(())
}

#[test]
fn json_has_no_summary() -> TestResult {
    let result = run(&["validate", "--format", "json", "tests/data/folder"])?;

    assert_eq!(result.stdout.lines().count(), 3);
    Ok(())
}

#[test]
fn human_output_snapshots() -> TestResult {
    let cases = [
        ("valid", vec!["tests/data/valid.xml"]),
        ("invalid", vec!["tests/data/invalid.xml"]),
        ("not_well_formed", vec!["tests/data/not_well_formed.xml"]),
        ("unresolved", vec!["tests/data/unresolved.xml"]),
        ("folder", vec!["tests/data/folder"]),
        ("hinted", vec!["tests/data/hinted.xml"]),
    ];

    for (name, paths) in cases {
        let mut args = vec!["validate", "--color", "never"];
        args.extend(paths);
        let result = run(&args)?;
        // Some messages name absolute paths, which differ between checkouts.
        let stdout = result
            .stdout
            .replace(&crate_dir().display().to_string(), "[crate]");
        insta::assert_snapshot!(format!("validate_{name}"), stdout);
    }
    Ok(())
}

#[test]
fn check_output_snapshots() -> TestResult {
    for name in ["good", "broken", "syntax_error", "nondeterministic"] {
        let path = format!("tests/data/{name}.dtd");
        let result = run(&["check", "--color", "never", &path])?;
        insta::assert_snapshot!(format!("check_{name}"), result.stdout);
    }
    Ok(())
}

#[test]
fn check_json_codes() -> TestResult {
    let result = run(&[
        "check",
        "--format",
        "json",
        "tests/data/broken.dtd",
        "tests/data/good.dtd",
    ])?;
    let records = json_lines(&result.stdout)?;

    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["version"], 1);
    assert_eq!(records[0]["schema"], "tests/data/broken.dtd");
    assert_eq!(records[0]["verdict"], "invalid");
    let codes: Vec<&str> = records[0]["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"undeclared-in-content-model"), "{codes:?}");
    assert!(codes.contains(&"duplicate-declaration"), "{codes:?}");
    assert!(
        codes.contains(&"attlist-for-undeclared-element"),
        "{codes:?}"
    );
    assert_eq!(records[1]["verdict"], "valid");
    assert_eq!(records[1]["diagnostics"], serde_json::json!([]));
    Ok(())
}

#[test]
fn color_only_when_asked() -> TestResult {
    let always = run(&["validate", "--color", "always", "tests/data/invalid.xml"])?;
    let auto = run(&["validate", "tests/data/invalid.xml"])?;

    assert!(always.stdout.contains('\x1b'));
    // Standard output is a pipe here, so `auto` means no color.
    assert!(!auto.stdout.contains('\x1b'));
    Ok(())
}

#[test]
fn help_names_units() -> TestResult {
    let result = run(&["validate", "--help"])?;

    for option in [
        "--dtd",
        "--schema",
        "--catalog",
        "--external",
        "--allow-dir",
        "--max-errors",
        "--jobs",
        "--format",
    ] {
        assert!(result.stdout.contains(option), "no {option} in help");
    }
    assert!(result.stdout.contains("per document"), "{}", result.stdout);
    Ok(())
}

/// The Qualys samples in the repository's `tests/samples/` are all valid.
#[test]
fn qualys_samples_are_valid() -> TestResult {
    let samples = crate_dir().join("../../tests/samples");
    if !samples.is_dir() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "{} is missing",
            samples.display()
        );
        eprintln!("skipped: no samples at {}", samples.display());
        return Ok(());
    }

    let result = run_in(
        &crate_dir().join("../.."),
        &["validate", "--color", "never", "tests/samples"],
        None,
    )?;

    assert_eq!(
        result.status,
        Some(0),
        "{}\n{}",
        result.stdout,
        result.stderr
    );
    Ok(())
}

#[test]
fn unusable_schema_errors_are_shown_once() -> TestResult {
    for (option, schema, subject) in [
        (
            "--schema",
            "tests/data/broken.xsd",
            "the XSD given by --schema",
        ),
        (
            "--schema",
            "tests/data/missing.xsd",
            "the XSD given by --schema",
        ),
        (
            "--dtd",
            "tests/data/syntax_error.dtd",
            "the DTD given by --dtd",
        ),
    ] {
        let result = run(&["validate", option, schema, "tests/data/valid.xml"])?;

        assert_eq!(result.status, Some(2), "{option} {schema}");
        let first_error = result
            .stderr
            .lines()
            .find(|line| line.starts_with("error["))
            .unwrap_or_default();
        let message = first_error
            .split_once("]: ")
            .map_or("", |(_, message)| message);
        assert!(!message.is_empty(), "{schema}: {}", result.stderr);
        assert_eq!(
            result.stderr.matches(message).count(),
            1,
            "{}",
            result.stderr
        );
        assert!(
            result
                .stderr
                .contains(&format!("error: cannot use {subject} {schema}: fix the")),
            "{}",
            result.stderr
        );
    }
    Ok(())
}

#[test]
fn unusable_schema_in_json_gives_unchecked_records() -> TestResult {
    for (option, schema) in [
        ("--schema", "tests/data/broken.xsd"),
        ("--dtd", "tests/data/syntax_error.dtd"),
    ] {
        let result = run(&[
            "validate",
            "--format",
            "json",
            option,
            schema,
            "tests/data/valid.xml",
            "tests/data/invalid.xml",
        ])?;

        let records = json_lines(&result.stdout)?;
        let documents: Vec<&str> = records
            .iter()
            .map(|record| record["document"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(
            documents,
            ["tests/data/valid.xml", "tests/data/invalid.xml"],
            "{option}"
        );
        for record in &records {
            assert_eq!(record["verdict"], "unchecked", "{option}");
            assert_eq!(record["diagnostics"][0]["file"], schema, "{option}");
        }
        assert_eq!(result.status, Some(2), "{option}");
        assert!(
            result.stderr.contains("cannot use the"),
            "{option}: {}",
            result.stderr
        );
    }
    Ok(())
}
