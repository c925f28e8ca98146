//! Reading the document's events from the window: character data and the most
//! common tags directly, and the other markup with quick-xml's slice reader.
//!
//! Each call reads the events that the window contains in full. An event that may go
//! on past the end of the window (text, or markup quick-xml reports as unclosed) is
//! left unread: the window is filled and the event read again from its start the
//! next time. Only at the end of the input, or where the bytes stop being UTF-8, is
//! such an event final.

use super::line_index::LineIndex;
use super::names::plain_ascii_name_length;
use super::position::LineTracker;
use super::window::Window;
use super::{DocumentReader, RawKind};
use crate::session::EventSink;
use quick_xml::errors::{Error, IllFormedError, SyntaxError};
use schemakit_model::Diagnostic;
use std::io::BufRead;

/// How long the text after `<!` may be and still be too short for quick-xml to tell
/// a comment, a CDATA section and a DOCTYPE apart: `<![CDATA[` is the longest start.
const BANG_MARKUP_START: usize = "<![CDATA[".len();

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
    ///
    /// Character data and the plain tags of [`plain_tag`] are read here, and the other
    /// markup and references go to quick-xml. The window's text is already known to be
    /// UTF-8, and quick-xml would check each event again. quick-xml's slice is moved
    /// past what is read here, so that it goes on after it.
    fn read_located_events<K: EventSink + ?Sized>(
        &mut self,
        text: &str,
        window: &Window<R>,
        consumed: &mut usize,
        locator: &mut Locator<'_>,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let more_follows = window.may_grow() || window.invalid_bytes().is_some();
        let mut reader = quick_xml::Reader::from_reader(text.as_bytes());
        configure_document(reader.config_mut());
        let mut before = 0;

        loop {
            let unread = text.get(before..).unwrap_or("");
            let step = match leading_text(unread, more_follows) {
                Some(Text::Complete(length)) => {
                    let raw = unread.get(..length).unwrap_or("");
                    self.check_token_length(raw)?;
                    let start = self.locate_event(raw, before, locator);
                    self.structure.leave_start();
                    self.on_text(raw, &start, sink)?;

                    before += length;
                    *consumed = before;
                    *reader.get_mut() = text.as_bytes().get(before..).unwrap_or_default();
                    if self.reading_stops() {
                        return Ok(());
                    }
                    continue;
                }
                Some(Text::NeedsMore) => Attempt::NeedsMore,
                None => match simple_tag(unread.as_bytes()) {
                    Some(Tag {
                        kind,
                        length,
                        plain,
                    }) => {
                        let raw = unread.get(..length).unwrap_or("");
                        self.check_token_length(raw)?;
                        let start = self.locate_event(raw, before, locator);
                        self.structure.leave_start();
                        match kind {
                            RawKind::End => self.on_end_tag(raw, &start, sink)?,
                            _ => {
                                let empty = kind == RawKind::Empty;
                                self.on_checked_start_tag(raw, &start, empty, plain, sink)?;
                            }
                        }

                        before += length;
                        *consumed = before;
                        *reader.get_mut() = text.as_bytes().get(before..).unwrap_or_default();
                        if self.reading_stops() {
                            return Ok(());
                        }
                        continue;
                    }
                    None => attempt(&mut reader, text, before, more_follows),
                },
            };

            match step {
                Attempt::Event { kind, length } => {
                    let raw = text.get(before..before + length).unwrap_or("");
                    self.check_token_length(raw)?;
                    self.handle_document_event(kind, raw, before, locator, sink)?;
                    before += length;
                    *consumed = before;
                    // A step ends after the DOCTYPE, so that a caller that reads event by
                    // event can hand over the DTD before the content is read.
                    if matches!(kind, RawKind::Eof | RawKind::Doctype) || self.reading_stops() {
                        return Ok(());
                    }
                }
                Attempt::NeedsMore => return self.need_more(unread, window),
                Attempt::Error { error, index } => {
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
        let start = self.locate_event(raw, offset, locator);
        self.handle(kind, raw, &start, sink)?;

        while !self.entities.is_empty() && !self.reading_stops() {
            self.read_entity_event(sink)?;
        }
        Ok(())
    }

    /// Moves the document's tracker past `raw`, which starts at byte `offset` of the
    /// window's unread text, and returns the tracker at its start.
    fn locate_event(&mut self, raw: &str, offset: usize, locator: &mut Locator<'_>) -> LineTracker {
        let start = self.document;
        self.document = match locator.lines.as_deref_mut() {
            Some(lines) => lines.tracker_at(locator.text, offset + raw.len()),
            None => {
                let mut end = start;
                end.advance(raw.as_bytes());
                end
            }
        };
        start
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

/// Reads the markup or reference that starts at byte `before` of `text` with
/// quick-xml. `more_follows` is whether the input goes on after `text`.
///
/// Offsets come from what is left of quick-xml's slice rather than from its own
/// count, which does not include the text read without it.
fn attempt(
    reader: &mut quick_xml::Reader<&[u8]>,
    text: &str,
    before: usize,
    more_follows: bool,
) -> Attempt {
    let read = reader.read_event().map(|event| RawKind::of(&event));
    let after = text.len() - reader.get_ref().len();

    match read {
        Ok(RawKind::Eof) if more_follows => Attempt::NeedsMore,
        Ok(RawKind::Text) if more_follows && after >= text.len() => Attempt::NeedsMore,
        Ok(kind) => Attempt::Event {
            kind,
            length: after.saturating_sub(before),
        },
        Err(error) => {
            let unread = text.as_bytes().get(before..).unwrap_or_default();
            if more_follows && may_go_on(&error, unread) {
                return Attempt::NeedsMore;
            }
            // quick-xml's offsets leave out the text and tags read without it, so the
            // error is located by its distance back from where quick-xml stopped.
            let read_by_quick_xml = reader.buffer_position();
            let error_at = reader.error_position();
            let index = usize::try_from(read_by_quick_xml.saturating_sub(error_at))
                .map_or(before, |back| after.saturating_sub(back));
            Attempt::Error { error, index }
        }
    }
}

/// Character data at the start of the unread text.
enum Text {
    /// Text of this many bytes, up to the next markup or reference, or to the end
    /// of the input.
    Complete(usize),
    /// Text that may go on after the end of the window.
    NeedsMore,
}

/// Returns the character data `unread` starts with, if it starts with any.
fn leading_text(unread: &str, more_follows: bool) -> Option<Text> {
    let bytes = unread.as_bytes();
    if matches!(bytes.first(), None | Some(b'<' | b'&')) {
        return None;
    }

    match memchr::memchr2(b'<', b'&', bytes) {
        Some(length) => Some(Text::Complete(length)),
        None if more_follows => Some(Text::NeedsMore),
        None => Some(Text::Complete(bytes.len())),
    }
}

/// A tag found without quick-xml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tag {
    kind: RawKind,
    length: usize,
    /// Whether the tag is only a plain ASCII name: no prefix and no attributes.
    plain: bool,
}

/// Finds a start tag, empty-element tag or end tag at the start of `unread` whose
/// name is made of plain ASCII names (a letter or `_`, then letters, digits, `_`, `-`
/// and `.`), at most two of them joined by a `:`. End tags must have no whitespace
/// before `>`. Any other tag, one the window cuts, and all other markup are left to
/// quick-xml.
///
/// Finding the end of a tag needs only its quoting, and reading tags here saves
/// quick-xml's UTF-8 check of each one, which the window has already made. The
/// handlers check the tag's name and attributes as they check quick-xml's tags.
fn simple_tag(unread: &[u8]) -> Option<Tag> {
    let (end_tag, name_start) = match unread {
        [b'<', b'/', ..] => (true, 2),
        [b'<', ..] => (false, 1),
        _ => return None,
    };
    let mut name_end = name_start + plain_ascii_name_length(unread.get(name_start..)?);
    if name_end == name_start {
        return None;
    }
    let prefixed = unread.get(name_end) == Some(&b':');
    if prefixed {
        let local_start = name_end + 1;
        name_end = local_start + plain_ascii_name_length(unread.get(local_start..)?);
        if name_end == local_start {
            return None;
        }
    }

    let (kind, length, attributes) = match unread.get(name_end..)? {
        [b'>', ..] if end_tag => (RawKind::End, name_end + 1, false),
        [b'>', ..] => (RawKind::Start, name_end + 1, false),
        [b'/', b'>', ..] if !end_tag => (RawKind::Empty, name_end + 2, false),
        [b' ' | b'\t' | b'\n' | b'\r', ..] if !end_tag => {
            let length = start_tag_length(unread, name_end)?;
            let kind = match unread.get(length.checked_sub(2)?) {
                Some(b'/') => RawKind::Empty,
                _ => RawKind::Start,
            };
            (kind, length, true)
        }
        _ => return None,
    };
    Some(Tag {
        kind,
        length,
        plain: !prefixed && !attributes,
    })
}

/// Returns the length of the start tag at the start of `tag`, up to and including
/// the first `>` outside quotes, looking from byte `from` on. Returns `None` when the
/// text ends first.
fn start_tag_length(tag: &[u8], from: usize) -> Option<usize> {
    let mut index = from;
    loop {
        let found = index + memchr::memchr3(b'>', b'"', b'\'', tag.get(index..)?)?;
        let quote = *tag.get(found)?;
        if quote == b'>' {
            return Some(found + 1);
        }
        let value_start = found + 1;
        index = value_start + memchr::memchr(quote, tag.get(value_start..)?)? + 1;
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

#[cfg(test)]
mod tests {
    use super::{simple_tag, RawKind, Tag};

    #[test]
    fn simple_tag_forms_and_fallbacks() {
        let tag = |kind, length, plain| {
            Some(Tag {
                kind,
                length,
                plain,
            })
        };
        let cases: [(&str, Option<Tag>); 27] = [
            ("<a>", tag(RawKind::Start, 3, true)),
            ("<HOST_ID>1</HOST_ID>", tag(RawKind::Start, 9, true)),
            ("<a-b.c_1>", tag(RawKind::Start, 9, true)),
            ("<a/>", tag(RawKind::Empty, 4, true)),
            ("</a>\n", tag(RawKind::End, 4, true)),
            ("<x:a>", tag(RawKind::Start, 5, false)),
            ("</x:a>", tag(RawKind::End, 6, false)),
            ("<a >", tag(RawKind::Start, 4, false)),
            ("<a />", tag(RawKind::Empty, 5, false)),
            ("<a b='c'>", tag(RawKind::Start, 9, false)),
            ("<a b=\"/>\" c='>'/><next/>", tag(RawKind::Empty, 17, false)),
            ("<a\n b=\"it's\">", tag(RawKind::Start, 13, false)),
            // Malformed tags whose end is still clear: the handler reports them.
            ("<a b c>", tag(RawKind::Start, 7, false)),
            ("<a/ >", None),
            ("</a >", None),
            ("<x:a:b>", None),
            ("<x:>", None),
            ("<\u{e9}>", None),
            ("<1a>", None),
            ("<>", None),
            ("</>", None),
            ("<!-- c -->", None),
            ("<?pi?>", None),
            // Cut by the end of the window: quick-xml decides whether more must be read.
            ("<a", None),
            ("<a/", None),
            ("<a b='>", None),
            ("<a b='c' ", None),
        ];
        for (unread, expected) in cases {
            assert_eq!(simple_tag(unread.as_bytes()), expected, "unread {unread:?}");
        }
    }
}
