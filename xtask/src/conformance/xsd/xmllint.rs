//! Runs `xmllint --schema` (libxml2) on the suite's schema and instance tests, as a
//! reference for schemakit's numbers.

use anyhow::Context;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The maximum time one xmllint run may take before it is killed and its verdict
/// counted as unknown.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The instance xmllint validates to find out whether a schema compiles. No schema
/// of the suite declares its root element, so a schema that compiles makes xmllint
/// exit with 3 (invalid). A schema that does not compile makes it exit with 5.
const PROBE_INSTANCE: &str = "<schemakit-xmllint-probe/>\n";

/// One xmllint run.
#[derive(Clone, Debug)]
pub enum Job {
    /// Does the schema compile?
    Schema(PathBuf),
    /// Is the instance valid against the schema?
    Instance { schema: PathBuf, instance: PathBuf },
}

/// xmllint's verdict on one job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The schema compiled, or the instance is valid.
    Valid,
    /// The schema failed to compile, or the instance is invalid.
    Invalid,
    /// Any other exit status, a timeout, or xmllint could not be started.
    Unknown,
}

/// Tells whether `xmllint` can be started.
pub fn is_available() -> bool {
    Command::new("xmllint")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Returns the libxml2 version from `xmllint --version`, e.g. `libxml version 20914`.
pub fn version() -> String {
    Command::new("xmllint")
        .arg("--version")
        .output()
        .ok()
        .and_then(|output| {
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .next()
                .map(|line| line.trim_start_matches("xmllint: using ").to_owned())
        })
        .unwrap_or_default()
}

/// Runs every job on `threads` threads and returns the outcomes in job order.
pub fn run_all(jobs: &[Job], threads: usize) -> anyhow::Result<Vec<Outcome>> {
    let folder = tempfile::tempdir().context("creating a temporary folder for xmllint")?;
    let probe = folder.path().join("probe.xml");
    std::fs::write(&probe, PROBE_INSTANCE)
        .with_context(|| format!("writing {}", probe.display()))?;

    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![Outcome::Unknown; jobs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(index) else { break };
                let outcome = run_one(job, &probe);
                if let Ok(mut results) = results.lock() {
                    if let Some(slot) = results.get_mut(index) {
                        *slot = outcome;
                    }
                }
            });
        }
    });

    results.into_inner().map_err(|_| {
        anyhow::anyhow!(
            "an xmllint worker thread panicked; rerun with --no-xmllint to skip xmllint"
        )
    })
}

fn run_one(job: &Job, probe: &Path) -> Outcome {
    let (schema, instance) = match job {
        Job::Schema(schema) => (schema.as_path(), probe),
        Job::Instance { schema, instance } => (schema.as_path(), instance.as_path()),
    };
    let Some((code, stderr)) = run_xmllint(schema, instance) else {
        return Outcome::Unknown;
    };

    match job {
        // The xmllint(1) manual page of libxml2 2.9.14 gives exit code 5 for "error
        // in schema compilation", and 3 and 4 for validation errors. Some compile
        // failures only show as "failed to compile" on stderr.
        Job::Schema(_) if code == Some(5) || stderr.contains("failed to compile") => {
            Outcome::Invalid
        }
        Job::Schema(_) => Outcome::Valid,
        Job::Instance { .. } => match code {
            Some(0) => Outcome::Valid,
            Some(3 | 4) => Outcome::Invalid,
            _ => Outcome::Unknown,
        },
    }
}

/// Runs `xmllint --noout --nonet --schema SCHEMA INSTANCE` and returns its exit code
/// and standard error, or `None` when it could not be started or timed out.
fn run_xmllint(schema: &Path, instance: &Path) -> Option<(Option<i32>, String)> {
    let mut child = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .arg(instance)
        .env_remove("XML_CATALOG_FILES")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;

    // Read stderr on its own thread, so a full pipe cannot block xmllint while this
    // thread waits for it to exit.
    let mut stderr_pipe = child.stderr.take()?;
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    });

    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(_) => break None,
        }
    };

    let stderr = reader.join().unwrap_or_default();
    status.map(|status| (status.code(), stderr))
}
