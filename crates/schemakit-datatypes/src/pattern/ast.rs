//! Syntax tree of an XSD regular expression, one type per production of XSD 1.0
//! Part 2, appendix F.

use super::blocks::Block;

/// `regExp ::= branch ('|' branch)*`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Regexp {
    pub(crate) branches: Vec<Branch>,
}

/// `branch ::= piece*`. An empty branch matches the empty string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Branch {
    pub(crate) pieces: Vec<Piece>,
}

/// `piece ::= atom quantifier?`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) atom: Atom,
    pub(crate) quantifier: Quantifier,
}

/// The repetition of an atom. `Once` is a piece without quantifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quantifier {
    Once,
    /// `?`
    Optional,
    /// `*`
    ZeroOrMore,
    /// `+`
    OneOrMore,
    /// `{n}`, `{n,}` and `{n,m}`: `max` is `None` for `{n,}`.
    Counted {
        min: u32,
        max: Option<u32>,
    },
}

/// `atom ::= Char | charClass | '(' regExp ')'`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Atom {
    /// A normal character or a single-character escape such as `\*`.
    Char(char),
    Class(CharClass),
    Group(Regexp),
}

/// `charClass ::= charClassEsc | charClassExpr | WildcardEsc`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CharClass {
    /// `.`: every character except line feed and carriage return.
    Wildcard,
    /// A multi-character, category or block escape outside brackets.
    Escape(ClassEscape),
    Expr(ClassExpr),
}

/// `charClassExpr ::= '[' charGroup ']'`, where the group may be negated and may
/// end with a subtraction `-[...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClassExpr {
    /// Whether the group starts with `^`. The subtraction applies to the negated
    /// group: `[^a-z-[x]]` is "not a to z, and not x".
    pub(crate) negated: bool,
    pub(crate) items: Vec<ClassItem>,
    pub(crate) subtracted: Option<Box<ClassExpr>>,
}

/// One element of `posCharGroup ::= (charRange | charClassEsc)+`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ClassItem {
    Char(char),
    /// An inclusive range whose start is not above its end.
    Range(char, char),
    Escape(ClassEscape),
}

/// A character class escape that stands for a set of characters rather than one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClassEscape {
    Multi(MultiCharEscape),
    /// `\p{Lu}` or, negated, `\P{Lu}`. The name is one of the XSD 1.0 categories.
    Category {
        name: &'static str,
        negated: bool,
    },
    /// `\p{IsBasicLatin}` or, negated, `\P{IsBasicLatin}`.
    Block {
        block: &'static Block,
        negated: bool,
    },
}

/// The multi-character escapes `\s \i \c \d \w` and their complements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MultiCharEscape {
    /// `\s`: space, tab, line feed and carriage return.
    Space,
    /// `\i`: XML 1.0 `Letter`, `_` and `:`.
    NameStart,
    /// `\c`: XML 1.0 `NameChar`.
    NameChar,
    /// `\d`: `\p{Nd}`.
    Digit,
    /// `\w`: every character outside `\p{P}`, `\p{Z}` and `\p{C}`.
    Word,
    NotSpace,
    NotNameStart,
    NotNameChar,
    NotDigit,
    NotWord,
}
