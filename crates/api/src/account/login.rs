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
//! - A code is 6 digits from the OS's CSPRNG, stored as a keyed hash bound
//!   to its login attempt, lives 5 minutes, and is spent by its first right
//!   answer. Each code allows 5 wrong tries; a try is counted *before* the
//!   comparison, so concurrent guesses cannot slip past the count. The
//!   attempt's total of wrong tries is never reset by a new code.
//! - Per account, across tabs, browsers and instances (the state is in the
//!   database): one code plus 5 new codes, then no codes for 2 hours from
//!   the fifth new one. A code whose email failed is replaced for free.
//! - The right code starts a session; a login from a device the account
//!   has not used before (the very first login aside) emails a notice.

use std::net::IpAddr;
use std::time::Duration;

use akun_core::api::{CaptchaResponse, CodeRequest, CodeStatus, Lang, LoginRequest};
use akun_core::{ApiError, Email, ErrorCode, OtpCode};
use rand::Rng;
use rand::rngs::OsRng;
use sqlx::{AnyConnection, Row};

use super::password::FailureGuard;
use super::session;
use crate::clock::{Millis, ms, wib};
use crate::error::{Error, InField, Result};
use crate::limits::{self, Limit};
use crate::messages::Message;
use crate::state::AppState;
use crate::{captcha, outbox, tokens};

pub const CODE_LIFETIME: Duration = Duration::from_secs(5 * 60);
pub const ATTEMPT_LIFETIME: Duration = Duration::from_secs(30 * 60);
pub const TRIES_PER_CODE: i64 = 5;
/// Wrong tries over a whole attempt, however many codes it used.
pub const TRIES_PER_ATTEMPT: i64 = 15;
pub const NEW_CODES: i64 = 5;
pub const CODES_WAIT: Duration = Duration::from_secs(2 * 3600);
/// Per client address; generous because of carrier-grade NAT.
pub const PER_CLIENT_PER_HOUR: i64 = 600;

const HOUR: Duration = Duration::from_secs(3600);

/// A new captcha, valid for one check within its minutes.
pub async fn new_captcha(state: &AppState, ip: IpAddr) -> Result<CaptchaResponse> {
    let now = state.clock.now();
    let mut conn = state.db.pool.acquire().await?;
    limits::hit(
        &mut conn,
        now,
        &format!("captcha-ip:{ip}"),
        Limit::per(PER_CLIENT_PER_HOUR * 2, HOUR),
    )
    .await?;
    drop(conn);
    let challenge = tokio::task::spawn_blocking(captcha::draw)
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("drawing a captcha: {e}")))?;
    let (id, _) = tokens::new_token();
    sqlx::query(
        "INSERT INTO captchas (id, answer_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(captcha::hash_answer(&challenge.answer))
    .bind(now)
    .bind(captcha::expires_at(now))
    .execute(&state.db.pool)
    .await?;
    Ok(CaptchaResponse {
        id,
        image: captcha::data_url(&challenge.png),
    })
}

/// Spends a captcha and says whether the answer was right. A challenge is
/// spent by its first check, right or wrong.
async fn spend_captcha(
    conn: &mut AnyConnection,
    now: Millis,
    id: &str,
    answer: &str,
) -> Result<bool> {
    let row = sqlx::query(
        "UPDATE captchas SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND expires_at > $1 RETURNING answer_hash",
    )
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(row) => {
            tokens::constant_time_eq(&row.try_get::<String, _>(0)?, &captcha::hash_answer(answer))
        }
        None => false,
    })
}

/// Makes a captcha that was spent on a login the hashing pool turned away
/// usable again. Only a right answer gets this far, and no password was
/// checked with it, so it still buys exactly one password check.
async fn restore_captcha(state: &AppState, id: &str) -> Result<()> {
    sqlx::query("UPDATE captchas SET used_at = NULL WHERE id = $1")
        .bind(id)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

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
    limits::hit(
        &mut conn,
        now,
        &format!("login-ip:{ip}"),
        Limit::per(PER_CLIENT_PER_HOUR, HOUR),
    )
    .await?;
    // One connection for these steps, released before the slow hash: a
    // request never holds one connection while waiting for another.
    if !spend_captcha(&mut conn, now, &req.captcha_id, &req.captcha_answer).await? {
        return Err(ErrorCode::LoginFailed.into());
    }
    // The same guard for known and unknown addresses.
    let guard = FailureGuard::enter(&mut conn, state, now, &email).await?;
    let account = sqlx::query("SELECT id, password_hash, status FROM accounts WHERE email = $1")
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
            restore_captcha(state, &req.captcha_id).await?;
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
    if take_code_slot(&mut tx, now, account_id).await?.is_ok() {
        send_code(&mut tx, state, now, &attempt_id, email.as_str(), req.lang).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        account = account_id,
        "password accepted; waiting for the code"
    );
    code_status(state, &handle, &attempt_id).await
}

/// Counts one more login code for the account (see
/// [`limits::take_code_slot`]); the account's guard row is made on first
/// use.
async fn take_code_slot(
    conn: &mut AnyConnection,
    now: Millis,
    account_id: i64,
) -> Result<Result<(), Millis>> {
    sqlx::query("INSERT INTO account_guards (account_id, codes_sent) VALUES ($1, 0) ON CONFLICT (account_id) DO NOTHING")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    limits::take_code_slot(
        conn,
        now,
        limits::CodeCounter::Login,
        account_id,
        NEW_CODES + 1,
        CODES_WAIT,
    )
    .await
}

/// The stored form of a code: keyed with the server secret and bound to
/// its attempt, so a code can never be checked against another attempt.
fn code_hash(state: &AppState, attempt_id: &str, code: &str) -> String {
    tokens::keyed(&state.config.secret_key, &format!("otp:{attempt_id}"), code)
}

/// Makes a fresh code for the attempt (resetting that code's tries, never
/// the attempt's) and puts its email in the outbox.
async fn send_code(
    conn: &mut AnyConnection,
    state: &AppState,
    now: Millis,
    attempt_id: &str,
    email: &str,
    lang: Lang,
) -> Result<()> {
    let code = format!("{:06}", OsRng.gen_range(0..1_000_000u32));
    let message = Message::LoginCode {
        code: code.clone(),
        minutes: (CODE_LIFETIME.as_secs() / 60) as u32,
    };
    let outbox_id = outbox::enqueue(conn, now, email, lang, &message).await?;
    sqlx::query(
        "UPDATE login_attempts SET code_hash = $1, code_expires_at = $2, code_failures = 0, code_outbox_id = $3 WHERE id = $4",
    )
    .bind(code_hash(state, attempt_id, &code))
    .bind(now + ms(CODE_LIFETIME))
    .bind(outbox_id)
    .bind(attempt_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Where the attempt stands, for the code screen.
async fn code_status(state: &AppState, handle: &str, attempt_id: &str) -> Result<CodeStatus> {
    let now = state.clock.now();
    let row = sqlx::query(
        "SELECT a.email, t.code_expires_at, t.code_failures, o.status AS delivery, g.codes_sent, g.codes_locked_until
         FROM login_attempts t
         JOIN accounts a ON a.id = t.account_id
         LEFT JOIN outbox o ON o.id = t.code_outbox_id
         LEFT JOIN account_guards g ON g.account_id = t.account_id
         WHERE t.id = $1",
    )
    .bind(attempt_id)
    .fetch_one(&state.db.pool)
    .await?;
    let email: String = row.try_get("email")?;
    let expires: Option<Millis> = row.try_get("code_expires_at")?;
    let dead = row.try_get::<i64, _>("code_failures")? >= TRIES_PER_CODE;
    let sent: i64 = row.try_get::<Option<i64>, _>("codes_sent")?.unwrap_or(0);
    let lock: Option<Millis> = row.try_get("codes_locked_until")?;
    let locked = lock.filter(|t| *t > now);
    // After the wait the count starts again with the next code.
    let sent = if lock.is_some() && locked.is_none() {
        1
    } else {
        sent
    };
    Ok(CodeStatus {
        attempt: handle.to_owned(),
        sent_to: Email::parse(&email).map(|e| e.masked()).unwrap_or_default(),
        code_expires_in: match expires {
            Some(t) if t > now && !dead => limits::seconds_until(now, t),
            _ => 0,
        },
        new_codes_left: if locked.is_some() {
            0
        } else {
            u32::try_from((NEW_CODES + 1 - sent).clamp(0, NEW_CODES)).unwrap_or(0)
        },
        codes_locked_for: locked.map(|t| limits::seconds_until(now, t)),
        delivery_failed: row.try_get::<Option<String>, _>("delivery")?.as_deref() == Some("failed"),
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
    .bind(TRIES_PER_ATTEMPT)
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
    // Count the try first; only then compare.
    let counted = sqlx::query(
        "UPDATE login_attempts SET code_failures = code_failures + 1, failures = failures + 1
         WHERE id = $1 AND completed_at IS NULL AND code_hash IS NOT NULL AND code_failures < $2
           AND code_expires_at > $3 AND failures < $4
         RETURNING code_hash, code_failures",
    )
    .bind(&attempt_id)
    .bind(TRIES_PER_CODE)
    .bind(now)
    .bind(TRIES_PER_ATTEMPT)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(counted) = counted else {
        return Err(why_no_try(state, &attempt_id).await?);
    };
    let stored: String = counted.try_get("code_hash")?;
    let used: i64 = counted.try_get("code_failures")?;
    if !tokens::constant_time_eq(&stored, &code_hash(state, &attempt_id, code.as_str())) {
        let left = u32::try_from(TRIES_PER_CODE - used).unwrap_or(0);
        if left == 0 {
            return Err(ErrorCode::OtpDead.into());
        }
        return Err(Error::Refused(ApiError {
            left: Some(left),
            ..ApiError::field(ErrorCode::OtpWrong, "code")
        }));
    }

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

/// Why a code could not even be tried.
async fn why_no_try(state: &AppState, attempt_id: &str) -> Result<Error> {
    let row = sqlx::query("SELECT code_hash, code_failures, code_expires_at, failures FROM login_attempts WHERE id = $1")
        .bind(attempt_id)
        .fetch_one(&state.db.pool)
        .await?;
    if row.try_get::<i64, _>("failures")? >= TRIES_PER_ATTEMPT {
        return Ok(ErrorCode::LoginExpired.into());
    }
    if row.try_get::<Option<String>, _>("code_hash")?.is_none() {
        // The account is in its 2-hour wait: there is no code to try.
        return Ok(ErrorCode::OtpExpired.into());
    }
    if row.try_get::<i64, _>("code_failures")? >= TRIES_PER_CODE {
        return Ok(ErrorCode::OtpDead.into());
    }
    Ok(ErrorCode::OtpExpired.into())
}

/// A new code for the attempt, under the code rules.
pub async fn new_code(state: &AppState, handle: &str) -> Result<CodeStatus> {
    let now = state.clock.now();
    let (attempt_id, account_id) = open_attempt(state, now, handle).await?;
    let mut tx = state.db.pool.begin().await?;
    // Lock the attempt row first (a write), then read what it needs.
    let row = sqlx::query(
        "UPDATE login_attempts SET lang = lang WHERE id = $1
         RETURNING lang, code_outbox_id, (SELECT email FROM accounts WHERE id = $2) AS email",
    )
    .bind(&attempt_id)
    .bind(account_id)
    .fetch_one(&mut *tx)
    .await?;
    let lang = Lang::from_tag(&row.try_get::<String, _>("lang")?);
    let email: String = row.try_get("email")?;
    let previous: Option<i64> = row.try_get("code_outbox_id")?;
    let failed_delivery = match previous {
        Some(id) => {
            sqlx::query("SELECT status FROM outbox WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
                .try_get::<String, _>(0)?
                == "failed"
        }
        None => false,
    };
    if !failed_delivery && let Err(until) = take_code_slot(&mut tx, now, account_id).await? {
        tx.commit().await?;
        let wait = limits::seconds_until(now, until);
        return Err(Error::retry_after(ErrorCode::CodesLocked, wait));
    }
    send_code(&mut tx, state, now, &attempt_id, &email, lang).await?;
    tx.commit().await?;
    state.outbox.wake();
    code_status(state, handle, &attempt_id).await
}

/// Where the attempt stands.
pub async fn status(state: &AppState, handle: &str) -> Result<CodeStatus> {
    let (attempt_id, _) = open_attempt(state, state.clock.now(), handle).await?;
    code_status(state, handle, &attempt_id).await
}
