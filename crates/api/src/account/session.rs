//! Sessions: starting one at login, finding the one a request carries,
//! listing and ending them.
//!
//! Rules that hold here:
//! - A session is 32 random bytes (256 bits), given to the person once (the
//!   cookie, see `http::auth`) and stored only as their SHA-256. A login
//!   never reuses a session.
//! - It ends after [`IDLE_TIMEOUT`] without use or [`ABSOLUTE_TIMEOUT`]
//!   after it began, whichever comes first, on logout, when its owner ends
//!   it from another device, and when the password changes or is reset.
//! - An account may be signed in on several devices at once (a phone, a
//!   laptop, a cybercafé's computer), at most [`MAX_SESSIONS`]. A new login
//!   leaves the others as they are (it tells the owner by email when the
//!   device is new), except that beyond [`MAX_SESSIONS`] it ends the ones
//!   used least recently, so that the sessions of one account cannot
//!   pile up without bound, and the device in use is never the one ended.
//! - `last_seen_at` is written at most once a minute, so reading pages does
//!   not turn every request into a write.
//! - The list shows a hash of the stored id, never anything that could
//!   become a cookie.
//! - Changes such as a new mobile number or a payout account need the
//!   password proved in the session within [`RECENT_LOGIN`]: its full
//!   login, or a re-entry of the password ([`super::password::reauth`]).
//! - Proving the password again, or changing it, replaces the session's
//!   value ([`rotate`]): a cookie copied before stops working.
//! - An account may be signed in on several devices at once, each its own
//!   session, listed for its owner, who can end any of them (ending all the
//!   others asks for the password). A new login ends no other session; a
//!   password change or reset ends all but the one that made the change.

use std::time::Duration;

use akun_core::api::SessionInfo;
use akun_core::{BlockReason, Blocked, ErrorCode};
use sqlx::{AnyConnection, Row};

use crate::clock::{Millis, ms};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::tokens;

pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(12 * 3600);
/// `last_seen_at` is written at most this often.
const TOUCH_EVERY: Duration = Duration::from_secs(60);
/// How recent a full login (or a re-entered password) must be for changes
/// such as a new mobile number.
pub const RECENT_LOGIN: Duration = Duration::from_secs(10 * 60);
/// Live sessions an account may have at once; a login beyond this ends
/// the least recently used. Ten covers a person's phone, laptop and a few
/// shared computers; an account signed in more often than that is more
/// likely being used by others than by its owner.
pub const MAX_SESSIONS: i64 = 10;
/// The longest user agent kept; the rest is cut off.
pub const USER_AGENT_CHARS: usize = 400;

/// A signed-in request's session.
#[derive(Debug, Clone)]
pub struct Session {
    pub account_id: i64,
    /// The stored id (hash of the cookie).
    pub id: String,
    /// When the password was last proved in this session: its full login,
    /// or a later [`super::password::reauth`].
    pub authenticated_at: Millis,
}

impl Session {
    /// Refuses with `reauth_required` unless the password was proved in
    /// this session within [`RECENT_LOGIN`].
    pub fn require_recent_login(&self, now: Millis) -> Result<()> {
        if now - self.authenticated_at <= ms(RECENT_LOGIN) {
            Ok(())
        } else {
            Err(ErrorCode::ReauthRequired.into())
        }
    }
}

/// The session a cookie's value opens, if it is still alive; refuses with
/// `unauthorized` when the value is missing, unknown, ended, idle too long
/// or past its absolute life, and with `account_blocked` when the account
/// is blocked (whose sessions were ended then; this holds even for one
/// blocked by hand in the database).
pub async fn authenticate(state: &AppState, value: Option<&str>) -> Result<Session> {
    let value = value
        .filter(|v| tokens::looks_like_token(v))
        .ok_or(ErrorCode::Unauthorized)?;
    let id = tokens::hash_token(value);
    let now = state.clock.now();
    let row = sqlx::query(
        "SELECT s.account_id, s.last_seen_at, COALESCE(s.authenticated_at, s.created_at) AS authenticated_at,
                a.status, a.blocked_reason, a.blocked_final
         FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3",
    )
    .bind(&id)
    .bind(now)
    .bind(now - ms(IDLE_TIMEOUT))
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(ErrorCode::Unauthorized)?;
    if let Some(blocked) = blocked_from_row(&row)? {
        return Err(blocked_refusal(blocked));
    }
    let last_seen: Millis = row.try_get("last_seen_at")?;
    if now - last_seen > ms(TOUCH_EVERY) {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(Session {
        account_id: row.try_get("account_id")?,
        id,
        authenticated_at: row.try_get("authenticated_at")?,
    })
}

/// Why the account is blocked, if it is, from its row's `status`,
/// `blocked_reason` and `blocked_final`. A blocked row without a known
/// reason (blocked by hand in the database) reads as `other`.
pub(crate) fn blocked_from_row(row: &sqlx::any::AnyRow) -> Result<Option<Blocked>> {
    let status: String = row.try_get("status")?;
    if status != "blocked" {
        return Ok(None);
    }
    let reason: Option<String> = row.try_get("blocked_reason")?;
    let is_final: Option<i64> = row.try_get("blocked_final")?;
    Ok(Some(Blocked {
        reason: reason
            .as_deref()
            .and_then(BlockReason::from_wire)
            .unwrap_or(BlockReason::Other),
        is_final: is_final == Some(1),
    }))
}

/// The refusal a blocked account gets everywhere.
pub(crate) fn blocked_refusal(blocked: Blocked) -> Error {
    Error::Refused(akun_core::ApiError::blocked(blocked))
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

/// The user agent as it is kept: at most [`USER_AGENT_CHARS`] characters.
pub fn kept_user_agent(user_agent: &str) -> String {
    user_agent.chars().take(USER_AGENT_CHARS).collect()
}

/// Starts a session for the account, in the caller's transaction, and
/// returns the value for the cookie. A new value every time: a login never
/// reuses an earlier session. Beyond [`MAX_SESSIONS`], the account's least
/// recently used sessions end.
pub async fn start(
    conn: &mut AnyConnection,
    now: Millis,
    account_id: i64,
    user_agent: &str,
) -> Result<String> {
    let (value, id) = tokens::new_token();
    let user_agent = kept_user_agent(user_agent);
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
    // The new session comes first, then the most recently used. Sessions
    // already dead by time are ended too, which changes nothing for them.
    sqlx::query(
        "UPDATE sessions SET revoked_at = $1
         WHERE account_id = $2 AND revoked_at IS NULL AND id NOT IN (
           SELECT id FROM sessions WHERE account_id = $2 AND revoked_at IS NULL
           ORDER BY CASE WHEN id = $3 THEN 0 ELSE 1 END, last_seen_at DESC, created_at DESC, id
           LIMIT $4)",
    )
    .bind(now)
    .bind(account_id)
    .bind(&id)
    .bind(MAX_SESSIONS)
    .execute(&mut *conn)
    .await?;
    Ok(value)
}

/// Replaces the request's session with a new one (a new cookie value) and
/// ends the old one, in the caller's transaction: after the password was
/// proved again or changed, a value someone may have copied before no
/// longer works. The new session keeps the old one's start and end (its
/// absolute life is not stretched) and counts as freshly authenticated.
/// Returns the new cookie value.
pub async fn rotate(conn: &mut AnyConnection, now: Millis, session: &Session) -> Result<String> {
    let (value, id) = tokens::new_token();
    let copied = sqlx::query(
        "INSERT INTO sessions (id, account_id, created_at, last_seen_at, expires_at, user_agent, device, authenticated_at)
         SELECT $1, account_id, created_at, $2, expires_at, user_agent, device, $2
         FROM sessions WHERE id = $3 AND revoked_at IS NULL",
    )
    .bind(&id)
    .bind(now)
    .bind(&session.id)
    .execute(&mut *conn)
    .await?;
    if copied.rows_affected() != 1 {
        return Err(ErrorCode::Unauthorized.into());
    }
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2")
        .bind(now)
        .bind(&session.id)
        .execute(&mut *conn)
        .await?;
    Ok(value)
}

/// Ends the session (logout).
pub async fn end(state: &AppState, session: &Session) -> Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(state.clock.now())
        .bind(&session.id)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// The handle shown for a session: a prefix of a hash of its stored id, so
/// the list never reveals anything that could be turned into a cookie.
fn public_id(id: &str) -> String {
    tokens::hash_token(id)[..16].to_owned()
}

/// The account's live sessions, the most recently used first.
pub async fn list(state: &AppState, session: &Session) -> Result<Vec<SessionInfo>> {
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
    Ok(out)
}

/// Ends the account's session whose handle is `public`; refuses with
/// `not_found` when the account has none such. Says whether it was the
/// session making the request (whose cookie should then be cleared).
pub async fn end_one(state: &AppState, session: &Session, public: &str) -> Result<bool> {
    let rows = sqlx::query("SELECT id FROM sessions WHERE account_id = $1 AND revoked_at IS NULL")
        .bind(session.account_id)
        .fetch_all(&state.db.pool)
        .await?;
    let mut target = None;
    for row in rows {
        let id: String = row.try_get(0)?;
        if public_id(&id) == public {
            target = Some(id);
        }
    }
    let target = target.ok_or(ErrorCode::NotFound)?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND account_id = $3")
        .bind(state.clock.now())
        .bind(&target)
        .bind(session.account_id)
        .execute(&state.db.pool)
        .await?;
    Ok(target == session.id)
}

/// Ends every session of the account except `keep`, on the caller's
/// connection or transaction (password changes and resets use this too).
pub async fn end_all_but(
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
}
