//! The JSON Lines output format (`--format json`).
//!
//! `schemakit validate --format json` writes one [`DocumentRecord`] per document, one
//! per line, in the order of the inputs. `schemakit check --format json` writes one
//! [`CheckRecord`] per DTD or XSD. Every key is always present; a value that does not apply
//! is `null`. A line looks like this (wrapped here):
//!
//! ```json
//! {"version":1,"document":"response.xml","verdict":"invalid",
//!  "schema":{"kind":"dtd","system_id":"https://qualysapi.qualys.com/api/2.0/simple_return.dtd",
//!            "file":"schemas/api/2.0/simple_return.dtd","selection":"doctype-catalog",
//!            "reason":"…"},
//!  "diagnostics":[{"severity":"error","kind":"validity","code":"missing-element",
//!                  "message":"…","file":"response.xml","line":5,"column":5,
//!                  "path":"/SIMPLE_RETURN/RESPONSE","expected":"DATETIME",
//!                  "found":"TEXT","help":null}],
//!  "truncated":false}
//! ```
//!
//! [`FORMAT_VERSION`] changes only when a key is removed or its meaning changes; new
//! keys may appear without a version change.

use schemakit_model::{Code, Diagnostic, DiagnosticKind, SchemaKind, Severity};
use schemakit_validator::{Report, SchemaSelection, SchemaUsed, Verdict};
use serde::Serialize;

/// The value of the `version` key.
pub const FORMAT_VERSION: u32 = 1;

/// The result for one document (`validate`).
#[derive(Debug, Serialize)]
pub struct DocumentRecord<'a> {
    /// Always [`FORMAT_VERSION`].
    pub version: u32,
    /// The path as given on the command line or found in a folder, or `<stdin>`.
    pub document: &'a str,
    /// `valid`, `invalid`, `not-well-formed`, or `unchecked` (no schema could be
    /// used, so only well-formedness was checked; never a pass).
    pub verdict: Verdict,
    /// The schema the document was checked against, or `null` when none was used.
    pub schema: Option<SchemaRecord<'a>>,
    pub diagnostics: Vec<DiagnosticRecord<'a>>,
    /// Whether `--max-errors` cut the list of diagnostics; the verdict still
    /// counts every error.
    pub truncated: bool,
}

/// The schema a document was checked against.
#[derive(Debug, Serialize)]
pub struct SchemaRecord<'a> {
    /// The schema language: `dtd` or `xsd`.
    pub kind: &'static str,
    /// The SYSTEM identifier or schema location, when the schema has one.
    pub system_id: Option<&'a str>,
    /// The local file that was read, when there was one.
    pub file: Option<&'a str>,
    /// The rule that chose the schema: `doctype-catalog`, `doctype-local`,
    /// `internal-subset`, `override` (`--dtd` or `--schema`), `schema-location` (the
    /// root element's `xsi:schemaLocation` or `xsi:noNamespaceSchemaLocation`) or
    /// `root-index`.
    pub selection: &'a SchemaSelection,
    /// A sentence saying why this schema was used.
    pub reason: &'a str,
}

/// The result for one DTD (`check`).
#[derive(Debug, Serialize)]
pub struct CheckRecord<'a> {
    /// Always [`FORMAT_VERSION`].
    pub version: u32,
    /// The DTD's or XSD's path as given on the command line.
    pub schema: &'a str,
    /// `valid` (no errors) or `invalid`. A schema that cannot be read gets no record: the
    /// error goes to standard error and the exit status is 2.
    pub verdict: &'static str,
    pub diagnostics: Vec<DiagnosticRecord<'a>>,
}

/// One finding.
#[derive(Debug, Serialize)]
pub struct DiagnosticRecord<'a> {
    /// `error` or `warning`.
    pub severity: Severity,
    /// `syntax`, `validity`, `schema`, `resource` or `limit`.
    pub kind: DiagnosticKind,
    /// A stable identifier such as `missing-element`; see `schemakit_model::Code`.
    pub code: Code,
    /// One lower-case sentence without a trailing period.
    pub message: &'a str,
    /// The file the finding is in: the document, a DTD or an external entity.
    pub file: Option<&'a str>,
    /// 1-based line, or `null` when the finding has no position.
    pub line: Option<u32>,
    /// 1-based column in characters, or `null` when the finding has no position.
    pub column: Option<u32>,
    /// The element path, e.g. `/OPTION_PROFILES/OPTION_PROFILE[2]/SCAN`.
    pub path: Option<&'a str>,
    /// The content the schema allowed at that point.
    pub expected: Option<&'a str>,
    /// The content the document had instead.
    pub found: Option<&'a str>,
    /// A suggested fix.
    pub help: Option<&'a str>,
}

impl<'a> DocumentRecord<'a> {
    pub fn new(report: &'a Report) -> Self {
        DocumentRecord {
            version: FORMAT_VERSION,
            document: &report.document,
            verdict: report.verdict,
            schema: report.schema.as_ref().map(SchemaRecord::new),
            diagnostics: report
                .diagnostics
                .iter()
                .map(DiagnosticRecord::new)
                .collect(),
            truncated: report.truncated,
        }
    }
}

impl<'a> SchemaRecord<'a> {
    pub fn new(schema: &'a SchemaUsed) -> Self {
        SchemaRecord {
            kind: kind_name(schema.kind),
            system_id: schema.system_id.as_deref(),
            file: schema.file.as_deref(),
            selection: &schema.selection,
            reason: &schema.reason,
        }
    }
}

impl<'a> DiagnosticRecord<'a> {
    pub fn new(diagnostic: &'a Diagnostic) -> Self {
        // The model stores 0 for "no position"; JSON readers get `null` instead.
        let has_position = diagnostic.line > 0;
        DiagnosticRecord {
            severity: diagnostic.severity,
            kind: diagnostic.kind,
            code: diagnostic.code,
            message: &diagnostic.message,
            file: diagnostic.file.as_deref(),
            line: has_position.then_some(diagnostic.line),
            column: has_position.then_some(diagnostic.column),
            path: diagnostic.path.as_deref(),
            expected: diagnostic.expected.as_deref(),
            found: diagnostic.found.as_deref(),
            help: diagnostic.help.as_deref(),
        }
    }
}

/// Returns the JSON name of a schema language.
fn kind_name(kind: SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Xsd => "xsd",
        _ => "dtd",
    }
}

/// Serializes `record` as one line, with the line end.
pub fn to_line<T: Serialize>(record: &T) -> serde_json::Result<String> {
    let mut line = serde_json::to_string(record)?;
    line.push('\n');
    Ok(line)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use schemakit_model::Position;
    use serde_json::{json, Value};

    fn sample_report() -> Report {
        let located = Diagnostic::error(
            DiagnosticKind::Validity,
            Code::MissingElement,
            "missing `DATETIME` before `INFO_LIST`",
        )
        .at(
            Some("doc.xml"),
            Position {
                offset: 40,
                line: 5,
                column: 5,
            },
        )
        .with_path("/A/RESPONSE/INFO_LIST")
        .with_expected("DATETIME")
        .with_found("INFO_LIST");
        let unlocated = Diagnostic::warning(DiagnosticKind::Resource, Code::Io, "no position");

        Report {
            document: "doc.xml".to_owned(),
            verdict: Verdict::Invalid,
            schema: Some(SchemaUsed {
                kind: SchemaKind::Dtd,
                system_id: Some("https://example.com/a.dtd".to_owned()),
                file: Some("schemas/a.dtd".to_owned()),
                selection: SchemaSelection::DoctypeCatalog,
                reason: "the DOCTYPE names it".to_owned(),
            }),
            diagnostics: vec![located, unlocated],
            truncated: false,
        }
    }

    #[test]
    fn document_record_has_every_key() {
        let report = sample_report();

        let value: Value =
            serde_json::from_str(&to_line(&DocumentRecord::new(&report)).unwrap()).unwrap();

        assert_eq!(value["version"], json!(1));
        assert_eq!(value["document"], json!("doc.xml"));
        assert_eq!(value["verdict"], json!("invalid"));
        assert_eq!(value["truncated"], json!(false));
        assert_eq!(
            value["schema"],
            json!({
                "kind": "dtd",
                "system_id": "https://example.com/a.dtd",
                "file": "schemas/a.dtd",
                "selection": "doctype-catalog",
                "reason": "the DOCTYPE names it",
            })
        );
        assert_eq!(
            value["diagnostics"][0],
            json!({
                "severity": "error",
                "kind": "validity",
                "code": "missing-element",
                "message": "missing `DATETIME` before `INFO_LIST`",
                "file": "doc.xml",
                "line": 5,
                "column": 5,
                "path": "/A/RESPONSE/INFO_LIST",
                "expected": "DATETIME",
                "found": "INFO_LIST",
                "help": null,
            })
        );
    }

    #[test]
    fn missing_position_is_null() {
        let report = sample_report();

        let value = serde_json::to_value(DocumentRecord::new(&report)).unwrap();

        assert_eq!(value["diagnostics"][1]["severity"], json!("warning"));
        assert_eq!(value["diagnostics"][1]["line"], Value::Null);
        assert_eq!(value["diagnostics"][1]["column"], Value::Null);
        assert_eq!(value["diagnostics"][1]["file"], Value::Null);
    }

    #[test]
    fn unchecked_document_has_null_schema() {
        let mut report = sample_report();
        report.verdict = Verdict::Unchecked;
        report.schema = None;

        let value = serde_json::to_value(DocumentRecord::new(&report)).unwrap();

        assert_eq!(value["verdict"], json!("unchecked"));
        assert_eq!(value["schema"], Value::Null);
    }

    #[test]
    fn line_is_single_and_terminated() {
        let report = sample_report();

        let line = to_line(&DocumentRecord::new(&report)).unwrap();

        assert!(line.ends_with('\n'));
        assert_eq!(line.matches('\n').count(), 1);
    }
}
