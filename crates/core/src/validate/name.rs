//! A person's name as written on the e-KTP.

use crate::ErrorCode;

/// The longest name accepted, in characters (the e-KTP's field holds
/// fewer).
pub const NAME_MAX_CHARS: usize = 100;

/// A person's full name as on the e-KTP: letters of any script, spaces,
/// and the `'`, `.`, `,` and `-` some names carry (`I Gusti Ngurah`,
/// `Siti Nur'aini`, `R.A. Kartini`, `Abdul-Rahman`). Whitespace is trimmed
/// and runs of it become one space; the case is kept as typed (the
/// registry's comparison ignores it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    /// Errors: [`ErrorCode::NameEmpty`] for nothing but whitespace,
    /// [`ErrorCode::NameTooLong`] above 100 characters,
    /// [`ErrorCode::NameInvalid`] for digits or other symbols, or a name
    /// without a single letter.
    pub fn parse(input: &str) -> Result<PersonName, ErrorCode> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(ErrorCode::NameEmpty);
        }
        if name.chars().count() > NAME_MAX_CHARS {
            return Err(ErrorCode::NameTooLong);
        }
        let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '\'' | '.' | ',' | '-');
        if !name.chars().all(allowed) || !name.chars().any(char::is_alphabetic) {
            return Err(ErrorCode::NameInvalid);
        }
        Ok(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_printed_on_cards_are_accepted_and_tidied() {
        for (typed, kept) in [
            ("BUDI SANTOSO", "BUDI SANTOSO"),
            ("  Siti   Nur'aini ", "Siti Nur'aini"),
            ("R.A. Kartini", "R.A. Kartini"),
            ("Abdul-Rahman, S.Kom", "Abdul-Rahman, S.Kom"),
            ("Sukarno", "Sukarno"),
        ] {
            assert_eq!(PersonName::parse(typed).unwrap().as_str(), kept);
        }
    }

    #[test]
    fn anything_else_says_what_is_wrong() {
        assert_eq!(PersonName::parse(" \t "), Err(ErrorCode::NameEmpty));
        assert_eq!(PersonName::parse("Budi 2"), Err(ErrorCode::NameInvalid));
        assert_eq!(PersonName::parse("<script>"), Err(ErrorCode::NameInvalid));
        assert_eq!(PersonName::parse("..."), Err(ErrorCode::NameInvalid));
        assert_eq!(
            PersonName::parse(&"a".repeat(101)),
            Err(ErrorCode::NameTooLong)
        );
    }
}
