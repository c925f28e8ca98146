//! The `diff` command: what changed between two versions of a DTD, an XSD or a
//! folder of schemas.

use crate::args::{CompatibilityLevel, DiffArgs, DiffFormat};
use crate::Status;
use anyhow::Context as _;
use schemakit_diff::{
    diff_folders, diff_schemas, is_xsd, load_schema_file, render_folder_human, render_folder_json,
    render_folder_markdown, render_human, render_json, render_markdown, Compatibility,
};
use std::io::Write;
use std::path::Path;

/// Compares the two schemas or folders in `args`, writes the report to `out` and
/// returns the exit status: 1 when the requested compatibility does not hold
/// (undecided counts as not holding), 0 otherwise.
pub fn run(args: &DiffArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    if is_folder_input(&args.old) || is_folder_input(&args.new) {
        return run_folders(args, out);
    }

    if is_xsd(&args.old) != is_xsd(&args.new) {
        anyhow::bail!(
            "cannot compare {} with {} because one is an XSD and the other a DTD; give two schemas of the same kind",
            args.old.display(),
            args.new.display()
        );
    }
    let old = load_schema_file(&args.old)?;
    let new = load_schema_file(&args.new)?;
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

/// Checks whether `path` names a folder of schemas: a folder or a catalog file.
pub fn is_folder_input(path: &Path) -> bool {
    path.is_dir()
        || path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("xml"))
}

/// Compares two folders (or the folders of two catalogs) schema by schema.
pub fn run_folders(args: &DiffArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let (status, _) = report_folders(args, out)?;
    Ok(status)
}

/// Compares two folders, writes the report to `out` and returns the exit status with
/// whether any schema was added, removed or changed.
pub fn report_folders(args: &DiffArgs, out: &mut dyn Write) -> anyhow::Result<(Status, bool)> {
    let diff = diff_folders(&args.old, &args.new)?;

    let report = match args.format {
        DiffFormat::Human => render_folder_human(&diff),
        DiffFormat::Markdown => render_folder_markdown(&diff),
        DiffFormat::Json => {
            let mut json = render_folder_json(&diff).context("cannot write the diff as JSON")?;
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
    Ok((status, !diff.is_empty()))
}

pub(crate) fn holds(level: CompatibilityLevel, compatibility: &Compatibility) -> bool {
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

    fn repo(relative: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(relative)
    }

    #[test]
    fn xsd_and_folder_inputs_by_level() -> anyhow::Result<()> {
        let cases = [
            (
                "tests/data/schemas-10.10/option_profiles.xsd",
                "schemas/option_profiles.xsd",
                CompatibilityLevel::Backward,
                Status::Valid,
            ),
            (
                "tests/data/schemas-10.10/option_profiles.xsd",
                "schemas/option_profiles.xsd",
                CompatibilityLevel::Forward,
                Status::Invalid,
            ),
            (
                "tests/data/drift/baseline",
                "schemas",
                CompatibilityLevel::Full,
                Status::Valid,
            ),
            (
                "tests/data/drift/baseline/catalog.xml",
                "schemas/catalog.xml",
                CompatibilityLevel::Full,
                Status::Valid,
            ),
            (
                "tests/data/schemas-10.10",
                "schemas",
                CompatibilityLevel::Backward,
                Status::Valid,
            ),
            (
                "tests/data/schemas-10.10",
                "schemas",
                CompatibilityLevel::Forward,
                Status::Invalid,
            ),
        ];
        for (old, new, level, expected) in cases {
            let args = DiffArgs {
                old: repo(old),
                new: repo(new),
                format: DiffFormat::Human,
                compatibility: Some(level),
            };
            let (status, report) = run_to_string(&args)?;

            assert_eq!(status, expected, "{old} -> {new} at {level:?}:\n{report}");
        }
        Ok(())
    }

    #[test]
    fn dtd_against_xsd_is_an_error() {
        let args = DiffArgs {
            old: data("list_old.dtd"),
            new: repo("schemas/option_profiles.xsd"),
            format: DiffFormat::Human,
            compatibility: None,
        };

        let error = run(&args, &mut Vec::new()).map(|_| ()).err();

        assert!(error.is_some_and(|error| error
            .to_string()
            .contains("one is an XSD and the other a DTD")));
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
