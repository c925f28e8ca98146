//! Parsing of character class expressions `[...]`, `[^...]` and `[...-[...]]`.
//!
//! The grammar's rules on `-` are in the productions `charRange`, `seRange`,
//! `XmlChar` and `XmlCharIncDash`. An unescaped `-` is a literal only as the first
//! or the last character of a group. Elsewhere it separates the ends of a range or
//! introduces the subtracted class just before the closing `]`, and anything else
//! is an error. Unescaped `[` and `]` are errors inside a group.

use super::ast::{ClassExpr, ClassItem};
use super::escapes::Escape;
use super::parser::{nesting_reason, Parser};
use super::PatternError;

impl Parser<'_> {
    /// Parses a character class expression from the `[` under the cursor.
    pub(crate) fn parse_class_expr(&mut self, depth: usize) -> Result<ClassExpr, PatternError> {
        let open = self.pos;
        if depth >= super::MAX_NESTING {
            return Err(self.error(open, nesting_reason()));
        }
        self.pos += 1;

        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }

        let mut items: Vec<ClassItem> = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error(
                    self.pos,
                    format!("missing `]` to close the character class opened at character {open}"),
                ));
            };

            match c {
                ']' => {
                    if items.is_empty() {
                        return Err(self.error(
                            self.pos,
                            "empty character class (a class needs at least one character, and \
                             `\\]` is a literal bracket)",
                        ));
                    }
                    self.pos += 1;
                    return Ok(ClassExpr {
                        negated,
                        items,
                        subtracted: None,
                    });
                }
                '[' => {
                    return Err(self.error(
                        self.pos,
                        "unescaped `[` inside a character class (write `\\[` for a literal \
                         bracket, or `-[...]` at the end of the class to subtract a class)",
                    ));
                }
                '-' if self.peek_at(1) == Some('[') && !items.is_empty() => {
                    return self.parse_subtraction(open, negated, items, depth);
                }
                '-' if items.is_empty() || self.peek_at(1) == Some(']') => {
                    self.pos += 1;
                    items.push(ClassItem::Char('-'));
                }
                '-' => {
                    return Err(self.error(
                        self.pos,
                        "unescaped `-` inside a character class, where it is a literal only as \
                         the first or last character (write `\\-` for a literal hyphen)",
                    ));
                }
                _ => items.push(self.parse_class_item()?),
            }
        }
    }

    /// Parses `-[...]` and the `]` that must follow it.
    fn parse_subtraction(
        &mut self,
        open: usize,
        negated: bool,
        items: Vec<ClassItem>,
        depth: usize,
    ) -> Result<ClassExpr, PatternError> {
        self.pos += 1;
        let subtracted = self.parse_class_expr(depth + 1)?;

        if self.peek() != Some(']') {
            return Err(self.error(
                self.pos,
                format!(
                    "a subtracted class `-[...]` must be the last part of the character class \
                     opened at character {open}, so `]` must follow it"
                ),
            ));
        }
        self.pos += 1;

        Ok(ClassExpr {
            negated,
            items,
            subtracted: Some(Box::new(subtracted)),
        })
    }

    /// Parses one character, range or class escape inside a group. The caller has
    /// handled `]`, `[` and `-`.
    fn parse_class_item(&mut self) -> Result<ClassItem, PatternError> {
        let start_offset = self.pos;
        let start = match self.parse_class_char()? {
            Escape::Char(c) => c,
            Escape::Class(escape) => return Ok(ClassItem::Escape(escape)),
        };

        // A `-` followed by `]` or `[` ends the group or starts a subtraction, so
        // only a `-` followed by anything else makes a range.
        let is_range = self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']' | '['));
        if !is_range {
            return Ok(ClassItem::Char(start));
        }
        self.pos += 1;

        let end_offset = self.pos;
        let end =
            match self.peek() {
                None => {
                    return Err(self.error(
                        end_offset,
                        "the pattern ends inside a character class range",
                    ))
                }
                Some('-') => return Err(self.error(
                    end_offset,
                    "a range cannot end with an unescaped `-` (write `\\-` for a literal hyphen)",
                )),
                Some(_) => {
                    match self.parse_class_char()? {
                        Escape::Char(c) => c,
                        Escape::Class(_) => return Err(self.error(
                            end_offset,
                            "a range must end with a single character, not a class escape such as \
                         `\\d` or `\\p{..}`",
                        )),
                    }
                }
            };

        if start > end {
            return Err(self.error(
                start_offset,
                format!(
                    "the range `{}-{}` starts above its end, because U+{:04X} comes after \
                     U+{:04X} (write the lower character first)",
                    start.escape_debug(),
                    end.escape_debug(),
                    u32::from(start),
                    u32::from(end)
                ),
            ));
        }
        Ok(ClassItem::Range(start, end))
    }

    /// Parses a literal character or an escape inside a group.
    fn parse_class_char(&mut self) -> Result<Escape, PatternError> {
        let offset = self.pos;
        match self.peek() {
            Some('\\') => self.parse_escape(),
            Some('[') => Err(self.error(
                offset,
                "unescaped `[` inside a character class (write `\\[` for a literal bracket)",
            )),
            Some(']') => Err(self.error(
                offset,
                "a range cannot end with `]` (write `\\]` for a literal bracket)",
            )),
            Some(c) => {
                self.pos += 1;
                Ok(Escape::Char(c))
            }
            None => Err(self.error(offset, "the pattern ends inside a character class")),
        }
    }
}
