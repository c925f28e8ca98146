//! Validity checks against a DTD: content models, attributes and IDs.
//!
//! The [`Checker`] consumes the reader's events for one document and reports every
//! violated validity constraint of XML 1.0 with its position and element path.

mod attributes;
mod checker;
mod content;
mod element_path;
mod ids;
mod messages;
mod recovery;

pub(crate) use checker::Checker;
pub(crate) use element_path::ElementPath;
pub(crate) use ids::IdTable;
pub(crate) use messages::{describe_expected, quote_list};

use schemakit_model::{Position, Schema};

/// The location of a finding: the document, the position, the open elements and
/// the schema that names its symbols.
pub(crate) struct Site<'a> {
    pub(crate) file: &'a str,
    pub(crate) position: Position,
    pub(crate) path: &'a ElementPath,
    pub(crate) schema: &'a Schema,
    /// Whether the document declared standalone="yes".
    pub(crate) standalone: bool,
    /// Whether Namespaces in XML 1.0 applies, which makes ID, IDREF, ENTITY and
    /// NOTATION values NCNames.
    pub(crate) namespaces: bool,
}

#[cfg(test)]
mod tests;
