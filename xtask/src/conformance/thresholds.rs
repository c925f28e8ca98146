//! The pass counts CI guards, recorded in `xtask/conformance-thresholds.toml`.

use anyhow::Context;
use serde::Deserialize;

#[derive(Deserialize)]
struct Thresholds {
    /// Tests of the XML conformance suite that must pass.
    xmlconf: usize,
}

/// Reads the recorded minimum pass count for the XML conformance suite.
pub fn xmlconf_minimum() -> anyhow::Result<usize> {
    let path = crate::repo_root().join("xtask/conformance-thresholds.toml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let thresholds: Thresholds =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    Ok(thresholds.xmlconf)
}
