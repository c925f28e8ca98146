//! Helpers shared by the tests of the generated Qualys types.

// Test helpers stop at the first unexpected value, like the tests themselves, and
// not every test file uses every helper.
#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)]

pub mod canonical;
pub mod samples;
pub mod validation;

use std::path::{Path, PathBuf};

/// Returns the workspace root, two folders above this crate.
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Returns whether the tests run in CI, where missing third-party material is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// Finds a folder of third-party test material: the path in `env_var` when set,
/// otherwise `default` relative to the workspace root. Returns `None`, after printing
/// why, when it is absent outside CI. Panics when it is absent under `CI=true`.
pub fn material_dir(env_var: &str, default: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os(env_var) {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join(default),
    };
    if dir.is_dir() {
        return Some(dir);
    }

    let message = format!(
        "{} not found; set {env_var} to its location to run this test",
        dir.display()
    );
    assert!(
        !in_ci(),
        "{message} (CI=true makes missing material a failure)"
    );
    eprintln!("skipped: {message}");
    None
}

/// Lists the `*.xml` files directly in `dir`, sorted.
pub fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|error| panic!("failed to read {}: {error}", dir.display()))
                .path()
        })
        .filter(|path| path.extension().is_some_and(|extension| extension == "xml"))
        .collect();
    files.sort();
    files
}
