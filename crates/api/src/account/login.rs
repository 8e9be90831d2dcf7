//! Login: captcha + email + password, then a six-digit code sent by email.
//!
//! Rules that hold here:
//! - Wrong captcha, wrong password and unknown email give one answer
//!   (`login_failed`), and an unknown email is checked against a dummy hash
//!   so the time taken does not tell either. A captcha is spent by its
//!   first check; a busy hashing pool gives it back, since no password was
//!   checked with it.
//! - Failed passwords count under the address's limits (see
//!   [`super::password`]).
//! - The password opens a login attempt: a random handle the screen keeps,
//!   stored hashed, living [`ATTEMPT_LIFETIME`].
//! - The codes, sent by email, follow the one-time-code rules of
//!   [`super::code`] (the [`Target::Login`] of the attempt): the attempt
//!   ends after 15 wrong tries over all its codes, and the count of codes
//!   is the account's, whichever attempt asks. No first code is sent while
//!   the account is in its wait; the attempt's screen says how long.
//! - A blocked account is refused after the right password, with why
//!   (see [`super::block`]).
//! - The right code closes the attempt, starts a session and starts the
//!   account's count of codes afresh; a login from a device the account
//!   has not used before (the very first login aside) emails a notice.

use std::net::IpAddr;
use std::time::Duration;

use akun_core::api::{CodeRequest, CodeStatus, Lang, LoginRequest};
use akun_core::{Email, ErrorCode, OtpCode};
use sqlx::Row;

use super::challenge;
use super::code::{self, Target};
use super::password::FailureGuard;
use super::session;
use crate::clock::{Millis, ms, wib};
use crate::error::{InField, Result};
use crate::limits::{self, Rule};
use crate::messages::Message;
use crate::state::AppState;
use crate::{outbox, tokens};

pub const ATTEMPT_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// The password step: checks captcha and password and opens a login
/// attempt, with its first code unless the account is in its wait.
pub async fn password_step(
    state: &AppState,
    ip: IpAddr,
    user_agent: &str,
    req: &LoginRequest,
) -> Result<CodeStatus> {
    let now = state.clock.now();
    let email = Email::parse(&req.email).field("email")?;
    let mut conn = state.db.pool.acquire().await?;
    limits::hit(&mut conn, now, &Rule::LoginPerClient.of_client(ip)).await?;
    // One connection for these steps, released before the slow hash: a
    // request never holds one connection while waiting for another.
    if !challenge::spend(&mut conn, state, now, &req.captcha_id, &req.captcha_answer).await? {
        return Err(ErrorCode::LoginFailed.into());
    }
    // The same guard for known and unknown addresses.
    let guard = FailureGuard::enter(&mut conn, state, now, &email, &ip.to_string()).await?;
    let account = sqlx::query(
        "SELECT id, password_hash, status, blocked_reason, blocked_final FROM accounts WHERE email = $1",
    )
        .bind(email.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    drop(conn);
    let stored = match &account {
        Some(row) => Some(row.try_get::<String, _>("password_hash")?),
        None => None,
    };
    let ok = match state.hasher.verify(&req.password, stored.as_deref()).await {
        Err(busy) if busy.is(ErrorCode::Busy) => {
            // No password was checked, so the solved captcha stays good for
            // the retry that the busy answer asks for: the screen waits and
            // sends the same form again by itself.
            challenge::restore(state, &req.captcha_id).await?;
            return Err(busy);
        }
        other => other?,
    };
    let Some(account) = account.filter(|_| ok) else {
        guard.failed(state).await?;
        return Err(ErrorCode::LoginFailed.into());
    };
    let account_id: i64 = account.try_get("id")?;
    if account.try_get::<String, _>("status")? == "unverified" {
        return Err(ErrorCode::EmailNotVerified.into());
    }
    // Only someone who knows the password learns that the account is
    // blocked, and why.
    if let Some(blocked) = session::blocked_from_row(&account)? {
        tracing::info!(
            account = account_id,
            "login refused: the account is blocked"
        );
        return Err(session::blocked_refusal(blocked));
    }

    // The attempt, and its first code unless the account is in its wait.
    let now = state.clock.now();
    let (handle, attempt_id) = tokens::new_token();
    let mut tx = state.db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO login_attempts (id, account_id, created_at, expires_at, user_agent, lang)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&attempt_id)
    .bind(account_id)
    .bind(now)
    .bind(now + ms(ATTEMPT_LIFETIME))
    .bind(session::kept_user_agent(user_agent))
    .bind(req.lang.code())
    .execute(&mut *tx)
    .await?;
    let target = Target::Login {
        attempt: &attempt_id,
        account: account_id,
    };
    if code::take_slot(&mut tx, now, target).await?.is_ok() {
        code::issue(&mut tx, state, now, target, email.as_str(), req.lang).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        account = account_id,
        "password accepted; waiting for the code"
    );
    code_status(state, &handle, target).await
}

/// Where the attempt stands, for the code screen.
async fn code_status(state: &AppState, handle: &str, target: Target<'_>) -> Result<CodeStatus> {
    let now = state.clock.now();
    let mut conn = state.db.pool.acquire().await?;
    let email: String = sqlx::query("SELECT email FROM accounts WHERE id = $1")
        .bind(target.account())
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok(CodeStatus {
        attempt: handle.to_owned(),
        sent_to: Email::parse(&email).map(|e| e.masked()).unwrap_or_default(),
        code: code::state(&mut conn, now, target).await?,
    })
}

/// The attempt behind a handle, if it is still open.
async fn open_attempt(state: &AppState, now: Millis, handle: &str) -> Result<(String, i64)> {
    if !tokens::looks_like_token(handle) {
        return Err(ErrorCode::LoginExpired.into());
    }
    let id = tokens::hash_token(handle);
    let row = sqlx::query(
        "SELECT account_id FROM login_attempts WHERE id = $1 AND completed_at IS NULL AND expires_at > $2 AND failures < $3",
    )
    .bind(&id)
    .bind(now)
    .bind(code::TRIES_PER_ATTEMPT)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(ErrorCode::LoginExpired)?;
    Ok((id, row.try_get(0)?))
}

/// The code step: a right code closes the attempt and starts a session,
/// whose cookie value is returned.
pub async fn submit_code(state: &AppState, user_agent: &str, req: &CodeRequest) -> Result<String> {
    let code = OtpCode::parse(&req.code).field("code")?;
    let now = state.clock.now();
    let (attempt_id, account_id) = open_attempt(state, now, &req.attempt).await?;
    let target = Target::Login {
        attempt: &attempt_id,
        account: account_id,
    };
    code::try_code(state, now, target, &code).await?;

    // Right: close the attempt (once), start a session, clear the counts.
    let mut tx = state.db.pool.begin().await?;
    let closed = sqlx::query(
        "UPDATE login_attempts SET completed_at = $1, code_failures = code_failures - 1, failures = failures - 1
         WHERE id = $2 AND completed_at IS NULL",
    )
    .bind(now)
    .bind(&attempt_id)
    .execute(&mut *tx)
    .await?;
    if closed.rows_affected() != 1 {
        return Err(ErrorCode::LoginExpired.into());
    }
    sqlx::query(
        "UPDATE account_guards SET codes_sent = 0, codes_locked_until = NULL WHERE account_id = $1",
    )
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    // The owner proved who they are: failed passwords, perhaps someone
    // else's, no longer count against the address.
    let email: String = sqlx::query("SELECT email FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    FailureGuard::clear(&mut tx, state, &email).await?;
    let ua = session::kept_user_agent(user_agent);
    let device = session::device_name(&ua);
    let known_device = sqlx::query("SELECT COUNT(*) AS n, SUM(CASE WHEN device = $2 THEN 1 ELSE 0 END) AS same FROM sessions WHERE account_id = $1")
        .bind(account_id)
        .bind(&device)
        .fetch_one(&mut *tx)
        .await?;
    let earlier: i64 = known_device.try_get("n")?;
    let same: i64 = known_device.try_get::<Option<i64>, _>("same")?.unwrap_or(0);
    let cookie = session::start(&mut tx, now, account_id, &ua).await?;
    if earlier > 0 && same == 0 {
        let row = sqlx::query("SELECT email, lang FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_one(&mut *tx)
            .await?;
        let lang = Lang::from_tag(&row.try_get::<String, _>("lang")?);
        let message = Message::NewDeviceLogin {
            when: wib(now),
            device,
            misuse_link: format!("{}/help#misuse", state.config.origin()),
        };
        outbox::enqueue(
            &mut tx,
            now,
            &row.try_get::<String, _>("email")?,
            lang,
            &message,
        )
        .await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(account = account_id, "signed in");
    Ok(cookie)
}

/// A new code for the attempt, under the code rules.
pub async fn new_code(state: &AppState, handle: &str) -> Result<CodeStatus> {
    let now = state.clock.now();
    let (attempt_id, account_id) = open_attempt(state, now, handle).await?;
    let mut tx = state.db.pool.begin().await?;
    // Lock the attempt row first (a write), then read what it needs.
    let row = sqlx::query(
        "UPDATE login_attempts SET lang = lang WHERE id = $1
         RETURNING lang, (SELECT email FROM accounts WHERE id = $2) AS email",
    )
    .bind(&attempt_id)
    .bind(account_id)
    .fetch_one(&mut *tx)
    .await?;
    let lang = Lang::from_tag(&row.try_get::<String, _>("lang")?);
    let email: String = row.try_get("email")?;
    let target = Target::Login {
        attempt: &attempt_id,
        account: account_id,
    };
    code::take_slot(&mut tx, now, target).await??;
    code::issue(&mut tx, state, now, target, &email, lang).await?;
    tx.commit().await?;
    state.outbox.wake();
    code_status(state, handle, target).await
}

/// Where the attempt stands.
pub async fn status(state: &AppState, handle: &str) -> Result<CodeStatus> {
    let (attempt_id, account_id) = open_attempt(state, state.clock.now(), handle).await?;
    let target = Target::Login {
        attempt: &attempt_id,
        account: account_id,
    };
    code_status(state, handle, target).await
}
