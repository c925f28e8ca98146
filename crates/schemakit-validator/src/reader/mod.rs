//! Well-formedness checking, entity expansion and positions over quick-xml.
//!
//! [`DocumentReader`] reads raw events with quick-xml and checks what XML 1.0 (fifth
//! edition) and Namespaces in XML 1.0 require of a well-formed document beyond
//! quick-xml's own checks. It expands entity references and hands an [`EventSink`]
//! (the validity checker's session) [`Event`]s located by line and column.
//!
//! The document is read through a [`Window`] of UTF-8 text with quick-xml's slice
//! reader, so names and text reach the sink as borrowed slices and no event is
//! copied. Character data and tags of the form `<name>`, `<name/>` and `</name>`
//! are found without quick-xml, which would check their UTF-8 again. Positions come from the window's [`LineIndex`], or from a [`LineTracker`]
//! moved over each event where the text has a `\r`.
//!
//! Entity replacement text is read by a nested quick-xml reader per entity, kept on
//! an explicit stack rather than by recursion. Events from it are reported at the
//! position of the outermost reference in the document.

// A fatal error ends the document, so at most one `Diagnostic` travels up per
// document and boxing it would gain nothing. The interface returns it by value.
#![allow(clippy::result_large_err)]

mod attributes;
mod document_events;
mod encoding;
mod entity_expander;
mod input;
mod line_index;
mod markup;
mod names;
mod namespaces;
mod open_elements;
mod position;
mod prolog;
mod read_errors;
mod references;
mod tags;
mod window;
mod xml_decl;

/// A sink that keeps copies of the events and the findings, for
/// [`DocumentReader::next_event`].
#[cfg(test)]
#[derive(Default)]
struct Collected {
    events: Vec<Event<'static>>,
    findings: Vec<Diagnostic>,
}

#[cfg(test)]
impl EventSink for Collected {
    fn findings(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        self.findings.append(diagnostics);
    }

    fn event(
        &mut self,
        event: &Event<'_>,
        _standalone: Option<bool>,
    ) -> Option<crate::session::ReaderDtd> {
        self.events.push(event.clone().into_owned());
        None
    }
}

#[cfg(test)]
mod conformance_tests;
#[cfg(test)]
mod tests;

use crate::event::{Attribute, Event};
use crate::session::EventSink;
use crate::{Limits, ValidatorOptions};
use encoding::DetectedEncoding;
use entity_expander::{EntityFrame, ExpansionBudget};
use input::SourceInput;
use line_index::LineIndex;
use names::NameCache;
use namespaces::NamespaceScopes;
use open_elements::OpenElements;
use position::LineTracker;
use prolog::DocumentStructure;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, Position, Schema};
use schemakit_resolve::EntityLoader;
use std::io::BufRead;
use std::sync::Arc;
use window::Window;

/// Reads one document as a stream of checked, located [`Event`]s for an [`EventSink`].
pub(crate) struct DocumentReader<'l, R: BufRead> {
    file: String,
    base: Option<String>,
    limits: Limits,
    namespaces: bool,
    loader: &'l dyn EntityLoader,
    input: Input<R>,
    /// The position of the next byte of the document.
    document: LineTracker,
    /// The line feeds of the window being read, when it has no `\r`.
    lines: LineIndex,
    /// Entities whose replacement text is being read, outermost first.
    entities: Vec<EntityFrame>,
    budget: ExpansionBudget,
    /// The buffer quick-xml reads every event into, reused between events.
    buf: Vec<u8>,
    /// The allocation of the attribute list of the last start tag, empty, for the next one.
    spare_attributes: Vec<Attribute<'static>>,
    /// The same for the list of attributes as written, which [`attributes::split_tag`] fills.
    spare_raw_attributes: Vec<attributes::RawAttribute<'static>>,
    /// A string for text that must be rewritten (line ends, CDATA), reused between events.
    spare_text: String,
    /// Events read but not yet returned by the test interface [`DocumentReader::next_event`].
    #[cfg(test)]
    queued: std::collections::VecDeque<Event<'static>>,
    diagnostics: Vec<Diagnostic>,
    structure: DocumentStructure,
    elements: OpenElements,
    scopes: NamespaceScopes,
    names: NameCache,
    dtd: DtdState,
    standalone: Option<bool>,
    encoding: DetectedEncoding,
    /// A fatal error found outside `next_event` (in `set_dtd`), returned by the next call.
    deferred_error: Option<Diagnostic>,
    finished: bool,
}

/// The document's byte source before and after encoding detection.
enum Input<R> {
    /// Not read yet: the encoding is detected at the first event.
    Pending(R),
    Reading(Box<Window<R>>),
    Done,
}

/// The facts from the document's DOCTYPE and the checker's DTD that entity handling needs.
#[derive(Debug, Default)]
struct DtdState {
    schema: Option<Arc<Schema>>,
    /// Set by [`DocumentReader::set_dtd`].
    has_external_markup: bool,
    /// Whether some element declares an `xmlns` or `xmlns:*` attribute, so that
    /// start tags of a DTD without them skip the lookup.
    declares_namespace_attributes: bool,
    dtd_set: bool,
    doctype_seen: bool,
    doctype_has_external_id: bool,
    doctype_position: Position,
}

/// The kind of a quick-xml event, without its borrowed content: the handlers read
/// the content from the raw bytes of the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RawKind {
    Start,
    Empty,
    End,
    Text,
    CData,
    Comment,
    Declaration,
    ProcessingInstruction,
    Doctype,
    Reference,
    Eof,
}

impl RawKind {
    fn of(event: &quick_xml::events::Event<'_>) -> RawKind {
        use quick_xml::events::Event as Raw;
        match event {
            Raw::Start(_) => RawKind::Start,
            Raw::Empty(_) => RawKind::Empty,
            Raw::End(_) => RawKind::End,
            Raw::Text(_) => RawKind::Text,
            Raw::CData(_) => RawKind::CData,
            Raw::Comment(_) => RawKind::Comment,
            Raw::Decl(_) => RawKind::Declaration,
            Raw::PI(_) => RawKind::ProcessingInstruction,
            Raw::DocType(_) => RawKind::Doctype,
            Raw::GeneralRef(_) => RawKind::Reference,
            Raw::Eof => RawKind::Eof,
        }
    }
}

/// Sets the quick-xml options of the readers of entity replacement text.
fn configure(config: &mut quick_xml::reader::Config) {
    config.check_end_names = true;
    config.check_comments = true;
    config.trim_markup_names_in_closing_tags = false;
    config.expand_empty_elements = false;
    config.allow_dangling_amp = false;
    config.allow_unmatched_ends = false;
    config.trim_text(false);
}

impl<'l, R: BufRead> DocumentReader<'l, R> {
    /// Creates a reader of `input`. `file` names the document in diagnostics, and
    /// `base` is the location that relative SYSTEM ids in the document resolve against.
    /// The base is the document's path, or the working directory for standard input.
    pub(crate) fn new(
        input: R,
        file: String,
        base: Option<String>,
        options: &ValidatorOptions,
        loader: &'l dyn EntityLoader,
    ) -> Self {
        DocumentReader {
            file,
            base,
            limits: options.limits.clone(),
            namespaces: options.namespaces,
            loader,
            input: Input::Pending(input),
            document: LineTracker::new(),
            lines: LineIndex::default(),
            entities: Vec::new(),
            budget: ExpansionBudget::default(),
            buf: Vec::new(),
            spare_attributes: Vec::new(),
            spare_raw_attributes: Vec::new(),
            spare_text: String::new(),
            #[cfg(test)]
            queued: std::collections::VecDeque::new(),
            diagnostics: Vec::new(),
            structure: DocumentStructure::new(),
            elements: OpenElements::default(),
            scopes: NamespaceScopes::default(),
            names: NameCache::default(),
            dtd: DtdState::default(),
            standalone: None,
            encoding: DetectedEncoding::Utf8 { bom: false },
            deferred_error: None,
            finished: false,
        }
    }

    /// Reads one raw event and hands the events it yields to `sink`, each preceded by
    /// the findings made before it. Returns `Ok(false)` once `Event::Eof` was handed
    /// over. `Err` is a fatal error (not well-formed, a limit, I/O), after which the
    /// reader hands over nothing more and returns `Ok(false)`.
    pub(crate) fn step<K: EventSink + ?Sized>(&mut self, sink: &mut K) -> Result<bool, Diagnostic> {
        if self.finished {
            return Ok(false);
        }

        let stepped = match self.deferred_error.take() {
            Some(diagnostic) => Err(diagnostic),
            None => self.read_step(sink),
        };
        self.flush_findings(sink);
        match stepped {
            Ok(()) => Ok(!self.finished),
            Err(diagnostic) => {
                self.finish();
                Err(diagnostic)
            }
        }
    }

    /// Reads the next event, for tests that look at events one at a time. The events
    /// are copied out of the reader's buffers.
    #[cfg(test)]
    pub(crate) fn next_event(&mut self) -> Result<Event<'static>, Diagnostic> {
        loop {
            if let Some(event) = self.queued.pop_front() {
                return Ok(event);
            }
            if self.finished {
                return Ok(Event::Eof);
            }

            let mut collected = Collected::default();
            let stepped = self.step(&mut collected);
            self.queued.extend(collected.events);
            self.diagnostics.extend(collected.findings);
            if let Err(diagnostic) = stepped {
                self.queued.clear();
                return Err(diagnostic);
            }
        }
    }

    /// Hands `event` to `sink` after the findings made before it, and applies the DTD
    /// the sink returns for the DOCTYPE.
    #[inline(always)]
    fn emit<K: EventSink + ?Sized>(&mut self, sink: &mut K, event: &Event<'_>) {
        self.flush_findings(sink);
        if let Some((schema, has_external_markup)) = sink.event(event, self.standalone) {
            self.set_dtd(schema, has_external_markup);
        }
    }

    /// Hands `event` to `sink` like [`Self::emit`], for an event whose strings and
    /// lists all borrow. Such an event owns nothing, so it is not dropped, which
    /// saves running the event's drop code (a check of each field) once per event.
    fn emit_borrowed<K: EventSink + ?Sized>(&mut self, sink: &mut K, event: Event<'_>) {
        debug_assert!(
            event.borrows_all(),
            "emit_borrowed got an event that owns data"
        );
        let event = std::mem::ManuallyDrop::new(event);
        self.emit(sink, &event);
    }

    /// Hands the findings made so far to `sink`.
    #[inline(always)]
    fn flush_findings<K: EventSink + ?Sized>(&mut self, sink: &mut K) {
        if !self.diagnostics.is_empty() {
            self.hand_over_findings(sink);
        }
    }

    /// Hands the findings made so far to `sink`; the rare case of
    /// [`Self::flush_findings`], kept out of line so that the check inlines.
    #[cold]
    #[inline(never)]
    fn hand_over_findings<K: EventSink + ?Sized>(&mut self, sink: &mut K) {
        sink.findings(&mut self.diagnostics);
    }

    /// Sets the entity declarations to expand from now on. The checker calls it right
    /// after it received `Event::Doctype` and read the DTD. `has_external_markup` tells
    /// whether an external subset or external parameter entity was read or could not
    /// be read, because that decides whether an undeclared entity is a
    /// well-formedness or a validity error.
    #[cold]
    pub(crate) fn set_dtd(&mut self, schema: Arc<Schema>, has_external_markup: bool) {
        tracing::debug!(
            file = %self.file,
            general_entities = schema.general_entities.len(),
            has_external_markup,
            "reader received the DTD"
        );
        if self.namespaces {
            if let Some((message, span)) = namespaces::find_colon_in_dtd_names(&schema) {
                let file = span
                    .and_then(|span| schema.source(span.source))
                    .map_or(self.file.as_str(), |source| source.name.as_str());
                let position = span.map_or(self.dtd.doctype_position, |span| span.start);
                let diagnostic =
                    Diagnostic::error(DiagnosticKind::Syntax, Code::NotWellFormed, message)
                        .at(Some(file), position);
                self.deferred_error = Some(diagnostic);
            }
        }

        self.dtd.declares_namespace_attributes = schema.elements.values().any(|element| {
            element
                .attributes
                .values()
                .any(|attribute| attribute.name == "xmlns" || attribute.name.starts_with("xmlns:"))
        });
        self.dtd.schema = Some(schema);
        self.dtd.has_external_markup = has_external_markup;
        self.dtd.dtd_set = true;
    }

    /// Non-fatal findings gathered while reading, for tests that read events one at
    /// a time.
    #[cfg(test)]
    pub(crate) fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics)
    }

    /// Returns the document's standalone declaration.
    #[cfg(test)]
    pub(crate) fn standalone(&self) -> Option<bool> {
        self.standalone
    }

    /// Drops every reader after a fatal error.
    fn finish(&mut self) {
        self.finished = true;
        self.entities.clear();
        self.input = Input::Done;
    }

    /// Reads on from the innermost source and hands what it yields to `sink`: the
    /// next event of an open entity, or the events of the document up to the end of
    /// what the window holds.
    fn read_step<K: EventSink + ?Sized>(&mut self, sink: &mut K) -> Result<(), Diagnostic> {
        if matches!(self.input, Input::Pending(_)) {
            return self.start();
        }
        if !self.entities.is_empty() {
            return self.read_entity_event(sink);
        }

        let mut window = match std::mem::replace(&mut self.input, Input::Done) {
            Input::Reading(window) => window,
            other => {
                self.input = other;
                self.finished = true;
                self.emit(sink, &Event::Eof);
                return Ok(());
            }
        };
        let result = self.read_window(&mut window, sink);
        self.input = Input::Reading(window);
        result
    }

    /// Reads one raw event of the innermost open entity and handles it.
    fn read_entity_event<K: EventSink + ?Sized>(&mut self, sink: &mut K) -> Result<(), Diagnostic> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let result = self.read_and_handle(&mut buf, sink);
        self.buf = buf;
        result
    }

    /// Detects the encoding and sets up the quick-xml reader of the document.
    fn start(&mut self) -> Result<(), Diagnostic> {
        let Input::Pending(mut input) = std::mem::replace(&mut self.input, Input::Done) else {
            return Ok(());
        };

        let mut prefix = Vec::new();
        input::read_prefix(&mut input, &mut prefix, encoding::PREFIX_BYTES)
            .map_err(|error| self.io_error(&error))?;
        let detected = encoding::detect(&prefix);
        tracing::debug!(file = %self.file, encoding = ?detected, "detected the document encoding");

        let source = match &detected {
            DetectedEncoding::Utf8 { .. } => {
                let bom_len = detected.bom_len();
                self.document.skip_bytes(bom_len);
                SourceInput::stream(prefix, bom_len, input)
            }
            DetectedEncoding::Other { .. } => {
                // NOTE: a document that is not UTF-8 is decoded whole into memory, so
                // memory grows with the document, and byte offsets in diagnostics count
                // UTF-8 bytes of the decoded text (lines and columns are exact).
                let mut bytes = prefix;
                input
                    .read_to_end(&mut bytes)
                    .map_err(|error| self.io_error(&error))?;
                let text = encoding::decode_document(&bytes, &self.file)?;
                let text = match text.strip_prefix('\u{FEFF}') {
                    Some(rest) => rest.to_owned(),
                    None => text,
                };
                SourceInput::decoded(text)
            }
        };
        self.encoding = detected;

        self.input = Input::Reading(Box::new(Window::new(source)));
        Ok(())
    }

    /// Reads one raw event of the innermost entity into `buf`, moves the entity's
    /// tracker past it and handles it.
    fn read_and_handle<K: EventSink + ?Sized>(
        &mut self,
        buf: &mut Vec<u8>,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let Some(frame) = self.entities.last_mut() else {
            return Ok(());
        };
        let start = frame.tracker;
        let reader_offset = frame.reader.buffer_position();
        let read = frame
            .reader
            .read_event_into(buf)
            .map(|event| RawKind::of(&event));
        frame.tracker.advance(buf);
        let error_offset = frame.reader.error_position();

        let kind = match read {
            Ok(kind) => kind,
            Err(error) => match read_errors::recover_end_tag(&error) {
                Some(kind) => kind,
                None => {
                    let index =
                        usize::try_from(error_offset.saturating_sub(reader_offset)).unwrap_or(0);
                    return Err(self.read_error(error, &start, buf, index));
                }
            },
        };

        let raw = match std::str::from_utf8(buf) {
            Ok(raw) => raw,
            Err(error) => return Err(self.invalid_utf8(&start, buf, error.valid_up_to())),
        };
        self.handle(kind, raw, &start, sink)
    }

    /// Dispatches one raw event to its handler.
    fn handle<K: EventSink + ?Sized>(
        &mut self,
        kind: RawKind,
        raw: &str,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        if kind != RawKind::Declaration && self.entities.is_empty() {
            self.structure.leave_start();
        }

        match kind {
            RawKind::Declaration => self.on_declaration(raw, start, sink),
            RawKind::ProcessingInstruction => self.on_processing_instruction(raw, start, sink),
            RawKind::Comment => self.on_comment(raw, start, sink),
            RawKind::CData => self.on_cdata(raw, start, sink),
            RawKind::Doctype => self.on_doctype(raw, start, sink),
            RawKind::Start => self.on_start_tag(raw, start, false, sink),
            RawKind::Empty => self.on_start_tag(raw, start, true, sink),
            RawKind::End => self.on_end_tag(raw, start, sink),
            RawKind::Text => self.on_text(raw, start, sink),
            RawKind::Reference => self.on_reference(raw, start, sink),
            RawKind::Eof => self.on_eof(start, sink),
        }
    }

    /// Returns the position an event is reported at: its own position in the document,
    /// or the position of the outermost entity reference that produced it.
    fn event_position(&self, start: &LineTracker) -> Position {
        match self.entities.first() {
            Some(frame) => frame.reference,
            None => start.position(),
        }
    }

    /// Locates `diagnostic` at byte `index` of `raw`, the event that starts at `start`
    /// in the innermost source.
    ///
    /// Errors in an external entity are located in the entity's file. Errors in
    /// internal replacement text are located at the reference in the document, and
    /// their message names the entity.
    fn locate(
        &self,
        diagnostic: Diagnostic,
        start: &LineTracker,
        raw: &[u8],
        index: usize,
    ) -> Diagnostic {
        let Some(frame) = self.entities.last() else {
            return diagnostic.at(Some(&self.file), start.position_at(raw, index));
        };

        match &frame.external_file {
            Some(file) => diagnostic.at(Some(file), start.position_at(raw, index)),
            None => {
                let mut diagnostic = diagnostic.at(Some(&self.file), frame.reference);
                diagnostic.message = format!(
                    "{} (in the replacement text of entity `{}`)",
                    diagnostic.message, frame.name
                );
                diagnostic
            }
        }
    }

    /// Builds a fatal well-formedness error at byte `index` of `raw`.
    fn not_well_formed(
        &self,
        message: impl Into<String>,
        start: &LineTracker,
        raw: &[u8],
        index: usize,
    ) -> Diagnostic {
        let diagnostic = Diagnostic::error(DiagnosticKind::Syntax, Code::NotWellFormed, message);
        self.locate(diagnostic, start, raw, index)
    }

    /// Builds a fatal limit error at byte `index` of `raw`.
    fn limit_error(
        &self,
        message: impl Into<String>,
        start: &LineTracker,
        raw: &[u8],
        index: usize,
    ) -> Diagnostic {
        let diagnostic = Diagnostic::error(DiagnosticKind::Limit, Code::LimitExceeded, message);
        self.locate(diagnostic, start, raw, index)
    }

    /// Returns whether a reference to an undeclared entity is a well-formedness error
    /// (WFC: Entity Declared) rather than a validity error (VC: Entity Declared).
    fn undeclared_is_fatal(&self) -> bool {
        if self.standalone == Some(true) || !self.dtd.doctype_seen {
            return true;
        }
        if self.dtd.dtd_set {
            !self.dtd.has_external_markup
        } else {
            !self.dtd.doctype_has_external_id
        }
    }
}
