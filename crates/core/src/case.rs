//! The Report Form's vocabulary: case numbers, what happened, the four
//! photos, and where a case stands.
//!
//! Everything here is a code the SPA translates; staff never type text an
//! applicant reads (the API sends no human text).

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// The case number's alphabet: Crockford's base 32, digits and capitals
/// without `I`, `L`, `O` and `U`, so that no two characters look or sound
/// alike when read aloud over the phone.
pub const CASE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random characters in a case number: 8 of 32 symbols, 40 bits.
const CASE_CHARS: usize = 8;

/// A case's number, `PK-7Q4M-2KXD`: short, read aloud without ambiguity,
/// and random (40 bits from the server's CSPRNG), so that it neither
/// counts the cases nor can be guessed. Looking a case up also needs its
/// email address or the key in the emailed link.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, example = "PK-7Q4M-2KXD")
)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseNumber(String);

impl CaseNumber {
    /// The number for 40 random bits (the rest of `bits` is ignored).
    pub fn from_bits(bits: u64) -> CaseNumber {
        let mut out = String::with_capacity(12);
        out.push_str("PK");
        for i in 0..CASE_CHARS {
            if i % 4 == 0 {
                out.push('-');
            }
            let shift = 5 * (CASE_CHARS - 1 - i);
            out.push(CASE_ALPHABET[((bits >> shift) & 31) as usize] as char);
        }
        CaseNumber(out)
    }

    /// Reads a number as people type or read it back: any case, with or
    /// without `PK`, dashes and spaces; `O` is read as `0`, and `I` and `L`
    /// as `1`, as Crockford's alphabet intends.
    ///
    /// Errors: [`ErrorCode::CaseNumberFormat`] for anything that is not 8
    /// characters of the alphabet after the prefix.
    pub fn parse(input: &str) -> Result<CaseNumber, ErrorCode> {
        let mut symbols = String::with_capacity(CASE_CHARS);
        let upper: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let rest = upper.strip_prefix("PK").unwrap_or(&upper);
        for c in rest.chars() {
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !CASE_ALPHABET.contains(&(c as u8)) {
                return Err(ErrorCode::CaseNumberFormat);
            }
            symbols.push(c);
        }
        if symbols.len() != CASE_CHARS {
            return Err(ErrorCode::CaseNumberFormat);
        }
        Ok(CaseNumber(format!(
            "PK-{}-{}",
            &symbols[..4],
            &symbols[4..]
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CaseNumber {
    type Error = ErrorCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CaseNumber::parse(&value)
    }
}

impl From<CaseNumber> for String {
    fn from(value: CaseNumber) -> String {
        value.0
    }
}

/// Declares a closed set of codes with their wire names, `ALL`, `as_str`
/// and `from_wire` (the browser bundle reads codes without serde's
/// decoder).
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$doc:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$doc])* #[serde(rename = $wire)] $variant,)*
        }

        impl $name {
            pub const ALL: [$name; [$($wire),*].len()] = [$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            pub fn from_wire(name: &str) -> Option<$name> {
                Self::ALL.into_iter().find(|v| v.as_str() == name)
            }
        }
    };
}

codes! {
    /// What happened, as the person chose it on the form.
    CaseKind {
        /// The account was blocked.
        Blocked = "blocked",
        /// The password and the emailed code do not let them in.
        CannotLogIn = "cannot_log_in",
        /// The email or SMS code never arrives.
        CodeNeverArrives = "code_never_arrives",
        /// An appeal against the fraud flag of the face check.
        FraudAppeal = "fraud_appeal",
        /// The email address or mobile number is no longer theirs.
        ContactLost = "contact_lost",
        Other = "other",
    }
}

codes! {
    /// The four photos every case carries.
    PhotoSlot {
        /// The original e-KTP (identity card).
        Ektp = "ektp",
        /// The original KK (family card).
        Kk = "kk",
        /// A selfie holding the e-KTP.
        SelfieEktp = "selfie_ektp",
        /// A selfie holding the KK.
        SelfieKk = "selfie_kk",
    }
}

impl PhotoSlot {
    /// Whether the photo shows the person's face (front camera, face
    /// outline) rather than a document (back camera, card outline).
    pub fn is_selfie(self) -> bool {
        matches!(self, PhotoSlot::SelfieEktp | PhotoSlot::SelfieKk)
    }
}

codes! {
    /// Where a case stands.
    CaseStatus {
        /// Submitted; no one has looked at it yet.
        Received = "received",
        /// A reviewer is working on it.
        InReview = "in_review",
        /// The reviewer needs more from the applicant (`needed` says what).
        MoreInfo = "more_info",
        /// Done; `outcome` says what to do next.
        Resolved = "resolved",
        /// Refused; `reason` says why.
        Rejected = "rejected",
    }
}

impl CaseStatus {
    /// Whether the case still waits for an answer (it counts against the
    /// open cases a NIK may have).
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStatus::Resolved | CaseStatus::Rejected)
    }
}

codes! {
    /// What a reviewer asks for when a case needs more.
    CaseNeed {
        EktpPhoto = "ektp_photo",
        KkPhoto = "kk_photo",
        SelfieEktpPhoto = "selfie_ektp_photo",
        SelfieKkPhoto = "selfie_kk_photo",
        /// A fuller description of what happened.
        Description = "description",
    }
}

codes! {
    /// What a resolved case did, so the applicant knows what to do next.
    CaseOutcome {
        /// The block was lifted: log in as before.
        Unblocked = "unblocked",
        /// The email or number was changed and a one-time link sent to it.
        ContactChanged = "contact_changed",
        /// The fraud flag was cleared: the dashboard works again.
        FlagCleared = "flag_cleared",
        /// Nothing needed changing; the answer was sent by email.
        Answered = "answered",
    }
}

codes! {
    /// Why a case was rejected.
    RejectReason {
        /// The photos were unreadable, or not the documents asked for.
        PhotosUnclear = "photos_unclear",
        /// The documents do not match the account or each other.
        IdentityMismatch = "identity_mismatch",
        /// The block stands (a final block, or a confirmed breach).
        BlockUpheld = "block_upheld",
        /// Another case about the same thing is open.
        Duplicate = "duplicate",
        /// Anything else, which the email explains.
        Other = "other",
    }
}

/// A case description's limits, in characters.
pub const DESCRIPTION_MIN_CHARS: usize = 10;
pub const DESCRIPTION_MAX_CHARS: usize = 1000;

/// What happened, in the person's words: trimmed, 10 to 1000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDescription(String);

impl CaseDescription {
    /// Errors: [`ErrorCode::DescriptionTooShort`] below 10 characters
    /// (after trimming), [`ErrorCode::DescriptionTooLong`] above 1000.
    pub fn parse(input: &str) -> Result<CaseDescription, ErrorCode> {
        let text = input.trim();
        let chars = text.chars().count();
        if chars < DESCRIPTION_MIN_CHARS {
            Err(ErrorCode::DescriptionTooShort)
        } else if chars > DESCRIPTION_MAX_CHARS {
            Err(ErrorCode::DescriptionTooLong)
        } else {
            Ok(CaseDescription(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_the_prefix_and_two_groups_of_four() {
        let n = CaseNumber::from_bits(0);
        assert_eq!(n.as_str(), "PK-0000-0000");
        let n = CaseNumber::from_bits((1 << 40) - 1);
        assert_eq!(n.as_str(), "PK-ZZZZ-ZZZZ");
        let n = CaseNumber::from_bits(0x12_3456_789A);
        assert_eq!(CaseNumber::parse(n.as_str()), Ok(n));
    }

    #[test]
    fn numbers_are_read_back_as_people_type_them() {
        let n = CaseNumber::parse("PK-7Q4M-2KXD").unwrap();
        for typed in ["pk-7q4m-2kxd", "PK 7Q4M 2KXD", "7q4m2kxd", " pk7Q4M-2kxd "] {
            assert_eq!(CaseNumber::parse(typed), Ok(n.clone()), "{typed}");
        }
        assert_eq!(
            CaseNumber::parse("PK-O1IL-0000").unwrap().as_str(),
            "PK-0111-0000"
        );
    }

    #[test]
    fn anything_else_is_not_a_case_number() {
        for bad in [
            "",
            "PK-",
            "PK-7Q4M-2KX",
            "PK-7Q4M-2KXDD",
            "PK-7Q4M-2KXU",
            "PK-7Q4M-2KX!",
            "PK-7Q4M-2KXé",
        ] {
            assert_eq!(
                CaseNumber::parse(bad),
                Err(ErrorCode::CaseNumberFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn codes_round_trip_through_their_wire_names() {
        for kind in CaseKind::ALL {
            assert_eq!(CaseKind::from_wire(kind.as_str()), Some(kind));
        }
        for slot in PhotoSlot::ALL {
            assert_eq!(PhotoSlot::from_wire(slot.as_str()), Some(slot));
        }
        assert_eq!(CaseStatus::MoreInfo.as_str(), "more_info");
        assert!(CaseStatus::InReview.is_open());
        assert!(!CaseStatus::Rejected.is_open());
    }

    #[test]
    fn a_description_is_trimmed_and_bounded() {
        assert_eq!(
            CaseDescription::parse("  too short "),
            Err(ErrorCode::DescriptionTooShort)
        );
        assert_eq!(
            CaseDescription::parse("  long enough  ").unwrap().as_str(),
            "long enough"
        );
        assert!(CaseDescription::parse("Saya tidak bisa masuk sejak kemarin").is_ok());
        assert_eq!(
            CaseDescription::parse(&"a".repeat(1001)),
            Err(ErrorCode::DescriptionTooLong)
        );
        // Characters, not bytes: 1000 Indonesian letters with accents fit.
        assert!(CaseDescription::parse(&"é".repeat(1000)).is_ok());
    }
}
