//! One-time codes, as typed by the person.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::without_whitespace;
use crate::ErrorCode;

/// The number of digits in the codes this product sends.
pub const OTP_DIGITS: usize = 6;

/// A one-time code in the shape the product sends: exactly six digits.
///
/// Spaces are dropped (people copy `123 456` from an SMS). This says nothing
/// about whether the code is right; the API compares it with the stored hash.
/// `Debug` never shows the code.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, example = "042917")
)]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OtpCode(String);

impl OtpCode {
    pub fn parse(input: &str) -> Result<OtpCode, ErrorCode> {
        let digits = without_whitespace(input);
        if digits.len() != OTP_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ErrorCode::OtpFormat);
        }
        Ok(OtpCode(digits))
    }

    /// The six digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for OtpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OtpCode(***)")
    }
}

impl TryFrom<String> for OtpCode {
    type Error = ErrorCode;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        OtpCode::parse(&value)
    }
}

impl From<OtpCode> for String {
    fn from(code: OtpCode) -> String {
        code.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn six_digits_are_a_code() {
        assert_eq!(OtpCode::parse("042917").unwrap().as_str(), "042917");
    }

    #[test]
    fn surrounding_and_inner_spaces_are_dropped() {
        assert_eq!(OtpCode::parse(" 042 917\n").unwrap().as_str(), "042917");
        assert_eq!(OtpCode::parse("0 4 2 9 1 7").unwrap().as_str(), "042917");
    }

    #[test]
    fn anything_but_six_digits_is_a_format_error() {
        for bad in [
            "",
            "04291",
            "0429170",
            "4291",
            "04291a",
            "042-917",
            "٠٤٢٩١٧",
            "+42917",
        ] {
            assert_eq!(OtpCode::parse(bad), Err(ErrorCode::OtpFormat), "{bad}");
        }
    }

    #[test]
    fn debug_never_shows_the_code() {
        let code = OtpCode::parse("042917").unwrap();
        assert_eq!(format!("{code:?}"), "OtpCode(***)");
    }

    proptest! {
        #[test]
        fn any_six_digits_with_spaces_parse(digits in "[0-9]{6}", pad in " {0,3}") {
            let spaced = format!("{pad}{}{pad}{}{pad}", &digits[..3], &digits[3..]);
            let code = OtpCode::parse(&spaced).unwrap();
            prop_assert_eq!(code.as_str(), digits.as_str());
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            if let Ok(code) = OtpCode::parse(&input) {
                prop_assert_eq!(OtpCode::parse(code.as_str()), Ok(code.clone()));
            }
        }
    }
}
