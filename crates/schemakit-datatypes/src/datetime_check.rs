//! A byte-level check of the common lexical forms of `xs:dateTime` and `xs:date`
//! that builds no [`DateTime`](crate::DateTime).
//!
//! It accepts only a four-digit year, hours 00 to 23, and a timezone that is absent,
//! `Z` or `±hh:mm`. Every text it accepts is valid, and [`DateTime::parse`] decides
//! the rest (such as `24:00:00`, longer or negative years and invalid values).
//!
//! [`DateTime::parse`]: crate::DateTime::parse

use crate::calendar::days_in_month;

/// Tells whether `text` is a valid `xs:dateTime` in the common form
/// `YYYY-MM-DDThh:mm:ss[.s+][Z|±hh:mm]`.
pub(crate) fn is_common_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(rest) = common_date(bytes) else {
        return false;
    };
    let Some((&b'T', time)) = rest.split_first() else {
        return false;
    };
    common_time(time).is_some_and(is_timezone)
}

/// Tells whether `text` is a valid `xs:date` in the common form
/// `YYYY-MM-DD[Z|±hh:mm]`.
pub(crate) fn is_common_date(text: &str) -> bool {
    common_date(text.as_bytes()).is_some_and(is_timezone)
}

/// Reads `YYYY-MM-DD` with a day that exists in that month and year, and returns
/// the bytes after it.
fn common_date(bytes: &[u8]) -> Option<&[u8]> {
    let (date, rest) = bytes.split_at_checked(10)?;
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *date else {
        return None;
    };

    let year = four_digits([y1, y2, y3, y4])?;
    if year == 0 {
        // XSD 1.0 has no year 0000.
        return None;
    }
    let month = two_digits(m1, m2).filter(|month| (1..=12).contains(month))?;
    let day = two_digits(d1, d2)?;
    if day == 0 || day > days_in_month(Some(i64::from(year)), month) {
        return None;
    }
    Some(rest)
}

/// Reads `hh:mm:ss` with an optional fraction of a second, the hour below 24, and
/// returns the bytes after it.
fn common_time(bytes: &[u8]) -> Option<&[u8]> {
    let (time, rest) = bytes.split_at_checked(8)?;
    let [h1, h2, b':', n1, n2, b':', s1, s2] = *time else {
        return None;
    };
    two_digits(h1, h2).filter(|hour| *hour < 24)?;
    two_digits(n1, n2).filter(|minute| *minute < 60)?;
    two_digits(s1, s2).filter(|second| *second < 60)?;

    let Some((&b'.', fraction)) = rest.split_first() else {
        return Some(rest);
    };
    let digits = fraction
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    fraction.get(digits..)
}

/// Tells whether `bytes` is an absent timezone, `Z` or an offset `±hh:mm` within
/// -14:00 to +14:00.
fn is_timezone(bytes: &[u8]) -> bool {
    match *bytes {
        [] | [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let (Some(hours), Some(minutes)) = (two_digits(h1, h2), two_digits(m1, m2)) else {
                return false;
            };
            minutes < 60 && (hours < 14 || (hours == 14 && minutes == 0))
        }
        _ => false,
    }
}

fn two_digits(tens: u8, ones: u8) -> Option<u8> {
    if tens.is_ascii_digit() && ones.is_ascii_digit() {
        Some((tens - b'0') * 10 + (ones - b'0'))
    } else {
        None
    }
}

fn four_digits(digits: [u8; 4]) -> Option<u16> {
    digits.iter().try_fold(0u16, |value, digit| {
        digit
            .is_ascii_digit()
            .then(|| value * 10 + u16::from(digit - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::{is_common_date, is_common_date_time};
    use crate::{BuiltinType, DateTime};

    /// Texts in and around the common forms: valid ones, each field out of range,
    /// and forms that only the full parser accepts.
    const DATE_TIMES: &[&str] = &[
        "2024-05-14T10:12:45Z",
        "2024-05-14T10:12:45",
        "2024-05-14T10:12:45.5",
        "2024-05-14T10:12:45.123456789Z",
        "2024-05-14T10:12:45+05:30",
        "2024-05-14T10:12:45-14:00",
        "2024-05-14T10:12:45+14:01",
        "2024-05-14T10:12:45+15:00",
        "2024-05-14T10:12:45+05:60",
        "2024-05-14T10:12:45+0530",
        "2024-05-14T10:12:45.Z",
        "2024-05-14T10:12:45.",
        "2024-05-14T10:12:45ZZ",
        "2024-05-14T10:12:60Z",
        "2024-05-14T10:60:45Z",
        "2024-05-14T23:59:59Z",
        "2024-05-14T24:00:00Z",
        "2024-05-14T24:00:01Z",
        "2024-05-14 10:12:45Z",
        "2024-05-14",
        "2024-02-29T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2000-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-00-10T00:00:00Z",
        "2024-13-10T00:00:00Z",
        "2024-05-00T00:00:00Z",
        "0000-05-14T10:12:45Z",
        "0001-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "12024-05-14T10:12:45Z",
        "024-05-14T10:12:45Z",
        "2024-5-14T10:12:45Z",
        "x2024-05-14T10:12:45Z",
        "2024-05-14T1:12:45Z",
        "",
        "Z",
    ];

    const DATES: &[&str] = &[
        "2024-05-14",
        "2024-05-14Z",
        "2024-05-14+14:00",
        "2024-05-14-14:01",
        "2024-02-30",
        "2024-05-14T00:00:00",
        "20240-05-14",
        "2024-05-1",
    ];

    /// Every accepted text must parse, and the common forms must be accepted.
    fn assert_agrees(kind: BuiltinType, text: &str, accepted: bool) {
        let valid = DateTime::parse(kind, text).is_ok();
        assert!(!accepted || valid, "{text:?} accepted but invalid");

        let is_common_form =
            !text.starts_with('-') && text.find(['-', 'T']) == Some(4) && !text.contains("T24:");
        if is_common_form {
            assert_eq!(accepted, valid, "{text:?}");
        }
    }

    #[test]
    fn date_time_agrees_with_parser() {
        for text in DATE_TIMES {
            assert_agrees(BuiltinType::DateTime, text, is_common_date_time(text));
        }
    }

    #[test]
    fn date_agrees_with_parser() {
        for text in DATES {
            assert_agrees(BuiltinType::Date, text, is_common_date(text));
        }
    }

    #[test]
    fn common_date_time_accepted() {
        assert!(is_common_date_time("2024-05-14T10:12:45Z"));
        assert!(is_common_date_time("2024-02-29T08:00:00.25+05:30"));
        assert!(!is_common_date_time("2023-02-29T08:00:00Z"));
        assert!(!is_common_date_time("2024-05-14T24:00:00Z"));
    }
}
