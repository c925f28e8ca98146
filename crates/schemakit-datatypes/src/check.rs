//! Checks of a parsed value against the facets in effect on its type.

use crate::facets::Bound;
use crate::{FacetKind, FacetSet, Value, ValueError};
use std::cmp::Ordering;

/// Checks `value`, parsed from the normalized `text`, against every facet of
/// `facets`. The enumeration is checked first because its message lists the allowed
/// values.
pub(crate) fn check_facets(facets: &FacetSet, text: &str, value: &Value) -> Result<(), ValueError> {
    check_enumeration(facets, text, value)?;
    check_patterns(facets, text)?;
    check_lengths(facets, text, value)?;
    check_bounds(facets, text, value)?;
    check_digits(facets, text, value)
}

fn check_enumeration(facets: &FacetSet, text: &str, value: &Value) -> Result<(), ValueError> {
    let (Some(written), Some(values)) = (facets.enumeration(), facets.enumeration_values()) else {
        return Ok(());
    };
    if values.contains(value) {
        return Ok(());
    }

    let allowed = quoted_list(written);
    Err(ValueError {
        facet: Some(FacetKind::Enumeration),
        message: format!(
            "{} is not one of the allowed values {allowed}",
            quoted(text)
        ),
        expected: Some(allowed),
    })
}

fn check_patterns(facets: &FacetSet, text: &str) -> Result<(), ValueError> {
    for step in facets.pattern_steps() {
        if step.iter().any(|pattern| pattern.is_match(text)) {
            continue;
        }

        let sources: Vec<&str> = step.iter().map(|pattern| pattern.source()).collect();
        let message = match sources.as_slice() {
            [source] => format!(
                "{} does not match the pattern {}",
                quoted(text),
                quoted(source)
            ),
            _ => format!(
                "{} does not match any of the patterns {}",
                quoted(text),
                quoted_list(&sources)
            ),
        };
        return Err(ValueError {
            facet: Some(FacetKind::Pattern),
            message,
            expected: Some(quoted_list(&sources)),
        });
    }
    Ok(())
}

/// Measures a value for the length facets: characters of strings and URIs, octets
/// of binary values, items of lists. QName and NOTATION values have no length, as
/// the XSD 1.0 errata decided.
fn measure(text: &str, value: &Value) -> Option<(u64, &'static str)> {
    let (length, unit) = match value {
        Value::String(_) | Value::AnyUri(_) => (text.chars().count(), "character"),
        Value::HexBinary(octets) | Value::Base64Binary(octets) => (octets.len(), "octet"),
        Value::List(items) => (items.len(), "item"),
        _ => return None,
    };
    Some((u64::try_from(length).unwrap_or(u64::MAX), unit))
}

/// Writes `count unit`, adding the plural `s` unless the count is 1.
fn counted(count: u64, unit: &str) -> String {
    if count == 1 {
        format!("1 {unit}")
    } else {
        format!("{count} {unit}s")
    }
}

fn check_lengths(facets: &FacetSet, text: &str, value: &Value) -> Result<(), ValueError> {
    // Measuring a string counts its characters, so skip it when no facet needs it.
    let has_length_facet =
        facets.length().is_some() || facets.min_length().is_some() || facets.max_length().is_some();
    if !has_length_facet {
        return Ok(());
    }
    let Some((length, unit)) = measure(text, value) else {
        return Ok(());
    };

    let violation = |kind: FacetKind, comparison: &str, limit: u64| ValueError {
        facet: Some(kind),
        message: format!(
            "{} has {}, {comparison} {limit} ({kind})",
            quoted(text),
            counted(length, unit)
        ),
        expected: Some(match kind {
            FacetKind::Length => format!("exactly {}", counted(limit, unit)),
            FacetKind::MinLength => format!("at least {}", counted(limit, unit)),
            _ => format!("at most {}", counted(limit, unit)),
        }),
    };
    if let Some(required) = facets.length() {
        if length != required {
            return Err(violation(
                FacetKind::Length,
                "but the length must be exactly",
                required,
            ));
        }
    }
    if let Some(minimum) = facets.min_length() {
        if length < minimum {
            return Err(violation(
                FacetKind::MinLength,
                "fewer than the minimum",
                minimum,
            ));
        }
    }
    if let Some(maximum) = facets.max_length() {
        if length > maximum {
            return Err(violation(
                FacetKind::MaxLength,
                "more than the maximum",
                maximum,
            ));
        }
    }
    Ok(())
}

fn check_bounds(facets: &FacetSet, text: &str, value: &Value) -> Result<(), ValueError> {
    let checks: [(FacetKind, Option<&Bound>, &[Ordering], &str); 4] = [
        (
            FacetKind::MinInclusive,
            facets.min_inclusive(),
            &[Ordering::Greater, Ordering::Equal],
            "is less than the minimum",
        ),
        (
            FacetKind::MinExclusive,
            facets.min_exclusive(),
            &[Ordering::Greater],
            "is not greater than the exclusive minimum",
        ),
        (
            FacetKind::MaxInclusive,
            facets.max_inclusive(),
            &[Ordering::Less, Ordering::Equal],
            "is greater than the maximum",
        ),
        (
            FacetKind::MaxExclusive,
            facets.max_exclusive(),
            &[Ordering::Less],
            "is not less than the exclusive maximum",
        ),
    ];

    for (kind, bound, allowed, failure) in checks {
        let Some(bound) = bound else {
            continue;
        };

        let message = match value.partial_cmp(&bound.value) {
            Some(order) if allowed.contains(&order) => continue,
            Some(_) => format!("{text} {failure} {} ({kind})", bound.written),
            None => format!(
                "{text} cannot be compared with the bound {} ({kind}), so it is not within it",
                bound.written
            ),
        };
        return Err(ValueError {
            facet: Some(kind),
            message,
            expected: Some(bound_expectation(kind, &bound.written)),
        });
    }
    Ok(())
}

fn bound_expectation(kind: FacetKind, written: &str) -> String {
    match kind {
        FacetKind::MinInclusive => format!("at least {written}"),
        FacetKind::MinExclusive => format!("greater than {written}"),
        FacetKind::MaxInclusive => format!("at most {written}"),
        _ => format!("less than {written}"),
    }
}

fn check_digits(facets: &FacetSet, text: &str, value: &Value) -> Result<(), ValueError> {
    let Some(decimal) = value.as_decimal() else {
        return Ok(());
    };

    if let Some(maximum) = facets.total_digits() {
        let digits = decimal.total_digits();
        if digits > maximum {
            return Err(ValueError {
                facet: Some(FacetKind::TotalDigits),
                message: format!(
                    "{text} has {digits} digits, more than the maximum {maximum} (totalDigits)"
                ),
                expected: Some(format!("at most {maximum} digits")),
            });
        }
    }
    if let Some(maximum) = facets.fraction_digits() {
        let digits = u64::from(decimal.fraction_digits());
        if digits > maximum {
            return Err(ValueError {
                facet: Some(FacetKind::FractionDigits),
                message: format!(
                    "{text} has {digits} fraction digits, more than the maximum {maximum} (fractionDigits)"
                ),
                expected: Some(format!("at most {maximum} digits after the decimal point")),
            });
        }
    }
    Ok(())
}

/// Quotes `value` as written, so that a pattern such as `\d{3}` keeps its single
/// backslash. Only control characters are escaped, which keeps messages on one line.
pub(crate) fn quoted(value: &str) -> String {
    let mut text = String::with_capacity(value.len() + 2);
    text.push('"');
    for ch in value.chars() {
        if ch.is_control() {
            text.extend(ch.escape_default());
        } else {
            text.push(ch);
        }
    }
    text.push('"');
    text
}

/// Joins values as `"a", "b", "c"`.
pub(crate) fn quoted_list<T: AsRef<str>>(values: &[T]) -> String {
    values
        .iter()
        .map(|value| quoted(value.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
