//! Entity declarations: productions [70] to [74].

use crate::lexical::{
    entity_value, external_id, keyword, name, ndata_decl, opt_s, s, ExternalIdAst, LocatedPart,
    Mark,
};
use crate::parse_error::{cut_error, expect, failure, PResult};
use nom::bytes::complete::tag;

/// An entity declaration as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EntityDeclAst<'a> {
    /// A parameter entity (`<!ENTITY % name ...>`) rather than a general one.
    pub(crate) parameter: bool,
    pub(crate) name: &'a str,
    pub(crate) definition: EntityDefAst<'a>,
}

/// `[73] EntityDef` or `[74] PEDef` as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EntityDefAst<'a> {
    /// An entity value literal, split into parts.
    Internal(Vec<LocatedPart<'a>>),
    External {
        id: ExternalIdAst<'a>,
        /// The notation of an unparsed entity and where its name starts.
        notation: Option<(&'a str, Mark)>,
    },
}

/// `[70] EntityDecl ::= GEDecl | PEDecl` with
/// `[71] GEDecl ::= '<!ENTITY' S Name S EntityDef S? '>'` and
/// `[72] PEDecl ::= '<!ENTITY' S '%' S Name S PEDef S? '>'`
pub(crate) fn entity_decl(input: &str) -> PResult<'_, EntityDeclAst<'_>> {
    let (rest, _) = tag("<!ENTITY")(input)?;
    let (rest, _) = s(rest)?;

    let (rest, parameter) = match rest.strip_prefix('%') {
        Some(after) => {
            let (after, _) = s(after)?;
            (after, true)
        }
        None => (rest, false),
    };

    let (rest, entity) = expect("the entity name", name)(rest)?;
    let (rest, _) = s(rest)?;
    let (rest, definition) = entity_def(rest, parameter)?;
    let (rest, _) = opt_s(rest)?;
    let (rest, _) = expect("`>` to end the declaration", tag(">"))(rest)?;
    Ok((
        rest,
        EntityDeclAst {
            parameter,
            name: entity,
            definition,
        },
    ))
}

/// `[73] EntityDef ::= EntityValue | (ExternalID NDataDecl?)` and
/// `[74] PEDef ::= EntityValue | ExternalID`
fn entity_def(input: &str, parameter: bool) -> PResult<'_, EntityDefAst<'_>> {
    if input.starts_with(['"', '\'']) {
        let (rest, parts) = entity_value(input)?;
        return Ok((rest, EntityDefAst::Internal(parts)));
    }

    let (rest, id) = expect(
        "a quoted entity value or an external identifier (`SYSTEM` or `PUBLIC`)",
        external_id,
    )(input)?;

    let (after_space, _) = opt_s(rest)?;
    let ndata_written = after_space
        .get(..5)
        .is_some_and(|word| word.eq_ignore_ascii_case("NDATA"));
    if !ndata_written {
        return Ok((rest, EntityDefAst::External { id, notation: None }));
    }
    if parameter {
        return failure(
            after_space,
            "a parameter entity cannot be unparsed; remove the `NDATA` part",
        );
    }
    keyword("NDATA", "`NDATA`")(after_space)?;

    let notation_mark = after_space.len();
    let (rest, notation) = ndata_decl(rest).map_err(cut_error)?;
    Ok((
        rest,
        EntityDefAst::External {
            id,
            notation: Some((notation, notation_mark)),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexical::ValuePart;

    #[test]
    fn general_and_parameter_entities() {
        let cases = [
            ("<!ENTITY a 'x'>", false, "a"),
            ("<!ENTITY % b \"x\" >", true, "b"),
            ("<!ENTITY c SYSTEM 'c.xml'>", false, "c"),
            (
                "<!ENTITY d PUBLIC '-//D//EN' 'd.gif' NDATA gif>",
                false,
                "d",
            ),
            ("<!ENTITY % e SYSTEM 'e.ent'>", true, "e"),
        ];
        for (input, parameter, entity) in cases {
            let parsed = entity_decl(input).map(|(rest, ast)| (rest, ast.parameter, ast.name));
            assert_eq!(parsed.ok(), Some(("", parameter, entity)), "{input}");
        }
    }

    #[test]
    fn unparsed_entity_notation() {
        let parsed =
            entity_decl("<!ENTITY d SYSTEM 'd.gif' NDATA gif>").map(|(_, ast)| ast.definition);
        let notation = match parsed {
            Ok(EntityDefAst::External { notation, .. }) => notation.map(|(name, _)| name),
            _ => None,
        };
        assert_eq!(notation, Some("gif"));
    }

    #[test]
    fn internal_value_parts() {
        let parsed = entity_decl("<!ENTITY a 'x&#65;'>").map(|(_, ast)| ast.definition);
        let parts = match parsed {
            Ok(EntityDefAst::Internal(parts)) => parts.into_iter().map(|(part, _)| part).collect(),
            _ => Vec::new(),
        };
        assert_eq!(parts, vec![ValuePart::Text("x"), ValuePart::Char('A')]);
    }

    #[test]
    fn rejected_entity_declarations() {
        let cases = [
            "<!ENTITY % e SYSTEM 'e.gif' NDATA gif>",
            "<!ENTITY e SYSTEM 'e.gif' ndata gif>",
            "<!ENTITY e SYSTEM 'e.gif' NDATA>",
            "<!ENTITY e 'x' NDATA gif>",
            "<!ENTITY %e 'x'>",
            "<!ENTITY e x>",
            "<!ENTITY e SYSTEM>",
            "<!ENTITY e 'x'",
        ];
        for input in cases {
            assert!(entity_decl(input).is_err(), "{input}");
        }
    }
}
