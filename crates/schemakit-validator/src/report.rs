//! The per-document report and the collector that fills it.

use schemakit_model::{Code, Diagnostic, DiagnosticKind, SchemaKind};
use serde::{Serialize, Serializer};

/// The outcome for one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Checked against a schema without any error.
    Valid,
    /// Well-formed, checked against a schema, with at least one error.
    Invalid,
    /// The document (or its internal DTD subset) is not well-formed, or reading it
    /// stopped early (a safety limit or an I/O error).
    NotWellFormed,
    /// No schema could be used (missing, unresolvable or broken), so nothing was
    /// checked beyond well-formedness, or the document has no error but some of its
    /// content was skipped unchecked (an external entity that was not loaded). Never
    /// a pass.
    Unchecked,
}

/// The rule that chose the schema for a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemaSelection {
    /// The DOCTYPE's SYSTEM or PUBLIC identifier, resolved through a catalog.
    DoctypeCatalog,
    /// The DOCTYPE's SYSTEM identifier as a local file.
    DoctypeLocal,
    /// Only the DOCTYPE's internal subset.
    InternalSubset,
    /// Given explicitly (`--dtd` or `--schema`).
    Override,
    /// Looked up by root element in the index of bundled schemas.
    RootIndex,
    /// Named by the root element's `xsi:schemaLocation` or
    /// `xsi:noNamespaceSchemaLocation` attribute.
    SchemaLocation,
}

/// The schema a document was checked against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SchemaUsed {
    /// The schema language: `dtd` or `xsd` in JSON.
    #[serde(serialize_with = "serialize_kind")]
    pub kind: SchemaKind,
    /// The SYSTEM identifier or schema location, when the schema has one.
    pub system_id: Option<String>,
    /// The local file that was read.
    pub file: Option<String>,
    pub selection: SchemaSelection,
    /// A sentence saying why this schema was used.
    pub reason: String,
}

/// Writes a schema language in lower case, as the JSON output names it.
fn serialize_kind<S: Serializer>(kind: &SchemaKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind_name(*kind))
}

/// Returns the lower-case name of a schema language: `dtd` or `xsd`.
fn kind_name(kind: SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Xsd => "xsd",
        _ => "dtd",
    }
}

/// Everything found in one document.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub document: String,
    pub verdict: Verdict,
    pub schema: Option<SchemaUsed>,
    /// Errors and warnings: schema findings first, then the document's findings in
    /// document order.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether `max_errors` cut the list.
    pub truncated: bool,
}

impl Report {
    /// Counts the errors in `diagnostics`, without those cut by `max_errors`.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Counts the warnings in `diagnostics`.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count()
    }
}

/// Collects the findings of one document and tracks what decides the verdict, also
/// for errors that `max_errors` keeps out of the list.
#[derive(Debug)]
pub(crate) struct Findings {
    document: String,
    diagnostics: Vec<Diagnostic>,
    max_errors: Option<usize>,
    recorded_errors: usize,
    truncated: bool,
    any_error: bool,
    not_well_formed: bool,
    stopped: bool,
    /// Whether some content was skipped unchecked, such as an external entity that
    /// was not loaded.
    skipped_content: bool,
}

impl Findings {
    pub(crate) fn new(document: &str, max_errors: Option<usize>) -> Self {
        Findings {
            document: document.to_owned(),
            diagnostics: Vec::new(),
            max_errors,
            recorded_errors: 0,
            truncated: false,
            any_error: false,
            not_well_formed: false,
            stopped: false,
            skipped_content: false,
        }
    }

    /// Records `diagnostic`. A syntax error located in the document itself (its
    /// content or internal subset) makes the document not well-formed. Syntax errors
    /// in external DTD files only make the schema unusable, which the caller tracks.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        if diagnostic.is_error() {
            self.any_error = true;
            if diagnostic.kind == DiagnosticKind::Syntax
                && diagnostic.code != Code::UnsupportedXmlVersion
                && self.is_in_document(&diagnostic)
            {
                self.not_well_formed = true;
            }
        }

        if self.truncated {
            return;
        }

        if diagnostic.is_error() {
            if self
                .max_errors
                .is_some_and(|max| self.recorded_errors >= max)
            {
                self.truncated = true;
                return;
            }
            self.recorded_errors += 1;
        }
        self.diagnostics.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for diagnostic in diagnostics {
            self.push(diagnostic);
        }
    }

    /// Marks the document as not well-formed because reading stopped on a fatal
    /// syntax error.
    pub(crate) fn mark_fatal(&mut self) {
        self.not_well_formed = true;
        self.any_error = true;
    }

    /// Marks that reading stopped before the end for a reason other than a syntax
    /// error (a safety limit, an unreadable entity, an unsupported XML version), so
    /// the document was not checked.
    pub(crate) fn mark_stopped(&mut self) {
        self.stopped = true;
        self.any_error = true;
    }

    /// Records that some content was skipped unchecked. Without errors the document is
    /// then reported unchecked rather than valid.
    pub(crate) fn mark_skipped_content(&mut self) {
        self.skipped_content = true;
    }

    pub(crate) fn stopped(&self) -> bool {
        self.stopped
    }

    pub(crate) fn document(&self) -> &str {
        &self.document
    }

    fn is_in_document(&self, diagnostic: &Diagnostic) -> bool {
        diagnostic
            .file
            .as_deref()
            .is_none_or(|file| file == self.document)
    }

    /// Builds the report. `checked` is true when a schema was used for the whole
    /// document.
    pub(crate) fn into_report(mut self, schema: Option<SchemaUsed>, checked: bool) -> Report {
        let verdict = if self.not_well_formed {
            Verdict::NotWellFormed
        } else if !checked {
            Verdict::Unchecked
        } else if self.any_error {
            Verdict::Invalid
        } else if self.skipped_content {
            Verdict::Unchecked
        } else {
            Verdict::Valid
        };

        // Findings from other files (DTDs) keep their order in front. The document's
        // own findings are sorted by position, because some are only known later: a
        // missing child once the next sibling or the end tag shows it, and an unknown
        // IDREF at the end of the document.
        let document = self.document.clone();
        self.diagnostics.sort_by_key(|d| {
            let in_document = d.file.as_deref() == Some(document.as_str());
            (
                in_document,
                if in_document {
                    (d.line, d.column)
                } else {
                    (0, 0)
                },
            )
        });

        Report {
            document: self.document,
            verdict,
            schema,
            diagnostics: self.diagnostics,
            truncated: self.truncated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemakit_model::{Code, Position};

    fn error_at(file: &str, line: u32) -> Diagnostic {
        let position = Position {
            offset: 0,
            line,
            column: 1,
        };
        Diagnostic::error(DiagnosticKind::Validity, Code::UndeclaredElement, "x")
            .at(Some(file), position)
    }

    #[test]
    fn max_errors_truncates_but_keeps_verdict() {
        let mut findings = Findings::new("doc.xml", Some(2));
        for line in 1..=5 {
            findings.push(error_at("doc.xml", line));
        }
        let report = findings.into_report(None, true);
        assert_eq!(report.diagnostics.len(), 2);
        assert!(report.truncated);
        assert_eq!(report.verdict, Verdict::Invalid);
    }

    #[test]
    fn external_dtd_syntax_error_is_unchecked() {
        let mut findings = Findings::new("doc.xml", None);
        findings.push(
            Diagnostic::error(DiagnosticKind::Syntax, Code::DtdSyntax, "x")
                .at(Some("a.dtd"), Position::START),
        );
        let report = findings.into_report(None, false);
        assert_eq!(report.verdict, Verdict::Unchecked);
    }

    #[test]
    fn document_findings_sort_by_position() {
        let mut findings = Findings::new("doc.xml", None);
        findings.push(error_at("doc.xml", 9));
        findings.push(error_at("a.dtd", 4));
        findings.push(error_at("doc.xml", 3));
        let report = findings.into_report(None, true);
        let lines: Vec<(Option<String>, u32)> = report
            .diagnostics
            .iter()
            .map(|d| (d.file.clone(), d.line))
            .collect();
        assert_eq!(
            lines,
            vec![
                (Some("a.dtd".to_owned()), 4),
                (Some("doc.xml".to_owned()), 3),
                (Some("doc.xml".to_owned()), 9)
            ]
        );
    }

    #[test]
    fn unchecked_is_never_valid() {
        let findings = Findings::new("doc.xml", None);
        assert_eq!(
            findings.into_report(None, false).verdict,
            Verdict::Unchecked
        );
    }
}
