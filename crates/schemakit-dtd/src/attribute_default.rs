//! Attribute default values: references replaced and whitespace normalized as
//! XML 1.0 section 3.3.3 does for CDATA attributes.

use crate::builder::DtdBuilder;
use crate::entity_expander::normalize_line_ends;
use crate::input::{Collected, Location};
use crate::lexical::{char_ref, entity_ref, LocatedPart, ValuePart};
use schemakit_model::chars::is_xml_whitespace;
use schemakit_model::{Code, DiagnosticKind, EntityValue};

/// The replacement of each predefined entity (XML 1.0 section 4.6).
fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

impl DtdBuilder<'_> {
    /// Returns the normalized default value of `attribute`: character references
    /// and references to declared internal general entities replaced, each
    /// whitespace character turned into a space. Returns `None` after reporting a
    /// well-formedness error (a reference to an undeclared or external entity, or
    /// replacement text containing `<`).
    pub(crate) fn normalize_default(
        &mut self,
        parts: &[LocatedPart<'_>],
        collected: &Collected,
        attribute: &str,
    ) -> Option<String> {
        let mut value = String::new();
        let mut active = Vec::new();

        for (part, mark) in parts {
            match part {
                ValuePart::Text(text) => push_normalized(&mut value, &normalize_line_ends(text)),
                ValuePart::Char(character) => value.push(*character),
                ValuePart::EntityRef(name) => {
                    let at = collected.locate_mark(*mark);
                    if !self.expand_in_default(name, &at, attribute, &mut active, &mut value) {
                        return None;
                    }
                }
                ValuePart::PeRef(_) => {}
            }
        }
        Some(value)
    }

    /// Appends the normalized replacement text of general entity `name`. `active`
    /// lists the entities being expanded, to catch recursion.
    fn expand_in_default(
        &mut self,
        name: &str,
        at: &Location,
        attribute: &str,
        active: &mut Vec<String>,
        value: &mut String,
    ) -> bool {
        if let Some(character) = predefined_entity(name) {
            value.push(character);
            return true;
        }
        if self.limit_exceeded {
            return false;
        }

        let replacement = match self
            .schema
            .general_entities
            .get(name)
            .map(|entity| &entity.value)
        {
            Some(EntityValue::Internal(text)) => text.clone(),
            Some(EntityValue::External { .. }) => {
                self.report(at.syntax(format!("default value of attribute `{attribute}` refers to external entity `&{name};` (WFC: No External Entity References); write the value itself")));
                return false;
            }
            None => {
                self.report(at.error(DiagnosticKind::Syntax, Code::UndeclaredEntity, format!("default value of attribute `{attribute}` refers to entity `&{name};`, which is not declared before the attribute list (WFC: Entity Declared); declare it first")));
                return false;
            }
        };

        if active.iter().any(|entity| entity == name) {
            self.report(at.error(DiagnosticKind::Syntax, Code::EntityRecursion, format!("entity `&{name};` refers to itself (WFC: No Recursion); remove the reference from its replacement text")));
            return false;
        }
        if active.len() >= self.max_entity_depth() {
            let limit = self.max_entity_depth();
            self.report_limit(at, format!("entity references nest more than {limit} levels deep at `&{name};` (limit max_entity_depth); raise the limit if the DTD is trusted"));
            return false;
        }
        if !self.count_expansion(at, name) || !self.count_bytes(at, name, replacement.len()) {
            return false;
        }
        if replacement.contains('<') {
            self.report(at.syntax(format!("replacement text of entity `&{name};` contains `<`, which is not allowed in the default value of attribute `{attribute}` (WFC: No < in Attribute Values)")));
            return false;
        }

        active.push(name.to_owned());
        let expanded = self.normalize_replacement(&replacement, at, attribute, active, value);
        active.pop();
        expanded
    }

    /// Normalizes replacement text the way a literal is normalized.
    fn normalize_replacement(
        &mut self,
        text: &str,
        at: &Location,
        attribute: &str,
        active: &mut Vec<String>,
        value: &mut String,
    ) -> bool {
        let mut rest = text;

        while let Some(index) = rest.find('&') {
            push_normalized(value, rest.get(..index).unwrap_or(""));
            let reference = rest.get(index..).unwrap_or("");

            if let Ok((after, character)) = char_ref(reference) {
                value.push(character);
                rest = after;
            } else if let Ok((after, name)) = entity_ref(reference) {
                let name = name.to_owned();
                if !self.expand_in_default(&name, at, attribute, active, value) {
                    return false;
                }
                rest = after;
            } else {
                value.push('&');
                rest = reference.get(1..).unwrap_or("");
            }
        }

        push_normalized(value, rest);
        true
    }
}

/// Appends `text` with each whitespace character turned into a space.
fn push_normalized(value: &mut String, text: &str) {
    value.extend(
        text.chars()
            .map(|ch| if is_xml_whitespace(ch) { ' ' } else { ch }),
    );
}
