//! Loads every XSD of the Qualys corpus.
//!
//! The corpus is read from `SCHEMAKIT_CORPUS` (default `../../../shared/corpus/qualys`
//! from this crate); without it the test prints `skipped:` and passes, unless
//! `CI=true`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_resolve::{ExternalPolicy, Resolver};
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let folder = std::env::var_os("SCHEMAKIT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/qualys")
        });
    if folder.join("xsd").is_dir() {
        return Some(folder);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the Qualys corpus is missing at {}",
        folder.display()
    );
    println!("skipped: no Qualys corpus at {}", folder.display());
    None
}

fn xsd_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            xsd_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "xsd") {
            found.push(path);
        }
    }
}

#[test]
fn corpus_schemas_load_or_fail_as_expected() {
    let Some(corpus) = corpus() else {
        return;
    };
    let mut files = Vec::new();
    xsd_files(&corpus.join("xsd"), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no XSD in the corpus");

    let resolver = Resolver::new(ExternalPolicy::Local);
    for file in files {
        let name = file
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        let result = schemakit_xsd::load_file(&file, &resolver);
        if name == "azure_asset_data_connector.xsd" {
            // Its includes are not part of the corpus, so its base type is missing
            // and the error names the include that should declare it.
            let error = result.expect_err("the includes are missing");
            let first = error.diagnostics.first().expect("a diagnostic");
            assert_eq!(
                first.code,
                schemakit_model::Code::UnresolvedReference,
                "{first}"
            );
            assert!(
                first
                    .message
                    .contains("AssetDataConnector` is not defined; it may be in one of `asset_data_connector.xsd`, `azure_service.xsd`, which could not be read"),
                "{first}"
            );
            assert_eq!((first.line, first.column), (10, 24), "{first}");
            continue;
        }
        match result {
            Ok(loaded) => {
                let components = loaded.schema.xsd.expect("components");
                assert!(
                    !components.global_elements.is_empty(),
                    "{name} has no elements"
                );
            }
            Err(error) => panic!("{name} did not load: {error:#?}"),
        }
    }
}
