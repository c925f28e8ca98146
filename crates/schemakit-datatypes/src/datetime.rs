//! Values of the seven date/time types and `dateTime`: lexical parsing, XSD 1.0's
//! partial order and the canonical form.

use crate::calendar::{civil_from_days, days_from_civil, days_in_month, MAX_YEAR};
use crate::decimal::Decimal;
use crate::BuiltinType;
use std::cmp::Ordering;
use std::fmt;

/// A value of `dateTime`, `time`, `date`, `gYearMonth`, `gYear`, `gMonthDay`, `gDay`
/// or `gMonth`.
///
/// Fields that the type does not have hold fixed reference values (year 1972,
/// January, day 1, midnight), so values of one type compare field by field.
#[derive(Clone, Debug)]
pub struct DateTime {
    kind: BuiltinType,
    year: i64,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    /// Seconds with any number of fraction digits, below 60.
    second: Decimal,
    /// The timezone offset in minutes east of UTC, when the value has one.
    timezone: Option<i16>,
}

/// The reference year for types without a year: a leap year, so `--02-29` is a
/// valid gMonthDay.
const REFERENCE_YEAR: i64 = 1972;

/// The maximum timezone offset in minutes: XSD allows -14:00 to +14:00.
const MAX_TIMEZONE: i16 = 14 * 60;

impl DateTime {
    /// Parses the lexical form of `kind`, one of the eight date/time types. The
    /// error explains what is wrong, for example "the day 31 does not exist in
    /// month 04".
    pub fn parse(kind: BuiltinType, text: &str) -> Result<DateTime, String> {
        let (body, timezone) = split_timezone(text)?;
        let mut value = DateTime {
            kind,
            year: REFERENCE_YEAR,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: Decimal::zero(),
            timezone,
        };
        let mut cursor = Cursor { rest: body };

        match kind {
            BuiltinType::DateTime => {
                value.parse_date(&mut cursor)?;
                cursor.expect("T")?;
                value.parse_time(&mut cursor)?;
            }
            BuiltinType::Time => value.parse_time(&mut cursor)?,
            BuiltinType::Date => value.parse_date(&mut cursor)?,
            BuiltinType::GYearMonth => {
                value.year = cursor.year()?;
                cursor.expect("-")?;
                value.month = cursor.month()?;
            }
            BuiltinType::GYear => value.year = cursor.year()?,
            BuiltinType::GMonthDay => {
                cursor.expect("--")?;
                value.month = cursor.month()?;
                cursor.expect("-")?;
                value.day = cursor.day(None, value.month)?;
            }
            BuiltinType::GDay => {
                cursor.expect("---")?;
                value.day = cursor.day(None, 1)?;
            }
            BuiltinType::GMonth => {
                cursor.expect("--")?;
                value.month = cursor.month()?;
            }
            _ => return Err(format!("{} is not a date or time type", kind.name())),
        }

        if !cursor.rest.is_empty() {
            return Err(format!("unexpected {:?} at the end", cursor.rest));
        }
        value.roll_over_end_of_day();
        Ok(value)
    }

    fn parse_date(&mut self, cursor: &mut Cursor<'_>) -> Result<(), String> {
        self.year = cursor.year()?;
        cursor.expect("-")?;
        self.month = cursor.month()?;
        cursor.expect("-")?;
        self.day = cursor.day(Some(self.year), self.month)?;
        Ok(())
    }

    fn parse_time(&mut self, cursor: &mut Cursor<'_>) -> Result<(), String> {
        self.hour = cursor.two_digits("hour", 0, 24)?;
        cursor.expect(":")?;
        self.minute = cursor.two_digits("minute", 0, 59)?;
        cursor.expect(":")?;
        self.second = cursor.seconds()?;

        let is_end_of_day = self.minute == 0 && self.second.is_zero();
        if self.hour == 24 && !is_end_of_day {
            return Err("the hour 24 is allowed only in 24:00:00".to_owned());
        }
        Ok(())
    }

    /// Turns 24:00:00 into 00:00:00 of the next day, the value XSD 1.0 gives it.
    fn roll_over_end_of_day(&mut self) {
        if self.hour != 24 {
            return;
        }
        self.hour = 0;
        if self.kind == BuiltinType::DateTime {
            let next_day = days_from_civil(self.year, self.month, self.day) + 1;
            (self.year, self.month, self.day) = civil_from_days(next_day);
        }
    }

    /// Returns the date/time type of the value.
    pub fn kind(&self) -> BuiltinType {
        self.kind
    }

    /// Returns the timezone offset in minutes east of UTC, if the value has one.
    pub fn timezone(&self) -> Option<i16> {
        self.timezone
    }

    /// Seconds from 1970-01-01T00:00:00 to the value, in UTC when the value has a
    /// timezone and in local time otherwise, plus `shift_minutes`.
    fn timeline(&self, shift_minutes: i64) -> Decimal {
        let days = days_from_civil(self.year, self.month, self.day);
        let minutes = i64::from(self.hour) * 60 + i64::from(self.minute)
            - i64::from(self.timezone.unwrap_or(0))
            + shift_minutes;
        let whole_seconds = i128::from(days) * 86_400 + i128::from(minutes) * 60;
        Decimal::from_i128(whole_seconds).add(&self.second)
    }

    /// Returns the civil fields of the value moved to UTC: year, month, day, hour and
    /// minute.
    fn utc_fields(&self) -> (i64, u8, u8, u8, u8) {
        let offset = i64::from(self.timezone.unwrap_or(0));
        let minutes = i64::from(self.hour) * 60 + i64::from(self.minute) - offset;
        let day_shift = minutes.div_euclid(1440);
        let minute_of_day = minutes.rem_euclid(1440);
        let (year, month, day) =
            civil_from_days(days_from_civil(self.year, self.month, self.day) + day_shift);
        (
            year,
            month,
            day,
            (minute_of_day / 60) as u8,
            (minute_of_day % 60) as u8,
        )
    }
}

/// XSD 1.0's order (Part 2, 3.2.7.3): values with timezones compare on the UTC
/// timeline, and so do values without. A value without a timezone lies anywhere
/// from 14 hours before to 14 hours after its local reading, so it is incomparable
/// with a timezoned value inside that window.
impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &DateTime) -> Option<Ordering> {
        if self.kind != other.kind {
            return None;
        }

        let max_shift = i64::from(MAX_TIMEZONE);
        match (self.timezone.is_some(), other.timezone.is_some()) {
            (true, true) | (false, false) => Some(self.timeline(0).cmp(&other.timeline(0))),
            (true, false) => {
                let instant = self.timeline(0);
                if instant < other.timeline(-max_shift) {
                    Some(Ordering::Less)
                } else if instant > other.timeline(max_shift) {
                    Some(Ordering::Greater)
                } else {
                    None
                }
            }
            (false, true) => other.partial_cmp(self).map(Ordering::reverse),
        }
    }
}

/// Two values are equal when they are of one type, both have a timezone or both have
/// none, and they fall on the same point of the timeline.
impl PartialEq for DateTime {
    fn eq(&self, other: &DateTime) -> bool {
        self.kind == other.kind
            && self.timezone.is_some() == other.timezone.is_some()
            && self.timeline(0) == other.timeline(0)
    }
}

/// Writes the canonical form. `dateTime` and `time` values with a timezone are
/// written in UTC with `Z`. The other types keep their timezone, written as `Z` for
/// +00:00 and as `±hh:mm` otherwise.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let in_utc = matches!(self.kind, BuiltinType::DateTime | BuiltinType::Time)
            && self.timezone.is_some();
        let (year, month, day, hour, minute) = if in_utc {
            self.utc_fields()
        } else {
            (self.year, self.month, self.day, self.hour, self.minute)
        };

        let year_text = if year < 0 {
            format!("-{:04}", year.unsigned_abs())
        } else {
            format!("{year:04}")
        };
        let second_text = if self.second < Decimal::from_i128(10) {
            format!("0{}", self.second)
        } else {
            self.second.to_string()
        };
        let time_text = format!("{hour:02}:{minute:02}:{second_text}");

        match self.kind {
            BuiltinType::DateTime => write!(f, "{year_text}-{month:02}-{day:02}T{time_text}")?,
            BuiltinType::Time => f.write_str(&time_text)?,
            BuiltinType::Date => write!(f, "{year_text}-{month:02}-{day:02}")?,
            BuiltinType::GYearMonth => write!(f, "{year_text}-{month:02}")?,
            BuiltinType::GYear => f.write_str(&year_text)?,
            BuiltinType::GMonthDay => write!(f, "--{month:02}-{day:02}")?,
            BuiltinType::GDay => write!(f, "---{day:02}")?,
            _ => write!(f, "--{month:02}")?,
        }

        match self.timezone {
            None => Ok(()),
            Some(_) if in_utc => f.write_str("Z"),
            Some(0) => f.write_str("Z"),
            Some(offset) => {
                let sign = if offset < 0 { '-' } else { '+' };
                let offset = offset.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", offset / 60, offset % 60)
            }
        }
    }
}

/// Splits a trailing `Z` or `±hh:mm` off `text`.
fn split_timezone(text: &str) -> Result<(&str, Option<i16>), String> {
    if let Some(body) = text.strip_suffix('Z') {
        return Ok((body, Some(0)));
    }

    let bytes = text.as_bytes();
    let length = bytes.len();
    let has_offset = length >= 6
        && matches!(bytes.get(length - 6), Some(b'+' | b'-'))
        && bytes.get(length - 3) == Some(&b':');
    if !has_offset {
        return Ok((text, None));
    }

    let (body, offset_text) = text.split_at(length - 6);
    let mut cursor = Cursor {
        rest: offset_text.get(1..).unwrap_or_default(),
    };
    let hours = cursor.two_digits("timezone hour", 0, 14)?;
    cursor.expect(":")?;
    let minutes = cursor.two_digits("timezone minute", 0, 59)?;
    let magnitude = i16::from(hours) * 60 + i16::from(minutes);
    if magnitude > MAX_TIMEZONE {
        return Err(format!(
            "the timezone {offset_text} is outside -14:00 to +14:00"
        ));
    }

    let offset = if offset_text.starts_with('-') {
        -magnitude
    } else {
        magnitude
    };
    Ok((body, Some(offset)))
}

/// A reader over the lexical form, one field at a time.
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn expect(&mut self, literal: &str) -> Result<(), String> {
        match self.rest.strip_prefix(literal) {
            Some(rest) => {
                self.rest = rest;
                Ok(())
            }
            None if self.rest.is_empty() => Err(format!("{literal:?} is missing at the end")),
            None => Err(format!("expected {literal:?} before {:?}", self.rest)),
        }
    }

    fn take_digits(&mut self) -> &str {
        let length = self
            .rest
            .bytes()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        let (digits, rest) = self.rest.split_at(length);
        self.rest = rest;
        digits
    }

    /// Reads exactly two digits and checks that they are in `minimum..=maximum`.
    fn two_digits(&mut self, field: &str, minimum: u8, maximum: u8) -> Result<u8, String> {
        let digits = self.take_digits();
        if digits.len() != 2 {
            return Err(format!("the {field} must have two digits, not {digits:?}"));
        }

        let value: u8 = digits
            .parse()
            .map_err(|_| format!("invalid {field} {digits:?}"))?;
        if value < minimum || value > maximum {
            return Err(format!(
                "the {field} {digits} is outside {minimum:02} to {maximum:02}"
            ));
        }
        Ok(value)
    }

    /// Reads a year: an optional minus sign and at least four digits, with no
    /// leading zero when there are more than four. XSD 1.0 has no year 0000.
    fn year(&mut self) -> Result<i64, String> {
        let negative = match self.rest.strip_prefix('-') {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        };

        let digits = self.take_digits();
        if digits.len() < 4 {
            return Err(format!(
                "the year must have at least four digits, not {digits:?}"
            ));
        }
        if digits.len() > 4 && digits.starts_with('0') {
            return Err(format!(
                "the year {digits} has more than four digits and a leading zero"
            ));
        }

        let magnitude: i64 = digits
            .parse()
            .ok()
            .filter(|year| *year <= MAX_YEAR)
            .ok_or_else(|| format!("the year {digits} is beyond the supported {MAX_YEAR}"))?;
        if magnitude == 0 {
            return Err("the year 0000 does not exist in XSD 1.0".to_owned());
        }
        Ok(if negative { -magnitude } else { magnitude })
    }

    fn month(&mut self) -> Result<u8, String> {
        self.two_digits("month", 1, 12)
    }

    /// Reads a day of `month`, checking the length of the month in `year` (any year
    /// when `None`).
    fn day(&mut self, year: Option<i64>, month: u8) -> Result<u8, String> {
        let day = self.two_digits("day", 1, 31)?;
        let month_length = days_in_month(year, month);
        if day > month_length {
            return Err(match year {
                Some(year) if month == 2 && day == 29 => {
                    format!(
                        "the day 29 does not exist in February {year}, which is not a leap year"
                    )
                }
                _ => format!("the day {day} does not exist in month {month:02}"),
            });
        }
        Ok(day)
    }

    /// Reads seconds: two digits below 60 and optional fraction digits.
    fn seconds(&mut self) -> Result<Decimal, String> {
        // The seconds are parsed from the input as written, two digits and an optional
        // fraction, so no string is built for them.
        let start = self.rest;
        self.two_digits("second", 0, 59)?;

        if let Some(rest) = self.rest.strip_prefix('.') {
            self.rest = rest;
            let fraction = self.take_digits();
            if fraction.is_empty() {
                return Err("the decimal point of the seconds has no digits after it".to_owned());
            }
        }

        let consumed = start.len() - self.rest.len();
        let text = start.get(..consumed).unwrap_or_default();
        if text == "00" {
            return Ok(Decimal::zero());
        }
        Decimal::parse(text).ok_or_else(|| format!("invalid seconds {text:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::DateTime;
    use crate::BuiltinType;
    use std::cmp::Ordering;

    fn parse(kind: BuiltinType, text: &str) -> DateTime {
        DateTime::parse(kind, text).expect(text)
    }

    #[test]
    fn canonical_forms() {
        let cases = [
            (
                BuiltinType::DateTime,
                "2002-10-10T12:00:00-05:00",
                "2002-10-10T17:00:00Z",
            ),
            (
                BuiltinType::DateTime,
                "1999-12-31T24:00:00",
                "2000-01-01T00:00:00",
            ),
            (
                BuiltinType::DateTime,
                "2000-03-01T01:30:00+02:00",
                "2000-02-29T23:30:00Z",
            ),
            (
                BuiltinType::DateTime,
                "-0001-12-31T23:59:59.50",
                "-0001-12-31T23:59:59.5",
            ),
            (
                BuiltinType::DateTime,
                "0001-01-01T00:00:00+01:00",
                "-0001-12-31T23:00:00Z",
            ),
            (BuiltinType::Time, "24:00:00", "00:00:00"),
            (BuiltinType::Time, "01:00:00+02:00", "23:00:00Z"),
            (BuiltinType::Date, "2004-02-29+00:00", "2004-02-29Z"),
            (BuiltinType::GYear, "12345", "12345"),
            (BuiltinType::GYearMonth, "-2004-04-05:30", "-2004-04-05:30"),
            (BuiltinType::GMonthDay, "--02-29", "--02-29"),
            (BuiltinType::GDay, "---31Z", "---31Z"),
            (BuiltinType::GMonth, "--12+14:00", "--12+14:00"),
        ];
        for (kind, text, canonical) in cases {
            assert_eq!(parse(kind, text).to_string(), canonical, "{text}");
        }
    }

    #[test]
    fn order_with_and_without_timezones() {
        let date_time = |text| parse(BuiltinType::DateTime, text);
        let cases = [
            (
                "2000-01-15T00:00:00",
                "2000-02-15T00:00:00",
                Some(Ordering::Less),
            ),
            ("2000-01-01T12:00:00", "1999-12-31T23:00:00Z", None),
            ("2000-01-01T12:00:00Z", "2000-01-01T12:00:00", None),
            (
                "2000-01-01T12:00:00Z",
                "2000-01-02T12:00:00",
                Some(Ordering::Less),
            ),
            ("2000-01-16T12:00:00", "2000-01-16T12:00:00Z", None),
            (
                "2000-01-15T12:00:00Z",
                "2000-01-16T12:00:00",
                Some(Ordering::Less),
            ),
            (
                "2000-01-01T00:00:00Z",
                "2000-01-01T01:00:00+01:00",
                Some(Ordering::Equal),
            ),
            (
                "1999-12-31T24:00:00Z",
                "2000-01-01T00:00:00Z",
                Some(Ordering::Equal),
            ),
        ];
        for (left, right, order) in cases {
            assert_eq!(
                date_time(left).partial_cmp(&date_time(right)),
                order,
                "{left} vs {right}"
            );
        }
    }

    #[test]
    fn equality_needs_same_timezone_presence() {
        let with_zone = parse(BuiltinType::Date, "2000-01-01Z");
        let without_zone = parse(BuiltinType::Date, "2000-01-01");
        assert_ne!(with_zone, without_zone);
        assert_eq!(with_zone, parse(BuiltinType::Date, "2000-01-01+00:00"));
    }

    #[test]
    fn malformed_values() {
        let cases = [
            (BuiltinType::DateTime, "2000-01-01"),
            (BuiltinType::DateTime, "2000-01-01T24:00:01"),
            (BuiltinType::DateTime, "2000-01-01T12:60:00"),
            (BuiltinType::DateTime, "2000-01-01T12:00:60"),
            (BuiltinType::DateTime, "2000-01-01T12:00:00."),
            (BuiltinType::DateTime, "2000-01-01T12:00:00+14:01"),
            (BuiltinType::DateTime, "2000-01-01T12:00:00+15:00"),
            (BuiltinType::DateTime, "2000-01-01T12:00"),
            (BuiltinType::Date, "0000-01-01"),
            (BuiltinType::Date, "01000-01-01"),
            (BuiltinType::Date, "999-01-01"),
            (BuiltinType::Date, "2001-02-29"),
            (BuiltinType::Date, "1900-02-29"),
            (BuiltinType::Date, "2000-04-31"),
            (BuiltinType::Date, "2000-13-01"),
            (BuiltinType::Date, "2000-1-01"),
            (BuiltinType::Date, "+2000-01-01"),
            (BuiltinType::Time, "1:00:00"),
            (BuiltinType::GMonth, "--12--"),
            (BuiltinType::GMonthDay, "--04-31"),
            (BuiltinType::GDay, "---32"),
            (BuiltinType::GYear, "0000"),
            (BuiltinType::GYearMonth, "2000"),
        ];
        for (kind, text) in cases {
            assert!(DateTime::parse(kind, text).is_err(), "{kind:?} {text}");
        }
    }

    #[test]
    fn leap_day_message() {
        let error = DateTime::parse(BuiltinType::Date, "2001-02-29").expect_err("not a leap year");
        assert_eq!(
            error,
            "the day 29 does not exist in February 2001, which is not a leap year"
        );
    }
}
