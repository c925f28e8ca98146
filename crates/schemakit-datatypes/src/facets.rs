//! Constraining facets as written in a schema and as accumulated along a derivation.

/// The twelve constraining facets of XSD 1.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetKind {
    Length,
    MinLength,
    MaxLength,
    Pattern,
    Enumeration,
    WhiteSpace,
    MaxInclusive,
    MaxExclusive,
    MinExclusive,
    MinInclusive,
    TotalDigits,
    FractionDigits,
}

/// One facet element of an `xs:restriction`, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facet {
    pub kind: FacetKind,
    /// The `value` attribute, exactly as written.
    pub value: String,
    /// The `fixed` attribute.
    pub fixed: bool,
}

/// The facets in effect on a simple type, after every restriction step.
///
/// Patterns are kept per derivation step: a value must match one pattern of every
/// step. The scaffold below lists what the loader, validator, generator and diff
/// read; the datatypes module completes it.
#[derive(Clone, Debug, Default)]
pub struct FacetSet {}
