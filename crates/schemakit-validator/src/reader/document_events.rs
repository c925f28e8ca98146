//! Reading the document's events from the window with quick-xml's slice reader.
//!
//! Each call reads the events that the window contains in full. An event that may go
//! on past the end of the window (text, or markup quick-xml reports as unclosed) is
//! left unread: the window is filled and the event read again from its start the
//! next time. Only at the end of the input, or where the bytes stop being UTF-8, is
//! such an event final.

use super::line_index::LineIndex;
use super::window::Window;
use super::{DocumentReader, RawKind};
use crate::session::EventSink;
use quick_xml::errors::{Error, IllFormedError, SyntaxError};
use schemakit_model::Diagnostic;
use std::io::BufRead;

/// How long the text after `<!` may be and still be too short for quick-xml to tell
/// a comment, a CDATA section and a DOCTYPE apart: `<![CDATA[` is the longest start.
const BANG_MARKUP_START: usize = "<![CDATA[".len();

/// The byte order mark, which quick-xml skips at the start of its input.
const BYTE_ORDER_MARK: char = '\u{FEFF}';

/// The way the events of one window are located: by the window's line index, or (when
/// the window has a `\r`) by moving the document's tracker over each event.
struct Locator<'a> {
    /// The window's unread text, which event offsets count from.
    text: &'a [u8],
    lines: Option<&'a mut LineIndex>,
}

/// The outcome of one attempt to read an event from the window.
enum Attempt {
    /// An event of `length` bytes.
    Event { kind: RawKind, length: usize },
    /// The event may go on after the end of the window.
    NeedsMore,
    /// A quick-xml error at byte `index` of the unread text.
    Error { error: Error, index: usize },
}

impl<R: BufRead> DocumentReader<'_, R> {
    /// Fills the window, then reads and handles each event it contains in full.
    pub(super) fn read_window<K: EventSink + ?Sized>(
        &mut self,
        window: &mut Window<R>,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        if let Err(error) = window.fill() {
            return Err(self.io_error(&error));
        }

        let text = window.unread();
        let mut lines = std::mem::take(&mut self.lines);
        let indexed = lines.index(text.as_bytes(), &self.document);
        let mut locator = Locator {
            text: text.as_bytes(),
            lines: indexed.then_some(&mut lines),
        };
        let mut consumed = 0;
        let result = self.read_located_events(text, window, &mut consumed, &mut locator, sink);

        self.lines = lines;
        window.consume(consumed);
        result
    }

    /// Reads and handles the events of `text`, the unread text of `window`, locating
    /// them with `locator` and counting the bytes of the events handled in `consumed`.
    fn read_located_events<K: EventSink + ?Sized>(
        &mut self,
        text: &str,
        window: &Window<R>,
        consumed: &mut usize,
        locator: &mut Locator<'_>,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        // quick-xml drops a byte order mark at the start of its input, so text that
        // starts with U+FEFF is read without it.
        let more_follows = window.may_grow() || window.invalid_bytes().is_some();
        if text.starts_with(BYTE_ORDER_MARK) {
            let end = memchr::memchr2(b'<', b'&', text.as_bytes());
            if end.is_none() && more_follows {
                return self.need_more(text, window);
            }
            let length = end.unwrap_or(text.len());
            let raw = text.get(..length).unwrap_or("");
            self.check_token_length(raw)?;
            self.handle_document_event(RawKind::Text, raw, 0, locator, sink)?;
            *consumed = length;
        }
        if self.reading_stops() {
            return Ok(());
        }

        let rest = text.get(*consumed..).unwrap_or("");
        let mut reader = quick_xml::Reader::from_reader(rest.as_bytes());
        configure_document(reader.config_mut());
        let mut before = 0;

        loop {
            match attempt(&mut reader, rest, before, more_follows) {
                Attempt::Event { kind, length } => {
                    let raw = rest.get(before..before + length).unwrap_or("");
                    self.check_token_length(raw)?;
                    self.handle_document_event(kind, raw, *consumed, locator, sink)?;
                    before += length;
                    *consumed += length;
                    // A step ends after the DOCTYPE, so that a caller that reads event by
                    // event can hand over the DTD before the content is read.
                    if matches!(kind, RawKind::Eof | RawKind::Doctype) || self.reading_stops() {
                        return Ok(());
                    }
                }
                Attempt::NeedsMore => {
                    return self.need_more(rest.get(before..).unwrap_or(""), window)
                }
                Attempt::Error { error, index } => {
                    let unread = rest.get(before..).unwrap_or("");
                    let start = self.document;
                    let index = index.saturating_sub(before);
                    return Err(self.read_error(error, &start, unread.as_bytes(), index));
                }
            }
        }
    }

    /// Moves the document's tracker past `raw`, which starts at byte `offset` of the
    /// window's unread text, handles it, and reads the events of the entities it opened.
    fn handle_document_event<K: EventSink + ?Sized>(
        &mut self,
        kind: RawKind,
        raw: &str,
        offset: usize,
        locator: &mut Locator<'_>,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let start = self.document;
        self.document = match locator.lines.as_deref_mut() {
            Some(lines) => lines.tracker_at(locator.text, offset + raw.len()),
            None => {
                let mut end = start;
                end.advance(raw.as_bytes());
                end
            }
        };
        self.handle(kind, raw, &start, sink)?;

        while !self.entities.is_empty() && !self.reading_stops() {
            self.read_entity_event(sink)?;
        }
        Ok(())
    }

    /// Returns whether the document's events must not be read on now: the document
    /// ended, or a fatal error waits to be returned.
    fn reading_stops(&self) -> bool {
        self.finished || self.deferred_error.is_some()
    }

    /// Handles an event that may go on after the window, whose text so far is
    /// `unread`: it is left for the next fill, unless it is already too long or the
    /// bytes after it are not UTF-8.
    fn need_more(&self, unread: &str, window: &Window<R>) -> Result<(), Diagnostic> {
        match window.invalid_bytes() {
            Some(invalid) => Err(self.invalid_utf8_after(unread, invalid)),
            None => self.check_token_length(unread),
        }
    }

    /// Fails when `token`, one token of the document or its start, is longer than the
    /// token limit.
    fn check_token_length(&self, token: &str) -> Result<(), Diagnostic> {
        let limit = self.limits.max_token_bytes;
        if token.len() <= limit {
            return Ok(());
        }
        let start = self.document;
        Err(self.limit_error(
            format!(
                "a single tag, text run, comment or other token is longer than the limit max_token_bytes = {limit} bytes; raise the limit (`--max-token-bytes` on the command line) if the document is trusted"
            ),
            &start,
            token.as_bytes(),
            0,
        ))
    }

    /// Builds the error for the first byte of `invalid`, which follows `unread`.
    fn invalid_utf8_after(&self, unread: &str, invalid: &[u8]) -> Diagnostic {
        let mut bytes = unread.as_bytes().to_vec();
        bytes.extend_from_slice(invalid.get(..1).unwrap_or_default());
        self.invalid_utf8(&self.document, &bytes, unread.len())
    }
}

/// Reads the event that starts at byte `before` of `rest`. `more_follows` is
/// whether the input goes on after `rest`.
fn attempt(
    reader: &mut quick_xml::Reader<&[u8]>,
    rest: &str,
    before: usize,
    more_follows: bool,
) -> Attempt {
    let read = reader.read_event().map(|event| RawKind::of(&event));
    let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);

    match read {
        Ok(RawKind::Eof) if more_follows => Attempt::NeedsMore,
        Ok(RawKind::Text) if more_follows && after >= rest.len() => Attempt::NeedsMore,
        Ok(kind) => Attempt::Event {
            kind,
            length: after.saturating_sub(before),
        },
        Err(error) => {
            let unread = rest.as_bytes().get(before..).unwrap_or_default();
            if more_follows && may_go_on(&error, unread) {
                return Attempt::NeedsMore;
            }
            let index = usize::try_from(reader.error_position()).unwrap_or(before);
            Attempt::Error { error, index }
        }
    }
}

/// Returns whether `error`, for the event at the start of `unread`, may only mean
/// that the event goes on after the end of the window.
fn may_go_on(error: &Error, unread: &[u8]) -> bool {
    match error {
        Error::Syntax(SyntaxError::InvalidBangMarkup) => unread.len() < BANG_MARKUP_START,
        // Every other syntax error of quick-xml means that the input ended inside markup.
        Error::Syntax(_) => true,
        Error::IllFormed(IllFormedError::UnclosedReference) => !unread
            .get(1..)
            .unwrap_or_default()
            .iter()
            .any(|byte| matches!(byte, b';' | b'<' | b'&')),
        _ => false,
    }
}

/// Sets the quick-xml options of the document's reader. End tags are matched with
/// start tags by the reader's own element stack, because each window gets a new
/// quick-xml reader that knows nothing of the elements opened before it.
fn configure_document(config: &mut quick_xml::reader::Config) {
    super::configure(config);
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
}
