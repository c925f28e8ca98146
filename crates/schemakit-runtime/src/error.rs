//! The error every generated reader returns.

use std::fmt;

/// A document that does not match the generated types, located by line, column and
/// element path.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message} (at {path})")]
pub struct ReadError {
    /// One lower-case sentence that says what failed and on which value.
    pub message: String,
    /// 1-based line of the start of the markup or text that failed.
    pub line: u64,
    /// 1-based column in characters.
    pub column: u64,
    /// The element path, e.g. `/OPTION_PROFILES/OPTION_PROFILE/BASIC_INFO`; `/` before
    /// the root element.
    pub path: String,
}

/// A line and column in the document, both 1-based; columns count characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: u64,
    /// 1-based column in characters.
    pub column: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}
