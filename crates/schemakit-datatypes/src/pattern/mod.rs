//! XSD regular expressions (XSD 1.0 Part 2, appendix F), translated to the `regex`
//! crate's syntax.
//!
//! A pattern is parsed into a syntax tree by the XSD grammar and then written out
//! in `regex` syntax, so that no construct keeps the meaning that `regex` gives it.
//! For example, `^` and `$` are ordinary characters, and `\w` excludes
//! punctuation, separators and other characters. `\i` and `\c` are the XML 1.0
//! name classes, and block escapes such as `\p{IsBasicLatin}` become code point
//! ranges.
//!
//! NOTE: category escapes such as `\p{Lu}` use the Unicode tables of the `regex`
//! crate (Unicode 16 for regex 1.13), not the Unicode 3.1 tables that XSD 1.0
//! names, so characters assigned after Unicode 3.1 belong to their categories.

mod ast;
mod blocks;
mod class_parser;
mod escapes;
mod names;
mod parser;
mod translate;

#[cfg(test)]
mod tests;

/// The maximum count in a quantifier `{n}`, `{n,}` or `{n,m}`.
pub const MAX_REPETITION: u32 = 10_000;

/// The maximum nesting depth of groups and class subtractions, counted together.
pub const MAX_NESTING: usize = 100;

/// The maximum size in bytes of one compiled pattern. It is enough for
/// `.{0,10000}` and for `\w{1,255}`, and too small for `\p{L}{1,1000}` (measured
/// with regex 1.13.2).
pub const MAX_COMPILED_SIZE: usize = 32 << 20;

/// The maximum size in bytes of the lazy DFA cache of one compiled pattern.
const MAX_DFA_CACHE_SIZE: usize = 8 << 20;

/// The nesting limit passed to the `regex` parser. A group with a quantifier and a
/// class subtraction each become two `regex` levels, and an escape inside a class
/// adds one more. The limit leaves room above the deepest translation of a pattern
/// within [`MAX_NESTING`].
const REGEX_NEST_LIMIT: u32 = 4 * MAX_NESTING as u32 + 16;

/// A compiled `pattern` facet value. A pattern matches a whole value: it is
/// implicitly anchored at both ends.
#[derive(Clone, Debug)]
pub struct Pattern {
    source: String,
    regex: regex::Regex,
}

/// An XSD regular expression that is not valid, with the character offset of the
/// fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid regular expression \"{}\" at character {offset}: {reason}",
    quote_pattern(.source_text)
)]
pub struct PatternError {
    /// The pattern as written in the schema.
    pub source_text: String,
    /// The offset of the fault in characters (not bytes) from the start of the
    /// pattern. It is 0 when the pattern as a whole is at fault, such as a pattern
    /// that compiles to more than [`MAX_COMPILED_SIZE`].
    pub offset: usize,
    /// The cause of the fault and its fix, in lower case without a trailing period.
    pub reason: String,
}

impl Pattern {
    /// Compiles an XSD regular expression.
    ///
    /// Rejects everything that XSD 1.0 does not allow, such as back-references,
    /// lazy quantifiers, `(?` groups, unknown escapes, unknown category or block
    /// names, reversed ranges and misplaced `-`, `[` or `]` in classes. Also
    /// rejects counts above [`MAX_REPETITION`], nesting deeper than
    /// [`MAX_NESTING`] and patterns that compile to more than
    /// [`MAX_COMPILED_SIZE`].
    pub fn compile(source: &str) -> Result<Pattern, PatternError> {
        let regexp = parser::parse(source)?;
        let translated = translate::translate(&regexp);

        let regex = regex::RegexBuilder::new(&translated)
            .size_limit(MAX_COMPILED_SIZE)
            .dfa_size_limit(MAX_DFA_CACHE_SIZE)
            .nest_limit(REGEX_NEST_LIMIT)
            .build()
            .map_err(|error| PatternError {
                source_text: source.to_owned(),
                offset: 0,
                reason: regex_error_reason(&error),
            })?;

        Ok(Pattern {
            source: source.to_owned(),
            regex,
        })
    }

    /// Returns the pattern as written in the schema.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Returns the translation in `regex` crate syntax, anchored with `\A` and
    /// `\z`. Generated code can compile it with `regex::Regex::new`.
    pub fn regex_source(&self) -> &str {
        self.regex.as_str()
    }

    /// Tells whether `value` matches the whole pattern.
    pub fn is_match(&self, value: &str) -> bool {
        self.regex.is_match(value)
    }
}

/// Two patterns are equal when they are written the same way.
impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.source == other.source
    }
}

impl Eq for Pattern {}

/// Escapes the control characters of a pattern for an error message, and keeps
/// backslashes as written so that the message shows the pattern as in the schema.
fn quote_pattern(source: &str) -> String {
    let mut quoted = String::with_capacity(source.len());
    for c in source.chars() {
        if c.is_control() {
            quoted.extend(c.escape_debug());
        } else {
            quoted.push(c);
        }
    }
    quoted
}

/// Explains why the `regex` crate rejected a translation.
fn regex_error_reason(error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(limit) => format!(
            "the pattern compiles to more than {limit} bytes, the limit for one pattern (lower \
             the counts of `{{n,m}}` quantifiers, above all on `.`, `\\w` or `\\p{{..}}`)"
        ),
        // The parser rejects every pattern that would translate to invalid syntax,
        // so this arm means a bug in the translation.
        other => format!(
            "internal error: the regex crate rejected the translated pattern ({})",
            other.to_string().replace('\n', " ")
        ),
    }
}
