//! Indonesian mobile numbers.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::mask_middle;
use crate::ErrorCode;

const COUNTRY_CODE: &str = "62";
/// Digits after `+62` (or after the national `0`): mobile numbers are 10 to
/// 13 digits written with the leading 0.
const NSN_DIGITS: core::ops::RangeInclusive<usize> = 9..=12;

/// An Indonesian mobile number, stored in E.164 form (`+628...`).
///
/// People write their number as `0812-3456-7890`, `62 812 3456 7890` or
/// `+62 (812) 3456.7890`; all of these are the same number, and storing one
/// form is what lets "this number is already used" and the e-wallet check
/// (same number as the account) work.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, example = "+6281234567890")
)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Reads `08...`, `628...` or `+628...`, ignoring spaces, dashes, dots
    /// and parentheses.
    ///
    /// Errors: any other character, any other prefix, or a wrong length:
    /// [`ErrorCode::PhoneFormat`]; a number that is not a mobile number
    /// (an area code such as `021` instead of `08`):
    /// [`ErrorCode::PhoneNotMobile`].
    pub fn parse(input: &str) -> Result<PhoneNumber, ErrorCode> {
        let mut digits = String::with_capacity(input.len());
        let mut international = false;
        for c in input.chars() {
            match c {
                '0'..='9' => digits.push(c),
                // A `+` only makes sense before the first digit.
                '+' if digits.is_empty() && !international => international = true,
                '-' | '.' | '(' | ')' => {}
                c if c.is_whitespace() => {}
                _ => return Err(ErrorCode::PhoneFormat),
            }
        }

        let national_significant = if international {
            digits.strip_prefix(COUNTRY_CODE)
        } else {
            digits
                .strip_prefix('0')
                .or_else(|| digits.strip_prefix(COUNTRY_CODE))
        }
        .ok_or(ErrorCode::PhoneFormat)?;

        match national_significant.as_bytes().first() {
            // `+62 0812...` mixes the two forms; refuse rather than guess.
            None | Some(b'0') => Err(ErrorCode::PhoneFormat),
            Some(b'8') if NSN_DIGITS.contains(&national_significant.len()) => Ok(PhoneNumber(
                format!("+{COUNTRY_CODE}{national_significant}"),
            )),
            Some(b'8') => Err(ErrorCode::PhoneFormat),
            Some(_) => Err(ErrorCode::PhoneNotMobile),
        }
    }

    /// The E.164 form, `+6281234567890`: what is stored and sent to the SMS
    /// gateway.
    pub fn as_e164(&self) -> &str {
        &self.0
    }

    /// The national form people recognise, `081234567890`.
    pub fn national(&self) -> String {
        format!("0{}", self.national_significant())
    }

    /// The number as shown on screens that say where a code went:
    /// `+62 812****7890`.
    pub fn masked(&self) -> String {
        format!(
            "+{COUNTRY_CODE} {}",
            mask_middle(self.national_significant(), 3, 4, 4)
        )
    }

    /// The same in national form: `0812****7890`.
    pub fn masked_national(&self) -> String {
        mask_middle(&self.national(), 4, 4, 4)
    }

    /// The digits after `+62`.
    fn national_significant(&self) -> &str {
        &self.0[1 + COUNTRY_CODE.len()..]
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = ErrorCode;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(phone: PhoneNumber) -> String {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e164(input: &str) -> String {
        PhoneNumber::parse(input).unwrap().as_e164().to_owned()
    }

    #[test]
    fn the_national_form_is_stored_in_e164() {
        assert_eq!(e164("081234567890"), "+6281234567890");
    }

    #[test]
    fn the_three_written_forms_are_the_same_number() {
        for form in ["081234567890", "6281234567890", "+6281234567890"] {
            assert_eq!(e164(form), "+6281234567890", "{form}");
        }
    }

    #[test]
    fn spaces_dashes_dots_and_parentheses_are_ignored() {
        for form in [
            "0812-3456-7890",
            "0812 3456 7890",
            "0812.3456.7890",
            "(0812) 3456-7890",
            "+62 812 3456 7890",
            "+62 (812) 3456.7890",
            "(+62) 812-3456-7890",
            " 62-812-3456-7890 ",
        ] {
            assert_eq!(e164(form), "+6281234567890", "{form}");
        }
    }

    #[test]
    fn ten_to_thirteen_digits_with_the_leading_zero_are_accepted() {
        assert_eq!(e164("0812345678"), "+62812345678");
        assert_eq!(e164("0812345678901"), "+62812345678901");
        assert_eq!(PhoneNumber::parse("081234567"), Err(ErrorCode::PhoneFormat));
        assert_eq!(
            PhoneNumber::parse("08123456789012"),
            Err(ErrorCode::PhoneFormat)
        );
        assert_eq!(
            PhoneNumber::parse("+62812345678901"),
            Ok(PhoneNumber("+62812345678901".into()))
        );
        assert_eq!(
            PhoneNumber::parse("+628123456789012"),
            Err(ErrorCode::PhoneFormat)
        );
    }

    #[test]
    fn other_characters_and_prefixes_are_format_errors() {
        for bad in [
            "",
            "+",
            "0",
            "62",
            "+62",
            "81234567890",    // no prefix at all
            "+0812345678",    // `+` without the country code
            "+6181234567890", // another country
            "0812345678a",
            "0812/3456/7890",
            "0812+34567890",
            "++6281234567890",
            "+62 0812 3456 7890", // both forms at once
            "٠٨١٢٣٤٥٦٧٨٩٠",
        ] {
            assert_eq!(
                PhoneNumber::parse(bad),
                Err(ErrorCode::PhoneFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_landline_is_not_a_mobile_number() {
        for landline in [
            "021 5555 1234",
            "+62 21 5555 1234",
            "6222 1234567",
            "0274 123456",
        ] {
            assert_eq!(
                PhoneNumber::parse(landline),
                Err(ErrorCode::PhoneNotMobile),
                "{landline}"
            );
        }
    }

    #[test]
    fn the_national_form_and_masks() {
        let phone = PhoneNumber::parse("+6281234567890").unwrap();
        assert_eq!(phone.national(), "081234567890");
        assert_eq!(phone.masked(), "+62 812****7890");
        assert_eq!(phone.masked_national(), "0812****7890");
        assert_eq!(phone.to_string(), "+6281234567890");
        let short = PhoneNumber::parse("0812345678").unwrap();
        assert_eq!(short.masked(), "+62 812****5678");
    }

    fn separator() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["", "", "", " ", "-", ".", "(", ")", " - "])
    }

    /// `text` with a random separator before each character.
    fn scatter(text: &str, separators: &[&str]) -> String {
        text.chars()
            .zip(separators.iter().cycle())
            .flat_map(|(c, s)| s.chars().chain(core::iter::once(c)))
            .collect()
    }

    proptest! {
        #[test]
        fn the_three_forms_with_any_separators_normalise_alike(
            rest in "[0-9]{8,11}",
            form in 0usize..3,
            separators in prop::collection::vec(separator(), 16),
        ) {
            let nsn = format!("8{rest}");
            let written = match form {
                0 => format!("0{nsn}"),
                1 => format!("62{nsn}"),
                _ => format!("+62{nsn}"),
            };
            // The `+` must stay first, so separators go after it.
            let (plus, digits) = written.split_at(usize::from(form == 2));
            let input = format!("{plus}{}", scatter(digits, &separators));
            let phone = PhoneNumber::parse(&input).unwrap();
            prop_assert_eq!(phone.as_e164(), format!("+62{nsn}"));
            prop_assert_eq!(phone.national(), format!("0{nsn}"));
            prop_assert_eq!(PhoneNumber::parse(phone.as_e164()), Ok(phone.clone()));
            prop_assert_eq!(PhoneNumber::parse(&phone.national()), Ok(phone.clone()));
        }

        #[test]
        fn numbers_without_the_8_are_not_mobile(first in "[1-79]", rest in "[0-9]{6,11}") {
            prop_assert_eq!(
                PhoneNumber::parse(&format!("0{first}{rest}")),
                Err(ErrorCode::PhoneNotMobile)
            );
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            if let Ok(phone) = PhoneNumber::parse(&input) {
                prop_assert_eq!(PhoneNumber::parse(phone.as_e164()), Ok(phone.clone()));
                let _ = (phone.masked(), phone.masked_national());
            }
        }

        #[test]
        fn parse_never_panics_on_phone_like_input(input in "[+0-9 ().-]{0,20}") {
            if let Ok(phone) = PhoneNumber::parse(&input) {
                prop_assert!(phone.as_e164().starts_with("+628"));
                prop_assert!((12..=15).contains(&phone.as_e164().len()));
            }
        }
    }
}
