//! Request and response bodies exchanged by the SPA and the API.

use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub accept_terms: bool,
    /// The language the verification email is written in.
    #[serde(default)]
    pub lang: Lang,
}

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResendRequest {
    pub email: String,
    #[serde(default)]
    pub lang: Lang,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResendResponse {
    pub resend_after: u32,
}

/// `POST /api/register/verify`: the token from the emailed link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyRequest {
    pub token: String,
}

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    pub captcha_id: String,
    pub captcha_answer: String,
    /// The language of the code email.
    #[serde(default)]
    pub lang: Lang,
}

/// Where a login stands between the password and the one-time code: the
/// answer to the password step, to a new-code request and to a status
/// check.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeStatus {
    /// The handle of this login attempt; codes work only with it.
    pub attempt: String,
    /// Where the code went, masked (`bu***@gmail.com`).
    pub sent_to: String,
    /// Seconds the current code still works (0 when there is none).
    pub code_expires_in: u32,
    /// New codes that can still be asked for (of 5).
    pub new_codes_left: u32,
    /// Seconds until codes can be sent again, during the 2-hour wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codes_locked_for: Option<u32>,
    /// The code's email could not be delivered; a new code is free.
    pub delivery_failed: bool,
}

/// `POST /api/login/code`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequest {
    pub attempt: String,
    pub code: String,
}

/// `POST /api/login/code/new` and `POST /api/login/status`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRequest {
    pub attempt: String,
}

/// `GET /api/me`: the signed-in account.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    /// From the civil registry once the identity is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `active` or `blocked`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_reason: Option<String>,
    pub lang: Lang,
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

/// `POST /api/sessions/end`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndSessionRequest {
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_fall_back_to_indonesian() {
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("EN"), Lang::En);
        assert_eq!(Lang::from_tag("id-ID"), Lang::Id);
        assert_eq!(Lang::from_tag("fr"), Lang::Id);
        assert_eq!(Lang::from_tag(""), Lang::Id);
    }
}
