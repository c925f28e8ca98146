//! Values in the value spaces of the built-in types, with XSD's equality and order.

pub use crate::datetime::DateTime;
pub use crate::decimal::Decimal;
pub use crate::duration::Duration;
use std::cmp::Ordering;
use std::fmt;

/// A value of a simple type, as [`crate::SimpleType::validate`] returns it.
///
/// Equality is XSD's: values of different primitive types are never equal, `1.0`
/// (decimal) equals `1` (integer), and float `NaN` equals itself. The order
/// ([`PartialOrd`]) exists only on the ordered types (numbers, durations,
/// dates and times) and is partial: `partial_cmp` returns `None` for incomparable
/// values, such as `P1M` against `P30D`, and for unordered types unless the values
/// are equal.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Value {
    /// A value of `string` and the types derived from it, or of `anySimpleType`.
    String(String),
    Boolean(bool),
    /// A value of `xs:decimal` or a restriction of it that is not an integer type.
    Decimal(Decimal),
    /// A value of `xs:integer` or one of the types derived from it.
    Integer(Decimal),
    Float(f32),
    Double(f64),
    Duration(Duration),
    /// A value of `dateTime`, `time`, `date` or one of the `g` types.
    DateTime(DateTime),
    HexBinary(Vec<u8>),
    Base64Binary(Vec<u8>),
    AnyUri(String),
    /// An expanded QName: the namespace bound to the prefix (`None` for no
    /// namespace) and the local part.
    QName {
        namespace: Option<String>,
        local: String,
    },
    /// A NOTATION value, expanded like a QName.
    Notation {
        namespace: Option<String>,
        local: String,
    },
    /// The items of a list type, in order.
    List(Vec<Value>),
}

impl Value {
    /// Returns the number when the value is a decimal or an integer.
    pub fn as_decimal(&self) -> Option<&Decimal> {
        match self {
            Value::Decimal(decimal) | Value::Integer(decimal) => Some(decimal),
            _ => None,
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::String(left), Value::String(right)) => left == right,
            (Value::Boolean(left), Value::Boolean(right)) => left == right,
            (Value::Float(left), Value::Float(right)) => {
                left == right || (left.is_nan() && right.is_nan())
            }
            (Value::Double(left), Value::Double(right)) => {
                left == right || (left.is_nan() && right.is_nan())
            }
            (Value::Duration(left), Value::Duration(right)) => left == right,
            (Value::DateTime(left), Value::DateTime(right)) => left == right,
            (Value::HexBinary(left), Value::HexBinary(right)) => left == right,
            (Value::Base64Binary(left), Value::Base64Binary(right)) => left == right,
            (Value::AnyUri(left), Value::AnyUri(right)) => left == right,
            (
                Value::QName {
                    namespace: left_namespace,
                    local: left_local,
                },
                Value::QName {
                    namespace: right_namespace,
                    local: right_local,
                },
            )
            | (
                Value::Notation {
                    namespace: left_namespace,
                    local: left_local,
                },
                Value::Notation {
                    namespace: right_namespace,
                    local: right_local,
                },
            ) => left_namespace == right_namespace && left_local == right_local,
            (Value::List(left), Value::List(right)) => left == right,
            _ => match (self.as_decimal(), other.as_decimal()) {
                (Some(left), Some(right)) => left == right,
                _ => false,
            },
        }
    }
}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Float(left), Value::Float(right)) => left.partial_cmp(right),
            (Value::Double(left), Value::Double(right)) => left.partial_cmp(right),
            (Value::Duration(left), Value::Duration(right)) => left.partial_cmp(right),
            (Value::DateTime(left), Value::DateTime(right)) => left.partial_cmp(right),
            _ => match (self.as_decimal(), other.as_decimal()) {
                (Some(left), Some(right)) => Some(left.cmp(right)),
                _ => (self == other).then_some(Ordering::Equal),
            },
        }
    }
}

/// Writes the canonical form of XSD 1.0 Part 2 where it defines one: `1.0` for a
/// decimal, `1.5E2` for a float, uppercase hexBinary, base64 without whitespace.
/// QNames and NOTATIONs are written in Clark notation (`{namespace}local`), because
/// the prefix is not part of the value. List items are separated by single spaces.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(text) | Value::AnyUri(text) => f.write_str(text),
            Value::Boolean(value) => write!(f, "{value}"),
            Value::Decimal(decimal) if decimal.is_integer() => write!(f, "{decimal}.0"),
            Value::Decimal(decimal) | Value::Integer(decimal) => write!(f, "{decimal}"),
            Value::Float(value) => write_floating_point(f, f64::from(*value), value.to_string()),
            Value::Double(value) => write_floating_point(f, *value, value.to_string()),
            Value::Duration(duration) => write!(f, "{duration}"),
            Value::DateTime(date_time) => write!(f, "{date_time}"),
            Value::HexBinary(octets) => {
                for octet in octets {
                    write!(f, "{octet:02X}")?;
                }
                Ok(())
            }
            Value::Base64Binary(octets) => f.write_str(&crate::binary::encode_base64(octets)),
            Value::QName { namespace, local } | Value::Notation { namespace, local } => {
                match namespace {
                    Some(namespace) => write!(f, "{{{namespace}}}{local}"),
                    None => f.write_str(local),
                }
            }
            Value::List(items) => {
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
        }
    }
}

/// Writes `INF`, `-INF`, `NaN` or a mantissa with one digit before the point and at
/// least one after it, then `E` and the exponent: `1.0E0`, `-1.25E-3`. `shortest`
/// is Rust's shortest round-trip text of the value, which fixes the digits.
fn write_floating_point(f: &mut fmt::Formatter<'_>, value: f64, shortest: String) -> fmt::Result {
    if value.is_nan() {
        return f.write_str("NaN");
    }
    if value.is_infinite() {
        return f.write_str(if value > 0.0 { "INF" } else { "-INF" });
    }

    let (sign, unsigned) = match shortest.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", shortest.as_str()),
    };
    // Rust's `Display` for floating-point numbers never uses an exponent.
    let (integer_part, fraction_part) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = format!("{integer_part}{fraction_part}");
    let leading_zeros = all_digits.bytes().take_while(|&byte| byte == b'0').count();
    let significant = all_digits
        .get(leading_zeros..)
        .unwrap_or_default()
        .trim_end_matches('0');
    if significant.is_empty() {
        return write!(f, "{sign}0.0E0");
    }

    let point_exponent = integer_part.len() as i64 - leading_zeros as i64 - 1;
    let (first, rest) = significant.split_at(1);
    let rest = if rest.is_empty() { "0" } else { rest };
    write!(f, "{sign}{first}.{rest}E{point_exponent}")
}

#[cfg(test)]
mod tests {
    use super::{Decimal, Value};
    use std::cmp::Ordering;

    fn decimal(text: &str) -> Decimal {
        Decimal::parse(text).expect(text)
    }

    #[test]
    fn float_canonical_forms() {
        let cases: [(f64, &str); 9] = [
            (100.0, "1.0E2"),
            (1.0, "1.0E0"),
            (-0.00125, "-1.25E-3"),
            (0.0, "0.0E0"),
            (-0.0, "-0.0E0"),
            (123.456, "1.23456E2"),
            (1e300, "1.0E300"),
            (f64::INFINITY, "INF"),
            (f64::NAN, "NaN"),
        ];
        for (number, canonical) in cases {
            assert_eq!(Value::Double(number).to_string(), canonical, "{number}");
        }
        assert_eq!(Value::Float(0.1).to_string(), "1.0E-1");
        assert_eq!(Value::Float(f32::NEG_INFINITY).to_string(), "-INF");
    }

    #[test]
    fn decimal_and_integer_share_a_value_space() {
        assert_eq!(Value::Decimal(decimal("1.0")), Value::Integer(decimal("1")));
        assert_eq!(Value::Decimal(decimal("1")).to_string(), "1.0");
        assert_eq!(Value::Integer(decimal("1")).to_string(), "1");
        assert_eq!(
            Value::Decimal(decimal("0.5")).partial_cmp(&Value::Integer(decimal("1"))),
            Some(Ordering::Less)
        );
    }

    #[test]
    fn equality_across_primitives() {
        assert_ne!(Value::String("a".into()), Value::AnyUri("a".into()));
        assert_ne!(Value::HexBinary(vec![1]), Value::Base64Binary(vec![1]));
        assert_eq!(Value::Double(f64::NAN), Value::Double(f64::NAN));
        assert_eq!(Value::Double(0.0), Value::Double(-0.0));
        assert_eq!(
            Value::Double(f64::NAN).partial_cmp(&Value::Double(1.0)),
            None
        );
        assert_eq!(
            Value::String("a".into()).partial_cmp(&Value::String("b".into())),
            None
        );
    }
}
