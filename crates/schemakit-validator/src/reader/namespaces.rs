//! Namespaces in XML 1.0 (third edition) constraints: declared prefixes, reserved
//! prefixes and names, and unique expanded attribute names.

use crate::event::Attribute;
use schemakit_model::{Schema, Span};
use std::collections::HashSet;

/// The namespace name bound to the `xml` prefix.
pub(super) const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace name of the `xmlns` prefix, which no prefix may be bound to.
pub(super) const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// A namespace violation: the message and the attribute it concerns (`None` for the
/// element name).
#[derive(Debug)]
pub(super) struct NamespaceError {
    pub(super) message: String,
    pub(super) attribute: Option<usize>,
}

/// The in-scope namespace bindings, one group per open element, so that memory
/// grows with nesting depth only.
#[derive(Debug, Default)]
pub(super) struct NamespaceScopes {
    /// `(prefix, namespace name)`; the default namespace has the prefix "".
    bindings: Vec<(String, String)>,
    /// The length of `bindings` before each open element's declarations.
    marks: Vec<usize>,
}

impl NamespaceScopes {
    /// Applies the declarations of a start tag and checks the names in it. The scope
    /// stays open until [`NamespaceScopes::pop_element`], also on error.
    pub(super) fn push_element(
        &mut self,
        element: &str,
        attributes: &[Attribute],
    ) -> Result<(), NamespaceError> {
        self.marks.push(self.bindings.len());

        for (index, attribute) in attributes.iter().enumerate() {
            self.declare(attribute).map_err(|message| NamespaceError {
                message,
                attribute: Some(index),
            })?;
        }

        if let Some((prefix, _)) = split_prefix(element) {
            if prefix == "xmlns" {
                return Err(NamespaceError {
                    message: format!("element `{element}` uses the reserved prefix `xmlns`"),
                    attribute: None,
                });
            }
            if self.lookup(prefix).is_none() {
                return Err(NamespaceError {
                    message: format!(
                        "the prefix `{prefix}` of element `{element}` is not declared: add `xmlns:{prefix}=\"...\"` to it or an ancestor"
                    ),
                    attribute: None,
                });
            }
        }

        self.check_attribute_names(element, attributes)
    }

    /// Opens the scope of an element without prefix and without attributes, which
    /// declares nothing and has no name to check.
    pub(super) fn push_unprefixed_element(&mut self) {
        self.marks.push(self.bindings.len());
    }

    /// Closes the scope of the innermost element.
    pub(super) fn pop_element(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.bindings.truncate(mark);
        }
    }

    /// Records the binding an `xmlns` or `xmlns:p` attribute makes, after checking it.
    fn declare(&mut self, attribute: &Attribute) -> Result<(), String> {
        let name = attribute.name.as_ref();
        let value = attribute.value.as_ref();

        if name == "xmlns" {
            if value == XML_NAMESPACE || value == XMLNS_NAMESPACE {
                return Err(format!(
                    "the namespace `{value}` may not be the default namespace"
                ));
            }
            self.bindings.push((String::new(), value.to_owned()));
            return Ok(());
        }

        let Some(prefix) = name.strip_prefix("xmlns:") else {
            return Ok(());
        };
        if prefix == "xmlns" {
            return Err("the prefix `xmlns` may not be declared".to_owned());
        }
        if prefix == "xml" {
            if value != XML_NAMESPACE {
                return Err(format!(
                    "the prefix `xml` may be bound only to `{XML_NAMESPACE}`, not to `{value}`"
                ));
            }
            return Ok(());
        }
        if value == XML_NAMESPACE {
            return Err(format!(
                "only the prefix `xml` may be bound to `{XML_NAMESPACE}`, not `{prefix}`"
            ));
        }
        if value == XMLNS_NAMESPACE {
            return Err(format!("no prefix may be bound to `{XMLNS_NAMESPACE}`"));
        }
        if value.is_empty() {
            return Err(format!(
                "`xmlns:{prefix}=\"\"` is not allowed: Namespaces in XML 1.0 cannot undeclare a prefix"
            ));
        }
        self.bindings.push((prefix.to_owned(), value.to_owned()));
        Ok(())
    }

    /// Checks that every attribute prefix is declared and that no two attributes have
    /// the same local name and namespace name.
    fn check_attribute_names(
        &self,
        element: &str,
        attributes: &[Attribute],
    ) -> Result<(), NamespaceError> {
        // Made at the first prefixed attribute: most tags have none.
        let mut expanded: Option<HashSet<(&str, &str)>> = None;

        for (index, attribute) in attributes.iter().enumerate() {
            let Some((prefix, local)) = split_prefix(&attribute.name) else {
                continue;
            };
            if prefix == "xmlns" {
                continue;
            }
            let Some(namespace) = self.lookup(prefix) else {
                return Err(NamespaceError {
                    message: format!(
                        "the prefix `{prefix}` of attribute `{}` on element `{element}` is not declared",
                        attribute.name
                    ),
                    attribute: Some(index),
                });
            };
            if !expanded
                .get_or_insert_with(HashSet::new)
                .insert((local, namespace))
            {
                return Err(NamespaceError {
                    message: format!(
                        "attribute `{}` on element `{element}` has the same local name and namespace `{namespace}` as another attribute",
                        attribute.name
                    ),
                    attribute: Some(index),
                });
            }
        }
        Ok(())
    }

    /// Returns the namespace name bound to `prefix`, if any.
    fn lookup(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NAMESPACE);
        }
        self.bindings
            .iter()
            .rev()
            .find(|(bound, _)| bound == prefix)
            .map(|(_, namespace)| namespace.as_str())
    }
}

/// Splits a qualified name at its first `:`. Names are short, so a plain byte loop
/// costs less here than a substring search.
fn split_prefix(name: &str) -> Option<(&str, &str)> {
    let colon = name.bytes().position(|byte| byte == b':')?;
    Some((name.get(..colon)?, name.get(colon + 1..)?))
}

/// Finds an entity or notation name with a colon, which Namespaces in XML 1.0
/// (section 7) forbids; returns the message and the declaration's span.
pub(super) fn find_colon_in_dtd_names(schema: &Schema) -> Option<(String, Option<Span>)> {
    let entities = schema
        .general_entities
        .values()
        .map(|entity| ("entity", entity.name.as_str(), entity.span));
    let parameter_entities = schema
        .parameter_entities
        .values()
        .map(|entity| ("parameter entity", entity.name.as_str(), entity.span));
    let notations = schema
        .notations
        .values()
        .map(|notation| ("notation", notation.name.as_str(), notation.span));

    entities
        .chain(parameter_entities)
        .chain(notations)
        .find(|(_, name, _)| name.contains(':'))
        .map(|(what, name, span)| {
            let message = format!(
                "the {what} name `{name}` contains `:`, which namespace-aware documents do not allow in entity and notation names"
            );
            (message, span)
        })
}
