//! The `validate` command.

use crate::args::{Format, ValidateArgs};
use crate::inputs::{self, Input, InputError, STDIN_NAME};
use crate::json::{self, DocumentRecord};
use crate::render_human::{HumanRenderer, Tally};
use crate::{catalogs, messages, parallel, Status};
use anyhow::Context as _;
use schemakit_model::{Code, Diagnostic, DiagnosticKind};
use schemakit_resolve::Resolver;
use schemakit_resolve::RootIndex;
use schemakit_validator::{
    CompiledDtd, CompiledXsd, Limits, Report, ValidateError, Validator, ValidatorOptions, Verdict,
};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The format and renderer of each document's result.
struct Output {
    format: Format,
    human: HumanRenderer,
}

/// Validates every input, writes each result to `out` in input order and returns the
/// exit status. The human format ends with a summary line when more than one document
/// was validated, or when a command-line path gave no document next to one that did.
pub fn run(
    args: &ValidateArgs,
    stdout_is_terminal: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let output = Output {
        format: args.common.format,
        human: HumanRenderer::new(crate::use_color(args.common.color, stdout_is_terminal)),
    };
    let validator = match build_validator(args) {
        Ok(validator) => validator,
        Err(error) => return report_unusable_setup(args, &output, error, out),
    };

    let (inputs, input_errors) = inputs::expand(&args.paths);
    for error in &input_errors {
        messages::error(&error.to_string());
    }
    if output.format == Format::Json {
        // Scripts reading the JSON lines see every path, including those that could
        // not be read, as an unchecked document.
        for error in &input_errors {
            if let InputError::Unreadable { path, .. } = error {
                let report = unreadable_report(path, &error.to_string());
                let line = json::to_line(&DocumentRecord::new(&report))
                    .context("cannot encode the result as JSON")?;
                out.write_all(line.as_bytes())
                    .context("cannot write the results")?;
            }
        }
    }
    let mut status = if input_errors.is_empty() {
        Status::Valid
    } else {
        Status::Error
    };
    let mut tally = Tally {
        failed_paths: input_errors.len(),
        ..Tally::default()
    };

    let jobs = args.jobs.map_or_else(default_jobs, |jobs| {
        usize::try_from(jobs).unwrap_or(usize::MAX)
    });
    // Relative SYSTEM identifiers in a document read from standard input resolve
    // against the working directory, as xmllint does. The validator resolves them
    // against the folder of the document's location, so the base is a file name in
    // the working directory.
    let stdin_base = std::env::current_dir().ok().map(|dir| dir.join(STDIN_NAME));
    tracing::info!(documents = inputs.len(), jobs, "validating");

    parallel::map_ordered(
        &inputs,
        jobs,
        |input| {
            let report = validate_input(&validator, input, stdin_base.as_ref());
            let text = render_report(&output, &report, input);
            (report.verdict, text)
        },
        |(verdict, text)| -> anyhow::Result<()> {
            out.write_all(text?.as_bytes())
                .context("cannot write the results")?;
            tally.add(verdict);
            status = status.max(verdict_status(verdict));
            Ok(())
        },
    )?;

    let documents = tally.documents();
    let several = documents > 1 || (documents == 1 && tally.failed_paths > 0);
    if output.format == Format::Human && several {
        out.write_all(tally.summary().as_bytes())
            .context("cannot write the results")?;
    }
    out.flush().context("cannot write the results")?;
    tracing::info!(?tally, ?status, "validation finished");
    Ok(status)
}

/// A `--dtd` or `--schema` file with errors, which no document can be checked
/// against.
#[derive(Debug)]
struct UnusableSchema {
    /// The schema and the option that named it, such as "the XSD given by --schema a.xsd".
    subject: String,
    diagnostics: Vec<Diagnostic>,
}

impl UnusableSchema {
    /// Returns the line under the schema's errors in the human format, which counts
    /// them instead of repeating the first one.
    fn closing_line(&self) -> String {
        let errors = match self.diagnostics.len() {
            1 => "the error above".to_owned(),
            count => format!("the {count} errors above"),
        };
        format!(
            "cannot use {}: fix {errors} or name another schema",
            self.subject
        )
    }
}

impl std::fmt::Display for UnusableSchema {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "cannot use {}: {}",
            self.subject,
            summarize(&self.diagnostics)
        )
    }
}

impl std::error::Error for UnusableSchema {}

/// Handles a validator that could not be built. In the human format the schema's
/// errors go to standard error and the error is returned (exit status 2). In the
/// JSON format every document gets an unchecked record that carries the schema's
/// errors, so scripts reading the JSON lines see each path, and the status is 2.
fn report_unusable_setup(
    args: &ValidateArgs,
    output: &Output,
    error: anyhow::Error,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let unusable = error.downcast_ref::<UnusableSchema>();
    if output.format == Format::Human {
        if let Some(unusable) = unusable {
            let blocks = output.human.render_diagnostics(&unusable.diagnostics, &[]);
            let _ = io::stderr().lock().write_all(blocks.as_bytes());
            return Err(anyhow::anyhow!(unusable.closing_line()));
        }
        return Err(error);
    }

    let message = format!("{error:#}");
    let diagnostics = match unusable {
        Some(unusable) => unusable.diagnostics.clone(),
        None => vec![
            Diagnostic::error(DiagnosticKind::Resource, Code::Io, &message)
                .with_help("fix the schema or catalog options; no document was checked"),
        ],
    };
    let (inputs, _) = inputs::expand(&args.paths);
    for input in &inputs {
        let document = match input {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => STDIN_NAME.to_owned(),
        };
        let report = unchecked_report(document, diagnostics.clone());
        let line = json::to_line(&DocumentRecord::new(&report))
            .context("cannot encode the result as JSON")?;
        out.write_all(line.as_bytes())
            .context("cannot write the results")?;
    }
    out.flush().context("cannot write the results")?;
    messages::error(&message);
    Ok(Status::Error)
}

/// Builds the validator from the options: resolver, `--dtd` or `--schema`, root index.
///
/// When the `--dtd` or `--schema` file has errors, the error is an
/// [`UnusableSchema`] that carries them.
fn build_validator(args: &ValidateArgs) -> anyhow::Result<Validator> {
    let bundled = !args.no_bundled_schemas;
    let resolver = catalogs::build_resolver(&args.common, bundled)?;

    let options = ValidatorOptions {
        max_errors: args
            .max_errors
            .map(|max| usize::try_from(max).unwrap_or(usize::MAX)),
        namespaces: !args.no_namespaces,
        strict: args.common.strict,
        limits: Limits {
            max_entity_expansions: args.max_entity_expansions,
            max_expansion_bytes: args.max_expansion_bytes,
            max_element_depth: args.max_element_depth,
            max_token_bytes: args.max_token_bytes,
            ..Limits::default()
        },
    };
    let mut validator = Validator::new(resolver.clone(), options.clone());

    match (&args.dtd, &args.schema) {
        (Some(path), _) => {
            let dtd = load_dtd(path, "--dtd", &resolver, &options)?;
            validator = validator.with_dtd(Arc::new(dtd));
        }
        (None, Some(path)) if has_extension(path, "dtd") => {
            let dtd = load_dtd(path, "--schema", &resolver, &options)?;
            validator = validator.with_dtd(Arc::new(dtd));
        }
        (None, Some(path)) => {
            let xsd = load_xsd(path, &resolver)?;
            validator = validator.with_xsd(Arc::new(xsd));
        }
        (None, None) => {}
    }

    let index = match &args.root_index {
        Some(path) => Some(RootIndex::load(path).with_context(|| {
            format!(
                "cannot load the root index given by --root-index {}",
                path.display()
            )
        })?),
        None if bundled => {
            Some(RootIndex::bundled().context("cannot load the bundled root index")?)
        }
        None => None,
    };
    if let Some(index) = index {
        validator = validator.with_root_index(index);
    }
    Ok(validator)
}

/// Describes a schema's errors in one line: the first error's message and how many
/// others follow.
fn summarize(diagnostics: &[Diagnostic]) -> String {
    let Some(first) = diagnostics.first() else {
        return "it has errors".to_owned();
    };
    match diagnostics.len() - 1 {
        0 => first.message.clone(),
        1 => format!("{}, and 1 more error", first.message),
        more => format!("{}, and {more} more errors", first.message),
    }
}

/// Loads the DTD that `option` names.
fn load_dtd(
    path: &Path,
    option: &str,
    resolver: &Resolver,
    options: &ValidatorOptions,
) -> anyhow::Result<CompiledDtd> {
    match CompiledDtd::load_with(path, resolver, options) {
        Ok(dtd) => Ok(dtd),
        Err(ValidateError::InvalidDtd { diagnostics, .. }) => Err(UnusableSchema {
            subject: format!("the DTD given by {option} {}", path.display()),
            diagnostics,
        }
        .into()),
        Err(error) => Err(anyhow::Error::new(error).context(format!(
            "cannot use the DTD given by {option} {}",
            path.display()
        ))),
    }
}

/// Loads the XSD that `--schema` names.
fn load_xsd(path: &Path, resolver: &Resolver) -> anyhow::Result<CompiledXsd> {
    match CompiledXsd::load(path, resolver) {
        Ok(xsd) => Ok(xsd),
        Err(ValidateError::InvalidXsd { diagnostics, .. }) => Err(UnusableSchema {
            subject: format!("the XSD given by --schema {}", path.display()),
            diagnostics,
        }
        .into()),
        Err(error) => Err(anyhow::Error::new(error).context(format!(
            "cannot use the XSD given by --schema {}",
            path.display()
        ))),
    }
}

/// Tells whether `path` ends in `.extension`, in any letter case.
pub fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .is_some_and(|found| found.eq_ignore_ascii_case(extension))
}

fn validate_input(validator: &Validator, input: &Input, stdin_base: Option<&PathBuf>) -> Report {
    match input {
        Input::File(path) => {
            tracing::debug!(document = %path.display(), "validating file");
            validator.validate_file(path)
        }
        Input::Stdin => {
            tracing::debug!("validating standard input");
            let stdin = io::stdin();
            validator.validate_reader(stdin.lock(), STDIN_NAME, stdin_base.map(PathBuf::as_path))
        }
    }
}

/// Renders one document's result in the chosen format.
fn render_report(output: &Output, report: &Report, input: &Input) -> anyhow::Result<String> {
    match output.format {
        Format::Json => {
            json::to_line(&DocumentRecord::new(report)).context("cannot encode the result as JSON")
        }
        Format::Human => {
            // Standard input cannot be read a second time for the snippets.
            let unreadable: &[&str] = match input {
                Input::Stdin => &[STDIN_NAME],
                Input::File(_) => &[],
            };
            let mut text = output
                .human
                .render_diagnostics(&report.diagnostics, unreadable);
            text.push_str(&output.human.document_status(report));
            Ok(text)
        }
    }
}

/// Builds the report of a path that could not be read at all.
fn unreadable_report(path: &std::path::Path, message: &str) -> Report {
    let document = path.display().to_string();
    let mut diagnostic = Diagnostic::error(DiagnosticKind::Resource, Code::Io, message)
        .with_help("check the path and its permissions");
    diagnostic.file = Some(document.clone());
    unchecked_report(document, vec![diagnostic])
}

/// Builds the report of a document that was not checked, with the reasons.
fn unchecked_report(document: String, diagnostics: Vec<Diagnostic>) -> Report {
    Report {
        document,
        verdict: Verdict::Unchecked,
        schema: None,
        diagnostics,
        truncated: false,
    }
}

fn verdict_status(verdict: Verdict) -> Status {
    match verdict {
        Verdict::Valid => Status::Valid,
        Verdict::Invalid | Verdict::NotWellFormed => Status::Invalid,
        Verdict::Unchecked => Status::Error,
    }
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_map_to_exit_statuses() {
        let cases = [
            (Verdict::Valid, Status::Valid),
            (Verdict::Invalid, Status::Invalid),
            (Verdict::NotWellFormed, Status::Invalid),
            (Verdict::Unchecked, Status::Error),
        ];
        for (verdict, status) in cases {
            assert_eq!(verdict_status(verdict), status, "{verdict:?}");
        }
    }
}
