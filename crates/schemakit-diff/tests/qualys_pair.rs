//! The knowledge base DTD before and after a published change.
//!
//! The DTDs are read from `$SCHEMAKIT_CORPUS/dtd/` (default: `../shared/corpus/qualys`
//! relative to the repository root). The tests skip when the folder is absent, unless
//! `CI=true`.

use schemakit_diff::{
    diff_schemas, load_dtd_file, render_human, ChangeKind, DiffError, SchemaDiff,
};
use std::path::PathBuf;

const DTD: &str = "knowledge_base_vuln_list_output.dtd";

fn corpus_dir() -> PathBuf {
    match std::env::var_os("SCHEMAKIT_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/qualys"),
    }
}

/// Loads both versions and diffs them, or returns `None` (after printing why) when
/// the corpus is absent outside CI.
fn knowledge_base_diff() -> Result<Option<SchemaDiff>, DiffError> {
    let dtd_dir = corpus_dir().join("dtd");
    let old_path = dtd_dir.join("old").join(DTD);
    let new_path = dtd_dir.join(DTD);
    if !old_path.is_file() || !new_path.is_file() {
        let message = format!(
            "the Qualys DTD corpus is absent: {} or {} not found; set SCHEMAKIT_CORPUS to the folder holding dtd/",
            old_path.display(),
            new_path.display()
        );
        if std::env::var("CI").is_ok_and(|value| value == "true") {
            panic!("{message}");
        }
        println!("skipped: {message}");
        return Ok(None);
    }

    let old = load_dtd_file(&old_path)?;
    let new = load_dtd_file(&new_path)?;
    Ok(Some(diff_schemas(&old, &new)))
}

fn content_change<'a>(diff: &'a SchemaDiff, element: &str) -> Option<(&'a str, &'a str)> {
    diff.changes.iter().find_map(|change| match &change.kind {
        ChangeKind::ContentModelChanged { old, new } if change.element == element => {
            Some((old.as_str(), new.as_str()))
        }
        _ => None,
    })
}

fn is_declared(diff: &SchemaDiff, element: &str) -> bool {
    diff.changes.iter().any(|change| {
        change.element == element && matches!(change.kind, ChangeKind::ElementDeclared { .. })
    })
}

#[test]
fn knowledge_base_report() -> Result<(), DiffError> {
    let Some(diff) = knowledge_base_diff()? else {
        return Ok(());
    };

    insta::assert_snapshot!(render_human(&diff));
    Ok(())
}

#[test]
fn knowledge_base_content_models() -> Result<(), DiffError> {
    let Some(diff) = knowledge_base_diff()? else {
        return Ok(());
    };
    let vuln = content_change(&diff, "VULN");
    let vuln_new = vuln.map(|(_, new)| new).unwrap_or_default();
    let cvss = content_change(&diff, "CVSS");

    assert_eq!(
        content_change(&diff, "VULN_LIST"),
        Some(("(VULN+)", "(VULN*)"))
    );
    assert!(vuln.is_some_and(|(old, _)| old.contains("TITLE, CATEGORY, ")));
    assert!(vuln_new.contains("TITLE, CATEGORY?, "));
    assert!(vuln.is_some_and(|(old, _)| old.contains("PCI_FLAG, DISCOVERY")));
    assert!(vuln_new.contains("PCI_FLAG?"));
    assert!(vuln_new.contains("DETECTION_INFO?"));
    assert!(vuln_new.contains("CVSS_V3?"));
    assert!(vuln_new.contains("THREAT_INTELLIGENCE?"));
    assert!(vuln_new.contains("CHANGE_LOG_LIST?"));
    assert!(cvss.is_some_and(|(old, _)| old.starts_with("(BASE, ")));
    assert!(cvss.is_some_and(|(_, new)| new.starts_with("(BASE?, ")));
    Ok(())
}

#[test]
fn knowledge_base_new_elements() -> Result<(), DiffError> {
    let Some(diff) = knowledge_base_diff()? else {
        return Ok(());
    };
    let threat_intel_id = diff.changes.iter().find(|change| {
        change.element == "THREAT_INTEL"
            && matches!(&change.kind, ChangeKind::AttributeAdded { declaration, .. } if declaration == "id CDATA #REQUIRED")
    });

    for element in [
        "DETECTION_INFO",
        "CVSS_V3",
        "THREAT_INTELLIGENCE",
        "THREAT_INTEL",
        "CHANGE_LOG_LIST",
    ] {
        assert!(
            is_declared(&diff, element),
            "{element} not reported as declared"
        );
    }
    assert!(threat_intel_id.is_some());
    assert!(threat_intel_id.is_some_and(|change| change.compatibility.backward.is_compatible()));
    Ok(())
}

#[test]
fn knowledge_base_is_backward_compatible_only() -> Result<(), DiffError> {
    let Some(diff) = knowledge_base_diff()? else {
        return Ok(());
    };
    let total = diff.compatibility();

    assert!(total.backward.is_compatible());
    assert!(!total.forward.is_compatible());
    Ok(())
}
