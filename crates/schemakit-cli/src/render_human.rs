//! The human output: rustc-style diagnostic blocks, status lines and the summary.

use crate::snippet;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use schemakit_model::{Code, Diagnostic, DiagnosticKind, SchemaKind, Severity};
use schemakit_validator::{Report, SchemaSelection, SchemaUsed, Verdict};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Renders diagnostics and status lines as text for a terminal or a log.
#[derive(Clone, Debug)]
pub struct HumanRenderer {
    color: bool,
    /// The folder that absolute schema paths are shown relative to, when inside it.
    working_dir: Option<PathBuf>,
}

/// The lines of one source file that the diagnostics point at, by line number.
type SourceLines = HashMap<u32, String>;

impl HumanRenderer {
    pub fn new(color: bool) -> Self {
        HumanRenderer {
            color,
            working_dir: std::env::current_dir().ok(),
        }
    }

    /// Renders every diagnostic as a block with a source snippet when its line can be
    /// read. Each file is read once, up to the last line needed. Diagnostics in a file
    /// named in `unreadable_names` (standard input) get no snippet.
    pub fn render_diagnostics(
        &self,
        diagnostics: &[Diagnostic],
        unreadable_names: &[&str],
    ) -> String {
        let sources = read_sources(diagnostics, unreadable_names);
        let renderer = if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };

        let mut output = String::new();
        for diagnostic in diagnostics {
            let lines = diagnostic.file.as_ref().and_then(|file| sources.get(file));
            let group = diagnostic_group(diagnostic, lines);
            output.push_str(&renderer.render(&[group]));
            output.push_str("\n\n");
        }
        output
    }

    /// Renders the status line of a validated document, e.g.
    /// `doc.xml: invalid, 3 errors (DTD … via catalog: …)`.
    pub fn document_status(&self, report: &Report) -> String {
        let errors = count_severity(&report.diagnostics, Severity::Error);
        let warnings = count_severity(&report.diagnostics, Severity::Warning);

        let (verdict, style) = match report.verdict {
            Verdict::Valid => ("valid", Style::Good),
            Verdict::Invalid => ("invalid", Style::Bad),
            Verdict::NotWellFormed => ("not well-formed", Style::Bad),
            Verdict::Unchecked => (unchecked_reason(report), Style::Warn),
        };

        let mut line = format!("{}: {}", report.document, self.paint(style, verdict));
        if errors > 0 {
            let at_least = if report.truncated { "at least " } else { "" };
            let _ = write!(line, ", {at_least}{}", plural(errors, "error"));
        }
        if warnings > 0 {
            let _ = write!(line, ", {}", plural(warnings, "warning"));
        }
        if let Some(schema) = &report.schema {
            let _ = write!(line, " ({})", self.describe_schema(schema));
        }
        if report.truncated {
            line.push_str("; more were not shown because of --max-errors");
        }
        line.push('\n');
        line
    }

    /// Renders the status line of a checked DTD, e.g. `a.dtd: invalid, 2 errors`.
    pub fn schema_status(&self, name: &str, errors: usize, warnings: usize) -> String {
        let (verdict, style) = if errors == 0 {
            ("valid", Style::Good)
        } else {
            ("invalid", Style::Bad)
        };

        let mut line = format!("{name}: {}", self.paint(style, verdict));
        if errors > 0 {
            let _ = write!(line, ", {}", plural(errors, "error"));
        }
        if warnings > 0 {
            let _ = write!(line, ", {}", plural(warnings, "warning"));
        }
        line.push('\n');
        line
    }

    /// Describes where a schema came from, for the status line.
    fn describe_schema(&self, schema: &SchemaUsed) -> String {
        let file = schema.file.as_deref().map(|file| self.relative_name(file));
        let file = file.as_deref();
        let system_id = schema.system_id.as_deref();
        let name = system_id.or(file).unwrap_or("without a name");
        let (language, option) = match schema.kind {
            SchemaKind::Xsd => ("XSD", "--schema"),
            _ => ("DTD", "--dtd"),
        };

        match (&schema.selection, file) {
            (SchemaSelection::DoctypeCatalog, Some(file)) => {
                format!("DTD {name} via catalog: {file}")
            }
            (SchemaSelection::DoctypeCatalog, None) => format!("DTD {name} via catalog"),
            (SchemaSelection::DoctypeLocal, _) => format!("DTD {}", file.unwrap_or(name)),
            (SchemaSelection::InternalSubset, _) => "internal DTD subset only".to_owned(),
            (SchemaSelection::Override, _) => {
                format!("{language} {} given by {option}", file.unwrap_or(name))
            }
            (SchemaSelection::RootIndex, _) => {
                format!("{language} {name} from the root index: {}", schema.reason)
            }
            (SchemaSelection::SchemaLocation, Some(file)) if Some(file) != system_id => {
                format!("XSD {name} from the schema location hint: {file}")
            }
            (SchemaSelection::SchemaLocation, _) => {
                format!("XSD {name} from the schema location hint")
            }
        }
    }

    /// Shortens an absolute path inside the working folder to a relative one.
    fn relative_name(&self, file: &str) -> String {
        let path = Path::new(file);
        let relative = self
            .working_dir
            .as_deref()
            .filter(|_| path.is_absolute())
            .and_then(|dir| path.strip_prefix(dir).ok());
        match relative {
            Some(relative) => relative.display().to_string(),
            None => file.to_owned(),
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if !self.color {
            return text.to_owned();
        }
        let code = match style {
            Style::Good => "1;32",
            Style::Bad => "1;31",
            Style::Warn => "1;33",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

#[derive(Clone, Copy)]
enum Style {
    Good,
    Bad,
    Warn,
}

/// Document counts by verdict, for the summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub valid: usize,
    pub invalid: usize,
    pub not_well_formed: usize,
    pub unchecked: usize,
    /// Command-line paths that gave no document (not found, unreadable, empty folder).
    pub failed_paths: usize,
}

impl Tally {
    pub fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Valid => self.valid += 1,
            Verdict::Invalid => self.invalid += 1,
            Verdict::NotWellFormed => self.not_well_formed += 1,
            Verdict::Unchecked => self.unchecked += 1,
        }
    }

    pub fn documents(&self) -> usize {
        self.valid + self.invalid + self.not_well_formed + self.unchecked
    }

    /// Renders the summary, e.g. `12 documents: 10 valid, 1 invalid, 1 not well-formed, 0 unchecked`.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{}: {} valid, {} invalid, {} not well-formed, {} unchecked",
            plural(self.documents(), "document"),
            self.valid,
            self.invalid,
            self.not_well_formed,
            self.unchecked
        );
        if self.failed_paths > 0 {
            let _ = write!(
                line,
                "; {} could not be read",
                plural(self.failed_paths, "path")
            );
        }
        line.push('\n');
        line
    }
}

/// Builds the annotate-snippets group of one diagnostic.
fn diagnostic_group<'a>(diagnostic: &'a Diagnostic, lines: Option<&'a SourceLines>) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.as_str());
    let mut group = Group::with_title(title);

    // A value the message already states is not repeated in a note, and the caret
    // label is left out when the message already states what was expected.
    let in_message = |value: &str| diagnostic.message.contains(value);
    let mut expected_shown = diagnostic.expected.as_deref().is_some_and(in_message);
    // A list of values that the message states is not repeated under the caret.
    let label_repeats_message = diagnostic.expected.as_deref().is_some_and(|expected| {
        in_message(&format!("expected {expected}"))
            || in_message(&format!("expects {expected}"))
            || (expected.contains(", ") && in_message(expected))
    });

    if let Some(file) = diagnostic.file.as_deref() {
        let line_text = lines.and_then(|lines| lines.get(&diagnostic.line));
        let span = line_text.and_then(|text| column_span(text, diagnostic.column));
        group = match (line_text, span) {
            (Some(text), Some(span)) => {
                let mut annotation = AnnotationKind::Primary.span(span);
                let expected = diagnostic
                    .expected
                    .as_ref()
                    .filter(|_| points_at_content(diagnostic.code) && !label_repeats_message);
                if let Some(expected) = expected {
                    annotation = annotation.label(format!("expected {expected} here"));
                    expected_shown = true;
                }
                group.element(
                    Snippet::source(text.as_str())
                        .line_start(diagnostic.line as usize)
                        .path(file)
                        .annotation(annotation),
                )
            }
            _ if diagnostic.line > 0 => group.element(
                Origin::path(file)
                    .line(diagnostic.line as usize)
                    .char_column(diagnostic.column as usize),
            ),
            _ => group.element(Origin::path(file)),
        };
    }

    let found_shown = diagnostic.found.as_deref().is_some_and(|found| {
        in_message(&format!("`{found}`")) || in_message(&format!("{found:?}"))
    });
    let notes = [
        ("path", diagnostic.path.as_ref()),
        (
            "expected",
            diagnostic.expected.as_ref().filter(|_| !expected_shown),
        ),
        ("found", diagnostic.found.as_ref().filter(|_| !found_shown)),
    ];
    for (name, value) in notes {
        if let Some(value) = value {
            let note_text = if name == "path" {
                value.clone()
            } else {
                visible(value)
            };
            group = group.element(Level::NOTE.with_name(Some(name)).message(note_text));
        }
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

/// Returns `value` as a note shows it: quoted and escaped when it is empty or starts
/// or ends with whitespace, which would be invisible otherwise.
fn visible(value: &str) -> String {
    if value.is_empty() || value.trim() != value {
        format!("{value:?}")
    } else {
        value.to_owned()
    }
}

/// Returns whether a finding with `code` is located where the expected content belongs.
/// Attribute findings point at an attribute or at the start tag, not at content, so
/// an "expected … here" label there would mislead.
fn points_at_content(code: Code) -> bool {
    !matches!(
        code,
        Code::UndeclaredAttribute
            | Code::MissingRequiredAttribute
            | Code::InvalidAttributeValue
            | Code::FixedAttributeMismatch
    )
}

/// Returns the byte range of the character at 1-based `column` in `text`: one character,
/// or an empty range at the end of the line when the column points just past it.
/// Returns `None` when the column lies further out (for example past a cut line).
fn column_span(text: &str, column: u32) -> Option<std::ops::Range<usize>> {
    let index = usize::try_from(column).ok()?.checked_sub(1)?;
    match text.char_indices().nth(index) {
        Some((start, ch)) => Some(start..start + ch.len_utf8()),
        None if text.chars().count() == index => Some(text.len()..text.len()),
        None => None,
    }
}

/// Reads the source lines of every file the diagnostics point at.
fn read_sources<'a>(
    diagnostics: &'a [Diagnostic],
    unreadable_names: &[&str],
) -> HashMap<&'a String, SourceLines> {
    let mut requested: BTreeMap<&String, BTreeSet<u32>> = BTreeMap::new();
    for diagnostic in diagnostics {
        let Some(file) = &diagnostic.file else {
            continue;
        };
        if diagnostic.line == 0 || unreadable_names.contains(&file.as_str()) {
            continue;
        }
        requested.entry(file).or_default().insert(diagnostic.line);
    }

    let mut sources = HashMap::new();
    for (file, lines) in requested {
        let Some(path) = local_path(file) else {
            continue;
        };
        match snippet::read_lines(&path, &lines) {
            Ok(found) => {
                sources.insert(file, found);
            }
            Err(error) => {
                tracing::debug!(file = %path.display(), %error, "no source snippet");
            }
        }
    }
    sources
}

/// Returns the local path a diagnostic's file name refers to: the name itself, or the
/// path of a `file:` URI. Other URIs (`https:` system identifiers) have none.
fn local_path(name: &str) -> Option<PathBuf> {
    if let Some(path) = name.strip_prefix("file://") {
        return Some(PathBuf::from(path));
    }
    if name.contains("://") {
        return None;
    }
    Some(Path::new(name).to_path_buf())
}

fn count_severity(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == severity)
        .count()
}

/// Returns `1 error` or `3 errors`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Says why a document was not checked: a safety limit stopped reading it, or no
/// schema could be used, or (with a schema) reading failed.
fn unchecked_reason(report: &Report) -> &'static str {
    let limit = report
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.kind == DiagnosticKind::Limit);
    if limit {
        "unchecked, stopped at a safety limit"
    } else if report.schema.is_none() {
        "unchecked, no schema could be used"
    } else {
        "unchecked"
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use schemakit_model::{DiagnosticKind, Position};

    fn position(line: u32, column: u32) -> Position {
        Position {
            offset: 0,
            line,
            column,
        }
    }

    fn missing_datetime(file: &str) -> Diagnostic {
        Diagnostic::error(
            DiagnosticKind::Validity,
            Code::MissingElement,
            "missing `DATETIME` before `INFO_LIST`",
        )
        .at(Some(file), position(3, 5))
        .with_path("/OUTPUT/RESPONSE/INFO_LIST")
        .with_expected("DATETIME")
        .with_found("INFO_LIST")
        .with_help("add a DATETIME element before INFO_LIST")
    }

    fn report(verdict: Verdict, diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            document: "doc.xml".to_owned(),
            verdict,
            schema: Some(SchemaUsed {
                kind: schemakit_model::SchemaKind::Dtd,
                system_id: Some("https://example.com/a.dtd".to_owned()),
                file: Some("schemas/a.dtd".to_owned()),
                selection: SchemaSelection::DoctypeCatalog,
                reason: "the DOCTYPE names it".to_owned(),
            }),
            diagnostics,
            truncated: false,
        }
    }

    #[test]
    fn block_with_snippet() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("doc.xml");
        std::fs::write(&file, "<OUTPUT>\n  <RESPONSE>\n    <INFO_LIST>\n").unwrap();
        let name = file.display().to_string();

        let text = HumanRenderer::new(false).render_diagnostics(&[missing_datetime(&name)], &[]);

        let text = text.replace(&name, "doc.xml");
        insta::assert_snapshot!(text, @r"
        error[missing-element]: missing `DATETIME` before `INFO_LIST`
         --> doc.xml:3:5
          |
        3 |     <INFO_LIST>
          |     ^ expected DATETIME here
          |
          = path: /OUTPUT/RESPONSE/INFO_LIST
          = help: add a DATETIME element before INFO_LIST
        ");
    }

    #[test]
    fn block_without_readable_source() {
        let diagnostic = missing_datetime("<stdin>");

        let text = HumanRenderer::new(false).render_diagnostics(&[diagnostic], &["<stdin>"]);

        insta::assert_snapshot!(text, @r"
        error[missing-element]: missing `DATETIME` before `INFO_LIST`
        --> <stdin>:3:5
         = path: /OUTPUT/RESPONSE/INFO_LIST
         = help: add a DATETIME element before INFO_LIST
        ");
    }

    #[test]
    fn block_without_location() {
        let diagnostic = Diagnostic::error(
            DiagnosticKind::Resource,
            Code::Unresolved,
            "cannot resolve SYSTEM identifier `x.dtd`",
        );

        let text = HumanRenderer::new(false).render_diagnostics(&[diagnostic], &[]);

        assert_eq!(
            text,
            "error[unresolved]: cannot resolve SYSTEM identifier `x.dtd`\n\n"
        );
    }

    #[test]
    fn color_only_when_asked() {
        let diagnostic = missing_datetime("<stdin>");

        let plain = HumanRenderer::new(false)
            .render_diagnostics(std::slice::from_ref(&diagnostic), &["<stdin>"]);
        let colored = HumanRenderer::new(true).render_diagnostics(&[diagnostic], &["<stdin>"]);

        assert!(!plain.contains('\x1b'));
        assert!(colored.contains('\x1b'));
    }

    #[test]
    fn column_spans() {
        assert_eq!(column_span("abc", 1), Some(0..1));
        assert_eq!(column_span("aéc", 3), Some(3..4));
        assert_eq!(column_span("abc", 4), Some(3..3));
        assert_eq!(column_span("abc", 5), None);
        assert_eq!(column_span("abc", 0), None);
    }

    #[test]
    fn status_lines() {
        let renderer = HumanRenderer::new(false);
        let error = missing_datetime("doc.xml");
        let warning =
            Diagnostic::warning(DiagnosticKind::Schema, Code::NonDeterministicContent, "w");

        let valid = report(Verdict::Valid, vec![]);
        let invalid = report(
            Verdict::Invalid,
            vec![error.clone(), error.clone(), warning],
        );
        let mut truncated = report(Verdict::Invalid, vec![error.clone()]);
        truncated.truncated = true;
        let mut unchecked = report(Verdict::Unchecked, vec![]);
        unchecked.schema = None;
        let mut by_root = report(Verdict::Valid, vec![]);
        if let Some(schema) = &mut by_root.schema {
            schema.selection = SchemaSelection::RootIndex;
            schema.reason = "A is the root of a.dtd".to_owned();
        }

        assert_eq!(
            renderer.document_status(&valid),
            "doc.xml: valid (DTD https://example.com/a.dtd via catalog: schemas/a.dtd)\n"
        );
        assert_eq!(
            renderer.document_status(&invalid),
            "doc.xml: invalid, 2 errors, 1 warning (DTD https://example.com/a.dtd via catalog: schemas/a.dtd)\n"
        );
        assert_eq!(
            renderer.document_status(&truncated),
            "doc.xml: invalid, at least 1 error (DTD https://example.com/a.dtd via catalog: schemas/a.dtd); more were not shown because of --max-errors\n"
        );
        assert_eq!(
            renderer.document_status(&unchecked),
            "doc.xml: unchecked, no schema could be used\n"
        );
        let mut limit = Diagnostic::error(DiagnosticKind::Limit, Code::LimitExceeded, "too deep");
        limit.file = Some("doc.xml".to_owned());
        let stopped = report(Verdict::Unchecked, vec![limit]);
        assert_eq!(
            renderer.document_status(&stopped),
            "doc.xml: unchecked, stopped at a safety limit, 1 error (DTD https://example.com/a.dtd via catalog: schemas/a.dtd)\n"
        );
        assert_eq!(
            renderer.document_status(&by_root),
            "doc.xml: valid (DTD https://example.com/a.dtd from the root index: A is the root of a.dtd)\n"
        );
    }

    #[test]
    fn summary_counts_every_verdict() {
        let mut tally = Tally::default();
        for verdict in [
            Verdict::Valid,
            Verdict::Valid,
            Verdict::Invalid,
            Verdict::NotWellFormed,
        ] {
            tally.add(verdict);
        }

        assert_eq!(
            tally.summary(),
            "4 documents: 2 valid, 1 invalid, 1 not well-formed, 0 unchecked\n"
        );

        tally.failed_paths = 1;
        assert!(tally.summary().ends_with("; 1 path could not be read\n"));
    }

    #[test]
    fn notes_quote_values_whose_whitespace_would_not_show() {
        let cases = [
            ("MSSQL", "MSSQL"),
            ("two words", "two words"),
            ("", "\"\""),
            ("   ", "\"   \""),
            (" 42", "\" 42\""),
            ("a\n", "\"a\\n\""),
        ];
        for (value, shown) in cases {
            assert_eq!(visible(value), shown, "{value:?}");
        }
    }
}
