//! Test helpers: a small markup scanner that turns test documents into the
//! reader's events with real positions, and a small content-model parser that
//! builds schemas.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

use crate::event::{Attribute, Event};
use schemakit_model::{
    AttributeDecl, AttributeType, ContentSpec, DefaultDecl, Occurs, Particle, Position, Schema,
    SchemaKind, Term,
};

/// The document name used in test findings.
pub(crate) const FILE: &str = "doc.xml";

/// Parses a content specification in DTD syntax.
pub(crate) fn content_spec(text: &str, schema: &mut Schema) -> ContentSpec {
    let text: String = text.chars().filter(|ch| !ch.is_whitespace()).collect();
    match text.as_str() {
        "EMPTY" => return ContentSpec::Empty,
        "ANY" => return ContentSpec::Any,
        "(#PCDATA)" | "(#PCDATA)*" => return ContentSpec::Mixed(Vec::new()),
        _ => {}
    }
    if let Some(names) = text
        .strip_prefix("(#PCDATA|")
        .and_then(|rest| rest.strip_suffix(")*"))
    {
        return ContentSpec::Mixed(
            names
                .split('|')
                .map(|name| schema.symbols.intern(name))
                .collect(),
        );
    }
    let tokens: Vec<char> = text.chars().collect();
    let mut index = 0;
    ContentSpec::Children(particle(&tokens, &mut index, schema))
}

fn particle(tokens: &[char], index: &mut usize, schema: &mut Schema) -> Particle {
    let term = if tokens[*index] == '(' {
        *index += 1;
        let mut items = vec![particle(tokens, index, schema)];
        let mut separator = None;
        while tokens[*index] != ')' {
            separator = Some(tokens[*index]);
            *index += 1;
            items.push(particle(tokens, index, schema));
        }
        *index += 1;
        match separator {
            Some('|') => Term::Choice(items),
            _ => Term::Sequence(items),
        }
    } else {
        let start = *index;
        while *index < tokens.len() && !"(),|?*+".contains(tokens[*index]) {
            *index += 1;
        }
        let name: String = tokens[start..*index].iter().collect();
        Term::Element(schema.symbols.intern(&name))
    };
    let occurs = match tokens.get(*index) {
        Some('?') => Occurs::OPTIONAL,
        Some('*') => Occurs::ZERO_OR_MORE,
        Some('+') => Occurs::ONE_OR_MORE,
        _ => return Particle::new(term, Occurs::ONCE),
    };
    *index += 1;
    Particle::new(term, occurs)
}

/// Builds a schema from `(name, content specification)` pairs.
pub(crate) fn schema(elements: &[(&str, &str)]) -> Schema {
    let mut schema = Schema::new(SchemaKind::Dtd);
    for (name, spec) in elements {
        let spec = content_spec(spec, &mut schema);
        schema.element_entry(name).content = Some(spec);
    }
    schema
}

pub(crate) fn attribute(
    schema: &mut Schema,
    element: &str,
    name: &str,
    ty: AttributeType,
    default: DefaultDecl,
) {
    schema.element_entry(element).attributes.insert(
        name.to_owned(),
        AttributeDecl {
            name: name.to_owned(),
            ty,
            default,
            span: None,
            external_markup: false,
        },
    );
}

/// Turns a small document (elements, attributes in double quotes, text, CDATA,
/// comments and `&name;` references to undeclared entities) into events.
pub(crate) fn events(document: &str) -> Vec<Event<'static>> {
    let mut events = Vec::new();
    let mut rest = document;
    let mut position = Position::START;

    while !rest.is_empty() {
        let (consumed, event) = if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let end = cdata.find("]]>").unwrap();
            let text = &cdata[..end];
            (
                end + 12,
                vec![Event::Text {
                    text: text.to_owned().into(),
                    ignorable_candidate: false,
                    cdata: true,
                    position,
                }],
            )
        } else if rest.starts_with("<!--") || rest.starts_with("<?") {
            let end = rest.find('>').unwrap();
            (end + 1, vec![Event::CommentOrPi { position }])
        } else if let Some(tag) = rest.strip_prefix("</") {
            let end = tag.find('>').unwrap();
            (
                end + 3,
                vec![Event::EndElement {
                    name: tag[..end].to_owned().into(),
                    position,
                }],
            )
        } else if rest.starts_with('<') {
            let end = rest.find('>').unwrap();
            let tag = &rest[1..end];
            let empty = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
            let name = tag[..name_end].to_owned();
            let mut attributes = Vec::new();
            let mut offset = name_end;
            while let Some(eq) = tag[offset..].find("=\"") {
                let name_start = offset + tag[offset..eq + offset].len()
                    - tag[offset..eq + offset].trim_start().len();
                let attribute_name = tag[name_start..offset + eq].to_owned();
                let value_start = offset + eq + 2;
                let value_end = value_start + tag[value_start..].find('"').unwrap();
                attributes.push(Attribute {
                    name: attribute_name.into(),
                    value: tag[value_start..value_end].to_owned().into(),
                    position: position.advance(&rest[..name_start + 1]),
                    value_had_references: false,
                });
                offset = value_end + 1;
            }
            let mut produced = vec![Event::StartElement {
                name: name.clone().into(),
                attributes: attributes.into(),
                empty,
                position,
            }];
            if empty {
                produced.push(Event::EndElement {
                    name: name.into(),
                    position,
                });
            }
            (end + 1, produced)
        } else if let Some(reference) = rest.strip_prefix('&') {
            let end = reference.find(';').unwrap();
            (
                end + 2,
                vec![Event::SkippedEntity {
                    name: reference[..end].to_owned().into(),
                    position,
                }],
            )
        } else {
            let end = rest.find(['<', '&']).unwrap_or(rest.len());
            let text = &rest[..end];
            let ignorable = text.chars().all(char::is_whitespace);
            (
                end,
                vec![Event::Text {
                    text: text.to_owned().into(),
                    ignorable_candidate: ignorable,
                    cdata: false,
                    position,
                }],
            )
        };
        events.extend(event);
        position = position.advance(&rest[..consumed]);
        rest = &rest[consumed..];
    }
    events.push(Event::Eof);
    events
}
