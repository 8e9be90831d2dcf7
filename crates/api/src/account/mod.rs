//! The account domain: what a person can do with their account, and the
//! rules that hold while they do it, with no HTTP in it.
//!
//! Each flow is one module, and its rules are written once, in that
//! module's documentation:
//! - [`register`]: registration and the verification link;
//! - [`block`]: blocking and unblocking, and what a blocked account is told;
//! - [`challenge`]: captchas, and the gate that asks for one after many
//!   requests from one client;
//! - [`login`]: captcha, password and the emailed code;
//! - [`session`]: sessions, re-entering the password;
//! - [`password`]: checking a password under the login's limits, and
//!   changing it;
//! - [`identity`]: the identity from the civil registry, and the account
//!   as its owner sees it;
//! - [`phone`]: verifying the mobile number; [`phone_change`]: changing it;
//! - [`payout`]: the payout account; [`beneficiaries`]: who may change the
//!   number, per programme year;
//! - [`reset`]: forgotten passwords, their worker and the reset link;
//!   [`link`]: what the emailed links share; [`code`]: the one-time codes of
//!   login, phone verification and change of number.
//!
//! Functions take the [`AppState`] (or a connection), the request's body
//! from `akun_core` and the signed-in [`session::Session`], and return the
//! answer's body or an [`crate::error::Error`] whose code says what went
//! wrong. The status, cookies and headers are the `http` module's business;
//! a test keeps HTTP out of here.

pub mod beneficiaries;
pub mod block;
pub mod challenge;
pub mod code;
pub mod identity;
pub mod link;
pub mod login;
pub mod password;
pub mod payout;
pub mod phone;
pub mod phone_change;
pub mod register;
pub mod reset;
pub mod session;

use akun_core::api::Lang;
use sqlx::{AnyConnection, Row};

use crate::clock::Millis;
use crate::error::Result;
#[cfg(doc)]
use crate::state::AppState;

/// The language the account's messages are written in.
pub(crate) async fn account_lang(conn: &mut AnyConnection, account_id: i64) -> Result<Lang> {
    let lang: String = sqlx::query("SELECT lang FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok(Lang::from_tag(&lang))
}

/// Writes one line of the account's history.
pub(crate) async fn record_event(
    conn: &mut AnyConnection,
    now: Millis,
    account_id: i64,
    actor: &str,
    kind: &str,
    detail: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO account_events (account_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account_id)
    .bind(now)
    .bind(actor)
    .bind(kind)
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
