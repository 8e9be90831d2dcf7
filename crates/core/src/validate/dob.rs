//! Dates of birth, as typed in the forgot-password forms (DD/MM/YYYY).

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::{Date, ErrorCode};

/// The youngest plausible applicant, in completed years. 15 is where
/// Indonesia's statistics bureau starts the working-age population; the
/// programme's own eligibility age is a business rule checked elsewhere,
/// this only catches typing mistakes such as this year instead of the
/// birth year.
pub const MIN_AGE: i32 = 15;
/// The oldest plausible applicant, in completed years: older than that is
/// almost surely a mistyped year (1925 for 1995).
pub const MAX_AGE: i32 = 100;

/// A date of birth that is a real calendar date and, when parsed with
/// [`DateOfBirth::parse`], a plausible age on the day it was checked.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, example = "17/08/1990")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DateOfBirth(Date);

impl DateOfBirth {
    /// Reads `DD/MM/YYYY` (or with `-` or `.`, one-digit day and month
    /// allowed) and checks the age on `today`.
    ///
    /// `today` is a parameter because the two sides get it differently: the
    /// browser from the device's clock, the API from its injectable clock
    /// (so tests can fix the day).
    ///
    /// Errors: [`ErrorCode::DobFormat`], [`ErrorCode::DobInvalid`],
    /// [`ErrorCode::DobInFuture`], [`ErrorCode::DobImplausibleAge`].
    pub fn parse(input: &str, today: Date) -> Result<DateOfBirth, ErrorCode> {
        let dob = DateOfBirth::parse_shape(input)?;
        dob.check_age(today)?;
        Ok(dob)
    }

    /// Reads the date like [`DateOfBirth::parse`] but does not check the
    /// age, because there is no "today" to check it against.
    ///
    /// Deserialising uses this, so a request body with a malformed or
    /// impossible date is refused by serde, but a well-formed date of a
    /// 3-year-old is not: the API must call [`DateOfBirth::check_age`] with
    /// its clock's date on every date of birth it receives.
    pub fn parse_shape(input: &str) -> Result<DateOfBirth, ErrorCode> {
        let input = input.trim();
        // One separator, used twice: `17/08-1990` is a typo, not a date.
        let separator = input
            .chars()
            .find(|c| matches!(c, '/' | '-' | '.'))
            .ok_or(ErrorCode::DobFormat)?;
        let mut parts = input.split(separator);
        let (Some(day), Some(month), Some(year), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ErrorCode::DobFormat);
        };
        let day = number(day, 1..=2)?;
        let month = number(month, 1..=2)?;
        let year = number(year, 4..=4)?;
        Date::new(year, month, day)
            .map(DateOfBirth)
            .ok_or(ErrorCode::DobInvalid)
    }

    /// Checks that this date of birth is not after `today` and gives an age
    /// between [`MIN_AGE`] and [`MAX_AGE`] on `today`.
    pub fn check_age(&self, today: Date) -> Result<(), ErrorCode> {
        if self.0 > today {
            return Err(ErrorCode::DobInFuture);
        }
        if !(MIN_AGE..=MAX_AGE).contains(&self.age(today)) {
            return Err(ErrorCode::DobImplausibleAge);
        }
        Ok(())
    }

    /// Completed years on `today`.
    pub fn age(&self, today: Date) -> i32 {
        Date::years_between(self.0, today)
    }

    pub fn date(&self) -> Date {
        self.0
    }
}

/// `text` as a number, if it is `lengths` ASCII digits long (no sign, no
/// spaces, which `str::parse` alone would not refuse).
fn number<T: core::str::FromStr>(
    text: &str,
    lengths: core::ops::RangeInclusive<usize>,
) -> Result<T, ErrorCode> {
    if lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().map_err(|_| ErrorCode::DobFormat)
    } else {
        Err(ErrorCode::DobFormat)
    }
}

/// `DD/MM/YYYY`, zero-padded.
impl fmt::Display for DateOfBirth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl TryFrom<String> for DateOfBirth {
    type Error = ErrorCode;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        DateOfBirth::parse_shape(&value)
    }
}

impl From<DateOfBirth> for String {
    fn from(dob: DateOfBirth) -> String {
        dob.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    const TODAY: Date = Date::new(2025, 6, 15).unwrap();

    #[test]
    fn a_slashed_date_is_read_day_first() {
        let dob = DateOfBirth::parse("17/08/1990", TODAY).unwrap();
        assert_eq!(dob.date(), date(1990, 8, 17));
        assert_eq!(dob.to_string(), "17/08/1990");
        assert_eq!(dob.age(TODAY), 34);
    }

    #[test]
    fn dashes_dots_one_digit_parts_and_surrounding_spaces_are_accepted() {
        for input in ["17-08-1990", "17.08.1990", "17/8/1990", " 17/08/1990 "] {
            assert_eq!(
                DateOfBirth::parse(input, TODAY).unwrap().date(),
                date(1990, 8, 17),
                "{input}"
            );
        }
        assert_eq!(
            DateOfBirth::parse("1/2/2000", TODAY).unwrap().to_string(),
            "01/02/2000"
        );
    }

    #[test]
    fn other_shapes_are_format_errors() {
        for bad in [
            "",
            "17081990",
            "17/08",
            "17/08/90",
            "17/08/19900",
            "17/08/1990/1",
            "1990-08-17",
            "17/08-1990",
            "017/08/1990",
            "17 / 08 / 1990",
            "+7/08/1990",
            "17/O8/1990",
            "١٧/٠٨/١٩٩٠",
            "//",
        ] {
            assert_eq!(
                DateOfBirth::parse(bad, TODAY),
                Err(ErrorCode::DobFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn days_that_do_not_exist_are_invalid() {
        for bad in [
            "31/02/1990",
            "29/02/2001",
            "00/01/1990",
            "32/01/1990",
            "01/13/1990",
            "01/00/1990",
        ] {
            assert_eq!(
                DateOfBirth::parse(bad, TODAY),
                Err(ErrorCode::DobInvalid),
                "{bad}"
            );
        }
        assert!(DateOfBirth::parse("29/02/2000", TODAY).is_ok());
    }

    #[test]
    fn a_date_after_today_is_in_the_future() {
        assert_eq!(
            DateOfBirth::parse("16/06/2025", TODAY),
            Err(ErrorCode::DobInFuture)
        );
        assert_eq!(
            DateOfBirth::parse("01/01/2990", TODAY),
            Err(ErrorCode::DobInFuture)
        );
    }

    #[test]
    fn under_15_or_over_100_is_an_implausible_age() {
        assert_eq!(
            DateOfBirth::parse("15/06/2025", TODAY),
            Err(ErrorCode::DobImplausibleAge)
        );
        assert_eq!(
            DateOfBirth::parse("16/06/2010", TODAY),
            Err(ErrorCode::DobImplausibleAge)
        );
        assert!(DateOfBirth::parse("15/06/2010", TODAY).is_ok());
        assert!(DateOfBirth::parse("16/06/1924", TODAY).is_ok());
        assert_eq!(
            DateOfBirth::parse("15/06/1924", TODAY),
            Err(ErrorCode::DobImplausibleAge)
        );
        assert_eq!(
            DateOfBirth::parse("01/01/0000", TODAY),
            Err(ErrorCode::DobImplausibleAge)
        );
    }

    #[test]
    fn parse_shape_does_not_check_the_age_but_check_age_does() {
        let toddler = DateOfBirth::parse_shape("01/01/2023").unwrap();
        assert_eq!(toddler.check_age(TODAY), Err(ErrorCode::DobImplausibleAge));
        assert_eq!(
            DateOfBirth::parse_shape("31/02/1990"),
            Err(ErrorCode::DobInvalid)
        );
    }

    #[test]
    fn serde_writes_day_month_year_and_reads_the_shape_only() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StringDeserializer};

        let dob = DateOfBirth::parse("1.8.1990", TODAY).unwrap();
        assert_eq!(String::from(dob), "01/08/1990");
        let de: StringDeserializer<Error> = "1-8-1990".to_owned().into_deserializer();
        assert_eq!(DateOfBirth::deserialize(de).unwrap(), dob);
        let bad: StringDeserializer<Error> = "31/02/1990".to_owned().into_deserializer();
        assert!(DateOfBirth::deserialize(bad).is_err());
    }

    proptest! {
        #[test]
        fn any_written_date_reads_back(
            days in -200_000i64..200_000,
            separator in prop::sample::select(vec!['/', '-', '.']),
            pad in any::<bool>(),
        ) {
            let d = Date::from_days_since_epoch(days);
            prop_assume!((1000..=9999).contains(&d.year()));
            let input = if pad {
                format!("{:02}{separator}{:02}{separator}{}", d.day(), d.month(), d.year())
            } else {
                format!("{}{separator}{}{separator}{}", d.day(), d.month(), d.year())
            };
            let dob = DateOfBirth::parse_shape(&input).unwrap();
            prop_assert_eq!(dob.date(), d);
            prop_assert_eq!(DateOfBirth::parse_shape(&dob.to_string()), Ok(dob));
        }

        #[test]
        fn parse_accepts_exactly_ages_15_to_100(born in -30_000i64..30_000, today in 0i64..30_000) {
            let born = Date::from_days_since_epoch(born);
            let today = Date::from_days_since_epoch(today);
            let result = DateOfBirth::parse(&born.to_string(), today);
            let expected = if born > today {
                Err(ErrorCode::DobInFuture)
            } else if (MIN_AGE..=MAX_AGE).contains(&Date::years_between(born, today)) {
                Ok(())
            } else {
                Err(ErrorCode::DobImplausibleAge)
            };
            prop_assert_eq!(result.map(|d| d.date()), expected.map(|()| born));
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            let _ = DateOfBirth::parse(&input, TODAY);
            if let Ok(dob) = DateOfBirth::parse_shape(&input) {
                prop_assert_eq!(DateOfBirth::parse_shape(&dob.to_string()), Ok(dob));
            }
        }

        #[test]
        fn parse_never_panics_on_date_like_input(input in "[0-9/.-]{0,12}") {
            if let Ok(dob) = DateOfBirth::parse(&input, TODAY) {
                prop_assert!(dob.date() <= TODAY);
            }
        }
    }
}
