//! Developer tasks, run as `cargo xtask <task>` from anywhere in the repository.

mod bench;
mod conformance;
mod drift;

use clap::{Parser, Subcommand};
use std::ffi::OsString;
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
    /// Compare schemakit's validation speed and memory with xmllint and a quick-xml
    /// tokenizer on generated posture-info-like documents.
    Bench {
        /// Document sizes in MiB, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "10,100")]
        sizes: Vec<u64>,
        /// Runs of each tool per size; the tables show the median.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Also write the tables, machine facts and commands to BENCHMARKS.md at the
        /// repository root.
        #[arg(long)]
        markdown: bool,
        /// Size in MiB of the document with planted faults (1,000 faults of five
        /// kinds); 0 skips that part.
        #[arg(long, default_value_t = 10)]
        faulty_mib: u64,
        /// Number of 2 MiB documents in the folder validated with --jobs 1 and with
        /// --jobs set to every core; 0 skips that part. The default makes each run
        /// last about half a second, long enough that scheduling noise on a shared
        /// machine moves the speed-up by a few percent at most.
        #[arg(long, default_value_t = 64)]
        folder_documents: usize,
        /// Write the DTD, its XSD twin and one document per size into this folder and exit without
        /// measuring, for profiling the tools by hand.
        #[arg(long, value_name = "DIR")]
        generate_only: Option<PathBuf>,
    },
    /// Fail when schemas/ differ from tests/data/drift/baseline/, when a sample in
    /// tests/samples/ no longer validates, or when generated code is stale.
    Drift {
        /// Copy schemas/ over the baseline instead of checking.
        #[arg(long)]
        update: bool,
    },
    /// Run one command and print its wall time and peak RSS (used by `bench`).
    #[command(hide = true)]
    BenchChild {
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        command: Vec<OsString>,
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
    /// The W3C XML Schema Test Suite (XSTS): XSD 1.0 schema and instance tests, with
    /// xmllint's results beside schemakit's.
    Xsd {
        /// The suite's folder, holding msMeta and sunMeta [default: $XSDTESTS_DIR,
        /// else ../shared/conformance/xsdtests beside the repository].
        #[arg(long)]
        suite: Option<PathBuf>,
        /// Print each failing test's id, the expected verdict and schemakit's.
        #[arg(long)]
        list_failures: bool,
        /// Fail when a count is below the [xsd] threshold recorded in
        /// xtask/conformance-thresholds.toml.
        #[arg(long)]
        check_threshold: bool,
        /// Do not run `xmllint --schema` on the tests (it runs by default when on
        /// PATH, and CI=true requires it).
        #[arg(long)]
        no_xmllint: bool,
        /// Regenerate xtask/xsd-subset.txt from the suite and stop.
        #[arg(long)]
        write_subset: bool,
        /// Also write the score table as Markdown to this file.
        #[arg(long, value_name = "FILE")]
        markdown: Option<PathBuf>,
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
        Task::Conformance {
            suite:
                Suite::Xsd {
                    suite,
                    list_failures,
                    check_threshold,
                    no_xmllint,
                    write_subset,
                    markdown,
                },
        } => conformance::xsd::run(conformance::xsd::Options {
            suite,
            list_failures,
            check_threshold,
            no_xmllint,
            write_subset,
            markdown,
        }),
        Task::Bench {
            sizes,
            rounds,
            markdown,
            faulty_mib,
            folder_documents,
            generate_only,
        } => bench::run(
            &repo_root(),
            &bench::Options {
                sizes_mib: sizes,
                rounds,
                markdown,
                faulty_mib,
                folder_documents,
                generate_only,
            },
        ),
        Task::Drift { update } => drift::run(&repo_root(), update),
        Task::BenchChild { command } => bench::measure::run_child(&command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Returns the repository root (the parent of this crate's folder).
fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
