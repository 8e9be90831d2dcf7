//! Changing the mobile number.
//!
//! Rules that hold here:
//! - Only this programme year's beneficiaries may change the number here
//!   (`not_beneficiary`), and not while a payout account is linked
//!   (`payout_linked`: an e-wallet must be on the account's number).
//! - Starting a change needs a recent full login: the session's login, or
//!   a re-entered password, within the last 10 minutes (`reauth_required`,
//!   see [`super::password::reauth`]).
//! - The new number waits in `identities.phone_pending`; the verified
//!   number stays in use until the code, sent to the new number, is
//!   entered. The code follows the one-time-code rules (see
//!   [`super::code`]), with the same functions as the verification of the
//!   number ([`Target::PhoneChange`]); every start sends a code, so every
//!   start counts as one.
//! - The right code makes the new number the verified one and, in the
//!   same transaction, texts the old number and emails the account (both
//!   with a "this was not me" link to `/misuse`) and writes the change to
//!   the account's history.

use akun_core::api::{PhoneChangeRequest, PhoneChanged, PhoneStatus};
use akun_core::{ErrorCode, OtpCode, PhoneNumber};
use sqlx::Row;

use super::beneficiaries::{is_beneficiary, programme_year};
use super::code::{self, Target};
use super::payout::is_linked;
use super::phone::{self, verified_elsewhere};
use super::record_event;
use super::session::Session;
use crate::clock::wib;
use crate::error::{Error, InField, OnUnique, Result};
use crate::messages::Message;
use crate::outbox;
use crate::state::AppState;

/// Starts a change to the number in `req` and sends its code (see the
/// module's rules).
pub async fn start(
    state: &AppState,
    session: &Session,
    req: &PhoneChangeRequest,
) -> Result<PhoneStatus> {
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
         RETURNING phone, phone_verified_at",
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
    let target = Target::PhoneChange {
        account: account_id,
    };
    code::take_slot(&mut tx, now, target).await??;
    sqlx::query("UPDATE identities SET phone_pending = $1 WHERE account_id = $2")
        .bind(phone.as_e164())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    let lang = super::account_lang(&mut tx, account_id).await?;
    code::issue(&mut tx, state, now, target, phone.as_e164(), lang).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        account = account_id,
        "mobile number change started; code sent to the new number"
    );
    phone::status_of(state, target).await
}

/// Where the new number's code stands (`sent_to` is the new number).
pub async fn status(state: &AppState, session: &Session) -> Result<PhoneStatus> {
    phone::status_of(
        state,
        Target::PhoneChange {
            account: session.account_id,
        },
    )
    .await
}

/// A new code for the new number, under the code rules.
pub async fn new_code(state: &AppState, session: &Session) -> Result<PhoneStatus> {
    phone::renew(
        state,
        Target::PhoneChange {
            account: session.account_id,
        },
    )
    .await
}

/// Makes the new number the verified one with the code sent to it, and
/// tells the old number and the email (see the module's rules).
pub async fn verify(state: &AppState, session: &Session, code: &str) -> Result<PhoneChanged> {
    let code = OtpCode::parse(code).field("code")?;
    let account_id = session.account_id;
    let target = Target::PhoneChange {
        account: account_id,
    };
    let now = state.clock.now();
    let tried = code::try_code(state, now, target, &code).await?;
    let new = phone::stored(&tried.bound)?;
    let current: String = sqlx::query("SELECT phone FROM identities WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(&state.db.pool)
        .await?
        .try_get(0)?;
    let old = phone::stored(&current)?;
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
    .await
    .on_unique(|| phone::taken_meanwhile(account_id))?;
    if changed.rows_affected() != 1 {
        drop(tx);
        return Err(code::why_no_try(state, target).await?);
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
    let lang = super::account_lang(&mut tx, account_id).await?;
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
    Ok(PhoneChanged {
        phone_masked: new.masked(),
    })
}
