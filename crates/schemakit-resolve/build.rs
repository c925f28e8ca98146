//! Embeds every file under the repository's `schemas/` folder into the crate.
//!
//! The generated `bundled_table.rs` in `OUT_DIR` defines `SCHEMAS_DIR` (the folder's
//! absolute path at build time) and `BUNDLED_FILES`, a table of (path relative to
//! `schemas/`, contents) sorted by path. A missing or empty folder gives an empty table.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let schemas_dir = manifest_dir.join("../../schemas");
    let schemas_dir = fs::canonicalize(&schemas_dir).unwrap_or(schemas_dir);
    println!("cargo:rerun-if-changed={}", schemas_dir.display());

    let mut files = Vec::new();
    collect_files(&schemas_dir, &schemas_dir, 0, &mut files);
    files.sort();

    let mut table = String::new();
    let _ = writeln!(
        table,
        "/// The `schemas/` folder at build time.\npub(crate) const SCHEMAS_DIR: &str = {:?};",
        schemas_dir.display().to_string()
    );
    table.push_str(
        "/// Every bundled file: (path relative to `schemas/`, contents), sorted by path.\n",
    );
    table.push_str("pub(crate) static BUNDLED_FILES: &[(&str, &str)] = &[\n");
    for (relative, absolute) in &files {
        println!("cargo:rerun-if-changed={}", absolute.display());
        let _ = writeln!(
            table,
            "    ({:?}, include_str!({:?})),",
            relative,
            absolute.display().to_string()
        );
    }
    table.push_str("];\n");

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(error) = fs::write(out_dir.join("bundled_table.rs"), table) {
        println!("cargo:warning=failed to write the bundled schema table: {error}");
    }
}

/// Adds every UTF-8 text file under `dir` to `files` as (path relative to `root` with
/// `/` separators, absolute path). Hidden files and folders are skipped, and so are
/// folders nested deeper than `MAX_DEPTH` (which also stops symbolic-link loops).
fn collect_files(root: &Path, dir: &Path, depth: usize, files: &mut Vec<(String, PathBuf)>) {
    const MAX_DEPTH: usize = 32;
    if depth > MAX_DEPTH {
        println!(
            "cargo:warning={} is nested too deep, so it is not bundled",
            dir.display()
        );
        return;
    }

    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };

    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }

        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect_files(root, &path, depth + 1, files);
            continue;
        }

        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        let relative: Vec<String> = relative
            .components()
            .map(|component| component.as_os_str().to_string_lossy().into_owned())
            .collect();
        let relative = relative.join("/");

        let is_text = fs::read(&path).is_ok_and(|bytes| std::str::from_utf8(&bytes).is_ok());
        if !is_text {
            println!("cargo:warning=schemas/{relative} is not UTF-8 text, so it is not bundled");
            continue;
        }
        files.push((relative, path));
    }
}
