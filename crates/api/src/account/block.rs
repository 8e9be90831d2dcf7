//! Blocking and unblocking accounts.
//!
//! Rules that hold here:
//! - A blocked account has no way in: the login refuses it (after the
//!   right password only, so that the answer tells nothing to anyone
//!   else) with `account_blocked` and why, and every signed-in route
//!   refuses it the same way ([`super::session::authenticate`]). Blocking
//!   ends every session and every half-way login in the same transaction
//!   that blocks, so nothing already open keeps working.
//! - The reason is a code ([`BlockReason`]), never free text, so that the
//!   person reads it in their language; a block is final or not, and
//!   either way the Report Form is the way to appeal. The person is
//!   emailed the reason, whether it is final and the Report Form.
//! - Blocks and unblocks go to the account's history with their actor.

use akun_core::api::Lang;
use akun_core::{BlockReason, ErrorCode};
use sqlx::Row;

use super::{account_lang, record_event};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::outbox;
use crate::state::AppState;

/// Blocks the account: ends its sessions and half-way logins, records why
/// and tells its owner, in one transaction.
pub async fn block(
    state: &AppState,
    account_id: i64,
    reason: BlockReason,
    is_final: bool,
    actor: &str,
) -> Result<()> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let row = sqlx::query(
        "UPDATE accounts SET status = 'blocked', blocked_reason = $1, blocked_final = $2, blocked_at = $3
         WHERE id = $4 RETURNING email",
    )
    .bind(reason.as_str())
    .bind(i64::from(is_final))
    .bind(now)
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ErrorCode::NotFound)?;
    let email: String = row.try_get(0)?;
    super::password::end_old_logins(&mut tx, now, account_id, None).await?;
    let detail = if is_final {
        format!("{} (final)", reason.as_str())
    } else {
        reason.as_str().to_owned()
    };
    record_event(&mut tx, now, account_id, actor, "blocked", &detail).await?;
    let lang = account_lang(&mut tx, account_id).await?;
    let message = Message::AccountBlocked {
        reason,
        is_final,
        report_link: format!("{}/report", state.config.origin()),
    };
    outbox::enqueue(&mut tx, now, &email, lang, &message).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        account = account_id,
        reason = reason.as_str(),
        is_final,
        "account blocked"
    );
    Ok(())
}

/// Lifts a block: the account is active again (or unverified, if it never
/// was verified), and its owner is told.
pub async fn unblock(state: &AppState, account_id: i64, actor: &str) -> Result<()> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let row = sqlx::query(
        "UPDATE accounts SET status = CASE WHEN verified_at IS NULL THEN 'unverified' ELSE 'active' END,
                blocked_reason = NULL, blocked_final = NULL, blocked_at = NULL
         WHERE id = $1 AND status = 'blocked' RETURNING email",
    )
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ErrorCode::NotFound)?;
    let email: String = row.try_get(0)?;
    record_event(&mut tx, now, account_id, actor, "unblocked", "").await?;
    let lang: Lang = account_lang(&mut tx, account_id).await?;
    let message = Message::AccountUnblocked {
        login_link: format!("{}/login", state.config.origin()),
    };
    outbox::enqueue(&mut tx, now, &email, lang, &message).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(account = account_id, "account unblocked");
    Ok(())
}

/// The account of an address, for the command line.
pub async fn account_id_of(state: &AppState, email: &str) -> Result<i64> {
    let email = akun_core::Email::parse(email).map_err(Error::from)?;
    Ok(sqlx::query("SELECT id FROM accounts WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(ErrorCode::NotFound)?
        .try_get(0)?)
}
