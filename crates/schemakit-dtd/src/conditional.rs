//! Conditional sections: productions [61] to [65].

use crate::lexical::opt_s;
use crate::parse_error::{expect, failure, PResult, SyntaxError};
use nom::bytes::complete::{tag, take_while};
use schemakit_model::chars::is_name_char;

/// Which kind of conditional section a `<![ ... [` starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SectionKind {
    Include,
    Ignore,
}

/// The start of `[62] includeSect ::= '<![' S? 'INCLUDE' S? '[' extSubsetDecl ']]>'`
/// or `[63] ignoreSect ::= '<![' S? 'IGNORE' S? '[' ignoreSectContents* ']]>'`, up to
/// and including the `[` that opens the contents.
pub(crate) fn conditional_start(input: &str) -> PResult<'_, SectionKind> {
    let (rest, _) = tag("<![")(input)?;
    let (rest, _) = opt_s(rest)?;
    let (after_word, word) = take_while(is_name_char)(rest)?;

    let kind = match word {
        "INCLUDE" => SectionKind::Include,
        "IGNORE" => SectionKind::Ignore,
        _ if word.eq_ignore_ascii_case("INCLUDE") || word.eq_ignore_ascii_case("IGNORE") => {
            return failure(
                rest,
                format!(
                    "keyword `{word}` must be written in upper case as `{}`",
                    word.to_ascii_uppercase()
                ),
            );
        }
        _ => {
            return Err(nom::Err::Error(SyntaxError::expected(
                rest,
                "`INCLUDE` or `IGNORE`",
            )))
        }
    };

    let (rest, _) = opt_s(after_word)?;
    let (rest, _) = expect("`[` to open the conditional section", tag("["))(rest)?;
    Ok((rest, kind))
}

/// `[64] ignoreSectContents ::= Ignore ('<![' ignoreSectContents ']]>' Ignore)*` and
/// `[65] Ignore ::= Char* - (Char* ('<![' | ']]>') Char*)`, up to and including the
/// `]]>` that closes the ignored section. Nested sections are counted, not parsed,
/// so their depth needs no stack.
pub(crate) fn ignore_sect_contents(input: &str) -> PResult<'_, ()> {
    let mut depth: usize = 1;
    let mut rest = input;

    loop {
        let open = rest.find("<![");
        let close = rest.find("]]>");
        match (open, close) {
            (Some(open), Some(close)) if open < close => {
                depth += 1;
                rest = rest.get(open + 3..).unwrap_or("");
            }
            (_, Some(close)) => {
                depth -= 1;
                rest = rest.get(close + 3..).unwrap_or("");
                if depth == 0 {
                    return Ok((rest, ()));
                }
            }
            (_, None) => {
                return Err(nom::Err::Error(SyntaxError::expected(
                    rest.get(rest.len()..).unwrap_or(""),
                    "`]]>` to close the ignored section",
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_starts() {
        let cases = [
            ("<![INCLUDE[", Some(SectionKind::Include)),
            ("<![ IGNORE [", Some(SectionKind::Ignore)),
            ("<![include[", None),
            ("<![MAYBE[", None),
            ("<![INCLUDE", None),
        ];
        for (input, expected) in cases {
            let result = conditional_start(input).ok().map(|(_, kind)| kind);
            assert_eq!(result, expected, "{input}");
        }
    }

    #[test]
    fn ignored_sections_nest() {
        let cases = [
            ("a]]>rest", Some("rest")),
            ("<![IGNORE[ x ]]> <![ y ]]> ]]>rest", Some("rest")),
            ("<![INCLUDE[ <!ELEMENT a EMPTY> ]]>", None),
            ("no end", None),
        ];
        for (input, expected) in cases {
            let result = ignore_sect_contents(input).ok().map(|(rest, _)| rest);
            assert_eq!(result, expected, "{input}");
        }
    }
}
