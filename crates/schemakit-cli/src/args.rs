//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Validate XML documents against their DTDs or XSDs and check schemas on their own.
///
/// Exit status: 0 when everything is valid, 1 when a document is invalid or not
/// well-formed (or a schema has errors), 2 on usage or I/O errors and when a document
/// could not be checked against any schema.
#[derive(Debug, Parser)]
#[command(name = "schemakit", version, about, max_term_width = 100)]
pub struct Cli {
    /// Log progress to standard error: -v for info, -vv for debug, -vvv for trace.
    /// The RUST_LOG environment variable overrides this level.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate XML documents against the DTD their DOCTYPE names, the XSD their root
    /// element's xsi:schemaLocation names, or the schema given.
    Validate(ValidateArgs),
    /// Load DTDs or XSDs (by the .xsd extension) on their own and report every error
    /// and suspicious declaration.
    Check(CheckArgs),
    /// Compare two versions of a DTD, an XSD (by the .xsd extension) or a folder of
    /// schemas (or two catalog files): list what changed and whether documents stay
    /// valid. Exits with 1 when `--compatibility` is given and does not hold.
    Diff(DiffArgs),
    /// Generate Rust types with XML readers and writers from a DTD or an XSD (by the
    /// .xsd extension). Prints the module, or writes it with -o; with --check, exits
    /// with 1 when the file given with -o differs from what would be generated.
    Gen(GenArgs),
    /// Compare the current schemas with a recorded baseline folder and validate
    /// captured responses against the current schemas. Exits with 1 when the chosen
    /// compatibility does not hold or a sample is invalid.
    Drift(DriftArgs),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Documents to validate: files, folders (every *.xml file below them, in sorted
    /// order, without following symbolic links) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Validate every document against this DTD, ignoring the SYSTEM identifiers in
    /// their DOCTYPE declarations.
    #[arg(long, value_name = "FILE", conflicts_with = "schema")]
    pub dtd: Option<PathBuf>,

    /// Validate every document against this XSD, ignoring DOCTYPE declarations and
    /// xsi:schemaLocation hints. A file ending in .dtd is used as with --dtd.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,

    /// Use this index (TOML) to choose a bundled schema by root element, in place of the
    /// bundled index.
    #[arg(long, value_name = "FILE")]
    pub root_index: Option<PathBuf>,

    /// Do not use the bundled catalog and root index.
    #[arg(long)]
    pub no_bundled_schemas: bool,

    /// Maximum number of errors reported per document; the verdict still counts the
    /// rest. Unlimited by default.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_errors: Option<u64>,

    /// Number of documents validated at once. Defaults to the number of CPU cores.
    /// The output keeps the order of the inputs.
    #[arg(short, long, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<u64>,

    /// Turn off the Namespaces in XML 1.0 well-formedness checks.
    #[arg(long)]
    pub no_namespaces: bool,

    /// Safety limit: maximum number of entity references expanded in one document.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_entity_expansions: usize,

    /// Safety limit: maximum number of bytes that entity expansion may produce in one
    /// document.
    #[arg(long, value_name = "BYTES", default_value_t = 256 * 1024 * 1024)]
    pub max_expansion_bytes: usize,

    /// Safety limit: deepest element nesting.
    #[arg(long, value_name = "N", default_value_t = 4096)]
    pub max_element_depth: usize,

    /// Safety limit: largest single name, attribute value or text node held in memory,
    /// in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_token_bytes: usize,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// DTD or XSD files to check; a file ending in .xsd is loaded as an XSD, any
    /// other as a DTD.
    #[arg(required = true, value_name = "SCHEMA")]
    pub schemas: Vec<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier version: a DTD, an XSD, a folder of schemas or a catalog file.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later version, of the same kind as OLD.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Output format: `human` lines, a `markdown` section for release notes, or one
    /// `json` object.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human, value_name = "FORMAT")]
    pub format: DiffFormat,

    /// Exit with status 1 unless this compatibility holds. `backward`: every document
    /// valid under OLD is valid under NEW; `forward`: the reverse; `full`: both.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub compatibility: Option<CompatibilityLevel>,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The recorded schemas: a folder (or its catalog.xml) whose layout mirrors the
    /// current one.
    #[arg(long, value_name = "DIR")]
    pub baseline: PathBuf,

    /// The current schemas: a folder or a catalog file. Default: the schemas bundled
    /// into this tool.
    #[arg(long, value_name = "DIR")]
    pub current: Option<PathBuf>,

    /// Captured response files (*.xml below this folder) to validate against the
    /// current schemas.
    #[arg(long, value_name = "DIR")]
    pub samples: Option<PathBuf>,

    /// Output format of the schema comparison.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human, value_name = "FORMAT")]
    pub format: DiffFormat,

    /// Exit with status 1 when this compatibility between the baseline and the
    /// current schemas is broken or undecided. Without it, any change exits with 1.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub compatibility: Option<CompatibilityLevel>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

/// The `--compatibility` requirement of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompatibilityLevel {
    Backward,
    Forward,
    Full,
}

/// Options shared by `validate` and `check`.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// An extra OASIS XML catalog, consulted before the catalogs in XML_CATALOG_FILES
    /// and the bundled one. Repeat to add more, in order.
    #[arg(long, value_name = "FILE")]
    pub catalog: Vec<PathBuf>,

    /// The external DTDs and entities that may be loaded.
    #[arg(long, value_enum, default_value_t = External::Local, value_name = "POLICY")]
    pub external: External,

    /// Allow local files only below this folder. Repeat to allow several folders.
    /// Without this option every local file may be read.
    #[arg(long, value_name = "DIR")]
    pub allow_dir: Vec<PathBuf>,

    /// Output format: `human` blocks with source snippets, or `json` lines (one object
    /// per document or schema).
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub format: Format,

    /// Count schema warnings, such as non-deterministic content models, as errors.
    #[arg(long)]
    pub strict: bool,

    /// When to color the human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// The `--external` policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum External {
    /// Load nothing external.
    None,
    /// Load only DTDs and entities that a catalog maps to a local file.
    Catalog,
    /// Load catalog mappings and local files named by relative or `file:` identifiers
    /// (as xmllint does).
    Local,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when standard output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

/// Parses `--jobs`: a whole number of at least 1.
fn parse_jobs(text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(0) => Err("must be at least 1 (one document at a time)".to_owned()),
        Ok(jobs) => Ok(jobs),
        Err(_) => Err(format!("`{text}` is not a whole number of documents")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn validate_defaults() -> Result<(), clap::Error> {
        let cli = Cli::try_parse_from(["schemakit", "validate", "a.xml"])?;
        let Command::Validate(args) = cli.command else {
            panic!("expected the validate command");
        };
        assert_eq!(args.paths, vec![PathBuf::from("a.xml")]);
        assert_eq!(args.common.external, External::Local);
        assert_eq!(args.common.format, Format::Human);
        assert_eq!(args.common.color, ColorChoice::Auto);
        assert_eq!(args.max_errors, None);
        assert_eq!(args.jobs, None);
        assert!(!args.no_namespaces);
        assert!(!args.common.strict);
        Ok(())
    }

    #[test]
    fn repeated_catalogs_keep_order() -> Result<(), clap::Error> {
        let cli = Cli::try_parse_from([
            "schemakit",
            "validate",
            "--catalog",
            "b.xml",
            "--catalog",
            "a.xml",
            "-",
        ])?;
        let Command::Validate(args) = cli.command else {
            panic!("expected the validate command");
        };
        assert_eq!(
            args.common.catalog,
            vec![PathBuf::from("b.xml"), PathBuf::from("a.xml")]
        );
        assert_eq!(args.paths, vec![PathBuf::from("-")]);
        Ok(())
    }

    #[test]
    fn diff_arguments() -> Result<(), clap::Error> {
        let cli = Cli::try_parse_from([
            "schemakit",
            "diff",
            "--format",
            "markdown",
            "--compatibility",
            "full",
            "old.dtd",
            "new.dtd",
        ])?;
        let Command::Diff(args) = cli.command else {
            panic!("expected the diff command");
        };
        assert_eq!(args.old, PathBuf::from("old.dtd"));
        assert_eq!(args.new, PathBuf::from("new.dtd"));
        assert_eq!(args.format, DiffFormat::Markdown);
        assert_eq!(args.compatibility, Some(CompatibilityLevel::Full));
        Ok(())
    }

    #[test]
    fn verbose_counts_and_is_global() -> Result<(), clap::Error> {
        let cli = Cli::try_parse_from(["schemakit", "check", "-vv", "x.dtd"])?;
        assert_eq!(cli.verbose, 2);
        Ok(())
    }

    #[test]
    fn rejected_arguments() {
        let cases: &[&[&str]] = &[
            &["schemakit", "validate"],
            &["schemakit", "validate", "--jobs", "0", "a.xml"],
            &["schemakit", "validate", "--max-errors", "0", "a.xml"],
            &["schemakit", "validate", "--external", "network", "a.xml"],
            &["schemakit", "validate", "--format", "xml", "a.xml"],
            &[
                "schemakit",
                "validate",
                "--dtd",
                "a.dtd",
                "--schema",
                "a.xsd",
                "a.xml",
            ],
            &["schemakit", "check"],
            &["schemakit", "diff", "old.dtd"],
            &[
                "schemakit",
                "diff",
                "--compatibility",
                "sideways",
                "a.dtd",
                "b.dtd",
            ],
        ];
        for case in cases {
            assert!(Cli::try_parse_from(*case).is_err(), "accepted {case:?}");
        }
    }
}

/// Arguments of `schemakit gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// The DTD, or XSD (by the .xsd extension), to generate types from.
    #[arg(value_name = "SCHEMA")]
    pub schema: PathBuf,

    /// Write the module to FILE (only when its bytes change) instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write nothing; exit with 1 when the file given with -o is stale, 0 when it is
    /// current.
    #[arg(long, requires = "output")]
    pub check: bool,

    /// An XML catalog for SYSTEM identifiers, consulted before the bundled one
    /// (repeatable).
    #[arg(long, value_name = "FILE")]
    pub catalog: Vec<PathBuf>,

    /// The Rust type of a text-only element, as PARENT/CHILD=TYPE (repeatable),
    /// e.g. AUTH_NEO4J/PORT=u16.
    #[arg(long = "type", value_name = "PATH=TYPE")]
    pub type_overrides: Vec<String>,

    /// The Rust name of an element's type, as ELEMENT=NAME (repeatable).
    #[arg(long, value_name = "ELEMENT=NAME")]
    pub rename: Vec<String>,

    /// The handling of undeclared elements and attributes in the generated readers.
    #[arg(long, value_enum, default_value_t = UnknownMode::Error, value_name = "MODE")]
    pub unknown_elements: UnknownMode,

    /// Add serde derives behind `#[cfg_attr(feature = "serde", ...)]`.
    #[arg(long)]
    pub serde: bool,
}

/// `--unknown-elements` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UnknownMode {
    /// Reject the document.
    Error,
    /// Skip undeclared elements and ignore undeclared attributes.
    Skip,
    /// Keep undeclared elements in an `other` field.
    Keep,
}
