//! Sessions: the cookie, the `AuthSession` extractor, and the endpoints a
//! signed-in person uses to see who they are and which devices are signed in.
//!
//! The cookie holds 32 random bytes; the database keeps only their SHA-256.
//! A session ends after 30 idle minutes or 12 hours, whichever comes first,
//! on logout, and when its owner ends it from another device.

use std::time::Duration;

use akun_core::ErrorCode;
use akun_core::api::{EndSessionRequest, Lang, Me, SessionInfo};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use sqlx::{AnyConnection, Row};

use super::AppState;
use super::error::ApiJson;
use crate::clock::{Millis, ms};
use crate::error::{Error, Result};
use crate::tokens;

pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(12 * 3600);
/// `last_seen_at` is written at most this often, so that reading pages does
/// not turn every request into a write.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me", get(me))
        .route("/api/logout", post(logout))
        .route("/api/sessions", get(list))
        .route("/api/sessions/end", post(end_one))
        .route("/api/sessions/end-others", post(end_others))
}

/// The cookie's name: with `Secure`, the `__Host-` prefix makes browsers
/// refuse it unless it is host-only, on `/`, and sent over HTTPS.
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

/// "Chrome · Android" from a user agent, for the sessions list and notices.
/// Deliberately coarse: enough for a person to recognise their phone.
pub fn device_name(user_agent: &str) -> String {
    let browser = [
        ("SamsungBrowser", "Samsung Internet"),
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map_or("Browser", |(_, name)| name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map_or("?", |(_, name)| name);
    format!("{browser} · {os}")
}

/// Starts a session for the account and returns its `Set-Cookie` header.
/// A new value every time: a login never reuses an earlier session.
pub async fn start(
    conn: &mut AnyConnection,
    state: &AppState,
    now: Millis,
    account_id: i64,
    user_agent: &str,
) -> Result<HeaderValue> {
    let (value, id) = tokens::new_token();
    let user_agent: String = user_agent.chars().take(400).collect();
    sqlx::query(
        "INSERT INTO sessions (id, account_id, created_at, last_seen_at, expires_at, user_agent, device, authenticated_at)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $3)",
    )
    .bind(&id)
    .bind(account_id)
    .bind(now)
    .bind(now + ms(ABSOLUTE_TIMEOUT))
    .bind(&user_agent)
    .bind(device_name(&user_agent))
    .execute(&mut *conn)
    .await?;
    Ok(cookie(state, &value, ABSOLUTE_TIMEOUT))
}

/// A signed-in request. Rejects with 401 when the cookie is missing,
/// unknown, ended, idle too long or past its absolute life.
#[derive(Debug, Clone)]
pub struct AuthSession {
    pub account_id: i64,
    /// The stored id (hash of the cookie).
    pub id: String,
    /// When the password was last proved in this session: its full login,
    /// or a later `POST /api/reauth`.
    pub authenticated_at: Millis,
}

/// How recent a full login (or a re-entered password) must be for changes
/// such as a new mobile number.
pub const RECENT_LOGIN: Duration = Duration::from_secs(10 * 60);

impl AuthSession {
    /// Refuses with 403 `reauth_required` unless the password was proved in
    /// this session within [`RECENT_LOGIN`].
    pub fn require_recent_login(&self, now: Millis) -> Result<()> {
        if now - self.authenticated_at <= ms(RECENT_LOGIN) {
            Ok(())
        } else {
            Err(Error::from(akun_core::ErrorCode::ReauthRequired))
        }
    }
}

impl FromRequestParts<AppState> for AuthSession {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let value = read_cookie(&parts.headers, cookie_name(state))
            .ok_or(Error::from(ErrorCode::Unauthorized))?;
        if !tokens::looks_like_token(value) {
            return Err(Error::from(ErrorCode::Unauthorized));
        }
        let id = tokens::hash_token(value);
        let now = state.clock.now();
        let row = sqlx::query(
            "SELECT account_id, last_seen_at, COALESCE(authenticated_at, created_at) AS authenticated_at FROM sessions
             WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3",
        )
        .bind(&id)
        .bind(now)
        .bind(now - ms(IDLE_TIMEOUT))
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(Error::from(ErrorCode::Unauthorized))?;
        let last_seen: Millis = row.try_get("last_seen_at")?;
        if now - last_seen > ms(TOUCH_EVERY) {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
                .bind(now)
                .bind(&id)
                .execute(&state.db.pool)
                .await?;
        }
        Ok(AuthSession {
            account_id: row.try_get("account_id")?,
            id,
            authenticated_at: row.try_get("authenticated_at")?,
        })
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for AuthSession {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Error> {
        match <AuthSession as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(session) => Ok(Some(session)),
            Err(e) if e.is(ErrorCode::Unauthorized) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[utoipa::path(get, path = "/api/me", responses(
    (status = 200, description = "The signed-in account", body = Me),
    (status = 401, description = "Not signed in", body = akun_core::ApiError)
))]
pub async fn me(State(state): State<AppState>, session: AuthSession) -> Result<Json<Me>> {
    let row = sqlx::query("SELECT email, status, lang FROM accounts WHERE id = $1")
        .bind(session.account_id)
        .fetch_one(&state.db.pool)
        .await?;
    let identity = super::profile::shown_identity(&state, session.account_id).await?;
    Ok(Json(Me {
        email: row.try_get("email")?,
        name: identity.name,
        status: row.try_get("status")?,
        blocked_reason: None,
        lang: Lang::from_tag(&row.try_get::<String, _>("lang")?),
        identity_complete: identity.complete,
        nik_masked: identity.nik_masked,
        kk_masked: identity.kk_masked,
        date_of_birth: identity.date_of_birth,
        phone_masked: identity.phone_masked,
        phone_verified: identity.phone_verified,
        beneficiary_this_year: crate::beneficiaries::is_beneficiary(
            &state.db.pool,
            session.account_id,
            crate::beneficiaries::programme_year(state.clock.now()),
        )
        .await?,
    }))
}

fn cleared(state: &AppState) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie(state, "", Duration::ZERO));
    response
}

#[utoipa::path(post, path = "/api/logout", responses(
    (status = 204, description = "The session has ended on the server and the cookie is cleared")
))]
pub async fn logout(
    State(state): State<AppState>,
    session: Option<AuthSession>,
) -> Result<Response> {
    if let Some(session) = session {
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(state.clock.now())
            .bind(&session.id)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(cleared(&state))
}

/// The handle shown for a session: a prefix of a hash of its stored id, so
/// the list never reveals anything that could be turned into a cookie.
fn public_id(id: &str) -> String {
    tokens::hash_token(id)[..16].to_owned()
}

#[utoipa::path(get, path = "/api/sessions", responses(
    (status = 200, description = "This account's active sessions, newest first", body = Vec<SessionInfo>),
    (status = 401, description = "Not signed in", body = akun_core::ApiError)
))]
pub async fn list(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<Vec<SessionInfo>>> {
    let now = state.clock.now();
    let rows = sqlx::query(
        "SELECT id, device, created_at, last_seen_at FROM sessions
         WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3
         ORDER BY last_seen_at DESC",
    )
    .bind(session.account_id)
    .bind(now)
    .bind(now - ms(IDLE_TIMEOUT))
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.try_get("id")?;
        out.push(SessionInfo {
            current: id == session.id,
            id: public_id(&id),
            device: row.try_get("device")?,
            created_at: row.try_get("created_at")?,
            last_seen_at: row.try_get("last_seen_at")?,
        });
    }
    Ok(Json(out))
}

#[utoipa::path(post, path = "/api/sessions/end", request_body = EndSessionRequest, responses(
    (status = 204, description = "That session has ended (ending the current one also clears its cookie)"),
    (status = 404, description = "No such session of this account", body = akun_core::ApiError)
))]
pub async fn end_one(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(req): ApiJson<EndSessionRequest>,
) -> Result<Response> {
    let rows = sqlx::query("SELECT id FROM sessions WHERE account_id = $1 AND revoked_at IS NULL")
        .bind(session.account_id)
        .fetch_all(&state.db.pool)
        .await?;
    let mut target = None;
    for row in rows {
        let id: String = row.try_get(0)?;
        if public_id(&id) == req.id {
            target = Some(id);
        }
    }
    let target = target.ok_or(Error::from(ErrorCode::NotFound))?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND account_id = $3")
        .bind(state.clock.now())
        .bind(&target)
        .bind(session.account_id)
        .execute(&state.db.pool)
        .await?;
    if target == session.id {
        Ok(cleared(&state))
    } else {
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}

#[utoipa::path(post, path = "/api/sessions/end-others", responses(
    (status = 204, description = "Every other session of this account has ended")
))]
pub async fn end_others(State(state): State<AppState>, session: AuthSession) -> Result<StatusCode> {
    end_all_but(&state, session.account_id, Some(&session.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every session of the account except `keep` (password changes and
/// resets use this too).
pub async fn end_all_but(state: &AppState, account_id: i64, keep: Option<&str>) -> Result<()> {
    let mut conn = state.db.pool.acquire().await?;
    end_all_but_on(&mut conn, state.clock.now(), account_id, keep).await
}

/// [`end_all_but`] on the caller's connection or transaction.
pub async fn end_all_but_on(
    conn: &mut AnyConnection,
    now: Millis,
    account_id: i64,
    keep: Option<&str>,
) -> Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL AND id <> $3")
        .bind(now)
        .bind(account_id)
        .bind(keep.unwrap_or(""))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named_by_browser_and_system() {
        let android = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
        assert_eq!(device_name(android), "Chrome · Android");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_name(iphone), "Safari · iOS");
        assert_eq!(device_name("curl/8.0"), "Browser · ?");
        let samsung = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36";
        assert_eq!(device_name(samsung), "Samsung Internet · Android");
    }

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
