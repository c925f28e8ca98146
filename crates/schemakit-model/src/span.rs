//! Source locations of declarations.

use serde::Serialize;
use std::path::PathBuf;

/// A point in a source text: byte offset, and 1-based line and column.
///
/// Columns count characters (Unicode scalar values), as rustc does, not bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub offset: usize,
    pub line: u32,
    pub column: u32,
}

impl Position {
    /// The first character of a text.
    pub const START: Position = Position {
        offset: 0,
        line: 1,
        column: 1,
    };

    /// Returns the position after `text`, which starts at `self`.
    ///
    /// A line ends at `\n`, at `\r\n` and at a lone `\r`, as XML end-of-line handling (XML 1.0 section 2.11) requires.
    pub fn advance(self, text: &str) -> Position {
        let mut position = self;
        let mut previous_was_cr = false;
        for ch in text.chars() {
            position.offset += ch.len_utf8();
            match ch {
                '\n' if previous_was_cr => {}
                '\n' | '\r' => {
                    position.line += 1;
                    position.column = 1;
                }
                _ => position.column += 1,
            }
            previous_was_cr = ch == '\r';
        }
        position
    }
}

/// Index of a [`SourceFile`] in its [`crate::Schema`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SourceId(pub u32);

/// The extent of a declaration in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub source: SourceId,
    pub start: Position,
    pub end: Position,
}

/// A file that contributed declarations: an external subset, an external parameter
/// entity, or a document whose internal subset declared something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceFile {
    /// The file's name in messages: a path relative to the working directory
    /// where possible, otherwise the system identifier.
    pub name: String,
    /// The local file the text was read from, when it came from a file.
    pub path: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_counts_characters_and_line_ends() {
        let end = Position::START.advance("ab\r\ncé\rx\ny");
        assert_eq!(end.line, 4);
        assert_eq!(end.column, 2);
        assert_eq!(end.offset, "ab\r\ncé\rx\ny".len());
    }
}
