//! Positions in one window of text from a single scan for its line feeds.
//!
//! Advancing a [`LineTracker`] over every event costs a pass over each event's bytes
//! in short pieces. For a window without `\r`, one scan for line feeds gives every
//! line start, and the position of an event follows from the number of line feeds
//! before it and the characters since the last one. The events of a window are
//! located in order, so a cursor moves through the line feeds once.

use super::position::LineTracker;
use schemakit_model::Position;

/// The line starts of one window, and a cursor at the last position asked for.
#[derive(Debug, Default)]
pub(super) struct LineIndex {
    /// The position of the text's first byte.
    start: Position,
    /// The offsets in the text of its line feeds.
    line_feeds: Vec<usize>,
    /// How many line feeds lie before `cursor`.
    passed: usize,
    /// The offset in the text of the next line feed not yet passed, or `usize::MAX`.
    next_line_feed: usize,
    /// The offset in the text where the line of the cursor starts, and the column
    /// there: 1, or the column of the window's start while no line feed was passed.
    line_start: usize,
    line_start_column: u32,
    /// The offset in the text of the last position asked for, and its column.
    cursor: usize,
    column: u32,
    ascii: bool,
}

impl LineIndex {
    /// Indexes `text`, which starts at `start`. Returns `false`, and leaves the index
    /// unusable, when the text has a `\r` or follows one: a tracker must then be
    /// moved over each event, because `\r\n` and a lone `\r` end lines too.
    pub(super) fn index(&mut self, text: &[u8], start: &LineTracker) -> bool {
        self.line_feeds.clear();
        if start.after_carriage_return() || memchr::memchr(b'\r', text).is_some() {
            return false;
        }

        self.line_feeds.extend(memchr::memchr_iter(b'\n', text));
        self.start = start.position();
        self.passed = 0;
        self.next_line_feed = self.line_feeds.first().copied().unwrap_or(usize::MAX);
        self.line_start = 0;
        self.line_start_column = self.start.column;
        self.cursor = 0;
        self.column = self.start.column;
        self.ascii = text.is_ascii();
        true
    }

    /// Returns a tracker at byte `offset` of `text`, the text given to [`Self::index`].
    /// Offsets must not decrease between calls.
    pub(super) fn tracker_at(&mut self, text: &[u8], offset: usize) -> LineTracker {
        if self.ascii {
            return self.ascii_tracker_at(offset);
        }

        let mut line_start = None;
        while let Some(&line_feed) = self.line_feeds.get(self.passed) {
            if line_feed >= offset {
                break;
            }
            self.passed += 1;
            line_start = Some(line_feed + 1);
        }
        if let Some(line_start) = line_start {
            self.cursor = line_start;
            self.column = 1;
        }

        let since_cursor = text.get(self.cursor..offset).unwrap_or_default();
        let characters = since_cursor
            .iter()
            .filter(|&&byte| byte & 0xC0 != 0x80)
            .count();
        self.column = self
            .column
            .saturating_add(u32::try_from(characters).unwrap_or(u32::MAX));
        self.cursor = offset;
        self.tracker(offset, self.column)
    }

    /// Returns a tracker at byte `offset` of an ASCII text, where the column follows
    /// from the distance to the line's start.
    fn ascii_tracker_at(&mut self, offset: usize) -> LineTracker {
        while self.next_line_feed < offset {
            self.line_start = self.next_line_feed + 1;
            self.line_start_column = 1;
            self.passed += 1;
            self.next_line_feed = self
                .line_feeds
                .get(self.passed)
                .copied()
                .unwrap_or(usize::MAX);
        }

        let characters = u32::try_from(offset.saturating_sub(self.line_start)).unwrap_or(u32::MAX);
        self.tracker(offset, self.line_start_column.saturating_add(characters))
    }

    /// Returns a tracker at byte `offset` of the text, in column `column` of the line
    /// after the line feeds passed.
    fn tracker(&self, offset: usize, column: u32) -> LineTracker {
        let lines = u32::try_from(self.passed).unwrap_or(u32::MAX);
        LineTracker::at(Position {
            offset: self.start.offset.saturating_add(offset),
            line: self.start.line.saturating_add(lines),
            column,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;
    use crate::reader::position::LineTracker;

    /// Compares the index with a tracker moved over the text, at every offset.
    fn agrees_with_tracker(text: &str, start: LineTracker) {
        let mut index = LineIndex::default();
        assert!(index.index(text.as_bytes(), &start));
        for offset in (0..=text.len()).filter(|&offset| text.is_char_boundary(offset)) {
            let mut tracker = start;
            tracker.advance(&text.as_bytes()[..offset]);
            assert_eq!(
                index.tracker_at(text.as_bytes(), offset).position(),
                tracker.position(),
                "offset {offset} of {text:?}"
            );
        }
    }

    #[test]
    fn positions_match_a_moved_tracker() {
        let mut later = LineTracker::new();
        later.advance(b"<a>\n  <b>");
        for text in [
            "",
            "<a>\n  <b>x</b>\n</a>\n",
            "\n\n\nx",
            "caf\u{e9}\n  na\u{ef}ve \u{20ac}\u{10348}\n<e/>",
            "no line feed at all",
        ] {
            agrees_with_tracker(text, LineTracker::new());
            agrees_with_tracker(text, later);
        }
    }

    #[test]
    fn carriage_returns_need_the_tracker() {
        let mut index = LineIndex::default();
        assert!(!index.index(b"a\r\nb", &LineTracker::new()));

        let mut after_cr = LineTracker::new();
        after_cr.advance(b"a\r");
        assert!(!index.index(b"\nb", &after_cr));
    }
}
