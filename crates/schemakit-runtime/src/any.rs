//! Elements kept without a generated type: `ANY` content and unknown elements
//! under [`UnknownElements::Keep`](crate::UnknownElements::Keep).

use crate::writer::XmlWriter;

/// An element read without a schema type, with its attributes and children in
/// document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AnyElement {
    /// The element name as written.
    pub name: String,
    /// Attribute names and values in document order.
    pub attributes: Vec<(String, String)>,
    /// Child elements and text in document order.
    pub children: Vec<AnyNode>,
}

/// A child of an [`AnyElement`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AnyNode {
    /// A child element.
    Element(AnyElement),
    /// Character data, with references already replaced.
    Text(String),
}

impl AnyElement {
    /// Writes the element and everything inside it.
    pub fn write(&self, writer: &mut XmlWriter) {
        writer.start(&self.name);
        for (name, value) in &self.attributes {
            writer.attribute(name, value);
        }
        write_nodes(&self.children, writer);
        writer.end(&self.name);
    }
}

/// Writes `nodes` in order.
pub fn write_nodes(nodes: &[AnyNode], writer: &mut XmlWriter) {
    for node in nodes {
        match node {
            AnyNode::Element(element) => element.write(writer),
            AnyNode::Text(text) => writer.text(text),
        }
    }
}
