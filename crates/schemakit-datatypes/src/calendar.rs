//! Proleptic Gregorian calendar arithmetic shared by the date/time types and
//! durations.
//!
//! XSD 1.0 has no year 0: `-0001` is the year before `0001`. The functions here take
//! XSD year numbers and count days on the astronomical scale underneath, where
//! `-0001` is year 0 and therefore a leap year, as in ISO 8601.

/// Converts an XSD year number (never 0) to an astronomical year number.
pub(crate) fn astronomical_year(year: i64) -> i64 {
    if year < 0 {
        year + 1
    } else {
        year
    }
}

/// Converts an astronomical year number back to an XSD year number.
pub(crate) fn xsd_year(astronomical: i64) -> i64 {
    if astronomical <= 0 {
        astronomical - 1
    } else {
        astronomical
    }
}

/// Tells whether an XSD year is a leap year.
pub(crate) fn is_leap_year(year: i64) -> bool {
    let year = astronomical_year(year);
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// Returns the number of days of `month` (1 to 12) in an XSD year, or the most it can
/// have in any year (29 for February) when the year is absent.
pub(crate) fn days_in_month(year: Option<i64>, month: u8) -> u8 {
    match month {
        2 => match year {
            Some(year) if !is_leap_year(year) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Counts days from 1970-01-01 to the given date of an XSD year (Howard Hinnant's
/// `days_from_civil`). The caller keeps `|year|` below 10^15 so nothing overflows.
pub(crate) fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let month = i64::from(month);
    let day = i64::from(day);
    let year = astronomical_year(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Converts a day count from 1970-01-01 back to an XSD year, month and day.
pub(crate) fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u8;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (xsd_year(year), month, day)
}

/// The largest year magnitude accepted, so that day and second counts fit in `i64`
/// and `i128`.
pub(crate) const MAX_YEAR: i64 = 999_999_999_999;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years() {
        let cases = [
            (2000, true),
            (1900, false),
            (2024, true),
            (2023, false),
            (-1, true),
            (-5, true),
            (-4, false),
        ];
        for (year, leap) in cases {
            assert_eq!(is_leap_year(year), leap, "{year}");
        }
    }

    #[test]
    fn day_count_round_trip() {
        let cases = [
            (1970, 1, 1, 0),
            (2000, 3, 1, 11_017),
            (1, 1, 1, -719_162),
            (-1, 12, 31, -719_163),
        ];
        for (year, month, day, days) in cases {
            assert_eq!(
                days_from_civil(year, month, day),
                days,
                "{year}-{month}-{day}"
            );
            assert_eq!(civil_from_days(days), (year, month, day), "{days}");
        }
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in_month(Some(2023), 2), 28);
        assert_eq!(days_in_month(Some(2024), 2), 29);
        assert_eq!(days_in_month(None, 2), 29);
        assert_eq!(days_in_month(None, 4), 30);
        assert_eq!(days_in_month(None, 12), 31);
    }
}
