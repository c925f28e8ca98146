//! Generator options.

use std::collections::BTreeMap;

/// The handling of child elements and attributes that the schema does not declare,
/// in generated readers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum UnknownElements {
    /// Reject the document (the default).
    #[default]
    Error,
    /// Skip undeclared elements and ignore undeclared attributes.
    Skip,
    /// Keep undeclared elements in an `other: Vec<AnyElement>` field of each element
    /// struct with element or mixed content, and ignore undeclared attributes.
    Keep,
}

/// Options of [`generate`](crate::generate).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Rust types for text-only child elements by path `PARENT/CHILD` (e.g.
    /// `AUTH_NEO4J/PORT` to `u16`). The text is parsed with `FromStr`, and a value
    /// that does not parse is a read error. [`generate`](crate::generate) rejects
    /// an override that matches no element of its schema, and
    /// [`Config::compile`](crate::Config::compile) one that matches in none of its
    /// schemas.
    pub type_overrides: BTreeMap<String, String>,
    /// Rust type names for elements, by element name, replacing the derived name.
    pub renames: BTreeMap<String, String>,
    /// The handling of undeclared elements in generated readers.
    pub unknown_elements: UnknownElements,
    /// Whether to add `#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]`
    /// to every type. The crate that includes the code then needs a `serde` feature
    /// that enables its `serde` dependency (with `derive`) and
    /// `schemakit-runtime/serde`. Enumeration variants serialize as their schema
    /// strings.
    pub serde: bool,
}

impl Options {
    /// Adds a type override for the text-only element at `path` (`PARENT/CHILD`).
    pub fn type_override(mut self, path: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.type_overrides.insert(path.into(), rust_type.into());
        self
    }

    /// Names the type of `element` `rust_name`.
    pub fn rename(mut self, element: impl Into<String>, rust_name: impl Into<String>) -> Self {
        self.renames.insert(element.into(), rust_name.into());
        self
    }
}
