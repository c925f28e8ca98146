//! Developer tasks, run as `cargo xtask <task>` from anywhere in the repository.

mod conformance;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Developer tasks for schemakit")]
struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Run a conformance suite through the library and print a score table.
    Conformance {
        #[command(subcommand)]
        suite: Suite,
    },
}

#[derive(Subcommand)]
enum Suite {
    /// The W3C XML Conformance Test Suite: XML 1.0 (Fifth Edition) tests.
    Xmlconf {
        /// The suite's folder, holding xmlconf.xml [default: $XMLCONF_DIR, else
        /// ../shared/conformance/xmlconf beside the repository].
        #[arg(long)]
        suite: Option<PathBuf>,
        /// Print each failing test's id and the reason.
        #[arg(long)]
        list_failures: bool,
        /// Fail when fewer tests pass than the threshold recorded in
        /// xtask/conformance-thresholds.toml.
        #[arg(long)]
        check_threshold: bool,
        /// Also compare the verdicts on valid and invalid documents with
        /// `xmllint --noout --nonet --valid`; disagreements must be recorded in
        /// xtask/xmlconf-xmllint-disagreements.toml.
        #[arg(long)]
        against_xmllint: bool,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.task {
        Task::Conformance {
            suite:
                Suite::Xmlconf {
                    suite,
                    list_failures,
                    check_threshold,
                    against_xmllint,
                },
        } => conformance::xmlconf::run(suite, list_failures, check_threshold, against_xmllint),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// The repository root (the parent of this crate's folder).
fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
