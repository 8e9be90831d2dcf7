//! Parse-don't-validate newtypes for everything a person types.
//!
//! Each type's only constructor is `parse` (the date of birth has a second,
//! [`DateOfBirth::parse_shape`], for deserialising), returning the
//! [`ErrorCode`](crate::ErrorCode) the SPA shows next to the field. The SPA
//! runs the same parsers on every keystroke that the API runs on every
//! request, so a value the browser accepts is a value the server accepts.
//!
//! Every type serialises as its normalised string and deserialises through
//! its parser, so a request body with a bad value is refused by serde itself.

mod dob;
mod email;
mod kk;
mod name;
mod nik;
mod otp;
mod password;
mod phone;

pub use dob::{DateOfBirth, MAX_AGE, MIN_AGE};
pub use email::Email;
pub use kk::KkNumber;
pub use name::{NAME_MAX_CHARS, PersonName};
pub use nik::{Nik, Sex};
pub use otp::{OTP_DIGITS, OtpCode};
pub use password::{
    MAX_CHARS as PASSWORD_MAX_CHARS, MIN_CHARS as PASSWORD_MIN_CHARS, Password, Strength, strength,
};
pub use phone::PhoneNumber;

/// The input without any whitespace, for numbers people copy from cards and
/// messages with spaces (including the no-break spaces some phones insert).
fn without_whitespace(input: &str) -> String {
    input.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether the first two digits of a NIK or KK number name an Indonesian
/// province, by the Ministry of Home Affairs' codes (Permendagri 72/2019 and
/// its updates), including the Papua provinces created in 2022 (93-97).
fn is_province_code(code: u8) -> bool {
    matches!(code, 11..=19 | 21 | 31..=36 | 51..=53 | 61..=65 | 71..=76 | 81 | 82 | 91..=97)
}

/// Whether the first six digits (ASCII, already checked) are a plausible
/// district code: a real province, then a regency and a district that are
/// not `00`.
fn is_region_code(digits: &[u8]) -> bool {
    let pair = |i: usize| (digits[i] - b'0') * 10 + (digits[i + 1] - b'0');
    digits.len() >= 6 && is_province_code(pair(0)) && pair(2) != 0 && pair(4) != 0
}

/// `text` with every character between the first `keep_start` and the last
/// `keep_end` replaced by a fixed run of `stars` asterisks. `text` is ASCII
/// (callers pass normalised numbers), so byte indices are character indices.
fn mask_middle(text: &str, keep_start: usize, stars: usize, keep_end: usize) -> String {
    let start = &text[..keep_start.min(text.len())];
    let end = &text[text.len().saturating_sub(keep_end).max(start.len())..];
    let mut out = String::with_capacity(start.len() + stars + end.len());
    out.push_str(start);
    out.extend(core::iter::repeat_n('*', stars));
    out.push_str(end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_of_every_kind_is_removed() {
        assert_eq!(without_whitespace(" 32 01\t01\u{a0}0101 "), "3201010101");
    }

    #[test]
    fn province_codes_include_the_new_papua_provinces() {
        for code in [
            11, 19, 21, 31, 36, 51, 53, 61, 65, 71, 76, 81, 82, 91, 93, 95, 96, 97,
        ] {
            assert!(is_province_code(code), "{code}");
        }
        for code in [
            0, 10, 20, 22, 30, 37, 50, 54, 60, 66, 70, 77, 80, 83, 90, 98, 99,
        ] {
            assert!(!is_province_code(code), "{code}");
        }
    }

    #[test]
    fn region_codes_need_a_regency_and_a_district() {
        assert!(is_region_code(b"320101"));
        assert!(!is_region_code(b"320001"));
        assert!(!is_region_code(b"320100"));
        assert!(!is_region_code(b"990101"));
        assert!(!is_region_code(b"3201"));
    }

    #[test]
    fn masking_keeps_the_ends_and_hides_the_length() {
        assert_eq!(mask_middle("3201012345670001", 4, 8, 4), "3201********0001");
        assert_eq!(mask_middle("abc", 4, 3, 4), "abc***");
    }
}

#[cfg(all(test, feature = "openapi"))]
mod openapi_tests {
    use utoipa::PartialSchema;
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{Schema, SchemaType, Type};

    fn is_string(schema: RefOr<Schema>) -> bool {
        let string = SchemaType::Type(Type::String);
        matches!(schema, RefOr::T(Schema::Object(object)) if object.schema_type == string)
    }

    #[test]
    fn every_validated_value_is_documented_as_the_string_it_serialises_to() {
        assert!(is_string(super::Email::schema()));
        assert!(is_string(super::Password::schema()));
        assert!(is_string(super::Nik::schema()));
        assert!(is_string(super::KkNumber::schema()));
        assert!(is_string(super::PhoneNumber::schema()));
        assert!(is_string(super::OtpCode::schema()));
        assert!(is_string(super::DateOfBirth::schema()));
    }
}
