//! KK number, the 16-digit number of the family card (Kartu Keluarga).

use core::fmt;

use serde::{Deserialize, Serialize};

use super::{is_region_code, mask_middle, without_whitespace};
use crate::ErrorCode;

/// A well-formed KK number: 16 digits starting with a plausible six-digit
/// region code (a real province, regency and district not `00`).
///
/// A KK number changes when a family moves district or splits, so it
/// identifies a card, never a person or an account: do not use it as a key.
///
/// `Debug` shows only the masked form, as for the NIK: it is personal data.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, example = "3201012505170003")
)]
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KkNumber(String);

impl KkNumber {
    /// Reads a KK number typed or pasted with or without spaces.
    ///
    /// Errors: not 16 digits: [`ErrorCode::KkFormat`]; an impossible region
    /// code: [`ErrorCode::KkRegion`].
    pub fn parse(input: &str) -> Result<KkNumber, ErrorCode> {
        let digits = without_whitespace(input);
        if digits.len() != 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ErrorCode::KkFormat);
        }
        if !is_region_code(digits.as_bytes()) {
            return Err(ErrorCode::KkRegion);
        }
        Ok(KkNumber(digits))
    }

    /// The 16 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit region code the card was issued in.
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    /// The number as shown back to its owner: `3201********0003`.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 4, 8, 4)
    }
}

impl fmt::Debug for KkNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KkNumber({})", self.masked())
    }
}

impl TryFrom<String> for KkNumber {
    type Error = ErrorCode;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        KkNumber::parse(&value)
    }
}

impl From<KkNumber> for String {
    fn from(kk: KkNumber) -> String {
        kk.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_kk_number_is_16_digits_after_a_region_code() {
        let kk = KkNumber::parse("3201012505170003").unwrap();
        assert_eq!(kk.as_str(), "3201012505170003");
        assert_eq!(kk.region_code(), "320101");
    }

    #[test]
    fn spaces_are_ignored() {
        let kk = KkNumber::parse("3201 0125 0517 0003").unwrap();
        assert_eq!(kk.as_str(), "3201012505170003");
    }

    #[test]
    fn anything_but_16_digits_is_a_format_error() {
        for bad in [
            "",
            "320101250517000",
            "32010125051700031",
            "32010125051700O3",
            "3201-0125-0517",
        ] {
            assert_eq!(KkNumber::parse(bad), Err(ErrorCode::KkFormat), "{bad}");
        }
    }

    #[test]
    fn an_impossible_region_code_is_a_region_error() {
        for bad in [
            "1001012505170003",
            "3200012505170003",
            "3201002505170003",
            "9801012505170003",
        ] {
            assert_eq!(KkNumber::parse(bad), Err(ErrorCode::KkRegion), "{bad}");
        }
    }

    #[test]
    fn the_masked_form_keeps_four_digits_at_each_end() {
        let kk = KkNumber::parse("3201012505170003").unwrap();
        assert_eq!(kk.masked(), "3201********0003");
        assert_eq!(format!("{kk:?}"), "KkNumber(3201********0003)");
    }

    proptest! {
        #[test]
        fn parse_never_panics(input in any::<String>()) {
            if let Ok(kk) = KkNumber::parse(&input) {
                prop_assert_eq!(KkNumber::parse(kk.as_str()), Ok(kk.clone()));
            }
        }

        #[test]
        fn digit_strings_parse_to_themselves_or_fail(input in "[0-9 ]{14,20}") {
            if let Ok(kk) = KkNumber::parse(&input) {
                prop_assert_eq!(kk.as_str(), input.replace(' ', ""));
            }
        }
    }
}
