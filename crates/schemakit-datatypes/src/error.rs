//! Errors of simple-type derivation and value validation.

use crate::FacetKind;

/// A simple type definition that XSD 1.0 forbids: a facet that does not apply to the
/// base type, a facet value outside the base type's value space, `minLength` above
/// `maxLength`, a restriction that widens a fixed facet, and so on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DerivationError {
    /// The index, in the slice passed to [`crate::SimpleType::restrict`], of the facet
    /// at fault, so that the loader can point at its element; `None` when the fault is
    /// not one facet's.
    pub facet_index: Option<usize>,
    /// One lower-case sentence without a trailing period.
    pub message: String,
}

/// A value outside a simple type's lexical or value space.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValueError {
    /// The facet the value broke; `None` when the value is not in the lexical space of
    /// the primitive type (e.g. `"12a"` for `xs:int`).
    pub facet: Option<FacetKind>,
    /// One lower-case sentence without a trailing period that names the value and
    /// the rule, e.g. `"MSSQL" is not one of the allowed values "IBM DB2", "MS SQL"`.
    pub message: String,
    /// The allowed values or the bound, for the `expected` field of diagnostics.
    pub expected: Option<String>,
}
