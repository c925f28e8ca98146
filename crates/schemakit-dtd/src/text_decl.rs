//! Text declarations at the start of external entities: productions [77], [23]
//! to [26], [80] and [81].

use crate::lexical::{opt_s, s};
use crate::parse_error::{expect, failure, PResult, SyntaxError};
use nom::bytes::complete::{tag, take_while};
use schemakit_model::chars::is_xml_whitespace;

/// A text declaration as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TextDeclAst<'a> {
    pub(crate) version: Option<&'a str>,
    pub(crate) encoding: &'a str,
}

/// Returns whether `text` starts with a text declaration (`<?xml` and whitespace), as
/// opposed to a processing instruction whose target merely starts with `xml`.
pub(crate) fn starts_with_text_decl(text: &str) -> bool {
    text.strip_prefix("<?xml")
        .and_then(|rest| rest.chars().next())
        .is_some_and(is_xml_whitespace)
}

/// `[77] TextDecl ::= '<?xml' VersionInfo? EncodingDecl S? '?>'`
pub(crate) fn text_decl(input: &str) -> PResult<'_, TextDeclAst<'_>> {
    let (rest, _) = tag("<?xml")(input)?;

    let (rest, version) = match pseudo_attribute(rest, "version") {
        Ok((rest, version)) => {
            if !is_version_num(version) {
                return failure(
                    rest,
                    format!("XML version `{version}` is not of the form `1.` followed by digits"),
                );
            }
            (rest, Some(version))
        }
        Err(nom::Err::Error(_)) => (rest, None),
        Err(other) => return Err(other),
    };

    let (rest, encoding) = match pseudo_attribute(rest, "encoding") {
        Ok(result) => result,
        Err(nom::Err::Error(_)) => {
            let (at, _) = opt_s(rest)?;
            let message = if at.starts_with("standalone") {
                "a text declaration cannot contain `standalone`; remove it"
            } else {
                "a text declaration must declare the encoding, as in `<?xml version=\"1.0\" encoding=\"UTF-8\"?>`"
            };
            return failure(at, message);
        }
        Err(other) => return Err(other),
    };
    if !is_enc_name(encoding) {
        return failure(
            rest,
            format!("encoding name `{encoding}` must start with a letter and contain only letters, digits, `.`, `_` and `-`"),
        );
    }

    let (rest, _) = opt_s(rest)?;
    if rest.starts_with("standalone") {
        return failure(
            rest,
            "a text declaration cannot contain `standalone`; remove it",
        );
    }
    let (rest, _) = expect("`?>` to end the text declaration", tag("?>"))(rest)?;
    Ok((rest, TextDeclAst { version, encoding }))
}

/// `S name Eq ("'" value "'" | '"' value '"')` with `[25] Eq ::= S? '=' S?`
fn pseudo_attribute<'a>(input: &'a str, attribute: &'static str) -> PResult<'a, &'a str> {
    let (rest, _) = s(input)?;
    let Some(rest) = rest.strip_prefix(attribute) else {
        return Err(nom::Err::Error(SyntaxError::expected(input, attribute)));
    };
    let (rest, _) = opt_s(rest)?;
    let (rest, _) = expect("`=`", tag("="))(rest)?;
    let (rest, _) = opt_s(rest)?;

    let Some(quote) = rest.chars().next().filter(|ch| matches!(ch, '"' | '\'')) else {
        return failure(rest, format!("expected a quoted value for `{attribute}`"));
    };
    let (after_value, value) = take_while(|ch: char| ch != quote)(rest.get(1..).unwrap_or(""))?;
    let Some(rest) = after_value.strip_prefix(quote) else {
        return failure(
            rest,
            format!("value of `{attribute}` is missing its closing quote"),
        );
    };
    Ok((rest, value))
}

/// `[26] VersionNum ::= '1.' [0-9]+`
fn is_version_num(text: &str) -> bool {
    text.strip_prefix("1.")
        .is_some_and(|digits| !digits.is_empty() && digits.chars().all(|ch| ch.is_ascii_digit()))
}

/// `[81] EncName ::= [A-Za-z] ([A-Za-z0-9._] | '-')*`
fn is_enc_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && chars.all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_declarations() {
        let cases = [
            ("<?xml encoding='UTF-8'?>", Some((None, "UTF-8"))),
            (
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>",
                Some((Some("1.0"), "ISO-8859-1")),
            ),
            ("<?xml version='1.0'?>", None),
            (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>",
                None,
            ),
            ("<?xml encoding='8bit'?>", None),
            ("<?xml version='2' encoding='UTF-8'?>", None),
            ("<?xml encoding='UTF-8' version='1.0'?>", None),
        ];
        for (input, expected) in cases {
            let result = text_decl(input)
                .ok()
                .map(|(_, ast)| (ast.version, ast.encoding));
            assert_eq!(result, expected, "{input}");
        }
    }

    #[test]
    fn text_declaration_detection() {
        assert!(starts_with_text_decl("<?xml encoding='UTF-8'?>"));
        assert!(!starts_with_text_decl("<?xml-stylesheet href='a'?>"));
        assert!(!starts_with_text_decl("<!ELEMENT a EMPTY>"));
    }
}
