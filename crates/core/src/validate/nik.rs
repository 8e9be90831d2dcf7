//! NIK, the 16-digit national identity number on the e-KTP.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::{DateOfBirth, is_region_code, mask_middle, without_whitespace};
use crate::{Date, ErrorCode};

/// What the NIK's date field says about its holder: women's day of birth
/// has 40 added to it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

/// What the Dukcapil registry adds to a woman's day of birth in her NIK.
const FEMALE_DAY_OFFSET: u8 = 40;

/// A well-formed NIK (Nomor Induk Kependudukan).
///
/// Layout: province (2 digits), regency or city (2), district (2), date of
/// birth as DDMMYY with 40 added to the day for women, then a serial
/// starting at `0001`.
///
/// This checks everything the number itself can tell: a real province, a
/// regency and district that are not `00`, a day and month that exist in
/// 19YY or 20YY (the two-digit year does not fix the century), and a serial
/// that is not `0000`. Whether the number was ever issued only the civil
/// registry knows.
///
/// `Debug` shows only the masked form: a NIK is protected personal data
/// (UU PDP 27/2022) and must not end up whole in logs.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, example = "3201011708900001")
)]
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);

impl Nik {
    /// Reads a NIK typed or pasted with or without spaces (`3201 0123 ...`).
    ///
    /// Errors: not 16 digits, or a `0000` serial: [`ErrorCode::NikFormat`];
    /// an impossible region: [`ErrorCode::NikRegion`]; an impossible date
    /// of birth: [`ErrorCode::NikBirthDate`].
    pub fn parse(input: &str) -> Result<Nik, ErrorCode> {
        let digits = without_whitespace(input);
        if digits.len() != 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ErrorCode::NikFormat);
        }
        if digits.ends_with("0000") {
            return Err(ErrorCode::NikFormat);
        }
        if !is_region_code(digits.as_bytes()) {
            return Err(ErrorCode::NikRegion);
        }
        let nik = Nik(digits);
        let (day, month, year) = (nik.birth_day(), nik.birth_month(), nik.birth_year_2digit());
        let year = i32::from(year);
        let exists = |century: i32| Date::new(century + year, month, day).is_some();
        // `birth_day` maps an impossible raw day (0, 32-40, 72-99) to 0,
        // which `Date::new` refuses.
        if !exists(1900) && !exists(2000) {
            return Err(ErrorCode::NikBirthDate);
        }
        Ok(nik)
    }

    /// The 16 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two digits at `index` as a number (the NIK is all ASCII digits).
    fn pair(&self, index: usize) -> u8 {
        let b = self.0.as_bytes();
        (b[index] - b'0') * 10 + (b[index + 1] - b'0')
    }

    /// The raw day field: the day of birth, plus 40 for women.
    fn raw_day(&self) -> u8 {
        self.pair(6)
    }

    /// The province code, the first two digits (`32` for West Java).
    pub fn province(&self) -> u8 {
        self.pair(0)
    }

    /// The six-digit region code: province, regency or city, district.
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    pub fn sex(&self) -> Sex {
        if self.raw_day() > FEMALE_DAY_OFFSET {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// The day of birth (1-31), with the 40 for women taken off.
    pub fn birth_day(&self) -> u8 {
        match self.raw_day() {
            day @ 1..=31 => day,
            day @ 41..=71 => day - FEMALE_DAY_OFFSET,
            // Unreachable for a parsed NIK; 0 is "no such day".
            _ => 0,
        }
    }

    /// The month of birth (1-12).
    pub fn birth_month(&self) -> u8 {
        self.pair(8)
    }

    /// The last two digits of the year of birth (0-99); the century is not
    /// in the NIK.
    pub fn birth_year_2digit(&self) -> u8 {
        self.pair(10)
    }

    /// The four-digit serial (1-9999).
    pub fn serial(&self) -> u16 {
        self.0[12..].parse().unwrap_or(0)
    }

    /// The NIK as shown back to its owner: `3201********0001`.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 4, 8, 4)
    }

    /// Checks the date of birth embedded in the NIK against the one the
    /// person gave: day, month and two-digit year must match.
    pub fn agrees_with(&self, dob: &DateOfBirth) -> Result<(), ErrorCode> {
        let date = dob.date();
        let two_digit_year = date.year().rem_euclid(100);
        let agrees = date.day() == self.birth_day()
            && date.month() == self.birth_month()
            && two_digit_year == i32::from(self.birth_year_2digit());
        if agrees {
            Ok(())
        } else {
            Err(ErrorCode::NikDobMismatch)
        }
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

impl TryFrom<String> for Nik {
    type Error = ErrorCode;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Nik::parse(&value)
    }
}

impl From<Nik> for String {
    fn from(nik: Nik) -> String {
        nik.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dob(text: &str) -> DateOfBirth {
        DateOfBirth::parse_shape(text).unwrap()
    }

    #[test]
    fn a_man_s_nik_gives_his_date_of_birth() {
        let nik = Nik::parse("3201011708900001").unwrap();
        assert_eq!(nik.as_str(), "3201011708900001");
        assert_eq!(nik.province(), 32);
        assert_eq!(nik.region_code(), "320101");
        assert_eq!(nik.sex(), Sex::Male);
        assert_eq!(nik.birth_day(), 17);
        assert_eq!(nik.birth_month(), 8);
        assert_eq!(nik.birth_year_2digit(), 90);
        assert_eq!(nik.serial(), 1);
    }

    #[test]
    fn a_woman_s_day_of_birth_has_40_added() {
        let nik = Nik::parse("3578015708900123").unwrap();
        assert_eq!(nik.sex(), Sex::Female);
        assert_eq!(nik.birth_day(), 17);
        assert_eq!(nik.serial(), 123);
    }

    #[test]
    fn spaces_are_ignored() {
        let nik = Nik::parse(" 3201 0117 0890 0001 ").unwrap();
        assert_eq!(nik.as_str(), "3201011708900001");
    }

    #[test]
    fn anything_but_16_digits_is_a_format_error() {
        for bad in [
            "",
            "320101170890000",
            "32010117089000011",
            "320101170890000a",
            "3201-0117-0890-0001",
            "３２０１０１１７０８９００００１",
        ] {
            assert_eq!(Nik::parse(bad), Err(ErrorCode::NikFormat), "{bad}");
        }
    }

    #[test]
    fn a_serial_of_0000_is_a_format_error() {
        assert_eq!(Nik::parse("3201011708900000"), Err(ErrorCode::NikFormat));
    }

    #[test]
    fn an_unknown_province_is_a_region_error() {
        for bad in [
            "0001011708900001",
            "2001011708900001",
            "3701011708900001",
            "9901011708900001",
        ] {
            assert_eq!(Nik::parse(bad), Err(ErrorCode::NikRegion), "{bad}");
        }
    }

    #[test]
    fn the_new_papua_provinces_are_known() {
        for province in ["93", "94", "95", "96", "97"] {
            assert!(
                Nik::parse(&format!("{province}01011708900001")).is_ok(),
                "{province}"
            );
        }
    }

    #[test]
    fn a_regency_or_district_of_00_is_a_region_error() {
        assert_eq!(Nik::parse("3200011708900001"), Err(ErrorCode::NikRegion));
        assert_eq!(Nik::parse("3201001708900001"), Err(ErrorCode::NikRegion));
    }

    #[test]
    fn impossible_days_and_months_are_birth_date_errors() {
        for bad in [
            "3201010008900001", // day 0
            "3201013208900001", // day 32
            "3201014008900001", // day 40: neither a man's nor a woman's
            "3201017208900001", // day 72 (a woman's 32)
            "3201011700900001", // month 0
            "3201011713900001", // month 13
            "3201013102900001", // 31 February
            "3201017102900001", // a woman's 31 February
            "3201013104900001", // 31 April
        ] {
            assert_eq!(Nik::parse(bad), Err(ErrorCode::NikBirthDate), "{bad}");
        }
    }

    #[test]
    fn february_29_needs_a_leap_year_in_one_of_the_centuries() {
        // 1900 is not a leap year but 2000 is, so "00" is fine.
        assert!(Nik::parse("3201012902000001").is_ok());
        assert!(Nik::parse("3201016902960001").is_ok());
        // Neither 1901 nor 2001 is.
        assert_eq!(Nik::parse("3201012902010001"), Err(ErrorCode::NikBirthDate));
    }

    #[test]
    fn the_masked_form_keeps_four_digits_at_each_end() {
        let nik = Nik::parse("3201011708900001").unwrap();
        assert_eq!(nik.masked(), "3201********0001");
        assert_eq!(format!("{nik:?}"), "Nik(3201********0001)");
    }

    #[test]
    fn the_nik_agrees_with_the_same_date_in_either_century() {
        let nik = Nik::parse("3201011708900001").unwrap();
        assert_eq!(nik.agrees_with(&dob("17/08/1990")), Ok(()));
        assert_eq!(nik.agrees_with(&dob("17/08/2090")), Ok(()));
        let woman = Nik::parse("3201015708900001").unwrap();
        assert_eq!(woman.agrees_with(&dob("17/08/1990")), Ok(()));
    }

    #[test]
    fn a_different_day_month_or_year_is_a_mismatch() {
        let nik = Nik::parse("3201011708900001").unwrap();
        for other in [
            "18/08/1990",
            "17/09/1990",
            "17/08/1991",
            "17/08/1900",
            "08/08/1990",
        ] {
            assert_eq!(
                nik.agrees_with(&dob(other)),
                Err(ErrorCode::NikDobMismatch),
                "{other}"
            );
        }
    }

    #[test]
    fn serde_refuses_a_bad_nik() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StringDeserializer};

        let good: StringDeserializer<Error> = "3201 0117 0890 0001".to_owned().into_deserializer();
        assert_eq!(
            String::from(Nik::deserialize(good).unwrap()),
            "3201011708900001"
        );
        let bad: StringDeserializer<Error> = "3201011708900000".to_owned().into_deserializer();
        assert!(Nik::deserialize(bad).is_err());
    }

    const PROVINCES: &[u8] = &[
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64,
        65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
    ];

    /// A NIK for someone born on `born`, with its parts.
    fn nik_for(
        province: u8,
        regency: u8,
        district: u8,
        born: Date,
        female: bool,
        serial: u16,
    ) -> String {
        let day = born.day() + if female { FEMALE_DAY_OFFSET } else { 0 };
        format!(
            "{province:02}{regency:02}{district:02}{day:02}{:02}{:02}{serial:04}",
            born.month(),
            born.year() % 100,
        )
    }

    proptest! {
        #[test]
        fn any_generated_nik_parses_and_agrees_with_its_date_of_birth(
            province in prop::sample::select(PROVINCES),
            regency in 1u8..=99,
            district in 1u8..=99,
            // 1 January 1901 to 31 December 2099.
            days in -25_202i64..47_481,
            female in any::<bool>(),
            serial in 1u16..=9999,
            spaces in prop::collection::vec(prop::sample::select(vec!["", " "]), 16),
        ) {
            let born = Date::from_days_since_epoch(days);
            let text = nik_for(province, regency, district, born, female, serial);
            let spaced: String = text
                .chars()
                .zip(&spaces)
                .flat_map(|(c, s)| s.chars().chain(core::iter::once(c)))
                .collect();
            let nik = Nik::parse(&spaced).unwrap();
            prop_assert_eq!(nik.as_str(), text.as_str());
            prop_assert_eq!(nik.sex(), if female { Sex::Female } else { Sex::Male });
            prop_assert_eq!(nik.birth_day(), born.day());
            prop_assert_eq!(nik.birth_month(), born.month());
            prop_assert_eq!(i32::from(nik.birth_year_2digit()), born.year() % 100);
            prop_assert_eq!(nik.province(), province);
            prop_assert_eq!(nik.serial(), serial);
            let given = DateOfBirth::parse_shape(&born.to_string()).unwrap();
            prop_assert_eq!(nik.agrees_with(&given), Ok(()));
            prop_assert_eq!(Nik::parse(nik.as_str()), Ok(nik.clone()));
            let masked = nik.masked();
            prop_assert_eq!(&masked[..4], &text[..4]);
            prop_assert_eq!(&masked[12..], &text[12..]);
        }

        #[test]
        fn a_nik_never_agrees_with_another_day(
            days in -25_202i64..47_481,
            shift in 1i64..36_500,
            female in any::<bool>(),
        ) {
            let born = Date::from_days_since_epoch(days);
            let other = born.add_days(shift);
            let nik = Nik::parse(&nik_for(32, 1, 1, born, female, 1)).unwrap();
            let given = DateOfBirth::parse_shape(&other.to_string()).unwrap();
            prop_assert_eq!(nik.agrees_with(&given), Err(ErrorCode::NikDobMismatch));
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            if let Ok(nik) = Nik::parse(&input) {
                prop_assert_eq!(Nik::parse(nik.as_str()), Ok(nik.clone()));
                prop_assert_eq!(nik.masked().len(), 16);
            }
        }

        #[test]
        fn parse_never_panics_on_digit_strings(input in "[0-9 ]{14,20}") {
            if let Ok(nik) = Nik::parse(&input) {
                prop_assert!((1..=31).contains(&nik.birth_day()));
                prop_assert!((1..=12).contains(&nik.birth_month()));
            }
        }
    }
}
