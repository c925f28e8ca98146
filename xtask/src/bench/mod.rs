//! `cargo xtask bench`: schemakit, xmllint and a tokenize-only quick-xml baseline,
//! side by side on generated posture-info-like documents.
//!
//! Each run is a child process measured by the kernel's accounting (see
//! [`measure`]). The tools alternate within each round, and the tables show medians.

pub mod faults;
pub mod generator;
pub mod machine;
pub mod measure;
pub mod report;
pub mod sections;
pub mod tools;

use anyhow::{bail, Context, Result};
use machine::MachineFacts;
use measure::{display_command, Measurement};
use report::{Row, SizeResult};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tools::ToolGroup;

const MIB: u64 = 1024 * 1024;

/// Free space kept on the temporary file system beyond the document itself.
const DISK_MARGIN_BYTES: u64 = 64 * MIB;

/// The seed of the document generator, fixed so every run measures the same bytes.
const SEED: u64 = 0x5C4E_3A11_2024_0514;

/// The options of `cargo xtask bench`.
pub struct Options {
    pub sizes_mib: Vec<u64>,
    pub rounds: usize,
    pub markdown: bool,
    /// Size of the document with planted faults; 0 skips it.
    pub faulty_mib: u64,
    /// Number of documents in the `--jobs` folder; 0 skips it.
    pub folder_documents: usize,
    /// Writes the DTD, its XSD twin and the documents into this folder and measures
    /// nothing.
    pub generate_only: Option<PathBuf>,
}

/// Runs the benchmark and prints a table per size; writes `BENCHMARKS.md` at the
/// repository root when `options.markdown` is set.
pub fn run(repo_root: &Path, options: &Options) -> Result<ExitCode> {
    if options.rounds == 0 {
        bail!("--rounds must be at least 1");
    }
    if options.sizes_mib.is_empty() || options.sizes_mib.contains(&0) {
        bail!("--sizes must list sizes of at least 1 MiB, such as --sizes 10,100");
    }
    if let Some(folder) = &options.generate_only {
        return generate_only(folder, &options.sizes_mib);
    }

    let xtask = std::env::current_exe().context("cannot find the path of the xtask executable")?;
    let executables = tools::build_release(repo_root)?;

    let xmllint_version = tools::xmllint_version();
    if xmllint_version.is_none() {
        if std::env::var("CI").as_deref() == Ok("true") {
            bail!("xmllint is not installed; install libxml2-utils (CI=true requires the xmllint rows)");
        }
        eprintln!("xmllint is not installed, so its rows are skipped; install libxml2-utils to compare with it");
    }

    let floor_kib = measure_rss_floor(&xtask)?;
    eprintln!(
        "peak RSS floor of the measurement: {:.1} MiB",
        floor_kib as f64 / 1024.0
    );

    let folder = tempfile::Builder::new()
        .prefix("schemakit-bench-")
        .tempdir()
        .context("cannot create a temporary folder for the benchmark documents")?;
    let dtd = folder.path().join(generator::DTD_FILE_NAME);
    std::fs::write(&dtd, generator::DTD)
        .with_context(|| format!("cannot write {}", dtd.display()))?;
    let xsd = folder.path().join(generator::XSD_FILE_NAME);
    std::fs::write(&xsd, generator::XSD)
        .with_context(|| format!("cannot write {}", xsd.display()))?;

    let mut results = Vec::new();
    let mut commands: Vec<String> = Vec::new();
    for &size_mib in &options.sizes_mib {
        let Some(document) = generate(folder.path(), size_mib)? else {
            continue;
        };
        let groups = tools::groups(
            &executables,
            &document.path,
            &dtd,
            &xsd,
            xmllint_version.is_some(),
        );

        for group in &groups {
            for tool in &group.tools {
                let command = portable_command(&tool.command, folder.path(), &executables);
                if !commands.contains(&command) && size_mib == options.sizes_mib[0] {
                    commands.push(command);
                }
            }
            let result = run_rounds(&xtask, group, &document, size_mib, options.rounds)?;
            println!("{}", report::text_table(&result));
            results.push(result);
        }

        std::fs::remove_file(&document.path)
            .with_context(|| format!("cannot remove {}", document.path.display()))?;
    }

    let mut sections = Vec::new();
    let setup = sections::schema_setup(&xtask, &executables, repo_root, options.rounds)?;
    println!("{setup}");
    sections.push(setup);
    if options.faulty_mib > 0 {
        let section = sections::faulty_document(
            &xtask,
            &executables,
            folder.path(),
            options.faulty_mib,
            options.rounds,
        )?;
        println!("{section}");
        sections.push(section);
    }
    if options.folder_documents > 0 {
        let section = sections::parallel_folder(
            &xtask,
            &executables,
            folder.path(),
            options.folder_documents,
            options.rounds,
        )?;
        println!("{section}");
        sections.push(section);
    }

    if options.markdown && results.is_empty() {
        eprintln!("no document size was measured, so BENCHMARKS.md is left unchanged");
    } else if options.markdown {
        let facts = MachineFacts::collect(repo_root);
        let page = markdown_page(
            &facts,
            xmllint_version.as_deref(),
            floor_kib,
            &commands,
            &results,
            &sections,
        );
        let path = repo_root.join("BENCHMARKS.md");
        std::fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the DTD and one document per size into `folder`, creating it if needed,
/// and prints the path of each document.
fn generate_only(folder: &Path, sizes_mib: &[u64]) -> Result<ExitCode> {
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create the folder {}", folder.display()))?;

    let dtd = folder.join(generator::DTD_FILE_NAME);
    std::fs::write(&dtd, generator::DTD)
        .with_context(|| format!("cannot write {}", dtd.display()))?;
    let xsd = folder.join(generator::XSD_FILE_NAME);
    std::fs::write(&xsd, generator::XSD)
        .with_context(|| format!("cannot write {}", xsd.display()))?;

    for &size_mib in sizes_mib {
        if let Some(document) = generate(folder, size_mib)? {
            println!("{} ({} bytes)", document.path.display(), document.bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Formats a command line with the temporary folder shown as `$BENCH_DIR` and the
/// cargo target folder as `$CARGO_TARGET_DIR`, so it reads the same on every machine.
fn portable_command(
    command: &[std::ffi::OsString],
    folder: &Path,
    executables: &tools::Executables,
) -> String {
    let mut text = display_command(command).replace(&folder.display().to_string(), "$BENCH_DIR");
    let target_dir = executables.schemakit.parent().and_then(Path::parent);
    if let Some(target_dir) = target_dir {
        text = text.replace(&target_dir.display().to_string(), "$CARGO_TARGET_DIR");
    }
    text
}

struct Document {
    path: PathBuf,
    bytes: u64,
}

/// Writes the document of `size_mib` MiB, or returns `None` (with a message) when
/// the file system of `folder` lacks the free space for it.
fn generate(folder: &Path, size_mib: u64) -> Result<Option<Document>> {
    let target_bytes = size_mib.saturating_mul(MIB);
    let needed_bytes = target_bytes.saturating_add(DISK_MARGIN_BYTES);
    let free_bytes = free_bytes(folder)?;
    if free_bytes < needed_bytes {
        eprintln!(
            "skipping the {size_mib} MiB document: {} has {} MiB free, and it needs {} MiB",
            folder.display(),
            free_bytes / MIB,
            needed_bytes / MIB
        );
        return Ok(None);
    }

    let path = folder.join(format!("posture-info-{size_mib}MiB.xml"));
    eprintln!("generating {}", path.display());
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut output = BufWriter::new(file);
    let bytes = generator::write_document(&mut output, target_bytes, SEED)
        .and_then(|bytes| output.flush().map(|()| bytes))
        .with_context(|| format!("cannot write {}", path.display()))?;
    let file = output
        .into_inner()
        .map_err(|error| error.into_error())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.sync_all()
        .with_context(|| format!("cannot write {} to the disk", path.display()))?;
    Ok(Some(Document { path, bytes }))
}

/// Writes `bytes` to `path` and waits until they are on the disk, so that the
/// kernel does not write them back while a tool is being measured.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file =
        File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Returns the bytes available to an unprivileged user on the file system of `path`.
fn free_bytes(path: &Path) -> Result<u64> {
    let stats = nix::sys::statvfs::statvfs(path)
        .with_context(|| format!("statvfs failed on {}", path.display()))?;
    // `fsblkcnt_t` and `c_ulong` are u64 on 64-bit Linux but narrower elsewhere.
    #[allow(clippy::useless_conversion)]
    let available = u64::from(stats.blocks_available());
    #[allow(clippy::useless_conversion)]
    let block_size = u64::from(stats.fragment_size());
    Ok(available.saturating_mul(block_size))
}

/// Runs every tool once per round, alternating, and returns the medians. Fails when
/// a tool does not exit with 0, because every generated document is valid.
fn run_rounds(
    xtask: &Path,
    group: &ToolGroup,
    document: &Document,
    size_mib: u64,
    rounds: usize,
) -> Result<SizeResult> {
    let tools = &group.tools;
    let mut runs: Vec<Vec<Measurement>> = tools.iter().map(|_| Vec::new()).collect();

    for round in 1..=rounds {
        for (tool, tool_runs) in tools.iter().zip(runs.iter_mut()) {
            eprintln!("round {round}/{rounds}: {}", tool.name);
            let (measurement, stderr) = measure::measure(xtask, &tool.command)?;
            if measurement.exit_code != Some(0) {
                bail!(
                    "`{}` failed on the valid document {} (exit {:?}); its error output:\n{stderr}",
                    display_command(&tool.command),
                    document.path.display(),
                    measurement.exit_code
                );
            }
            tool_runs.push(measurement);
        }
    }

    let rows = tools
        .iter()
        .zip(&runs)
        .map(|(tool, tool_runs)| Row {
            tool: tool.name.to_owned(),
            median_wall: median(tool_runs.iter().map(|run| run.wall).collect()),
            median_rss_kib: median(tool_runs.iter().map(|run| run.max_rss_kib).collect()),
        })
        .collect();

    Ok(SizeResult {
        group: group.title.to_owned(),
        requested_mib: size_mib,
        document_bytes: document.bytes,
        rounds,
        rows,
    })
}

/// Returns the peak RSS in KiB that `bench-child` reports for `true`, the floor of
/// every measurement: a child starts as a copy of `bench-child` (fork or vfork), and
/// Linux counts the RSS it had before `exec` in its `ru_maxrss`.
fn measure_rss_floor(xtask: &Path) -> Result<u64> {
    let command = [std::ffi::OsString::from("true")];
    let (measurement, stderr) = measure::measure(xtask, &command)?;
    if measurement.exit_code != Some(0) {
        bail!(
            "`true` failed under bench-child (exit {:?}): {stderr}",
            measurement.exit_code
        );
    }
    Ok(measurement.max_rss_kib)
}

/// Returns the median (the upper one of an even count), or the default when empty.
fn median<T: Ord + Copy + Default>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

fn markdown_page(
    facts: &MachineFacts,
    xmllint_version: Option<&str>,
    floor_kib: u64,
    commands: &[String],
    results: &[SizeResult],
    sections: &[String],
) -> String {
    let mut page = String::from("# Benchmarks\n\n");
    page.push_str(
        "Written by `cargo xtask bench --markdown`, so rerun it to refresh this page. Each tool \
         validates or reads a generated posture-info-like document (compliance records with \
         CDATA evidence and attributes, then a host glossary) whose DOCTYPE names a DTD in the \
         same temporary folder. Every run is a separate child process, and its wall time and peak \
         resident set size (`ru_maxrss`) come from the kernel. The tools alternate within each \
         round, and the tables show the median of the rounds. The last column is schemakit's \
         throughput divided by the row's throughput, so a value above 1 means schemakit is faster.\n\n",
    );

    page.push_str("## Machine\n\n");
    page.push_str(&format!("- date: {}\n", facts.date));
    page.push_str(&format!("- commit: {}\n", facts.commit));
    page.push_str(&format!("- CPU: {}\n", facts.cpu_model));
    page.push_str(&format!("- logical CPUs (nproc): {}\n", facts.cpu_count));
    page.push_str(&format!(
        "- xmllint: {}\n\n",
        xmllint_version.unwrap_or("not installed, so its rows are missing")
    ));

    page.push_str(&format!(
        "Peak RSS has a floor of {:.1} MiB on this machine (the value measured for `true`), \
         because each child starts as a copy of the measuring process and Linux counts the \
         pages it had before `exec`. Values near the floor mean the tool itself used less.\n\n",
        floor_kib as f64 / 1024.0
    ));

    page.push_str("## Commands\n\n```sh\n");
    page.push_str("cargo xtask bench --sizes ");
    // Each size has a DTD and an XSD result, so each size is listed once.
    let mut sizes: Vec<String> = Vec::new();
    for result in results {
        let size = result.requested_mib.to_string();
        if !sizes.contains(&size) {
            sizes.push(size);
        }
    }
    page.push_str(&sizes.join(","));
    page.push_str(&format!(
        " --rounds {} --markdown\n",
        results.first().map_or(0, |result| result.rounds)
    ));
    page.push_str(
        "# $CARGO_TARGET_DIR defaults to target/ at the repository root, and $BENCH_DIR is a\n\
         # temporary folder. Each round runs, for each document $BENCH_DIR/posture-info-<size>MiB.xml:\n",
    );
    for command in commands {
        page.push_str(command);
        page.push('\n');
    }
    page.push_str("```\n\n## Results\n\n");

    for result in results {
        page.push_str(&report::markdown_table(result));
        page.push('\n');
    }
    for section in sections {
        page.push_str(section);
        page.push('\n');
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn median_odd_count() {
        assert_eq!(median(vec![3, 1, 2]), 2);
    }

    #[test]
    fn median_even_count_takes_upper() {
        assert_eq!(median(vec![4, 1, 3, 2]), 3);
    }

    #[test]
    fn median_empty_is_default() {
        assert_eq!(median(Vec::<u64>::new()), 0);
    }

    #[test]
    fn free_bytes_of_temp_folder() -> Result<()> {
        let folder = tempfile::tempdir()?;
        assert!(free_bytes(folder.path())? > 0);
        Ok(())
    }

    #[test]
    fn size_beyond_free_space_skipped() -> Result<()> {
        let folder = tempfile::tempdir()?;
        let document = generate(folder.path(), u64::MAX / MIB)?;
        assert!(document.is_none());
        assert_eq!(std::fs::read_dir(folder.path())?.count(), 0);
        Ok(())
    }

    #[test]
    fn zero_rounds_rejected() {
        let options = Options {
            sizes_mib: vec![1],
            rounds: 0,
            markdown: false,
            faulty_mib: 0,
            folder_documents: 0,
            generate_only: None,
        };
        let error = run(Path::new("."), &options)
            .err()
            .map(|error| error.to_string());
        assert_eq!(error.as_deref(), Some("--rounds must be at least 1"));
    }

    #[test]
    fn zero_size_rejected() {
        let options = Options {
            sizes_mib: vec![10, 0],
            rounds: 1,
            markdown: false,
            faulty_mib: 0,
            folder_documents: 0,
            generate_only: None,
        };
        let error = run(Path::new("."), &options)
            .err()
            .map(|error| error.to_string());
        assert!(error.is_some_and(|message| message.starts_with("--sizes must list")));
    }

    #[test]
    fn median_of_durations() {
        let values = vec![
            Duration::from_secs(3),
            Duration::from_secs(1),
            Duration::from_secs(2),
        ];
        assert_eq!(median(values), Duration::from_secs(2));
    }
}
