//! Turning quick-xml errors into located diagnostics with messages that name the
//! rule and what to do.

use super::names::is_whitespace_byte;
use super::position::LineTracker;
use super::{DocumentReader, RawKind};
use quick_xml::encoding::EncodingError;
use quick_xml::errors::{Error, IllFormedError, SyntaxError};
use schemakit_model::{Code, Diagnostic, DiagnosticKind};
use std::io::BufRead;

/// Recognizes the one quick-xml error that is not a fault: with
/// `trim_markup_names_in_closing_tags` off, quick-xml compares `</a >` literally with
/// `a`, but XML allows whitespace after the name of an end tag.
pub(super) fn recover_end_tag(error: &Error) -> Option<RawKind> {
    match error {
        Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found })
            if found.trim_end_matches([' ', '\t', '\r', '\n']) == expected =>
        {
            Some(RawKind::End)
        }
        _ => None,
    }
}

impl<R: BufRead> DocumentReader<'_, R> {
    /// Describes the source being read, for "before the end of ..." messages.
    fn source_name(&self) -> String {
        match self.entities.last() {
            Some(frame) => format!("entity `{}`", frame.name),
            None => "the document".to_owned(),
        }
    }

    /// Turns a quick-xml error for the event that starts at `start` into a diagnostic;
    /// `index` is the byte in `raw` quick-xml blames.
    pub(super) fn read_error(
        &self,
        error: Error,
        start: &LineTracker,
        raw: &[u8],
        index: usize,
    ) -> Diagnostic {
        let source = self.source_name();
        let message = match error {
            Error::Io(io) => return self.io_error(&io),
            Error::Encoding(EncodingError::Utf8(utf8)) => {
                return self.invalid_utf8(start, raw, utf8.valid_up_to());
            }
            Error::Syntax(syntax) => syntax_message(syntax, &source),
            Error::IllFormed(ill_formed) => return self.ill_formed(ill_formed, start, raw, index),
            other => format!("the document is not well-formed: {other}"),
        };
        self.not_well_formed(message, start, raw, index)
    }

    fn ill_formed(
        &self,
        error: IllFormedError,
        start: &LineTracker,
        raw: &[u8],
        index: usize,
    ) -> Diagnostic {
        let message = match error {
            IllFormedError::MissingDoctypeName => "the DOCTYPE declaration has no root element name".to_owned(),
            IllFormedError::UnmatchedEndTag(name) => {
                let opened_outside = self
                    .elements
                    .innermost_first()
                    .find(|open| open.name == name);
                match (opened_outside, self.entities.last()) {
                    (Some(_), Some(frame)) => format!(
                        "end tag `</{name}>` in entity `{}` closes an element that started outside the entity: an element must start and end in the same entity",
                        frame.name
                    ),
                    _ => format!("end tag `</{name}>` has no matching start tag"),
                }
            }
            IllFormedError::MismatchedEndTag { expected, found } => {
                if found.bytes().any(is_whitespace_byte) {
                    format!("the end tag `</{found}>` may contain only the element name `{expected}` and whitespace")
                } else {
                    match self.elements.last() {
                        Some(open) => format!(
                            "end tag `</{found}>` does not match the start tag `<{expected}>` at line {}, column {}",
                            open.position.line, open.position.column
                        ),
                        None => format!("end tag `</{found}>` does not match the start tag `<{expected}>`"),
                    }
                }
            }
            IllFormedError::DoubleHyphenInComment => {
                "`--` is not allowed inside a comment, and a comment may not end with `--->`".to_owned()
            }
            IllFormedError::UnclosedReference => {
                "`&` must start a character or entity reference ending with `;`: write `&amp;` for a literal `&`".to_owned()
            }
            other => format!("the document is not well-formed: {other}"),
        };
        self.not_well_formed(message, start, raw, index)
    }

    /// Builds a fatal error for bytes that are not UTF-8, at byte `index` of `raw`.
    pub(super) fn invalid_utf8(&self, start: &LineTracker, raw: &[u8], index: usize) -> Diagnostic {
        let byte = raw.get(index).copied().unwrap_or(0);
        self.not_well_formed(
            format!(
                "invalid UTF-8: byte 0x{byte:02X} cannot appear here; declare the document's encoding in the XML declaration or convert it to UTF-8"
            ),
            start,
            raw,
            index,
        )
    }

    /// Builds a fatal error for a failed read of the document.
    pub(super) fn io_error(&self, error: &std::io::Error) -> Diagnostic {
        Diagnostic::error(
            DiagnosticKind::Resource,
            Code::Io,
            format!("failed to read `{}`: {error}", self.file),
        )
        .at(Some(&self.file), self.document.position())
    }
}

fn syntax_message(error: SyntaxError, source: &str) -> String {
    match error {
        SyntaxError::InvalidBangMarkup => {
            "`<!` must start a comment `<!--`, a CDATA section `<![CDATA[` or a `<!DOCTYPE` declaration".to_owned()
        }
        SyntaxError::UnclosedPI => {
            format!("the processing instruction is not closed: `?>` is missing before the end of {source}")
        }
        SyntaxError::UnclosedXmlDecl => {
            format!("the XML declaration is not closed: `?>` is missing before the end of {source}")
        }
        SyntaxError::UnclosedComment => {
            format!("the comment is not closed: `-->` is missing before the end of {source}")
        }
        SyntaxError::UnclosedDoctype => {
            format!("the DOCTYPE declaration is not closed: `>` is missing before the end of {source}")
        }
        SyntaxError::UnclosedCData => {
            format!("the CDATA section is not closed: `]]>` is missing before the end of {source}")
        }
        SyntaxError::UnclosedTag => {
            format!("the tag is not closed: `>` is missing before the end of {source}")
        }
        SyntaxError::UnclosedSingleQuotedAttributeValue => {
            format!("an attribute value is not closed: `'` is missing before the end of {source}")
        }
        SyntaxError::UnclosedDoubleQuotedAttributeValue => {
            format!("an attribute value is not closed: `\"` is missing before the end of {source}")
        }
    }
}
