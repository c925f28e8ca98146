//! Attributes that an element may carry whatever its type declares: namespace
//! declarations, `xml:` attributes and XML Schema instance attributes (`xsi:`).

use crate::writer::XmlWriter;

/// The namespace of XML Schema instance attributes (`xsi:type`, `xsi:nil`,
/// `xsi:schemaLocation`, `xsi:noNamespaceSchemaLocation`).
pub const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Namespace declarations (`xmlns`, `xmlns:p`), `xml:` attributes and attributes
/// in the [`XSI_NAMESPACE`] of one element, by name as written and in document
/// order, so that writing the element reproduces them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(transparent)
)]
pub struct InstanceAttributes {
    attributes: Vec<(String, String)>,
}

impl InstanceAttributes {
    /// Creates an empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends an attribute, or replaces the value of the attribute of the same name
    /// in place.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self
            .attributes
            .iter_mut()
            .find(|(existing, _)| *existing == name)
        {
            Some(attribute) => attribute.1 = value,
            None => self.attributes.push((name, value)),
        }
    }

    /// Returns the value of the attribute named `name` as written, prefix included
    /// (`xsi:noNamespaceSchemaLocation`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(existing, _)| existing == name)
            .map(|(_, value)| value.as_str())
    }

    /// Returns the attributes in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attributes
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// Returns the number of attributes.
    pub fn len(&self) -> usize {
        self.attributes.len()
    }

    /// Returns whether there are no attributes.
    pub fn is_empty(&self) -> bool {
        self.attributes.is_empty()
    }

    /// Writes the attributes into the start tag that `writer` has open.
    pub fn write(&self, writer: &mut XmlWriter) {
        for (name, value) in &self.attributes {
            writer.attribute(name, value);
        }
    }
}
