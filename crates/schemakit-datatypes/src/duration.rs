//! Values of `xs:duration`: lexical parsing, XSD 1.0's partial order and the
//! canonical form.

use crate::calendar::{days_from_civil, MAX_YEAR};
use crate::decimal::Decimal;
use std::cmp::Ordering;
use std::fmt;

/// A duration as a number of months and a number of seconds, both with the sign of
/// the duration. `P1Y` equals `P12M` and `P1D` equals `PT24H`, but `P1M` and `P30D`
/// are different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duration {
    months: i64,
    seconds: Decimal,
}

/// The reference dateTimes of XSD 1.0 Part 2, 3.2.6.2, as (year, month) at day 1,
/// 00:00:00Z. Two durations compare by the instants they reach from each of them.
const REFERENCE_MONTHS: [(i64, u8); 4] = [(1696, 9), (1697, 2), (1903, 3), (1903, 7)];

impl Duration {
    /// Parses `-?PnYnMnDTnHnMnS`: at least one field, `T` only before a time field,
    /// and a fraction only on the seconds.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let body = unsigned
            .strip_prefix('P')
            .ok_or_else(|| "a duration starts with P (or -P)".to_owned())?;
        let (date_part, time_part) = match body.split_once('T') {
            Some((date_part, time_part)) => {
                if time_part.is_empty() {
                    return Err("T must be followed by hours, minutes or seconds".to_owned());
                }
                (date_part, Some(time_part))
            }
            None => (body, None),
        };

        let date_fields = split_fields(date_part, &['Y', 'M', 'D'])?;
        let time_fields = split_fields(time_part.unwrap_or_default(), &['H', 'M', 'S'])?;
        if date_fields.iter().chain(&time_fields).all(Option::is_none) {
            return Err("a duration needs at least one field, such as P1D or PT0S".to_owned());
        }

        let [years, months, days] = date_fields;
        let [hours, minutes, seconds] = time_fields;
        let whole_months = integer_field(years)?
            .checked_mul(12)
            .and_then(|months_of_years| months_of_years.checked_add(integer_field(months).ok()?))
            .and_then(|total| i64::try_from(total).ok())
            .filter(|total| total.unsigned_abs() <= MAX_YEAR.unsigned_abs() * 12)
            .ok_or_else(|| format!("the years and months exceed the supported {MAX_YEAR} years"))?;

        let mut total_seconds = decimal_field(days, false)?;
        total_seconds = total_seconds
            .multiplied_by(24)
            .add(&decimal_field(hours, false)?);
        total_seconds = total_seconds
            .multiplied_by(60)
            .add(&decimal_field(minutes, false)?);
        total_seconds = total_seconds
            .multiplied_by(60)
            .add(&decimal_field(seconds, true)?);

        Ok(if negative {
            Duration {
                months: -whole_months,
                seconds: total_seconds.negated(),
            }
        } else {
            Duration {
                months: whole_months,
                seconds: total_seconds,
            }
        })
    }

    /// Returns the months part, negative for a negative duration.
    pub fn months(&self) -> i64 {
        self.months
    }

    /// Returns the seconds part (days, hours, minutes and seconds together),
    /// negative for a negative duration.
    pub fn seconds(&self) -> &Decimal {
        &self.seconds
    }

    /// Seconds from 1970-01-01T00:00:00Z to the instant this duration reaches from
    /// the reference dateTime `(year, month)-01T00:00:00Z`.
    fn instant_from(&self, (year, month): (i64, u8)) -> Decimal {
        let month_index = i128::from(year) * 12 + i128::from(month) - 1 + i128::from(self.months);
        let target_year = i64::try_from(month_index.div_euclid(12)).unwrap_or(i64::MAX);
        let target_month = (month_index.rem_euclid(12) + 1) as u8;
        let days = days_from_civil(target_year, target_month, 1);
        Decimal::from_i128(i128::from(days) * 86_400).add(&self.seconds)
    }
}

/// XSD 1.0's order: one duration is less than another when it is less from all four
/// reference dateTimes. When the four disagree (`P1M` against `P30D`), the two are
/// incomparable.
impl PartialOrd for Duration {
    fn partial_cmp(&self, other: &Duration) -> Option<Ordering> {
        if self == other {
            return Some(Ordering::Equal);
        }

        let mut orders = REFERENCE_MONTHS.iter().map(|&reference| {
            self.instant_from(reference)
                .cmp(&other.instant_from(reference))
        });
        let first = orders.next()?;
        orders.all(|order| order == first).then_some(first)
    }
}

/// Writes the canonical form of XSD 1.1, which XSD 1.0 leaves open: years and months
/// from the months, days, hours, minutes and seconds from the seconds, zero fields
/// left out, and `PT0S` for zero.
impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let negative = self.months < 0 || self.seconds.is_negative();
        if negative {
            f.write_str("-")?;
        }
        f.write_str("P")?;

        let months = self.months.unsigned_abs();
        if months >= 12 {
            write!(f, "{}Y", months / 12)?;
        }
        if months % 12 != 0 {
            write!(f, "{}M", months % 12)?;
        }

        let seconds = if negative {
            self.seconds.negated()
        } else {
            self.seconds.clone()
        };
        if seconds.is_zero() {
            if months == 0 {
                f.write_str("T0S")?;
            }
            return Ok(());
        }

        let whole = seconds.truncated();
        let fraction = seconds.add(&whole.negated());
        let Some(whole_seconds) = whole.to_i128() else {
            return write!(f, "T{seconds}S");
        };

        let (days, rest) = (whole_seconds / 86_400, whole_seconds % 86_400);
        let (hours, rest) = (rest / 3600, rest % 3600);
        let (minutes, rest) = (rest / 60, rest % 60);
        if days > 0 {
            write!(f, "{days}D")?;
        }
        if hours == 0 && minutes == 0 && rest == 0 && fraction.is_zero() {
            return Ok(());
        }

        f.write_str("T")?;
        if hours > 0 {
            write!(f, "{hours}H")?;
        }
        if minutes > 0 {
            write!(f, "{minutes}M")?;
        }
        let second_value = Decimal::from_i128(rest).add(&fraction);
        if !second_value.is_zero() {
            write!(f, "{second_value}S")?;
        }
        Ok(())
    }
}

/// Splits `text` into the numbers before each designator, in order. A designator may
/// be absent, but one that is present needs a number before it.
fn split_fields<'a>(
    text: &'a str,
    designators: &[char; 3],
) -> Result<[Option<&'a str>; 3], String> {
    let mut fields = [None; 3];
    let mut rest = text;
    let mut next_designator = 0;

    while !rest.is_empty() {
        let end = rest
            .find(|character: char| !(character.is_ascii_digit() || character == '.'))
            .ok_or_else(|| format!("the number {rest:?} has no designator after it"))?;
        let (number, tail) = rest.split_at(end);
        let mut tail_chars = tail.chars();
        let designator = tail_chars.next().unwrap_or_default();

        let position = designators
            .iter()
            .skip(next_designator)
            .position(|&candidate| candidate == designator)
            .map(|offset| offset + next_designator)
            .ok_or_else(|| format!("unexpected {designator:?} in {text:?}"))?;
        if number.is_empty() {
            return Err(format!("{designator} has no number before it"));
        }
        if let Some(field) = fields.get_mut(position) {
            *field = Some(number);
        }

        next_designator = position + 1;
        rest = tail_chars.as_str();
    }
    Ok(fields)
}

fn integer_field(field: Option<&str>) -> Result<i128, String> {
    let Some(text) = field else {
        return Ok(0);
    };
    if !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(format!("{text:?} must be a whole number"));
    }
    text.parse()
        .map_err(|_| format!("the number {text} is too large"))
}

fn decimal_field(field: Option<&str>, fraction_allowed: bool) -> Result<Decimal, String> {
    let Some(text) = field else {
        return Ok(Decimal::zero());
    };
    if !fraction_allowed && text.contains('.') {
        return Err(format!(
            "{text:?} must be a whole number, only seconds have a fraction"
        ));
    }
    Decimal::parse(text).ok_or_else(|| format!("{text:?} is not a number"))
}

#[cfg(test)]
mod tests {
    use super::Duration;
    use std::cmp::Ordering;

    fn duration(text: &str) -> Duration {
        Duration::parse(text).expect(text)
    }

    #[test]
    fn canonical_forms() {
        let cases = [
            ("P1Y2M3DT10H30M", "P1Y2M3DT10H30M"),
            ("P0Y", "PT0S"),
            ("-P14M", "-P1Y2M"),
            ("PT36H", "P1DT12H"),
            ("PT0.5S", "PT0.5S"),
            ("PT1.50S", "PT1.5S"),
            ("-PT90M", "-PT1H30M"),
            ("P1DT0H", "P1D"),
        ];
        for (text, canonical) in cases {
            assert_eq!(duration(text).to_string(), canonical, "{text}");
        }
    }

    #[test]
    fn malformed_durations() {
        for text in [
            "P", "PT", "P1DT", "1D", "P-1D", "+P1D", "P1D1Y", "P1.5D", "PT1.5M", "P1S", "PT1Y",
            "P1Y1Y", "PT.S", "P1YT", "pP1D", "P1D ",
        ] {
            assert!(Duration::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn partial_order() {
        let cases = [
            ("P1Y", "P12M", Some(Ordering::Equal)),
            ("P1D", "PT24H", Some(Ordering::Equal)),
            ("P1Y", "P365D", None),
            ("P1M", "P30D", None),
            ("P1M", "P27D", Some(Ordering::Greater)),
            ("P1M", "P32D", Some(Ordering::Less)),
            ("P5M", "P153D", None),
            ("PT1H", "PT59M", Some(Ordering::Greater)),
            ("-P1D", "PT0S", Some(Ordering::Less)),
        ];
        for (left, right, order) in cases {
            assert_eq!(
                duration(left).partial_cmp(&duration(right)),
                order,
                "{left} vs {right}"
            );
        }
    }
}
