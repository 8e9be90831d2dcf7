//! Captchas: drawing one, spending one, and the gate that asks for one.
//!
//! Rules that hold here:
//! - The login always needs a captcha; a challenge is spent by its first
//!   check, right or wrong (a busy hashing pool gives it back, see
//!   [`super::login`]).
//! - Registration, a new verification link and a forgotten password need
//!   none at first, so that nobody meets a picture for nothing; after
//!   [`Rule::WithoutCaptcha`]'s number of such requests from one client
//!   address in its window, each must carry a solved captcha
//!   (`captcha_required`, then `captcha_wrong` for a wrong answer). The
//!   gate looks at the client only, never at the address asked about, so
//!   it tells nothing about any account.

use std::net::IpAddr;

use akun_core::ErrorCode;
use akun_core::api::CaptchaResponse;
use sqlx::{AnyConnection, Row};

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::limits::{self, Rule};
use crate::state::AppState;
use crate::{captcha, tokens};

/// A new captcha, valid for one check within its minutes.
pub async fn new_captcha(state: &AppState, ip: IpAddr) -> Result<CaptchaResponse> {
    let now = state.clock.now();
    let mut conn = state.db.pool.acquire().await?;
    limits::hit(&mut conn, now, &Rule::CaptchaPerClient.of_client(ip)).await?;
    drop(conn);
    let challenge = tokio::task::spawn_blocking(captcha::draw)
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("drawing a captcha: {e}")))?;
    let (id, _) = tokens::new_token();
    sqlx::query(
        "INSERT INTO captchas (id, answer_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(captcha::hash_answer(
        &state.config.secret_key,
        &id,
        &challenge.answer,
    ))
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
pub(crate) async fn spend(
    conn: &mut AnyConnection,
    state: &AppState,
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
        Some(row) => tokens::constant_time_eq(
            &row.try_get::<String, _>(0)?,
            &captcha::hash_answer(&state.config.secret_key, id, answer),
        ),
        None => false,
    })
}

/// Makes a spent captcha usable again: its request was turned away
/// (a busy hashing pool) before it bought anything.
pub(crate) async fn restore(state: &AppState, id: &str) -> Result<()> {
    sqlx::query("UPDATE captchas SET used_at = NULL WHERE id = $1")
        .bind(id)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Counts one request from `ip` and, once the client sent many, asks for
/// a solved captcha: `captcha_required` without one, `captcha_wrong`
/// (field `captcha`) for a wrong or spent one.
pub(crate) async fn gate(
    conn: &mut AnyConnection,
    state: &AppState,
    now: Millis,
    ip: IpAddr,
    captcha_id: Option<&str>,
    captcha_answer: Option<&str>,
) -> Result<()> {
    let max = i64::from(state.config.captcha_after);
    let key = Rule::WithoutCaptcha.of_client(ip);
    gate_after(conn, state, now, &key, max, captcha_id, captcha_answer).await
}

/// [`gate`] for another counter: once `key` has counted `max` requests
/// in its window, each needs a solved captcha (the Report Form's cases
/// use it with [`Rule::CasesWithoutCaptcha`]).
pub(crate) async fn gate_after(
    conn: &mut AnyConnection,
    state: &AppState,
    now: Millis,
    key: &limits::Key,
    max: i64,
    captcha_id: Option<&str>,
    captcha_answer: Option<&str>,
) -> Result<()> {
    if limits::allows_at_most(conn, now, key, max).await? {
        return Ok(());
    }
    let (Some(id), Some(answer)) = (captcha_id, captcha_answer) else {
        return Err(ErrorCode::CaptchaRequired.into());
    };
    if spend(conn, state, now, id, answer).await? {
        Ok(())
    } else {
        Err(Error::field(ErrorCode::CaptchaWrong, "captcha"))
    }
}
