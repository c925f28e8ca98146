//! Translation of the syntax tree to the syntax of the `regex` crate.
//!
//! Every construct is rewritten, never copied: groups become non-capturing,
//! characters are escaped, and the escapes whose meaning differs between XSD and
//! `regex` (`.`, `\s`, `\i`, `\c`, `\w`, blocks) become explicit classes. Class
//! subtraction uses the `regex` class difference `[[...]--[...]]`.

use std::fmt::Write;

use super::ast::{
    Atom, Branch, CharClass, ClassEscape, ClassExpr, ClassItem, MultiCharEscape, Piece, Quantifier,
    Regexp,
};
use super::names::{NAME_CHAR_TABLES, NAME_START_TABLES};

/// A class that matches no character, for blocks whose code points are all
/// surrogates.
const EMPTY_CLASS: &str = r"[^\x{0}-\x{10FFFF}]";

/// A class that matches every character.
const ANY_CLASS: &str = r"[\x{0}-\x{10FFFF}]";

/// Translates a parsed pattern to a `regex` expression anchored at both ends.
pub(crate) fn translate(regexp: &Regexp) -> String {
    let mut out = String::from(r"\A(?:");
    push_regexp(&mut out, regexp);
    out.push_str(r")\z");
    out
}

fn push_regexp(out: &mut String, regexp: &Regexp) {
    for (index, branch) in regexp.branches.iter().enumerate() {
        if index > 0 {
            out.push('|');
        }
        push_branch(out, branch);
    }
}

fn push_branch(out: &mut String, branch: &Branch) {
    for piece in &branch.pieces {
        push_piece(out, piece);
    }
}

fn push_piece(out: &mut String, piece: &Piece) {
    push_atom(out, &piece.atom);

    match piece.quantifier {
        Quantifier::Once => {}
        Quantifier::Optional => out.push('?'),
        Quantifier::ZeroOrMore => out.push('*'),
        Quantifier::OneOrMore => out.push('+'),
        Quantifier::Counted { min, max: None } => {
            let _ = write!(out, "{{{min},}}");
        }
        Quantifier::Counted {
            min,
            max: Some(max),
        } if min == max => {
            let _ = write!(out, "{{{min}}}");
        }
        Quantifier::Counted {
            min,
            max: Some(max),
        } => {
            let _ = write!(out, "{{{min},{max}}}");
        }
    }
}

/// Writes an atom as one unit that a quantifier can follow.
fn push_atom(out: &mut String, atom: &Atom) {
    match atom {
        Atom::Char(c) => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        Atom::Group(regexp) => {
            out.push_str("(?:");
            push_regexp(out, regexp);
            out.push(')');
        }
        Atom::Class(CharClass::Wildcard) => out.push_str(r"[^\n\r]"),
        Atom::Class(CharClass::Escape(escape)) => push_class_escape(out, escape),
        Atom::Class(CharClass::Expr(expr)) => push_class_expr(out, expr),
    }
}

/// Writes `[items]`, `[^items]` or, with a subtraction, `[[items]--sub]`.
fn push_class_expr(out: &mut String, expr: &ClassExpr) {
    if let Some(subtracted) = &expr.subtracted {
        out.push('[');
        push_class_group(out, expr.negated, &expr.items);
        out.push_str("--");
        push_class_expr(out, subtracted);
        out.push(']');
        return;
    }
    push_class_group(out, expr.negated, &expr.items);
}

fn push_class_group(out: &mut String, negated: bool, items: &[ClassItem]) {
    out.push_str(if negated { "[^" } else { "[" });
    for item in items {
        match item {
            ClassItem::Char(c) => push_code_point(out, u32::from(*c)),
            ClassItem::Range(start, end) => push_range(out, u32::from(*start), u32::from(*end)),
            ClassItem::Escape(escape) => push_class_escape(out, escape),
        }
    }
    out.push(']');
}

/// Writes a class escape as a class or property that is valid both on its own and
/// nested inside `[...]`.
fn push_class_escape(out: &mut String, escape: &ClassEscape) {
    match escape {
        ClassEscape::Multi(multi) => push_multi_char_escape(out, *multi),
        ClassEscape::Category { name, negated } => {
            let letter = if *negated { 'P' } else { 'p' };
            let _ = write!(out, "\\{letter}{{{name}}}");
        }
        ClassEscape::Block { block, negated } => {
            push_table_class(out, &[block.ranges], *negated);
        }
    }
}

fn push_multi_char_escape(out: &mut String, multi: MultiCharEscape) {
    match multi {
        MultiCharEscape::Space => out.push_str(r"[\t\n\r ]"),
        MultiCharEscape::NotSpace => out.push_str(r"[^\t\n\r ]"),
        MultiCharEscape::NameStart => push_table_class(out, NAME_START_TABLES, false),
        MultiCharEscape::NotNameStart => push_table_class(out, NAME_START_TABLES, true),
        MultiCharEscape::NameChar => push_table_class(out, NAME_CHAR_TABLES, false),
        MultiCharEscape::NotNameChar => push_table_class(out, NAME_CHAR_TABLES, true),
        MultiCharEscape::Digit => out.push_str(r"\p{Nd}"),
        MultiCharEscape::NotDigit => out.push_str(r"\P{Nd}"),
        MultiCharEscape::Word => out.push_str(r"[^\p{P}\p{Z}\p{C}]"),
        MultiCharEscape::NotWord => out.push_str(r"[\p{P}\p{Z}\p{C}]"),
    }
}

/// Writes the union of code point tables as one class, or its complement.
fn push_table_class(out: &mut String, tables: &[&[(u32, u32)]], negated: bool) {
    if tables.iter().all(|table| table.is_empty()) {
        out.push_str(if negated { ANY_CLASS } else { EMPTY_CLASS });
        return;
    }

    out.push_str(if negated { "[^" } else { "[" });
    for &(start, end) in tables.iter().flat_map(|table| table.iter()) {
        push_range(out, start, end);
    }
    out.push(']');
}

fn push_range(out: &mut String, start: u32, end: u32) {
    push_code_point(out, start);
    if end != start {
        out.push('-');
        push_code_point(out, end);
    }
}

/// Writes a code point as `\x{..}`, which is valid anywhere inside a class.
fn push_code_point(out: &mut String, code_point: u32) {
    let _ = write!(out, "\\x{{{code_point:X}}}");
}
