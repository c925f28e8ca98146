//! Validity checks against an XSD: element declarations, complex-type content
//! models, simple-type values of text and attributes, and IDs.
//!
//! The [`XsdChecker`] consumes the same reader events as the DTD checker. It resolves
//! element and attribute names with the namespace declarations in scope, looks up
//! each element's declaration (the root's among the global ones, a child's in its
//! parent's content type) and checks it against its type. Memory grows with the
//! nesting depth, the largest text of a simple-typed element and the number of
//! distinct ID values, never with the number of elements.

mod attributes;
mod checker;
mod compiled;
mod content;
mod derivation;
mod frames;
mod hints;
mod names;
mod namespaces;
mod order;
mod values;
mod wildcards;
mod xsi_type;

pub(crate) use checker::XsdChecker;
pub use compiled::CompiledXsd;
pub(crate) use hints::{schema_hint, SchemaHint};

/// The namespace of the `xsi:` attributes (XSD 1.0 Part 1, section 3.2.7).
pub(crate) const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

#[cfg(test)]
mod tests;
