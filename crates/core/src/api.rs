//! Request and response bodies exchanged by the SPA and the API.

use serde::{Deserialize, Serialize};

/// What `Debug` prints in place of a secret.
struct Redacted;

impl core::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("***")
    }
}

/// `Debug` for a body that carries a password, a code or a token: every
/// field is named, the `shown` ones with their values and the `secret` ones
/// as `***`, so a body in a log or a panic message says what it was without
/// what must never be written down. The struct is destructured, so a field
/// added to it and to neither list does not compile.
macro_rules! debug_without_secrets {
    ($ty:ident { shown: [$($shown:ident),*], secret: [$($secret:ident),*] }) => {
        impl core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let $ty { $($shown,)* $($secret: _,)* } = self;
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($shown), $shown))*
                    $(.field(stringify!($secret), &Redacted))*
                    .finish()
            }
        }
    };
}

/// The languages the product speaks. Indonesian is the default.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Reads a language tag such as `en`, `en-US` or `id-ID`; anything else
    /// falls back to Indonesian.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
        if primary.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Id
        }
    }
}

/// `GET /healthz` and `GET /readyz`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// `POST /api/register`. Fields are plain strings so that the API can say
/// which field is wrong; it parses them with the validators of this crate.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub accept_terms: bool,
    /// The language the verification email is written in.
    #[serde(default)]
    pub lang: Lang,
    /// A solved captcha, once the API asked for one (`captcha_required`):
    /// many requests came from this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_answer: Option<String>,
}

debug_without_secrets!(RegisterRequest {
    shown: [email, accept_terms, lang, captcha_id],
    secret: [password, captcha_answer]
});

/// The answer to a registration, the same for a new and a known address.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterResponse {
    /// Where the link went: the address as the API normalised it.
    pub sent_to: String,
    /// Seconds before another email can be asked for.
    pub resend_after: u32,
}

/// `POST /api/register/resend`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResendRequest {
    pub email: String,
    #[serde(default)]
    pub lang: Lang,
    /// A solved captcha, once the API asked for one (`captcha_required`):
    /// many requests came from this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_answer: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResendResponse {
    pub resend_after: u32,
}

/// `POST /api/register/verify`: the token from the emailed link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyRequest {
    pub token: String,
}

debug_without_secrets!(VerifyRequest {
    shown: [],
    secret: [token]
});

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyResponse {
    /// The activated address, masked (`bu***@gmail.com`).
    pub email: String,
}

/// `GET /api/captcha`: a new challenge.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptchaResponse {
    /// Sent back with the answer.
    pub id: String,
    /// The picture, as a `data:image/png;base64,...` URL.
    pub image: String,
}

/// `POST /api/login`: the password step.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    pub captcha_id: String,
    pub captcha_answer: String,
    /// The language of the code email.
    #[serde(default)]
    pub lang: Lang,
}

debug_without_secrets!(ResendRequest {
    shown: [email, lang, captcha_id],
    secret: [captcha_answer]
});

debug_without_secrets!(LoginRequest {
    shown: [email, captcha_id, lang],
    secret: [password, captcha_answer]
});

/// Where a one-time code stands, whatever it is for: shared by
/// [`CodeStatus`] and [`PhoneStatus`] and flattened into them, so that
/// their JSON carries these fields beside their own.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeState {
    /// Seconds the current code still works (0 when there is none).
    pub code_expires_in: u32,
    /// New codes that can still be asked for (of 5).
    pub new_codes_left: u32,
    /// Seconds until codes can be sent again, during the 2-hour wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codes_locked_for: Option<u32>,
    /// The code's email or SMS could not be delivered; a new code is free.
    pub delivery_failed: bool,
}

/// Where a login stands between the password and the one-time code: the
/// answer to the password step, to a new-code request and to a status
/// check.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeStatus {
    /// The handle of this login attempt; codes work only with it.
    pub attempt: String,
    /// Where the code went, masked (`bu***@gmail.com`).
    pub sent_to: String,
    #[serde(flatten)]
    pub code: CodeState,
}

debug_without_secrets!(CodeStatus {
    shown: [sent_to, code],
    secret: [attempt]
});

/// `POST /api/login/code`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequest {
    pub attempt: String,
    pub code: String,
}

debug_without_secrets!(CodeRequest {
    shown: [],
    secret: [attempt, code]
});

/// `POST /api/login/code/new` and `POST /api/login/status`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRequest {
    pub attempt: String,
}

debug_without_secrets!(AttemptRequest {
    shown: [],
    secret: [attempt]
});

/// `GET /api/me`: the signed-in account.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    /// The first word of the registry's name, for the greeting, once the
    /// identity is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The registry's name with all but the first word masked
    /// (`BUDI S****** W******`): enough to recognise it, too little to
    /// copy into a payout form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_masked: Option<String>,
    /// `active`: a blocked account is refused before it gets this far.
    pub status: String,
    pub lang: Lang,
    /// The identity (NIK, KK, date of birth, mobile number) was checked
    /// against the civil registry and saved.
    #[serde(default)]
    pub identity_complete: bool,
    /// `3201********0001`, once the identity is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik_masked: Option<String>,
    /// `3201********0003`, once the identity is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kk_masked: Option<String>,
    /// `DD/MM/YYYY`, once the identity is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// `+62 812****7890`: the verified number, or the one waiting for its
    /// code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_masked: Option<String>,
    #[serde(default)]
    pub phone_verified: bool,
    /// A beneficiary of this programme year (the year in western
    /// Indonesian time): only they may change the mobile number here.
    #[serde(default)]
    pub beneficiary_this_year: bool,
}

/// `POST /api/profile/identity`. Plain strings, so the API can say which
/// field is wrong. There is no `name`: the name comes from the civil
/// registry, and a body with any other field is refused.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityRequest {
    pub nik: String,
    pub kk: String,
    /// `DD/MM/YYYY`.
    pub date_of_birth: String,
    /// `08...`, `628...` or `+628...`.
    pub phone: String,
}

/// Never shows the numbers: NIK and KK are protected personal data and
/// must not reach logs whole, even when they did not parse.
impl core::fmt::Debug for IdentityRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("IdentityRequest { .. }")
    }
}

/// Where the verification of the account's mobile number stands: the
/// answer to completing the identity, to a new-code request, to a code and
/// to a status check. Like [`CodeStatus`], without an attempt handle (the
/// session is the handle).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneStatus {
    /// The number, masked (`+62 812****7890`).
    pub sent_to: String,
    /// The number is verified; nothing more to do.
    pub verified: bool,
    #[serde(flatten)]
    pub code: CodeState,
}

/// `POST /api/profile/phone/verify`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneCodeRequest {
    pub code: String,
}

debug_without_secrets!(PhoneCodeRequest {
    shown: [],
    secret: [code]
});

/// `POST /api/password/change`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

debug_without_secrets!(ChangePasswordRequest {
    shown: [],
    secret: [current_password, new_password]
});

/// How a person asks for a password reset link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ForgotWay {
    /// By the account's email: the link goes by email.
    Email,
    /// By the verified mobile number and the date of birth: the link goes
    /// by email and by SMS.
    Phone,
    /// By NIK and the date of birth: the link goes by email and by SMS.
    Nik,
}

/// `POST /api/password/forgot`. Only the fields of the chosen way are
/// needed (`email`; `phone` + `date_of_birth`; `nik` + `date_of_birth`);
/// the others are left out. Plain strings, so the API can say which field
/// is wrong.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgotRequest {
    pub way: ForgotWay,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `08...`, `628...` or `+628...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik: Option<String>,
    /// `DD/MM/YYYY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// The language of a message to an address without an account
    /// (messages to an account use the account's language).
    #[serde(default)]
    pub lang: Lang,
    /// A solved captcha, once the API asked for one (`captcha_required`):
    /// many requests came from this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_answer: Option<String>,
}

/// Shows only the way: the identifiers are personal data.
impl core::fmt::Debug for ForgotRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ForgotRequest")
            .field("way", &self.way)
            .finish_non_exhaustive()
    }
}

/// `POST /api/password/reset/check`: the token from the reset link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetCheckRequest {
    pub token: String,
}

debug_without_secrets!(ResetCheckRequest {
    shown: [],
    secret: [token]
});

/// The link still works, for this account.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetCheckResponse {
    /// The account's address, masked (`bu***@gmail.com`).
    pub email_masked: String,
}

/// `POST /api/password/reset`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetRequest {
    pub token: String,
    pub new_password: String,
}

debug_without_secrets!(ResetRequest {
    shown: [],
    secret: [token, new_password]
});

/// `POST /api/reauth`: the password again, to renew the session's full
/// login before a sensitive change.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReauthRequest {
    pub password: String,
}

debug_without_secrets!(ReauthRequest {
    shown: [],
    secret: [password]
});

/// `POST /api/profile/phone/change`: the new mobile number.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneChangeRequest {
    /// `08...`, `628...` or `+628...`.
    pub phone: String,
}

/// The answer to the right code for a new mobile number.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneChanged {
    /// The new, verified number, masked (`+62 812****7890`).
    pub phone_masked: String,
}

/// Where incentives are paid.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PayoutKind {
    /// A BNI bank account.
    Bni,
    /// An e-wallet registered to the account's mobile number.
    Ewallet,
}

/// The e-wallets incentives can be paid to.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wallet {
    Gopay,
    Ovo,
    Dana,
    Linkaja,
}

/// `POST /api/payout/link`. Flat, like [`ForgotRequest`]: `kind` says
/// which fields count (`account_number` + `holder_name` for `bni`;
/// `provider` + `number` for `ewallet`); the others are left out.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutLinkRequest {
    pub kind: PayoutKind,
    /// BNI: 10 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// BNI: the name on the account, which must be the registry's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Wallet>,
    /// E-wallet: the wallet's number, which must be the account's verified
    /// mobile number (`08...`, `628...` or `+628...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

/// Shows only the kind and provider: the numbers are personal data.
impl core::fmt::Debug for PayoutLinkRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PayoutLinkRequest")
            .field("kind", &self.kind)
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

/// The linked payout account, masked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedPayout {
    pub kind: PayoutKind,
    /// For an e-wallet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Wallet>,
    /// `******7890` for a BNI account, `+62 812****7890` for an e-wallet.
    pub masked_number: String,
    /// Unix milliseconds.
    pub linked_at: i64,
    /// From when incentives may be paid to it (Unix milliseconds): the
    /// provider's cooling-off period after linking.
    pub usable_from: i64,
}

/// `GET /api/payout`: `linked` is `null` when nothing is linked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutStatus {
    #[serde(default)]
    pub linked: Option<LinkedPayout>,
}

/// One signed-in device, in `GET /api/sessions`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// An opaque handle for ending this session (not the cookie).
    pub id: String,
    /// "Chrome on Android", from the browser's user agent.
    pub device: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub last_seen_at: i64,
    pub current: bool,
}

/// `POST /api/sessions/end-others`: ending every other session asks for
/// the password, so that someone who took over one session cannot throw
/// the owner out.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndOthersRequest {
    pub password: String,
}

/// Never shows the password.
impl core::fmt::Debug for EndOthersRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EndOthersRequest").finish_non_exhaustive()
    }
}

/// `POST /api/sessions/end`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndSessionRequest {
    pub id: String,
}

/// The Report Form's photos sent so far (`POST` and `GET
/// /api/reports/draft`, and the answer to each upload). The draft is held
/// by an `HttpOnly` cookie, so a reload or a dropped connection loses
/// nothing already sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDraft {
    /// The slots that hold a photo, in slot order.
    pub photos: Vec<crate::case::PhotoSlot>,
    /// When the draft and its photos are deleted unless the case is
    /// submitted (Unix milliseconds).
    pub expires_at: i64,
}

/// `POST /api/reports`: submits the draft's four photos as a case.
///
/// Fields are plain strings so that the API can say which one is wrong.
/// `name`, `nik` and `date_of_birth` are left out by a signed-in person
/// whose identity is complete: the case takes the account's.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRequest {
    /// What happened; `null` is refused with `case_kind_missing`.
    #[serde(default)]
    pub kind: Option<crate::case::CaseKind>,
    pub description: String,
    /// Where to answer: an email address and a mobile number.
    pub email: String,
    pub phone: String,
    /// The name as on the e-KTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik: Option<String>,
    /// `DD/MM/YYYY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// The language of the emails and texts about the case.
    #[serde(default)]
    pub lang: Lang,
    /// A solved captcha, once the API asked for one (`captcha_required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_answer: Option<String>,
}

/// Never shows the identity, the contact or the description.
impl core::fmt::Debug for CaseRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CaseRequest")
            .field("kind", &self.kind)
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

/// The answer to a submitted case.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCreated {
    pub case: crate::case::CaseNumber,
    /// Where the confirmation went, masked (`bu***@gmail.com`).
    pub email: String,
}

/// `POST /api/reports/status`: a case by its number and either the email
/// address it was submitted with or the key from the emailed link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLookup {
    pub case: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

debug_without_secrets!(CaseLookup {
    shown: [case],
    secret: [email, key]
});

/// Where a case stands, as its status page shows it. Never the photos,
/// the identity or the description.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub case: crate::case::CaseNumber,
    pub kind: crate::case::CaseKind,
    pub status: crate::case::CaseStatus,
    /// Unix milliseconds.
    pub submitted_at: i64,
    pub updated_at: i64,
    /// What the reviewer asks for, when the status is `more_info`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needed: Vec<crate::case::CaseNeed>,
    /// What was done, when the status is `resolved`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<crate::case::CaseOutcome>,
    /// Why, when the status is `rejected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<crate::case::RejectReason>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity_body(
        extra: Option<(&'static str, &'static str)>,
    ) -> Result<IdentityRequest, serde::de::value::Error> {
        use serde::de::IntoDeserializer;
        use serde::de::value::MapDeserializer;
        let mut pairs = vec![
            ("nik", "3201011708900001"),
            ("kk", "3201012505170003"),
            ("date_of_birth", "17/08/1990"),
            ("phone", "081234567890"),
        ];
        pairs.extend(extra);
        let de: MapDeserializer<'_, _, serde::de::value::Error> = MapDeserializer::new(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into_deserializer(), v.into_deserializer())),
        );
        IdentityRequest::deserialize(de)
    }

    #[test]
    fn an_identity_request_refuses_a_name_and_hides_its_numbers() {
        let body = identity_body(None).unwrap();
        assert_eq!(body.nik, "3201011708900001");
        let err = identity_body(Some(("name", "SOMEONE ELSE"))).unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
        let debug = format!("{body:?}");
        assert!(!debug.contains("3201011708900001") && !debug.contains("3201012505170003"));
    }

    #[test]
    fn password_changes_never_show_the_passwords() {
        let req = ChangePasswordRequest {
            current_password: "old secret".into(),
            new_password: "new secret".into(),
        };
        assert!(!format!("{req:?}").contains("secret"));
    }

    #[test]
    fn forgot_requests_use_lowercase_ways_and_hide_their_numbers() {
        use serde::de::IntoDeserializer;
        use serde::de::value::MapDeserializer;
        // Only the way: the other fields are optional.
        let de: MapDeserializer<'_, _, serde::de::value::Error> = MapDeserializer::new(
            [("way", "nik")]
                .into_iter()
                .map(|(k, v)| (k.into_deserializer(), v.into_deserializer())),
        );
        let body = ForgotRequest::deserialize(de).unwrap();
        assert_eq!(body.way, ForgotWay::Nik);
        assert_eq!((body.email, body.nik), (None, None));
        assert_eq!(body.lang, Lang::Id);
        let body = ForgotRequest {
            way: ForgotWay::Nik,
            email: None,
            phone: Some("081234567890".into()),
            nik: Some("3201011708900001".into()),
            date_of_birth: Some("17/08/1990".into()),
            lang: Lang::En,
            captcha_id: None,
            captcha_answer: None,
        };
        let debug = format!("{body:?}");
        assert!(debug.contains("Nik"), "{debug}");
        for secret in ["3201011708900001", "1990", "0812"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        let reset = ResetRequest {
            token: "a".repeat(64),
            new_password: "new secret".into(),
        };
        let debug = format!("{reset:?}");
        assert!(
            !debug.contains("secret") && !debug.contains("aaaa"),
            "{debug}"
        );
    }

    #[test]
    fn bodies_with_a_password_code_or_token_show_every_other_field_in_debug() {
        let token = "f".repeat(64);
        let cases: Vec<(String, Vec<&str>)> = vec![
            (
                format!(
                    "{:?}",
                    RegisterRequest {
                        email: "budi@example.com".into(),
                        password: "hunter2-secret".into(),
                        accept_terms: true,
                        lang: Lang::En,
                        captcha_id: Some("captcha-9".into()),
                        captcha_answer: Some("XY7ZQ".into()),
                    }
                ),
                vec!["budi@example.com", "accept_terms: true", "En", "captcha-9"],
            ),
            (
                format!(
                    "{:?}",
                    LoginRequest {
                        email: "budi@example.com".into(),
                        password: "hunter2-secret".into(),
                        captcha_id: "captcha-7".into(),
                        captcha_answer: "AB3DE".into(),
                        lang: Lang::Id,
                    }
                ),
                vec!["budi@example.com", "captcha-7", "Id"],
            ),
            (
                format!(
                    "{:?}",
                    CodeStatus {
                        attempt: token.clone(),
                        sent_to: "bu***@example.com".into(),
                        code: CodeState {
                            code_expires_in: 300,
                            new_codes_left: 5,
                            codes_locked_for: None,
                            delivery_failed: false,
                        },
                    }
                ),
                vec!["bu***@example.com", "code_expires_in: 300"],
            ),
            (
                format!(
                    "{:?}",
                    CodeRequest {
                        attempt: token.clone(),
                        code: "042917".into(),
                    }
                ),
                vec![],
            ),
            (
                format!(
                    "{:?}",
                    AttemptRequest {
                        attempt: token.clone()
                    }
                ),
                vec![],
            ),
            (
                format!(
                    "{:?}",
                    VerifyRequest {
                        token: token.clone()
                    }
                ),
                vec![],
            ),
            (
                format!(
                    "{:?}",
                    PhoneCodeRequest {
                        code: "042917".into()
                    }
                ),
                vec![],
            ),
            (
                format!(
                    "{:?}",
                    ResetCheckRequest {
                        token: token.clone()
                    }
                ),
                vec![],
            ),
            (
                format!(
                    "{:?}",
                    ResetRequest {
                        token: token.clone(),
                        new_password: "hunter2-secret".into(),
                    }
                ),
                vec![],
            ),
            (
                format!(
                    "{:?}",
                    ReauthRequest {
                        password: "hunter2-secret".into()
                    }
                ),
                vec![],
            ),
            (
                format!(
                    "{:?}",
                    ChangePasswordRequest {
                        current_password: "hunter2-secret".into(),
                        new_password: "hunter3-secret".into(),
                    }
                ),
                vec![],
            ),
        ];
        for (debug, shown) in cases {
            for secret in ["hunter", "AB3DE", "XY7ZQ", "042917", "ffff"] {
                assert!(!debug.contains(secret), "{secret} in {debug}");
            }
            // The secret fields are still named, with a placeholder.
            assert!(debug.contains(": ***"), "{debug}");
            for field in shown {
                assert!(debug.contains(field), "{field} missing in {debug}");
            }
        }
    }

    #[test]
    fn language_tags_fall_back_to_indonesian() {
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("EN"), Lang::En);
        assert_eq!(Lang::from_tag("id-ID"), Lang::Id);
        assert_eq!(Lang::from_tag("fr"), Lang::Id);
        assert_eq!(Lang::from_tag(""), Lang::Id);
    }
}
