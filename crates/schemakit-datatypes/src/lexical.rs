//! The lexical spaces of the built-in types: from whitespace-normalized text to a
//! [`Value`].

use crate::binary::{decode_base64, decode_hex};
use crate::datetime::DateTime;
use crate::decimal::Decimal;
use crate::duration::Duration;
use crate::names::{is_language, is_name, is_ncname, is_nmtoken};
use crate::{BuiltinType, NamespaceLookup, Value};

/// The reason a text is not in a built-in type's lexical space.
pub(crate) struct LexicalError {
    /// A clause to follow "because", for example "the day 31 does not exist in month
    /// 04". `None` when the text simply does not match the lexical form.
    pub(crate) reason: Option<String>,
}

impl LexicalError {
    fn mismatch() -> LexicalError {
        LexicalError { reason: None }
    }

    fn because(reason: String) -> LexicalError {
        LexicalError {
            reason: Some(reason),
        }
    }
}

/// Parses `text`, already normalized by the type's whiteSpace facet, as a value of
/// the atomic built-in type `builtin`. The value ranges of derived types such as
/// `xs:byte` are facets, checked elsewhere.
pub(crate) fn parse_atomic(
    builtin: BuiltinType,
    text: &str,
    namespaces: &dyn NamespaceLookup,
) -> Result<Value, LexicalError> {
    let string_value = || Ok(Value::String(text.to_owned()));
    let name_check = |is_valid: bool| {
        if is_valid {
            string_value()
        } else {
            Err(LexicalError::mismatch())
        }
    };

    match builtin {
        BuiltinType::AnySimpleType
        | BuiltinType::String
        | BuiltinType::NormalizedString
        | BuiltinType::Token => string_value(),
        BuiltinType::Language => name_check(is_language(text)),
        BuiltinType::NmToken => name_check(is_nmtoken(text)),
        BuiltinType::Name => name_check(is_name(text)),
        BuiltinType::NcName | BuiltinType::Id | BuiltinType::IdRef | BuiltinType::Entity => {
            name_check(is_ncname(text))
        }
        BuiltinType::Boolean => match text {
            "true" | "1" => Ok(Value::Boolean(true)),
            "false" | "0" => Ok(Value::Boolean(false)),
            _ => Err(LexicalError::mismatch()),
        },
        BuiltinType::Decimal => Decimal::parse(text)
            .map(Value::Decimal)
            .ok_or_else(LexicalError::mismatch),
        BuiltinType::Float => parse_floating_point::<f32>(text)
            .map(Value::Float)
            .ok_or_else(LexicalError::mismatch),
        BuiltinType::Double => parse_floating_point::<f64>(text)
            .map(Value::Double)
            .ok_or_else(LexicalError::mismatch),
        BuiltinType::Duration => Duration::parse(text)
            .map(Value::Duration)
            .map_err(LexicalError::because),
        BuiltinType::DateTime
        | BuiltinType::Time
        | BuiltinType::Date
        | BuiltinType::GYearMonth
        | BuiltinType::GYear
        | BuiltinType::GMonthDay
        | BuiltinType::GDay
        | BuiltinType::GMonth => DateTime::parse(builtin, text)
            .map(Value::DateTime)
            .map_err(LexicalError::because),
        BuiltinType::HexBinary => decode_hex(text)
            .map(Value::HexBinary)
            .map_err(LexicalError::because),
        BuiltinType::Base64Binary => decode_base64(text)
            .map(Value::Base64Binary)
            .map_err(LexicalError::because),
        BuiltinType::AnyUri => check_uri(text).map(|()| Value::AnyUri(text.to_owned())),
        BuiltinType::QName => {
            let (namespace, local) = expand_qname(text, namespaces)?;
            Ok(Value::QName { namespace, local })
        }
        BuiltinType::Notation => {
            let (namespace, local) = expand_qname(text, namespaces)?;
            Ok(Value::Notation { namespace, local })
        }
        _ if builtin.is_derived_from(BuiltinType::Integer) => Decimal::parse_integer(text)
            .map(Value::Integer)
            .ok_or_else(LexicalError::mismatch),
        _ => Err(LexicalError::because(format!(
            "{} is a list type, not an atomic one",
            builtin.name()
        ))),
    }
}

/// Describes the lexical space of `builtin` for messages, e.g. "an integer such as
/// -42".
pub(crate) fn lexical_hint(builtin: BuiltinType) -> &'static str {
    match builtin {
        BuiltinType::AnySimpleType
        | BuiltinType::String
        | BuiltinType::NormalizedString
        | BuiltinType::Token => "any text",
        BuiltinType::Language => "a language tag such as en or en-US",
        BuiltinType::NmToken | BuiltinType::NmTokens => {
            "XML name characters (letters, digits, '.', '-', '_', ':')"
        }
        BuiltinType::Name => "an XML name, which starts with a letter, '_' or ':'",
        BuiltinType::NcName
        | BuiltinType::Id
        | BuiltinType::IdRef
        | BuiltinType::IdRefs
        | BuiltinType::Entity
        | BuiltinType::Entities => "an XML name without colons, which starts with a letter or '_'",
        BuiltinType::Boolean => "true, false, 1 or 0",
        BuiltinType::Decimal => "a decimal number such as -1.25",
        BuiltinType::Float | BuiltinType::Double => "a number such as 1.5E3, INF, -INF or NaN",
        BuiltinType::Duration => "a duration such as P1Y2M3DT4H5M6.7S",
        BuiltinType::DateTime => "a date and time such as 2024-01-31T13:45:00Z",
        BuiltinType::Time => "a time such as 13:45:00 or 13:45:00+01:00",
        BuiltinType::Date => "a date such as 2024-01-31",
        BuiltinType::GYearMonth => "a year and month such as 2024-01",
        BuiltinType::GYear => "a year such as 2024",
        BuiltinType::GMonthDay => "a month and day such as --01-31",
        BuiltinType::GDay => "a day of the month such as ---31",
        BuiltinType::GMonth => "a month such as --01",
        BuiltinType::HexBinary => "pairs of hexadecimal digits such as 0FB7",
        BuiltinType::Base64Binary => "base64 text such as SGVsbG8=",
        BuiltinType::AnyUri => "a URI reference",
        BuiltinType::QName | BuiltinType::Notation => "a qualified name such as xs:string",
        _ => "an integer such as -42",
    }
}

/// Parses float and double literals: a decimal mantissa with an optional exponent,
/// or `INF`, `-INF`, `NaN`. XSD 1.0 allows neither `+INF` nor hexadecimal forms.
/// Literals beyond the type's range round to infinity, as IEEE 754 rounding does.
/// Rust's parser reads the specials and rounds the digits to the nearest `T`.
fn parse_floating_point<T: std::str::FromStr>(text: &str) -> Option<T> {
    if matches!(text, "INF" | "-INF" | "NaN") {
        return text.parse().ok();
    }

    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (text, None),
    };
    Decimal::parse(mantissa)?;
    if let Some(exponent) = exponent {
        Decimal::parse_integer(exponent)?;
    }
    text.parse().ok()
}

/// Checks the parts of RFC 2396 that lenient XSD 1.0 processors enforce on anyURI.
/// A colon before any `/`, `?` or `#` ends a scheme, which must be a letter followed
/// by letters, digits, `+`, `-` or `.`, and must be followed by more text. A `%`
/// must start an escape of two hexadecimal digits. Everything else is accepted,
/// because XSD 1.0 escapes other characters before checking the URI reference.
pub(crate) fn check_uri(text: &str) -> Result<(), LexicalError> {
    let mut rest = text;
    while let Some(position) = rest.find('%') {
        let escape = rest.get(position + 1..position + 3).unwrap_or_default();
        if escape.len() != 2 || !escape.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(LexicalError::because(
                "a '%' must be followed by two hexadecimal digits, so write a literal '%' as %25"
                    .to_owned(),
            ));
        }
        rest = rest.get(position + 3..).unwrap_or_default();
    }

    let first_segment_end = text.find(['/', '?', '#']).unwrap_or(text.len());
    let first_segment = text.get(..first_segment_end).unwrap_or(text);
    let Some((scheme, _)) = first_segment.split_once(':') else {
        return Ok(());
    };

    let mut scheme_characters = scheme.chars();
    let is_valid_scheme = scheme_characters
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && scheme_characters.all(|character| {
            character.is_ascii_alphanumeric() || matches!(character, '+' | '-' | '.')
        });
    if !is_valid_scheme {
        return Err(LexicalError::because(format!(
            "the scheme {scheme:?} before the first colon must start with a letter and contain only letters, digits, '+', '-' or '.'"
        )));
    }
    if text.len() == scheme.len() + 1 {
        return Err(LexicalError::because(format!(
            "nothing follows the scheme {scheme:?}"
        )));
    }
    Ok(())
}

/// Splits a QName into prefix and local part and resolves the prefix. An unprefixed
/// name takes the default namespace, if any.
fn expand_qname(
    text: &str,
    namespaces: &dyn NamespaceLookup,
) -> Result<(Option<String>, String), LexicalError> {
    let (prefix, local) = match text.split_once(':') {
        Some((prefix, _)) if !is_ncname(prefix) => {
            return Err(LexicalError::because(format!(
                "the prefix {prefix:?} is not an XML name without colons"
            )))
        }
        Some((prefix, local)) => (prefix, local),
        None => ("", text),
    };
    if !is_ncname(local) {
        return Err(LexicalError::mismatch());
    }

    let namespace = namespaces.namespace(prefix);
    if !prefix.is_empty() && namespace.is_none() {
        return Err(LexicalError::because(format!(
            "the prefix {prefix:?} is not bound to a namespace, so declare xmlns:{prefix} on this element or an ancestor"
        )));
    }
    Ok((namespace, local.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::parse_floating_point;

    #[test]
    fn floating_point_literals() {
        let valid = [
            ("1", 1.0),
            ("-1.5E2", -150.0),
            ("+.5e-1", 0.05),
            ("5.", 5.0),
            ("1e400", f64::INFINITY),
            ("-0", -0.0),
        ];
        for (text, number) in valid {
            assert_eq!(parse_floating_point::<f64>(text), Some(number), "{text}");
        }
        for text in [
            "+INF", "inf", "nan", "Infinity", "1e", "e1", "1.5e+", "0x1p3", "1_0", ".e1", "",
        ] {
            assert_eq!(parse_floating_point::<f64>(text), None, "{text}");
        }
        assert!(parse_floating_point::<f64>("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_floating_point::<f32>("-INF"), Some(f32::NEG_INFINITY));
        assert_eq!(parse_floating_point::<f32>("1e39"), Some(f32::INFINITY));
    }
}
