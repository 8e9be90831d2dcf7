//! Stable error codes shared by the API and the SPA.
//!
//! The API never sends human text: it sends an [`ErrorCode`] (and, for a
//! field, the field's name), and the SPA translates the code into the
//! person's language. A code, once released, keeps its name forever.
//!
//! Every code is declared once, in the table below: its variant, its wire
//! name (written out, so that renaming a variant can never change what is
//! sent) and the HTTP status it is always answered with. The table makes
//! the enum, [`ErrorCode::ALL`], [`ErrorCode::as_str`] and
//! [`ErrorCode::http_status`], so none of them can forget a code.

use serde::{Deserialize, Serialize};

/// Writes the enum and its three views from one table of
/// `Variant = "wire_name", status;` rows. The name and the status are
/// taken as single tokens, not `literal` fragments, so that utoipa's derive
/// reads the `rename` as serde does.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $wire:tt, $status:tt;)*) => {
        /// Every error the API can answer with, and every validation failure the
        /// validators in this crate can report.
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $wire)] $variant,)*
        }

        impl ErrorCode {
            /// Every code, so clients can map a wire name back without
            /// serde (the browser bundle avoids serde's decoder).
            pub const ALL: [ErrorCode; [$($wire),*].len()] = [$(ErrorCode::$variant),*];

            /// The code as it appears on the wire (`"email_invalid"`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $wire,)*
                }
            }

            /// The HTTP status the API answers this code with, always the
            /// same one, so the API never picks a status by hand.
            pub fn http_status(self) -> u16 {
                match self {
                    $(ErrorCode::$variant => $status,)*
                }
            }
        }
    };
}

error_codes! {
    // Email.
    EmailEmpty = "email_empty", 422;
    EmailTooLong = "email_too_long", 422;
    EmailInvalid = "email_invalid", 422;
    // Password.
    PasswordTooShort = "password_too_short", 422;
    PasswordTooLong = "password_too_long", 422;
    PasswordTooCommon = "password_too_common", 422;
    // NIK (national identity number).
    NikFormat = "nik_format", 422;
    NikRegion = "nik_region", 422;
    NikBirthDate = "nik_birth_date", 422;
    NikDobMismatch = "nik_dob_mismatch", 422;
    // KK (family card) number.
    KkFormat = "kk_format", 422;
    KkRegion = "kk_region", 422;
    // Mobile number.
    PhoneFormat = "phone_format", 422;
    PhoneNotMobile = "phone_not_mobile", 422;
    // Date of birth.
    DobFormat = "dob_format", 422;
    DobInvalid = "dob_invalid", 422;
    DobInFuture = "dob_in_future", 422;
    DobImplausibleAge = "dob_implausible_age", 422;
    // One-time code.
    OtpFormat = "otp_format", 422;
    // Registration and emailed links.
    TermsNotAccepted = "terms_not_accepted", 422;
    /// The link was never issued (mistyped, cut short, tampered with).
    TokenInvalid = "token_invalid", 422;
    TokenExpired = "token_expired", 410;
    TokenUsed = "token_used", 410;
    // Login and one-time codes.
    /// Wrong captcha, wrong password or unknown email: one answer for all.
    LoginFailed = "login_failed", 401;
    /// The password was right but the address was never verified.
    EmailNotVerified = "email_not_verified", 403;
    /// The programme office blocked the account; `blocked` says why and
    /// whether it is final. Every signed-in route answers this too.
    AccountBlocked = "account_blocked", 403;
    /// Many requests came from this client: the form must carry a solved
    /// captcha (`captcha_id`, `captcha_answer`) from now on.
    CaptchaRequired = "captcha_required", 428;
    /// The captcha's answer was wrong (or the captcha was used already); a
    /// new picture is needed.
    CaptchaWrong = "captcha_wrong", 422;
    /// A wrong one-time code; `left` says how many tries remain.
    OtpWrong = "otp_wrong", 422;
    /// The code outlived its minutes; ask for a new one.
    OtpExpired = "otp_expired", 410;
    /// Five wrong tries: this code is dead; ask for a new one.
    OtpDead = "otp_dead", 410;
    /// The login attempt is over; start again with the password.
    LoginExpired = "login_expired", 410;
    /// No new codes until `retry_after` seconds have passed.
    CodesLocked = "codes_locked", 429;
    // Identity profile, phone verification and password change.
    /// The NIK, date of birth and KK together do not match a resident of
    /// the civil registry without an account: one answer for an unknown
    /// NIK, another date or KK, and a NIK that has an account already, so
    /// that the form cannot be used to learn any of them.
    IdentityMismatch = "identity_mismatch", 422;
    /// No longer sent (see `identity_mismatch`); kept because a released
    /// name is never reused.
    NikUnknown = "nik_unknown", 422;
    /// No longer sent (see `identity_mismatch`).
    IdentityDobMismatch = "identity_dob_mismatch", 422;
    /// No longer sent (see `identity_mismatch`).
    IdentityKkMismatch = "identity_kk_mismatch", 422;
    /// No longer sent (see `identity_mismatch`).
    NikTaken = "nik_taken", 409;
    /// This account's identity is already complete; it cannot be redone.
    IdentityAlreadyComplete = "identity_already_complete", 409;
    /// The identity must be completed first (phone codes need a number).
    IdentityIncomplete = "identity_incomplete", 409;
    /// Another account has verified this mobile number.
    PhoneTaken = "phone_taken", 409;
    /// The number is verified already; no code is needed.
    PhoneAlreadyVerified = "phone_already_verified", 409;
    /// The civil registry does not answer; try again after `retry_after`.
    RegistryUnavailable = "registry_unavailable", 503;
    /// The current password given is not the account's password.
    PasswordWrong = "password_wrong", 422;
    /// The new password is the current one.
    PasswordSame = "password_same", 422;
    // Beneficiaries, payout accounts and changing the mobile number.
    /// Only this programme year's beneficiaries may do this (change the
    /// mobile number here); others use the Report Form.
    NotBeneficiary = "not_beneficiary", 403;
    /// The session's full login is too old for this; enter the password
    /// again (`POST /api/reauth`).
    ReauthRequired = "reauth_required", 403;
    /// The new mobile number is the account's current number.
    PhoneSame = "phone_same", 422;
    /// The account's mobile number must be verified first.
    PhoneNotVerified = "phone_not_verified", 409;
    /// No change of mobile number is waiting for its code.
    PhoneChangeNotStarted = "phone_change_not_started", 409;
    /// A payout account is linked: unlink it before changing the number.
    PayoutLinked = "payout_linked", 409;
    /// A payout account is linked already; unlink it first.
    PayoutAlreadyLinked = "payout_already_linked", 409;
    /// No payout account is linked.
    PayoutNotLinked = "payout_not_linked", 409;
    /// A BNI account number is 10 digits.
    PayoutAccountFormat = "payout_account_format", 422;
    /// The account holder's name is not the name in the civil registry.
    PayoutHolderMismatch = "payout_holder_mismatch", 422;
    /// The e-wallet's number is not the account's verified mobile number.
    PayoutNumberMismatch = "payout_number_mismatch", 422;
    // Photos (the Report Form).
    /// The photo is over 2 MiB, even after the phone's compression.
    PhotoTooLarge = "photo_too_large", 413;
    /// The file is not a JPEG, PNG or WebP picture, whatever its name.
    PhotoNotImage = "photo_not_image", 415;
    /// The picture declares more pixels than any phone photo has (a
    /// decompression bomb, or a huge scan): refused before it is unpacked.
    PhotoTooManyPixels = "photo_too_many_pixels", 422;
    /// The file starts like a picture but cannot be read (cut short or
    /// damaged).
    PhotoUnreadable = "photo_unreadable", 422;
    // The Report Form.
    /// No name was given (the name as on the e-KTP).
    NameEmpty = "name_empty", 422;
    NameTooLong = "name_too_long", 422;
    /// A name holds letters, spaces and `' . , -` only.
    NameInvalid = "name_invalid", 422;
    /// No choice of what happened was made.
    CaseKindMissing = "case_kind_missing", 422;
    /// The description is under 10 characters.
    DescriptionTooShort = "description_too_short", 422;
    /// The description is over 1000 characters.
    DescriptionTooLong = "description_too_long", 422;
    /// Not a case number (`PK-` and 8 letters and digits).
    CaseNumberFormat = "case_number_format", 422;
    /// No case has this number with this email address (or key): one
    /// answer for both, so that numbers cannot be tried.
    CaseNotFound = "case_not_found", 404;
    /// The photos sent so far are gone (the draft expired after a day, or
    /// the browser lost its cookie): send them again.
    DraftMissing = "draft_missing", 404;
    /// A photo is still missing; `field` names its slot.
    PhotoMissing = "photo_missing", 409;
    /// This NIK has 3 cases waiting for an answer already.
    TooManyOpenCases = "too_many_open_cases", 409;
    // Request level.
    BadRequest = "bad_request", 400;
    Unauthorized = "unauthorized", 401;
    CsrfRejected = "csrf_rejected", 403;
    NotFound = "not_found", 404;
    PayloadTooLarge = "payload_too_large", 413;
    TooManyRequests = "too_many_requests", 429;
    /// The service is saturated (for example the password-hashing pool is
    /// full); the client waits `retry_after` seconds and tries again.
    Busy = "busy", 503;
    Internal = "internal", 500;
}

impl ErrorCode {
    /// The code for a wire name (`"email_invalid"`), if there is one.
    pub fn from_wire(name: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets a validation failure travel through `?` into `Box<dyn Error>` and
/// error-reporting crates on the server; the code is its own message.
impl std::error::Error for ErrorCode {}

/// The one error body the API answers with, for every failure.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    /// The request field the error is about, when there is one, so the SPA
    /// can show the message next to that field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds to wait before trying again (also sent as `Retry-After`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
    /// How many tries remain, for errors that allow a few (`otp_wrong`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<u32>,
    /// Why the account is blocked (`account_blocked` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Blocked>,
}

/// Why the programme office blocked an account, as a code the SPA
/// translates, never free text.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockReason {
    /// The terms of the programme were broken.
    TermsViolation,
    /// Fraud: someone else's identity, a face that is not the owner's.
    Fraud,
    /// One person, more than one account.
    DuplicateAccount,
    /// The data given does not match the person.
    DataMismatch,
    /// Any other reason, which staff explain in the case.
    Other,
}

impl BlockReason {
    pub const ALL: [BlockReason; 5] = [
        BlockReason::TermsViolation,
        BlockReason::Fraud,
        BlockReason::DuplicateAccount,
        BlockReason::DataMismatch,
        BlockReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BlockReason::TermsViolation => "terms_violation",
            BlockReason::Fraud => "fraud",
            BlockReason::DuplicateAccount => "duplicate_account",
            BlockReason::DataMismatch => "data_mismatch",
            BlockReason::Other => "other",
        }
    }

    pub fn from_wire(name: &str) -> Option<BlockReason> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// What a blocked person is told: why, and whether it is final. Either
/// way the Report Form is the way to appeal.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocked {
    pub reason: BlockReason,
    /// A final block is not lifted by staff on their own; an appeal is
    /// still heard.
    #[serde(rename = "final")]
    pub is_final: bool,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            field: None,
            retry_after: None,
            left: None,
            blocked: None,
        }
    }

    pub fn field(code: ErrorCode, field: impl Into<String>) -> Self {
        Self {
            field: Some(field.into()),
            ..Self::new(code)
        }
    }

    /// `account_blocked`, with why.
    pub fn blocked(blocked: Blocked) -> Self {
        Self {
            blocked: Some(blocked),
            ..Self::new(ErrorCode::AccountBlocked)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_with_its_own_wire_name() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(ErrorCode::from_wire(code.as_str()), Some(*code));
            for earlier in &ErrorCode::ALL[..i] {
                assert_ne!(earlier, code, "{code} listed twice");
                assert_ne!(earlier.as_str(), code.as_str(), "{code}'s name used twice");
            }
        }
        assert_eq!(ErrorCode::from_wire("no_such_code"), None);
    }

    #[test]
    fn wire_name_matches_serde_name() {
        // `as_str` is used in logs and by the SPA's decoder, and must never
        // drift from what serde sends and reads.
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        for code in ErrorCode::ALL {
            let wire: StrDeserializer<'_, Error> = code.as_str().into_deserializer();
            assert_eq!(ErrorCode::deserialize(wire), Ok(code));
        }
    }

    #[test]
    fn every_status_is_an_error_status() {
        for code in ErrorCode::ALL {
            assert!((400..600).contains(&code.http_status()), "{code}");
        }
        assert_eq!(ErrorCode::OtpWrong.http_status(), 422);
        assert_eq!(ErrorCode::TokenUsed.http_status(), 410);
        assert_eq!(ErrorCode::Busy.http_status(), 503);
    }

    #[test]
    fn block_reasons_travel_by_their_wire_names() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        for reason in BlockReason::ALL {
            assert_eq!(BlockReason::from_wire(reason.as_str()), Some(reason));
            let wire: StrDeserializer<'_, Error> = reason.as_str().into_deserializer();
            assert_eq!(BlockReason::deserialize(wire), Ok(reason));
        }
    }
}
