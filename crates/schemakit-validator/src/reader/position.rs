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

    /// Moves the cursor over `bytes`.
    ///
    /// Columns advance at every byte that starts a UTF-8 sequence, so that invalid
    /// UTF-8 still moves the cursor forward.
    pub(super) fn advance(&mut self, bytes: &[u8]) {
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
