//! Line and column tracking over the bytes the reader consumes.

use schemakit_model::Position;

/// Below this many bytes, [`LineTracker::advance`] scans byte by byte. The value is
/// an estimate: most tags are shorter, and for them the memchr calls cost more than
/// the loop in a profile of `schemakit validate` on the `cargo xtask bench` document.
const SHORT_RUN_BYTES: usize = 64;

/// A cursor over a byte stream that tracks the line and column of the next byte.
///
/// Lines end at `\n`, at `\r\n` and at a lone `\r` (XML 1.0 section 2.11), and
/// columns count characters, as [`Position::advance`] does. The tracker keeps no
/// text: it remembers only whether the last byte was a `\r`, so that a `\r\n`
/// split between two reads still counts as one line end.
#[derive(Clone, Copy, Debug)]
pub(super) struct LineTracker {
    position: Position,
    after_cr: bool,
}

impl LineTracker {
    pub(super) fn new() -> Self {
        LineTracker {
            position: Position::START,
            after_cr: false,
        }
    }

    /// Returns the position of the next byte.
    pub(super) fn position(&self) -> Position {
        self.position
    }

    /// Moves the cursor over `bytes`.
    ///
    /// Columns advance at every byte that starts a UTF-8 sequence, so that invalid
    /// UTF-8 still moves the cursor forward. Long runs of bytes without `\r` take a
    /// fast path that counts `\n` with memchr and characters only after the last line
    /// end. Short runs, the usual tags, are cheaper to scan byte by byte than to hand
    /// to memchr.
    pub(super) fn advance(&mut self, bytes: &[u8]) {
        if bytes.len() < SHORT_RUN_BYTES || memchr::memchr(b'\r', bytes).is_some() {
            self.advance_bytewise(bytes);
            return;
        }

        let Some(last_newline) = memchr::memrchr(b'\n', bytes) else {
            let added = count_chars(bytes);
            self.position.column = self.position.column.saturating_add(added);
            self.after_cr = self.after_cr && bytes.is_empty();
            self.position.offset = self.position.offset.saturating_add(bytes.len());
            return;
        };

        let mut newlines = memchr::memchr_iter(b'\n', bytes).count();
        if self.after_cr && bytes.first() == Some(&b'\n') {
            // The `\n` of a `\r\n` split between two reads ends no second line.
            newlines -= 1;
        }
        let tail = bytes.get(last_newline + 1..).unwrap_or(&[]);
        self.position.line = self.position.line.saturating_add(to_u32(newlines));
        // After a `\r`, the column is already 1.
        self.position.column = 1_u32.saturating_add(count_chars(tail));
        self.position.offset = self.position.offset.saturating_add(bytes.len());
        self.after_cr = false;
    }

    /// Moves the cursor over `bytes` one byte at a time, for text with `\r`.
    fn advance_bytewise(&mut self, bytes: &[u8]) {
        let mut line = self.position.line;
        let mut column = self.position.column;
        let mut after_cr = self.after_cr;

        for &byte in bytes {
            match byte {
                b'\n' => {
                    if !after_cr {
                        line = line.saturating_add(1);
                        column = 1;
                    }
                    after_cr = false;
                }
                b'\r' => {
                    line = line.saturating_add(1);
                    column = 1;
                    after_cr = true;
                }
                _ => {
                    if byte & 0xC0 != 0x80 {
                        column = column.saturating_add(1);
                    }
                    after_cr = false;
                }
            }
        }

        self.position.line = line;
        self.position.column = column;
        self.position.offset = self.position.offset.saturating_add(bytes.len());
        self.after_cr = after_cr;
    }

    /// Moves the byte offset without counting a column, for a byte order mark.
    pub(super) fn skip_bytes(&mut self, count: usize) {
        self.position.offset = self.position.offset.saturating_add(count);
    }

    /// Returns the position of `bytes[index]`, where `bytes` starts at this tracker.
    ///
    /// An index past the end gives the position after the last byte.
    pub(super) fn position_at(&self, bytes: &[u8], index: usize) -> Position {
        let mut tracker = *self;
        tracker.advance(bytes.get(..index).unwrap_or(bytes));
        tracker.position()
    }
}

/// Counts the bytes that start a UTF-8 sequence (every byte but `10xxxxxx`), which
/// is the number of characters in valid UTF-8.
fn count_chars(bytes: &[u8]) -> u32 {
    to_u32(bytes.iter().filter(|&&byte| byte & 0xC0 != 0x80).count())
}

fn to_u32(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::{LineTracker, SHORT_RUN_BYTES};

    /// Advances one tracker over `chunks` with `advance` and another byte by byte, and
    /// returns both positions.
    fn both_ways(chunks: &[&[u8]]) -> (schemakit_model::Position, schemakit_model::Position) {
        let mut fast = LineTracker::new();
        let mut bytewise = LineTracker::new();
        for chunk in chunks {
            fast.advance(chunk);
            bytewise.advance_bytewise(chunk);
        }
        (fast.position(), bytewise.position())
    }

    #[test]
    fn fast_path_matches_bytewise() {
        let cases: &[&[&[u8]]] = &[
            &[b""],
            &[b"abc"],
            &[b"ab\ncd"],
            &[b"ab\n"],
            &[b"\n\n\nx"],
            &["caf\u{e9}\nna\u{ef}ve".as_bytes()],
            &[b"a\r\nb"],
            &[b"a\r", b"\nb"],
            &[b"a\r", b"\n"],
            &[b"a\r", b"b\nc"],
            &[b"a\r", b""],
            &[b"a\r", b"", b"\nb"],
            &[b"\xff\xfe\n\x80x"],
            &[b"x\ry", b"\n\n"],
        ];
        let padding = "x".repeat(SHORT_RUN_BYTES);
        for chunks in cases {
            let (fast, bytewise) = both_ways(chunks);
            assert_eq!(fast, bytewise, "chunks {chunks:?}");

            // The same chunks made long enough for the memchr path.
            let long: Vec<Vec<u8>> = chunks
                .iter()
                .map(|chunk| [chunk, padding.as_bytes(), chunk].concat())
                .collect();
            let long: Vec<&[u8]> = long.iter().map(Vec::as_slice).collect();
            let (fast, bytewise) = both_ways(&long);
            assert_eq!(fast, bytewise, "long chunks {long:?}");
        }
    }

    #[test]
    fn advance_counts_lines_and_columns() {
        let mut tracker = LineTracker::new();
        tracker.advance("<a>\n  <b>\u{e9}".as_bytes());
        let position = tracker.position();
        assert_eq!(position.line, 2);
        assert_eq!(position.column, 7);
        assert_eq!(position.offset, 11);
    }
}
