//! The error type of the nom parsers and the helpers that fill it in.

use nom::error::{ContextError, ErrorKind, ParseError};
use nom::IResult;

/// The result type of every production parser.
pub(crate) type PResult<'a, O> = IResult<&'a str, O, SyntaxError<'a>>;

/// A syntax error found by a production parser: where it was found, what was
/// expected there and which construct was being read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError<'a> {
    /// The input that remained when the error was found. Its length gives the
    /// offset of the error in the text that was parsed.
    pub(crate) input: &'a str,
    /// What the grammar allowed at that point, e.g. "`>`" or "a name".
    pub(crate) expected: Vec<&'static str>,
    /// A sentence that replaces "expected ..." for well-formedness constraints that
    /// are more than a missing token, e.g. a reference to a forbidden character.
    pub(crate) message: Option<String>,
    /// The construct being parsed, e.g. "element type declaration".
    pub(crate) context: Option<&'static str>,
    /// Whether a safety limit, not the grammar, stopped parsing.
    pub(crate) limit: bool,
}

impl<'a> SyntaxError<'a> {
    pub(crate) fn expected(input: &'a str, expected: &'static str) -> Self {
        SyntaxError {
            input,
            expected: vec![expected],
            message: None,
            context: None,
            limit: false,
        }
    }

    pub(crate) fn message(input: &'a str, message: impl Into<String>) -> Self {
        SyntaxError {
            input,
            expected: Vec::new(),
            message: Some(message.into()),
            context: None,
            limit: false,
        }
    }

    /// Describes what was found at the error: the next name or character, or the
    /// end of the text.
    pub(crate) fn found(&self) -> String {
        describe_found(self.input)
    }
}

/// Describes the start of `input` for a "found ..." clause.
pub(crate) fn describe_found(input: &str) -> String {
    // A keyword such as `#BOGUS` is shown whole, with its `#`.
    let (hash, rest) = match input.strip_prefix('#') {
        Some(rest) => ("#", rest),
        None => ("", input),
    };
    let word: String = rest
        .chars()
        .take_while(|ch| schemakit_model::chars::is_name_char(*ch))
        .take(24)
        .collect();
    if !word.is_empty() {
        return format!("`{hash}{word}`");
    }
    match input.chars().next() {
        None => "the end of the text".to_owned(),
        Some(' ') => "a space".to_owned(),
        Some('\t') => "a tab".to_owned(),
        Some('\n' | '\r') => "a line end".to_owned(),
        Some(ch) if ch.is_control() => format!("character U+{:04X}", u32::from(ch)),
        Some(ch) => format!("`{ch}`"),
    }
}

/// Joins alternatives as "a, b or c".
pub(crate) fn join_alternatives(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl<'a> ParseError<&'a str> for SyntaxError<'a> {
    fn from_error_kind(input: &'a str, kind: ErrorKind) -> Self {
        let expected = match kind {
            ErrorKind::Eof => "the end of the declaration",
            ErrorKind::MultiSpace | ErrorKind::Space => "whitespace",
            ErrorKind::Digit => "a decimal digit",
            ErrorKind::HexDigit => "a hexadecimal digit",
            _ => "valid syntax",
        };
        SyntaxError::expected(input, expected)
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    /// Keeps the error that got further; at the same place, merges what each branch
    /// expected.
    fn or(self, other: Self) -> Self {
        if self.input.len() < other.input.len() {
            return self;
        }
        if other.input.len() < self.input.len() || other.message.is_some() {
            return other;
        }
        let mut merged = other;
        for item in self.expected {
            if !merged.expected.contains(&item) {
                merged.expected.push(item);
            }
        }
        merged
    }
}

impl<'a> ContextError<&'a str> for SyntaxError<'a> {
    fn add_context(_input: &'a str, context: &'static str, mut other: Self) -> Self {
        if other.context.is_none() {
            other.context = Some(context);
        }
        other
    }
}

/// Runs `parser`; when it fails without consuming anything, reports `what` as the
/// thing expected at `input`. A failure further in keeps its own, more precise error.
pub(crate) fn expect<'a, O>(
    what: &'static str,
    mut parser: impl FnMut(&'a str) -> PResult<'a, O>,
) -> impl FnMut(&'a str) -> PResult<'a, O> {
    move |input: &'a str| match parser(input) {
        Err(nom::Err::Error(error)) if error.input.len() >= input.len() => {
            Err(nom::Err::Error(SyntaxError::expected(input, what)))
        }
        other => other,
    }
}

/// Fails with `message` at `input`, without backtracking.
pub(crate) fn failure<'a, O>(input: &'a str, message: impl Into<String>) -> PResult<'a, O> {
    Err(nom::Err::Failure(SyntaxError::message(input, message)))
}

/// Turns a recoverable error into a failure, so that alternatives are not tried.
pub(crate) fn cut_error(error: nom::Err<SyntaxError<'_>>) -> nom::Err<SyntaxError<'_>> {
    match error {
        nom::Err::Error(error) => nom::Err::Failure(error),
        other => other,
    }
}

/// Turns a parser's result into the whole-input value or a readable error, for the
/// production tables in unit tests.
#[cfg(test)]
pub(crate) fn parse_whole<'a, T>(
    result: Result<(&'a str, T), nom::Err<SyntaxError<'a>>>,
) -> Result<T, String> {
    match result {
        Ok(("", value)) => Ok(value),
        Ok((rest, _)) => Err(format!("left over: {rest:?}")),
        Err(nom::Err::Error(error) | nom::Err::Failure(error)) => Err(format!(
            "{} at {:?}",
            error
                .message
                .unwrap_or_else(|| format!("expected {}", error.expected.join(" or "))),
            error.input
        )),
        Err(nom::Err::Incomplete(_)) => Err("incomplete".to_owned()),
    }
}
