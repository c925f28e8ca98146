//! The namespace bindings in scope in the document, for resolving element names,
//! attribute names and QName values.

use crate::event::Attribute;
use schemakit_datatypes::NamespaceLookup;
use schemakit_model::xsd::QName;

/// The namespace name bound to the `xml` prefix (Namespaces in XML 1.0, section 3).
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// The `xmlns` declarations of the open elements, innermost last, so that memory
/// grows with the nesting depth only.
#[derive(Debug, Default)]
pub(super) struct InScopeNamespaces {
    /// `(prefix, namespace name)`; the default namespace has the prefix "" and an
    /// undeclaration (`xmlns=""`) the namespace name "".
    bindings: Vec<(String, String)>,
    /// The length of `bindings` before each open element's declarations.
    marks: Vec<usize>,
    /// A number that changes whenever `bindings` changes, so that names resolved
    /// earlier can be cached until then.
    generation: u64,
}

/// A resolved name borrowed from the document and the bindings, for comparisons
/// that need no owned [`QName`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct NameRef<'a> {
    pub(super) namespace: Option<&'a str>,
    pub(super) local: &'a str,
}

impl NameRef<'_> {
    /// Tells whether this is the name `qname`.
    pub(super) fn is(&self, qname: &QName) -> bool {
        self.local == qname.local && self.namespace == qname.namespace.as_deref()
    }

    pub(super) fn to_qname(self) -> QName {
        QName::new(self.namespace, self.local)
    }
}

impl InScopeNamespaces {
    /// Opens the scope of an element with the declarations among `attributes`.
    #[inline]
    pub(super) fn push_element(&mut self, attributes: &[Attribute]) {
        self.marks.push(self.bindings.len());
        if !attributes.is_empty() {
            self.push_declarations(attributes);
        }
    }

    /// Binds the namespace declarations among `attributes` in the innermost scope.
    fn push_declarations(&mut self, attributes: &[Attribute]) {
        let mark = self.bindings.len();
        for attribute in attributes {
            if attribute.name == "xmlns" {
                self.bindings
                    .push((String::new(), attribute.value.to_string()));
            } else if let Some(prefix) = attribute.name.strip_prefix("xmlns:") {
                self.bindings
                    .push((prefix.to_owned(), attribute.value.to_string()));
            }
        }
        if self.bindings.len() != mark {
            self.generation = self.generation.wrapping_add(1);
        }
    }

    /// Closes the scope of the innermost element.
    pub(super) fn pop_element(&mut self) {
        if let Some(mark) = self.marks.pop() {
            if mark != self.bindings.len() {
                self.bindings.truncate(mark);
                self.generation = self.generation.wrapping_add(1);
            }
        }
    }

    /// Returns the number that changes whenever the bindings in scope change.
    pub(super) fn generation(&self) -> u64 {
        self.generation
    }

    /// Returns the namespace bound to `prefix`, as [`NamespaceLookup::namespace`]
    /// does, borrowed from the bindings.
    pub(super) fn namespace_ref(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NAMESPACE);
        }
        self.bindings
            .iter()
            .rev()
            .find(|(bound, _)| bound == prefix)
            .map(|(_, namespace)| namespace.as_str())
            .filter(|namespace| !namespace.is_empty())
    }

    /// Resolves an attribute name as [`InScopeNamespaces::attribute_name`] does,
    /// without copying it.
    pub(super) fn attribute_name_ref<'a>(&'a self, name: &'a str) -> NameRef<'a> {
        match name.split_once(':') {
            Some((prefix, local)) => NameRef {
                namespace: self.namespace_ref(prefix),
                local,
            },
            None => NameRef {
                namespace: None,
                local: name,
            },
        }
    }

    /// Resolves an element name: an unprefixed name is in the default namespace.
    /// A prefix that is not bound resolves to no namespace, after the reader has
    /// reported it.
    pub(super) fn element_name(&self, name: &str) -> QName {
        match name.split_once(':') {
            Some((prefix, local)) => QName::new(self.namespace(prefix).as_deref(), local),
            None => QName::new(self.namespace("").as_deref(), name),
        }
    }

    /// Resolves an attribute name: an unprefixed attribute is in no namespace.
    pub(super) fn attribute_name(&self, name: &str) -> QName {
        match name.split_once(':') {
            Some((prefix, local)) => QName::new(self.namespace(prefix).as_deref(), local),
            None => QName::new(None, name),
        }
    }
}

impl NamespaceLookup for InScopeNamespaces {
    fn namespace(&self, prefix: &str) -> Option<String> {
        self.namespace_ref(prefix).map(str::to_owned)
    }
}

/// Tells whether an attribute is a namespace declaration, which no schema declares.
pub(super) fn is_namespace_declaration(name: &str) -> bool {
    name == "xmlns" || name.starts_with("xmlns:")
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemakit_model::Position;

    fn declaration(name: &str, value: &str) -> Attribute<'static> {
        Attribute {
            name: name.to_owned().into(),
            value: value.to_owned().into(),
            position: Position::START,
            value_had_references: false,
        }
    }

    #[test]
    fn names_resolve_in_scope() {
        let mut scopes = InScopeNamespaces::default();
        scopes.push_element(&[
            declaration("xmlns", "urn:a"),
            declaration("xmlns:b", "urn:b"),
        ]);
        scopes.push_element(&[declaration("xmlns", "")]);

        assert_eq!(scopes.element_name("X"), QName::new(None, "X"));
        assert_eq!(scopes.element_name("b:X"), QName::new(Some("urn:b"), "X"));
        assert_eq!(scopes.attribute_name("b:y"), QName::new(Some("urn:b"), "y"));
        assert_eq!(scopes.attribute_name("y"), QName::new(None, "y"));

        scopes.pop_element();
        assert_eq!(scopes.element_name("X"), QName::new(Some("urn:a"), "X"));
        assert_eq!(scopes.attribute_name("y"), QName::new(None, "y"));
    }

    #[test]
    fn xml_prefix_is_always_bound() {
        let scopes = InScopeNamespaces::default();
        assert_eq!(scopes.namespace("xml").as_deref(), Some(XML_NAMESPACE));
        assert_eq!(scopes.namespace("p"), None);
        assert_eq!(scopes.namespace(""), None);
    }

    #[test]
    fn namespace_declarations_recognised() {
        assert!(is_namespace_declaration("xmlns"));
        assert!(is_namespace_declaration("xmlns:p"));
        assert!(!is_namespace_declaration("xmlnsx"));
        assert!(!is_namespace_declaration("p:xmlns"));
    }
}
