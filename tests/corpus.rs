//! Real Qualys documents from public repositories, validated with the bundled
//! schemas: each verdict and finding is asserted against a checked-in list, and the
//! verdicts against the corpus's own DTDs must match xmllint's.
//!
//! The corpus is read from `$SCHEMAKIT_CORPUS`, by default `../shared/corpus/qualys`
//! beside the repository.

// Test helpers stop at the first unexpected value, like the tests themselves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use schemakit::{CompiledDtd, ExternalPolicy, Resolver, Validator, ValidatorOptions, Verdict};
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;

const EXPECTATIONS: &str = "tests/data/corpus_expectations.toml";

#[derive(Deserialize)]
struct Expectations {
    document: Vec<Expected>,
}

/// What validating one corpus document with the bundled schemas must give.
#[derive(Deserialize)]
struct Expected {
    /// Path relative to the corpus folder.
    file: String,
    verdict: String,
    /// Each error as `line:column code path`.
    #[serde(default)]
    errors: Vec<String>,
    /// Why the document is not valid, when it is not.
    #[serde(default)]
    why: String,
}

fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Valid => "valid",
        Verdict::Invalid => "invalid",
        Verdict::NotWellFormed => "not-well-formed",
        Verdict::Unchecked => "unchecked",
    }
}

#[test]
fn corpus_documents_match_expectations() {
    let Some(corpus) = common::material_dir("SCHEMAKIT_CORPUS", "../shared/corpus/qualys") else {
        return;
    };
    let text = std::fs::read_to_string(common::repo_root().join(EXPECTATIONS))
        .expect("the expectations file is readable");
    let expectations: Expectations = toml::from_str(&text).expect("the expectations file parses");
    let validator = schemakit::qualys_validator().expect("bundled schemas load");

    let documents = common::xml_files(&corpus.join("xml"), true);
    let mut mismatches = Vec::new();
    for path in &documents {
        let relative = path
            .strip_prefix(&corpus)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let Some(expected) = expectations
            .document
            .iter()
            .find(|entry| entry.file == relative)
        else {
            mismatches.push(format!("{relative}: not listed in {EXPECTATIONS}"));
            continue;
        };
        assert!(
            expected.verdict == "valid" || !expected.why.is_empty(),
            "{relative}: an entry that is not valid must say why"
        );

        let report = validator.validate_file(path);
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .map(|diagnostic| {
                format!(
                    "{}:{} {} {}",
                    diagnostic.line,
                    diagnostic.column,
                    diagnostic.code,
                    diagnostic.path.as_deref().unwrap_or("-")
                )
            })
            .collect();
        if verdict_name(report.verdict) != expected.verdict || errors != expected.errors {
            mismatches.push(format!(
                "{relative}: expected {} {:?}, got {} {:?}",
                expected.verdict,
                expected.errors,
                verdict_name(report.verdict),
                errors
            ));
        }
    }

    for expected in &expectations.document {
        if !documents.iter().any(|path| path.ends_with(&expected.file)) {
            mismatches.push(format!("{}: listed but not in the corpus", expected.file));
        }
    }
    assert!(
        mismatches.is_empty(),
        "corpus mismatches:\n{}",
        mismatches.join("\n")
    );
}

/// Pairs of (DTD, documents that claim it) in the corpus.
fn dtd_pairs(corpus: &Path) -> Vec<(std::path::PathBuf, Vec<std::path::PathBuf>)> {
    let documents = common::xml_files(&corpus.join("xml"), true);
    let claiming = |root: &str| -> Vec<std::path::PathBuf> {
        documents
            .iter()
            .filter(|path| {
                std::fs::read_to_string(path)
                    .is_ok_and(|text| text.contains(&format!("<!DOCTYPE {root} ")))
            })
            .cloned()
            .collect()
    };
    vec![
        (
            corpus.join("dtd/simple_return.dtd"),
            claiming("SIMPLE_RETURN"),
        ),
        (
            corpus.join("dtd/knowledge_base_vuln_list_output.dtd"),
            claiming("KNOWLEDGE_BASE_VULN_LIST_OUTPUT"),
        ),
        (
            corpus.join("dtd/old/knowledge_base_vuln_list_output.dtd"),
            claiming("KNOWLEDGE_BASE_VULN_LIST_OUTPUT"),
        ),
    ]
}

#[test]
fn verdicts_match_xmllint_on_corpus_dtds() {
    let Some(corpus) = common::material_dir("SCHEMAKIT_CORPUS", "../shared/corpus/qualys") else {
        return;
    };
    if !common::xmllint_available() {
        return;
    }

    let resolver = Resolver::new(ExternalPolicy::Local);
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for (dtd_path, documents) in dtd_pairs(&corpus) {
        assert!(
            !documents.is_empty(),
            "no corpus document claims {}",
            dtd_path.display()
        );
        let dtd = CompiledDtd::load(&dtd_path, &resolver)
            .unwrap_or_else(|error| panic!("{} loads: {error}", dtd_path.display()));
        let validator =
            Validator::new(resolver.clone(), ValidatorOptions::default()).with_dtd(Arc::new(dtd));
        let dtd_arg = dtd_path.to_string_lossy().into_owned();

        for document in documents {
            let ours = validator.validate_file(&document).verdict;
            let (status, stderr) = common::xmllint(&["--dtdvalid", &dtd_arg], &document, None);
            let theirs = if status == 0 {
                Verdict::Valid
            } else {
                Verdict::Invalid
            };
            compared += 1;
            if ours != theirs {
                disagreements.push(format!(
                    "{} against {}: schemakit {ours:?}, xmllint {theirs:?}\n{stderr}",
                    document.display(),
                    dtd_path.display()
                ));
            }
        }
    }
    assert!(compared >= 15, "only {compared} documents were compared");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
