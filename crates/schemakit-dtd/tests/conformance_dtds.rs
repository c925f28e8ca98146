//! Runs the parser over every DTD and entity file of the W3C XML conformance
//! suite to check that no input makes it panic or hang. The suite is read from
//! the folder named by `XMLCONF_DIR`, or from the default location that
//! `suite_dir` returns. The test is skipped when the suite is absent, unless
//! `CI=true`.

use schemakit_dtd::{DtdBuilder, DtdLimits};
use schemakit_model::{ExternalId, SourceFile};
use schemakit_resolve::{EntityLoader, LoadedEntity, Resolution, ResolveError};
use std::path::{Path, PathBuf};

/// Loads external entities relative to the directory of the file being parsed.
struct DirectoryLoader {
    dir: PathBuf,
}

impl EntityLoader for DirectoryLoader {
    fn load(&self, id: &ExternalId) -> Result<LoadedEntity, ResolveError> {
        let path = self.dir.join(&id.system_id);
        let not_found = || ResolveError::NotInCatalog {
            system_id: id.system_id.clone(),
            public_id: None,
        };
        if !path.starts_with(&self.dir) || id.system_id.contains("..") {
            return Err(not_found());
        }
        let text = std::fs::read_to_string(&path).map_err(|_| not_found())?;
        Ok(LoadedEntity {
            text,
            source: SourceFile {
                name: path.display().to_string(),
                path: Some(path.clone()),
            },
            base: self.dir.display().to_string(),
            resolution: Resolution::Relative,
        })
    }
}

fn suite_dir() -> PathBuf {
    match std::env::var_os("XMLCONF_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/xmlconf"),
    }
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, files);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "dtd" || extension == "ent")
        {
            files.push(path);
        }
    }
}

#[test]
fn conformance_suite_dtds_never_panic() {
    let dir = suite_dir();
    if !dir.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the XML conformance suite is missing at {}; set XMLCONF_DIR",
            dir.display()
        );
        eprintln!(
            "skipped: the XML conformance suite is not at {}; set XMLCONF_DIR to run this test",
            dir.display()
        );
        return;
    }

    let mut files = Vec::new();
    collect_files(&dir, &mut files);
    assert!(
        !files.is_empty(),
        "no .dtd or .ent files under {}",
        dir.display()
    );

    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        // Files in other encodings are decoded lossily: the point is robustness.
        let text = String::from_utf8_lossy(&bytes);
        let loader = DirectoryLoader {
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        let mut builder = DtdBuilder::new(&loader, DtdLimits::default());
        let source = SourceFile {
            name: path.display().to_string(),
            path: Some(path.clone()),
        };
        builder.parse_external_subset(&text, source, None);
        let _ = builder.finish();
    }
}
