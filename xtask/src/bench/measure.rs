//! Wall time and peak resident set size of one child process.
//!
//! The peak RSS comes from the kernel's accounting: `getrusage(RUSAGE_CHILDREN)`
//! returns the largest `ru_maxrss` among the children a process has waited for.
//! That value is a maximum, not a sum, so it cannot be split per child in a process
//! that runs many. The harness therefore starts `xtask bench-child -- CMD...`, a
//! fresh copy of its own executable that runs CMD alone and prints one
//! [`REPORT_PREFIX`] line.

use anyhow::{bail, Context, Result};
use nix::sys::resource::{getrusage, UsageWho};
use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Starts the line that `bench-child` prints after the command's own output.
pub const REPORT_PREFIX: &str = "xtask-bench-child:";

/// The wall time, peak resident set size and exit status of one run of a command.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    pub wall: Duration,
    /// Peak resident set size in KiB (`ru_maxrss` on Linux).
    pub max_rss_kib: u64,
    pub exit_code: Option<i32>,
}

/// Runs `command` with inherited output, then prints its [`Measurement`] as the last
/// line of standard output. This is the body of the hidden `bench-child` task.
pub fn run_child(command: &[OsString]) -> Result<ExitCode> {
    let Some((program, arguments)) = command.split_first() else {
        bail!("bench-child needs a command to run");
    };

    let start = Instant::now();
    let status = Command::new(program)
        .args(arguments)
        .status()
        .with_context(|| format!("failed to start {}", program.to_string_lossy()))?;
    let wall = start.elapsed();

    let usage = getrusage(UsageWho::RUSAGE_CHILDREN)
        .context("getrusage(RUSAGE_CHILDREN) failed after the command ended")?;
    let max_rss_kib = u64::try_from(usage.max_rss()).unwrap_or(0);
    let exit_code = status
        .code()
        .map_or_else(|| "signal".to_owned(), |code| code.to_string());

    println!(
        "{REPORT_PREFIX} wall_ns={} max_rss_kib={max_rss_kib} exit={exit_code}",
        wall.as_nanos()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `command` under `bench-child` (started from the `xtask` executable at
/// `xtask`) and returns its measurement and the command's standard error.
pub fn measure(xtask: &Path, command: &[OsString]) -> Result<(Measurement, String)> {
    let output = Command::new(xtask)
        .arg("bench-child")
        .arg("--")
        .args(command)
        .output()
        .with_context(|| format!("failed to start {} bench-child", xtask.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();

    let Some(report) = stdout
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix(REPORT_PREFIX))
    else {
        bail!(
            "bench-child printed no `{REPORT_PREFIX}` line for {}; its error output: {stderr}",
            display_command(command)
        );
    };

    let measurement =
        parse_report(report).with_context(|| format!("invalid bench-child report `{report}`"))?;
    Ok((measurement, stderr))
}

fn parse_report(report: &str) -> Result<Measurement> {
    let mut wall = None;
    let mut max_rss_kib = None;
    let mut exit_code = None;

    for field in report.split_whitespace() {
        match field.split_once('=') {
            Some(("wall_ns", value)) => wall = Some(Duration::from_nanos(value.parse()?)),
            Some(("max_rss_kib", value)) => max_rss_kib = Some(value.parse()?),
            Some(("exit", "signal")) => exit_code = Some(None),
            Some(("exit", value)) => exit_code = Some(Some(value.parse()?)),
            _ => bail!("unknown field `{field}`"),
        }
    }

    match (wall, max_rss_kib, exit_code) {
        (Some(wall), Some(max_rss_kib), Some(exit_code)) => Ok(Measurement {
            wall,
            max_rss_kib,
            exit_code,
        }),
        _ => bail!("a field of wall_ns, max_rss_kib and exit is missing"),
    }
}

/// Formats a command line for messages and for the commands section of the report.
pub fn display_command(command: &[OsString]) -> String {
    let words: Vec<_> = command.iter().map(|word| word.to_string_lossy()).collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_round_trip() -> Result<()> {
        let measurement = parse_report(" wall_ns=1500000000 max_rss_kib=2048 exit=0")?;
        assert_eq!(measurement.wall, Duration::from_millis(1500));
        assert_eq!(measurement.max_rss_kib, 2048);
        assert_eq!(measurement.exit_code, Some(0));
        Ok(())
    }

    #[test]
    fn report_signal_exit() -> Result<()> {
        let measurement = parse_report("wall_ns=1 max_rss_kib=1 exit=signal")?;
        assert_eq!(measurement.exit_code, None);
        Ok(())
    }

    #[test]
    fn report_missing_field() {
        assert!(parse_report("wall_ns=1 exit=0").is_err());
    }

    #[test]
    fn report_unknown_field() {
        assert!(parse_report("wall_ns=1 max_rss_kib=1 exit=0 extra=2").is_err());
    }
}
