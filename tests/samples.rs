//! Every Qualys sample document bundled in `tests/samples` validates clean, the same
//! as with xmllint.

// Test helpers stop at the first unexpected value, like the tests themselves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use schemakit::{SchemaSelection, Verdict};
use std::path::Path;

fn samples() -> Vec<std::path::PathBuf> {
    let samples = common::xml_files(&common::repo_root().join("tests/samples"), false);
    assert!(
        samples.len() >= 18,
        "expected the 18 or more bundled samples, found {}",
        samples.len()
    );
    samples
}

#[test]
fn every_sample_is_valid() {
    let validator = schemakit::qualys_validator().expect("bundled schemas load");
    let mut failures = Vec::new();

    for path in samples() {
        let report = validator.validate_file(&path);
        if report.verdict != Verdict::Valid || report.schema.is_none() {
            let details: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
            failures.push(format!(
                "{}: {:?}\n  {}",
                common::display_path(&path),
                report.verdict,
                details.join("\n  ")
            ));
        }
    }

    assert!(
        failures.is_empty(),
        "samples that did not validate:\n{}",
        failures.join("\n")
    );
}

#[test]
fn import_files_without_doctype_use_the_root_index() {
    let validator = schemakit::qualys_validator().expect("bundled schemas load");
    let cases = [
        (
            "add_params.xml",
            "/api/2.0/fo/auth/network_ssh/network_ssh_auth_params.dtd",
        ),
        ("Database_OP.xml", "option_profiles.xsd"),
    ];

    for (file, system_id_suffix) in cases {
        let path = common::repo_root().join("tests/samples").join(file);
        let report = validator.validate_file(&path);
        assert_eq!(
            report.verdict,
            Verdict::Valid,
            "{file}: {:?}",
            report.diagnostics
        );

        let schema = report.schema.expect("a schema was chosen");
        assert_eq!(schema.selection, SchemaSelection::RootIndex, "{file}");
        let system_id = schema.system_id.unwrap_or_default();
        assert!(
            system_id.ends_with(system_id_suffix),
            "{file}: chose {system_id}, expected one ending in {system_id_suffix}"
        );
        assert!(!schema.reason.is_empty(), "{file}: the reason is empty");
    }
}

#[test]
fn samples_are_valid_for_xmllint_too() {
    if !common::xmllint_available() {
        return;
    }
    let catalog = common::repo_root().join("schemas/catalog.xml");
    let roots = std::fs::read_to_string(common::repo_root().join("schemas/roots.toml"))
        .expect("schemas/roots.toml is readable");

    for path in samples() {
        let text = std::fs::read_to_string(&path).expect("sample is readable");
        let (status, stderr) = if text.contains("<!DOCTYPE") {
            common::xmllint(&["--catalogs", "--valid"], &path, Some(&catalog))
        } else {
            let schema = schema_for_root(&text, &roots);
            let option = match schema.extension().and_then(|extension| extension.to_str()) {
                Some("xsd") => "--schema",
                _ => "--dtdvalid",
            };
            common::xmllint(&[option, schema.to_str().unwrap_or_default()], &path, None)
        };
        assert_eq!(
            status,
            0,
            "xmllint rejects {}:\n{stderr}",
            common::display_path(&path)
        );
    }
}

/// Returns the bundled DTD or XSD that `schemas/roots.toml` names for the document's
/// root element. An absolute URL maps to its path under `schemas/`; the bundled
/// catalog maps a plain name such as `option_profiles.xsd` to the file of that name.
fn schema_for_root(document: &str, roots: &str) -> std::path::PathBuf {
    let root = document
        .split('<')
        .map(|tag| tag.trim_start())
        .find(|tag| tag.starts_with(|ch: char| ch.is_ascii_alphabetic()))
        .and_then(|tag| {
            tag.split(|ch: char| ch == '>' || ch.is_whitespace() || ch == '/')
                .next()
        })
        .expect("document has a root element");
    let index: toml::Value = toml::from_str(roots).expect("roots.toml parses");
    let entries = index["root"]
        .as_array()
        .expect("roots.toml has [[root]] entries");
    let entry = entries
        .iter()
        .find(|entry| entry["element"].as_str() == Some(root))
        .unwrap_or_else(|| panic!("roots.toml has no entry for {root}"));
    let system_id = entry["system_id"].as_str().expect("system_id is a string");
    let path = match system_id.split_once("://") {
        Some((_, rest)) => rest
            .split_once('/')
            .map(|(_, path)| path)
            .expect("an absolute system_id has a path"),
        None => system_id,
    };
    let file = common::repo_root().join("schemas").join(path);
    assert!(
        Path::new(&file).is_file(),
        "{} does not exist",
        file.display()
    );
    file
}
