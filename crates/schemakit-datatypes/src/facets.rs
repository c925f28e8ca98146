//! Constraining facets as written in a schema and as accumulated along a derivation.

use crate::{Pattern, Value, WhiteSpace};
use std::fmt;

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

impl FacetKind {
    /// Every facet, in the order of XSD 1.0 Part 2, section 4.3.
    pub const ALL: [FacetKind; 12] = [
        FacetKind::Length,
        FacetKind::MinLength,
        FacetKind::MaxLength,
        FacetKind::Pattern,
        FacetKind::Enumeration,
        FacetKind::WhiteSpace,
        FacetKind::MaxInclusive,
        FacetKind::MaxExclusive,
        FacetKind::MinExclusive,
        FacetKind::MinInclusive,
        FacetKind::TotalDigits,
        FacetKind::FractionDigits,
    ];

    /// Returns the facet's element name, e.g. `"maxInclusive"`.
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Length => "length",
            FacetKind::MinLength => "minLength",
            FacetKind::MaxLength => "maxLength",
            FacetKind::Pattern => "pattern",
            FacetKind::Enumeration => "enumeration",
            FacetKind::WhiteSpace => "whiteSpace",
            FacetKind::MaxInclusive => "maxInclusive",
            FacetKind::MaxExclusive => "maxExclusive",
            FacetKind::MinExclusive => "minExclusive",
            FacetKind::MinInclusive => "minInclusive",
            FacetKind::TotalDigits => "totalDigits",
            FacetKind::FractionDigits => "fractionDigits",
        }
    }

    /// Returns the facet with element name `name`, if any.
    pub fn from_name(name: &str) -> Option<FacetKind> {
        FacetKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for FacetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
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

impl Facet {
    /// Creates a facet that is not fixed.
    pub fn new(kind: FacetKind, value: impl Into<String>) -> Facet {
        Facet {
            kind,
            value: value.into(),
            fixed: false,
        }
    }
}

/// A facet's value with its `fixed` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue<T> {
    pub value: T,
    /// Whether derived types must keep this value.
    pub fixed: bool,
}

/// A bound facet (minInclusive, maxExclusive, ...): the value as written and as
/// parsed in the value space of the type's primitive.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    /// The `value` attribute after the base type's whitespace normalization.
    pub written: String,
    pub value: Value,
    pub fixed: bool,
}

/// The enumeration facet of the nearest derivation step that has one: a
/// restriction's enumeration replaces its base's, because its values must be valid
/// for the base anyway.
#[derive(Clone, Debug, PartialEq)]
pub struct Enumeration {
    /// The values as written in the schema, in schema order.
    pub written: Vec<String>,
    /// The parsed values, in the same order.
    pub values: Vec<Value>,
}

/// The facets in effect on a simple type, after every restriction step.
///
/// A restriction step overrides its base's length, digit, whiteSpace and bound
/// facets and its enumeration, while patterns accumulate: a value must match one
/// pattern of every step. When steps give both an inclusive and an exclusive bound
/// on one side, both are kept and a value must satisfy both.
#[derive(Clone, Debug, Default)]
pub struct FacetSet {
    pub(crate) length: Option<FacetValue<u64>>,
    pub(crate) min_length: Option<FacetValue<u64>>,
    pub(crate) max_length: Option<FacetValue<u64>>,
    pub(crate) pattern_steps: Vec<Vec<Pattern>>,
    pub(crate) enumeration: Option<Enumeration>,
    pub(crate) white_space: Option<FacetValue<WhiteSpace>>,
    pub(crate) max_inclusive: Option<Bound>,
    pub(crate) max_exclusive: Option<Bound>,
    pub(crate) min_exclusive: Option<Bound>,
    pub(crate) min_inclusive: Option<Bound>,
    pub(crate) total_digits: Option<FacetValue<u64>>,
    pub(crate) fraction_digits: Option<FacetValue<u64>>,
}

impl FacetSet {
    /// Returns the length facet: characters for strings and URIs, octets for
    /// binary types, items for lists. QName and NOTATION ignore length facets.
    pub fn length(&self) -> Option<u64> {
        self.length.as_ref().map(|facet| facet.value)
    }

    /// Returns the minLength facet, in the units of [`FacetSet::length`].
    pub fn min_length(&self) -> Option<u64> {
        self.min_length.as_ref().map(|facet| facet.value)
    }

    /// Returns the maxLength facet, in the units of [`FacetSet::length`].
    pub fn max_length(&self) -> Option<u64> {
        self.max_length.as_ref().map(|facet| facet.value)
    }

    /// Returns the compiled patterns of every derivation step that has any, base
    /// first. A value must match at least one pattern of each step.
    pub fn pattern_steps(&self) -> &[Vec<Pattern>] {
        &self.pattern_steps
    }

    /// Returns the pattern sources as written, grouped like
    /// [`FacetSet::pattern_steps`].
    pub fn pattern_sources(&self) -> Vec<Vec<&str>> {
        self.pattern_steps
            .iter()
            .map(|step| step.iter().map(Pattern::source).collect())
            .collect()
    }

    /// Returns the enumeration values as written, in schema order.
    pub fn enumeration(&self) -> Option<&[String]> {
        self.enumeration
            .as_ref()
            .map(|enumeration| enumeration.written.as_slice())
    }

    /// Returns the enumeration values parsed in the type's value space, in the
    /// order of [`FacetSet::enumeration`].
    pub fn enumeration_values(&self) -> Option<&[Value]> {
        self.enumeration
            .as_ref()
            .map(|enumeration| enumeration.values.as_slice())
    }

    /// Returns the whiteSpace facet, when the type or an ancestor sets one.
    pub fn white_space(&self) -> Option<WhiteSpace> {
        self.white_space.as_ref().map(|facet| facet.value)
    }

    /// Returns the minInclusive facet.
    pub fn min_inclusive(&self) -> Option<&Bound> {
        self.min_inclusive.as_ref()
    }

    /// Returns the minExclusive facet.
    pub fn min_exclusive(&self) -> Option<&Bound> {
        self.min_exclusive.as_ref()
    }

    /// Returns the maxInclusive facet.
    pub fn max_inclusive(&self) -> Option<&Bound> {
        self.max_inclusive.as_ref()
    }

    /// Returns the maxExclusive facet.
    pub fn max_exclusive(&self) -> Option<&Bound> {
        self.max_exclusive.as_ref()
    }

    /// Returns the bound facet of `kind`, which is one of the four min/max facets.
    pub fn bound(&self, kind: FacetKind) -> Option<&Bound> {
        match kind {
            FacetKind::MinInclusive => self.min_inclusive(),
            FacetKind::MinExclusive => self.min_exclusive(),
            FacetKind::MaxInclusive => self.max_inclusive(),
            FacetKind::MaxExclusive => self.max_exclusive(),
            _ => None,
        }
    }

    /// Returns the totalDigits facet.
    pub fn total_digits(&self) -> Option<u64> {
        self.total_digits.as_ref().map(|facet| facet.value)
    }

    /// Returns the fractionDigits facet.
    pub fn fraction_digits(&self) -> Option<u64> {
        self.fraction_digits.as_ref().map(|facet| facet.value)
    }

    /// Tells whether the facet `kind` is in effect with `fixed="true"`, so derived
    /// types cannot change it. Patterns and enumerations are never fixed.
    pub fn is_fixed(&self, kind: FacetKind) -> bool {
        let fixed = |facet: Option<bool>| facet.unwrap_or(false);
        match kind {
            FacetKind::Length => fixed(self.length.as_ref().map(|facet| facet.fixed)),
            FacetKind::MinLength => fixed(self.min_length.as_ref().map(|facet| facet.fixed)),
            FacetKind::MaxLength => fixed(self.max_length.as_ref().map(|facet| facet.fixed)),
            FacetKind::WhiteSpace => fixed(self.white_space.as_ref().map(|facet| facet.fixed)),
            FacetKind::TotalDigits => fixed(self.total_digits.as_ref().map(|facet| facet.fixed)),
            FacetKind::FractionDigits => {
                fixed(self.fraction_digits.as_ref().map(|facet| facet.fixed))
            }
            FacetKind::Pattern | FacetKind::Enumeration => false,
            bound => fixed(self.bound(bound).map(|facet| facet.fixed)),
        }
    }

    /// Tells whether no facet is in effect.
    pub fn is_empty(&self) -> bool {
        self.length.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern_steps.is_empty()
            && self.enumeration.is_none()
            && self.white_space.is_none()
            && self.max_inclusive.is_none()
            && self.max_exclusive.is_none()
            && self.min_exclusive.is_none()
            && self.min_inclusive.is_none()
            && self.total_digits.is_none()
            && self.fraction_digits.is_none()
    }

    pub(crate) fn bound_slot(&mut self, kind: FacetKind) -> Option<&mut Option<Bound>> {
        match kind {
            FacetKind::MinInclusive => Some(&mut self.min_inclusive),
            FacetKind::MinExclusive => Some(&mut self.min_exclusive),
            FacetKind::MaxInclusive => Some(&mut self.max_inclusive),
            FacetKind::MaxExclusive => Some(&mut self.max_exclusive),
            _ => None,
        }
    }

    pub(crate) fn count_slot(&mut self, kind: FacetKind) -> Option<&mut Option<FacetValue<u64>>> {
        match kind {
            FacetKind::Length => Some(&mut self.length),
            FacetKind::MinLength => Some(&mut self.min_length),
            FacetKind::MaxLength => Some(&mut self.max_length),
            FacetKind::TotalDigits => Some(&mut self.total_digits),
            FacetKind::FractionDigits => Some(&mut self.fraction_digits),
            _ => None,
        }
    }

    pub(crate) fn count(&self, kind: FacetKind) -> Option<&FacetValue<u64>> {
        match kind {
            FacetKind::Length => self.length.as_ref(),
            FacetKind::MinLength => self.min_length.as_ref(),
            FacetKind::MaxLength => self.max_length.as_ref(),
            FacetKind::TotalDigits => self.total_digits.as_ref(),
            FacetKind::FractionDigits => self.fraction_digits.as_ref(),
            _ => None,
        }
    }
}
