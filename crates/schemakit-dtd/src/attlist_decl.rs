//! Attribute-list declarations: productions [52] to [60].

use crate::lexical::{att_value, name, nmtoken, opt_s, s, LocatedPart, Mark};
use crate::parse_error::{expect, failure, PResult, SyntaxError};
use nom::bytes::complete::{tag, take_while};
use schemakit_model::chars::is_name_char;
use schemakit_model::AttributeType;

/// An attribute-list declaration as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AttlistDeclAst<'a> {
    pub(crate) element: &'a str,
    pub(crate) definitions: Vec<AttDefAst<'a>>,
}

/// `[53] AttDef` as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AttDefAst<'a> {
    pub(crate) name: &'a str,
    pub(crate) ty: AttributeType,
    pub(crate) default: DefaultAst<'a>,
    /// Where the attribute name starts.
    pub(crate) mark: Mark,
    /// Where the default declaration starts.
    pub(crate) default_mark: Mark,
}

/// `[60] DefaultDecl` as written; values are still unnormalized literal parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DefaultAst<'a> {
    Required,
    Implied,
    Fixed(Vec<LocatedPart<'a>>),
    Default(Vec<LocatedPart<'a>>),
}

/// `[52] AttlistDecl ::= '<!ATTLIST' S Name AttDef* S? '>'`
pub(crate) fn attlist_decl(input: &str) -> PResult<'_, AttlistDeclAst<'_>> {
    let (rest, _) = tag("<!ATTLIST")(input)?;
    let (rest, _) = s(rest)?;
    let (mut rest, element) = expect("the element type name", name)(rest)?;
    let mut definitions = Vec::new();

    loop {
        let (after_space, space) = opt_s(rest)?;
        if let Some(after) = after_space.strip_prefix('>') {
            return Ok((
                after,
                AttlistDeclAst {
                    element,
                    definitions,
                },
            ));
        }
        if space.is_empty() {
            return Err(nom::Err::Error(SyntaxError::expected(
                after_space,
                "whitespace and an attribute definition, or `>`",
            )));
        }

        let (after, definition) = att_def(after_space)?;
        definitions.push(definition);
        rest = after;
    }
}

/// `[53] AttDef ::= S Name S AttType S DefaultDecl`, from just after the first `S`.
fn att_def(input: &str) -> PResult<'_, AttDefAst<'_>> {
    let (rest, attribute) = expect("an attribute name or `>`", name)(input)?;
    let (rest, _) = s(rest)?;
    let (rest, ty) = att_type(rest)?;
    let (rest, _) = s(rest)?;
    let default_mark = rest.len();
    let (rest, default) = default_decl(rest)?;
    Ok((
        rest,
        AttDefAst {
            name: attribute,
            ty,
            default,
            mark: input.len(),
            default_mark,
        },
    ))
}

/// `[54] AttType ::= StringType | TokenizedType | EnumeratedType`, with
/// `[55] StringType ::= 'CDATA'` and
/// `[56] TokenizedType ::= 'ID' | 'IDREF' | 'IDREFS' | 'ENTITY' | 'ENTITIES' | 'NMTOKEN' | 'NMTOKENS'`
fn att_type(input: &str) -> PResult<'_, AttributeType> {
    if input.starts_with('(') {
        let (rest, tokens) = enumeration(input)?;
        return Ok((rest, AttributeType::Enumeration(tokens)));
    }

    let (rest, word) = take_while(is_name_char)(input)?;
    let ty = match word {
        "CDATA" => AttributeType::Cdata,
        "ID" => AttributeType::Id,
        "IDREF" => AttributeType::IdRef,
        "IDREFS" => AttributeType::IdRefs,
        "ENTITY" => AttributeType::Entity,
        "ENTITIES" => AttributeType::Entities,
        "NMTOKEN" => AttributeType::NmToken,
        "NMTOKENS" => AttributeType::NmTokens,
        "NOTATION" => {
            let (rest, names) = notation_type(rest)?;
            return Ok((rest, AttributeType::Notation(names)));
        }
        _ => {
            let known = [
                "CDATA", "ID", "IDREF", "IDREFS", "ENTITY", "ENTITIES", "NMTOKEN", "NMTOKENS",
                "NOTATION",
            ];
            if let Some(upper) = known.iter().find(|known| known.eq_ignore_ascii_case(word)) {
                return failure(
                    input,
                    format!("keyword `{word}` must be written in upper case as `{upper}`"),
                );
            }
            return Err(nom::Err::Error(SyntaxError::expected(
                input,
                "an attribute type (CDATA, ID, IDREF, IDREFS, ENTITY, ENTITIES, NMTOKEN, NMTOKENS, NOTATION or an enumeration in parentheses)",
            )));
        }
    };
    Ok((rest, ty))
}

/// `[58] NotationType ::= 'NOTATION' S '(' S? Name (S? '|' S? Name)* S? ')'`, from
/// just after `NOTATION`.
fn notation_type(input: &str) -> PResult<'_, Vec<String>> {
    let (rest, _) = s(input)?;
    token_list(rest, name, "a notation name")
}

/// `[59] Enumeration ::= '(' S? Nmtoken (S? '|' S? Nmtoken)* S? ')'`
fn enumeration(input: &str) -> PResult<'_, Vec<String>> {
    token_list(input, nmtoken, "a name token")
}

/// A parenthesized list of tokens separated by `|`.
fn token_list<'a>(
    input: &'a str,
    token: fn(&'a str) -> PResult<'a, &'a str>,
    what: &'static str,
) -> PResult<'a, Vec<String>> {
    let (rest, _) = expect("`(`", tag("("))(input)?;
    let (rest, _) = opt_s(rest)?;
    let (mut rest, first) = expect(what, token)(rest)?;
    let mut tokens = vec![first.to_owned()];

    loop {
        let (after_space, _) = opt_s(rest)?;
        if let Some(after) = after_space.strip_prefix(')') {
            return Ok((after, tokens));
        }
        let Some(after_bar) = after_space.strip_prefix('|') else {
            return Err(nom::Err::Error(SyntaxError::expected(
                after_space,
                "`|` or `)`",
            )));
        };
        let (after_bar, _) = opt_s(after_bar)?;
        let (after, item) = expect(what, token)(after_bar)?;
        tokens.push(item.to_owned());
        rest = after;
    }
}

/// `[60] DefaultDecl ::= '#REQUIRED' | '#IMPLIED' | (('#FIXED' S)? AttValue)`
fn default_decl(input: &str) -> PResult<'_, DefaultAst<'_>> {
    if let Some(after_hash) = input.strip_prefix('#') {
        let (rest, word) = take_while(is_name_char)(after_hash)?;
        return match word {
            "REQUIRED" => Ok((rest, DefaultAst::Required)),
            "IMPLIED" => Ok((rest, DefaultAst::Implied)),
            "FIXED" => {
                let (rest, _) = s(rest)?;
                let (rest, parts) = expect("a quoted default value", att_value)(rest)?;
                Ok((rest, DefaultAst::Fixed(parts)))
            }
            _ => {
                if let Some(upper) = ["REQUIRED", "IMPLIED", "FIXED"]
                    .iter()
                    .find(|known| known.eq_ignore_ascii_case(word))
                {
                    return failure(
                        input,
                        format!("keyword `#{word}` must be written in upper case as `#{upper}`"),
                    );
                }
                Err(nom::Err::Error(SyntaxError::expected(
                    input,
                    "`#REQUIRED`, `#IMPLIED`, `#FIXED` or a quoted default value",
                )))
            }
        };
    }

    if input.starts_with(['"', '\'']) {
        let (rest, parts) = att_value(input)?;
        return Ok((rest, DefaultAst::Default(parts)));
    }
    Err(nom::Err::Error(SyntaxError::expected(
        input,
        "`#REQUIRED`, `#IMPLIED`, `#FIXED` or a quoted default value",
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Result<AttlistDeclAst<'_>, String> {
        crate::parse_error::parse_whole(attlist_decl(input))
    }

    #[test]
    fn every_attribute_type() {
        let cases = [
            ("CDATA", AttributeType::Cdata),
            ("ID", AttributeType::Id),
            ("IDREF", AttributeType::IdRef),
            ("IDREFS", AttributeType::IdRefs),
            ("ENTITY", AttributeType::Entity),
            ("ENTITIES", AttributeType::Entities),
            ("NMTOKEN", AttributeType::NmToken),
            ("NMTOKENS", AttributeType::NmTokens),
            (
                "NOTATION (gif | png)",
                AttributeType::Notation(vec!["gif".to_owned(), "png".to_owned()]),
            ),
            (
                "( basic|vault |1st)",
                AttributeType::Enumeration(vec![
                    "basic".to_owned(),
                    "vault".to_owned(),
                    "1st".to_owned(),
                ]),
            ),
        ];
        for (written, expected) in cases {
            let input = format!("<!ATTLIST e a {written} #IMPLIED>");
            let ty = parse(&input).map(|ast| ast.definitions.first().map(|d| d.ty.clone()));
            assert_eq!(ty, Ok(Some(expected)), "{input}");
        }
    }

    #[test]
    fn every_default_kind() {
        let ast = parse(
            "<!ATTLIST e a CDATA #REQUIRED b CDATA #IMPLIED c CDATA #FIXED 'x' d CDATA \"y\">",
        );
        let defaults: Vec<String> = ast
            .map(|ast| {
                ast.definitions
                    .iter()
                    .map(|definition| match &definition.default {
                        DefaultAst::Fixed(parts) => {
                            let parts: Vec<_> = parts.iter().map(|(part, _)| part).collect();
                            format!("Fixed {parts:?}")
                        }
                        DefaultAst::Default(parts) => {
                            let parts: Vec<_> = parts.iter().map(|(part, _)| part).collect();
                            format!("Default {parts:?}")
                        }
                        other => format!("{other:?}"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            defaults,
            vec![
                "Required",
                "Implied",
                "Fixed [Text(\"x\")]",
                "Default [Text(\"y\")]"
            ]
        );
    }

    #[test]
    fn rejected_attribute_lists() {
        let cases = [
            ("<!ATTLIST e a cdata #IMPLIED>", "upper case"),
            ("<!ATTLIST e a CDATA #implied>", "upper case"),
            (
                "<!ATTLIST e a STRING #IMPLIED>",
                "expected an attribute type",
            ),
            ("<!ATTLIST e a CDATA>", "expected whitespace"),
            (
                "<!ATTLIST e a CDATA 'x'b CDATA #IMPLIED>",
                "expected whitespace",
            ),
            ("<!ATTLIST e a (x|) #IMPLIED>", "expected a name token"),
            (
                "<!ATTLIST e a NOTATION (1x) #IMPLIED>",
                "expected a notation name",
            ),
            ("<!ATTLIST e a CDATA #FIXED>", "expected whitespace"),
            ("<!ATTLIST e a CDATA 'a<b'>", "`<` is not allowed"),
            ("<!ATTLIST e a CDATA 'a&b'>", "`&` must start"),
        ];
        for (input, message) in cases {
            let error = parse(input).err().unwrap_or_default();
            assert!(error.contains(message), "{input}: {error}");
        }
    }
}
