//! The document's text as a window of UTF-8 that slides over the input.
//!
//! quick-xml reads the events of the document as slices of the window, so no event
//! is copied and UTF-8 is checked once per read instead of once per event. The window
//! contains the text from the first event not yet read to the end of the last read. It
//! stays about [`READ_BYTES`] long, and doubles only while one token is longer than
//! what it contains (up to the token limit the reader enforces).

use super::input::SourceInput;
use std::io::{self, BufRead, Read};

/// The fewest bytes one fill reads from the input, unless the input ends first.
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

    /// Moves the first `count` bytes of the read buffer, after the pending bytes, onto
    /// the text as far as they are UTF-8.
    fn append_read(&mut self, count: usize) {
        let read = self.read_buffer.get(..count).unwrap_or_default();
        if self.pending.is_empty() {
            if let Ok(text) = std::str::from_utf8(read) {
                self.text.push_str(text);
                return;
            }
        }
        self.pending.extend_from_slice(read);
        self.append_pending();
    }

    /// Moves the UTF-8 at the start of `pending` onto the text. An incomplete sequence
    /// at the end stays pending until the next read, unless the input has ended.
    fn append_pending(&mut self) {
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(text) => {
                self.text.push_str(text);
                self.pending.clear();
                return;
            }
            Err(error) => {
                if error.error_len().is_some() || self.eof {
                    self.invalid = true;
                }
                error.valid_up_to()
            }
        };

        let head = self.pending.get(..valid).unwrap_or_default();
        if let Ok(text) = std::str::from_utf8(head) {
            self.text.push_str(text);
        }
        self.pending.drain(..valid);
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
    fn reads_in_steps_and_drops_consumed_text() {
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
    fn a_window_without_consumed_text_doubles() {
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
    fn a_sequence_split_between_reads_is_kept_whole() {
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
    fn invalid_bytes_stop_the_text() {
        let mut window = window(b"<a>caf\xff</a>");
        window.fill().unwrap();
        assert_eq!(window.unread(), "<a>caf");
        assert!(!window.may_grow());
        assert_eq!(window.invalid_bytes(), Some(b"\xff</a>".as_slice()));
    }

    #[test]
    fn a_truncated_sequence_at_the_end_is_invalid() {
        let mut window = window(b"<a>\xc3");
        window.fill().unwrap();
        window.fill().unwrap();
        assert_eq!(window.unread(), "<a>");
        assert_eq!(window.invalid_bytes(), Some(b"\xc3".as_slice()));
    }
}
