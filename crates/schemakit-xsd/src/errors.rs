//! Collection of located diagnostics while a schema loads.

use schemakit_model::{Code, Diagnostic, DiagnosticKind, Position};

/// Byte offsets of line starts in one text, to turn offsets into line and column.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`; a line ends at `\n`, `\r\n` or a lone `\r`, as in XML.
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut index = 0;
        while let Some(&byte) = bytes.get(index) {
            index += 1;
            match byte {
                b'\n' => starts.push(index),
                b'\r' if bytes.get(index) != Some(&b'\n') => starts.push(index),
                _ => {}
            }
        }
        LineIndex { starts }
    }

    /// Returns the position of byte `offset` in `text`, with the column in characters.
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.starts.partition_point(|start| *start <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text
            .get(start..offset)
            .map(|prefix| prefix.chars().count())
            .unwrap_or(0);
        Position {
            offset,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }
}

/// The diagnostics of one load, errors and warnings in the order found.
#[derive(Debug, Default)]
pub(crate) struct Reporter {
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The included or imported schemas that could not be read, which may hold the
    /// components that a reference then misses.
    pub(crate) unread: Vec<UnreadSchema>,
}

/// An `xs:include` or `xs:import` whose `schemaLocation` could not be read.
#[derive(Debug, Clone)]
pub(crate) struct UnreadSchema {
    /// The `schemaLocation` as written.
    pub(crate) location: String,
    /// The namespace its components would be in.
    pub(crate) namespace: Option<String>,
    /// The file and position of the `xs:include` or `xs:import`, to list unread
    /// schemas in document order.
    pub(crate) file: String,
    pub(crate) position: Position,
}

impl Reporter {
    /// Records an error of the schema itself.
    pub(crate) fn schema_error(
        &mut self,
        code: Code,
        message: String,
        file: &str,
        position: Position,
    ) {
        let diagnostic =
            Diagnostic::error(DiagnosticKind::Schema, code, message).at(Some(file), position);
        self.diagnostics.push(diagnostic);
    }

    /// Records a file that could not be read but that the schema may do without.
    pub(crate) fn resource_warning(
        &mut self,
        code: Code,
        message: String,
        file: &str,
        position: Position,
    ) {
        let diagnostic =
            Diagnostic::warning(DiagnosticKind::Resource, code, message).at(Some(file), position);
        self.diagnostics.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_matches_position_advance() {
        let text = "ab\r\ncé\rx\nyz";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            // The `\n` of a `\r\n` pair is not the start of anything a message points at.
            if text[..offset].ends_with('\r') {
                continue;
            }
            let expected = Position::START.advance(&text[..offset]);
            assert_eq!(index.position(text, offset), expected, "offset {offset}");
        }
    }
}
