//! A check of normalized text against an atomic type that builds no [`Value`].
//! It covers the common cases whose facets can be decided on the text. These are
//! strings and names with patterns, lengths or a string enumeration, integers with
//! integer bounds, and booleans, decimals and dates without enumeration or bounds.
//!
//! The check only ever accepts. Text it does not accept, whether invalid or outside
//! these cases, goes to [`SimpleType::validate`](crate::SimpleType::validate),
//! which builds the value and the error message.

use crate::datetime::DateTime;
use crate::datetime_check::{is_common_date, is_common_date_time};
use crate::decimal::split_sign;
use crate::facets::Bound;
use crate::lexical::check_uri;
use crate::names::{is_language, is_name, is_ncname, is_nmtoken};
use crate::{BuiltinType, FacetSet, Value};
use std::cmp::Ordering;

/// Tells whether `text`, normalized by the type's whiteSpace facet, is certainly
/// valid for the atomic type `builtin` with `facets`. False means that the full
/// validation must decide.
pub(crate) fn accepts_text(builtin: BuiltinType, facets: &FacetSet, text: &str) -> bool {
    if facets.total_digits.is_some() || !matches_patterns(facets, text) {
        return false;
    }

    if let Some(is_uri) = string_valued(builtin) {
        return facets.min_inclusive.is_none()
            && facets.min_exclusive.is_none()
            && facets.max_inclusive.is_none()
            && facets.max_exclusive.is_none()
            && is_string_lexical(builtin, text)
            && in_string_enumeration(facets, text, is_uri)
            && within_lengths(facets, text);
    }

    if builtin.is_derived_from(BuiltinType::Integer) {
        return facets.enumeration.is_none() && integer_within_bounds(facets, text);
    }

    let has_bound = facets.min_inclusive.is_some()
        || facets.min_exclusive.is_some()
        || facets.max_inclusive.is_some()
        || facets.max_exclusive.is_some();
    if facets.enumeration.is_some() || has_bound {
        return false;
    }
    match builtin {
        BuiltinType::Boolean => matches!(text, "true" | "false" | "1" | "0"),
        BuiltinType::Decimal => facets.fraction_digits.is_none() && is_decimal_lexical(text),
        BuiltinType::DateTime => {
            is_common_date_time(text) || DateTime::parse(builtin, text).is_ok()
        }
        BuiltinType::Date => is_common_date(text) || DateTime::parse(builtin, text).is_ok(),
        BuiltinType::Time
        | BuiltinType::GYearMonth
        | BuiltinType::GYear
        | BuiltinType::GMonthDay
        | BuiltinType::GDay
        | BuiltinType::GMonth => DateTime::parse(builtin, text).is_ok(),
        _ => false,
    }
}

/// Returns whether the values of `builtin` are its text: `Some(false)` for strings
/// and names, `Some(true)` for anyURI, `None` for other types.
fn string_valued(builtin: BuiltinType) -> Option<bool> {
    match builtin {
        BuiltinType::AnySimpleType
        | BuiltinType::String
        | BuiltinType::NormalizedString
        | BuiltinType::Token
        | BuiltinType::Language
        | BuiltinType::NmToken
        | BuiltinType::Name
        | BuiltinType::NcName
        | BuiltinType::Id
        | BuiltinType::IdRef
        | BuiltinType::Entity => Some(false),
        BuiltinType::AnyUri => Some(true),
        _ => None,
    }
}

/// Checks the lexical space of a string-valued type.
fn is_string_lexical(builtin: BuiltinType, text: &str) -> bool {
    match builtin {
        BuiltinType::Language => is_language(text),
        BuiltinType::NmToken => is_nmtoken(text),
        BuiltinType::Name => is_name(text),
        BuiltinType::NcName | BuiltinType::Id | BuiltinType::IdRef | BuiltinType::Entity => {
            is_ncname(text)
        }
        BuiltinType::AnyUri => check_uri(text).is_ok(),
        _ => true,
    }
}

fn matches_patterns(facets: &FacetSet, text: &str) -> bool {
    facets
        .pattern_steps
        .iter()
        .all(|step| step.iter().any(|pattern| pattern.is_match(text)))
}

/// Tells whether a string or URI value is among the enumeration, when there is one.
fn in_string_enumeration(facets: &FacetSet, text: &str, is_uri: bool) -> bool {
    let Some(enumeration) = &facets.enumeration else {
        return true;
    };
    enumeration.values.iter().any(|value| match value {
        Value::String(allowed) => !is_uri && allowed == text,
        Value::AnyUri(allowed) => is_uri && allowed == text,
        _ => false,
    })
}

/// Checks the length facets, which count the characters of a string or URI.
fn within_lengths(facets: &FacetSet, text: &str) -> bool {
    if facets.length.is_none() && facets.min_length.is_none() && facets.max_length.is_none() {
        return true;
    }
    let length = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
    facets
        .length
        .as_ref()
        .is_none_or(|facet| length == facet.value)
        && facets
            .min_length
            .as_ref()
            .is_none_or(|facet| length >= facet.value)
        && facets
            .max_length
            .as_ref()
            .is_none_or(|facet| length <= facet.value)
}

/// Checks the lexical form of an integer and its bounds, when the bounds are
/// integers.
fn integer_within_bounds(facets: &FacetSet, text: &str) -> bool {
    let Some((negative, digits)) = integer_digits(text) else {
        return false;
    };
    let within = |bound: &Option<Bound>, allowed: fn(Ordering) -> bool| {
        bound.as_ref().is_none_or(|bound| {
            bound
                .value
                .as_decimal()
                .and_then(|limit| limit.compare_integer(negative, digits))
                .is_some_and(allowed)
        })
    };
    within(&facets.min_inclusive, Ordering::is_ge)
        && within(&facets.min_exclusive, Ordering::is_gt)
        && within(&facets.max_inclusive, Ordering::is_le)
        && within(&facets.max_exclusive, Ordering::is_lt)
}

/// Splits the lexical form of `xs:integer` (an optional sign and digits) into
/// the sign and the digits without leading zeros.
fn integer_digits(text: &str) -> Option<(bool, &[u8])> {
    let (negative, unsigned) = split_sign(text);
    if unsigned.is_empty() || !unsigned.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some((negative, unsigned.trim_start_matches('0').as_bytes()))
}

/// Checks the lexical form of `xs:decimal`, as [`Decimal::parse`](crate::Decimal::parse)
/// does, without building the number.
fn is_decimal_lexical(text: &str) -> bool {
    let (_, unsigned) = split_sign(text);
    let (integer_part, fraction_part) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    !(integer_part.is_empty() && fraction_part.is_empty())
        && all_digits(integer_part)
        && all_digits(fraction_part)
}

#[cfg(test)]
mod tests {
    use super::accepts_text;
    use crate::{BuiltinType, Facet, FacetKind, NoNamespaces, SimpleType};

    fn restricted(base: BuiltinType, facets: &[(FacetKind, &str)]) -> SimpleType {
        let facets: Vec<Facet> = facets
            .iter()
            .map(|(kind, value)| Facet::new(*kind, *value))
            .collect();
        SimpleType::restrict(&SimpleType::builtin(base), None, &facets)
            .unwrap_or_else(|errors| panic!("{errors:?}"))
    }

    /// Every text the fast check accepts must be valid, and for the types it covers
    /// it must accept every valid text.
    fn assert_agrees(simple: &SimpleType, text: &str, covered: bool) {
        let Some(builtin) = simple.builtin_ancestor() else {
            panic!("{} is not atomic", simple.describe());
        };
        let normalized = simple.normalize(text);
        let accepted = accepts_text(builtin, &simple.facets, &normalized);
        let valid = simple.validate(text, &NoNamespaces).is_ok();
        assert!(!accepted || valid, "{text:?} accepted but invalid");
        if covered {
            assert_eq!(accepted, valid, "{text:?} for {}", simple.describe());
        }
    }

    #[test]
    fn integer_types_agree_with_validation() {
        let texts = [
            "0",
            "+7",
            "-0",
            "007",
            "255",
            "256",
            "-1",
            "4294967295",
            "4294967296",
            "18446744073709551615",
            "18446744073709551616",
            "1.0",
            "",
            "+",
            "1 2",
            "x",
        ];
        for builtin in [
            BuiltinType::UnsignedLong,
            BuiltinType::UnsignedInt,
            BuiltinType::UnsignedByte,
            BuiltinType::Long,
            BuiltinType::Integer,
            BuiltinType::PositiveInteger,
            BuiltinType::NonPositiveInteger,
        ] {
            let simple = SimpleType::builtin(builtin);
            for text in texts {
                assert_agrees(&simple, text, true);
            }
        }

        let bounded = restricted(
            BuiltinType::Integer,
            &[
                (FacetKind::MinExclusive, "-3"),
                (FacetKind::MaxExclusive, "10"),
            ],
        );
        for text in ["-3", "-2", "9", "10", " 5 "] {
            assert_agrees(&bounded, text, true);
        }
    }

    #[test]
    fn string_types_agree_with_validation() {
        let status = restricted(
            BuiltinType::String,
            &[
                (FacetKind::Enumeration, "Passed"),
                (FacetKind::Enumeration, "Failed"),
            ],
        );
        let code = restricted(
            BuiltinType::Token,
            &[
                (FacetKind::Pattern, "[A-Z]{2}"),
                (FacetKind::MaxLength, "2"),
            ],
        );
        let short = restricted(
            BuiltinType::String,
            &[(FacetKind::MinLength, "2"), (FacetKind::MaxLength, "3")],
        );
        let cases: [(&SimpleType, &[&str]); 3] = [
            (&status, &["Passed", "Failed", "passed", "Passed ", ""]),
            (&code, &["DE", " DE ", "D", "DEU", "de"]),
            (&short, &["é", "éé", "ééé", "éééé"]),
        ];
        for (simple, texts) in cases {
            for text in texts {
                assert_agrees(simple, text, true);
            }
        }

        let names = [
            BuiltinType::NcName,
            BuiltinType::Id,
            BuiltinType::Name,
            BuiltinType::NmToken,
            BuiltinType::Language,
            BuiltinType::AnyUri,
        ];
        for builtin in names {
            let simple = SimpleType::builtin(builtin);
            for text in ["a", "a:b", "1a", "en-US", "%zz", "http:", "a b", ""] {
                assert_agrees(&simple, text, true);
            }
        }
    }

    #[test]
    fn other_types_agree_with_validation() {
        let cases: [(BuiltinType, &[&str]); 4] = [
            (BuiltinType::Boolean, &["true", "0", " 1 ", "yes", ""]),
            (
                BuiltinType::Decimal,
                &["1.5", "-.5", "7.", ".", "+", "1e3", ""],
            ),
            (
                BuiltinType::DateTime,
                &[
                    "2024-05-14T10:12:45Z",
                    "2024-02-30T00:00:00",
                    "2024-05-14T24:00:00",
                    "2024-05-14",
                ],
            ),
            (
                BuiltinType::Date,
                &["2024-02-29", "2023-02-29", "2024-1-01"],
            ),
        ];
        for (builtin, texts) in cases {
            let simple = SimpleType::builtin(builtin);
            for text in texts {
                assert_agrees(&simple, text, true);
            }
        }

        let later = restricted(
            BuiltinType::Date,
            &[(FacetKind::MinInclusive, "2024-01-01")],
        );
        assert_agrees(&later, "2024-06-01", false);
        assert!(!accepts_text(
            BuiltinType::Date,
            &later.facets,
            "2024-06-01"
        ));
    }

    #[test]
    fn long_integers_agree_with_validation() {
        let long = "9".repeat(45);
        let longer = format!("1{}", "0".repeat(45));
        let bounded = restricted(BuiltinType::Integer, &[(FacetKind::MaxInclusive, &long)]);
        let negative = restricted(BuiltinType::Integer, &[(FacetKind::MinInclusive, "-100")]);
        for text in [long.as_str(), longer.as_str(), "-0", "0"] {
            assert_agrees(&bounded, text, true);
        }
        for text in ["-99", "-100", "-101", "-1000", "-0", "5"] {
            assert_agrees(&negative, text, true);
        }
    }
}
