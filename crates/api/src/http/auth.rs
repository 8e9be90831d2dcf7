//! The session cookie, and the signed-in session as an extractor; the
//! Report Form's draft cookie, and its value as an extractor.
//!
//! The session cookie is `HttpOnly; SameSite=Lax; Path=/`, and with
//! `secure_cookies` also `Secure` under the `__Host-` prefix, which makes
//! browsers refuse it unless it is host-only, on `/`, and sent over HTTPS.
//! What a session is and how long it lives is [`crate::account::session`]'s.
//!
//! The draft cookie (`akun_report`, `__Host-akun_report` with
//! `secure_cookies`) is `HttpOnly; SameSite=Strict; Path=/` with
//! `Max-Age` the draft's remaining life: the Report Form is reached by
//! typing or following a link within the site, never needs the cookie on
//! a navigation from elsewhere, and only holds photos being sent. What a
//! draft is is [`crate::case::draft`]'s.

use std::time::Duration;

use akun_core::ErrorCode;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::account::session::{self, ABSOLUTE_TIMEOUT, Session};
use crate::error::Error;
use crate::state::AppState;

/// The cookie's name.
pub fn cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-akun_session"
    } else {
        "akun_session"
    }
}

fn cookie(state: &AppState, value: &str, max_age: Duration) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let text = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        cookie_name(state),
        max_age.as_secs()
    );
    HeaderValue::from_str(&text).expect("cookie values are hex")
}

/// `204 No Content` that sets the cookie of a new session.
pub fn signed_in(state: &AppState, value: &str) -> Response {
    with_cookie(cookie(state, value, ABSOLUTE_TIMEOUT))
}

/// `204 No Content` that clears the session cookie.
pub fn signed_out(state: &AppState) -> Response {
    with_cookie(cookie(state, "", Duration::ZERO))
}

fn with_cookie(cookie: HeaderValue) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

/// Whether the request carries a session cookie (whatever its value).
pub fn carries_session(headers: &HeaderMap, state: &AppState) -> bool {
    read_cookie(headers, cookie_name(state)).is_some()
}

/// The draft cookie's name.
pub fn report_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-akun_report"
    } else {
        "akun_report"
    }
}

/// The `Set-Cookie` of a draft cookie with `value`, living `max_age`
/// (an empty value and no life clear it).
pub fn report_cookie(state: &AppState, value: &str, max_age: Duration) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let text = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        report_cookie_name(state),
        max_age.as_secs()
    );
    HeaderValue::from_str(&text).expect("cookie values are hex")
}

/// Whether the request carries a draft cookie (whatever its value).
pub fn carries_report_draft(headers: &HeaderMap, state: &AppState) -> bool {
    read_cookie(headers, report_cookie_name(state)).is_some()
}

/// The draft cookie's value, if the request carries one; whether it names
/// a live draft is the domain's question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCookie(pub Option<String>);

impl FromRequestParts<AppState> for ReportCookie {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let value = read_cookie(&parts.headers, report_cookie_name(state));
        Ok(ReportCookie(value.map(str::to_owned)))
    }
}

fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// A signed-in request. Rejects with 401 when the cookie is missing,
/// unknown, ended, idle too long or past its absolute life.
impl FromRequestParts<AppState> for Session {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let value = read_cookie(&parts.headers, cookie_name(state));
        session::authenticate(state, value).await
    }
}

/// A request that may be signed in (logout).
impl OptionalFromRequestParts<AppState> for Session {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Error> {
        match <Session as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(session) => Ok(Some(session)),
            // A blocked account can still clear its cookie.
            Err(e) if e.is(ErrorCode::Unauthorized) || e.is(ErrorCode::AccountBlocked) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_from_any_cookie_header() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; akun_session=abc"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(read_cookie(&headers, "akun_session"), Some("abc"));
        assert_eq!(read_cookie(&headers, "b"), Some("2"));
        assert_eq!(read_cookie(&headers, "c"), None);
    }
}
