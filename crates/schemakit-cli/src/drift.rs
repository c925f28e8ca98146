//! The `drift` command: compares the current schemas with a recorded baseline and
//! validates captured responses against the current schemas.

use crate::args::{Cli, Command, DiffArgs, DriftArgs};
use crate::Status;
use anyhow::Context as _;
use clap::Parser as _;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Runs the comparison, then the sample validation, and returns the higher status.
/// Without `--compatibility`, any difference from the baseline gives status 1.
pub fn run(
    args: &DriftArgs,
    stdout_is_terminal: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let bundled = match &args.current {
        Some(_) => None,
        None => Some(BundledCopy::write()?),
    };
    let current = match (&args.current, &bundled) {
        (Some(current), _) => current.clone(),
        (None, Some(copy)) => copy.root.clone(),
        (None, None) => anyhow::bail!("no current schemas to compare"),
    };

    writeln!(
        out,
        "== schemas: {} -> {}",
        args.baseline.display(),
        describe_current(args)
    )
    .context("cannot write the report")?;
    let diff_args = DiffArgs {
        old: args.baseline.clone(),
        new: current.clone(),
        format: args.format,
        compatibility: args.compatibility,
    };
    let (mut status, changed) = crate::diff::report_folders(&diff_args, out)?;
    if args.compatibility.is_none() && changed {
        status = status.max(Status::Invalid);
    }

    if let Some(samples) = &args.samples {
        writeln!(out, "== samples: {}", samples.display()).context("cannot write the report")?;
        let validation =
            validate_samples(samples, args.current.as_deref(), stdout_is_terminal, out)?;
        status = status.max(validation);
    }
    Ok(status)
}

fn describe_current(args: &DriftArgs) -> String {
    match &args.current {
        Some(current) => current.display().to_string(),
        None => "bundled schemas".to_owned(),
    }
}

/// Validates every `*.xml` below `samples` with the `validate` command, adding the
/// current folder's catalog when one is given.
fn validate_samples(
    samples: &Path,
    current: Option<&Path>,
    stdout_is_terminal: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let mut command: Vec<OsString> = vec!["schemakit".into(), "validate".into()];
    if let Some(current) = current {
        let catalog = if current.is_dir() {
            current.join("catalog.xml")
        } else {
            current.to_owned()
        };
        if catalog.is_file() {
            command.push("--catalog".into());
            command.push(catalog.into_os_string());
        }
    }
    command.push(samples.as_os_str().to_owned());

    let cli = Cli::try_parse_from(command)
        .context("cannot build the validate command for the samples")?;
    let Command::Validate(validate_args) = &cli.command else {
        anyhow::bail!("cannot build the validate command for the samples");
    };
    crate::validate::run(validate_args, stdout_is_terminal, out)
}

/// The bundled schemas written to a temporary folder, removed on drop.
struct BundledCopy {
    root: PathBuf,
}

impl BundledCopy {
    fn write() -> anyhow::Result<BundledCopy> {
        let root = std::env::temp_dir().join(format!("schemakit-drift-{}", std::process::id()));
        let copy = BundledCopy { root };
        for (relative, text) in schemakit_resolve::bundled_files() {
            let path = copy.root.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create folder {}", parent.display()))?;
            }
            std::fs::write(&path, text).with_context(|| {
                format!("cannot write the bundled schema to {}", path.display())
            })?;
        }
        Ok(copy)
    }
}

impl Drop for BundledCopy {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_dir_all(&self.root) {
            tracing::warn!(folder = %self.root.display(), %error, "cannot remove the temporary copy of the bundled schemas");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::CompatibilityLevel;

    fn repo(relative: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(relative)
    }

    fn drift(
        baseline: &str,
        current: &str,
        samples: Option<PathBuf>,
        compatibility: Option<CompatibilityLevel>,
    ) -> anyhow::Result<(Status, String)> {
        let args = DriftArgs {
            baseline: repo(baseline),
            current: Some(repo(current)),
            samples,
            format: crate::args::DiffFormat::Human,
            compatibility,
        };
        let mut out = Vec::new();
        let status = run(&args, false, &mut out)?;
        Ok((status, String::from_utf8(out)?))
    }

    #[test]
    fn exit_status_table() -> anyhow::Result<()> {
        let cases = [
            ("schemas", "tests/data/drift/baseline", None, Status::Valid),
            ("tests/data/schemas-10.10", "schemas", None, Status::Invalid),
            (
                "tests/data/schemas-10.10",
                "schemas",
                Some(CompatibilityLevel::Forward),
                Status::Invalid,
            ),
        ];
        for (baseline, current, level, expected) in cases {
            let (status, report) = drift(baseline, current, None, level)?;

            assert_eq!(
                status, expected,
                "{baseline} -> {current} with {level:?}:\n{report}"
            );
        }
        Ok(())
    }

    #[test]
    fn invalid_sample_fails() -> anyhow::Result<()> {
        let samples = repo("crates/schemakit-cli/tests/data/invalid.xml");
        let (status, report) = drift("schemas", "tests/data/drift/baseline", Some(samples), None)?;

        assert_eq!(status, Status::Invalid, "{report}");
        assert!(report.contains("== samples"), "{report}");
        Ok(())
    }
}
