//! The document type declaration: production [28] without its internal subset.

use crate::lexical::{external_id, name, opt_s, s};
use crate::parse_error::{describe_found, join_alternatives, SyntaxError};
use schemakit_model::{Code, Diagnostic, DiagnosticKind, ExternalId, Position};
use std::ops::Range;

/// The parts of a `<!DOCTYPE ...>` declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoctypeDecl {
    pub name: String,
    /// The external subset's identifier. Its `base` is `None`: the caller knows the
    /// document's location and sets it.
    pub external_id: Option<ExternalId>,
    /// Byte range of the internal subset (between `[` and `]`) in the text given to
    /// [`parse_doctype`], and the position where it starts.
    pub internal_subset: Option<(Range<usize>, Position)>,
}

/// Parses the text of a document type declaration,
/// `[28] doctypedecl ::= '<!DOCTYPE' S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>'`.
///
/// `text` is what quick-xml 0.42 reports as the content of `Event::DocType`:
/// everything after `<!DOCTYPE` and the whitespace that follows it, up to but not
/// including the closing `>`. So it starts with the root element name. quick-xml
/// matches the keyword `DOCTYPE` without regard to case, so the caller must check
/// that it was written in upper case. `start` is the position of the first
/// character of `text` in the document, and `file` names the document in the
/// diagnostic returned when the declaration is malformed.
pub fn parse_doctype(text: &str, start: Position, file: &str) -> Result<DoctypeDecl, Diagnostic> {
    let located = |rest: &str, error: SyntaxError<'_>| {
        let offset = text.len().saturating_sub(rest.len());
        let position = start.advance(text.get(..offset).unwrap_or(""));
        let found = describe_found(rest);
        let message = match &error.message {
            Some(message) => format!("invalid document type declaration: {message}"),
            None => format!(
                "invalid document type declaration: expected {}, found {found}",
                join_alternatives(&error.expected)
            ),
        };
        Diagnostic::error(DiagnosticKind::Syntax, Code::DtdSyntax, message)
            .at(Some(file), position)
            .with_expected(join_alternatives(&error.expected))
            .with_found(found)
    };
    let fail = |error: nom::Err<SyntaxError<'_>>| match error {
        nom::Err::Error(error) | nom::Err::Failure(error) => located(error.input, error),
        nom::Err::Incomplete(_) => located("", SyntaxError::expected("", "more input")),
    };

    let (rest, root) = name(text)
        .map_err(|_| located(text, SyntaxError::expected(text, "the root element name")))?;

    let mut external = None;
    let mut rest = rest;
    if let Ok((after_space, _)) = s(rest) {
        if after_space.starts_with("SYSTEM") || after_space.starts_with("PUBLIC") {
            let (after, id) = external_id(after_space).map_err(fail)?;
            external = Some(ExternalId {
                public_id: id.public_id.map(|public| {
                    public
                        .split_ascii_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                }),
                system_id: id.system_id.unwrap_or("").to_owned(),
                base: None,
            });
            rest = after;
        }
    }

    let (rest, _) = opt_s(rest).map_err(fail)?;
    let mut internal_subset = None;
    if let Some(subset) = rest.strip_prefix('[') {
        let subset_start = text.len() - subset.len();
        let Some(close) = text.rfind(']').filter(|close| *close >= subset_start) else {
            return Err(located(
                "",
                SyntaxError::expected("", "`]` to end the internal subset"),
            ));
        };
        let after_close = text.get(close + 1..).unwrap_or("");
        if let Some((index, _)) = after_close
            .char_indices()
            .find(|(_, ch)| !ch.is_whitespace())
        {
            let stray = after_close.get(index..).unwrap_or("");
            return Err(located(
                stray,
                SyntaxError::expected(stray, "`>` after the internal subset"),
            ));
        }
        let position = start.advance(text.get(..subset_start).unwrap_or(""));
        internal_subset = Some((subset_start..close, position));
    } else if !rest.is_empty() {
        let expected = if external.is_some() {
            "`[` or `>`"
        } else {
            "`SYSTEM`, `PUBLIC`, `[` or `>`"
        };
        return Err(located(rest, SyntaxError::expected(rest, expected)));
    }

    Ok(DoctypeDecl {
        name: root.to_owned(),
        external_id: external,
        internal_subset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctype_parts() {
        let text = "AUTH_RECORDS_OUTPUT SYSTEM \n\"https://qualysapi.qualys.com/api/2.0/fo/auth/auth_records.dtd\"";
        let parsed = parse_doctype(text, Position::START, "doc.xml");
        let Ok(doctype) = parsed else {
            panic!("expected a doctype, got {parsed:?}");
        };
        assert_eq!(doctype.name, "AUTH_RECORDS_OUTPUT");
        assert_eq!(
            doctype.external_id.map(|id| id.system_id),
            Some("https://qualysapi.qualys.com/api/2.0/fo/auth/auth_records.dtd".to_owned())
        );
        assert_eq!(doctype.internal_subset, None);
    }

    #[test]
    fn internal_subset_range_and_position() {
        let text = "a PUBLIC '-//A//EN' 'a.dtd' [\n<!ELEMENT a EMPTY>\n] ";
        let start = Position {
            offset: 20,
            line: 2,
            column: 11,
        };
        let parsed = parse_doctype(text, start, "doc.xml");
        let Ok(DoctypeDecl {
            internal_subset: Some((range, position)),
            ..
        }) = parsed
        else {
            panic!("expected an internal subset, got {parsed:?}");
        };
        assert_eq!(text.get(range), Some("\n<!ELEMENT a EMPTY>\n"));
        assert_eq!(position.line, 2);
        assert_eq!(position.column, 11 + 29);
        assert_eq!(position.offset, 20 + 29);
    }

    #[test]
    fn malformed_doctypes() {
        let cases = [
            ("", "expected the root element name"),
            ("a SYSTEM", "expected whitespace"),
            ("a [ <!ELEMENT a EMPTY>", "expected `]`"),
            ("a [] x", "expected `>` after the internal subset"),
            ("a junk", "expected `SYSTEM`, `PUBLIC`, `[` or `>`"),
        ];
        for (text, message) in cases {
            let result = parse_doctype(text, Position::START, "doc.xml");
            let error = result
                .err()
                .map(|diagnostic| diagnostic.to_string())
                .unwrap_or_default();
            assert!(error.contains(message), "{text:?}: {error}");
        }
    }
}
