//! The SYSTEM identifiers of real Qualys API responses against the bundled catalog.
//!
//! The responses are third-party files outside the repository. The test reads them from
//! the folder in `SCHEMAKIT_CORPUS` (see `corpus_dir` for the default) and skips
//! with a message when the folder is absent, unless `CI=true`.

use schemakit_resolve::{bundled_files, Catalog};
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    match std::env::var_os("SCHEMAKIT_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/qualys"),
    }
}

/// Adds every file under `dir` to `files`, descending at most `depth` folders.
fn collect_files(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() && depth > 0 {
            collect_files(&path, depth - 1, files)?;
        } else if path.is_file() {
            files.push(path);
        }
    }
    Ok(())
}

/// Returns the SYSTEM literal of the first `<!DOCTYPE NAME SYSTEM "...">` in `text`.
fn doctype_system_id(text: &str) -> Option<&str> {
    let doctype = text.find("<!DOCTYPE")?;
    let rest = text.get(doctype..)?;
    let end = rest.find('>')?;
    let declaration = rest.get(..end)?;
    let after = declaration.split_once(" SYSTEM ")?.1.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    after.get(1..)?.split(quote).next()
}

/// Returns the path of an `http(s)://host/path` identifier.
fn path_after_host(system_id: &str) -> Option<&str> {
    let (_, rest) = system_id.split_once("://")?;
    Some(rest.split_once('/')?.1)
}

#[test]
fn corpus_ids_resolve_to_bundled() -> Result<(), Box<dyn std::error::Error>> {
    let dir = corpus_dir().join("xml");
    if !dir.is_dir() {
        let in_ci = std::env::var("CI").is_ok_and(|value| value == "true");
        assert!(
            !in_ci,
            "the Qualys corpus is missing at {}, and CI=true requires it",
            dir.display()
        );
        eprintln!(
            "skipped: no Qualys corpus at {} (set SCHEMAKIT_CORPUS)",
            dir.display()
        );
        return Ok(());
    }
    let catalog = Catalog::bundled()?;
    let mut files = Vec::new();
    collect_files(&dir, 8, &mut files)?;
    files.sort();
    let mut checked = 0;
    let mut unbundled = Vec::new();

    for file in &files {
        let bytes = std::fs::read(file)?;
        let text = String::from_utf8_lossy(&bytes);
        let Some(system_id) = doctype_system_id(&text) else {
            continue;
        };
        let Some(path) = path_after_host(system_id) else {
            continue;
        };
        if bundled_files().all(|(bundled, _)| bundled != path) {
            unbundled.push(system_id.to_owned());
            continue;
        }

        let target = catalog.resolve_system(system_id);
        assert!(
            target
                .as_deref()
                .is_some_and(|target| target.ends_with(&format!("/{path}"))),
            "{}: {system_id} resolves to {target:?}, not to the bundled schemas/{path}",
            file.display()
        );
        checked += 1;
    }

    unbundled.sort();
    unbundled.dedup();
    eprintln!("{checked} SYSTEM ids resolved; not bundled: {unbundled:?}");
    assert!(
        checked > 0,
        "no response in {} names a bundled schema",
        dir.display()
    );
    Ok(())
}
