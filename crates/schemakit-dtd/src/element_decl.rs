//! Element type declarations: productions [45] to [51].

use crate::lexical::{keyword, name, opt_s, s, Mark};
use crate::parse_error::{expect, failure, PResult, SyntaxError};
use nom::bytes::complete::tag;
use schemakit_model::Occurs;

/// An element type declaration as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ElementDeclAst<'a> {
    pub(crate) name: &'a str,
    pub(crate) content: ContentAst<'a>,
}

/// `[46] contentspec` as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ContentAst<'a> {
    Empty,
    Any,
    /// The element names of a mixed-content model, each with its mark.
    Mixed(Vec<(&'a str, Mark)>),
    Children(Cp<'a>),
}

/// `[48] cp`: a name or a group with its occurrence indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cp<'a> {
    pub(crate) term: CpTerm<'a>,
    pub(crate) occurs: Occurs,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CpTerm<'a> {
    Name(&'a str),
    Choice(Vec<Cp<'a>>),
    Sequence(Vec<Cp<'a>>),
}

/// `[45] elementdecl ::= '<!ELEMENT' S Name S contentspec S? '>'`
///
/// Groups nested deeper than `max_nesting` are rejected with a limit error.
pub(crate) fn elementdecl(input: &str, max_nesting: usize) -> PResult<'_, ElementDeclAst<'_>> {
    let (rest, _) = tag("<!ELEMENT")(input)?;
    let (rest, _) = s(rest)?;
    let (rest, element) = expect("the element type name", name)(rest)?;
    let (rest, _) = s(rest)?;
    let (rest, content) = contentspec(rest, max_nesting)?;
    let (rest, _) = opt_s(rest)?;
    let (rest, _) = expect("`>` to end the declaration", tag(">"))(rest)?;
    Ok((
        rest,
        ElementDeclAst {
            name: element,
            content,
        },
    ))
}

/// `[46] contentspec ::= 'EMPTY' | 'ANY' | Mixed | children`
fn contentspec(input: &str, max_nesting: usize) -> PResult<'_, ContentAst<'_>> {
    for (word, spec) in [("EMPTY", ContentAst::Empty), ("ANY", ContentAst::Any)] {
        match keyword(word, "")(input) {
            Ok((rest, _)) => return Ok((rest, spec)),
            Err(nom::Err::Failure(error)) => return Err(nom::Err::Failure(error)),
            Err(_) => {}
        }
    }

    let Some(after_paren) = input.strip_prefix('(') else {
        return Err(nom::Err::Error(SyntaxError::expected(
            input,
            "`EMPTY`, `ANY` or a content model in parentheses",
        )));
    };
    let (inner, _) = opt_s(after_paren)?;
    if inner.starts_with("#PCDATA") {
        let (rest, names) = mixed(inner)?;
        return Ok((rest, ContentAst::Mixed(names)));
    }
    let (rest, cp) = group(after_paren, 1, max_nesting)?;
    Ok((rest, ContentAst::Children(cp)))
}

/// `[51] Mixed ::= '(' S? '#PCDATA' (S? '|' S? Name)* S? ')*' | '(' S? '#PCDATA' S? ')'`,
/// from just after `#PCDATA`'s opening parenthesis and whitespace.
fn mixed(input: &str) -> PResult<'_, Vec<(&str, Mark)>> {
    let (mut rest, _) = tag("#PCDATA")(input)?;
    let mut names = Vec::new();

    loop {
        let (after_space, _) = opt_s(rest)?;
        if let Some(after_bar) = after_space.strip_prefix('|') {
            let (at_name, _) = opt_s(after_bar)?;
            if at_name.starts_with('(') {
                return failure(
                    at_name,
                    "a mixed-content model lists element names only; nested groups are not allowed after `#PCDATA`",
                );
            }
            let (after_name, element) = expect("an element name", name)(at_name)?;
            names.push((element, at_name.len()));
            rest = after_name;
            continue;
        }

        if let Some(after) = after_space.strip_prefix(")*") {
            return Ok((after, names));
        }
        if let Some(after) = after_space.strip_prefix(')') {
            if names.is_empty() && !after.starts_with(['?', '+']) {
                return Ok((after, names));
            }
            return failure(
                after_space,
                "a mixed-content model that names elements must end with `)*`, as in `(#PCDATA | a | b)*`",
            );
        }
        return Err(nom::Err::Error(SyntaxError::expected(
            after_space,
            "`|` or `)`",
        )));
    }
}

/// `[49] choice ::= '(' S? cp ( S? '|' S? cp )+ S? ')'` and
/// `[50] seq ::= '(' S? cp ( S? ',' S? cp )* S? ')'`, from just after the opening
/// parenthesis, with the occurrence indicator that follows the group.
fn group(input: &str, depth: usize, max_nesting: usize) -> PResult<'_, Cp<'_>> {
    if depth > max_nesting {
        let mut error = SyntaxError::message(
            input,
            format!("content model nests groups more than {max_nesting} levels deep (limit max_group_nesting); simplify the model or raise the limit"),
        );
        error.limit = true;
        return Err(nom::Err::Failure(error));
    }

    let (rest, _) = opt_s(input)?;
    let (mut rest, first) = cp(rest, depth, max_nesting)?;
    let mut items = vec![first];
    let mut separator: Option<char> = None;

    loop {
        let (after_space, _) = opt_s(rest)?;
        let next = after_space.chars().next();

        if next == Some(')') {
            let after = after_space.get(1..).unwrap_or("");
            let (after, occurs) = occurrence(after);
            let term = match separator {
                Some('|') => CpTerm::Choice(items),
                _ => CpTerm::Sequence(items),
            };
            return Ok((after, Cp { term, occurs }));
        }

        let Some(ch @ (',' | '|')) = next else {
            let expected = match separator {
                Some(',') => "`,` or `)`",
                Some(_) => "`|` or `)`",
                None => "`,`, `|` or `)`",
            };
            return Err(nom::Err::Error(SyntaxError::expected(
                after_space,
                expected,
            )));
        };
        if let Some(previous) = separator {
            if previous != ch {
                return failure(
                    after_space,
                    format!("a group cannot mix `{previous}` and `{ch}`; put the items joined by `{ch}` in their own parentheses"),
                );
            }
        }
        separator = Some(ch);

        let (after_separator, _) = opt_s(after_space.get(1..).unwrap_or(""))?;
        let (after_item, item) = cp(after_separator, depth, max_nesting)?;
        items.push(item);
        rest = after_item;
    }
}

/// `[48] cp ::= (Name | choice | seq) ('?' | '*' | '+')?`
fn cp(input: &str, depth: usize, max_nesting: usize) -> PResult<'_, Cp<'_>> {
    if let Some(inner) = input.strip_prefix('(') {
        return group(inner, depth + 1, max_nesting);
    }
    if input.starts_with("#PCDATA") {
        return failure(
            input,
            "`#PCDATA` may appear only first in the outermost group, as in `(#PCDATA | a)*`",
        );
    }

    let (rest, element) = expect("an element name or `(`", name)(input)?;
    let (rest, occurs) = occurrence(rest);
    Ok((
        rest,
        Cp {
            term: CpTerm::Name(element),
            occurs,
        },
    ))
}

/// `('?' | '*' | '+')?`
fn occurrence(input: &str) -> (&str, Occurs) {
    let occurs = match input.chars().next() {
        Some('?') => Occurs::OPTIONAL,
        Some('*') => Occurs::ZERO_OR_MORE,
        Some('+') => Occurs::ONE_OR_MORE,
        _ => return (input, Occurs::ONCE),
    };
    (input.get(1..).unwrap_or(""), occurs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Result<ElementDeclAst<'_>, String> {
        crate::parse_error::parse_whole(elementdecl(input, 16))
    }

    #[test]
    fn accepted_content_specs() {
        let cases = [
            "<!ELEMENT a EMPTY>",
            "<!ELEMENT a ANY >",
            "<!ELEMENT a (#PCDATA)>",
            "<!ELEMENT a ( #PCDATA ) >",
            "<!ELEMENT a (#PCDATA)*>",
            "<!ELEMENT a (#PCDATA|b|c)*>",
            "<!ELEMENT a ( #PCDATA | b )*>",
            "<!ELEMENT a (b)>",
            "<!ELEMENT a (b, c?, (d | e)*)+>",
            "<!ELEMENT a\n(b\n,c)>",
        ];
        for input in cases {
            assert!(parse(input).is_ok(), "{input}: {:?}", parse(input));
        }
    }

    #[test]
    fn rejected_content_specs() {
        let cases = [
            ("<!ELEMENT a empty>", "upper case"),
            ("<!ELEMENT a (#PCDATA|b)>", "must end with `)*`"),
            (
                "<!ELEMENT a (b|#PCDATA)*>",
                "`#PCDATA` may appear only first",
            ),
            ("<!ELEMENT a (b, c | d)>", "cannot mix"),
            ("<!ELEMENT a (b c)>", "expected `,`, `|` or `)`"),
            ("<!ELEMENT a (b) *>", "expected `>` to end the declaration"),
            ("<!ELEMENT a(b)>", "expected whitespace"),
            ("<!ELEMENT a ()>", "expected an element name or `(`"),
            (
                "<!ELEMENT a (#PCDATA|(b))*>",
                "nested groups are not allowed",
            ),
        ];
        for (input, message) in cases {
            let error = parse(input).err().unwrap_or_default();
            assert!(error.contains(message), "{input}: {error}");
        }
    }

    #[test]
    fn deep_nesting_is_a_limit_error() {
        let input = format!("<!ELEMENT a {}b{}>", "(".repeat(40), ")".repeat(40));
        let error = match elementdecl(&input, 16) {
            Err(nom::Err::Failure(error)) => error,
            other => panic!("expected a failure, got {other:?}"),
        };
        assert!(error.limit);
    }

    #[test]
    fn groups_keep_their_shape() {
        let ast = parse("<!ELEMENT a (b, (c | d)*)?>");
        let Ok(ElementDeclAst {
            content: ContentAst::Children(root),
            ..
        }) = ast
        else {
            panic!("expected element content, got {ast:?}");
        };
        assert_eq!(root.occurs, Occurs::OPTIONAL);
        let CpTerm::Sequence(items) = root.term else {
            panic!("expected a sequence");
        };
        assert_eq!(items.len(), 2);
        assert_eq!(
            items.first().map(|item| &item.term),
            Some(&CpTerm::Name("b"))
        );
        assert!(matches!(
            items.get(1).map(|item| &item.term),
            Some(CpTerm::Choice(_))
        ));
    }
}
