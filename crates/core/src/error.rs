//! Stable error codes shared by the API and the SPA.
//!
//! The API never sends human text: it sends an [`ErrorCode`] (and, for a
//! field, the field's name), and the SPA translates the code into the
//! person's language. A code, once released, keeps its name forever.

use serde::{Deserialize, Serialize};

/// Every error the API can answer with, and every validation failure the
/// validators in this crate can report.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // Email.
    EmailEmpty,
    EmailTooLong,
    EmailInvalid,
    // Password.
    PasswordTooShort,
    PasswordTooLong,
    PasswordTooCommon,
    // NIK (national identity number).
    NikFormat,
    NikRegion,
    NikBirthDate,
    NikDobMismatch,
    // KK (family card) number.
    KkFormat,
    KkRegion,
    // Mobile number.
    PhoneFormat,
    PhoneNotMobile,
    // Date of birth.
    DobFormat,
    DobInvalid,
    DobInFuture,
    DobImplausibleAge,
    // One-time code.
    OtpFormat,
    // Registration and emailed links.
    TermsNotAccepted,
    /// The link was never issued (mistyped, cut short, tampered with).
    TokenInvalid,
    TokenExpired,
    TokenUsed,
    // Login and one-time codes.
    /// Wrong captcha, wrong password or unknown email: one answer for all.
    LoginFailed,
    /// The password was right but the address was never verified.
    EmailNotVerified,
    /// A wrong one-time code; `left` says how many tries remain.
    OtpWrong,
    /// The code outlived its minutes; ask for a new one.
    OtpExpired,
    /// Five wrong tries: this code is dead; ask for a new one.
    OtpDead,
    /// The login attempt is over; start again with the password.
    LoginExpired,
    /// No new codes until `retry_after` seconds have passed.
    CodesLocked,
    // Identity profile, phone verification and password change.
    /// The civil registry has no resident with this NIK.
    NikUnknown,
    /// The registry's date of birth for this NIK is another one.
    IdentityDobMismatch,
    /// The registry's family card number for this NIK is another one.
    IdentityKkMismatch,
    /// Another account already completed its identity with this NIK.
    NikTaken,
    /// This account's identity is already complete; it cannot be redone.
    IdentityAlreadyComplete,
    /// The identity must be completed first (phone codes need a number).
    IdentityIncomplete,
    /// Another account has verified this mobile number.
    PhoneTaken,
    /// The number is verified already; no code is needed.
    PhoneAlreadyVerified,
    /// The civil registry does not answer; try again after `retry_after`.
    RegistryUnavailable,
    /// The current password given is not the account's password.
    PasswordWrong,
    /// The new password is the current one.
    PasswordSame,
    // Beneficiaries, payout accounts and changing the mobile number.
    /// Only this programme year's beneficiaries may do this (change the
    /// mobile number here); others use the Report Form.
    NotBeneficiary,
    /// The session's full login is too old for this; enter the password
    /// again (`POST /api/reauth`).
    ReauthRequired,
    /// The new mobile number is the account's current number.
    PhoneSame,
    /// The account's mobile number must be verified first.
    PhoneNotVerified,
    /// No change of mobile number is waiting for its code.
    PhoneChangeNotStarted,
    /// A payout account is linked: unlink it before changing the number.
    PayoutLinked,
    /// A payout account is linked already; unlink it first.
    PayoutAlreadyLinked,
    /// No payout account is linked.
    PayoutNotLinked,
    /// A BNI account number is 10 digits.
    PayoutAccountFormat,
    /// The account holder's name is not the name in the civil registry.
    PayoutHolderMismatch,
    /// The e-wallet's number is not the account's verified mobile number.
    PayoutNumberMismatch,
    // Request level.
    BadRequest,
    Unauthorized,
    CsrfRejected,
    NotFound,
    PayloadTooLarge,
    TooManyRequests,
    /// The service is saturated (for example the password-hashing pool is
    /// full); the client waits `retry_after` seconds and tries again.
    Busy,
    Internal,
}

impl ErrorCode {
    /// Every code, so clients can map a wire name back without serde (the
    /// browser bundle avoids serde's decoder). `every_code_is_listed` keeps
    /// it complete.
    pub const ALL: [ErrorCode; 60] = {
        use ErrorCode::*;
        [
            EmailEmpty,
            EmailTooLong,
            EmailInvalid,
            PasswordTooShort,
            PasswordTooLong,
            PasswordTooCommon,
            NikFormat,
            NikRegion,
            NikBirthDate,
            NikDobMismatch,
            KkFormat,
            KkRegion,
            PhoneFormat,
            PhoneNotMobile,
            DobFormat,
            DobInvalid,
            DobInFuture,
            DobImplausibleAge,
            OtpFormat,
            TermsNotAccepted,
            TokenInvalid,
            TokenExpired,
            TokenUsed,
            LoginFailed,
            EmailNotVerified,
            OtpWrong,
            OtpExpired,
            OtpDead,
            LoginExpired,
            CodesLocked,
            NikUnknown,
            IdentityDobMismatch,
            IdentityKkMismatch,
            NikTaken,
            IdentityAlreadyComplete,
            IdentityIncomplete,
            PhoneTaken,
            PhoneAlreadyVerified,
            RegistryUnavailable,
            PasswordWrong,
            PasswordSame,
            NotBeneficiary,
            ReauthRequired,
            PhoneSame,
            PhoneNotVerified,
            PhoneChangeNotStarted,
            PayoutLinked,
            PayoutAlreadyLinked,
            PayoutNotLinked,
            PayoutAccountFormat,
            PayoutHolderMismatch,
            PayoutNumberMismatch,
            BadRequest,
            Unauthorized,
            CsrfRejected,
            NotFound,
            PayloadTooLarge,
            TooManyRequests,
            Busy,
            Internal,
        ]
    };

    /// The code for a wire name (`"email_invalid"`), if there is one.
    pub fn from_wire(name: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The code as it appears on the wire (`"email_invalid"`).
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            EmailEmpty => "email_empty",
            EmailTooLong => "email_too_long",
            EmailInvalid => "email_invalid",
            PasswordTooShort => "password_too_short",
            PasswordTooLong => "password_too_long",
            PasswordTooCommon => "password_too_common",
            NikFormat => "nik_format",
            NikRegion => "nik_region",
            NikBirthDate => "nik_birth_date",
            NikDobMismatch => "nik_dob_mismatch",
            KkFormat => "kk_format",
            KkRegion => "kk_region",
            PhoneFormat => "phone_format",
            PhoneNotMobile => "phone_not_mobile",
            DobFormat => "dob_format",
            DobInvalid => "dob_invalid",
            DobInFuture => "dob_in_future",
            DobImplausibleAge => "dob_implausible_age",
            OtpFormat => "otp_format",
            TermsNotAccepted => "terms_not_accepted",
            TokenInvalid => "token_invalid",
            TokenExpired => "token_expired",
            TokenUsed => "token_used",
            LoginFailed => "login_failed",
            EmailNotVerified => "email_not_verified",
            OtpWrong => "otp_wrong",
            OtpExpired => "otp_expired",
            OtpDead => "otp_dead",
            LoginExpired => "login_expired",
            CodesLocked => "codes_locked",
            NikUnknown => "nik_unknown",
            IdentityDobMismatch => "identity_dob_mismatch",
            IdentityKkMismatch => "identity_kk_mismatch",
            NikTaken => "nik_taken",
            IdentityAlreadyComplete => "identity_already_complete",
            IdentityIncomplete => "identity_incomplete",
            PhoneTaken => "phone_taken",
            PhoneAlreadyVerified => "phone_already_verified",
            RegistryUnavailable => "registry_unavailable",
            PasswordWrong => "password_wrong",
            PasswordSame => "password_same",
            NotBeneficiary => "not_beneficiary",
            ReauthRequired => "reauth_required",
            PhoneSame => "phone_same",
            PhoneNotVerified => "phone_not_verified",
            PhoneChangeNotStarted => "phone_change_not_started",
            PayoutLinked => "payout_linked",
            PayoutAlreadyLinked => "payout_already_linked",
            PayoutNotLinked => "payout_not_linked",
            PayoutAccountFormat => "payout_account_format",
            PayoutHolderMismatch => "payout_holder_mismatch",
            PayoutNumberMismatch => "payout_number_mismatch",
            BadRequest => "bad_request",
            Unauthorized => "unauthorized",
            CsrfRejected => "csrf_rejected",
            NotFound => "not_found",
            PayloadTooLarge => "payload_too_large",
            TooManyRequests => "too_many_requests",
            Busy => "busy",
            Internal => "internal",
        }
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
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            field: None,
            retry_after: None,
            left: None,
        }
    }

    pub fn field(code: ErrorCode, field: impl Into<String>) -> Self {
        Self {
            code,
            field: Some(field.into()),
            retry_after: None,
            left: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_round_trips() {
        // Adding a variant breaks this match until it is handled here, and
        // the length check below then asks for it in `ALL`.
        let listed = |c: ErrorCode| match c {
            ErrorCode::EmailEmpty
            | ErrorCode::EmailTooLong
            | ErrorCode::EmailInvalid
            | ErrorCode::PasswordTooShort
            | ErrorCode::PasswordTooLong
            | ErrorCode::PasswordTooCommon
            | ErrorCode::NikFormat
            | ErrorCode::NikRegion
            | ErrorCode::NikBirthDate
            | ErrorCode::NikDobMismatch
            | ErrorCode::KkFormat
            | ErrorCode::KkRegion
            | ErrorCode::PhoneFormat
            | ErrorCode::PhoneNotMobile
            | ErrorCode::DobFormat
            | ErrorCode::DobInvalid
            | ErrorCode::DobInFuture
            | ErrorCode::DobImplausibleAge
            | ErrorCode::OtpFormat
            | ErrorCode::TermsNotAccepted
            | ErrorCode::TokenInvalid
            | ErrorCode::TokenExpired
            | ErrorCode::TokenUsed
            | ErrorCode::LoginFailed
            | ErrorCode::EmailNotVerified
            | ErrorCode::OtpWrong
            | ErrorCode::OtpExpired
            | ErrorCode::OtpDead
            | ErrorCode::LoginExpired
            | ErrorCode::CodesLocked
            | ErrorCode::NikUnknown
            | ErrorCode::IdentityDobMismatch
            | ErrorCode::IdentityKkMismatch
            | ErrorCode::NikTaken
            | ErrorCode::IdentityAlreadyComplete
            | ErrorCode::IdentityIncomplete
            | ErrorCode::PhoneTaken
            | ErrorCode::PhoneAlreadyVerified
            | ErrorCode::RegistryUnavailable
            | ErrorCode::PasswordWrong
            | ErrorCode::PasswordSame
            | ErrorCode::NotBeneficiary
            | ErrorCode::ReauthRequired
            | ErrorCode::PhoneSame
            | ErrorCode::PhoneNotVerified
            | ErrorCode::PhoneChangeNotStarted
            | ErrorCode::PayoutLinked
            | ErrorCode::PayoutAlreadyLinked
            | ErrorCode::PayoutNotLinked
            | ErrorCode::PayoutAccountFormat
            | ErrorCode::PayoutHolderMismatch
            | ErrorCode::PayoutNumberMismatch
            | ErrorCode::BadRequest
            | ErrorCode::Unauthorized
            | ErrorCode::CsrfRejected
            | ErrorCode::NotFound
            | ErrorCode::PayloadTooLarge
            | ErrorCode::TooManyRequests
            | ErrorCode::Busy
            | ErrorCode::Internal => 60,
        };
        assert_eq!(ErrorCode::ALL.len(), listed(ErrorCode::Busy));
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(ErrorCode::from_wire(code.as_str()), Some(*code));
            assert!(!ErrorCode::ALL[..i].contains(code), "{code} listed twice");
        }
        assert_eq!(ErrorCode::from_wire("no_such_code"), None);
    }

    #[test]
    fn wire_name_matches_serde_name() {
        // `as_str` is used in logs and must never drift from what serde sends.
        for code in [
            ErrorCode::EmailInvalid,
            ErrorCode::PasswordTooCommon,
            ErrorCode::NikDobMismatch,
            ErrorCode::DobImplausibleAge,
            ErrorCode::CsrfRejected,
            ErrorCode::IdentityDobMismatch,
            ErrorCode::IdentityAlreadyComplete,
            ErrorCode::PasswordSame,
            ErrorCode::PayoutHolderMismatch,
            ErrorCode::PhoneChangeNotStarted,
            ErrorCode::Busy,
        ] {
            let json = serde_json_like(code);
            assert_eq!(json, code.as_str());
        }
    }

    // A tiny serializer-free check: serde's unit variant name for a
    // `rename_all = "snake_case"` enum is what `Debug` gives, snake-cased.
    fn serde_json_like(code: ErrorCode) -> String {
        let debug = format!("{code:?}");
        let mut out = String::new();
        for (i, ch) in debug.chars().enumerate() {
            if ch.is_ascii_uppercase() {
                if i > 0 {
                    out.push('_');
                }
                out.push(ch.to_ascii_lowercase());
            } else {
                out.push(ch);
            }
        }
        out
    }
}
