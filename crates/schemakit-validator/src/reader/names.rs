//! Checks of names (XML 1.0 productions [4]-[5], Namespaces in XML 1.0 QNames) and
//! of characters (production [2] Char).

use rustc_hash::FxHashSet;
use schemakit_model::chars;

/// How many distinct valid names [`NameCache`] remembers. Past this many, names are
/// checked at every occurrence, so that a document full of unique names cannot grow
/// the cache without bound.
const MAX_CACHED_NAMES: usize = 16 * 1024;

/// Element and attribute names already found valid, so that each distinct name is
/// checked once rather than at every occurrence.
///
/// The set uses FxHash, which is fast on short names but not resistant to chosen
/// collisions. The size cap bounds the cost of a document crafted to collide.
#[derive(Debug, Default)]
pub(super) struct NameCache {
    valid: FxHashSet<Box<str>>,
}

impl NameCache {
    /// Checks that `name` is a Name and, when `namespaces` is set, a QName.
    /// `Err` contains the reason and the byte index in `name` of the offending character.
    pub(super) fn check(&mut self, name: &str, namespaces: bool) -> Result<(), NameError> {
        if is_plain_ascii_name(name.as_bytes()) || self.valid.contains(name) {
            return Ok(());
        }

        check_name(name)?;
        if namespaces {
            check_qname(name)?;
        }

        if self.valid.len() < MAX_CACHED_NAMES {
            self.valid.insert(name.into());
        }
        Ok(())
    }
}

/// Returns whether `name` is an ASCII name without `:`: a letter or `_`, then
/// letters, digits, `_`, `-` and `.`. Such a name is a Name and a QName, and most
/// names are like it, so this check spares the set lookup.
pub(super) fn is_plain_ascii_name(name: &[u8]) -> bool {
    let Some((first, rest)) = name.split_first() else {
        return false;
    };
    PLAIN_NAME_BYTES[usize::from(*first)] == PLAIN_NAME_START
        && rest
            .iter()
            .all(|byte| PLAIN_NAME_BYTES[usize::from(*byte)] != NOT_PLAIN)
}

/// Returns the length of the plain ASCII name (as [`is_plain_ascii_name`] accepts)
/// that `bytes` start with, or 0 when they do not start with one.
pub(super) fn plain_ascii_name_length(bytes: &[u8]) -> usize {
    let Some((first, rest)) = bytes.split_first() else {
        return 0;
    };
    if PLAIN_NAME_BYTES[usize::from(*first)] != PLAIN_NAME_START {
        return 0;
    }
    1 + rest
        .iter()
        .take_while(|byte| PLAIN_NAME_BYTES[usize::from(**byte)] != NOT_PLAIN)
        .count()
}

/// Classes of bytes in [`PLAIN_NAME_BYTES`].
const NOT_PLAIN: u8 = 0;
const PLAIN_NAME_START: u8 = 1;
const PLAIN_NAME_CHAR: u8 = 2;

/// The class of every byte value in a plain ASCII name: letters and `_` may start
/// it, and digits, `-` and `.` may follow.
const PLAIN_NAME_BYTES: [u8; 256] = {
    let mut classes = [NOT_PLAIN; 256];
    let mut byte = 0;
    while byte < 256 {
        let ch = byte as u8;
        if ch.is_ascii_alphabetic() || ch == b'_' {
            classes[byte] = PLAIN_NAME_START;
        } else if ch.is_ascii_digit() || ch == b'-' || ch == b'.' {
            classes[byte] = PLAIN_NAME_CHAR;
        }
        byte += 1;
    }
    classes
};

/// The reason a name is invalid, with the byte index of the offending character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NameError {
    pub(super) message: String,
    pub(super) index: usize,
}

/// Checks production [5] `Name ::= NameStartChar (NameChar)*`.
pub(super) fn check_name(name: &str) -> Result<(), NameError> {
    let mut chars_iter = name.char_indices();
    let Some((_, first)) = chars_iter.next() else {
        return Err(NameError {
            message: "a name is missing".to_owned(),
            index: 0,
        });
    };

    if !chars::is_name_start_char(first) {
        return Err(NameError {
            message: format!(
                "the name `{name}` does not start with a name character ({} may not start a name)",
                describe_char(first)
            ),
            index: 0,
        });
    }

    for (index, ch) in chars_iter {
        if !chars::is_name_char(ch) {
            return Err(NameError {
                message: format!(
                    "the name `{name}` contains {}, which is not a name character",
                    describe_char(ch)
                ),
                index,
            });
        }
    }
    Ok(())
}

/// Checks that a Name is a QName of Namespaces in XML 1.0: `NCName (':' NCName)?`.
pub(super) fn check_qname(name: &str) -> Result<(), NameError> {
    let Some(colon) = name.find(':') else {
        return Ok(());
    };

    let (prefix, rest) = name.split_at(colon);
    let local = rest.get(1..).unwrap_or("");
    if prefix.is_empty() {
        return Err(NameError {
            message: format!("the qualified name `{name}` has an empty prefix before `:`"),
            index: 0,
        });
    }
    if local.is_empty() {
        return Err(NameError {
            message: format!("the qualified name `{name}` has an empty local part after `:`"),
            index: colon,
        });
    }
    if let Some(second) = local.find(':') {
        return Err(NameError {
            message: format!("the qualified name `{name}` contains more than one `:`"),
            index: colon + 1 + second,
        });
    }
    if !local.chars().next().is_some_and(chars::is_name_start_char) {
        return Err(NameError {
            message: format!(
                "the local part of the qualified name `{name}` does not start with a name start character"
            ),
            index: colon + 1,
        });
    }
    Ok(())
}

/// Checks that `name` is an NCName (a Name without `:`), as Namespaces in XML 1.0
/// requires for PI targets and entity names.
pub(super) fn check_ncname(name: &str) -> Result<(), NameError> {
    check_name(name)?;
    match name.find(':') {
        Some(index) => Err(NameError {
            message: format!("the name `{name}` contains `:`, which namespace-aware documents allow only in element and attribute names"),
            index,
        }),
        None => Ok(()),
    }
}

/// Returns the byte index and the character of the first character in `text` that is
/// not a `Char` (production [2]).
///
/// Only bytes below 0x20 and the encodings of U+FFFE and U+FFFF can be such
/// characters in valid UTF-8 (surrogates cannot be encoded), so the scan looks at
/// bytes and decodes nothing.
pub(super) fn find_invalid_char(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    // Most text has neither kind of byte, and this test compiles to a vector loop.
    let suspect = bytes
        .iter()
        .any(|&byte| (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')) || byte == 0xEF);
    if !suspect {
        return None;
    }

    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r') {
            return Some((index, char::from(byte)));
        }
        if byte == 0xEF
            && bytes.get(index + 1) == Some(&0xBF)
            && matches!(bytes.get(index + 2), Some(0xBE | 0xBF))
        {
            let ch = text.get(index..).and_then(|rest| rest.chars().next())?;
            return Some((index, ch));
        }
        index += 1;
    }
    None
}

/// Names a character for messages: `U+0001`, or the character and its code point.
pub(super) fn describe_char(ch: char) -> String {
    if ch.is_control() || ch.is_whitespace() || !chars::is_xml_char(ch) {
        format!("U+{:04X}", u32::from(ch))
    } else {
        format!("`{ch}` (U+{:04X})", u32::from(ch))
    }
}

/// Returns whether `byte` is XML whitespace.
pub(super) fn is_whitespace_byte(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// Appends `text` to `out` with `\r\n` and lone `\r` replaced by `\n`, as XML 1.0
/// section 2.11 requires before text reaches the application.
pub(super) fn push_normalized_line_ends(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(index) = memchr::memchr(b'\r', rest.as_bytes()) {
        out.push_str(rest.get(..index).unwrap_or(""));
        out.push('\n');
        let after = if rest.as_bytes().get(index + 1) == Some(&b'\n') {
            index + 2
        } else {
            index + 1
        };
        rest = rest.get(after..).unwrap_or("");
    }
    out.push_str(rest);
}

/// The findings of one pass over a piece of character data, so that the checks after
/// it run only on the text that needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TextScan {
    /// Whether the text may contain a character that is not a `Char`: a control byte
    /// other than tab, line feed and carriage return, or the lead byte 0xEF of
    /// U+FFFE and U+FFFF (which also starts many valid characters).
    pub(super) may_have_invalid_char: bool,
    pub(super) has_greater_than: bool,
    pub(super) has_carriage_return: bool,
    /// Whether every character is XML whitespace (production [3] S); true for "".
    pub(super) all_whitespace: bool,
}

/// Byte classes for [`TextScan::of_short`], one flag per finding.
const WHITESPACE: u8 = 1;
const SUSPECT: u8 = 2;
const GREATER_THAN: u8 = 4;
const CARRIAGE_RETURN: u8 = 8;

/// The class flags of every byte value.
const BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 0x20 {
        classes[byte] = SUSPECT;
        byte += 1;
    }
    classes[b'\t' as usize] = WHITESPACE;
    classes[b'\n' as usize] = WHITESPACE;
    classes[b'\r' as usize] = WHITESPACE | CARRIAGE_RETURN;
    classes[b' ' as usize] = WHITESPACE;
    classes[b'>' as usize] = GREATER_THAN;
    classes[0xEF] = SUSPECT;
    classes
};

/// Texts shorter than this are scanned with [`BYTE_CLASSES`], longer ones by a
/// branch-free loop that the compiler can vectorize. Most text between tags is short
/// indentation.
const SHORT_TEXT_BYTES: usize = 32;

impl TextScan {
    /// Scans `bytes` once.
    pub(super) fn of(bytes: &[u8]) -> TextScan {
        if bytes.len() < SHORT_TEXT_BYTES {
            return TextScan::of_short(bytes);
        }

        // The loop has no early exit and no branch per byte, so that the compiler can
        // vectorize it.
        let mut suspect = false;
        let mut greater_than = false;
        let mut carriage_return = false;
        let mut non_whitespace = false;
        for &byte in bytes {
            let whitespace = matches!(byte, b' ' | b'\t' | b'\r' | b'\n');
            suspect |= (byte < 0x20 && !whitespace) || byte == 0xEF;
            greater_than |= byte == b'>';
            carriage_return |= byte == b'\r';
            non_whitespace |= !whitespace;
        }
        TextScan {
            may_have_invalid_char: suspect,
            has_greater_than: greater_than,
            has_carriage_return: carriage_return,
            all_whitespace: !non_whitespace,
        }
    }

    /// Scans `bytes` with one table lookup per byte. On short texts this runs fewer
    /// instructions than the branch-free loop (measured with callgrind).
    fn of_short(bytes: &[u8]) -> TextScan {
        let mut any = 0;
        let mut all = WHITESPACE;
        for &byte in bytes {
            let class = BYTE_CLASSES[usize::from(byte)];
            any |= class;
            all &= class;
        }
        TextScan {
            may_have_invalid_char: any & SUSPECT != 0,
            has_greater_than: any & GREATER_THAN != 0,
            has_carriage_return: any & CARRIAGE_RETURN != 0,
            all_whitespace: all & WHITESPACE != 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        check_name, check_qname, is_plain_ascii_name, push_normalized_line_ends, TextScan,
    };

    #[test]
    fn plain_ascii_names_agree_with_the_full_check() {
        let names = [
            "",
            "a",
            "A1",
            "_x",
            "HOST_ID",
            "a-b.c",
            "1a",
            "-a",
            ".a",
            "a:b",
            ":a",
            "a b",
            "caf\u{e9}",
            "\u{e9}t\u{e9}",
            "a\u{b7}",
            "x\t",
        ];
        for name in names {
            if is_plain_ascii_name(name.as_bytes()) {
                assert!(check_name(name).is_ok(), "{name:?}");
                assert!(check_qname(name).is_ok(), "{name:?}");
            }
        }
        for name in ["a", "A1", "_x", "HOST_ID", "a-b.c"] {
            assert!(is_plain_ascii_name(name.as_bytes()), "{name:?}");
        }
        for name in ["", "1a", "-a", ".a", "a:b", ":a", "a b", "caf\u{e9}"] {
            assert!(!is_plain_ascii_name(name.as_bytes()), "{name:?}");
        }
    }

    #[test]
    fn line_ends_normalized() {
        let cases = [
            ("", ""),
            ("a\nb", "a\nb"),
            ("a\r\nb", "a\nb"),
            ("a\rb", "a\nb"),
            ("\r\r\n\r", "\n\n\n"),
            ("caf\u{e9}\r\n", "caf\u{e9}\n"),
        ];
        for (text, expected) in cases {
            let mut out = String::from("kept ");
            push_normalized_line_ends(text, &mut out);
            assert_eq!(out, format!("kept {expected}"), "text {text:?}");
        }
    }

    #[test]
    fn text_scan_short_matches_long() {
        let padding = " ".repeat(super::SHORT_TEXT_BYTES);
        for byte in 0..=u8::MAX {
            for prefix in [&b""[..], b"a", b" "] {
                let short = [prefix, &[byte]].concat();
                let long = [padding.as_bytes(), &short].concat();
                let short_scan = TextScan::of(&short);
                let long_scan = TextScan::of(&long);
                assert_eq!(
                    short_scan.may_have_invalid_char, long_scan.may_have_invalid_char,
                    "byte {byte:#04x} after {prefix:?}"
                );
                assert_eq!(
                    short_scan.has_greater_than, long_scan.has_greater_than,
                    "byte {byte:#04x} after {prefix:?}"
                );
                assert_eq!(
                    short_scan.has_carriage_return, long_scan.has_carriage_return,
                    "byte {byte:#04x} after {prefix:?}"
                );
                assert_eq!(
                    short_scan.all_whitespace, long_scan.all_whitespace,
                    "byte {byte:#04x} after {prefix:?}"
                );
            }
        }
    }

    #[test]
    fn text_scan_flags() {
        let cases: [(&str, bool, bool, bool, bool); 7] = [
            // text, may_have_invalid_char, has_greater_than, has_carriage_return, all_whitespace
            ("", false, false, false, true),
            (" \t\n", false, false, false, true),
            ("\r\n  ", false, false, true, true),
            ("a > b", false, true, false, false),
            ("bell \u{7}", true, false, false, false),
            ("\u{FFFF}", true, false, false, false),
            ("caf\u{e9} ]]", false, false, false, false),
        ];
        for (text, invalid, greater_than, carriage_return, whitespace) in cases {
            let scan = TextScan::of(text.as_bytes());
            assert_eq!(scan.may_have_invalid_char, invalid, "text {text:?}");
            assert_eq!(scan.has_greater_than, greater_than, "text {text:?}");
            assert_eq!(scan.has_carriage_return, carriage_return, "text {text:?}");
            assert_eq!(scan.all_whitespace, whitespace, "text {text:?}");
        }
    }
}
