//! The `diff` command: what changed between two versions of a DTD.

use crate::args::{CompatibilityLevel, DiffArgs, DiffFormat};
use crate::Status;
use anyhow::Context as _;
use schemakit_diff::{
    diff_schemas, load_dtd_file, render_human, render_json, render_markdown, Compatibility,
};
use std::io::Write;

/// Compares the two DTDs in `args`, writes the report to `out` and returns the exit
/// status: 1 when the requested compatibility does not hold (undecided counts as not
/// holding), 0 otherwise.
pub fn run(args: &DiffArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let old = load_dtd_file(&args.old)?;
    let new = load_dtd_file(&args.new)?;
    let diff = diff_schemas(&old, &new);

    let report = match args.format {
        DiffFormat::Human => render_human(&diff),
        DiffFormat::Markdown => render_markdown(&diff),
        DiffFormat::Json => {
            let mut json = render_json(&diff).context("cannot write the diff as JSON")?;
            json.push('\n');
            json
        }
    };
    out.write_all(report.as_bytes())
        .context("cannot write the report")?;

    let status = match args.compatibility {
        Some(level) if !holds(level, &diff.compatibility()) => Status::Invalid,
        _ => Status::Valid,
    };
    Ok(status)
}

fn holds(level: CompatibilityLevel, compatibility: &Compatibility) -> bool {
    match level {
        CompatibilityLevel::Backward => compatibility.backward.is_compatible(),
        CompatibilityLevel::Forward => compatibility.forward.is_compatible(),
        CompatibilityLevel::Full => compatibility.is_full(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn data(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../schemakit-diff/tests/data")
            .join(name)
    }

    fn args(format: DiffFormat, compatibility: Option<CompatibilityLevel>) -> DiffArgs {
        DiffArgs {
            old: data("list_old.dtd"),
            new: data("list_new.dtd"),
            format,
            compatibility,
        }
    }

    fn run_to_string(args: &DiffArgs) -> anyhow::Result<(Status, String)> {
        let mut out = Vec::new();
        let status = run(args, &mut out)?;
        Ok((status, String::from_utf8(out)?))
    }

    #[test]
    fn exit_status_by_compatibility_level() -> anyhow::Result<()> {
        let cases = [
            (None, Status::Valid),
            (Some(CompatibilityLevel::Backward), Status::Valid),
            (Some(CompatibilityLevel::Forward), Status::Invalid),
            (Some(CompatibilityLevel::Full), Status::Invalid),
        ];
        for (level, expected) in cases {
            let (status, _) = run_to_string(&args(DiffFormat::Human, level))?;
            assert_eq!(status, expected, "--compatibility {level:?}");
        }
        Ok(())
    }

    #[test]
    fn same_file_is_fully_compatible() -> anyhow::Result<()> {
        let mut same = args(DiffFormat::Human, Some(CompatibilityLevel::Full));
        same.new = same.old.clone();
        let (status, report) = run_to_string(&same)?;

        assert_eq!(status, Status::Valid);
        assert_eq!(report, "0 changes, fully compatible\n");
        Ok(())
    }

    #[test]
    fn human_report() -> anyhow::Result<()> {
        let (_, report) = run_to_string(&args(DiffFormat::Human, None))?;

        insta::assert_snapshot!(report);
        Ok(())
    }

    #[test]
    fn markdown_report() -> anyhow::Result<()> {
        let (_, report) = run_to_string(&args(DiffFormat::Markdown, None))?;

        insta::assert_snapshot!(report);
        Ok(())
    }

    #[test]
    fn json_report_fields() -> anyhow::Result<()> {
        let (_, report) = run_to_string(&args(DiffFormat::Json, None))?;
        let json: serde_json::Value = serde_json::from_str(&report)?;

        assert_eq!(json["version"], 1);
        assert_eq!(json["changes"].as_array().map(Vec::len), Some(4));
        assert_eq!(json["changes"][0]["kind"], "content_model_changed");
        assert_eq!(json["compatibility"]["backward"]["verdict"], "compatible");
        assert_eq!(json["compatibility"]["forward"]["verdict"], "incompatible");
        Ok(())
    }

    #[test]
    fn unreadable_and_broken_dtds_are_errors() {
        let mut missing = args(DiffFormat::Human, None);
        missing.new = data("no_such_file.dtd");
        let mut broken = args(DiffFormat::Human, None);
        broken.new = data("broken.dtd");

        let missing_error = run(&missing, &mut Vec::new()).map(|_| ()).err();
        let broken_error = run(&broken, &mut Vec::new()).map(|_| ()).err();

        assert!(missing_error.is_some_and(|error| error.to_string().contains("no_such_file.dtd")));
        assert!(broken_error.is_some_and(|error| error.to_string().contains("not well-formed")));
    }
}
