//! Arbitrary-precision decimal numbers, the value space of `xs:decimal` and of the
//! integer types.

use std::cmp::Ordering;
use std::fmt;

/// A decimal number `(-1)^negative × digits × 10^-scale` with no precision limit.
///
/// The representation is normalized, so derived equality is numeric equality:
/// `digits` has no leading zeros (zero has no digits), the last digit is not zero
/// when `scale` is above zero, and zero is never negative.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    negative: bool,
    /// Decimal digits of the unscaled integer, most significant first.
    digits: Vec<u8>,
    /// The number of digits after the decimal point.
    scale: u32,
}

impl Decimal {
    /// Returns the number zero.
    pub fn zero() -> Decimal {
        Decimal {
            negative: false,
            digits: Vec::new(),
            scale: 0,
        }
    }

    /// Parses the lexical form of `xs:decimal`: an optional sign, digits and an
    /// optional decimal point, with at least one digit (`"-1.5"`, `"+.5"`, `"7."`).
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, unsigned) = split_sign(text);
        let (integer_part, fraction_part) = match unsigned.split_once('.') {
            Some((integer_part, fraction_part)) => (integer_part, fraction_part),
            None => (unsigned, ""),
        };

        let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
        if integer_part.is_empty() && fraction_part.is_empty() {
            return None;
        }
        if !all_digits(integer_part) || !all_digits(fraction_part) {
            return None;
        }

        // Leading zeros do not count, and skipping them here spares zero (the
        // seconds of most times) an allocation.
        let digits = integer_part
            .bytes()
            .chain(fraction_part.bytes())
            .map(|byte| byte - b'0')
            .skip_while(|digit| *digit == 0)
            .collect();
        let scale = u32::try_from(fraction_part.len()).ok()?;
        Some(Decimal::normalized(negative, digits, scale))
    }

    /// Parses the lexical form of `xs:integer`: an optional sign and digits.
    pub fn parse_integer(text: &str) -> Option<Decimal> {
        let (_, unsigned) = split_sign(text);
        if unsigned.is_empty() || !unsigned.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        Decimal::parse(text)
    }

    /// Converts an integer.
    pub fn from_i128(value: i128) -> Decimal {
        let digits = value
            .unsigned_abs()
            .to_string()
            .bytes()
            .map(|byte| byte - b'0')
            .collect();
        Decimal::normalized(value < 0, digits, 0)
    }

    fn normalized(negative: bool, mut digits: Vec<u8>, mut scale: u32) -> Decimal {
        while scale > 0 && digits.last() == Some(&0) {
            digits.pop();
            scale -= 1;
        }

        let leading_zeros = digits.iter().take_while(|&&digit| digit == 0).count();
        digits.drain(..leading_zeros);
        if digits.is_empty() {
            return Decimal::zero();
        }

        Decimal {
            negative,
            digits,
            scale,
        }
    }

    /// Tells whether the number is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Tells whether the number is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Tells whether the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }

    /// Returns the number of digits after the decimal point, the measure that the
    /// fractionDigits facet bounds.
    pub fn fraction_digits(&self) -> u32 {
        self.scale
    }

    /// Returns the number of digits the totalDigits facet counts: XSD 1.0 requires
    /// `i × 10^-n` with `|i| < 10^totalDigits` and `n <= totalDigits`, so `0.001`
    /// needs 3 and `1000` needs 4.
    pub fn total_digits(&self) -> u64 {
        let integer_digits = u64::try_from(self.digits.len()).unwrap_or(u64::MAX);
        integer_digits.max(u64::from(self.scale)).max(1)
    }

    /// Compares the integer with sign `negative` and the ASCII digits `digits`,
    /// which have no leading zeros (zero has none), with this number. Returns
    /// `None` when this number has fraction digits.
    pub(crate) fn compare_integer(&self, negative: bool, digits: &[u8]) -> Option<Ordering> {
        if self.scale != 0 {
            return None;
        }
        let negative = negative && !digits.is_empty();
        let magnitude = digits.len().cmp(&self.digits.len()).then_with(|| {
            let own = self.digits.iter().map(|digit| digit + b'0');
            digits.iter().copied().cmp(own)
        });
        Some(match (negative, self.negative) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (true, true) => magnitude.reverse(),
            (false, false) => magnitude,
        })
    }

    /// Converts to `i128` when the number is an integer in range.
    pub fn to_i128(&self) -> Option<i128> {
        if self.scale != 0 {
            return None;
        }
        let mut value: i128 = 0;
        for &digit in &self.digits {
            value = value.checked_mul(10)?.checked_add(i128::from(digit))?;
        }
        Some(if self.negative { -value } else { value })
    }

    /// Returns the sum of two numbers.
    pub fn add(&self, other: &Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        let left = self.scaled_digits(scale);
        let right = other.scaled_digits(scale);

        if self.negative == other.negative {
            return Decimal::normalized(self.negative, add_magnitudes(&left, &right), scale);
        }

        match compare_magnitudes(&left, &right) {
            Ordering::Equal => Decimal::zero(),
            Ordering::Greater => {
                Decimal::normalized(self.negative, subtract_magnitudes(&left, &right), scale)
            }
            Ordering::Less => {
                Decimal::normalized(other.negative, subtract_magnitudes(&right, &left), scale)
            }
        }
    }

    /// Returns the number with the opposite sign.
    pub fn negated(&self) -> Decimal {
        let mut negated = self.clone();
        negated.negative = !self.negative && !self.is_zero();
        negated
    }

    /// Returns the integer part, rounded toward zero.
    pub fn truncated(&self) -> Decimal {
        let integer_length = self.digits.len().saturating_sub(self.scale as usize);
        let digits = self
            .digits
            .get(..integer_length)
            .unwrap_or_default()
            .to_vec();
        Decimal::normalized(self.negative, digits, 0)
    }

    /// Returns the product with a small non-negative factor.
    pub fn multiplied_by(&self, factor: u32) -> Decimal {
        let mut product = vec![0u8; self.digits.len() + 10];
        let mut carry: u64 = 0;
        let mut position = product.len();
        for &digit in self.digits.iter().rev() {
            position -= 1;
            let total = u64::from(digit) * u64::from(factor) + carry;
            product[position] = (total % 10) as u8;
            carry = total / 10;
        }
        while carry > 0 && position > 0 {
            position -= 1;
            product[position] = (carry % 10) as u8;
            carry /= 10;
        }
        Decimal::normalized(self.negative, product, self.scale)
    }

    /// Returns the digits of the unscaled integer for `scale` fraction digits, which
    /// must be at least `self.scale`.
    fn scaled_digits(&self, scale: u32) -> Vec<u8> {
        let mut digits = self.digits.clone();
        digits.extend(std::iter::repeat_n(0, (scale - self.scale) as usize));
        digits
    }
}

pub(crate) fn split_sign(text: &str) -> (bool, &str) {
    if let Some(rest) = text.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = text.strip_prefix('+') {
        (false, rest)
    } else {
        (false, text)
    }
}

/// Compares two digit strings without leading zeros as unsigned integers.
fn compare_magnitudes(left: &[u8], right: &[u8]) -> Ordering {
    let left = strip_leading_zeros(left);
    let right = strip_leading_zeros(right);
    left.len().cmp(&right.len()).then_with(|| left.cmp(right))
}

/// Compares the magnitudes of two numbers brought to the same `scale` (at least the
/// scale of each). The trailing zeros that scaling adds are compared without building
/// the scaled digits, so comparing allocates nothing.
fn compare_scaled(left: &Decimal, right: &Decimal, scale: u32) -> Ordering {
    let left_digits = strip_leading_zeros(&left.digits);
    let right_digits = strip_leading_zeros(&right.digits);
    let padding = |digits: &[u8], own_scale: u32| match digits.is_empty() {
        true => 0,
        false => scale.saturating_sub(own_scale) as usize,
    };
    let left_padding = padding(left_digits, left.scale);
    let right_padding = padding(right_digits, right.scale);

    let left_length = left_digits.len().saturating_add(left_padding);
    let right_length = right_digits.len().saturating_add(right_padding);
    left_length.cmp(&right_length).then_with(|| {
        let left_scaled = left_digits
            .iter()
            .copied()
            .chain(std::iter::repeat_n(0, left_padding));
        let right_scaled = right_digits
            .iter()
            .copied()
            .chain(std::iter::repeat_n(0, right_padding));
        left_scaled.cmp(right_scaled)
    })
}

fn strip_leading_zeros(digits: &[u8]) -> &[u8] {
    let leading_zeros = digits.iter().take_while(|&&digit| digit == 0).count();
    digits.get(leading_zeros..).unwrap_or_default()
}

fn add_magnitudes(left: &[u8], right: &[u8]) -> Vec<u8> {
    let mut sum = Vec::with_capacity(left.len().max(right.len()) + 1);
    let mut carry = 0;
    let mut left_digits = left.iter().rev();
    let mut right_digits = right.iter().rev();
    loop {
        let (a, b) = (left_digits.next(), right_digits.next());
        if a.is_none() && b.is_none() {
            break;
        }
        let total = a.copied().unwrap_or(0) + b.copied().unwrap_or(0) + carry;
        sum.push(total % 10);
        carry = total / 10;
    }
    if carry > 0 {
        sum.push(carry);
    }
    sum.reverse();
    sum
}

/// Subtracts `right` from `left`, which must not be smaller.
fn subtract_magnitudes(left: &[u8], right: &[u8]) -> Vec<u8> {
    let mut difference = Vec::with_capacity(left.len());
    let mut borrow = 0i8;
    let mut right_digits = right.iter().rev();
    for &digit in left.iter().rev() {
        let subtrahend = right_digits.next().copied().unwrap_or(0) as i8;
        let mut value = digit as i8 - subtrahend - borrow;
        borrow = 0;
        if value < 0 {
            value += 10;
            borrow = 1;
        }
        difference.push(value as u8);
    }
    difference.reverse();
    difference
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => return Ordering::Greater,
            (true, false) => return Ordering::Less,
            _ => {}
        }

        let scale = self.scale.max(other.scale);
        let magnitude = compare_scaled(self, other, scale);
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Writes the shortest plain form: `-12.5`, `0.001`, `42` (no exponent, no point for
/// integers).
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        if self.negative {
            f.write_str("-")?;
        }

        let text: String = self
            .digits
            .iter()
            .map(|&digit| char::from(b'0' + digit))
            .collect();
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&text);
        }

        if text.len() > scale {
            let (integer_part, fraction_part) = text.split_at(text.len() - scale);
            write!(f, "{integer_part}.{fraction_part}")
        } else {
            let zeros = "0".repeat(scale - text.len());
            write!(f, "0.{zeros}{text}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    fn decimal(text: &str) -> Decimal {
        Decimal::parse(text).expect(text)
    }

    #[test]
    fn parse_and_display() {
        let cases = [
            ("1", "1"),
            ("+1.50", "1.5"),
            ("-0.0", "0"),
            ("007.", "7"),
            (".5", "0.5"),
            ("-.001", "-0.001"),
            ("1000", "1000"),
            (
                "123456789012345678901234567890.5",
                "123456789012345678901234567890.5",
            ),
        ];
        for (text, display) in cases {
            assert_eq!(decimal(text).to_string(), display, "{text}");
        }
    }

    #[test]
    fn parse_rejects_malformed() {
        for text in [
            "", ".", "-", "+.", "1.2.3", "1e5", " 1", "1,5", "--1", "0x10",
        ] {
            assert_eq!(Decimal::parse(text), None, "{text:?}");
        }
        assert_eq!(Decimal::parse_integer("1.0"), None);
        assert_eq!(Decimal::parse_integer("+"), None);
    }

    #[test]
    fn order_and_equality() {
        assert_eq!(decimal("1.0"), decimal("1"));
        assert_eq!(decimal("-0"), decimal("0"));
        assert!(decimal("-2") < decimal("-1.5"));
        assert!(decimal("0.09") < decimal("0.1"));
        assert!(decimal("100") > decimal("99.999"));
        assert!(decimal("-100") < decimal("-99.999"));
    }

    #[test]
    fn arithmetic() {
        let cases = [
            ("1.5", "2.25", "3.75"),
            ("1.5", "-2.25", "-0.75"),
            ("-1.5", "1.5", "0"),
            ("999", "1", "1000"),
            ("-1000", "1", "-999"),
        ];
        for (left, right, sum) in cases {
            assert_eq!(
                decimal(left).add(&decimal(right)).to_string(),
                sum,
                "{left}+{right}"
            );
        }
        assert_eq!(decimal("1.5").multiplied_by(86400).to_string(), "129600");
        assert_eq!(decimal("-2.5").negated().to_string(), "2.5");
    }

    #[test]
    fn digit_counts() {
        let cases = [
            ("0", 1, 0),
            ("0.001", 3, 3),
            ("1000", 4, 0),
            ("-12.340", 4, 2),
        ];
        for (text, total, fraction) in cases {
            assert_eq!(decimal(text).total_digits(), total, "{text}");
            assert_eq!(decimal(text).fraction_digits(), fraction, "{text}");
        }
    }

    #[test]
    fn to_i128_range() {
        assert_eq!(
            decimal("-9223372036854775808").to_i128(),
            Some(i64::MIN.into())
        );
        assert_eq!(decimal("1.5").to_i128(), None);
        assert_eq!(Decimal::from_i128(-42).to_string(), "-42");
    }

    #[test]
    fn ordering_table() {
        use std::cmp::Ordering::{Equal, Greater, Less};

        let cases = [
            ("0", "0.000", Equal),
            ("-0", "0", Equal),
            ("1.50", "1.5", Equal),
            ("007", "7", Equal),
            ("10", "9.999", Greater),
            ("0.1", "0.09", Greater),
            ("18446744073709551615", "18446744073709551616", Less),
            ("100", "100.0001", Less),
            ("-1", "0", Less),
            ("-2.5", "-2.49", Less),
            ("-0.001", "-0.01", Greater),
            ("12.34", "1.234", Greater),
        ];
        for (left, right, expected) in cases {
            assert_eq!(
                decimal(left).cmp(&decimal(right)),
                expected,
                "{left} vs {right}"
            );
            assert_eq!(
                decimal(right).cmp(&decimal(left)),
                expected.reverse(),
                "{right} vs {left}"
            );
        }
    }
}
