//! A calendar date without a time zone, small enough for the browser bundle.
//!
//! `chrono` or `time` would add about 10 KB to the applicant's download for
//! the little we need (dates of birth, ages, "today"), so this is a plain
//! proleptic Gregorian date with Howard Hinnant's day-count algorithms
//! (<https://howardhinnant.github.io/date_algorithms.html>).

use core::fmt;

use serde::{Deserialize, Serialize};

/// A proleptic Gregorian calendar date (no time, no zone).
///
/// The fields are private so every `Date` is a real calendar day; the derived
/// ordering compares year, then month, then day, which is calendar order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawDate")]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// The serialised shape of a [`Date`], checked by [`Date::new`] on the way in
/// so a deserialised date is as valid as a constructed one.
#[derive(Deserialize)]
struct RawDate {
    year: i32,
    month: u8,
    day: u8,
}

impl TryFrom<RawDate> for Date {
    type Error = &'static str;

    fn try_from(raw: RawDate) -> Result<Self, Self::Error> {
        Date::new(raw.year, raw.month, raw.day).ok_or("not a calendar date")
    }
}

/// Days from 0000-03-01 to 1970-01-01 in Hinnant's shifted calendar.
const EPOCH_SHIFT: i64 = 719_468;
/// Days in a 400-year Gregorian era.
const DAYS_PER_ERA: i64 = 146_097;
const SECONDS_PER_DAY: i64 = 86_400;

/// Whether `year` has a 29 February.
pub const fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in `month` (1-12) of `year`; 0 for a month out of range.
pub const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Hinnant's `days_from_civil`, in `i64` so that every `i32` year fits.
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    // The shifted year starts in March, so 29 February is the last day of it.
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400; // [0, 399]
    let shifted_month = if month > 2 { month - 3 } else { month + 9 }; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1; // [0, 365]
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * DAYS_PER_ERA + day_of_era - EPOCH_SHIFT
}

/// Hinnant's `civil_from_days`; `days` must be within [`Date::MIN`, `Date::MAX`].
fn civil_from_days(days: i64) -> Date {
    let days = days + EPOCH_SHIFT;
    let era = days.div_euclid(DAYS_PER_ERA);
    let day_of_era = days - era * DAYS_PER_ERA; // [0, 146096]
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // The caller keeps `days` in range, so these conversions cannot fail; the
    // fallbacks only keep this function free of panics.
    Date {
        year: i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX }),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

impl Date {
    /// The earliest representable date (1 January of `i32::MIN`).
    pub const MIN: Date = Date {
        year: i32::MIN,
        month: 1,
        day: 1,
    };
    /// The latest representable date (31 December of `i32::MAX`).
    pub const MAX: Date = Date {
        year: i32::MAX,
        month: 12,
        day: 31,
    };
    /// 1970-01-01, day 0 of [`Date::days_since_epoch`].
    pub const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// The date `day`/`month`/`year`, or `None` when that day does not exist
    /// (month outside 1-12, day outside the month, 29 February of a common
    /// year).
    pub const fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if day >= 1 && day <= days_in_month(year, month) {
            Some(Date { year, month, day })
        } else {
            None
        }
    }

    pub const fn year(self) -> i32 {
        self.year
    }

    /// 1 (January) to 12 (December).
    pub const fn month(self) -> u8 {
        self.month
    }

    /// 1 to 31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// The date `days` days after 1970-01-01 (before it when negative).
    ///
    /// Counts beyond the `i32` years saturate at [`Date::MIN`] or
    /// [`Date::MAX`] rather than panic: such counts only come from corrupt
    /// input, and a server must not crash on those.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let min = Date::MIN.days_since_epoch();
        let max = Date::MAX.days_since_epoch();
        civil_from_days(days.clamp(min, max))
    }

    /// Days from 1970-01-01 to this date (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The UTC calendar date of a Unix timestamp (seconds since
    /// 1970-01-01T00:00:00Z; negative before it).
    pub fn from_unix_seconds(seconds: i64) -> Date {
        // `div_euclid` rounds towards minus infinity, so one second before
        // the epoch is still 31 December 1969.
        Date::from_days_since_epoch(seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// The date `days` days later (earlier when negative), saturating at
    /// [`Date::MIN`] and [`Date::MAX`].
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch().saturating_add(days))
    }

    /// Completed years from `earlier` to `later`: a person born on `earlier`
    /// is this old on `later`.
    ///
    /// The year is completed on the anniversary; someone born on 29 February
    /// completes it on 1 March in a common year (the usual legal reading).
    /// When `later` comes before `earlier` the result is the negated count
    /// the other way round, so it is never surprising in sign.
    pub fn years_between(earlier: Date, later: Date) -> i32 {
        if later < earlier {
            return Date::years_between(later, earlier).saturating_neg();
        }
        let mut years = i64::from(later.year) - i64::from(earlier.year);
        let anniversary = if earlier.month == 2 && earlier.day == 29 && !is_leap_year(later.year) {
            (3, 1)
        } else {
            (earlier.month, earlier.day)
        };
        if (later.month, later.day) < anniversary {
            years -= 1;
        }
        i32::try_from(years).unwrap_or(i32::MAX)
    }
}

/// `DD/MM/YYYY`, the order Indonesian forms and the ID card use.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn the_epoch_is_day_zero() {
        assert_eq!(Date::EPOCH.days_since_epoch(), 0);
        assert_eq!(Date::from_days_since_epoch(0), date(1970, 1, 1));
    }

    #[test]
    fn known_dates_have_known_day_counts() {
        assert_eq!(date(2000, 3, 1).days_since_epoch(), 11_017);
        assert_eq!(date(1969, 12, 31).days_since_epoch(), -1);
        assert_eq!(date(2024, 2, 29).days_since_epoch(), 19_782);
        assert_eq!(date(0, 3, 1).days_since_epoch(), -719_468);
        assert_eq!(Date::from_days_since_epoch(19_782), date(2024, 2, 29));
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2023));
        assert!(is_leap_year(0));
        assert!(is_leap_year(-4));
    }

    #[test]
    fn new_refuses_days_that_do_not_exist() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 0, 1).is_none());
        assert!(Date::new(2024, 1, 0).is_none());
        assert!(Date::new(2024, 12, 31).is_some());
    }

    #[test]
    fn unix_seconds_give_the_utc_date() {
        assert_eq!(Date::from_unix_seconds(0), date(1970, 1, 1));
        assert_eq!(Date::from_unix_seconds(-1), date(1969, 12, 31));
        assert_eq!(Date::from_unix_seconds(86_399), date(1970, 1, 1));
        assert_eq!(Date::from_unix_seconds(86_400), date(1970, 1, 2));
        // 2020-04-11T00:00:00Z, the first day of the programme's registration.
        assert_eq!(Date::from_unix_seconds(1_586_563_200), date(2020, 4, 11));
    }

    #[test]
    fn extreme_day_counts_saturate_instead_of_panicking() {
        assert_eq!(Date::from_days_since_epoch(i64::MAX), Date::MAX);
        assert_eq!(Date::from_days_since_epoch(i64::MIN), Date::MIN);
        assert_eq!(Date::from_unix_seconds(i64::MIN), Date::MIN);
        assert_eq!(Date::MAX.add_days(1), Date::MAX);
        assert_eq!(Date::MIN.add_days(-1), Date::MIN);
        assert_eq!(Date::MAX.add_days(i64::MAX), Date::MAX);
    }

    #[test]
    fn add_days_crosses_months_and_years() {
        assert_eq!(date(2023, 12, 31).add_days(1), date(2024, 1, 1));
        assert_eq!(date(2024, 2, 28).add_days(1), date(2024, 2, 29));
        assert_eq!(date(2023, 2, 28).add_days(1), date(2023, 3, 1));
        assert_eq!(date(2024, 3, 1).add_days(-1), date(2024, 2, 29));
    }

    #[test]
    fn years_between_counts_completed_years() {
        let born = date(2000, 6, 15);
        assert_eq!(Date::years_between(born, date(2015, 6, 14)), 14);
        assert_eq!(Date::years_between(born, date(2015, 6, 15)), 15);
        assert_eq!(Date::years_between(born, date(2015, 12, 31)), 15);
        assert_eq!(Date::years_between(born, born), 0);
    }

    #[test]
    fn a_29_february_birthday_counts_on_1_march_in_common_years() {
        let born = date(2004, 2, 29);
        assert_eq!(Date::years_between(born, date(2019, 2, 28)), 14);
        assert_eq!(Date::years_between(born, date(2019, 3, 1)), 15);
        // In a leap year the birthday itself exists.
        assert_eq!(Date::years_between(born, date(2020, 2, 28)), 15);
        assert_eq!(Date::years_between(born, date(2020, 2, 29)), 16);
    }

    #[test]
    fn years_between_is_negative_when_the_dates_are_swapped() {
        assert_eq!(Date::years_between(date(2020, 1, 1), date(2000, 1, 2)), -19);
        assert_eq!(Date::years_between(Date::MIN, Date::MAX), i32::MAX);
    }

    #[test]
    fn dates_display_as_day_month_year() {
        assert_eq!(date(2001, 2, 3).to_string(), "03/02/2001");
        assert_eq!(date(987, 12, 25).to_string(), "25/12/0987");
    }

    #[test]
    fn dates_order_by_calendar() {
        assert!(date(1999, 12, 31) < date(2000, 1, 1));
        assert!(date(2000, 1, 31) < date(2000, 2, 1));
        assert!(date(-1, 12, 31) < date(0, 1, 1));
    }

    #[test]
    fn deserialising_checks_the_date() {
        use serde::de::value::{Error, MapDeserializer};

        let fields = |d: u8| {
            MapDeserializer::<_, Error>::new(
                [("year", 2023_i32), ("month", 2), ("day", i32::from(d))].into_iter(),
            )
        };
        assert_eq!(Date::deserialize(fields(28)).unwrap(), date(2023, 2, 28));
        assert!(Date::deserialize(fields(29)).is_err());
    }

    proptest! {
        #[test]
        fn days_and_dates_round_trip(days in -1_000_000_000i64..1_000_000_000) {
            let d = Date::from_days_since_epoch(days);
            prop_assert_eq!(d.days_since_epoch(), days);
            prop_assert_eq!(Date::new(d.year(), d.month(), d.day()), Some(d));
        }

        #[test]
        fn consecutive_days_are_consecutive_dates(days in -1_000_000_000i64..1_000_000_000) {
            let d = Date::from_days_since_epoch(days);
            let next = Date::from_days_since_epoch(days + 1);
            prop_assert!(d < next);
            if next.day() != 1 {
                let expected = (d.year(), d.month(), d.day() + 1);
                prop_assert_eq!((next.year(), next.month(), next.day()), expected);
            } else {
                prop_assert_eq!(d.day(), days_in_month(d.year(), d.month()));
            }
        }

        #[test]
        fn new_accepts_exactly_the_real_dates(
            year in -5000i32..5000,
            month in 0u8..=14,
            day in 0u8..=33,
        ) {
            let is_real = (1..=12).contains(&month)
                && day >= 1
                && day <= match month {
                    2 if is_leap_year(year) => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
            prop_assert_eq!(Date::new(year, month, day).is_some(), is_real);
            if let Some(d) = Date::new(year, month, day) {
                prop_assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
            }
        }

        #[test]
        fn order_matches_day_counts(a in -1_000_000i64..1_000_000, b in -1_000_000i64..1_000_000) {
            let (da, db) = (Date::from_days_since_epoch(a), Date::from_days_since_epoch(b));
            prop_assert_eq!(da.cmp(&db), a.cmp(&b));
        }

        #[test]
        fn a_year_is_completed_on_each_anniversary(
            days in -100_000i64..100_000,
            years in 0i32..200,
        ) {
            let born = Date::from_days_since_epoch(days);
            let anniversary = Date::new(born.year() + years, born.month(), born.day())
                .unwrap_or_else(|| Date::new(born.year() + years, 3, 1).unwrap());
            prop_assert_eq!(Date::years_between(born, anniversary), years);
            if years > 0 {
                prop_assert_eq!(Date::years_between(born, anniversary.add_days(-1)), years - 1);
            }
        }
    }
}
