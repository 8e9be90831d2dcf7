//! Email addresses.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// The longest address SMTP can carry in a path (RFC 5321, 4.5.3.1.3).
const MAX_LEN: usize = 254;
/// The longest local part (RFC 5321, 4.5.3.1.1).
const MAX_LOCAL_LEN: usize = 64;
/// The longest DNS label (RFC 1035).
const MAX_LABEL_LEN: usize = 63;

/// A plausible email address, normalised to lower case.
///
/// The whole address is lower-cased, not only the domain. RFC 5321 lets a
/// server treat `Budi@` and `budi@` as different mailboxes, but no mail
/// service applicants use does, and applicants type their address with
/// whatever capitals their phone's keyboard adds. The programme compares
/// addresses case-insensitively (one account per address) and stores them
/// in this normalised form, so normalising here is what makes "already
/// registered" and "log in" agree.
///
/// The check is deliberately practical, not RFC 5322 complete: the dot-atom
/// form of the local part (no quoted strings, no comments) and a DNS host
/// name with an alphabetic top-level domain (no IP literals). Those are the
/// addresses that real mail providers hand out; the verification email is
/// the real test.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, example = "budi@gmail.com")
)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, ErrorCode> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ErrorCode::EmailEmpty);
        }
        if input.chars().count() > MAX_LEN {
            return Err(ErrorCode::EmailTooLong);
        }
        let (local, domain) = input.split_once('@').ok_or(ErrorCode::EmailInvalid)?;
        if !is_local_part(local) || !is_domain(domain) {
            return Err(ErrorCode::EmailInvalid);
        }
        // Everything left is ASCII, so the ASCII lower-casing is complete.
        Ok(Email(input.to_ascii_lowercase()))
    }

    /// The normalised (lower-case) address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.split().0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.split().1
    }

    /// The address as shown on screens and in SMS that say where a message
    /// went: `bu***@gmail.com`. The domain stays readable so the person
    /// knows which mailbox to open; the local part shows only its first two
    /// characters (one when it has three or fewer, so that a short name is
    /// not given away).
    pub fn masked(&self) -> String {
        let (local, domain) = self.split();
        let shown = if local.len() > 3 { 2 } else { 1 };
        format!("{}***@{domain}", &local[..shown])
    }

    /// The mailbox this address delivers to, as far as the address shows:
    /// a `+tag` dropped from the local part (`budi+prakerja@` and `budi@`
    /// reach one inbox at every large provider), and for Gmail the dots in
    /// the local part dropped and `googlemail.com` written `gmail.com`
    /// (Gmail ignores both). So `b.udi+x@googlemail.com` gives
    /// `budi@gmail.com`.
    ///
    /// Only for keys that count what happens to one inbox (rate limits): it
    /// is never stored or shown, and never decides which account an address
    /// belongs to, because other providers may treat dots and tags as part
    /// of the name.
    pub fn mailbox_key(&self) -> String {
        let (local, domain) = self.split();
        // A local part that is all tag ("+x@") keeps it: nothing else
        // would be left to name the inbox.
        let local = match local.split_once('+') {
            Some((name, _)) if !name.is_empty() => name,
            _ => local,
        };
        if domain == "gmail.com" || domain == "googlemail.com" {
            let name: String = local.chars().filter(|&c| c != '.').collect();
            // A Gmail name is never only dots (`parse` refuses that anyway).
            format!("{name}@gmail.com")
        } else {
            format!("{local}@{domain}")
        }
    }

    fn split(&self) -> (&str, &str) {
        // `parse` guarantees exactly one `@`.
        self.0.split_once('@').unwrap_or((&self.0, ""))
    }
}

/// The dot-atom local part: 1-64 characters from the RFC 5322 `atext` set,
/// with dots only between them.
fn is_local_part(local: &str) -> bool {
    const SPECIALS: &[u8] = b"!#$%&'*+/=?^_`{|}~-";
    (1..=MAX_LOCAL_LEN).contains(&local.len())
        && local.split('.').all(|atom| {
            !atom.is_empty()
                && atom
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || SPECIALS.contains(&b))
        })
}

/// A host name of at least two labels, each 1-63 letters, digits and inner
/// hyphens, ending with an alphabetic top-level domain of 2 or more letters.
fn is_domain(domain: &str) -> bool {
    let labels = domain.split('.');
    let tld = domain.rsplit('.').next().unwrap_or("");
    domain.contains('.')
        && labels.clone().all(is_label)
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
}

fn is_label(label: &str) -> bool {
    (1..=MAX_LABEL_LEN).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = ErrorCode;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_plain_address_is_accepted_as_typed() {
        let email = Email::parse("budi.santoso@gmail.com").unwrap();
        assert_eq!(email.as_str(), "budi.santoso@gmail.com");
        assert_eq!(email.local_part(), "budi.santoso");
        assert_eq!(email.domain(), "gmail.com");
        assert_eq!(email.to_string(), "budi.santoso@gmail.com");
    }

    #[test]
    fn surrounding_whitespace_is_trimmed_and_the_address_lower_cased() {
        let email = Email::parse("  Budi.Santoso@GMail.CO.ID \n").unwrap();
        assert_eq!(email.as_str(), "budi.santoso@gmail.co.id");
    }

    #[test]
    fn an_empty_or_blank_address_is_empty() {
        assert_eq!(Email::parse(""), Err(ErrorCode::EmailEmpty));
        assert_eq!(Email::parse("   "), Err(ErrorCode::EmailEmpty));
    }

    #[test]
    fn an_address_over_254_characters_is_too_long() {
        let label = "a".repeat(60);
        let long = format!("budixx@{label}.{label}.{label}.{label}.com");
        assert_eq!(long.len(), 254);
        assert!(Email::parse(&long).is_ok());
        let longer = format!("x{long}");
        assert_eq!(Email::parse(&longer), Err(ErrorCode::EmailTooLong));
    }

    #[test]
    fn the_at_sign_must_appear_exactly_once() {
        assert_eq!(Email::parse("budi.gmail.com"), Err(ErrorCode::EmailInvalid));
        assert_eq!(
            Email::parse("budi@@gmail.com"),
            Err(ErrorCode::EmailInvalid)
        );
        assert_eq!(
            Email::parse("bu@di@gmail.com"),
            Err(ErrorCode::EmailInvalid)
        );
    }

    #[test]
    fn the_local_part_allows_the_dot_atom_characters() {
        assert!(Email::parse("o'brien+prakerja@example.id").is_ok());
        assert!(Email::parse("a!#$%&'*+/=?^_`{|}~-b@example.id").is_ok());
        assert!(Email::parse("a@example.id").is_ok());
    }

    #[test]
    fn the_local_part_refuses_bad_dots_spaces_and_other_characters() {
        for bad in [
            "@gmail.com",
            ".budi@gmail.com",
            "budi.@gmail.com",
            "bu..di@gmail.com",
            "bu di@gmail.com",
            "budi\"@gmail.com",
            "budi,s@gmail.com",
            "bùdi@gmail.com",
        ] {
            assert_eq!(Email::parse(bad), Err(ErrorCode::EmailInvalid), "{bad}");
        }
    }

    #[test]
    fn the_local_part_is_at_most_64_characters() {
        assert!(Email::parse(&format!("{}@gmail.com", "a".repeat(64))).is_ok());
        assert_eq!(
            Email::parse(&format!("{}@gmail.com", "a".repeat(65))),
            Err(ErrorCode::EmailInvalid)
        );
    }

    #[test]
    fn the_domain_needs_two_labels_and_an_alphabetic_tld() {
        for bad in [
            "budi@",
            "budi@localhost",
            "budi@gmail.c",
            "budi@gmail.c0m",
            "budi@gmail.",
            "budi@.gmail.com",
            "budi@gmail..com",
            "budi@-gmail.com",
            "budi@gmail-.com",
            "budi@gm_ail.com",
            "budi@[127.0.0.1]",
            "budi@127.0.0.1",
        ] {
            assert_eq!(Email::parse(bad), Err(ErrorCode::EmailInvalid), "{bad}");
        }
        assert!(Email::parse("budi@mail-1.kemnaker.go.id").is_ok());
    }

    #[test]
    fn a_domain_label_is_at_most_63_characters() {
        assert!(Email::parse(&format!("budi@{}.id", "a".repeat(63))).is_ok());
        assert_eq!(
            Email::parse(&format!("budi@{}.id", "a".repeat(64))),
            Err(ErrorCode::EmailInvalid)
        );
    }

    #[test]
    fn the_mailbox_key_drops_tags_and_gmail_dots_and_unifies_googlemail() {
        let key = |s: &str| Email::parse(s).unwrap().mailbox_key();
        assert_eq!(key("b.udi+x@gmail.com"), "budi@gmail.com");
        assert_eq!(key("budi@googlemail.com"), "budi@gmail.com");
        assert_eq!(key("B.U.D.I+prakerja+2@GoogleMail.com"), "budi@gmail.com");
        assert_eq!(key("budi+x@yahoo.co.id"), "budi@yahoo.co.id");
        // Dots matter outside Gmail.
        assert_eq!(key("b.udi@yahoo.co.id"), "b.udi@yahoo.co.id");
        assert_ne!(key("b.udi@yahoo.co.id"), key("budi@yahoo.co.id"));
        // A local part that is only a tag keeps it.
        assert_eq!(key("+x@example.id"), "+x@example.id");
        // Not a Gmail look-alike.
        assert_eq!(key("b.udi@gmail.co.id"), "b.udi@gmail.co.id");
        assert_eq!(key("b.udi@notgmail.com"), "b.udi@notgmail.com");
    }

    #[test]
    fn the_masked_form_keeps_two_characters_and_the_domain() {
        assert_eq!(
            Email::parse("budi@gmail.com").unwrap().masked(),
            "bu***@gmail.com"
        );
        assert_eq!(
            Email::parse("Budiman@Yahoo.co.id").unwrap().masked(),
            "bu***@yahoo.co.id"
        );
    }

    #[test]
    fn a_short_local_part_is_masked_down_to_one_character() {
        assert_eq!(
            Email::parse("ani@gmail.com").unwrap().masked(),
            "a***@gmail.com"
        );
        assert_eq!(
            Email::parse("a@gmail.com").unwrap().masked(),
            "a***@gmail.com"
        );
    }

    #[test]
    fn serde_uses_the_normalised_string_and_refuses_bad_input() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StringDeserializer};

        let de: StringDeserializer<Error> = " Budi@Gmail.com ".to_owned().into_deserializer();
        let email = Email::deserialize(de).unwrap();
        assert_eq!(String::from(email), "budi@gmail.com");
        let bad: StringDeserializer<Error> = "budi".to_owned().into_deserializer();
        assert!(Email::deserialize(bad).is_err());
    }

    fn atom() -> impl Strategy<Value = String> {
        "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,10}"
    }

    fn valid_email() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(atom(), 1..4),
            prop::collection::vec("[A-Za-z0-9]([A-Za-z0-9-]{0,8}[A-Za-z0-9])?", 1..4),
            "[A-Za-z]{2,6}",
            " {0,2}",
        )
            .prop_map(|(atoms, labels, tld, pad)| {
                format!("{pad}{}@{}.{tld}{pad}", atoms.join("."), labels.join("."))
            })
    }

    proptest! {
        #[test]
        fn generated_addresses_parse_and_normalise_idempotently(input in valid_email()) {
            let email = Email::parse(&input).unwrap();
            prop_assert_eq!(email.as_str(), input.trim().to_ascii_lowercase());
            prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            let suffix = format!("***@{}", email.domain());
            prop_assert!(email.masked().ends_with(&suffix));
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            if let Ok(email) = Email::parse(&input) {
                prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
                let _ = email.masked();
            }
        }

        #[test]
        fn parse_never_panics_on_near_misses(input in "[a-zA-Z.@ -]{0,20}") {
            if let Ok(email) = Email::parse(&input) {
                prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            }
        }
    }
}
