//! The parts of the benchmark beyond the per-size tables: schema loading and code
//! generation, a document with planted faults, and a folder of documents validated
//! in parallel. Each returns a Markdown section, which reads the same in the
//! terminal.

use super::faults;
use super::measure::{self, display_command, Measurement};
use super::report::mib_per_second;
use super::tools::Executables;
use super::{free_bytes, generator, median, DISK_MARGIN_BYTES, MIB, SEED};
use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The number of faults planted in the faulty document.
const FAULT_COUNT: usize = 1000;

/// The size of each document in the parallel folder.
const FOLDER_DOCUMENT_MIB: u64 = 2;

/// Generates a clean and a faulty document of `size_mib` MiB, checks that schemakit
/// reports each planted fault exactly once against the DTD and against its XSD
/// twin, and compares the validation speed of the two documents.
pub fn faulty_document(
    xtask: &Path,
    executables: &Executables,
    folder: &Path,
    size_mib: u64,
    rounds: usize,
) -> Result<String> {
    let target_bytes = size_mib.saturating_mul(MIB);
    let needed = target_bytes
        .saturating_mul(3)
        .saturating_add(DISK_MARGIN_BYTES);
    if free_bytes(folder)? < needed {
        eprintln!(
            "skipping the planted-fault document: too little free space in {}",
            folder.display()
        );
        return Ok(String::new());
    }

    eprintln!("generating a {size_mib} MiB document with {FAULT_COUNT} planted faults");
    let clean_path = folder.join(format!("clean-{size_mib}MiB.xml"));
    let mut clean = Vec::new();
    let clean_bytes = generator::write_document(&mut clean, target_bytes, SEED)?;
    super::write_synced(&clean_path, &clean)?;
    drop(clean);

    let faulty = faults::write_faulty_document(target_bytes, SEED, FAULT_COUNT)
        .context("cannot generate the document with planted faults")?;
    let faulty_path = folder.join(format!("faulty-{size_mib}MiB.xml"));
    super::write_synced(&faulty_path, faulty.text.as_bytes())?;
    let faulty_bytes = faulty.text.len() as u64;

    let dtd_check = faults::validate_and_check(&faulty_path, &faulty.faults, None)?;
    let xsd_check = faults::validate_and_check(
        &faulty_path,
        &faulty.faults,
        Some(&folder.join(generator::XSD_FILE_NAME)),
    )?;

    let clean_command = validate_command(executables, &clean_path);
    let faulty_command = validate_command(executables, &faulty_path);
    let mut clean_runs = Vec::new();
    let mut faulty_runs = Vec::new();
    for round in 1..=rounds {
        eprintln!("round {round}/{rounds}: schemakit validate, clean and faulty documents");
        clean_runs.push(run_expecting(xtask, &clean_command, 0)?);
        faulty_runs.push(run_expecting(xtask, &faulty_command, 1)?);
    }
    let clean_wall = median(clean_runs.iter().map(|run| run.wall).collect());
    let faulty_wall = median(faulty_runs.iter().map(|run| run.wall).collect());

    for path in [&clean_path, &faulty_path] {
        std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
    }

    let mut text = format!(
        "## Planted faults\n\n\
         A {size_mib} MiB document with {FAULT_COUNT} faults, one in every few `INFO` records, \
         cycling through five kinds. A fault counts as reported when exactly one error falls \
         within its record and has the expected code. Stray errors are errors outside every \
         faulty record (cascades).\n\n\
         | fault | planted | reported once (DTD) | reported once (XSD twin) |\n\
         | --- | ---: | ---: | ---: |\n"
    );
    for ((kind, planted, by_dtd), (_, _, by_xsd)) in
        dtd_check.per_kind.iter().zip(&xsd_check.per_kind)
    {
        text.push_str(&format!("| {kind} | {planted} | {by_dtd} | {by_xsd} |\n"));
    }
    text.push_str(&format!(
        "| stray errors | | {} | {} |\n\n",
        dtd_check.stray.len(),
        xsd_check.stray.len()
    ));
    for (name, check) in [("DTD", &dtd_check), ("XSD twin", &xsd_check)] {
        let verdict = if check.one_finding_per_fault() {
            "yes"
        } else {
            "no"
        };
        text.push_str(&format!(
            "- {name}: one error per fault and no other error: {verdict}\n"
        ));
        for line in check.mismatched.iter().take(5) {
            text.push_str(&format!("- {name}: {line}\n"));
        }
        for finding in check.stray.iter().take(5) {
            text.push_str(&format!(
                "- {name}: stray {} at line {}\n",
                finding.code, finding.line
            ));
        }
    }

    let clean_speed = mib_per_second(clean_bytes, clean_wall);
    let faulty_speed = mib_per_second(faulty_bytes, faulty_wall);
    let ratio = if clean_speed > 0.0 {
        faulty_speed / clean_speed
    } else {
        0.0
    };
    text.push_str(&format!(
        "\n| document ({}) | wall s | MiB/s | faulty speed / clean speed |\n\
         | --- | ---: | ---: | ---: |\n\
         | clean | {:.3} | {clean_speed:.1} | |\n\
         | {FAULT_COUNT} faults | {:.3} | {faulty_speed:.1} | {ratio:.2} |\n",
        super::report::median_of(rounds),
        clean_wall.as_secs_f64(),
        faulty_wall.as_secs_f64(),
    ));
    Ok(text)
}

/// Writes `count` documents of 2 MiB with different seeds into a folder, then
/// compares `schemakit validate --jobs 1` with `--jobs N` (N = logical CPUs) on it,
/// and checks that both print the same output.
pub fn parallel_folder(
    xtask: &Path,
    executables: &Executables,
    folder: &Path,
    count: usize,
    rounds: usize,
) -> Result<String> {
    let document_bytes = FOLDER_DOCUMENT_MIB * MIB;
    let needed = document_bytes
        .saturating_mul(count as u64)
        .saturating_add(DISK_MARGIN_BYTES);
    if free_bytes(folder)? < needed {
        eprintln!(
            "skipping the --jobs folder: too little free space in {}",
            folder.display()
        );
        return Ok(String::new());
    }

    let documents = folder.join("many");
    std::fs::create_dir_all(&documents)
        .with_context(|| format!("cannot create {}", documents.display()))?;
    std::fs::write(documents.join(generator::DTD_FILE_NAME), generator::DTD)
        .with_context(|| format!("cannot write the DTD into {}", documents.display()))?;
    eprintln!("generating {count} documents of {FOLDER_DOCUMENT_MIB} MiB for the --jobs runs");
    let mut total_bytes = 0;
    for index in 0..count {
        let mut bytes = Vec::new();
        total_bytes += generator::write_document(&mut bytes, document_bytes, SEED + index as u64)?;
        let path = documents.join(format!("document-{index:04}.xml"));
        super::write_synced(&path, &bytes)?;
    }

    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let jobs_command = |jobs: usize| -> Vec<OsString> {
        vec![
            executables.schemakit.as_os_str().to_owned(),
            "validate".into(),
            "--jobs".into(),
            jobs.to_string().into(),
            documents.as_os_str().to_owned(),
        ]
    };
    let serial = jobs_command(1);
    let parallel = jobs_command(cores);

    let same_output = command_stdout(&serial)? == command_stdout(&parallel)?;

    let mut serial_runs = Vec::new();
    let mut parallel_runs = Vec::new();
    for round in 1..=rounds {
        eprintln!("round {round}/{rounds}: schemakit validate --jobs 1 and --jobs {cores}");
        serial_runs.push(run_expecting(xtask, &serial, 0)?);
        parallel_runs.push(run_expecting(xtask, &parallel, 0)?);
    }
    let serial_wall = median(serial_runs.iter().map(|run| run.wall).collect());
    let parallel_wall = median(parallel_runs.iter().map(|run| run.wall).collect());
    std::fs::remove_dir_all(&documents)
        .with_context(|| format!("cannot remove {}", documents.display()))?;

    let serial_speed = mib_per_second(total_bytes, serial_wall);
    let parallel_speed = mib_per_second(total_bytes, parallel_wall);
    let speedup = if serial_speed > 0.0 {
        parallel_speed / serial_speed
    } else {
        0.0
    };
    Ok(format!(
        "## A folder validated in parallel\n\n\
         {count} documents of {FOLDER_DOCUMENT_MIB} MiB ({total_bytes} bytes in all), {}. \
         Both runs print the same output in the same order: {}.\n\n\
         | command | wall s | MiB/s | speed-up over --jobs 1 |\n\
         | --- | ---: | ---: | ---: |\n\
         | schemakit validate --jobs 1 | {:.3} | {serial_speed:.1} | 1.00 |\n\
         | schemakit validate --jobs {cores} | {:.3} | {parallel_speed:.1} | {speedup:.2} |\n",
        super::report::median_of(rounds),
        if same_output { "yes" } else { "no" },
        serial_wall.as_secs_f64(),
        parallel_wall.as_secs_f64(),
    ))
}

/// Times `schemakit check` on every schema in `schemas/` in one process, and
/// `schemakit gen` on each schema, the total over the schemas.
pub fn schema_setup(
    xtask: &Path,
    executables: &Executables,
    repo_root: &Path,
    rounds: usize,
) -> Result<String> {
    let schemas = schemakit_diff::list_schemas(&repo_root.join("schemas"))
        .context("cannot list the schemas in schemas/")?;
    let paths: Vec<OsString> = schemas
        .iter()
        .map(|relative| repo_root.join("schemas").join(relative).into_os_string())
        .collect();

    let mut check = vec![executables.schemakit.as_os_str().to_owned(), "check".into()];
    check.extend(paths.iter().cloned());

    let mut check_runs = Vec::new();
    let mut gen_totals = Vec::new();
    for round in 1..=rounds {
        eprintln!("round {round}/{rounds}: schemakit check and gen on schemas/");
        check_runs.push(run_expecting(xtask, &check, 0)?.wall);

        let mut total = Duration::ZERO;
        for path in &paths {
            let generate = vec![
                executables.schemakit.as_os_str().to_owned(),
                "gen".into(),
                path.clone(),
            ];
            total += run_expecting(xtask, &generate, 0)?.wall;
        }
        gen_totals.push(total);
    }

    Ok(format!(
        "## Loading schemas and generating code\n\n\
         The {} schemas in `schemas/`, {}. Each wall time includes \
         starting the process.\n\n\
         | command | wall s |\n\
         | --- | ---: |\n\
         | schemakit check (all schemas, one process) | {:.3} |\n\
         | schemakit gen (one process per schema, total) | {:.3} |\n",
        paths.len(),
        super::report::median_of(rounds),
        median(check_runs).as_secs_f64(),
        median(gen_totals).as_secs_f64(),
    ))
}

fn validate_command(executables: &Executables, document: &Path) -> Vec<OsString> {
    vec![
        executables.schemakit.as_os_str().to_owned(),
        "validate".into(),
        document.as_os_str().to_owned(),
    ]
}

/// Measures one run of `command` and fails unless it exits with `expected_exit`.
fn run_expecting(xtask: &Path, command: &[OsString], expected_exit: i32) -> Result<Measurement> {
    let (measurement, stderr) = measure::measure(xtask, command)?;
    if measurement.exit_code != Some(expected_exit) {
        bail!(
            "`{}` exited with {:?}, expected {expected_exit}; its error output:\n{stderr}",
            display_command(command),
            measurement.exit_code
        );
    }
    Ok(measurement)
}

/// Runs `command` once and returns its standard output.
fn command_stdout(command: &[OsString]) -> Result<Vec<u8>> {
    let Some((program, arguments)) = command.split_first() else {
        bail!("empty command");
    };
    let output = Command::new(program)
        .args(arguments)
        .output()
        .with_context(|| format!("failed to start `{}`", display_command(command)))?;
    Ok(output.stdout)
}
