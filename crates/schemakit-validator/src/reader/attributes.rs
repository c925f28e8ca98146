//! Start-tag parsing and attribute-value normalization (XML 1.0 sections 3.1 and
//! 3.3.3).
//!
//! ```text
//! [40] STag      ::= '<' Name (S Attribute)* S? '>'
//! [41] Attribute ::= Name Eq AttValue
//! [10] AttValue  ::= '"' ([^<&"] | Reference)* '"' | "'" ([^<&'] | Reference)* "'"
//! ```

use super::entity_expander::{
    check_recursion, predefined_entity, resolve_char_ref, ExpansionBudget, ExpansionError,
};
use super::names::{check_name, is_whitespace_byte};
use crate::Limits;
use schemakit_model::{EntityValue, Schema};

/// A malformed tag or attribute value: the message and the byte index in the tag
/// text given to [`split_tag`] (for values: in the raw value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TagError {
    pub(super) message: String,
    pub(super) index: usize,
}

/// An attribute as written: its name and raw value, with their byte indexes.
#[derive(Debug, Clone, Copy)]
pub(super) struct RawAttribute<'a> {
    pub(super) name: &'a str,
    pub(super) value: &'a str,
    pub(super) name_index: usize,
    pub(super) value_index: usize,
}

/// The parts of a start tag or empty-element tag.
#[derive(Debug)]
pub(super) struct TagParts<'a> {
    pub(super) name: &'a str,
    pub(super) attributes: Vec<RawAttribute<'a>>,
}

impl RawAttribute<'_> {
    /// An attribute with empty name and value, which lets an emptied list of any
    /// lifetime be collected into a `'static` one that keeps its allocation.
    pub(super) const NONE: RawAttribute<'static> = RawAttribute {
        name: "",
        value: "",
        name_index: 0,
        value_index: 0,
    };
}

/// Splits the text of a tag between `<` and `>` (or `/>`) into the element name and
/// the attributes, checking quoting, `=`, the whitespace between attributes and the
/// absence of `<` in values. The attributes go into `attributes`, an empty list
/// whose allocation is reused.
pub(super) fn split_tag<'a>(
    tag: &'a str,
    mut attributes: Vec<RawAttribute<'a>>,
) -> Result<TagParts<'a>, TagError> {
    let bytes = tag.as_bytes();
    let name_end = bytes
        .iter()
        .position(|&byte| is_whitespace_byte(byte))
        .unwrap_or(bytes.len());
    let name = tag.get(..name_end).unwrap_or("");
    if name.is_empty() {
        return Err(TagError {
            message: "`<` must be followed by an element name (write `&lt;` for a literal `<`)"
                .to_owned(),
            index: 0,
        });
    }

    attributes.clear();
    let mut index = name_end;
    loop {
        let before_space = index;
        while bytes.get(index).copied().is_some_and(is_whitespace_byte) {
            index += 1;
        }
        if index >= bytes.len() {
            return Ok(TagParts { name, attributes });
        }
        if index == before_space {
            return Err(TagError {
                message: format!(
                    "whitespace is required between the attributes of element `{name}`"
                ),
                index,
            });
        }

        let attribute = split_attribute(tag, index, name)?;
        index = attribute.value_index + attribute.value.len() + 1;
        attributes.push(attribute);
    }
}

/// Reads one `Name Eq AttValue` starting at `start`.
fn split_attribute<'a>(
    tag: &'a str,
    start: usize,
    element: &str,
) -> Result<RawAttribute<'a>, TagError> {
    let bytes = tag.as_bytes();
    let mut index = start;
    while bytes
        .get(index)
        .is_some_and(|&byte| !is_whitespace_byte(byte) && !matches!(byte, b'=' | b'"' | b'\''))
    {
        index += 1;
    }
    let name = tag.get(start..index).unwrap_or("");
    if name.is_empty() {
        return Err(TagError {
            message: format!("an attribute name is missing in element `{element}`"),
            index: start,
        });
    }

    while bytes.get(index).copied().is_some_and(is_whitespace_byte) {
        index += 1;
    }
    if bytes.get(index) != Some(&b'=') {
        return Err(TagError {
            message: format!(
                "attribute `{name}` of element `{element}` has no value: write `{name}=\"...\"`"
            ),
            index,
        });
    }
    index += 1;
    while bytes.get(index).copied().is_some_and(is_whitespace_byte) {
        index += 1;
    }

    let quote = match bytes.get(index) {
        Some(&quote @ (b'"' | b'\'')) => quote,
        _ => {
            return Err(TagError {
                message: format!("the value of attribute `{name}` must be quoted with `\"` or `'`"),
                index,
            })
        }
    };
    let value_index = index + 1;
    let rest = bytes.get(value_index..).unwrap_or(&[]);
    let Some(length) = memchr::memchr(quote, rest) else {
        return Err(TagError {
            message: format!("the value of attribute `{name}` has no closing quote"),
            index,
        });
    };
    if let Some(less_than) = rest
        .get(..length)
        .and_then(|value| memchr::memchr(b'<', value))
    {
        return Err(TagError {
            message: format!(
                "`<` is not allowed in attribute values (attribute `{name}`): write `&lt;`"
            ),
            index: value_index + less_than,
        });
    }

    Ok(RawAttribute {
        name,
        value: tag.get(value_index..value_index + length).unwrap_or(""),
        name_index: start,
        value_index,
    })
}

/// The document facts that normalization depends on.
pub(super) struct ValueContext<'a> {
    pub(super) schema: Option<&'a Schema>,
    pub(super) limits: &'a Limits,
    /// Whether an undeclared entity is a well-formedness error (else it is skipped
    /// and reported to the checker).
    pub(super) undeclared_is_fatal: bool,
    /// The entities whose replacement text contains the tag, outermost first.
    pub(super) open_entities: Vec<&'a str>,
}

/// A normalized attribute value and what the checker must hear about it.
#[derive(Debug, Default)]
pub(super) struct NormalizedValue {
    pub(super) value: String,
    pub(super) had_references: bool,
    /// Undeclared entities that were left out of the value.
    pub(super) skipped_entities: Vec<String>,
    /// Entities declared in external markup that were expanded.
    pub(super) external_markup_entities: Vec<String>,
}

/// The reason a value could not be normalized, with the byte index in the raw value
/// of the reference (or character) that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ValueError {
    NotWellFormed {
        message: String,
        index: usize,
    },
    /// A reference to an entity that is not declared, where that makes the document
    /// not well-formed (WFC: Entity Declared).
    Undeclared {
        name: String,
        index: usize,
    },
    Expansion {
        error: ExpansionError,
        index: usize,
    },
}

/// Returns whether a raw attribute value is its own normalized value: it has no
/// references, no `<` and no whitespace other than spaces.
pub(super) fn is_normalized(raw: &str) -> bool {
    !raw.bytes()
        .any(|byte| matches!(byte, b'\r' | b'\t' | b'\n' | b'<' | b'&'))
}

/// Replacement text being normalized: the raw value itself or an entity's text.
struct Piece<'a> {
    entity: Option<&'a str>,
    text: &'a str,
    index: usize,
}

/// Normalizes a raw attribute value: references are replaced (entity references
/// recursively), and each whitespace character (`\r\n` counts as one) becomes a space,
/// except characters that come from character references. The value is written into
/// `buffer` after clearing it, so a caller can hand in a spare string.
pub(super) fn normalize_value(
    raw: &str,
    context: &ValueContext<'_>,
    budget: &mut ExpansionBudget,
    mut buffer: String,
) -> Result<NormalizedValue, ValueError> {
    buffer.clear();

    if is_normalized(raw) {
        buffer.push_str(raw);
        return Ok(NormalizedValue {
            value: buffer,
            ..NormalizedValue::default()
        });
    }

    buffer.reserve(raw.len());
    let mut outcome = NormalizedValue {
        value: buffer,
        ..NormalizedValue::default()
    };
    let mut stack = vec![Piece {
        entity: None,
        text: raw,
        index: 0,
    }];
    // The index in `raw` of the reference being expanded, where errors are reported.
    let mut reference_index = 0;

    loop {
        let depth = stack.len();
        let Some(piece) = stack.last_mut() else {
            break;
        };
        let bytes = piece.text.as_bytes();
        let Some(&byte) = bytes.get(piece.index) else {
            stack.pop();
            continue;
        };
        let at = if depth == 1 {
            piece.index
        } else {
            reference_index
        };

        match byte {
            b'\r' => {
                piece.index += if bytes.get(piece.index + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                outcome.value.push(' ');
            }
            b'\t' | b'\n' => {
                piece.index += 1;
                outcome.value.push(' ');
            }
            b'<' => {
                let message = match piece.entity {
                    Some(entity) => format!(
                        "the replacement text of entity `{entity}` contains `<`, which is not allowed in attribute values"
                    ),
                    None => "`<` is not allowed in attribute values: write `&lt;`".to_owned(),
                };
                return Err(ValueError::NotWellFormed { message, index: at });
            }
            b'&' => {
                let rest = piece.text.get(piece.index + 1..).unwrap_or("");
                let Some(length) = rest.find(';') else {
                    return Err(ValueError::NotWellFormed {
                        message: "`&` must start a reference ending with `;` (write `&amp;` for a literal `&`)".to_owned(),
                        index: at,
                    });
                };
                let body = rest.get(..length).unwrap_or("");
                piece.index += length + 2;
                if depth == 1 {
                    reference_index = at;
                }

                if let Some(number) = body.strip_prefix('#') {
                    let ch = resolve_char_ref(number)
                        .map_err(|message| ValueError::NotWellFormed { message, index: at })?;
                    if matches!(ch, ' ' | '\t' | '\r' | '\n') {
                        outcome.had_references = true;
                    }
                    outcome.value.push(ch);
                    continue;
                }

                let open: Vec<&str> = stack.iter().filter_map(|piece| piece.entity).collect();
                if let Some(piece) =
                    expand_reference(body, at, &open, context, budget, &mut outcome)?
                {
                    stack.push(piece);
                }
            }
            _ => {
                let run = bytes
                    .get(piece.index..)
                    .unwrap_or(&[])
                    .iter()
                    .position(|&byte| matches!(byte, b'\r' | b'\t' | b'\n' | b'<' | b'&'))
                    .unwrap_or(bytes.len() - piece.index);
                outcome
                    .value
                    .push_str(piece.text.get(piece.index..piece.index + run).unwrap_or(""));
                piece.index += run;
            }
        }
    }
    Ok(outcome)
}

/// Resolves one entity reference in an attribute value: returns the replacement
/// text to read next, or `None` when the reference produced a character or was skipped.
fn expand_reference<'a>(
    name: &str,
    at: usize,
    open: &[&str],
    context: &ValueContext<'a>,
    budget: &mut ExpansionBudget,
    outcome: &mut NormalizedValue,
) -> Result<Option<Piece<'a>>, ValueError> {
    let not_well_formed = |message: String| ValueError::NotWellFormed { message, index: at };

    check_name(name).map_err(|error| {
        not_well_formed(format!(
            "invalid entity reference `&{name};`: {}",
            error.message
        ))
    })?;
    if let Some(ch) = predefined_entity(name) {
        outcome.value.push(ch);
        return Ok(None);
    }
    outcome.had_references = true;

    let Some(declaration) = context
        .schema
        .and_then(|schema| schema.general_entities.get(name))
    else {
        if context.undeclared_is_fatal {
            return Err(ValueError::Undeclared {
                name: name.to_owned(),
                index: at,
            });
        }
        outcome.skipped_entities.push(name.to_owned());
        return Ok(None);
    };

    let text = match &declaration.value {
        EntityValue::Internal(text) => text.as_str(),
        EntityValue::External { notation: Some(_), .. } => {
            return Err(not_well_formed(format!(
                "the unparsed entity `{name}` cannot be referenced in an attribute value: name it in an ENTITY attribute instead"
            )))
        }
        EntityValue::External { id, .. } => {
            return Err(not_well_formed(format!(
                "the external entity `{name}` (`{}`) cannot be referenced in an attribute value",
                id.system_id
            )))
        }
    };

    let all_open = context
        .open_entities
        .iter()
        .copied()
        .chain(open.iter().copied());
    check_recursion(name, all_open).map_err(|error| ValueError::Expansion { error, index: at })?;
    let depth = context.open_entities.len() + open.len() + 1;
    budget
        .charge(text.len(), depth, context.limits)
        .map_err(|error| ValueError::Expansion { error, index: at })?;
    if declaration.external_markup {
        outcome.external_markup_entities.push(name.to_owned());
    }

    Ok(Some(Piece {
        entity: Some(name_from_schema(context, name)),
        text,
        index: 0,
    }))
}

/// Returns the entity name as stored in the schema, which lives as long as the context.
fn name_from_schema<'a>(context: &ValueContext<'a>, name: &str) -> &'a str {
    context
        .schema
        .and_then(|schema| schema.general_entities.get_key_value(name))
        .map(|(key, _)| key.as_str())
        .unwrap_or("")
}
