//! Recursive-descent parser for the regular expression grammar of XSD 1.0 Part 2,
//! appendix F. Character classes are parsed in `class_parser`, escapes in
//! `escapes`.

use super::ast::{Atom, Branch, CharClass, Piece, Quantifier, Regexp};
use super::escapes::Escape;
use super::{PatternError, MAX_NESTING, MAX_REPETITION};

/// Parser state: the pattern as characters, so that positions are character
/// offsets, and the cursor.
pub(crate) struct Parser<'a> {
    source: &'a str,
    pub(crate) chars: Vec<char>,
    pub(crate) pos: usize,
}

/// Parses a whole XSD regular expression.
pub(crate) fn parse(source: &str) -> Result<Regexp, PatternError> {
    let mut parser = Parser {
        source,
        chars: source.chars().collect(),
        pos: 0,
    };

    let regexp = parser.parse_regexp(0)?;

    // `parse_regexp` stops only at the end or at a `)`, and at depth 0 no group is
    // open for that `)` to close.
    if parser.pos < parser.chars.len() {
        return Err(parser.error(
            parser.pos,
            "unmatched `)` (write `\\)` for a literal parenthesis)",
        ));
    }
    Ok(regexp)
}

impl Parser<'_> {
    pub(crate) fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    pub(crate) fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    pub(crate) fn error(&self, offset: usize, reason: impl Into<String>) -> PatternError {
        PatternError {
            source_text: self.source.to_owned(),
            offset,
            reason: reason.into(),
        }
    }

    /// Parses `regExp ::= branch ('|' branch)*` up to the end of the pattern or
    /// the `)` that closes the current group, which it leaves unread.
    fn parse_regexp(&mut self, depth: usize) -> Result<Regexp, PatternError> {
        let mut branches = vec![self.parse_branch(depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.parse_branch(depth)?);
        }
        Ok(Regexp { branches })
    }

    /// Parses `branch ::= piece*` up to a `|`, a `)` or the end.
    fn parse_branch(&mut self, depth: usize) -> Result<Branch, PatternError> {
        let mut pieces: Vec<Piece> = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            // NOTE: the XSD 1.0 `Char` production admits `{` and `}`. A `}` stays a
            // literal, but a `{` with no atom before it is rejected, because it is
            // almost always a misplaced quantifier.
            if matches!(c, '?' | '*' | '+' | '{') {
                let after_quantifier = pieces
                    .last()
                    .is_some_and(|piece| piece.quantifier != Quantifier::Once);
                return Err(self.error(self.pos, misplaced_quantifier_reason(c, after_quantifier)));
            }

            let atom = self.parse_atom(depth)?;
            let quantifier = self.parse_quantifier()?;
            pieces.push(Piece { atom, quantifier });
        }
        Ok(Branch { pieces })
    }

    /// Parses `atom ::= Char | charClass | '(' regExp ')'`. The caller has ruled
    /// out the end of the pattern, `|`, `)` and the quantifier characters.
    fn parse_atom(&mut self, depth: usize) -> Result<Atom, PatternError> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.error(start, "expected an atom at the end of the pattern"));
        };

        match c {
            '(' => self.parse_group(depth),
            '[' => Ok(Atom::Class(CharClass::Expr(self.parse_class_expr(depth)?))),
            ']' => Err(self.error(
                start,
                "unescaped `]` outside a character class (write `\\]` for a literal bracket)",
            )),
            '.' => {
                self.pos += 1;
                Ok(Atom::Class(CharClass::Wildcard))
            }
            '\\' => match self.parse_escape()? {
                Escape::Char(c) => Ok(Atom::Char(c)),
                Escape::Class(escape) => Ok(Atom::Class(CharClass::Escape(escape))),
            },
            _ => {
                self.pos += 1;
                Ok(Atom::Char(c))
            }
        }
    }

    /// Parses `'(' regExp ')'` from the `(` under the cursor.
    fn parse_group(&mut self, depth: usize) -> Result<Atom, PatternError> {
        let open = self.pos;
        if depth >= MAX_NESTING {
            return Err(self.error(open, nesting_reason()));
        }
        if self.peek_at(1) == Some('?') {
            return Err(self.error(
                open,
                "`(?` is not XSD syntax, because XSD regular expressions have no \
                 non-capturing groups, lookaround or inline flags (write `(` alone for a group)",
            ));
        }
        self.pos += 1;

        let regexp = self.parse_regexp(depth + 1)?;

        if self.peek() != Some(')') {
            return Err(self.error(
                self.pos,
                format!("missing `)` to close the group opened at character {open}"),
            ));
        }
        self.pos += 1;
        Ok(Atom::Group(regexp))
    }

    /// Parses an optional quantifier after an atom.
    fn parse_quantifier(&mut self) -> Result<Quantifier, PatternError> {
        let quantifier = match self.peek() {
            Some('?') => Quantifier::Optional,
            Some('*') => Quantifier::ZeroOrMore,
            Some('+') => Quantifier::OneOrMore,
            Some('{') => return self.parse_counted(),
            _ => return Ok(Quantifier::Once),
        };
        self.pos += 1;
        Ok(quantifier)
    }

    /// Parses `'{' quantity '}'`, where `quantity` is `n`, `n,` or `n,m`.
    fn parse_counted(&mut self) -> Result<Quantifier, PatternError> {
        let open = self.pos;
        self.pos += 1;

        let Some(min) = self.parse_count(open)? else {
            return Err(self.error(
                open,
                "a quantifier `{` must be followed by a number, as in `{2}`, `{2,}` or `{2,5}` \
                 (write `\\{` for a literal brace)",
            ));
        };

        let max = if self.peek() == Some(',') {
            self.pos += 1;
            self.parse_count(open)?
        } else {
            Some(min)
        };

        if self.peek() != Some('}') {
            return Err(self.error(
                self.pos,
                format!(
                    "the quantifier opened at character {open} must end with `}}` after its \
                     numbers, as in `{{2}}`, `{{2,}}` or `{{2,5}}`"
                ),
            ));
        }
        self.pos += 1;

        if let Some(max) = max {
            if min > max {
                return Err(self.error(
                    open,
                    format!(
                        "the quantifier `{{{min},{max}}}` has a minimum above its maximum \
                         (swap the numbers)"
                    ),
                ));
            }
        }
        Ok(Quantifier::Counted { min, max })
    }

    /// Parses the decimal digits of a count, if any, and checks the count against
    /// `MAX_REPETITION`.
    fn parse_count(&mut self, open: usize) -> Result<Option<u32>, PatternError> {
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(digit) = self.peek().and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(u64::from(digit));
            self.pos += 1;
        }
        if self.pos == start {
            return Ok(None);
        }

        match u32::try_from(value) {
            Ok(count) if count <= MAX_REPETITION => Ok(Some(count)),
            _ => {
                let digits: String = self.chars[start..self.pos].iter().collect();
                Err(self.error(
                    open,
                    format!(
                        "the repetition count {digits} exceeds the maximum of {MAX_REPETITION} \
                         (use `*` or `+`, or a smaller count)"
                    ),
                ))
            }
        }
    }
}

/// Returns the error reason for nesting deeper than `MAX_NESTING`.
pub(crate) fn nesting_reason() -> String {
    format!(
        "groups and class subtractions are nested more than {MAX_NESTING} levels deep \
         (flatten the pattern)"
    )
}

/// Explains a quantifier character found where no atom precedes it.
fn misplaced_quantifier_reason(quantifier: char, after_quantifier: bool) -> String {
    if after_quantifier {
        return format!(
            "a second quantifier `{quantifier}` follows a quantifier, but XSD allows one \
             quantifier per atom and has no lazy or possessive quantifiers (wrap the piece in \
             parentheses to repeat it again, or write `\\{quantifier}` for a literal character)"
        );
    }
    format!(
        "the quantifier `{quantifier}` has no atom before it to repeat (write \
         `\\{quantifier}` for a literal character)"
    )
}
