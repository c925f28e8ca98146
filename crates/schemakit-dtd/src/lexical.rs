//! Lexical productions shared by the declarations: whitespace, names, literals,
//! references and external identifiers.
//!
//! Positions inside parsed values are kept as marks: the length of the input that
//! remained when the value started. The caller turns a mark into an offset by
//! subtracting it from the length of the whole text it parsed.

use crate::parse_error::{expect, failure, PResult, SyntaxError};
use nom::bytes::complete::{tag, take_while, take_while1};
use schemakit_model::chars::{
    is_name_char, is_name_start_char, is_pubid_char, is_xml_char, is_xml_whitespace,
};

/// The length of the input that remained at some point of a parse.
pub(crate) type Mark = usize;

/// `[3] S ::= (#x20 | #x9 | #xD | #xA)+`
pub(crate) fn s(input: &str) -> PResult<'_, &str> {
    expect("whitespace", take_while1(is_xml_whitespace))(input)
}

/// `S?`
pub(crate) fn opt_s(input: &str) -> PResult<'_, &str> {
    take_while(is_xml_whitespace)(input)
}

/// `[5] Name ::= NameStartChar (NameChar)*`
pub(crate) fn name(input: &str) -> PResult<'_, &str> {
    match input.chars().next() {
        Some(first) if is_name_start_char(first) => {
            let rest = input.get(first.len_utf8()..).unwrap_or("");
            let (rest, _) = take_while(is_name_char)(rest)?;
            let length = input.len() - rest.len();
            Ok((rest, input.get(..length).unwrap_or("")))
        }
        _ => Err(nom::Err::Error(SyntaxError::expected(input, "a name"))),
    }
}

/// `[7] Nmtoken ::= (NameChar)+`
pub(crate) fn nmtoken(input: &str) -> PResult<'_, &str> {
    expect("a name token", take_while1(is_name_char))(input)
}

/// Matches the keyword `word` exactly, so that `<!element` reports the wrong case
/// instead of a generic error.
pub(crate) fn keyword<'a>(
    word: &'static str,
    description: &'static str,
) -> impl FnMut(&'a str) -> PResult<'a, &'a str> {
    move |input: &'a str| {
        if let Ok(result) = tag::<_, _, SyntaxError<'a>>(word)(input) {
            return Ok(result);
        }
        let prefix = input.get(..word.len()).unwrap_or("");
        if prefix.eq_ignore_ascii_case(word) {
            return failure(
                input,
                format!("keyword `{prefix}` must be written in upper case as `{word}`"),
            );
        }
        Err(nom::Err::Error(SyntaxError::expected(input, description)))
    }
}

/// `[66] CharRef ::= '&#' [0-9]+ ';' | '&#x' [0-9a-fA-F]+ ';'`, whose character
/// must be one that XML allows (WFC: Legal Character).
pub(crate) fn char_ref(input: &str) -> PResult<'_, char> {
    let (rest, _) = tag("&#")(input)?;

    let (rest, digits, radix) = match rest.strip_prefix('x') {
        Some(hex) => {
            let (rest, digits) = take_while(|ch: char| ch.is_ascii_hexdigit())(hex)?;
            (rest, digits, 16)
        }
        None => {
            let (rest, digits) = take_while(|ch: char| ch.is_ascii_digit())(rest)?;
            (rest, digits, 10)
        }
    };
    let Some(rest) = rest.strip_prefix(';') else {
        return failure(
            input,
            "malformed character reference; write `&#` decimal digits `;` or `&#x` hexadecimal digits `;`",
        );
    };

    let character = u32::from_str_radix(digits, radix)
        .ok()
        .and_then(char::from_u32)
        .filter(|ch| is_xml_char(*ch));
    match character {
        Some(character) => Ok((rest, character)),
        None => {
            let written = input.get(..input.len() - rest.len()).unwrap_or("");
            failure(
                input,
                format!(
                    "character reference `{written}` names a character that XML 1.0 does not allow"
                ),
            )
        }
    }
}

/// `[68] EntityRef ::= '&' Name ';'`, returning the name.
pub(crate) fn entity_ref(input: &str) -> PResult<'_, &str> {
    let (rest, _) = tag("&")(input)?;
    let (rest, entity) = name(rest)?;
    let (rest, _) = tag(";")(rest)?;
    Ok((rest, entity))
}

/// `[69] PEReference ::= '%' Name ';'`, returning the name.
pub(crate) fn pe_reference(input: &str) -> PResult<'_, &str> {
    let (rest, _) = tag("%")(input)?;
    let (rest, entity) = expect("an entity name after `%`", name)(rest)?;
    let (rest, _) = expect("`;` to end the parameter-entity reference", tag(";"))(rest)?;
    Ok((rest, entity))
}

/// One piece of an entity value or attribute value literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ValuePart<'a> {
    /// Characters taken as written.
    Text(&'a str),
    /// A character reference, already replaced by its character.
    Char(char),
    /// A general entity reference `&name;`.
    EntityRef(&'a str),
    /// A parameter-entity reference `%name;` (entity values only).
    PeRef(&'a str),
}

/// A value part and the mark where it starts.
pub(crate) type LocatedPart<'a> = (ValuePart<'a>, Mark);

/// Reads an opening quote and returns it.
fn open_quote(input: &str) -> PResult<'_, char> {
    match input.chars().next() {
        Some(quote @ ('"' | '\'')) => Ok((input.get(1..).unwrap_or(""), quote)),
        _ => Err(nom::Err::Error(SyntaxError::expected(
            input,
            "a quoted literal",
        ))),
    }
}

/// Reads literal text up to the closing quote or one of `stops`, checking that
/// every character is allowed in XML.
fn literal_text<'a>(input: &'a str, quote: char, stops: &[char]) -> PResult<'a, &'a str> {
    let end = input
        .find(|ch: char| ch == quote || stops.contains(&ch))
        .unwrap_or(input.len());
    let text = input.get(..end).unwrap_or("");
    if let Some((index, ch)) = text.char_indices().find(|(_, ch)| !is_xml_char(*ch)) {
        let at = input.get(index..).unwrap_or("");
        return failure(
            at,
            format!("character U+{:04X} is not allowed in XML", u32::from(ch)),
        );
    }
    Ok((input.get(end..).unwrap_or(""), text))
}

/// `[9] EntityValue ::= '"' ([^%&"] | PEReference | Reference)* '"' | "'" ([^%&'] | PEReference | Reference)* "'"`
pub(crate) fn entity_value(input: &str) -> PResult<'_, Vec<LocatedPart<'_>>> {
    let (mut rest, quote) = open_quote(input)?;
    let mut parts = Vec::new();

    loop {
        let (after, text) = literal_text(rest, quote, &['%', '&'])?;
        if !text.is_empty() {
            parts.push((ValuePart::Text(text), rest.len()));
        }
        rest = after;

        match rest.chars().next() {
            Some(ch) if ch == quote => return Ok((rest.get(1..).unwrap_or(""), parts)),
            Some('%') => {
                let Ok((after, entity)) = pe_reference(rest) else {
                    return failure(
                        rest,
                        "`%` in an entity value must start a parameter-entity reference such as `%name;`; write `&#37;` for a percent sign",
                    );
                };
                parts.push((ValuePart::PeRef(entity), rest.len()));
                rest = after;
            }
            Some('&') => {
                let (after, part) = reference_in_literal(rest)?;
                parts.push((part, rest.len()));
                rest = after;
            }
            _ => return failure(input, "entity value is missing its closing quote"),
        }
    }
}

/// `[67] Reference ::= EntityRef | CharRef` inside a literal.
fn reference_in_literal(input: &str) -> PResult<'_, ValuePart<'_>> {
    if input.starts_with("&#") {
        let (rest, character) = char_ref(input)?;
        return Ok((rest, ValuePart::Char(character)));
    }
    match entity_ref(input) {
        Ok((rest, entity)) => Ok((rest, ValuePart::EntityRef(entity))),
        Err(_) => failure(
            input,
            "`&` must start an entity reference such as `&name;` or a character reference such as `&#38;`; write `&amp;` for an ampersand",
        ),
    }
}

/// `[10] AttValue ::= '"' ([^<&"] | Reference)* '"' | "'" ([^<&'] | Reference)* "'"`
pub(crate) fn att_value(input: &str) -> PResult<'_, Vec<LocatedPart<'_>>> {
    let (mut rest, quote) = open_quote(input)?;
    let mut parts = Vec::new();

    loop {
        let (after, text) = literal_text(rest, quote, &['<', '&'])?;
        if !text.is_empty() {
            parts.push((ValuePart::Text(text), rest.len()));
        }
        rest = after;

        match rest.chars().next() {
            Some(ch) if ch == quote => return Ok((rest.get(1..).unwrap_or(""), parts)),
            Some('<') => {
                return failure(
                    rest,
                    "`<` is not allowed in an attribute value; write `&lt;`",
                )
            }
            Some('&') => {
                let (after, part) = reference_in_literal(rest)?;
                parts.push((part, rest.len()));
                rest = after;
            }
            _ => return failure(input, "attribute value is missing its closing quote"),
        }
    }
}

/// `[11] SystemLiteral ::= ('"' [^"]* '"') | ("'" [^']* "'")`
pub(crate) fn system_literal(input: &str) -> PResult<'_, &str> {
    let (rest, quote) = expect("a quoted system identifier", open_quote)(input)?;
    let (after, text) = literal_text(rest, quote, &[])?;
    match after.strip_prefix(quote) {
        Some(after) => Ok((after, text)),
        None => failure(input, "system identifier is missing its closing quote"),
    }
}

/// `[12] PubidLiteral ::= '"' PubidChar* '"' | "'" (PubidChar - "'")* "'"`
pub(crate) fn pubid_literal(input: &str) -> PResult<'_, &str> {
    let (rest, quote) = expect("a quoted public identifier", open_quote)(input)?;
    let (after, text) = literal_text(rest, quote, &[])?;
    let Some(after) = after.strip_prefix(quote) else {
        return failure(input, "public identifier is missing its closing quote");
    };

    if let Some((index, ch)) = text.char_indices().find(|(_, ch)| !is_pubid_char(*ch)) {
        return failure(
            rest.get(index..).unwrap_or(""),
            format!("character `{ch}` is not allowed in a public identifier; use letters, digits, spaces and -'()+,./:=?;!*#@$_%"),
        );
    }
    Ok((after, text))
}

/// An external identifier as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExternalIdAst<'a> {
    pub(crate) public_id: Option<&'a str>,
    /// `None` only for a `PUBLIC` notation identifier without a system literal.
    pub(crate) system_id: Option<&'a str>,
}

/// `[75] ExternalID ::= 'SYSTEM' S SystemLiteral | 'PUBLIC' S PubidLiteral S SystemLiteral`
pub(crate) fn external_id(input: &str) -> PResult<'_, ExternalIdAst<'_>> {
    external_or_public_id(input, false)
}

/// `[75] ExternalID | [83] PublicID ::= 'PUBLIC' S PubidLiteral`, as a notation
/// declaration allows.
pub(crate) fn external_or_public_id(
    input: &str,
    system_optional: bool,
) -> PResult<'_, ExternalIdAst<'_>> {
    let system_keyword = keyword("SYSTEM", "")(input);
    if let Err(nom::Err::Failure(error)) = system_keyword {
        return Err(nom::Err::Failure(error));
    }
    if let Ok((rest, _)) = system_keyword {
        let (rest, _) = s(rest)?;
        let (rest, system) = system_literal(rest)?;
        return Ok((
            rest,
            ExternalIdAst {
                public_id: None,
                system_id: Some(system),
            },
        ));
    }

    let (rest, _) = keyword("PUBLIC", "`SYSTEM` or `PUBLIC`")(input)?;
    let (rest, _) = s(rest)?;
    let (rest, public) = pubid_literal(rest)?;

    let system = (|input| {
        let (rest, _) = s(input)?;
        system_literal(rest)
    })(rest);
    match system {
        Ok((rest, system)) => Ok((
            rest,
            ExternalIdAst {
                public_id: Some(public),
                system_id: Some(system),
            },
        )),
        Err(nom::Err::Error(_)) if system_optional => Ok((
            rest,
            ExternalIdAst {
                public_id: Some(public),
                system_id: None,
            },
        )),
        Err(nom::Err::Error(error)) => {
            let at = if error.input.len() < rest.len() {
                error.input
            } else {
                rest
            };
            Err(nom::Err::Error(SyntaxError::expected(
                at,
                "whitespace and a quoted system identifier after the public identifier",
            )))
        }
        Err(other) => Err(other),
    }
}

/// `[76] NDataDecl ::= S 'NDATA' S Name`, returning the notation name.
pub(crate) fn ndata_decl(input: &str) -> PResult<'_, &str> {
    let (rest, _) = s(input)?;
    let (rest, _) = keyword("NDATA", "`NDATA`")(rest)?;
    let (rest, _) = s(rest)?;
    expect("a notation name", name)(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tokens() {
        let cases = [
            ("ID_SET rest", Some(("ID_SET", " rest"))),
            ("xml:lang>", Some(("xml:lang", ">"))),
            ("ÉLÉMENT)", Some(("ÉLÉMENT", ")"))),
            ("1abc", None),
            ("", None),
        ];
        for (input, expected) in cases {
            let result = name(input).ok().map(|(rest, name)| (name, rest));
            assert_eq!(result, expected, "name({input:?})");
        }
        assert_eq!(nmtoken("1abc x").ok(), Some((" x", "1abc")));
        assert!(nmtoken(" x").is_err());
    }

    #[test]
    fn character_references() {
        let cases = [
            ("&#65;", Some('A')),
            ("&#x41;", Some('A')),
            ("&#x10FFFF;", Some('\u{10FFFF}')),
            ("&#1;", None),
            ("&#xD800;", None),
            ("&#65", None),
            ("&#x;", None),
            ("&#99999999999;", None),
        ];
        for (input, expected) in cases {
            let result = char_ref(input).ok().map(|(_, ch)| ch);
            assert_eq!(result, expected, "char_ref({input:?})");
        }
    }

    #[test]
    fn entity_value_parts() {
        let (rest, parts) = entity_value("'a&#38;%pe;&ge;b' >").unwrap_or(("!", Vec::new()));
        assert_eq!(rest, " >");
        let kinds: Vec<ValuePart> = parts.into_iter().map(|(part, _)| part).collect();
        assert_eq!(
            kinds,
            vec![
                ValuePart::Text("a"),
                ValuePart::Char('&'),
                ValuePart::PeRef("pe"),
                ValuePart::EntityRef("ge"),
                ValuePart::Text("b"),
            ]
        );
    }

    #[test]
    fn bad_literals_are_rejected() {
        let cases = [
            ("\"a & b\"", "`&` must start"),
            ("\"50%\"", "`%` in an entity value"),
            ("\"open", "missing its closing quote"),
        ];
        for (input, message) in cases {
            let error = match entity_value(input) {
                Err(nom::Err::Failure(error)) => error.message.unwrap_or_default(),
                other => format!("{other:?}"),
            };
            assert!(error.contains(message), "{input:?}: {error}");
        }
        let error = match att_value("'a<b'") {
            Err(nom::Err::Failure(error)) => error.message.unwrap_or_default(),
            other => format!("{other:?}"),
        };
        assert!(error.contains("`<` is not allowed"), "{error}");
    }

    #[test]
    fn external_identifiers() {
        let system = external_id("SYSTEM \"a.dtd\">");
        assert_eq!(
            system.ok().map(|(_, id)| id),
            Some(ExternalIdAst {
                public_id: None,
                system_id: Some("a.dtd")
            })
        );
        let public = external_id("PUBLIC '-//A//DTD B//EN' 'b.dtd'");
        assert_eq!(
            public.ok().map(|(_, id)| id),
            Some(ExternalIdAst {
                public_id: Some("-//A//DTD B//EN"),
                system_id: Some("b.dtd")
            })
        );
        assert!(external_id("PUBLIC 'only-public'").is_err());
        assert!(external_or_public_id("PUBLIC 'only-public'", true).is_ok());
        assert!(external_id("PUBLIC 'a{b' 'c'").is_err());
        assert!(matches!(
            external_id("system 'a'"),
            Err(nom::Err::Failure(_))
        ));
    }
}
