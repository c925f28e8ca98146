//! Turning byte offsets in a source text into line and column positions.

use schemakit_model::Position;

/// The start offset of every line of one text, so that an offset becomes a
/// [`Position`] in time proportional to the length of its line.
#[derive(Clone, Debug)]
pub(crate) struct LineIndex {
    /// The position of the first character of the text in its file.
    start: Position,
    /// Byte offsets where lines after the first begin. `\n`, `\r\n` and a lone `\r`
    /// each end a line, as XML end-of-line handling says.
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str, start: Position) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::new();

        for (index, byte) in bytes.iter().enumerate() {
            match byte {
                b'\n' => line_starts.push(index + 1),
                b'\r' if bytes.get(index + 1) != Some(&b'\n') => line_starts.push(index + 1),
                _ => {}
            }
        }

        LineIndex { start, line_starts }
    }

    /// Returns the position of byte `offset` of `text`, the text this index was built
    /// from. An offset past the end or inside a character moves back to the nearest
    /// character boundary.
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }

        let line = self.line_starts.partition_point(|start| *start <= offset);
        let line_start = if line == 0 {
            0
        } else {
            self.line_starts.get(line - 1).copied().unwrap_or(0)
        };
        let columns = text
            .get(line_start..offset)
            .map_or(0, |prefix| prefix.chars().count());
        let columns = u32::try_from(columns).unwrap_or(u32::MAX);

        let column = if line == 0 {
            self.start.column.saturating_add(columns)
        } else {
            columns.saturating_add(1)
        };
        Position {
            offset: self.start.offset + offset,
            line: self
                .start
                .line
                .saturating_add(u32::try_from(line).unwrap_or(u32::MAX)),
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_agree_with_advance() {
        let text = "ab\r\ncé\rx\ny\n\nz";
        let start = Position {
            offset: 10,
            line: 3,
            column: 5,
        };
        let index = LineIndex::new(text, start);
        for (offset, ch) in text.char_indices() {
            // The `\n` of a `\r\n` pair belongs to the line the `\r` ended.
            if ch == '\n' && text[..offset].ends_with('\r') {
                continue;
            }
            let expected = start.advance(&text[..offset]);
            assert_eq!(index.position(text, offset), expected, "offset {offset}");
        }
        assert_eq!(index.position(text, text.len()), start.advance(text));
    }

    #[test]
    fn offset_inside_character_moves_back() {
        let text = "é";
        let index = LineIndex::new(text, Position::START);
        assert_eq!(index.position(text, 1).column, 1);
    }
}
