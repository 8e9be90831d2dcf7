//! New passwords, and an advisory strength hint for the password field.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// NIST SP 800-63B and the programme's rules: at least 8 characters.
pub const MIN_CHARS: usize = 8;
/// Generous enough for passphrases and password managers (the rules ask for
/// at least 64), short enough that hashing a submitted value stays cheap.
pub const MAX_CHARS: usize = 128;

/// The most common passwords of at least [`MIN_CHARS`] characters, one per
/// line, in lower case: the usual worldwide leaders ("password",
/// "12345678", "iloveyou", keyboard walks) and the ones Indonesians pick
/// (religious phrases, "sayang123", "indonesia", and of course the
/// programme's own name). Shorter ones never get this far.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Whether `password` is on the common list, ignoring case ("Password123"
/// is as guessable as "password123"). The list is ASCII, so ASCII
/// lower-casing is enough and avoids Unicode case tables in the bundle.
///
/// A plain scan: a few hundred short comparisons per keystroke take
/// microseconds, while sorting the list for a binary search brought a sort
/// routine (2 KB) into the browser bundle.
fn is_common(password: &str) -> bool {
    let lower = password.to_ascii_lowercase();
    COMMON_PASSWORDS.lines().any(|line| line.trim() == lower)
}

/// The 10,000 most common passwords of at least [`MIN_CHARS`] characters
/// from a list of real leaked passwords in order of frequency (the npm
/// package `@zxcvbn-ts/language-common` 4.1.3, MIT; see `NOTICE`), lower
/// case, sorted. Written by `cargo xtask gen-common-passwords`, which
/// `cargo xtask test` runs with `--check`.
///
/// 93 KB of text, about 40 KB of brotli: more than the browser bundle can
/// carry, so it exists only with the `long-password-list` feature, which
/// the API turns on and the SPA does not. The SPA keeps the short list.
#[cfg(feature = "long-password-list")]
const LONG_COMMON_PASSWORDS: &str = include_str!("common_passwords_long.txt");

/// Whether `password` is on the long list, ignoring case. The list is
/// sorted, so a binary search over its lines, split once.
#[cfg(feature = "long-password-list")]
fn is_on_long_list(password: &str) -> bool {
    use std::sync::LazyLock;
    static LINES: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| LONG_COMMON_PASSWORDS.lines().collect());
    let lower = password.to_ascii_lowercase();
    LINES.binary_search(&lower.as_str()).is_ok()
}

/// A new password that meets the rules: 8 to 128 characters (counted as
/// characters, not bytes, so Indonesian and emoji passwords are measured as
/// people see them) and not one of the most common passwords. There are no
/// composition rules: they make passwords harder to remember, not to guess.
///
/// The password is kept exactly as typed, spaces included: a passphrase's
/// spaces are part of it, and trimming here but not at login would lock
/// people out.
///
/// Use this for a password being *set* (registration, change, reset). A
/// password being *checked* (login, the old password in a change) must not
/// go through `parse`: it was valid under the rules of its day, and refusing
/// it with "too common" would tell an attacker something and lock the owner
/// out.
///
/// `Debug` never shows the password, so it cannot leak into logs.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String)
)]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Password(String);

impl Password {
    pub fn parse(input: &str) -> Result<Password, ErrorCode> {
        let chars = input.chars().count();
        if chars < MIN_CHARS {
            return Err(ErrorCode::PasswordTooShort);
        }
        if chars > MAX_CHARS {
            return Err(ErrorCode::PasswordTooLong);
        }
        if is_common(input) {
            return Err(ErrorCode::PasswordTooCommon);
        }
        Ok(Password(input.to_owned()))
    }

    /// [`Password::parse`], and then the long list of common passwords
    /// too: the check the API runs on every password being set
    /// (registration, change, reset). The browser runs only `parse`, with
    /// the short list, so a password that passed there can still be
    /// refused here with `password_too_common`, next to the field.
    #[cfg(feature = "long-password-list")]
    pub fn parse_strict(input: &str) -> Result<Password, ErrorCode> {
        let password = Password::parse(input)?;
        if is_on_long_list(input) {
            return Err(ErrorCode::PasswordTooCommon);
        }
        Ok(password)
    }

    /// The password as typed, for hashing.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The advisory [`strength`] of this password.
    pub fn strength(&self) -> Strength {
        strength(&self.0)
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

impl TryFrom<String> for Password {
    type Error = ErrorCode;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Password::parse(&value)
    }
}

impl From<Password> for String {
    fn from(password: Password) -> String {
        password.0
    }
}

/// How hard a password looks to guess, for the hint under the password
/// field. Purely advisory: any password [`Password::parse`] accepts may be
/// used, whatever its strength.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    Weak,
    Fair,
    Strong,
}

/// A rough strength estimate: length matters most (a long passphrase is
/// strong without any digits), variety of character kinds helps a shorter
/// password, and anything too short, common or repetitive is weak.
///
/// It takes any string, not a [`Password`], because the hint is shown while
/// the person is still typing.
pub fn strength(password: &str) -> Strength {
    let chars = password.chars().count();
    if !(MIN_CHARS..=MAX_CHARS).contains(&chars) || is_common(password) {
        return Strength::Weak;
    }

    // Kinds of characters present: lower case, upper case, digits, other.
    // ASCII classification keeps Unicode tables out of the browser bundle;
    // non-ASCII letters count as "other", which only makes them help.
    let mut kinds = [false; 4];
    for c in password.chars() {
        let kind = match c {
            'a'..='z' => 0,
            'A'..='Z' => 1,
            '0'..='9' => 2,
            _ => 3,
        };
        kinds[kind] = true;
    }
    let kinds = kinds.iter().filter(|&&k| k).count();

    // "aaaaaaaaaaaa" or "abababab12" is long but not varied.
    // Counted without sorting, which would bring a sort routine into the
    // browser bundle; it stops at the five that matter.
    let mut distinct: Vec<char> = Vec::with_capacity(5);
    for c in password.chars() {
        if distinct.len() == 5 {
            break;
        }
        if !distinct.contains(&c) {
            distinct.push(c);
        }
    }
    if distinct.len() < 5 {
        return Strength::Weak;
    }

    if chars >= 16 || (chars >= 12 && kinds >= 3) {
        Strength::Strong
    } else if chars >= 10 || kinds >= 2 {
        Strength::Fair
    } else {
        Strength::Weak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common_passwords() -> Vec<&'static str> {
        COMMON_PASSWORDS.lines().collect()
    }
    use proptest::prelude::*;

    #[test]
    fn eight_characters_are_enough() {
        assert!(Password::parse("kopi susu").is_ok());
        assert!(Password::parse("xk3!9zQp").is_ok());
    }

    #[test]
    fn fewer_than_eight_characters_are_too_short() {
        assert_eq!(Password::parse(""), Err(ErrorCode::PasswordTooShort));
        assert_eq!(Password::parse("xk3!9zQ"), Err(ErrorCode::PasswordTooShort));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Seven characters, but more than eight bytes.
        assert_eq!(Password::parse("rahasiá"), Err(ErrorCode::PasswordTooShort));
        assert!(Password::parse("kucing🐱🐱🐱").is_ok());
        assert!(Password::parse(&"é".repeat(MAX_CHARS)).is_ok());
        assert_eq!(
            Password::parse(&"é".repeat(MAX_CHARS + 1)),
            Err(ErrorCode::PasswordTooLong)
        );
    }

    #[test]
    fn more_than_128_characters_are_too_long() {
        let passphrase = "kopi susu gula aren ".repeat(7);
        assert_eq!(Password::parse(&passphrase[..128]).map(|_| ()), Ok(()));
        assert_eq!(
            Password::parse(&passphrase[..129]),
            Err(ErrorCode::PasswordTooLong)
        );
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        for common in [
            "password",
            "12345678",
            "123456789",
            "qwertyuiop",
            "iloveyou",
            "bismillah",
            "sayang123",
            "Indonesia",
            "12345678910",
            "KATASANDI",
            "rahasia123",
            "prakerja",
            "KartuPrakerja",
            "prakerja123",
        ] {
            assert_eq!(
                Password::parse(common),
                Err(ErrorCode::PasswordTooCommon),
                "{common}"
            );
        }
    }

    #[test]
    fn a_common_password_with_something_added_is_accepted() {
        // No composition rules and no fuzzy matching: the list is a floor.
        assert!(Password::parse("password-kopi-susu").is_ok());
        assert!(Password::parse(" password").is_ok());
    }

    #[test]
    fn the_password_is_kept_exactly_as_typed() {
        let password = Password::parse("  Kopi Susu  ").unwrap();
        assert_eq!(password.as_str(), "  Kopi Susu  ");
    }

    #[test]
    fn debug_never_shows_the_password() {
        let password = Password::parse("xk3!9zQp-secret").unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
        assert!(!format!("{:?}", Some(&password)).contains("secret"));
    }

    #[test]
    fn the_shipped_list_is_lower_case_ascii_long_enough_and_sizeable() {
        let list = common_passwords();
        assert!(list.len() >= 300, "{}", list.len());
        for entry in &list {
            assert!(entry.is_ascii(), "{entry}");
            assert_eq!(entry.to_ascii_lowercase(), **entry);
            assert_eq!(entry.trim(), *entry);
            assert!(
                entry.len() >= MIN_CHARS,
                "{entry} can never be typed as a valid password"
            );
            assert!(!entry.contains(char::is_whitespace), "{entry}");
        }
        assert!(
            list.windows(2).all(|w| w[0] < w[1]),
            "duplicates in the list"
        );
    }

    #[test]
    fn the_shipped_file_is_kept_sorted_for_review() {
        let lines: Vec<&str> = COMMON_PASSWORDS.lines().collect();
        assert!(lines.windows(2).all(|w| w[0] < w[1]));
    }

    #[cfg(feature = "long-password-list")]
    #[test]
    fn the_long_list_holds_ten_thousand_normalised_entries_in_order() {
        let list: Vec<&str> = LONG_COMMON_PASSWORDS.lines().collect();
        assert_eq!(list.len(), 10_000);
        for entry in &list {
            assert!(entry.is_ascii(), "{entry}");
            assert_eq!(entry.to_ascii_lowercase(), **entry);
            assert!(entry.len() >= MIN_CHARS, "{entry}");
            assert!(!entry.contains(char::is_whitespace), "{entry}");
        }
        // Sorted and unique: the binary search depends on it.
        assert!(list.windows(2).all(|w| w[0] < w[1]));
    }

    #[cfg(feature = "long-password-list")]
    #[test]
    fn the_strict_check_refuses_the_long_list_in_any_case_and_the_short_list_too() {
        // On the long list only: the browser's `parse` lets them through.
        for common in [
            "Jennifer1",
            "PASSWORD2",
            "superman1",
            "Qwerty12345",
            "tryagain",
        ] {
            assert!(is_on_long_list(common), "{common}");
            assert!(!is_common(common), "{common} is on the short list too");
            assert!(Password::parse(common).is_ok(), "{common}");
            assert_eq!(
                Password::parse_strict(common),
                Err(ErrorCode::PasswordTooCommon),
                "{common}"
            );
        }
        // The short list's Indonesian entries are not all on the long one;
        // the strict check refuses them still.
        for common in ["sayang123", "Prakerja"] {
            assert!(!is_on_long_list(common), "{common}");
            assert_eq!(
                Password::parse_strict(common),
                Err(ErrorCode::PasswordTooCommon),
                "{common}"
            );
        }
        assert_eq!(
            Password::parse_strict("short"),
            Err(ErrorCode::PasswordTooShort)
        );
        let password = Password::parse_strict("kopi susu gula aren").unwrap();
        assert_eq!(password.as_str(), "kopi susu gula aren");
    }

    #[test]
    fn short_common_or_repetitive_passwords_are_weak() {
        assert_eq!(strength(""), Strength::Weak);
        assert_eq!(strength("Xk3!9zQ"), Strength::Weak);
        assert_eq!(strength("Password123"), Strength::Weak);
        assert_eq!(strength("aaaaaaaaaaaaaaaaaaaa"), Strength::Weak);
        assert_eq!(strength("abababab1212"), Strength::Weak);
        assert_eq!(strength("kopisusu"), Strength::Weak);
    }

    #[test]
    fn variety_or_length_makes_a_password_fair() {
        assert_eq!(strength("kopisusu12"), Strength::Fair);
        assert_eq!(strength("kopigulaaren"), Strength::Fair);
        assert_eq!(strength("Kopisusu"), Strength::Fair);
    }

    #[test]
    fn long_passphrases_and_varied_passwords_are_strong() {
        assert_eq!(strength("kopi susu gula aren"), Strength::Strong);
        assert_eq!(strength("Kopisusu2024"), Strength::Strong);
        assert_eq!(
            Password::parse("Kopisusu2024").unwrap().strength(),
            Strength::Strong
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_round_trips(input in any::<String>()) {
            if let Ok(password) = Password::parse(&input) {
                prop_assert_eq!(password.as_str(), input.as_str());
                prop_assert_eq!(Password::parse(password.as_str()), Ok(password.clone()));
            }
            let _ = strength(&input);
        }

        #[test]
        fn every_accepted_length_is_8_to_128_characters(len in 0usize..200) {
            let input: String = "Zq9!".chars().cycle().take(len).collect();
            let expected = if len < 8 {
                Err(ErrorCode::PasswordTooShort)
            } else if len > 128 {
                Err(ErrorCode::PasswordTooLong)
            } else {
                Ok(())
            };
            prop_assert_eq!(Password::parse(&input).map(|_| ()), expected);
        }

        #[test]
        fn common_passwords_are_refused_whatever_the_capitals(
            index in 0usize..300,
            flips in prop::collection::vec(any::<bool>(), 32),
        ) {
            let list = common_passwords();
            let entry = list[index % list.len()];
            let mixed: String = entry
                .chars()
                .zip(flips.iter().cycle())
                .map(|(c, &up)| if up { c.to_ascii_uppercase() } else { c })
                .collect();
            prop_assert_eq!(Password::parse(&mixed), Err(ErrorCode::PasswordTooCommon));
            prop_assert_eq!(strength(&mixed), Strength::Weak);
        }

        #[test]
        fn a_longer_password_is_never_weaker_than_its_prefix_when_both_are_accepted(
            base in "[a-zA-Z0-9]{8,20}",
            extra in "[a-zA-Z0-9!]{1,10}",
        ) {
            let longer = format!("{base}{extra}");
            if Password::parse(&base).is_ok() && Password::parse(&longer).is_ok() {
                prop_assert!(strength(&longer) >= strength(&base));
            }
        }
    }
}
