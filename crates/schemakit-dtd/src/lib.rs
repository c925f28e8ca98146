//! XML 1.0 DTD parser producing the schemakit model.
//!
//! API SKELETON: the public signatures below are the contract other crates build
//! against; the bodies marked `todo!` are being written.

use schemakit_model::{Diagnostic, ExternalId, Position, Schema, SourceFile};
use schemakit_resolve::EntityLoader;

/// Safety limits for DTD processing.
#[derive(Clone, Debug)]
pub struct DtdLimits {
    /// Most parameter-entity references expanded in one DTD.
    pub max_entity_expansions: usize,
    /// Most bytes of parameter-entity replacement text expanded in one DTD.
    pub max_expansion_bytes: usize,
    /// Deepest nesting of parameter-entity references (also catches recursion).
    pub max_entity_depth: usize,
    /// Deepest nesting of groups in a content model.
    pub max_group_nesting: usize,
}

impl Default for DtdLimits {
    fn default() -> Self {
        DtdLimits {
            max_entity_expansions: 100_000,
            max_expansion_bytes: 64 * 1024 * 1024,
            max_entity_depth: 64,
            max_group_nesting: 128,
        }
    }
}

/// A parsed DTD: the schema and the warnings found while reading it.
#[derive(Clone, Debug)]
pub struct Dtd {
    pub schema: Schema,
    /// Warnings only; errors make [`DtdBuilder::finish`] fail.
    pub warnings: Vec<Diagnostic>,
}

/// Why a DTD could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DtdError {
    /// Errors (and the warnings found alongside them), in source order.
    #[error("todo")]
    Invalid { diagnostics: Vec<Diagnostic> },
}

/// The parts of a `<!DOCTYPE ...>` declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoctypeDecl {
    pub name: String,
    pub external_id: Option<ExternalId>,
    /// Byte range of the internal subset (between `[` and `]`) in the text given to
    /// [`parse_doctype`], and the position where it starts.
    pub internal_subset: Option<(std::ops::Range<usize>, Position)>,
}

/// Parses the text of a document type declaration.
pub fn parse_doctype(_text: &str, _start: Position, _file: &str) -> Result<DoctypeDecl, Diagnostic> {
    todo!()
}

/// Accumulates declarations from an internal and an external subset into one schema.
pub struct DtdBuilder<'a> {
    _loader: &'a dyn EntityLoader,
}

impl<'a> DtdBuilder<'a> {
    pub fn new(_loader: &'a dyn EntityLoader, _limits: DtdLimits) -> Self {
        todo!()
    }
    pub fn parse_internal_subset(&mut self, _text: &str, _source: SourceFile, _start: Position, _base: Option<String>) {
        todo!()
    }
    pub fn parse_external_subset(&mut self, _text: &str, _source: SourceFile, _base: Option<String>) {
        todo!()
    }
    pub fn finish(self) -> Result<Dtd, DtdError> {
        todo!()
    }
}

/// Checks a schema on its own: content models naming undeclared elements, attribute
/// lists for undeclared elements, non-deterministic content models.
pub fn check_schema(_schema: &Schema) -> Vec<Diagnostic> {
    todo!()
}
