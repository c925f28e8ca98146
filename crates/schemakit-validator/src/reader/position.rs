//! Line and column tracking over the bytes the reader consumes.

use schemakit_model::Position;

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

    /// Returns a tracker at `position`, which does not follow a `\r`.
    pub(super) fn at(position: Position) -> Self {
        LineTracker {
            position,
            after_cr: false,
        }
    }

    /// Returns whether the last byte moved over was a `\r`.
    pub(super) fn after_carriage_return(&self) -> bool {
        self.after_cr
    }

    /// Moves the cursor over `bytes`.
    ///
    /// Columns advance at every byte that starts a UTF-8 sequence, so that invalid
    /// UTF-8 still moves the cursor forward. The bytes are read eight at a time as a
    /// `u64`, and bit operations count the line feeds and characters of each word.
    /// Only words with a `\r` and the last bytes of a run go byte by byte.
    pub(super) fn advance(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(WORD_BYTES);
        for chunk in &mut words {
            match <[u8; WORD_BYTES]>::try_from(chunk) {
                Ok(array) if !has_byte(u64::from_le_bytes(array), b'\r') => {
                    self.advance_word(u64::from_le_bytes(array));
                }
                _ => self.advance_bytewise(chunk),
            }
        }
        self.advance_bytewise(words.remainder());
    }

    /// Moves the cursor over the eight bytes of `word`, which contains no `\r`.
    fn advance_word(&mut self, word: u64) {
        let characters = !(word & !(word << 1)) & repeated(0x80);
        self.position.offset = self.position.offset.saturating_add(WORD_BYTES);

        let line_feeds = zero_bytes(word ^ repeated(b'\n'));
        if line_feeds == 0 {
            self.position.column = self.position.column.saturating_add(characters.count_ones());
            self.after_cr = false;
            return;
        }

        let mut new_lines = line_feeds.count_ones();
        if self.after_cr && word & 0xFF == u64::from(b'\n') {
            // The `\n` of a `\r\n` split between two reads ends no second line.
            new_lines -= 1;
        }
        // The column restarts after the last line feed, whose high bit is bit
        // `last_line_feed`, so only the characters in the bytes above it count.
        let last_line_feed = 63 - line_feeds.leading_zeros();
        let after_last = u64::MAX.checked_shl(last_line_feed + 1).unwrap_or(0);
        self.position.line = self.position.line.saturating_add(new_lines);
        self.position.column = 1 + (characters & after_last).count_ones();
        self.after_cr = false;
    }

    /// Moves the cursor over `bytes` one byte at a time.
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

/// The bytes [`LineTracker::advance`] reads at a time.
const WORD_BYTES: usize = 8;

/// Returns a `u64` with every byte set to `byte`.
const fn repeated(byte: u8) -> u64 {
    u64::from_le_bytes([byte; WORD_BYTES])
}

/// Returns whether some byte of `word` equals `byte`: the bytes of `word ^
/// repeated(byte)` that are zero are those, and subtracting 1 from every byte sets
/// the high bit of the lowest such byte (the usual has-zero-byte test).
fn has_byte(word: u64, byte: u8) -> bool {
    let matched = word ^ repeated(byte);
    matched.wrapping_sub(repeated(0x01)) & !matched & repeated(0x80) != 0
}

/// Returns a mask with the high bit set in exactly the bytes of `word` that are
/// zero. Adding 0x7F to the low seven bits of a byte sets its high bit unless they
/// are all zero, and no carry crosses into the next byte.
fn zero_bytes(word: u64) -> u64 {
    let low_bits = (word & repeated(0x7F)).wrapping_add(repeated(0x7F));
    !(low_bits | word) & repeated(0x80)
}

#[cfg(test)]
mod tests {
    use super::LineTracker;

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
            &["\u{20ac}\u{20ac}\u{20ac}ab\u{10348}\u{e9}\n\u{20ac}xyz\u{10348}".as_bytes()],
            &[b"1234567\r", b"\n2345678", b"\r\n"],
        ];
        let padding = "x".repeat(64);
        for chunks in cases {
            let (fast, bytewise) = both_ways(chunks);
            assert_eq!(fast, bytewise, "chunks {chunks:?}");

            // The same chunks with line ends in the middle of a longer run.
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
    fn fast_path_matches_bytewise_at_every_split() {
        let text = "a\nbc\r\nd\u{e9}\n\n  efgh\rij\u{20ac}k\nlmnopqrstu\r".as_bytes();
        for split in 0..=text.len() {
            let (head, tail) = text.split_at(split);
            for end in 0..=tail.len() {
                let (fast, bytewise) = both_ways(&[head, &tail[..end]]);
                assert_eq!(fast, bytewise, "split {split}, end {end}");
            }
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
