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
    /// Reads one raw event and hands the events it yields, with the findings made
    /// while reading them, to `sink`. Returns `Ok(false)` once `Event::Eof` was handed
    /// over. An error is fatal and ends the document; the findings made before it have
    /// been handed over already.
    fn step<K: EventSink + ?Sized>(&mut self, sink: &mut K) -> Result<bool, Box<Diagnostic>>;
}

/// What receives the reader's events. The reader calls it once per event, so events
/// borrow the reader's buffers instead of copying them.
pub(crate) trait EventSink {
    /// Receives the non-fatal findings made while reading, which precede the next event.
    fn findings(&mut self, diagnostics: &mut Vec<Diagnostic>);

    /// Receives one event. `standalone` is the document's standalone declaration, once
    /// the XML declaration is read. Returns the declarations the reader is to expand
    /// entities with from now on, when the event is the DOCTYPE and a DTD was found.
    fn event(&mut self, event: &Event<'_>, standalone: Option<bool>) -> Option<ReaderDtd>;

    /// Returns whether the sink does nothing with character data made only of XML
    /// whitespace at this point of the document, so that the reader may leave such
    /// text out. The reader calls it again for each piece of text.
    fn ignores_whitespace(&self) -> bool {
        false
    }
}

/// A DTD for the reader, and whether an external subset or external parameter
/// entity was read or could not be read.
pub(crate) type ReaderDtd = (Arc<Schema>, bool);

/// Validates the document that `source` reads.
///
/// The function is generic so that the reader's calls, made once per raw event, are
/// direct calls.
pub(crate) fn run<S: EventSource + ?Sized>(
    validator: &Validator,
    source: &mut S,
    name: &str,
    base: Option<&str>,
) -> Report {
    let mut session = Session {
        validator,
        name,
        base,
        findings: Findings::new(name, validator.options.max_errors),
        standalone: false,
        schema: None,
        checker: None,
        selected: false,
    };

    loop {
        match source.step(&mut session) {
            Ok(true) => {}
            Ok(false) => break,
            Err(mut fatal) => {
                // A syntax error makes the document not well-formed. A safety limit, an
                // entity that could not be read or an unsupported XML version only stop
                // reading: the document was not checked to its end.
                let not_well_formed = fatal.kind == DiagnosticKind::Syntax
                    && fatal.code != Code::UnsupportedXmlVersion;

                // The reader does not number the open elements, and the checker does.
                if fatal.path.is_none() {
                    fatal.path = session
                        .checker
                        .as_ref()
                        .and_then(DocumentChecker::open_element_path);
                }
                session.findings.push(*fatal);
                if not_well_formed {
                    session.findings.mark_fatal();
                } else {
                    session.findings.mark_stopped();
                }
                break;
            }
        }
    }

    let Session {
        mut findings,
        schema,
        mut checker,
        ..
    } = session;
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

/// The state of one document's validation: what was selected and what was found.
struct Session<'v> {
    validator: &'v Validator,
    name: &'v str,
    base: Option<&'v str>,
    findings: Findings,
    standalone: bool,
    schema: Option<SchemaUsed>,
    checker: Option<DocumentChecker>,
    selected: bool,
}

impl EventSink for Session<'_> {
    fn findings(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        self.findings.extend(diagnostics.drain(..));
    }

    fn event(&mut self, event: &Event<'_>, standalone: Option<bool>) -> Option<ReaderDtd> {
        let mut reader_dtd = None;

        // The standalone declaration matters only for selecting the schema and
        // setting up the checker, which happen once.
        if !self.selected {
            self.standalone = self.standalone || standalone == Some(true);
            reader_dtd = self.select(event);
        }

        if let Some(checker) = self.checker.as_mut() {
            checker.handle(event, &mut self.findings);
        }
        reader_dtd
    }

    #[inline(always)]
    fn ignores_whitespace(&self) -> bool {
        // Until the schema is selected, every event goes to the selection.
        self.selected
            && self
                .checker
                .as_ref()
                .is_none_or(DocumentChecker::ignores_whitespace)
    }
}

impl Session<'_> {
    /// Selects the schema at the DOCTYPE or at the root element, whichever comes first.
    fn select(&mut self, event: &Event<'_>) -> Option<ReaderDtd> {
        let document = DocumentInfo {
            name: self.name,
            base: self.base,
            standalone: self.standalone,
        };
        match event {
            Event::XmlDecl(declaration) => {
                self.standalone = declaration.standalone == Some(true);
                None
            }
            Event::Doctype(doctype) => {
                self.selected = true;
                let selection = selection::for_doctype(self.validator, doctype, &document);
                let reader_dtd = selection.reader_schema.clone();
                self.checker = apply(
                    self.validator,
                    selection,
                    &mut self.schema,
                    &mut self.findings,
                    self.standalone,
                );
                reader_dtd
            }
            Event::StartElement {
                name: root,
                attributes,
                position,
                ..
            } => {
                self.selected = true;
                let selection =
                    selection::for_root(self.validator, root, attributes, &document, *position);
                self.checker = apply(
                    self.validator,
                    selection,
                    &mut self.schema,
                    &mut self.findings,
                    self.standalone,
                );
                None
            }
            _ => None,
        }
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

    fn open_element_path(&self) -> Option<String> {
        match self {
            DocumentChecker::Dtd(checker) => checker.open_element_path(),
            DocumentChecker::Xsd(checker) => checker.open_element_path(),
        }
    }

    #[inline(always)]
    fn ignores_whitespace(&self) -> bool {
        match self {
            DocumentChecker::Dtd(checker) => checker.ignores_whitespace(),
            DocumentChecker::Xsd(checker) => checker.ignores_whitespace(),
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
