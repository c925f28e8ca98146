//! Encoding detection (byte order mark, XML 1.0 Appendix F, encoding declaration)
//! and decoding of entity bytes to UTF-8.

use crate::ResolveError;
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many leading bytes [`detect_encoding`] reads for an encoding declaration.
const DECLARATION_WINDOW: usize = 1024;

/// An encoding that can decode entity bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// An encoding implemented by `encoding_rs`.
    Standard(&'static Encoding),
    /// ISO-8859-1, where every byte is the code point of the same value.
    ///
    /// `encoding_rs` follows the WHATWG Encoding Standard, which reads this label
    /// as windows-1252, so bytes 0x80..0x9F would become the wrong characters.
    Latin1,
    /// US-ASCII: bytes above 0x7F are invalid.
    Ascii,
}

impl TextEncoding {
    /// Returns the encoding's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Standard(encoding) => encoding.name(),
            TextEncoding::Latin1 => "ISO-8859-1",
            TextEncoding::Ascii => "US-ASCII",
        }
    }

    fn is_utf16(self) -> bool {
        self == TextEncoding::Standard(UTF_16LE) || self == TextEncoding::Standard(UTF_16BE)
    }
}

/// The evidence of an entity's encoding in its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte order mark.
    ByteOrderMark,
    /// The pattern of `<?xml` in a 16-bit encoding (XML 1.0 Appendix F).
    Autodetected,
    /// The `encoding="..."` of the XML or text declaration.
    Declaration,
    /// Nothing: UTF-8 is the default.
    Default,
}

/// The result of [`detect_encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DetectedEncoding {
    pub encoding: TextEncoding,
    pub source: EncodingSource,
    /// Length of the byte order mark to skip (0 when there is none).
    pub bom_length: usize,
}

/// The reason [`detect_encoding`] failed, which [`decode_entity`] reports as a [`ResolveError`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodingError {
    #[error("unsupported encoding `{encoding}`")]
    Unsupported { encoding: String },
    #[error("the encoding declaration says `{declared}` but the file starts like {detected}")]
    Mismatch { declared: String, detected: String },
}

/// Detects the encoding of an entity from its first bytes (at least the first 4,
/// and up to 1 KiB to see an encoding declaration in an ASCII-compatible encoding).
///
/// The order follows XML 1.0 Appendix F: a byte order mark wins; otherwise the
/// 16-bit pattern of `<?`; otherwise the encoding declaration; otherwise UTF-8.
/// UTF-32, UCS-4 and EBCDIC are detected and reported as unsupported.
pub fn detect_encoding(prefix: &[u8]) -> Result<DetectedEncoding, EncodingError> {
    let unsupported = |encoding: &str| {
        Err(EncodingError::Unsupported {
            encoding: encoding.to_owned(),
        })
    };
    let found = |encoding, source, bom_length| {
        Ok(DetectedEncoding {
            encoding: TextEncoding::Standard(encoding),
            source,
            bom_length,
        })
    };

    match prefix {
        [0x00, 0x00, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0x00, 0x00, ..] => unsupported("UTF-32"),
        [0x00, 0x00, 0x00, 0x3C, ..]
        | [0x3C, 0x00, 0x00, 0x00, ..]
        | [0x00, 0x00, 0x3C, 0x00, ..]
        | [0x00, 0x3C, 0x00, 0x00, ..] => unsupported("UCS-4"),
        [0x4C, 0x6F, 0xA7, 0x94, ..] => unsupported("EBCDIC"),
        [0xEF, 0xBB, 0xBF, ..] => found(UTF_8, EncodingSource::ByteOrderMark, 3),
        [0xFE, 0xFF, ..] => found(UTF_16BE, EncodingSource::ByteOrderMark, 2),
        [0xFF, 0xFE, ..] => found(UTF_16LE, EncodingSource::ByteOrderMark, 2),
        [0x00, 0x3C, 0x00, 0x3F, ..] => found(UTF_16BE, EncodingSource::Autodetected, 0),
        [0x3C, 0x00, 0x3F, 0x00, ..] => found(UTF_16LE, EncodingSource::Autodetected, 0),
        _ => {
            let window = prefix.get(..DECLARATION_WINDOW).unwrap_or(prefix);
            let Some(declared) = declared_encoding(window) else {
                return found(UTF_8, EncodingSource::Default, 0);
            };
            let encoding = encoding_for_label(&declared)?;
            if encoding.is_utf16() {
                return Err(EncodingError::Mismatch {
                    declared,
                    detected: "an 8-bit encoding (no byte order mark)".to_owned(),
                });
            }
            Ok(DetectedEncoding {
                encoding,
                source: EncodingSource::Declaration,
                bom_length: 0,
            })
        }
    }
}

/// Looks up an encoding name, case-insensitively.
fn encoding_for_label(label: &str) -> Result<TextEncoding, EncodingError> {
    let upper = label.to_ascii_uppercase();
    match upper.as_str() {
        "ISO-8859-1" | "ISO_8859-1" | "LATIN1" | "L1" | "ISO-IR-100" | "CP819" | "IBM819" => {
            return Ok(TextEncoding::Latin1)
        }
        "US-ASCII" | "ASCII" | "ANSI_X3.4-1968" | "ISO646-US" => return Ok(TextEncoding::Ascii),
        _ => {}
    }

    match Encoding::for_label_no_replacement(label.as_bytes()) {
        Some(encoding) => Ok(TextEncoding::Standard(encoding)),
        None => Err(EncodingError::Unsupported {
            encoding: label.to_owned(),
        }),
    }
}

/// Returns the `encoding` pseudo-attribute of a leading `<?xml ...?>` declaration.
fn declared_encoding(text: &[u8]) -> Option<String> {
    let rest = text.strip_prefix(b"<?xml")?;
    if !rest.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let end = rest.windows(2).position(|pair| pair == b"?>")?;
    let declaration = std::str::from_utf8(rest.get(..end)?).ok()?;

    let after = declaration.split("encoding").nth(1)?;
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = after.get(1..)?.split(quote).next()?;
    Some(value.to_owned())
}

/// Decodes the bytes of an entity named `name` (for messages) to UTF-8.
///
/// The byte order mark is removed and a text declaration is kept. An encoding
/// declaration that contradicts the byte order mark or the detected 16-bit encoding
/// is an error.
pub fn decode_entity(bytes: &[u8], name: &str) -> Result<String, ResolveError> {
    let detected = detect_encoding(bytes).map_err(|error| match error {
        EncodingError::Unsupported { encoding } => ResolveError::UnsupportedEncoding {
            name: name.to_owned(),
            encoding,
        },
        EncodingError::Mismatch { declared, detected } => ResolveError::EncodingMismatch {
            name: name.to_owned(),
            declared,
            detected,
        },
    })?;

    let body = bytes.get(detected.bom_length..).unwrap_or_default();
    let text =
        decode_with(detected.encoding, body).map_err(|offset| ResolveError::InvalidEncoding {
            name: name.to_owned(),
            offset: offset + detected.bom_length,
            encoding: detected.encoding.name().to_owned(),
        })?;

    if detected.source != EncodingSource::Declaration {
        check_declaration(&text, detected, name)?;
    }
    Ok(text)
}

/// Checks that the declaration of a text whose encoding came from a byte order mark,
/// from autodetection or from the default agrees with that encoding.
fn check_declaration(
    text: &str,
    detected: DetectedEncoding,
    name: &str,
) -> Result<(), ResolveError> {
    let window = text.get(..DECLARATION_WINDOW).unwrap_or(text);
    let Some(declared) = declared_encoding(window.as_bytes()) else {
        return Ok(());
    };

    let declared_encoding =
        encoding_for_label(&declared).map_err(|_| ResolveError::UnsupportedEncoding {
            name: name.to_owned(),
            encoding: declared.clone(),
        })?;
    let agrees = if detected.encoding.is_utf16() {
        // "UTF-16" names both byte orders; the byte order mark or the pattern of `<?` picks one.
        declared.eq_ignore_ascii_case("UTF-16") || declared_encoding == detected.encoding
    } else if detected.source == EncodingSource::ByteOrderMark {
        declared_encoding == TextEncoding::Standard(UTF_8)
    } else {
        true
    };
    if agrees {
        return Ok(());
    }

    let detected = match detected.source {
        EncodingSource::ByteOrderMark => format!("{} (byte order mark)", detected.encoding.name()),
        _ => detected.encoding.name().to_owned(),
    };
    Err(ResolveError::EncodingMismatch {
        name: name.to_owned(),
        declared,
        detected,
    })
}

/// Decodes `bytes`, or returns the byte offset of the first invalid sequence.
fn decode_with(encoding: TextEncoding, bytes: &[u8]) -> Result<String, usize> {
    match encoding {
        TextEncoding::Latin1 => Ok(bytes.iter().copied().map(char::from).collect()),
        TextEncoding::Ascii => match bytes.iter().position(|byte| !byte.is_ascii()) {
            Some(offset) => Err(offset),
            None => Ok(bytes.iter().copied().map(char::from).collect()),
        },
        TextEncoding::Standard(encoding) => decode_standard(encoding, bytes),
    }
}

fn decode_standard(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    if encoding == UTF_8 {
        return std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|error| error.valid_up_to());
    }

    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let mut position = 0;
    loop {
        let remaining = bytes.get(position..).unwrap_or_default();
        let (result, read) =
            decoder.decode_to_string_without_replacement(remaining, &mut text, true);
        position += read;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            DecoderResult::OutputFull => text.reserve(remaining.len().saturating_mul(3).max(16)),
            DecoderResult::Malformed(bad, after) => {
                let offset = position.saturating_sub(usize::from(after) + usize::from(bad));
                return Err(offset);
            }
        }
    }
}
