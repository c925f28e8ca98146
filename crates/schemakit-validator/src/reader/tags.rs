//! Handlers for start tags, empty-element tags and end tags.

use super::attributes::{
    is_normalized, normalize_value, split_tag, RawAttribute, TagParts, ValueContext, ValueError,
};
use super::entity_expander::ExpansionError;
use super::names::{find_invalid_char, is_plain_ascii_name, is_whitespace_byte};
use super::position::LineTracker;
use super::prolog::Stage;
use super::references::undeclared_entity;
use super::DocumentReader;
use crate::event::{Attribute, Event};
use crate::session::EventSink;
use schemakit_model::{Code, Diagnostic, DiagnosticKind};
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::BufRead;

/// Above this many attributes, duplicates are found with a hash set instead of by
/// comparing with every earlier attribute.
const LINEAR_DUPLICATE_CHECK: usize = 16;

impl<R: BufRead> DocumentReader<'_, R> {
    /// `<name attributes>` or `<name attributes/>`.
    pub(super) fn on_start_tag<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        empty: bool,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let tag = start_tag_content(raw, empty);
        // Most tags are a plain ASCII name without attributes, which one scan of the
        // tag finds to be a Name and a QName. Others are split and checked in full.
        let plain = is_plain_ascii_name(tag.as_bytes());
        self.on_checked_start_tag(raw, start, empty, plain, sink)
    }

    /// `<name attributes>` or `<name attributes/>`. `plain` is true when the tag is
    /// only a plain ASCII name (see [`is_plain_ascii_name`]).
    pub(super) fn on_checked_start_tag<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        empty: bool,
        plain: bool,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let bytes = raw.as_bytes();
        let tag = start_tag_content(raw, empty);
        let parts = if plain {
            TagParts {
                name: tag,
                attributes: Vec::new(),
            }
        } else {
            let spare = std::mem::take(&mut self.spare_raw_attributes);
            split_tag(tag, spare).map_err(|error| {
                self.not_well_formed(error.message, start, bytes, 1 + error.index)
            })?
        };

        let name_checked = match plain {
            true => Ok(()),
            false => self.names.check(parts.name, self.namespaces),
        };
        if let Err(error) = name_checked {
            let message = format!("invalid element name: {}", error.message);
            return Err(self.not_well_formed(message, start, bytes, 1 + error.index));
        }
        if self.elements.is_empty() && self.entities.is_empty() {
            if let Err(message) = self.structure.enter_root(parts.name) {
                return Err(self.not_well_formed(message, start, bytes, 0));
            }
        }
        if self.elements.len() >= self.limits.max_element_depth {
            let message = format!(
                "element `{}` is nested deeper than the limit max_element_depth = {}; raise the limit (`--max-element-depth` on the command line) if the document is trusted",
                parts.name, self.limits.max_element_depth
            );
            return Err(self.limit_error(message, start, bytes, 0));
        }

        let position = self.event_position(start);
        // The list reuses the allocation of the last start tag's list.
        let mut attributes: Vec<Attribute<'_>> = std::mem::take(&mut self.spare_attributes);
        let mut skipped = Vec::new();
        let mut seen: Option<HashSet<&str>> = (parts.attributes.len() > LINEAR_DUPLICATE_CHECK)
            .then(|| HashSet::with_capacity(parts.attributes.len()));
        // Attribute positions come from one cursor moved forward through the tag, so
        // that the tag is scanned once rather than from its start for each attribute.
        let mut cursor = *start;
        let mut cursor_index = 0;

        for (index, attribute) in parts.attributes.iter().enumerate() {
            let name_index = 1 + attribute.name_index;
            if let Err(error) = self.names.check(attribute.name, self.namespaces) {
                let message = format!("invalid attribute name: {}", error.message);
                return Err(self.not_well_formed(message, start, bytes, name_index + error.index));
            }

            let duplicate = match seen.as_mut() {
                Some(seen) => !seen.insert(attribute.name),
                None => parts
                    .attributes
                    .iter()
                    .take(index)
                    .any(|earlier| earlier.name == attribute.name),
            };
            if duplicate {
                let message = format!(
                    "attribute `{}` is given twice in element `{}`",
                    attribute.name, parts.name
                );
                return Err(self.not_well_formed(message, start, bytes, name_index));
            }

            if find_invalid_char(attribute.value).is_some() {
                let place = format!("in the value of attribute `{}`", attribute.name);
                self.check_chars(
                    attribute.value,
                    1 + attribute.value_index,
                    &place,
                    start,
                    bytes,
                )?;
            }
            let (value, had_references, skipped_entities) = if is_normalized(attribute.value) {
                (Cow::Borrowed(attribute.value), false, Vec::new())
            } else {
                let normalized = self.normalize_attribute(
                    attribute.value,
                    start,
                    bytes,
                    1 + attribute.value_index,
                )?;
                for entity in normalized.external_markup_entities {
                    if self.standalone == Some(true) {
                        self.standalone_violation(&entity, position);
                    }
                }
                (
                    Cow::Owned(normalized.value),
                    normalized.had_references,
                    normalized.skipped_entities,
                )
            };
            let attribute_position = match self.entities.first() {
                Some(frame) => frame.reference,
                None => {
                    cursor.advance(bytes.get(cursor_index..name_index).unwrap_or(&[]));
                    cursor_index = name_index;
                    cursor.position()
                }
            };
            for entity in skipped_entities {
                skipped.push(Event::SkippedEntity {
                    name: Cow::Owned(entity),
                    position: attribute_position,
                });
            }

            attributes.push(Attribute {
                name: Cow::Borrowed(attribute.name),
                value,
                position: attribute_position,
                value_had_references: had_references,
            });
        }

        if self.namespaces && plain && !self.dtd.declares_namespace_attributes {
            // No prefix and no attributes: nothing to declare or check.
            self.scopes.push_unprefixed_element();
        } else if self.namespaces {
            let declared = self.with_declared_namespace_attributes(parts.name, &attributes);
            let checked = match &declared {
                Some(declared) => self.scopes.push_element(parts.name, declared),
                None => self.scopes.push_element(parts.name, &attributes),
            };
            if let Err(error) = checked {
                let index = error
                    .attribute
                    .and_then(|attribute| parts.attributes.get(attribute))
                    .map_or(1, |attribute| 1 + attribute.name_index);
                return Err(self.not_well_formed(error.message, start, bytes, index));
            }
        }

        let event = Event::StartElement {
            name: Cow::Borrowed(parts.name),
            attributes: Cow::Borrowed(&attributes),
            empty,
            position,
        };
        self.emit_borrowed(sink, event);
        for event in &skipped {
            self.emit(sink, event);
        }

        if empty {
            if self.namespaces {
                self.scopes.pop_element();
            }
            let event = Event::EndElement {
                name: Cow::Borrowed(parts.name),
                position,
            };
            self.emit_borrowed(sink, event);
            if self.elements.is_empty() && self.entities.is_empty() {
                self.structure.leave_root();
            }
        } else {
            self.elements
                .push(parts.name, position, self.entities.len());
        }

        // The list is empty, so the conversion moves no attribute, and collecting into
        // a list of the same layout keeps the allocation.
        attributes.clear();
        self.spare_attributes = attributes.into_iter().map(Attribute::into_owned).collect();
        let mut raw_attributes = parts.attributes;
        raw_attributes.clear();
        self.spare_raw_attributes = raw_attributes
            .into_iter()
            .map(|_| RawAttribute::NONE)
            .collect();
        Ok(())
    }

    /// Applies the DTD's declarations of `xmlns` attributes, for namespace processing
    /// only: a declared non-CDATA type normalizes the value as tokens, and a declared
    /// default declares a namespace the tag does not mention. Returns `None` when the
    /// DTD declares none of them.
    fn with_declared_namespace_attributes<'a>(
        &self,
        element: &str,
        attributes: &[Attribute<'a>],
    ) -> Option<Vec<Attribute<'a>>> {
        if !self.dtd.declares_namespace_attributes {
            return None;
        }
        let declaration = self.dtd.schema.as_ref()?.element(element)?;
        let mut namespace_attributes = declaration
            .attributes
            .values()
            .filter(|attribute| attribute.name == "xmlns" || attribute.name.starts_with("xmlns:"))
            .peekable();
        namespace_attributes.peek()?;

        let mut adjusted = attributes.to_vec();
        for declared in namespace_attributes {
            match adjusted
                .iter_mut()
                .find(|attribute| attribute.name == declared.name)
            {
                Some(attribute) if declared.ty.is_tokenized() => {
                    attribute.value = Cow::Owned(
                        attribute
                            .value
                            .split(' ')
                            .filter(|token| !token.is_empty())
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                }
                Some(_) => {}
                None => {
                    if let Some(default) = declared.default_value() {
                        let position = attributes
                            .first()
                            .map(|attribute| attribute.position)
                            .unwrap_or_default();
                        adjusted.push(Attribute {
                            name: Cow::Owned(declared.name.clone()),
                            value: Cow::Owned(default.to_owned()),
                            position,
                            value_had_references: false,
                        });
                    }
                }
            }
        }
        Some(adjusted)
    }

    /// Normalizes one attribute value whose raw text starts at byte `value_offset` of `raw`.
    fn normalize_attribute(
        &mut self,
        value: &str,
        start: &LineTracker,
        raw: &[u8],
        value_offset: usize,
    ) -> Result<super::attributes::NormalizedValue, Diagnostic> {
        let context = ValueContext {
            schema: self.dtd.schema.as_deref(),
            limits: &self.limits,
            undeclared_is_fatal: self.undeclared_is_fatal(),
            open_entities: self
                .entities
                .iter()
                .map(|frame| frame.name.as_str())
                .collect(),
        };

        match normalize_value(value, &context, &mut self.budget, String::new()) {
            Ok(normalized) => Ok(normalized),
            Err(ValueError::NotWellFormed { message, index }) => {
                Err(self.not_well_formed(message, start, raw, value_offset + index))
            }
            Err(ValueError::Undeclared { name, index }) => {
                let diagnostic = undeclared_entity(&name);
                Err(self.locate(diagnostic, start, raw, value_offset + index))
            }
            Err(ValueError::Expansion { error, index }) => {
                let (kind, code) = match error {
                    ExpansionError::Recursion(_) => (DiagnosticKind::Syntax, Code::EntityRecursion),
                    ExpansionError::Limit { .. } => (DiagnosticKind::Limit, Code::LimitExceeded),
                };
                let diagnostic = Diagnostic::error(kind, code, error.message());
                Err(self.locate(diagnostic, start, raw, value_offset + index))
            }
        }
    }

    /// `</name>`, which must match the start tag of the innermost open element and be
    /// in the same entity.
    pub(super) fn on_end_tag<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let written = raw.get(2..raw.len().saturating_sub(1)).unwrap_or("");
        let Some(open) = self.elements.last() else {
            let name = written.trim_end_matches([' ', '\t', '\r', '\n']);
            let message = format!("end tag `</{name}>` has no matching start tag");
            return Err(self.not_well_formed(message, start, raw.as_bytes(), 0));
        };

        // The usual end tag repeats the start tag's name with nothing after it, and
        // a name equal to a checked start-tag name has no whitespace.
        let name = if written == open.name && open.entity_depth == self.entities.len() {
            written
        } else {
            self.check_unusual_end_tag(written, raw, start)?
        };

        self.elements.pop();
        if self.namespaces {
            self.scopes.pop_element();
        }
        let position = self.event_position(start);
        let event = Event::EndElement {
            name: Cow::Borrowed(name),
            position,
        };
        self.emit_borrowed(sink, event);
        if self.elements.is_empty()
            && self.entities.is_empty()
            && self.structure.stage() == Stage::InRoot
        {
            self.structure.leave_root();
        }
        Ok(())
    }

    /// Checks an end tag whose text between `</` and `>`, `written`, is not exactly
    /// the innermost open element's name in the same entity: it may only add
    /// whitespace after the name. Returns the name.
    #[cold]
    #[inline(never)]
    fn check_unusual_end_tag<'r>(
        &self,
        written: &'r str,
        raw: &str,
        start: &LineTracker,
    ) -> Result<&'r str, Diagnostic> {
        let name = written.trim_end_matches([' ', '\t', '\r', '\n']);
        let Some(open) = self.elements.last() else {
            return Ok(name);
        };
        if name.bytes().any(is_whitespace_byte) {
            let message = format!(
                "the end tag `</{name}>` may contain only the element name `{}` and whitespace",
                open.name
            );
            return Err(self.not_well_formed(message, start, raw.as_bytes(), 0));
        }
        if open.name != name {
            let message = format!(
                "end tag `</{name}>` does not match the start tag `<{}>` at line {}, column {}",
                open.name, open.position.line, open.position.column
            );
            return Err(self.not_well_formed(message, start, raw.as_bytes(), 0));
        }
        if open.entity_depth != self.entities.len() {
            let message = format!(
                "end tag `</{name}>` is not in the same entity as its start tag: an element must start and end in the same entity"
            );
            return Err(self.not_well_formed(message, start, raw.as_bytes(), 0));
        }
        Ok(name)
    }
}

/// Returns the text of a start tag or empty-element tag `raw` between `<` and `>`
/// (or `/>` when `empty`).
fn start_tag_content(raw: &str, empty: bool) -> &str {
    let end = raw.len().saturating_sub(if empty { 2 } else { 1 });
    raw.get(1..end).unwrap_or("")
}
