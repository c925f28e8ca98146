//! Comments and processing instructions: productions [15] to [17].

use crate::lexical::{name, s};
use crate::parse_error::{failure, PResult};
use nom::bytes::complete::tag;
use schemakit_model::chars::is_xml_char;

/// `[15] Comment ::= '<!--' ((Char - '-') | ('-' (Char - '-')))* '-->'`, returning
/// the text between the delimiters.
pub(crate) fn comment(input: &str) -> PResult<'_, &str> {
    let (rest, _) = tag("<!--")(input)?;
    let Some(end) = rest.find("--") else {
        return failure(input, "comment is missing its closing `-->`");
    };

    let text = rest.get(..end).unwrap_or("");
    let after_dashes = rest.get(end + 2..).unwrap_or("");
    if !after_dashes.starts_with('>') {
        return failure(
            rest.get(end..).unwrap_or(""),
            "`--` is not allowed inside a comment; end the comment with `-->` or remove the dashes",
        );
    }
    if let Some((index, ch)) = text.char_indices().find(|(_, ch)| !is_xml_char(*ch)) {
        return failure(
            rest.get(index..).unwrap_or(""),
            format!("character U+{:04X} is not allowed in XML", u32::from(ch)),
        );
    }
    Ok((after_dashes.get(1..).unwrap_or(""), text))
}

/// A processing instruction as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PiAst<'a> {
    pub(crate) target: &'a str,
    pub(crate) data: &'a str,
}

/// `[16] PI ::= '<?' PITarget (S (Char* - (Char* '?>' Char*)))? '?>'` with
/// `[17] PITarget ::= Name - (('X' | 'x') ('M' | 'm') ('L' | 'l'))`
pub(crate) fn pi(input: &str) -> PResult<'_, PiAst<'_>> {
    let (rest, _) = tag("<?")(input)?;
    let (rest, target) = match name(rest) {
        Ok(result) => result,
        Err(_) => {
            return failure(
                rest,
                "expected a processing-instruction target name after `<?`",
            )
        }
    };
    if target.eq_ignore_ascii_case("xml") {
        return failure(
            input,
            "processing-instruction target `xml` is reserved; an XML or text declaration may appear only at the very start of an entity",
        );
    }

    if let Some(after) = rest.strip_prefix("?>") {
        return Ok((after, PiAst { target, data: "" }));
    }
    let (rest, _) = match s(rest) {
        Ok(result) => result,
        Err(_) => {
            return failure(
                rest,
                "expected whitespace or `?>` after the processing-instruction target",
            )
        }
    };
    let Some(end) = rest.find("?>") else {
        return failure(input, "processing instruction is missing its closing `?>`");
    };

    let data = rest.get(..end).unwrap_or("");
    if let Some((index, ch)) = data.char_indices().find(|(_, ch)| !is_xml_char(*ch)) {
        return failure(
            rest.get(index..).unwrap_or(""),
            format!("character U+{:04X} is not allowed in XML", u32::from(ch)),
        );
    }
    Ok((rest.get(end + 2..).unwrap_or(""), PiAst { target, data }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments() {
        let cases = [
            ("<!-- a - b -->x", Some((" a - b ", "x"))),
            ("<!---->", Some(("", ""))),
            ("<!-- a -- b -->", None),
            ("<!-- a --->", None),
            ("<!-- open", None),
        ];
        for (input, expected) in cases {
            let result = comment(input).ok().map(|(rest, text)| (text, rest));
            assert_eq!(result, expected, "{input}");
        }
    }

    #[test]
    fn processing_instructions() {
        let cases = [
            ("<?target data?>", Some(("target", "data"))),
            ("<?target?>", Some(("target", ""))),
            (
                "<?xml-stylesheet href='a'?>",
                Some(("xml-stylesheet", "href='a'")),
            ),
            ("<?xml version='1.0'?>", None),
            ("<?XmL x?>", None),
            ("<?target", None),
            ("<? target?>", None),
        ];
        for (input, expected) in cases {
            let result = pi(input).ok().map(|(_, ast)| (ast.target, ast.data));
            assert_eq!(result, expected, "{input}");
        }
    }
}
