//! Parsing of the backslash escapes, which are the same inside and outside
//! character classes.

use super::ast::{ClassEscape, MultiCharEscape};
use super::blocks::find_block;
use super::parser::Parser;
use super::PatternError;

/// The general categories that XSD 1.0 allows in `\p{..}` and `\P{..}`. `Cs`
/// (surrogates) is not among them.
const CATEGORIES: &[&str] = &[
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc",
    "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Z", "Zs", "Zl", "Zp", "S", "Sm", "Sc", "Sk", "So", "C",
    "Cc", "Cf", "Co", "Cn",
];

/// A parsed escape: one character, or a set of characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    Char(char),
    Class(ClassEscape),
}

impl Parser<'_> {
    /// Parses the escape that starts at the backslash under the cursor.
    pub(crate) fn parse_escape(&mut self) -> Result<Escape, PatternError> {
        let start = self.pos;
        self.pos += 1;

        let Some(letter) = self.peek() else {
            return Err(self.error(
                start,
                "the pattern ends with a lone `\\` (write `\\\\` for a literal backslash)",
            ));
        };
        self.pos += 1;

        if let Some(c) = single_char_escape(letter) {
            return Ok(Escape::Char(c));
        }
        if let Some(multi) = multi_char_escape(letter) {
            return Ok(Escape::Class(ClassEscape::Multi(multi)));
        }
        match letter {
            'p' => self.parse_property(start, false),
            'P' => self.parse_property(start, true),
            _ => Err(self.error(start, invalid_escape_reason(letter))),
        }
    }

    /// Parses `{name}` after `\p` or `\P` and looks the name up.
    fn parse_property(&mut self, start: usize, negated: bool) -> Result<Escape, PatternError> {
        let letter = if negated { 'P' } else { 'p' };
        if self.peek() != Some('{') {
            return Err(self.error(
                start,
                format!(
                    "`\\{letter}` must be followed by a name in braces, such as `\\{letter}{{Lu}}`"
                ),
            ));
        }
        self.pos += 1;

        let name_start = self.pos;
        while self.peek().is_some_and(|c| c != '}') {
            self.pos += 1;
        }
        if self.peek().is_none() {
            return Err(self.error(
                start,
                format!("missing `}}` to close the name after `\\{letter}{{`"),
            ));
        }
        let name: String = self.chars[name_start..self.pos].iter().collect();
        self.pos += 1;

        if let Some(block_name) = name.strip_prefix("Is") {
            let Some(block) = find_block(block_name) else {
                return Err(self.error(
                    start,
                    format!(
                        "unknown Unicode block `{name}` in `\\{letter}{{{name}}}` (XSD 1.0 uses the \
                         block names of Unicode 3.1 without spaces, such as `IsBasicLatin` or \
                         `IsLatin-1Supplement`)"
                    ),
                ));
            };
            return Ok(Escape::Class(ClassEscape::Block { block, negated }));
        }

        let Some(category) = CATEGORIES.iter().find(|category| **category == name) else {
            return Err(self.error(
                start,
                format!(
                    "unknown Unicode category `{name}` in `\\{letter}{{{name}}}` (XSD 1.0 allows \
                     the general categories such as `L`, `Lu` or `Nd`, and blocks such as \
                     `IsBasicLatin`)"
                ),
            ));
        };
        Ok(Escape::Class(ClassEscape::Category {
            name: category,
            negated,
        }))
    }
}

/// Returns the character of a single-character escape `\letter`, if it is one.
fn single_char_escape(letter: char) -> Option<char> {
    match letter {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        '\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']' | '^' => {
            Some(letter)
        }
        _ => None,
    }
}

/// Returns the multi-character escape `\letter`, if it is one.
fn multi_char_escape(letter: char) -> Option<MultiCharEscape> {
    let multi = match letter {
        's' => MultiCharEscape::Space,
        'S' => MultiCharEscape::NotSpace,
        'i' => MultiCharEscape::NameStart,
        'I' => MultiCharEscape::NotNameStart,
        'c' => MultiCharEscape::NameChar,
        'C' => MultiCharEscape::NotNameChar,
        'd' => MultiCharEscape::Digit,
        'D' => MultiCharEscape::NotDigit,
        'w' => MultiCharEscape::Word,
        'W' => MultiCharEscape::NotWord,
        _ => return None,
    };
    Some(multi)
}

/// Explains why `\letter` is not an XSD escape, naming the construct that the
/// author most likely meant.
fn invalid_escape_reason(letter: char) -> String {
    match letter {
        '0'..='9' => format!(
            "`\\{letter}` is not a valid escape because XSD regular expressions have no \
             back-references"
        ),
        'b' | 'B' | 'A' | 'z' | 'Z' | 'G' => format!(
            "`\\{letter}` is not a valid escape because XSD regular expressions have no anchors \
             or word boundaries, and every pattern already matches the whole value"
        ),
        '$' => "`\\$` is not a valid escape in XSD 1.0, where `$` is an ordinary character \
                that needs no backslash"
            .to_owned(),
        'x' | 'u' | 'U' => format!(
            "`\\{letter}` is not a valid escape because XSD regular expressions have no \
             code point escapes, so write the character itself"
        ),
        _ => format!(
            "`\\{letter}` is not a valid escape (XSD allows `\\n`, `\\r`, `\\t`, a backslash \
             before one of `\\|.?*+(){{}}-[]^`, the escapes `\\s \\i \\c \\d \\w` and their \
             upper-case complements, and `\\p{{..}}` or `\\P{{..}}`)"
        ),
    }
}
