//! Changing the mobile number, and re-entering the password for it.
//!
//! Rules that hold here:
//! - Only this programme year's beneficiaries may change the number here
//!   (403 `not_beneficiary`), and not while a payout account is linked
//!   (409 `payout_linked`: an e-wallet must be on the account's number).
//! - Starting a change needs a recent full login: the session's login, or
//!   a `POST /api/reauth` with the password, within the last 10 minutes
//!   (403 `reauth_required`).
//! - The new number is stored as pending; the verified number stays in use
//!   until the code, sent to the new number, is entered. The code follows
//!   the phone code's rules exactly, with the same functions
//!   ([`super::profile::CodeFlow::Change`]).
//! - The right code makes the new number the verified one and, in the
//!   same transaction, texts the old number and emails the account (both
//!   with a "this was not me" link to `/misuse`) and writes the change to
//!   the account's history.

use akun_core::api::{
    PhoneChangeRequest, PhoneChanged, PhoneCodeRequest, PhoneStatus, ReauthRequest,
};
use akun_core::{ErrorCode, PhoneNumber};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use sqlx::Row;

use super::AppState;
use super::error::ApiJson;
use super::login::wib;
use super::payout::{is_linked, record_event};
use super::profile::{
    CodeFlow, account_lang, check_password, renew_code, send_code, status_of, take_code_or_wait,
    try_code, verified_elsewhere, why_no_try,
};
use super::session::AuthSession;
use crate::beneficiaries::{is_beneficiary, programme_year};
use crate::error::{Error, InField, Result};
use crate::messages::Message;
use crate::outbox;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/reauth", post(reauth))
        .route("/api/profile/phone/change", post(start_change))
        .route("/api/profile/phone/change/status", get(change_status))
        .route("/api/profile/phone/change/verify", post(verify_change))
        .route("/api/profile/phone/change/code/new", post(new_change_code))
}

fn parsed(stored: &str) -> Result<PhoneNumber> {
    PhoneNumber::parse(stored)
        .map_err(|e| Error::Internal(anyhow::anyhow!("stored phone does not parse: {e}")))
}

#[utoipa::path(post, path = "/api/reauth", request_body = ReauthRequest, responses(
    (status = 204, description = "The password is right: this session counts as freshly logged in for 10 minutes"),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 422, description = "password_wrong (field password; counts as a failed login)", body = akun_core::ApiError),
    (status = 429, description = "Too many failed passwords for this account", body = akun_core::ApiError),
    (status = 503, description = "Busy: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn reauth(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(req): ApiJson<ReauthRequest>,
) -> Result<StatusCode> {
    check_password(&state, session.account_id, &req.password, "password").await?;
    sqlx::query("UPDATE sessions SET authenticated_at = $1 WHERE id = $2")
        .bind(state.clock.now())
        .bind(&session.id)
        .execute(&state.db.pool)
        .await?;
    tracing::info!(account = session.account_id, "password re-entered");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/profile/phone/change", request_body = PhoneChangeRequest, responses(
    (status = 200, description = "The new number is pending; a code is on its way to it by SMS", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 403, description = "not_beneficiary; reauth_required (enter the password: POST /api/reauth)", body = akun_core::ApiError),
    (status = 409, description = "identity_incomplete; phone_not_verified; payout_linked; phone_taken (field phone)", body = akun_core::ApiError),
    (status = 422, description = "phone_format, phone_not_mobile or phone_same (field phone)", body = akun_core::ApiError),
    (status = 429, description = "codes_locked: no new codes until retry_after", body = akun_core::ApiError)
))]
pub async fn start_change(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(req): ApiJson<PhoneChangeRequest>,
) -> Result<Json<PhoneStatus>> {
    let phone = PhoneNumber::parse(&req.phone).field("phone")?;
    let account_id = session.account_id;
    let now = state.clock.now();
    if !is_beneficiary(&state.db.pool, account_id, programme_year(now)).await? {
        return Err(Error::from(ErrorCode::NotBeneficiary));
    }
    let mut tx = state.db.pool.begin().await?;
    // Lock the row first (a write), then read what it needs.
    let row = sqlx::query(
        "UPDATE identities SET phone = phone WHERE account_id = $1
         RETURNING phone, phone_verified_at, code_outbox_id",
    )
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| Error::from(ErrorCode::IdentityIncomplete))?;
    if row
        .try_get::<Option<i64>, _>("phone_verified_at")?
        .is_none()
    {
        return Err(Error::from(ErrorCode::PhoneNotVerified));
    }
    if is_linked(&mut tx, account_id).await? {
        return Err(Error::from(ErrorCode::PayoutLinked));
    }
    session.require_recent_login(now)?;
    if phone.as_e164() == row.try_get::<String, _>("phone")? {
        return Err(Error::field(ErrorCode::PhoneSame, "phone"));
    }
    if verified_elsewhere(&mut tx, account_id, phone.as_e164()).await? {
        return Err(Error::field(ErrorCode::PhoneTaken, "phone"));
    }
    // Every start sends a code, so every start counts as one.
    take_code_or_wait(&mut tx, now, account_id, row.try_get("code_outbox_id")?).await?;
    sqlx::query("UPDATE identities SET phone_pending = $1 WHERE account_id = $2")
        .bind(phone.as_e164())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    let lang = account_lang(&mut tx, account_id).await?;
    send_code(
        &mut tx,
        &state,
        now,
        account_id,
        &phone,
        lang,
        CodeFlow::Change,
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        account = account_id,
        "mobile number change started; code sent to the new number"
    );
    Ok(Json(status_of(&state, account_id, CodeFlow::Change).await?))
}

#[utoipa::path(get, path = "/api/profile/phone/change/status", responses(
    (status = 200, description = "Where the new number's code stands (`sent_to` is the new number, masked)", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_change_not_started or identity_incomplete", body = akun_core::ApiError)
))]
pub async fn change_status(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(
        status_of(&state, session.account_id, CodeFlow::Change).await?,
    ))
}

#[utoipa::path(post, path = "/api/profile/phone/change/code/new", responses(
    (status = 200, description = "A new code is on its way to the new number", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_change_not_started, identity_incomplete or phone_taken (field phone)", body = akun_core::ApiError),
    (status = 429, description = "codes_locked: no new codes until retry_after", body = akun_core::ApiError)
))]
pub async fn new_change_code(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(
        renew_code(&state, session.account_id, CodeFlow::Change).await?,
    ))
}

#[utoipa::path(post, path = "/api/profile/phone/change/verify", request_body = PhoneCodeRequest, responses(
    (status = 200, description = "The new number is the account's verified number; the old number and the email got a notice", body = PhoneChanged),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_change_not_started; payout_linked; phone_taken (field phone); identity_incomplete", body = akun_core::ApiError),
    (status = 410, description = "otp_expired or otp_dead: ask for a new code", body = akun_core::ApiError),
    (status = 422, description = "otp_wrong (with `left`) or otp_format, field code", body = akun_core::ApiError)
))]
pub async fn verify_change(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(req): ApiJson<PhoneCodeRequest>,
) -> Result<Json<PhoneChanged>> {
    let account_id = session.account_id;
    let tried = try_code(&state, account_id, CodeFlow::Change, &req.code).await?;
    let old = parsed(&tried.current)?;
    let new = parsed(&tried.number)?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    // One statement swaps the numbers and spends the code, only if this
    // very code is still the current one and the number still the one it
    // replaces. The UNIQUE index on verified numbers refuses a number
    // another account verified in the meantime.
    let changed = sqlx::query(
        "UPDATE identities SET phone = phone_pending, phone_verified = phone_pending,
           phone_verified_at = $1, phone_pending = NULL, code_hash = NULL, code_expires_at = NULL,
           codes_sent = 0, codes_locked_until = NULL
         WHERE account_id = $2 AND phone_pending = $3 AND code_hash = $4 AND phone = $5",
    )
    .bind(now)
    .bind(account_id)
    .bind(new.as_e164())
    .bind(&tried.stored)
    .bind(old.as_e164())
    .execute(&mut *tx)
    .await;
    match changed {
        Ok(done) if done.rows_affected() == 1 => {}
        Ok(_) => {
            drop(tx);
            return Err(why_no_try(&state, account_id, CodeFlow::Change).await?);
        }
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            tracing::info!(
                account = account_id,
                "number change refused: verified by another account"
            );
            return Err(Error::field(ErrorCode::PhoneTaken, "phone"));
        }
        Err(e) => return Err(e.into()),
    }
    // A payout account linked meanwhile (to the old number) keeps the
    // number as it is.
    if is_linked(&mut tx, account_id).await? {
        return Err(Error::from(ErrorCode::PayoutLinked));
    }
    let email: String = sqlx::query("SELECT email FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    let lang = account_lang(&mut tx, account_id).await?;
    let link = format!("{}/misuse", state.config.origin());
    let when = wib(now);
    let sms = Message::PhoneChangedSms {
        when: when.clone(),
        link: link.clone(),
    };
    outbox::enqueue(&mut tx, now, old.as_e164(), lang, &sms).await?;
    let notice = Message::PhoneChanged {
        when,
        new_number: new.masked(),
        link,
    };
    outbox::enqueue(&mut tx, now, &email, lang, &notice).await?;
    record_event(
        &mut tx,
        now,
        account_id,
        "self",
        "phone_changed",
        &format!("{} -> {}", old.masked(), new.masked()),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(account = account_id, "mobile number changed");
    Ok(Json(PhoneChanged {
        phone_masked: new.masked(),
    }))
}
