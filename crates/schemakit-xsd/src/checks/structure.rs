//! Checks a schema document against the schema for schemas: known `xs:` elements in
//! allowed places and order, allowed and required attributes with valid values, and
//! the representation constraints on attribute combinations.

use super::content_specs::{element_spec, is_known_element, Slot};
use super::representation::check_representation;
use super::values::{check_attribute_value, parse_occurs};
use crate::document::{is_xsd, SchemaDocument};
use crate::errors::Reporter;
use crate::names::XSD_NAMESPACE;
use schemakit_model::Code;
use std::collections::HashSet;

/// Reports every violation of the schema for schemas in `document`.
pub(crate) fn check_document(document: &SchemaDocument<'_>, reporter: &mut Reporter) {
    let mut walker = Walker {
        document,
        reporter,
        ids: HashSet::new(),
    };
    walker.check_element(document.schema(), "");
}

struct Walker<'r, 'd, 'i> {
    document: &'d SchemaDocument<'i>,
    reporter: &'r mut Reporter,
    ids: HashSet<String>,
}

impl Walker<'_, '_, '_> {
    fn error(&mut self, offset: usize, message: String) {
        let position = self.document.position(offset);
        self.reporter
            .schema_error(Code::XsdSyntax, message, &self.document.name, position);
    }

    fn check_element(&mut self, node: roxmltree::Node<'_, '_>, parent: &str) {
        let local = node.tag_name().name();
        let has_derived_content = node
            .children()
            .any(|child| is_xsd(child, "simpleContent") || is_xsd(child, "complexContent"));
        let Some(spec) = element_spec(local, parent, has_derived_content) else {
            // An unknown name is reported here; a known one in the wrong place was
            // reported by the parent's content check.
            if !is_known_element(local) {
                self.error(
                    node.range().start,
                    format!(
                        "`xs:{local}` is not an element of XSD 1.0: remove it or correct its name"
                    ),
                );
            }
            return;
        };

        self.check_attributes(node, local, parent, spec.attributes, spec.required);
        if local == "appinfo" || local == "documentation" {
            return;
        }
        check_representation(node, local, parent, self.document, self.reporter);
        self.check_children(node, local, spec.content);

        for child in node.children().filter(|child| child.is_element()) {
            if child.tag_name().namespace() == Some(XSD_NAMESPACE) {
                self.check_element(child, local);
            }
        }
    }

    fn check_attributes(
        &mut self,
        node: roxmltree::Node<'_, '_>,
        local: &str,
        parent: &str,
        allowed: &[&str],
        required: &[&str],
    ) {
        for attribute in node.attributes() {
            let name = attribute.name();
            match attribute.namespace() {
                Some(XSD_NAMESPACE) => {
                    self.error(
                        attribute.range().start,
                        format!("attribute `{name}` of `xs:{local}` is in the XSD namespace, which allows no attributes on schema elements: write it without a prefix"),
                    );
                    continue;
                }
                Some(_) => continue,
                None => {}
            }
            if !allowed.contains(&name) {
                self.error(
                    attribute.range().start,
                    format!(
                        "`xs:{local}` has no attribute `{name}`{}: remove it",
                        placement(parent)
                    ),
                );
                continue;
            }
            let value = attribute.value();
            if let Some(problem) = check_attribute_value(local, parent, name, value) {
                self.error(
                    attribute.range().start,
                    format!("the value `{value}` of `{name}` on `xs:{local}` {problem}: correct the value"),
                );
                continue;
            }
            if name == "id" && !self.ids.insert(value.trim().to_owned()) {
                self.error(
                    attribute.range().start,
                    format!("id `{value}` is used twice in the schema document: give each `id` a unique value"),
                );
            }
        }

        for name in required {
            if node.attribute(*name).is_none() {
                self.error(
                    node.range().start,
                    format!(
                        "`xs:{local}`{} is missing the required attribute `{name}`: add it",
                        placement(parent)
                    ),
                );
            }
        }

        // maxOccurs defaults to 1, so minOccurs="2" alone is above it.
        if let Some(min) = node.attribute("minOccurs") {
            let max = node.attribute("maxOccurs").unwrap_or("1");
            if let (Some(min), Some(max)) = (parse_occurs(min), parse_occurs(max)) {
                if min > max {
                    self.error(
                        node.range().start,
                        format!("`xs:{local}` has minOccurs {min} above maxOccurs {max}: lower minOccurs or raise maxOccurs"),
                    );
                }
            }
        }
    }

    fn check_children(&mut self, node: roxmltree::Node<'_, '_>, local: &str, slots: &[Slot]) {
        let mut slot_index = 0;
        let mut count = 0;
        for child in node.children() {
            if child.is_text() {
                let text = child.text().unwrap_or("");
                if !text.trim().is_empty() {
                    self.error(
                        child.range().start,
                        format!("`xs:{local}` contains text, which only `xs:documentation` and `xs:appinfo` may: remove it or move it into an annotation"),
                    );
                }
                continue;
            }
            if !child.is_element() {
                continue;
            }

            let name = child.tag_name().name();
            if child.tag_name().namespace() != Some(XSD_NAMESPACE) {
                self.error(
                    child.range().start,
                    format!("`xs:{local}` contains `{name}`, which is not in the XSD namespace: move it into `xs:annotation/xs:appinfo`"),
                );
                continue;
            }

            // Advance through the slots until one accepts the child.
            let mut placed = false;
            while let Some(slot) = slots.get(slot_index) {
                if slot.names.contains(&name) && count < slot.max {
                    count += 1;
                    placed = true;
                    break;
                }
                if count < slot.min {
                    break;
                }
                slot_index += 1;
                count = 0;
            }
            if !placed {
                let message = if is_known_element(name) {
                    format!(
                        "`xs:{name}` is not allowed here in `xs:{local}`: {}",
                        expected_text(slots, slot_index)
                    )
                } else {
                    format!(
                        "`xs:{name}` is not an element of XSD 1.0: remove it or correct its name"
                    )
                };
                self.error(child.range().start, message);
                // A misplaced child is reported once; the rest are checked from the
                // same point.
            }
        }

        while let Some(slot) = slots.get(slot_index) {
            if count < slot.min {
                self.error(
                    node.range().start,
                    format!(
                        "`xs:{local}` is missing a child {}: add one",
                        names_text(slot.names)
                    ),
                );
                break;
            }
            slot_index += 1;
            count = 0;
        }
    }
}

fn placement(parent: &str) -> String {
    match parent {
        "schema" => " at the top level".to_owned(),
        "" => String::new(),
        parent => format!(" inside `xs:{parent}`"),
    }
}

fn expected_text(slots: &[Slot], from: usize) -> String {
    let names: Vec<&str> = slots
        .iter()
        .skip(from)
        .flat_map(|slot| slot.names.iter().copied())
        .collect();
    if names.is_empty() {
        return "it takes no more children; remove it".to_owned();
    }
    format!("expected {}; remove it or move it", names_text(&names))
}

fn names_text(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`xs:{name}`")).collect();
    match quoted.as_slice() {
        [only] => only.clone(),
        _ => format!("of {}", quoted.join(", ")),
    }
}
