//! The `check` command: DTDs and XSDs on their own.

use crate::args::{CheckArgs, Format};
use crate::json::{self, CheckRecord, DiagnosticRecord};
use crate::render_human::HumanRenderer;
use crate::{catalogs, messages, Status};
use anyhow::Context as _;
use schemakit_dtd::{check_schema, load_dtd, DtdLimits};
use schemakit_model::{Diagnostic, Severity};
use schemakit_resolve::Resolver;
use std::io::Write;
use std::path::Path;

/// Checks every DTD and XSD in `args`, writes the findings to `out` and returns the exit status.
pub fn run(
    args: &CheckArgs,
    stdout_is_terminal: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let resolver = catalogs::build_resolver(&args.common, true)?;
    let human = HumanRenderer::new(crate::use_color(args.common.color, stdout_is_terminal));
    let mut status = Status::Valid;

    for path in &args.schemas {
        let name = path.display().to_string();
        let checked = if crate::validate::has_extension(path, "xsd") {
            check_xsd(path, &resolver)
        } else {
            check_file(path, &resolver)
        };
        let diagnostics = match checked {
            Ok(diagnostics) => diagnostics,
            Err(error) => {
                messages::error(&format!("{error:#}"));
                status = Status::Error;
                continue;
            }
        };
        let diagnostics = apply_strict(diagnostics, args.common.strict);
        let errors = count(&diagnostics, Severity::Error);
        let warnings = count(&diagnostics, Severity::Warning);
        if errors > 0 {
            status = status.max(Status::Invalid);
        }

        let text = match args.common.format {
            Format::Json => {
                let record = CheckRecord {
                    version: json::FORMAT_VERSION,
                    schema: &name,
                    verdict: if errors == 0 { "valid" } else { "invalid" },
                    diagnostics: diagnostics.iter().map(DiagnosticRecord::new).collect(),
                };
                json::to_line(&record).context("cannot encode the result as JSON")?
            }
            Format::Human => {
                let mut text = human.render_diagnostics(&diagnostics, &[]);
                text.push_str(&human.schema_status(&name, errors, warnings));
                text
            }
        };
        out.write_all(text.as_bytes())
            .context("cannot write the results")?;
    }

    out.flush().context("cannot write the results")?;
    Ok(status)
}

/// Loads the DTD at `path` and returns every finding: syntax errors, then the schema
/// checks (undeclared names, duplicate declarations, non-deterministic content models).
/// Fails only when the file cannot be read.
fn check_file(path: &Path, resolver: &Resolver) -> anyhow::Result<Vec<Diagnostic>> {
    let entity = resolver
        .load_file(path)
        .with_context(|| format!("cannot check {}", path.display()))?;
    tracing::debug!(schema = %path.display(), "checking DTD");

    let mut diagnostics = match load_dtd(&entity, resolver, DtdLimits::default()) {
        Ok(dtd) => {
            let mut diagnostics = dtd.diagnostics;
            diagnostics.extend(check_schema(&dtd.schema));
            diagnostics
        }
        Err(error) => error.diagnostics().to_vec(),
    };

    // The parser and the schema checks each report in their own order.
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));

    // The parser and the schema checks may report the same finding.
    let mut seen = Vec::new();
    diagnostics.retain(|diagnostic| {
        let duplicate = seen.contains(diagnostic);
        if !duplicate {
            seen.push(diagnostic.clone());
        }
        !duplicate
    });
    Ok(diagnostics)
}

/// Loads the XSD at `path` with its includes and imports and returns every finding:
/// the loader's errors, or its warnings when the schema loads. Fails only when the
/// file cannot be read.
fn check_xsd(path: &Path, resolver: &Resolver) -> anyhow::Result<Vec<Diagnostic>> {
    // The loader reports an unreadable file as a diagnostic. Reading the file first
    // gives that case the same error and exit status 2 as for a DTD.
    resolver
        .load_file(path)
        .with_context(|| format!("cannot check {}", path.display()))?;
    tracing::debug!(schema = %path.display(), "checking XSD");

    let mut diagnostics = match schemakit_xsd::load_file(path, resolver) {
        Ok(loaded) => loaded.warnings,
        Err(error) => error.diagnostics,
    };
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Ok(diagnostics)
}

/// With `--strict`, turns every warning into an error, so that the output matches the
/// exit status.
fn apply_strict(mut diagnostics: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
    if strict {
        for diagnostic in &mut diagnostics {
            diagnostic.severity = Severity::Error;
        }
    }
    diagnostics
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == severity)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemakit_model::{Code, DiagnosticKind};

    #[test]
    fn strict_promotes_warnings() {
        let warning =
            Diagnostic::warning(DiagnosticKind::Schema, Code::NonDeterministicContent, "w");

        let relaxed = apply_strict(vec![warning.clone()], false);
        let strict = apply_strict(vec![warning], true);

        assert_eq!(relaxed[0].severity, Severity::Warning);
        assert_eq!(strict[0].severity, Severity::Error);
    }
}
