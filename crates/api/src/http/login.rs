//! Login: captcha + email + password, then a six-digit code sent by email.
//!
//! Rules that hold here:
//! - Wrong captcha, wrong password and unknown email give one answer
//!   (`login_failed`), and an unknown email is checked against a dummy hash
//!   so the time taken does not tell either.
//! - A code is 6 digits from the OS's CSPRNG, stored as a keyed hash bound
//!   to its login attempt, lives 5 minutes, and is spent by its first right
//!   answer. Each code allows 5 wrong tries; a try is counted *before* the
//!   comparison, so concurrent guesses cannot slip past the count. The
//!   attempt's total of wrong tries is never reset by a new code.
//! - Per account, across tabs, browsers and instances (the state is in the
//!   database): one code plus 5 new codes, then no codes for 2 hours from
//!   the fifth new one. A code whose email failed is replaced for free.
//! - Failed passwords per account: a pause of 30 s between tries after 10
//!   in an hour, and none at all after 100 in an hour.

use std::time::Duration;

use akun_core::api::{
    AttemptRequest, CaptchaResponse, CodeRequest, CodeStatus, Lang, LoginRequest,
};
use akun_core::{ApiError, Email, ErrorCode, OtpCode};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::Rng;
use rand::rngs::OsRng;
use sqlx::{AnyConnection, Row};

use super::error::ApiJson;
use super::session;
use super::{AppState, ClientIp, email_key};
use crate::clock::{Millis, ms};
use crate::error::{Error, InField, Result};
use crate::limits::{self, Limit};
use crate::messages::Message;
use crate::{captcha, outbox, tokens};

pub const CODE_LIFETIME: Duration = Duration::from_secs(5 * 60);
pub const ATTEMPT_LIFETIME: Duration = Duration::from_secs(30 * 60);
pub const TRIES_PER_CODE: i64 = 5;
/// Wrong tries over a whole attempt, however many codes it used.
pub const TRIES_PER_ATTEMPT: i64 = 15;
pub const NEW_CODES: i64 = 5;
pub const CODES_WAIT: Duration = Duration::from_secs(2 * 3600);
pub const FAILURES_PER_HOUR: i64 = 100;
pub const SLOW_DOWN_AFTER: i64 = 10;
pub const SLOW_DOWN_SPACING: Duration = Duration::from_secs(30);
/// Per client address; generous because of carrier-grade NAT.
pub const PER_CLIENT_PER_HOUR: i64 = 600;

const HOUR: Duration = Duration::from_secs(3600);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/captcha", get(new_captcha))
        .route("/api/login", post(login))
        .route("/api/login/code", post(submit_code))
        .route("/api/login/code/new", post(new_code))
        .route("/api/login/status", post(status))
}

fn login_failed() -> Error {
    Error::from(ErrorCode::LoginFailed)
}

#[utoipa::path(get, path = "/api/captcha", responses(
    (status = 200, description = "A new picture code, valid for 5 minutes and one try", body = CaptchaResponse),
    (status = 429, description = "Too many from this address", body = akun_core::ApiError)
))]
pub async fn new_captcha(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
) -> Result<Response> {
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
    let image = format!("data:image/png;base64,{}", base64(&challenge.png));
    let mut response = Json(CaptchaResponse { id, image }).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// Standard base64 with padding, for the `data:` URL.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
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

fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(400)
        .collect()
}

#[utoipa::path(post, path = "/api/login", request_body = LoginRequest, responses(
    (status = 200, description = "Password accepted; a code is on its way (or the 2-hour wait is on)", body = CodeStatus),
    (status = 401, description = "login_failed: wrong captcha, password or email (one answer for all)", body = akun_core::ApiError),
    (status = 403, description = "email_not_verified", body = akun_core::ApiError),
    (status = 429, description = "Too many failed logins for this account or address", body = akun_core::ApiError),
    (status = 503, description = "Busy: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<CodeStatus>> {
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
        return Err(login_failed());
    }

    // The same guard for known and unknown addresses.
    let fail_key = email_key(&state, "login-fail", &email);
    let failures = limits::count(&mut conn, now, &fail_key, HOUR).await?;
    if failures.count >= FAILURES_PER_HOUR {
        return Err(Error::retry_after(
            ErrorCode::TooManyRequests,
            limits::seconds_until(now, failures.window_end),
        ));
    }
    if failures.count >= SLOW_DOWN_AFTER {
        let spacing = email_key(&state, "login-spacing", &email);
        limits::hit(&mut conn, now, &spacing, Limit::per(1, SLOW_DOWN_SPACING)).await?;
    }

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
            restore_captcha(&state, &req.captcha_id).await?;
            return Err(busy);
        }
        other => other?,
    };
    let Some(account) = account.filter(|_| ok) else {
        let mut conn = state.db.pool.acquire().await?;
        let _ = limits::hit(
            &mut conn,
            state.clock.now(),
            &fail_key,
            Limit::per(FAILURES_PER_HOUR, HOUR),
        )
        .await;
        return Err(login_failed());
    };
    let account_id: i64 = account.try_get("id")?;
    if account.try_get::<String, _>("status")? == "unverified" {
        return Err(Error::from(ErrorCode::EmailNotVerified));
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
    .bind(user_agent(&headers))
    .bind(req.lang.code())
    .execute(&mut *tx)
    .await?;
    if take_code_slot(&mut tx, now, account_id).await?.is_ok() {
        send_code(&mut tx, &state, now, &attempt_id, email.as_str(), req.lang).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        account = account_id,
        "password accepted; waiting for the code"
    );
    Ok(Json(code_status(&state, &handle, &attempt_id).await?))
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
        return Err(Error::from(ErrorCode::LoginExpired));
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
    .ok_or_else(|| Error::from(ErrorCode::LoginExpired))?;
    Ok((id, row.try_get(0)?))
}

#[utoipa::path(post, path = "/api/login/code", request_body = CodeRequest, responses(
    (status = 204, description = "Signed in: the session cookie is set"),
    (status = 422, description = "otp_wrong (with `left`) or otp_format", body = akun_core::ApiError),
    (status = 410, description = "otp_expired, otp_dead or login_expired", body = akun_core::ApiError)
))]
pub async fn submit_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Response> {
    let code = OtpCode::parse(&req.code).field("code")?;
    let now = state.clock.now();
    let (attempt_id, account_id) = open_attempt(&state, now, &req.attempt).await?;
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
        return Err(why_no_try(&state, &attempt_id).await?);
    };
    let stored: String = counted.try_get("code_hash")?;
    let used: i64 = counted.try_get("code_failures")?;
    if !tokens::constant_time_eq(&stored, &code_hash(&state, &attempt_id, code.as_str())) {
        let left = u32::try_from(TRIES_PER_CODE - used).unwrap_or(0);
        if left == 0 {
            return Err(Error::from(ErrorCode::OtpDead));
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
        return Err(Error::from(ErrorCode::LoginExpired));
    }
    sqlx::query(
        "UPDATE account_guards SET codes_sent = 0, codes_locked_until = NULL WHERE account_id = $1",
    )
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    let ua = user_agent(&headers);
    let device = session::device_name(&ua);
    let known_device = sqlx::query("SELECT COUNT(*) AS n, SUM(CASE WHEN device = $2 THEN 1 ELSE 0 END) AS same FROM sessions WHERE account_id = $1")
        .bind(account_id)
        .bind(&device)
        .fetch_one(&mut *tx)
        .await?;
    let earlier: i64 = known_device.try_get("n")?;
    let same: i64 = known_device.try_get::<Option<i64>, _>("same")?.unwrap_or(0);
    let cookie = session::start(&mut tx, &state, now, account_id, &ua).await?;
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
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Why a code could not even be tried.
async fn why_no_try(state: &AppState, attempt_id: &str) -> Result<Error> {
    let row = sqlx::query("SELECT code_hash, code_failures, code_expires_at, failures FROM login_attempts WHERE id = $1")
        .bind(attempt_id)
        .fetch_one(&state.db.pool)
        .await?;
    if row.try_get::<i64, _>("failures")? >= TRIES_PER_ATTEMPT {
        return Ok(Error::from(ErrorCode::LoginExpired));
    }
    if row.try_get::<Option<String>, _>("code_hash")?.is_none() {
        // The account is in its 2-hour wait: there is no code to try.
        return Ok(Error::from(ErrorCode::OtpExpired));
    }
    if row.try_get::<i64, _>("code_failures")? >= TRIES_PER_CODE {
        return Ok(Error::from(ErrorCode::OtpDead));
    }
    Ok(Error::from(ErrorCode::OtpExpired))
}

#[utoipa::path(post, path = "/api/login/code/new", request_body = AttemptRequest, responses(
    (status = 200, description = "A new code is on its way", body = CodeStatus),
    (status = 429, description = "codes_locked: no new codes until retry_after", body = akun_core::ApiError),
    (status = 410, description = "login_expired", body = akun_core::ApiError)
))]
pub async fn new_code(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<AttemptRequest>,
) -> Result<Json<CodeStatus>> {
    let now = state.clock.now();
    let (attempt_id, account_id) = open_attempt(&state, now, &req.attempt).await?;
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
    send_code(&mut tx, &state, now, &attempt_id, &email, lang).await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(Json(code_status(&state, &req.attempt, &attempt_id).await?))
}

#[utoipa::path(post, path = "/api/login/status", request_body = AttemptRequest, responses(
    (status = 200, description = "Where this login stands (code life, new codes left, wait, delivery)", body = CodeStatus),
    (status = 410, description = "login_expired", body = akun_core::ApiError)
))]
pub async fn status(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<AttemptRequest>,
) -> Result<Json<CodeStatus>> {
    let (attempt_id, _) = open_attempt(&state, state.clock.now(), &req.attempt).await?;
    Ok(Json(code_status(&state, &req.attempt, &attempt_id).await?))
}

/// "27/11/2026 07:45 WIB": western Indonesian time, which most applicants
/// live in, without a date library.
pub fn wib(now: Millis) -> String {
    let secs = now.div_euclid(1000) + 7 * 3600;
    let date = akun_core::Date::from_unix_seconds(secs);
    let minutes = secs.rem_euclid(86_400) / 60;
    format!("{date} {:02}:{:02} WIB", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn times_are_shown_in_western_indonesian_time() {
        // 2026-11-26 23:45:00 UTC is 27/11/2026 06:45 in Jakarta.
        assert_eq!(wib(1_795_736_700_000), "27/11/2026 06:45 WIB");
    }
}
