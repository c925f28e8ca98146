//! Helpers shared by the workspace tests.

// Test helpers stop at the first unexpected value, like the tests themselves, and
// not every test file uses every helper.
#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Returns the repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Returns whether the tests run in CI, where missing third-party material is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// Finds a folder of third-party test material: the path in `env_var` when set,
/// otherwise `default` relative to the repository root. Returns `None`, after saying
/// why, when it is absent outside CI; panics when it is absent under `CI=true`.
pub fn material_dir(env_var: &str, default: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os(env_var) {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().join(default),
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

/// Returns whether `xmllint` can be run. Panics under `CI=true` when it cannot.
pub fn xmllint_available() -> bool {
    let found = Command::new("xmllint").arg("--version").output().is_ok();
    if !found {
        let message = "xmllint not found; install libxml2-utils to run the differential check";
        assert!(
            !in_ci(),
            "{message} (CI=true makes a missing xmllint a failure)"
        );
        eprintln!("skipped: {message}");
    }
    found
}

/// Runs `xmllint --noout --nonet` with `args` on `document`, with `catalog` as its
/// only catalog when given, and returns its exit status code and standard error.
pub fn xmllint(args: &[&str], document: &Path, catalog: Option<&Path>) -> (i32, String) {
    let mut command = Command::new("xmllint");
    match catalog {
        Some(catalog) => command.env("XML_CATALOG_FILES", catalog),
        None => command.env_remove("XML_CATALOG_FILES"),
    };
    let output = command
        .args(["--noout", "--nonet"])
        .args(args)
        .arg(document)
        .output()
        .unwrap_or_else(|error| panic!("running xmllint on {}: {error}", document.display()));
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Lists the `*.xml` files directly in `dir` (and below it when `recursive`), sorted.
pub fn xml_files(dir: &Path, recursive: bool) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current)
            .unwrap_or_else(|error| panic!("reading {}: {error}", current.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|error| panic!("reading {}: {error}", current.display()))
                .path();
            if path.is_dir() && recursive {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "xml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `path` relative to the repository root, with `/` separators, for stable names.
pub fn display_path(path: &Path) -> String {
    let relative = path.strip_prefix(repo_root()).unwrap_or(path);
    relative.to_string_lossy().replace('\\', "/")
}
