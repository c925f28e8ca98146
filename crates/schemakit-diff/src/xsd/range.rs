//! Value ranges: the bound facets of an ordered simple type as one interval.
//!
//! minInclusive, minExclusive, maxInclusive and maxExclusive are combined into
//! one interval over the order of the type's primitive, so two types that write
//! the same value space differently compare equal. When the values are integers
//! (fractionDigits 0, which every type derived from `xs:integer` has), an exclusive
//! bound n becomes the inclusive bound n+1 or n-1, and totalDigits t becomes the
//! interval from -(10^t - 1) to 10^t - 1. Other types keep open and closed
//! endpoints.

use super::simple::{Subject, NOW_VALID, WAS_VALID};
use crate::change::Verdict;
use schemakit_datatypes::{BuiltinType, Decimal, SimpleType, Value};
use std::cmp::Ordering;

/// One end of a range.
#[derive(Clone, Debug)]
struct Endpoint {
    value: Value,
    /// The value as written in the schema, or computed for an integer bound.
    written: String,
    inclusive: bool,
}

/// The interval that the bound facets of a simple type allow. A missing endpoint
/// is unbounded.
#[derive(Clone, Debug)]
pub struct Range {
    lower: Option<Endpoint>,
    upper: Option<Endpoint>,
    /// Whether the values are integers, so that every endpoint is inclusive.
    integers: bool,
    /// Set when an inclusive and an exclusive bound on one side cannot be ordered,
    /// such as a date with a timezone against one without.
    unordered: bool,
}

/// The end of a range that an endpoint bounds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Lower,
    Upper,
}

impl Range {
    /// Builds the range of `simple` from its bound facets, and for an integer type
    /// also from its totalDigits facet.
    pub fn of(simple: &SimpleType) -> Range {
        let facets = &simple.facets;
        let endpoint = |bound: Option<&schemakit_datatypes::Bound>, inclusive| {
            bound.map(|bound| Endpoint {
                value: bound.value.clone(),
                written: bound.written.clone(),
                inclusive,
            })
        };
        let mut range = Range {
            lower: None,
            upper: None,
            integers: has_integer_values(simple),
            unordered: false,
        };

        range.tighten(End::Lower, endpoint(facets.min_inclusive(), true));
        range.tighten(End::Lower, endpoint(facets.min_exclusive(), false));
        range.tighten(End::Upper, endpoint(facets.max_inclusive(), true));
        range.tighten(End::Upper, endpoint(facets.max_exclusive(), false));

        if range.integers {
            if let Some(digits) = facets.total_digits().and_then(largest_with_digits) {
                let endpoint = |value: Decimal| Endpoint {
                    written: value.to_string(),
                    value: Value::Integer(value),
                    inclusive: true,
                };
                range.tighten(End::Lower, Some(endpoint(digits.negated())));
                range.tighten(End::Upper, Some(endpoint(digits)));
            }
            range.lower = range.lower.take().map(|end| to_inclusive(end, End::Lower));
            range.upper = range.upper.take().map(|end| to_inclusive(end, End::Upper));
        }
        range
    }

    /// Tells whether the range treats totalDigits as a bound, so that the caller
    /// compares that facet as part of the range.
    pub fn includes_total_digits(&self) -> bool {
        self.integers
    }

    /// Returns the largest number of total digits a value in the range can have,
    /// when both ends are bounded numbers. `fraction_digits` is the type's
    /// fractionDigits facet.
    pub fn max_total_digits(&self, fraction_digits: Option<u64>) -> Option<u64> {
        let fraction_digits = if self.integers { 0 } else { fraction_digits? };
        let magnitude = |end: &Option<Endpoint>| -> Option<u64> {
            let decimal = end.as_ref()?.value.as_decimal()?;
            Some(decimal.truncated().total_digits())
        };
        let integer_digits = magnitude(&self.lower)?.max(magnitude(&self.upper)?);
        Some(integer_digits.saturating_add(fraction_digits))
    }

    /// Replaces the endpoint at `end` with `candidate` when the candidate is tighter.
    fn tighten(&mut self, end: End, candidate: Option<Endpoint>) {
        let Some(candidate) = candidate else {
            return;
        };
        let slot = match end {
            End::Lower => &mut self.lower,
            End::Upper => &mut self.upper,
        };
        let Some(current) = slot else {
            *slot = Some(candidate);
            return;
        };

        let tighter = match (candidate.value.partial_cmp(&current.value), end) {
            (None, _) => {
                self.unordered = true;
                return;
            }
            (Some(Ordering::Equal), _) => !candidate.inclusive,
            (Some(Ordering::Greater), End::Lower) | (Some(Ordering::Less), End::Upper) => true,
            (Some(_), _) => false,
        };
        if tighter {
            *slot = Some(candidate);
        }
    }

    /// Tells whether the range contains no value at all, e.g. minExclusive 5 with
    /// maxExclusive 6 on integers.
    fn is_empty(&self) -> bool {
        let (Some(lower), Some(upper)) = (&self.lower, &self.upper) else {
            return false;
        };
        match lower.value.partial_cmp(&upper.value) {
            Some(Ordering::Greater) => true,
            Some(Ordering::Equal) => !(lower.inclusive && upper.inclusive),
            _ => false,
        }
    }

    /// Tells whether `value` lies in the range. Returns `None` when an endpoint
    /// cannot be ordered against it.
    fn contains(&self, value: &Value) -> Option<bool> {
        if let Some(lower) = &self.lower {
            let ordering = value.partial_cmp(&lower.value)?;
            if ordering == Ordering::Less || (ordering == Ordering::Equal && !lower.inclusive) {
                return Some(false);
            }
        }
        if let Some(upper) = &self.upper {
            let ordering = value.partial_cmp(&upper.value)?;
            if ordering == Ordering::Greater || (ordering == Ordering::Equal && !upper.inclusive) {
                return Some(false);
            }
        }
        Some(true)
    }
}

/// Decides whether every value of each range lies in the other and returns the
/// backward (old within new) and forward (new within old) verdicts.
pub fn verdicts(subject: &Subject, old: &Range, new: &Range) -> (Verdict, Verdict) {
    (
        within(subject, old, new, WAS_VALID),
        within(subject, new, old, NOW_VALID),
    )
}

fn within(subject: &Subject, sub: &Range, sup: &Range, outcome: &str) -> Verdict {
    if sub.unordered || sup.unordered {
        return Verdict::Undecided {
            reason: "an inclusive and an exclusive bound cannot be ordered".to_owned(),
        };
    }
    if sub.is_empty() {
        return Verdict::Compatible;
    }

    for end in [End::Lower, End::Upper] {
        match lost_at(sub, sup, end) {
            Some(Loss::None) => {}
            Some(Loss::Values(detail)) => {
                return Verdict::Incompatible {
                    witness: format!("{} {outcome}", subject.with(&detail)),
                }
            }
            None => {
                return Verdict::Undecided {
                    reason: "the bounds of the two types cannot be ordered".to_owned(),
                }
            }
        }
    }
    Verdict::Compatible
}

/// The values of one range outside one end of another.
enum Loss {
    None,
    /// A witness detail, e.g. `= "10"` or `between 0 and 1`.
    Values(String),
}

/// Decides whether `sub` has values beyond `sup`'s endpoint at `end`. Returns `None`
/// when the endpoints cannot be ordered.
fn lost_at(sub: &Range, sup: &Range, end: End) -> Option<Loss> {
    let (sub_end, sup_end) = match end {
        End::Lower => (&sub.lower, &sup.lower),
        End::Upper => (&sub.upper, &sup.upper),
    };
    let Some(sup_end) = sup_end else {
        return Some(Loss::None);
    };
    let beyond = match end {
        End::Lower => "below",
        End::Upper => "above",
    };

    let Some(sub_end) = sub_end else {
        return Some(Loss::Values(outside_value(sub, sup_end, end).map_or_else(
            || format!("{beyond} {}", sup_end.written),
            |value| format!("= \"{value}\""),
        )));
    };

    let ordering = sub_end.value.partial_cmp(&sup_end.value)?;
    let reaches_beyond = match (ordering, end) {
        (Ordering::Less, End::Lower) | (Ordering::Greater, End::Upper) => true,
        (Ordering::Equal, _) => sub_end.inclusive && !sup_end.inclusive,
        _ => false,
    };
    if !reaches_beyond {
        return Some(Loss::None);
    }

    // An inclusive endpoint of `sub` is itself a value that `sup` rejects.
    if sub_end.inclusive {
        return Some(Loss::Values(format!("= \"{}\"", sub_end.written)));
    }
    if let Some(value) = outside_value(sub, sup_end, end) {
        return Some(Loss::Values(format!("= \"{value}\"")));
    }
    Some(Loss::Values(format!(
        "between {} and {}",
        sub_end.written, sup_end.written
    )))
}

/// Finds an integer in `sub` just beyond `sup_end`, the endpoint of another range
/// at `end`. Only integer ranges have such a neighbour.
fn outside_value(sub: &Range, sup_end: &Endpoint, end: End) -> Option<String> {
    if !sub.integers {
        return None;
    }
    let decimal = sup_end.value.as_decimal()?;
    let step = match (end, sup_end.inclusive) {
        (End::Lower, true) => -1,
        (End::Upper, true) => 1,
        (_, false) => 0,
    };
    let candidate = decimal.add(&Decimal::from_i128(step));
    if !candidate.is_integer() {
        return None;
    }
    let value = Value::Integer(candidate.clone());
    sub.contains(&value)?.then(|| candidate.to_string())
}

/// Tells whether every value of `simple` is an integer: its primitive is
/// `xs:decimal` and its fractionDigits facet is 0.
fn has_integer_values(simple: &SimpleType) -> bool {
    let decimal = simple
        .builtin_ancestor()
        .is_some_and(|builtin| builtin.primitive() == BuiltinType::Decimal);
    decimal && simple.facets.fraction_digits() == Some(0)
}

/// Returns 10^digits - 1, the largest integer with `digits` digits.
fn largest_with_digits(digits: u64) -> Option<Decimal> {
    if digits == 0 || digits > 10_000 {
        return None;
    }
    Decimal::parse_integer(&"9".repeat(usize::try_from(digits).ok()?))
}

/// Turns an exclusive integer endpoint n into the inclusive n+1 (lower) or n-1
/// (upper). A non-integer exclusive bound on integers, such as maxExclusive 9.5,
/// becomes the nearest integer inside the range.
fn to_inclusive(endpoint: Endpoint, end: End) -> Endpoint {
    let Some(decimal) = endpoint.value.as_decimal() else {
        return endpoint;
    };
    let truncated = decimal.truncated();
    let exact = &truncated == decimal;

    // Round toward the inside of the range first, then step past an excluded
    // integer endpoint.
    let inside = match end {
        End::Lower if !exact && !decimal.is_negative() => truncated.add(&Decimal::from_i128(1)),
        End::Upper if !exact && decimal.is_negative() => truncated.add(&Decimal::from_i128(-1)),
        _ => truncated,
    };
    let bound = if exact && !endpoint.inclusive {
        let step = if end == End::Lower { 1 } else { -1 };
        inside.add(&Decimal::from_i128(step))
    } else {
        inside
    };

    if exact && endpoint.inclusive {
        return Endpoint {
            value: Value::Integer(bound),
            ..endpoint
        };
    }
    Endpoint {
        written: bound.to_string(),
        value: Value::Integer(bound),
        inclusive: true,
    }
}
