//! Values of nillable elements, which a document may mark nil with `xsi:nil`.

use crate::instance::{InstanceAttributes, XSI_NAMESPACE};
use crate::writer::XmlWriter;
use std::fmt::Display;

/// The value of an element declared `nillable="true"`: its value, or nil when the
/// document marks it with `xsi:nil="true"` (or `"1"`).
///
/// `Nil` keeps the element's namespace declarations and `xsi:` attributes, the
/// `xsi:nil` attribute included, so that writing reproduces the element.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Nillable<T> {
    /// The element's value.
    Value(T),
    /// The element is nil and has no content.
    Nil(InstanceAttributes),
}

impl<T> Nillable<T> {
    /// Returns a nil value that declares the `xsi` prefix on the element itself.
    pub fn nil() -> Self {
        let mut attributes = InstanceAttributes::new();
        attributes.insert("xmlns:xsi", XSI_NAMESPACE);
        attributes.insert("xsi:nil", "true");
        Nillable::Nil(attributes)
    }

    /// Returns the value, or `None` when the element is nil.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nillable::Value(value) => Some(value),
            Nillable::Nil(_) => None,
        }
    }

    /// Returns whether the element is nil.
    pub fn is_nil(&self) -> bool {
        matches!(self, Nillable::Nil(_))
    }
}

impl<T: Display> Nillable<T> {
    /// Writes the element named `name`: the value as text, or an empty element with
    /// the kept attributes when nil.
    pub fn write(&self, writer: &mut XmlWriter, name: &str) {
        match self {
            Nillable::Value(value) => writer.value_element(name, value),
            Nillable::Nil(attributes) => {
                writer.start(name);
                attributes.write(writer);
                writer.end(name);
            }
        }
    }
}
