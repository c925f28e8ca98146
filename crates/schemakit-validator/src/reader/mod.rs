//! Well-formedness checking, entity expansion and positions over quick-xml.
//!
//! [`DocumentReader`] pulls raw events from quick-xml and checks what XML 1.0 (fifth
//! edition) and Namespaces in XML 1.0 require of a well-formed document beyond
//! quick-xml's own checks. It expands entity references and hands the validity
//! checker [`Event`]s located by line and column.
//!
//! Positions come from a [`LineTracker`] per source: quick-xml puts every byte of an
//! event, delimiters included, into the reader's buffer, so advancing the tracker
//! over the buffer after each event keeps it on the next event's first byte
//! without keeping any of the document.
//!
//! Entity replacement text is read by a nested quick-xml reader per entity (an
//! explicit stack, never recursion); events from it are reported at the position of
//! the outermost reference in the document.

// A fatal error ends the document, so at most one `Diagnostic` travels up per
// document and boxing it would gain nothing. The interface returns it by value.
#![allow(clippy::result_large_err)]

mod attributes;
mod encoding;
mod entity_expander;
mod input;
mod markup;
mod names;
mod namespaces;
mod position;
mod prolog;
mod read_errors;
mod recycled;
mod references;
mod tags;
mod xml_decl;

#[cfg(test)]
mod conformance_tests;
#[cfg(test)]
mod tests;

use crate::event::Event;
use crate::{Limits, ValidatorOptions};
use encoding::DetectedEncoding;
use entity_expander::{EntityFrame, ExpansionBudget};
use input::SourceInput;
use names::NameCache;
use namespaces::NamespaceScopes;
use position::LineTracker;
use prolog::DocumentStructure;
use recycled::RecycledBuffers;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, Position, Schema};
use schemakit_resolve::EntityLoader;
use std::collections::VecDeque;
use std::io::BufRead;
use std::sync::Arc;

/// Reads one document as a stream of checked, located [`Event`]s.
pub(crate) struct DocumentReader<'l, R: BufRead> {
    file: String,
    base: Option<String>,
    limits: Limits,
    namespaces: bool,
    loader: &'l dyn EntityLoader,
    input: Input<R>,
    /// The position of the next byte of the document.
    document: LineTracker,
    /// Entities whose replacement text is being read, outermost first.
    entities: Vec<EntityFrame>,
    budget: ExpansionBudget,
    /// The buffer quick-xml reads every event into, reused between events.
    buf: Vec<u8>,
    pending: VecDeque<Event>,
    /// Buffers of handled events, reused by the next ones.
    recycled: RecycledBuffers,
    diagnostics: Vec<Diagnostic>,
    structure: DocumentStructure,
    elements: Vec<OpenElement>,
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
    Reading(Box<quick_xml::Reader<SourceInput<R>>>),
    Done,
}

/// An element whose end tag has not been read yet.
#[derive(Debug)]
struct OpenElement {
    name: String,
    position: Position,
    /// How many entities were open when the element started.
    entity_depth: usize,
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

/// Sets the quick-xml options every reader of this module uses.
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
            entities: Vec::new(),
            budget: ExpansionBudget::default(),
            buf: Vec::new(),
            pending: VecDeque::new(),
            recycled: RecycledBuffers::default(),
            diagnostics: Vec::new(),
            structure: DocumentStructure::new(),
            elements: Vec::new(),
            scopes: NamespaceScopes::default(),
            names: NameCache::default(),
            dtd: DtdState::default(),
            standalone: None,
            encoding: DetectedEncoding::Utf8 { bom: false },
            deferred_error: None,
            finished: false,
        }
    }

    /// Reads the next event. `Err` is a fatal error (not well-formed, a limit, I/O),
    /// after which the reader returns `Ok(Event::Eof)` forever.
    pub(crate) fn next_event(&mut self) -> Result<Event, Diagnostic> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Ok(event);
            }
            if self.finished {
                return Ok(Event::Eof);
            }

            let stepped = match self.deferred_error.take() {
                Some(diagnostic) => Err(diagnostic),
                None => self.step(),
            };
            if let Err(diagnostic) = stepped {
                self.finish();
                return Err(diagnostic);
            }
        }
    }

    /// Sets the entity declarations to expand from now on. The checker calls it right
    /// after it received `Event::Doctype` and read the DTD. `has_external_markup` tells
    /// whether an external subset or external parameter entity was read or could not
    /// be read, because that decides whether an undeclared entity is a
    /// well-formedness or a validity error.
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

    /// Takes back a handled event, whose strings the next events reuse.
    pub(crate) fn recycle(&mut self, event: Event) {
        self.recycled.keep(event);
    }

    /// Non-fatal findings gathered while reading (e.g. validity-level entity findings),
    /// drained by the checker after each event.
    pub(crate) fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics)
    }

    /// Returns the document's standalone declaration.
    pub(crate) fn standalone(&self) -> Option<bool> {
        self.standalone
    }

    /// Drops every reader and queued event after a fatal error.
    fn finish(&mut self) {
        self.finished = true;
        self.pending.clear();
        self.entities.clear();
        self.input = Input::Done;
    }

    /// Reads one raw event from the innermost source and queues what it yields.
    fn step(&mut self) -> Result<(), Diagnostic> {
        if matches!(self.input, Input::Pending(_)) {
            return self.start();
        }

        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let result = self.read_and_handle(&mut buf);
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
                SourceInput::stream(prefix, bom_len, input, self.limits.max_token_bytes)
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
                SourceInput::decoded(text, self.limits.max_token_bytes)
            }
        };
        self.encoding = detected;

        let mut reader = quick_xml::Reader::from_reader(source);
        configure(reader.config_mut());
        self.input = Input::Reading(Box::new(reader));
        Ok(())
    }

    /// Reads one raw event into `buf`, moves the source's tracker past it and handles it.
    fn read_and_handle(&mut self, buf: &mut Vec<u8>) -> Result<(), Diagnostic> {
        let (start, reader_offset, read) = match self.entities.last_mut() {
            Some(frame) => {
                let start = frame.tracker;
                let reader_offset = frame.reader.buffer_position();
                let read = frame
                    .reader
                    .read_event_into(buf)
                    .map(|event| RawKind::of(&event));
                (start, reader_offset, read)
            }
            None => {
                let Input::Reading(reader) = &mut self.input else {
                    self.finished = true;
                    self.pending.push_back(Event::Eof);
                    return Ok(());
                };
                reader.get_mut().start_token();
                let start = self.document;
                let reader_offset = reader.buffer_position();
                let read = reader.read_event_into(buf).map(|event| RawKind::of(&event));
                (start, reader_offset, read)
            }
        };

        let mut end = start;
        end.advance(buf);
        match self.entities.last_mut() {
            Some(frame) => frame.tracker = end,
            None => self.document = end,
        }

        let kind = match read {
            Ok(kind) => kind,
            Err(error) => match read_errors::recover_end_tag(&error) {
                Some(kind) => kind,
                None => {
                    let error_offset = self.error_offset();
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
        self.handle(kind, raw, &start)
    }

    /// Returns the offset quick-xml gives for its last error in the innermost source.
    fn error_offset(&self) -> u64 {
        match (self.entities.last(), &self.input) {
            (Some(frame), _) => frame.reader.error_position(),
            (None, Input::Reading(reader)) => reader.error_position(),
            (None, _) => 0,
        }
    }

    /// Dispatches one raw event to its handler.
    fn handle(&mut self, kind: RawKind, raw: &str, start: &LineTracker) -> Result<(), Diagnostic> {
        if kind != RawKind::Declaration && self.entities.is_empty() {
            self.structure.leave_start();
        }

        match kind {
            RawKind::Declaration => self.on_declaration(raw, start),
            RawKind::ProcessingInstruction => self.on_processing_instruction(raw, start),
            RawKind::Comment => self.on_comment(raw, start),
            RawKind::CData => self.on_cdata(raw, start),
            RawKind::Doctype => self.on_doctype(raw, start),
            RawKind::Start => self.on_start_tag(raw, start, false),
            RawKind::Empty => self.on_start_tag(raw, start, true),
            RawKind::End => self.on_end_tag(raw, start),
            RawKind::Text => self.on_text(raw, start),
            RawKind::Reference => self.on_reference(raw, start),
            RawKind::Eof => self.on_eof(start),
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
