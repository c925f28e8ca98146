//! The document's text as a window of UTF-8 that slides over the input.
//!
//! quick-xml reads the events of the document as slices of the window, so no event
//! is copied and UTF-8 is checked once per read instead of once per event. The window
//! contains the text from the first event not yet read to the end of the last read. It
//! stays about [`READ_BYTES`] long, and doubles only while one token is longer than
//! what it contains (up to the token limit the reader enforces).

use super::input::SourceInput;
use std::io::{self, BufRead, Read};

/// The minimum number of bytes one fill reads from the input, unless the input ends first.
pub(super) const READ_BYTES: usize = 64 * 1024;

/// The unread text of the document and the bytes read after it.
pub(super) struct Window<R> {
    source: SourceInput<R>,
    text: String,
    /// The offset in `text` of the first unread event.
    start: usize,
    /// Bytes read that `text` does not contain: an incomplete UTF-8 sequence at the end
    /// of a read or, when `invalid` is set, the bytes from the first one that is not
    /// UTF-8 on.
    pending: Vec<u8>,
    /// The buffer each fill reads into, allocated once.
    read_buffer: Vec<u8>,
    invalid: bool,
    /// Whether the input has no more bytes.
    eof: bool,
}

impl<R: BufRead> Window<R> {
    pub(super) fn new(source: SourceInput<R>) -> Self {
        Window {
            source,
            text: String::new(),
            start: 0,
            pending: Vec::new(),
            read_buffer: Vec::new(),
            invalid: false,
            eof: false,
        }
    }

    /// Returns the text that has been read but not consumed.
    pub(super) fn unread(&self) -> &str {
        self.text.get(self.start..).unwrap_or("")
    }

    /// Marks the first `count` bytes of the unread text as consumed.
    pub(super) fn consume(&mut self, count: usize) {
        self.start = self.start.saturating_add(count).min(self.text.len());
    }

    /// Returns whether a later fill may add text after the unread text.
    pub(super) fn may_grow(&self) -> bool {
        !self.eof && !self.invalid
    }

    /// Returns the bytes that follow the unread text when they are not UTF-8: the
    /// first of them is where the document stops being UTF-8.
    pub(super) fn invalid_bytes(&self) -> Option<&[u8]> {
        self.invalid.then_some(self.pending.as_slice())
    }

    /// Drops the consumed text and appends more of the input, as far as it is UTF-8:
    /// [`READ_BYTES`], or as many bytes as the unread text has when that is more. An
    /// event longer than the window is read again after each fill, and doubling the
    /// window each time keeps the bytes read again in proportion to the event's length.
    pub(super) fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.text.drain(..self.start);
            self.start = 0;
        }

        let wanted = READ_BYTES.max(self.text.len());
        let mut appended = 0;
        while appended < wanted && self.may_grow() {
            appended += self.read_once()?;
        }
        Ok(())
    }

    /// Reads up to [`READ_BYTES`] bytes of the input onto the text and returns how many
    /// were read.
    fn read_once(&mut self) -> io::Result<usize> {
        self.read_buffer.resize(READ_BYTES, 0);
        let mut filled = 0;
        while filled < READ_BYTES {
            let free = self.read_buffer.get_mut(filled..).unwrap_or_default();
            match self.source.read(free) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(count) => filled += count,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    self.append_read(filled);
                    return Err(error);
                }
            }
        }

        self.append_read(filled);
        Ok(filled)
    }

    /// Moves the first `count` bytes of the read buffer onto the text, as far as they
    /// are UTF-8. A sequence that the previous read split is finished first, so that
    /// each read is checked as UTF-8 once and not copied into `pending`.
    fn append_read(&mut self, count: usize) {
        let read_buffer = std::mem::take(&mut self.read_buffer);
        let mut read = read_buffer.get(..count).unwrap_or_default();

        while !self.pending.is_empty() && !self.invalid {
            let Some((byte, rest)) = read.split_first() else {
                break;
            };
            self.pending.push(*byte);
            read = rest;
            match std::str::from_utf8(&self.pending) {
                Ok(text) => {
                    self.text.push_str(text);
                    self.pending.clear();
                }
                Err(error) if error.error_len().is_some() => self.invalid = true,
                Err(_) => {}
            }
        }

        if self.invalid {
            self.pending.extend_from_slice(read);
        } else if self.pending.is_empty() {
            self.append_text(read);
        }
        if self.eof && !self.pending.is_empty() {
            self.invalid = true;
        }
        self.read_buffer = read_buffer;
    }

    /// Appends the UTF-8 at the start of `bytes` to the text. The bytes after it stay
    /// pending: an incomplete sequence that the next read may finish, or the bytes from
    /// the first one that is not UTF-8 on.
    fn append_text(&mut self, bytes: &[u8]) {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.text.push_str(text),
            Err(error) => {
                let (head, tail) = bytes.split_at(error.valid_up_to());
                if let Ok(text) = std::str::from_utf8(head) {
                    self.text.push_str(text);
                }
                self.invalid = error.error_len().is_some();
                self.pending.extend_from_slice(tail);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Window, READ_BYTES};
    use crate::reader::input::SourceInput;

    fn window(bytes: &[u8]) -> Window<&[u8]> {
        Window::new(SourceInput::stream(Vec::new(), 0, bytes))
    }

    #[test]
    fn window_reads_in_steps_and_drops_consumed_text() {
        let document = "x".repeat(READ_BYTES + 10);
        let mut window = window(document.as_bytes());

        window.fill().unwrap();
        assert_eq!(window.unread().len(), READ_BYTES);
        assert!(window.may_grow());

        window.consume(READ_BYTES - 5);
        window.fill().unwrap();
        assert_eq!(window.unread().len(), 15);
        assert!(!window.may_grow());
        assert_eq!(window.invalid_bytes(), None);
    }

    #[test]
    fn window_without_consumed_text_doubles() {
        let document = "x".repeat(5 * READ_BYTES);
        let mut window = window(document.as_bytes());

        window.fill().unwrap();
        assert_eq!(window.unread().len(), READ_BYTES);
        window.fill().unwrap();
        assert_eq!(window.unread().len(), 2 * READ_BYTES);
        window.fill().unwrap();
        assert_eq!(window.unread().len(), 4 * READ_BYTES);
        window.fill().unwrap();
        assert_eq!(window.unread().len(), 5 * READ_BYTES);
        assert!(!window.may_grow());
    }

    #[test]
    fn window_keeps_split_sequence_whole() {
        let mut document = "a".repeat(READ_BYTES - 1);
        document.push('\u{e9}');
        let mut window = window(document.as_bytes());

        window.fill().unwrap();
        assert_eq!(window.unread().len(), READ_BYTES - 1);
        window.fill().unwrap();
        assert!(window.unread().ends_with('\u{e9}'));
        assert_eq!(window.invalid_bytes(), None);
    }

    #[test]
    fn window_finishes_sequences_split_at_every_byte() {
        for character in ['\u{e9}', '\u{20ac}', '\u{10348}'] {
            for before_end in 1..character.len_utf8() {
                let mut document = "a".repeat(READ_BYTES - before_end);
                document.push(character);
                document.push_str("bc");
                let mut window = window(document.as_bytes());

                window.fill().unwrap();
                window.fill().unwrap();
                assert_eq!(window.unread(), document, "{character:?}, {before_end}");
                assert_eq!(window.invalid_bytes(), None);
            }
        }
    }

    #[test]
    fn window_rejects_split_sequence_without_continuation() {
        let mut document = "a".repeat(READ_BYTES - 1).into_bytes();
        document.extend_from_slice(b"\xe2xyz");
        let mut window = window(&document);

        window.fill().unwrap();
        window.fill().unwrap();
        assert_eq!(window.unread().len(), READ_BYTES - 1);
        assert!(!window.may_grow());
        assert_eq!(window.invalid_bytes(), Some(b"\xe2xyz".as_slice()));
    }

    #[test]
    fn window_text_stops_at_invalid_bytes() {
        let mut window = window(b"<a>caf\xff</a>");
        window.fill().unwrap();
        assert_eq!(window.unread(), "<a>caf");
        assert!(!window.may_grow());
        assert_eq!(window.invalid_bytes(), Some(b"\xff</a>".as_slice()));
    }

    #[test]
    fn window_marks_truncated_final_sequence_invalid() {
        let mut window = window(b"<a>\xc3");
        window.fill().unwrap();
        window.fill().unwrap();
        assert_eq!(window.unread(), "<a>");
        assert_eq!(window.invalid_bytes(), Some(b"\xc3".as_slice()));
    }
}
