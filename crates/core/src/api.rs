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
