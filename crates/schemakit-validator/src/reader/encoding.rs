//! Encoding detection for documents (XML 1.0 section 4.3.3 and appendix F).
//!
//! UTF-8 documents stream straight into quick-xml. Any other encoding is decoded
//! into memory first.

use schemakit_model::{Code, Diagnostic, DiagnosticKind, Position};
use schemakit_resolve::ResolveError;

/// How many bytes are read ahead to find a byte order mark and the encoding
/// declaration of the XML declaration.
pub(super) const PREFIX_BYTES: usize = 1024;

/// The way a document's bytes are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum DetectedEncoding {
    /// UTF-8, streamed. `bom` is set when a UTF-8 byte order mark starts the document.
    Utf8 { bom: bool },
    /// Another encoding, named by a byte order mark, by the first bytes or by the
    /// encoding declaration (or an encoding that cannot be read, which decoding
    /// reports): the document is decoded into memory.
    Other { label: String },
}

impl DetectedEncoding {
    /// Returns the length of the byte order mark that the reader skips.
    pub(super) fn bom_len(&self) -> usize {
        match self {
            DetectedEncoding::Utf8 { bom: true } => 3,
            DetectedEncoding::Utf8 { bom: false } | DetectedEncoding::Other { .. } => 0,
        }
    }
}

/// Detects the encoding from the first bytes of a document.
pub(super) fn detect(prefix: &[u8]) -> DetectedEncoding {
    match schemakit_resolve::detect_encoding(prefix) {
        Ok(detected) if detected.encoding.name() == "UTF-8" => DetectedEncoding::Utf8 {
            bom: detected.bom_length > 0,
        },
        Ok(detected) => DetectedEncoding::Other {
            label: detected.encoding.name().to_owned(),
        },
        Err(error) => DetectedEncoding::Other {
            label: error.to_string(),
        },
    }
}

/// Returns whether an encoding name means UTF-8 (names are case-insensitive).
pub(super) fn is_utf8_label(label: &str) -> bool {
    label.eq_ignore_ascii_case("UTF-8") || label.eq_ignore_ascii_case("UTF8")
}

/// Returns whether a declared encoding name agrees with how the document was read.
pub(super) fn declaration_matches(detected: &DetectedEncoding, declared: &str) -> bool {
    match detected {
        DetectedEncoding::Utf8 { .. } => is_utf8_label(declared),
        // The decoder has checked the declaration against the byte order mark.
        DetectedEncoding::Other { .. } => true,
    }
}

/// `[81] EncName ::= [A-Za-z] ([A-Za-z0-9._] | '-')*`
fn is_enc_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && chars.all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-'))
}

/// Decodes a whole document that is not UTF-8.
///
/// Bytes that are invalid in the encoding, and an encoding declaration that
/// contradicts the byte order mark, make the document not well-formed. An encoding
/// that cannot be decoded is a resource error.
pub(super) fn decode_document(bytes: &[u8], file: &str) -> Result<String, Diagnostic> {
    schemakit_resolve::decode_entity(bytes, file).map_err(|error| {
        let (kind, code) = match error {
            ResolveError::InvalidEncoding { .. } | ResolveError::EncodingMismatch { .. } => {
                (DiagnosticKind::Syntax, Code::NotWellFormed)
            }
            // A name that is not even an EncName ([81]) is a syntax error, not an
            // encoding this build lacks.
            ResolveError::UnsupportedEncoding { ref encoding, .. } if !is_enc_name(encoding) => {
                (DiagnosticKind::Syntax, Code::NotWellFormed)
            }
            _ => (DiagnosticKind::Resource, Code::Io),
        };
        Diagnostic::error(kind, code, error.to_string())
            .at(Some(file), Position::START)
            .with_help("convert the document to UTF-8, for example with `iconv -t UTF-8`")
    })
}
