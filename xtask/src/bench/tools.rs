//! The programs the benchmark compares: building the release binaries and the
//! command line of each tool.

use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The release executables that `cargo build` produced.
pub struct Executables {
    pub schemakit: PathBuf,
    pub tokenizer: PathBuf,
}

/// One tool's row name and command line for a document and its DTD.
pub struct Tool {
    pub name: &'static str,
    pub command: Vec<OsString>,
}

/// Builds `schemakit` and `quickxml-tokenize` with `cargo build --release` and returns
/// their paths, which cargo reports in its JSON messages (so `CARGO_TARGET_DIR` and
/// `build.target-dir` are honoured).
pub fn build_release(repo_root: &Path) -> Result<Executables> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    eprintln!("building schemakit and quickxml-tokenize with cargo build --release");

    let output = Command::new(&cargo)
        .current_dir(repo_root)
        .args([
            "build",
            "--release",
            "--message-format=json-render-diagnostics",
        ])
        .args(["-p", "schemakit-cli", "-p", "schemakit-bench-baseline"])
        .stderr(Stdio::inherit())
        .output()
        .context("failed to start cargo build --release")?;
    if !output.status.success() {
        bail!(
            "cargo build --release -p schemakit-cli -p schemakit-bench-baseline failed ({}); fix the build errors above",
            output.status
        );
    }

    let mut schemakit = None;
    let mut tokenizer = None;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(executable) = message.get("executable").and_then(|value| value.as_str()) else {
            continue;
        };
        match message
            .pointer("/target/name")
            .and_then(|value| value.as_str())
        {
            Some("schemakit") => schemakit = Some(PathBuf::from(executable)),
            Some("quickxml-tokenize") => tokenizer = Some(PathBuf::from(executable)),
            _ => {}
        }
    }

    match (schemakit, tokenizer) {
        (Some(schemakit), Some(tokenizer)) => Ok(Executables {
            schemakit,
            tokenizer,
        }),
        _ => bail!("cargo build reported no executable for schemakit or quickxml-tokenize"),
    }
}

/// Returns `xmllint --version`'s first line without the program name, or `None` when
/// xmllint cannot be run.
pub fn xmllint_version() -> Option<String> {
    let output = Command::new("xmllint").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    let first_line = text.lines().next()?;
    Some(first_line.trim_start_matches("xmllint: ").to_owned())
}

/// A table of tools that do the same job; the first row is schemakit's, which the
/// ratios of the other rows compare with.
pub struct ToolGroup {
    pub title: &'static str,
    pub tools: Vec<Tool>,
}

/// Lists the groups: validation against the DTD, then against its XSD twin.
pub fn groups(
    executables: &Executables,
    document: &Path,
    dtd: &Path,
    xsd: &Path,
    xmllint: bool,
) -> Vec<ToolGroup> {
    vec![
        ToolGroup {
            title: "DTD validation",
            tools: dtd_tools(executables, document, dtd, xmllint),
        },
        ToolGroup {
            title: "XSD validation",
            tools: xsd_tools(executables, document, xsd, xmllint),
        },
    ]
}

/// Lists the XSD tools: schemakit with `--schema`, `xmllint --stream --schema`, and
/// the tokenizer for scale.
fn xsd_tools(executables: &Executables, document: &Path, xsd: &Path, xmllint: bool) -> Vec<Tool> {
    let document = document.as_os_str().to_owned();
    let mut tools = vec![Tool {
        name: "schemakit validate --schema",
        command: vec![
            executables.schemakit.as_os_str().to_owned(),
            "validate".into(),
            "--schema".into(),
            xsd.as_os_str().to_owned(),
            document.clone(),
        ],
    }];

    if xmllint {
        tools.push(Tool {
            name: "xmllint --stream --schema",
            command: vec![
                "xmllint".into(),
                "--noout".into(),
                "--nonet".into(),
                "--stream".into(),
                "--schema".into(),
                xsd.as_os_str().to_owned(),
                document.clone(),
            ],
        });
    }

    tools.push(Tool {
        name: "quickxml-tokenize (baseline)",
        command: vec![executables.tokenizer.as_os_str().to_owned(), document],
    });
    tools
}

/// Lists the DTD tools in table order: schemakit first, because the ratios compare
/// every other row with it.
fn dtd_tools(executables: &Executables, document: &Path, dtd: &Path, xmllint: bool) -> Vec<Tool> {
    let document = document.as_os_str().to_owned();
    let mut tools = vec![Tool {
        name: "schemakit validate",
        command: vec![
            executables.schemakit.as_os_str().to_owned(),
            "validate".into(),
            document.clone(),
        ],
    }];

    if xmllint {
        tools.push(Tool {
            name: "xmllint --stream --valid",
            command: vec![
                "xmllint".into(),
                "--noout".into(),
                "--nonet".into(),
                "--stream".into(),
                "--valid".into(),
                document.clone(),
            ],
        });
        tools.push(Tool {
            name: "xmllint --dtdvalid",
            command: vec![
                "xmllint".into(),
                "--noout".into(),
                "--nonet".into(),
                "--dtdvalid".into(),
                dtd.as_os_str().to_owned(),
                document.clone(),
            ],
        });
    }

    tools.push(Tool {
        name: "quickxml-tokenize (baseline)",
        command: vec![executables.tokenizer.as_os_str().to_owned(), document],
    });
    tools
}
