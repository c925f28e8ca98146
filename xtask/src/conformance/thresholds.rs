//! The pass counts CI guards, recorded in `xtask/conformance-thresholds.toml`.

use anyhow::Context;
use serde::Deserialize;

const THRESHOLDS_FILE: &str = "xtask/conformance-thresholds.toml";

#[derive(Deserialize)]
struct Thresholds {
    /// Tests of the XML conformance suite that must pass.
    xmlconf: usize,
    /// Counts of the W3C XML Schema Test Suite that must be reached.
    xsd: Option<XsdMinimums>,
}

/// The minimum counts `cargo xtask conformance xsd --check-threshold` accepts.
#[derive(Deserialize)]
pub struct XsdMinimums {
    /// Instance tests with the expected verdict.
    pub instance_verdicts: usize,
    /// Instance tests of the supported subset with the expected verdict.
    pub subset_verdicts: usize,
    /// Schema tests expected invalid that the loader rejects.
    pub invalid_schemas_rejected: usize,
}

fn read() -> anyhow::Result<Thresholds> {
    let path = crate::repo_root().join(THRESHOLDS_FILE);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Reads the recorded minimum pass count for the XML conformance suite.
pub fn xmlconf_minimum() -> anyhow::Result<usize> {
    Ok(read()?.xmlconf)
}

/// Reads the recorded minimum counts for the W3C XML Schema Test Suite.
pub fn xsd_minimums() -> anyhow::Result<XsdMinimums> {
    read()?.xsd.with_context(|| {
        format!(
            "{THRESHOLDS_FILE} has no [xsd] table; add one with instance_verdicts, \
             subset_verdicts and invalid_schemas_rejected"
        )
    })
}
