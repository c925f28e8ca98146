//! Notation declarations: production [82].

use crate::lexical::{external_or_public_id, name, opt_s, s, ExternalIdAst};
use crate::parse_error::{expect, PResult};
use nom::bytes::complete::tag;

/// A notation declaration as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NotationDeclAst<'a> {
    pub(crate) name: &'a str,
    pub(crate) id: ExternalIdAst<'a>,
}

/// `[82] NotationDecl ::= '<!NOTATION' S Name S (ExternalID | PublicID) S? '>'`
pub(crate) fn notation_decl(input: &str) -> PResult<'_, NotationDeclAst<'_>> {
    let (rest, _) = tag("<!NOTATION")(input)?;
    let (rest, _) = s(rest)?;
    let (rest, notation) = expect("the notation name", name)(rest)?;
    let (rest, _) = s(rest)?;
    let (rest, id) = external_or_public_id(rest, true)?;
    let (rest, _) = opt_s(rest)?;
    let (rest, _) = expect("`>` to end the declaration", tag(">"))(rest)?;
    Ok((rest, NotationDeclAst { name: notation, id }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation_identifiers() {
        let cases = [
            ("<!NOTATION gif SYSTEM 'viewer'>", None, Some("viewer")),
            (
                "<!NOTATION gif PUBLIC '-//GIF//EN'>",
                Some("-//GIF//EN"),
                None,
            ),
            (
                "<!NOTATION gif PUBLIC '-//GIF//EN' 'v' >",
                Some("-//GIF//EN"),
                Some("v"),
            ),
        ];
        for (input, public, system) in cases {
            let parsed =
                notation_decl(input).map(|(rest, ast)| (rest, ast.id.public_id, ast.id.system_id));
            assert_eq!(parsed.ok(), Some(("", public, system)), "{input}");
        }
        assert!(notation_decl("<!NOTATION gif>").is_err());
        assert!(notation_decl("<!NOTATION gif SYSTEM>").is_err());
    }
}
