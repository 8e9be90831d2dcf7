//! The verification of the identity's mobile number by SMS code, and what
//! it shares with the change of number ([`super::phone_change`]).
//!
//! Rules that hold here:
//! - The codes follow the one-time-code rules of [`super::code`], with
//!   their state in the account's `identities` row and each code bound to
//!   the account and the number it was sent to.
//! - The first code goes with the identity (see [`super::identity`]); a new
//!   one is refused while another account has verified the number.
//! - A verified number belongs to one account: a UNIQUE index decides
//!   between concurrent verifications (`phone_taken`).

use akun_core::api::{CodeState, PhoneStatus};
use akun_core::{ErrorCode, OtpCode, PhoneNumber};
use sqlx::{AnyConnection, Row};

use super::code::{self, Target};
use super::session::Session;
use crate::error::{Error, InField, OnUnique, Result};
use crate::state::AppState;

/// Whether another account has verified this number.
pub(crate) async fn verified_elsewhere(
    conn: &mut AnyConnection,
    account_id: i64,
    phone: &str,
) -> Result<bool> {
    Ok(sqlx::query(
        "SELECT account_id FROM identities WHERE phone_verified = $1 AND account_id <> $2",
    )
    .bind(phone)
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?
    .is_some())
}

/// `phone_taken`, when the UNIQUE index on verified numbers finds that
/// another account verified the number after its code was sent.
pub(crate) fn taken_meanwhile(account_id: i64) -> Error {
    tracing::info!(
        account = account_id,
        "number refused: verified by another account"
    );
    Error::field(ErrorCode::PhoneTaken, "phone")
}

/// A number as stored, which always parses.
pub(crate) fn stored(number: &str) -> Result<PhoneNumber> {
    PhoneNumber::parse(number)
        .map_err(|e| Error::Internal(anyhow::anyhow!("stored phone does not parse: {e}")))
}

/// Where the code of a phone target stands: for [`Target::Phone`] the
/// number being (or already) verified, for [`Target::PhoneChange`] the new
/// number.
pub(crate) async fn status_of(state: &AppState, target: Target<'_>) -> Result<PhoneStatus> {
    let now = state.clock.now();
    let mut conn = state.db.pool.acquire().await?;
    let row = sqlx::query(&format!(
        "SELECT {} AS number, phone_verified_at FROM identities WHERE account_id = $1",
        target.bound_column()
    ))
    .bind(target.account())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ErrorCode::IdentityIncomplete)?;
    let number: Option<String> = row.try_get("number")?;
    let number = number.ok_or(ErrorCode::PhoneChangeNotStarted)?;
    let sent_to = PhoneNumber::parse(&number)
        .map(|p| p.masked())
        .unwrap_or_default();
    if let Target::Phone { .. } = target
        && row
            .try_get::<Option<i64>, _>("phone_verified_at")?
            .is_some()
    {
        return Ok(PhoneStatus {
            sent_to,
            verified: true,
            code: CodeState {
                code_expires_in: 0,
                new_codes_left: 0,
                codes_locked_for: None,
                delivery_failed: false,
            },
        });
    }
    Ok(PhoneStatus {
        sent_to,
        verified: false,
        code: code::state(&mut conn, now, target).await?,
    })
}

/// A new code for a phone target's number, under the code rules.
pub(crate) async fn renew(state: &AppState, target: Target<'_>) -> Result<PhoneStatus> {
    let now = state.clock.now();
    let account_id = target.account();
    let mut tx = state.db.pool.begin().await?;
    // Lock the row first (a write), then read what it needs.
    let row = sqlx::query(&format!(
        "UPDATE identities SET phone = phone WHERE account_id = $1
         RETURNING {} AS number, phone_verified_at",
        target.bound_column()
    ))
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ErrorCode::IdentityIncomplete)?;
    if let Target::Phone { .. } = target
        && row
            .try_get::<Option<i64>, _>("phone_verified_at")?
            .is_some()
    {
        return Err(ErrorCode::PhoneAlreadyVerified.into());
    }
    let number: Option<String> = row.try_get("number")?;
    let phone = stored(&number.ok_or(ErrorCode::PhoneChangeNotStarted)?)?;
    if verified_elsewhere(&mut tx, account_id, phone.as_e164()).await? {
        return Err(Error::field(ErrorCode::PhoneTaken, "phone"));
    }
    code::take_slot(&mut tx, now, target).await??;
    let lang = super::account_lang(&mut tx, account_id).await?;
    code::issue(&mut tx, state, now, target, phone.as_e164(), lang).await?;
    tx.commit().await?;
    state.outbox.wake();
    status_of(state, target).await
}

/// Where the verification of the number stands.
pub async fn status(state: &AppState, session: &Session) -> Result<PhoneStatus> {
    status_of(
        state,
        Target::Phone {
            account: session.account_id,
        },
    )
    .await
}

/// A new code for the number.
pub async fn new_code(state: &AppState, session: &Session) -> Result<PhoneStatus> {
    renew(
        state,
        Target::Phone {
            account: session.account_id,
        },
    )
    .await
}

/// Verifies the number with the code sent to it (see the module's rules).
pub async fn verify(state: &AppState, session: &Session, code: &str) -> Result<PhoneStatus> {
    let code = OtpCode::parse(code).field("code")?;
    let account_id = session.account_id;
    let target = Target::Phone {
        account: account_id,
    };
    let now = state.clock.now();
    let tried = code::try_code(state, now, target, &code).await?;

    // Right: one statement marks the number verified and spends the code,
    // and only if this very code is still the current one. The UNIQUE
    // index on verified numbers refuses a number another account verified
    // in the meantime.
    let verified = sqlx::query(
        "UPDATE identities SET phone_verified = phone, phone_verified_at = $1, code_hash = NULL,
           code_expires_at = NULL, codes_sent = 0, codes_locked_until = NULL
         WHERE account_id = $2 AND phone_verified_at IS NULL AND code_hash = $3",
    )
    .bind(now)
    .bind(account_id)
    .bind(&tried.stored)
    .execute(&state.db.pool)
    .await
    .on_unique(|| taken_meanwhile(account_id))?;
    if verified.rows_affected() != 1 {
        return Err(code::why_no_try(state, target).await?);
    }
    tracing::info!(account = account_id, "phone number verified");
    status_of(state, target).await
}
