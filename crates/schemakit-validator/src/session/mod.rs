//! Validation of one document: pulls events from the reader, selects the schema at
//! the DOCTYPE (or at the root element when there is none) and feeds the checker.

use crate::event::Event;
use crate::report::{Findings, Report, SchemaUsed};
use crate::selection::{self, DocumentInfo, Selection};
use crate::validity::Checker;
use crate::xsd::XsdChecker;
use crate::Validator;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, Schema};
use std::sync::Arc;

/// The document reader's interface, as the session uses it.
pub(crate) trait EventSource {
    /// Reads the next event. An error is fatal and ends the document. It is boxed so
    /// that the result, moved once per event, stays as small as the event.
    fn next_event(&mut self) -> Result<Event, Box<Diagnostic>>;
    /// Takes back an event the session has handled, so that its buffers can be
    /// reused. Sources without such buffers drop it.
    fn recycle(&mut self, event: Event) {
        drop(event);
    }
    /// Hands the reader the declarations for entity expansion and attribute defaults.
    fn set_dtd(&mut self, schema: Arc<Schema>, has_external_markup: bool);
    /// Drains the non-fatal findings since the last call.
    fn take_diagnostics(&mut self) -> Vec<Diagnostic>;
    /// Returns the standalone document declaration, once the XML declaration is read.
    fn standalone(&self) -> Option<bool>;
}

/// Validates the document that `source` reads.
///
/// The function is generic so that the reader's calls, made once per event, are
/// direct calls that the compiler can inline.
pub(crate) fn run<S: EventSource + ?Sized>(
    validator: &Validator,
    source: &mut S,
    name: &str,
    base: Option<&str>,
) -> Report {
    let mut findings = Findings::new(name, validator.options.max_errors);
    let mut standalone = false;
    let mut schema: Option<SchemaUsed> = None;
    let mut checker: Option<DocumentChecker> = None;
    let mut selected = false;

    loop {
        let event = match source.next_event() {
            Ok(event) => event,
            Err(fatal) => {
                move_reader_findings(source, &mut findings);
                // A syntax error makes the document not well-formed. A safety limit, an
                // entity that could not be read or an unsupported XML version only stop
                // reading: the document was not checked to its end.
                let not_well_formed = fatal.kind == DiagnosticKind::Syntax
                    && fatal.code != Code::UnsupportedXmlVersion;
                findings.push(*fatal);
                if not_well_formed {
                    findings.mark_fatal();
                } else {
                    findings.mark_stopped();
                }
                break;
            }
        };
        move_reader_findings(source, &mut findings);

        // The standalone declaration matters only for selecting the schema and
        // setting up the checker, which happen once.
        if !selected {
            standalone = standalone || source.standalone() == Some(true);
        }
        let document = || DocumentInfo {
            name,
            base,
            standalone,
        };
        match &event {
            Event::XmlDecl(declaration) => standalone = declaration.standalone == Some(true),
            Event::Doctype(doctype) if !selected => {
                selected = true;
                let document = document();
                let selection = selection::for_doctype(validator, doctype, &document);
                if let Some((reader_schema, external)) = &selection.reader_schema {
                    source.set_dtd(Arc::clone(reader_schema), *external);
                }
                checker = apply(validator, selection, &mut schema, &mut findings, standalone);
            }
            Event::StartElement {
                name: root,
                attributes,
                position,
                ..
            } if !selected => {
                selected = true;
                let document = document();
                let selection =
                    selection::for_root(validator, root, attributes, &document, *position);
                checker = apply(validator, selection, &mut schema, &mut findings, standalone);
            }
            Event::Eof => break,
            _ => {}
        }

        if let Some(checker) = checker.as_mut() {
            checker.handle(&event, &mut findings);
        }
        source.recycle(event);
    }

    if let Some(checker) = checker.as_mut() {
        checker.finish(&mut findings);
    }
    let checked = checker.is_some() && !findings.stopped();
    let report = findings.into_report(schema, checked);
    tracing::info!(
        document = %report.document,
        verdict = ?report.verdict,
        errors = report.error_count(),
        warnings = report.warning_count(),
        "validated"
    );
    report
}

/// Moves the reader's non-fatal findings into `findings`. Most events have none, and
/// then no iterator is built or dropped.
fn move_reader_findings<S: EventSource + ?Sized>(source: &mut S, findings: &mut Findings) {
    let diagnostics = source.take_diagnostics();
    if !diagnostics.is_empty() {
        findings.extend(diagnostics);
    }
}

/// The checker of the schema language that selection chose.
enum DocumentChecker {
    Dtd(Checker),
    Xsd(XsdChecker),
}

impl DocumentChecker {
    fn handle(&mut self, event: &Event, findings: &mut Findings) {
        match self {
            DocumentChecker::Dtd(checker) => checker.handle(event, findings),
            DocumentChecker::Xsd(checker) => checker.handle(event, findings),
        }
    }

    fn finish(&mut self, findings: &mut Findings) {
        match self {
            DocumentChecker::Dtd(checker) => checker.finish(findings),
            DocumentChecker::Xsd(checker) => checker.finish(findings),
        }
    }
}

/// Records the selection's outcome and returns the checker, if a schema is usable.
fn apply(
    validator: &Validator,
    selection: Selection,
    schema: &mut Option<SchemaUsed>,
    findings: &mut Findings,
    standalone: bool,
) -> Option<DocumentChecker> {
    let name = findings.document().to_owned();
    tracing::debug!(
        document = %findings.document(),
        selection = ?selection.used.as_ref().map(|used| &used.selection),
        reason = selection.used.as_ref().map(|used| used.reason.as_str()).unwrap_or("no schema"),
        "schema selected"
    );
    findings.extend(selection.diagnostics);

    // The report names a schema only when the document is checked against it.
    if let Some(xsd) = selection.xsd {
        *schema = selection.used;
        let max_text_bytes = validator.options.limits.max_token_bytes;
        return Some(DocumentChecker::Xsd(XsdChecker::new(
            xsd,
            &name,
            max_text_bytes,
        )));
    }
    let dtd = selection.dtd?;
    *schema = selection.used;
    let checker = Checker::new(dtd, &name, selection.root_name, standalone)
        .with_namespaces(validator.options.namespaces);
    Some(DocumentChecker::Dtd(checker))
}

#[cfg(test)]
mod tests;
