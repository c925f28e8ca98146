//! `cargo xtask drift`: fails when a schema in `schemas/` differs from its recorded
//! baseline in `tests/data/drift/baseline/`, when a sample in `tests/samples/` no
//! longer validates, or when generated-code snapshots are stale.
//!
//! The first two checks run `schemakit drift` on this repository, and the third runs
//! `schemakit gen --check` on each module listed in `tests/data/drift/generated.toml`.
//! `--update` copies `schemas/` over the baseline after a reviewed schema change.

use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The folder of the recorded schemas, relative to the repository root.
pub const BASELINE: &str = "tests/data/drift/baseline";

/// Runs the drift checks, or refreshes the baseline when `update` is set.
pub fn run(root: &Path, update: bool) -> anyhow::Result<ExitCode> {
    if update {
        update_baseline(root)?;
        println!("baseline {BASELINE} refreshed from schemas/");
        return Ok(ExitCode::SUCCESS);
    }

    let mut failed = false;

    println!("== schemas/ against {BASELINE}, then tests/samples/");
    let drift = schemakit(root)
        .args([
            "drift",
            "--baseline",
            BASELINE,
            "--current",
            "schemas",
            "--samples",
            "tests/samples",
        ])
        .status()
        .context("cannot run `schemakit drift` through cargo")?;
    if !drift.success() {
        eprintln!("schemas/ differ from {BASELINE} or a sample is invalid; review the report above, then run `cargo xtask drift --update` if the change is intended");
        failed = true;
    }

    println!("== generated code snapshots");
    if !check_generated_code(root)? {
        failed = true;
    }

    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Builds a `cargo run` of the schemakit tool in `root`.
fn schemakit(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(root)
        .args(["run", "--quiet", "-p", "schemakit-cli", "--"]);
    command
}

/// The list of generated modules to keep current, relative to the repository root.
pub const GENERATED: &str = "tests/data/drift/generated.toml";

#[derive(serde::Deserialize, Default)]
struct GeneratedList {
    #[serde(default)]
    module: Vec<GeneratedModule>,
}

/// A module written by `schemakit gen SCHEMA -o MODULE` with extra arguments.
#[derive(serde::Deserialize)]
struct GeneratedModule {
    schema: String,
    module: String,
    #[serde(default)]
    args: Vec<String>,
}

/// Runs `schemakit gen SCHEMA -o MODULE --check` for each module listed in
/// [`GENERATED`], when the code generator exists. Returns false when one is stale.
fn check_generated_code(root: &Path) -> anyhow::Result<bool> {
    if !root.join("crates/schemakit-codegen/Cargo.toml").is_file() {
        println!("skipped: crates/schemakit-codegen does not exist, so there are no generated-code snapshots to check");
        return Ok(true);
    }

    let help = schemakit(root)
        .args(["gen", "--help"])
        .output()
        .context("cannot run `schemakit gen --help` through cargo")?;
    if !help.status.success() {
        println!("skipped: the schemakit tool has no `gen` command yet, so there are no generated-code snapshots to check");
        return Ok(true);
    }

    let list_path = root.join(GENERATED);
    let text = std::fs::read_to_string(&list_path)
        .with_context(|| format!("cannot read {}", list_path.display()))?;
    let list: GeneratedList = toml::from_str(&text).with_context(|| {
        format!(
            "{} is not a valid list of generated modules",
            list_path.display()
        )
    })?;
    if list.module.is_empty() {
        println!("no generated modules are listed in {GENERATED}, so none were checked");
        return Ok(true);
    }

    let mut current = true;
    for entry in &list.module {
        let status = schemakit(root)
            .args(["gen", &entry.schema, "-o", &entry.module, "--check"])
            .args(&entry.args)
            .status()
            .context("cannot run `schemakit gen --check` through cargo")?;
        if status.success() {
            println!("{}: current", entry.module);
        } else {
            eprintln!(
                "{} is stale; regenerate it with `schemakit gen {} -o {}`",
                entry.module, entry.schema, entry.module
            );
            current = false;
        }
    }
    Ok(current)
}

/// Replaces the baseline with a copy of the schemas and the catalog.
fn update_baseline(root: &Path) -> anyhow::Result<()> {
    let baseline = root.join(BASELINE);
    if baseline.exists() {
        std::fs::remove_dir_all(&baseline)
            .with_context(|| format!("cannot remove the old baseline {}", baseline.display()))?;
    }
    copy_schemas(&root.join("schemas"), &baseline)
}

fn copy_schemas(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)
        .with_context(|| format!("cannot create folder {}", to.display()))?;
    let entries = std::fs::read_dir(from)
        .with_context(|| format!("cannot list folder {}", from.display()))?;
    for entry in entries {
        let path: PathBuf = entry
            .with_context(|| format!("cannot list folder {}", from.display()))?
            .path();
        let Some(name) = path.file_name() else {
            continue;
        };
        let target = to.join(name);
        if path.is_dir() {
            copy_schemas(&path, &target)?;
            continue;
        }
        let keep = path.extension().is_some_and(|extension| {
            ["dtd", "xsd", "xml"]
                .iter()
                .any(|kept| extension.eq_ignore_ascii_case(kept))
        });
        if keep {
            std::fs::copy(&path, &target).with_context(|| {
                format!("cannot copy {} to {}", path.display(), target.display())
            })?;
        }
    }
    Ok(())
}
