//! Passwords: checking one under the login's limits, and changing one.
//!
//! Rules that hold here:
//! - Failed passwords are counted per address, known or not, under one
//!   key for the login's password step, re-entering the password and the
//!   password change ([`Rule::LoginFailures`]): after [`SLOW_DOWN_AFTER`]
//!   failures, one try at a time ([`Rule::LoginSpacing`]) per address and
//!   client (the client's address for a login, the session otherwise), so
//!   that an attacker's tries never use the owner's slot; at the limit,
//!   none until the window is over.
//! - The count is cleared when the owner proves who they are: a right
//!   login code, or a password reset with the emailed link. An attacker's
//!   failures then no longer lock the owner out.
//! - Passwords are checked and hashed only on the hashing pool.
//! - Changing the password needs the current one; the new one must follow
//!   the password rules and differ. It is written only over the hash that
//!   was checked, so of two changes at once the second fails. Success ends
//!   every other session and any half-way login, and emails a notice with
//!   the time, the device and the misuse help, in one transaction.

use akun_core::api::{ChangePasswordRequest, Lang};
use akun_core::{Email, ErrorCode, Password};
use sqlx::{AnyConnection, Row};

use super::session::{self, Session};
use crate::clock::{Millis, wib};
use crate::error::{Error, InField, Result};
use crate::limits::{self, Key, Rule, SLOW_DOWN_AFTER};
use crate::messages::Message;
use crate::outbox;
use crate::state::AppState;

/// The failed-password limits of one address, entered before a password
/// is checked.
pub(crate) struct FailureGuard {
    key: Key,
}

impl FailureGuard {
    /// Refuses with `too_many_requests` when the address is over its
    /// limits; otherwise lets one check through.
    /// `client` tells the trying party apart: the client's address for a
    /// login, the session for a signed-in check.
    pub async fn enter(
        conn: &mut AnyConnection,
        state: &AppState,
        now: Millis,
        email: &Email,
        client: &str,
    ) -> Result<FailureGuard> {
        let secret = &state.config.secret_key;
        let key = Rule::LoginFailures.of_email(secret, email);
        let failures = limits::count(conn, now, &key).await?;
        if failures.count >= Rule::LoginFailures.max() {
            return Err(Error::retry_after(
                ErrorCode::TooManyRequests,
                limits::seconds_until(now, failures.window_end),
            ));
        }
        if failures.count >= SLOW_DOWN_AFTER {
            let spacing =
                Rule::LoginSpacing.of_private(secret, &format!("{}|{client}", email.mailbox_key()));
            limits::hit(conn, now, &spacing).await?;
        }
        Ok(FailureGuard { key })
    }

    /// Forgets the address's failed passwords: its owner proved who they
    /// are (see the module's rules).
    pub async fn clear(conn: &mut AnyConnection, state: &AppState, email: &str) -> Result<()> {
        let Ok(email) = Email::parse(email) else {
            return Ok(());
        };
        let key = Rule::LoginFailures.of_email(&state.config.secret_key, &email);
        limits::clear(conn, &key).await
    }

    /// Counts a failed password. Going over the limit with it is told at
    /// the next try, not in this answer.
    pub async fn failed(&self, state: &AppState) -> Result<()> {
        let mut conn = state.db.pool.acquire().await?;
        let _ = limits::hit(&mut conn, state.clock.now(), &self.key).await;
        Ok(())
    }
}

/// The account's password, checked.
pub(crate) struct Checked {
    /// The hash that was checked.
    pub stored: String,
    pub email: Email,
    pub lang: Lang,
}

/// Checks the account's password on the hashing pool, under the login's
/// failed-password key and limits: a wrong one counts as a failed login
/// and refuses with `password_wrong` at `field_name`.
pub(crate) async fn check(
    state: &AppState,
    session: &Session,
    password: &str,
    field_name: &'static str,
) -> Result<Checked> {
    let account_id = session.account_id;
    let now = state.clock.now();
    let row = sqlx::query("SELECT email, password_hash, lang FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&state.db.pool)
        .await?;
    let stored: String = row.try_get("password_hash")?;
    let email = Email::parse(&row.try_get::<String, _>("email")?)
        .map_err(|e| Error::Internal(anyhow::anyhow!("stored email does not parse: {e}")))?;
    let lang = Lang::from_tag(&row.try_get::<String, _>("lang")?);

    let mut conn = state.db.pool.acquire().await?;
    let guard = FailureGuard::enter(&mut conn, state, now, &email, &session.id).await?;
    drop(conn);

    if !state.hasher.verify(password, Some(&stored)).await? {
        guard.failed(state).await?;
        tracing::info!(
            account = account_id,
            field = field_name,
            "password refused: wrong current password"
        );
        return Err(Error::field(ErrorCode::PasswordWrong, field_name));
    }
    Ok(Checked {
        stored,
        email,
        lang,
    })
}

/// Proves the password again in this session, so that it counts as a
/// recent login for [`session::RECENT_LOGIN`], and replaces the session's
/// value: returns the new cookie value. A wrong password counts as a failed
/// login and refuses with `password_wrong` at the field `password`.
pub async fn reauth(state: &AppState, session: &Session, password: &str) -> Result<String> {
    check(state, session, password, "password").await?;
    let mut tx = state.db.pool.begin().await?;
    let cookie = session::rotate(&mut tx, state.clock.now(), session).await?;
    tx.commit().await?;
    tracing::info!(
        account = session.account_id,
        "password re-entered; session renewed"
    );
    Ok(cookie)
}

/// Ends every other session of the account, after the password: someone
/// who took over one session cannot throw the owner out with it.
pub async fn end_other_sessions(state: &AppState, session: &Session, password: &str) -> Result<()> {
    check(state, session, password, "password").await?;
    let mut conn = state.db.pool.acquire().await?;
    session::end_all_but(
        &mut conn,
        state.clock.now(),
        session.account_id,
        Some(&session.id),
    )
    .await?;
    tracing::info!(account = session.account_id, "other sessions ended");
    Ok(())
}

/// Ends what was signed in with the old password: every session but
/// `keep`, and every login half-way (password given, code not yet).
pub(crate) async fn end_old_logins(
    conn: &mut AnyConnection,
    now: Millis,
    account_id: i64,
    keep: Option<&str>,
) -> Result<()> {
    session::end_all_but(conn, now, account_id, keep).await?;
    sqlx::query(
        "UPDATE login_attempts SET expires_at = $1 WHERE account_id = $2 AND completed_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Changes the signed-in account's password (see the module's rules).
/// `user_agent` names the device in the notice. Returns the session's new
/// cookie value: the session that made the change goes on under a new one.
pub async fn change(
    state: &AppState,
    session: &Session,
    user_agent: &str,
    req: &ChangePasswordRequest,
) -> Result<String> {
    let new = Password::parse_strict(&req.new_password).field("new_password")?;
    let account_id = session.account_id;
    let Checked {
        stored,
        email,
        lang,
    } = check(state, session, &req.current_password, "current_password").await?;
    if new.as_str() == req.current_password {
        return Err(Error::field(ErrorCode::PasswordSame, "new_password"));
    }
    let hash = state.hasher.hash(new.as_str()).await?;

    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    // Only over the hash that was checked: of two changes at once, the
    // second finds the password no longer current.
    let changed =
        sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2 AND password_hash = $3")
            .bind(&hash)
            .bind(account_id)
            .bind(&stored)
            .execute(&mut *tx)
            .await?;
    if changed.rows_affected() != 1 {
        return Err(Error::field(ErrorCode::PasswordWrong, "current_password"));
    }
    let cookie = session::rotate(&mut tx, now, session).await?;
    let kept = crate::tokens::hash_token(&cookie);
    end_old_logins(&mut tx, now, account_id, Some(&kept)).await?;
    let message = Message::PasswordChanged {
        when: wib(now),
        device: session::device_name(user_agent),
        link: format!("{}/help#misuse", state.config.origin()),
    };
    outbox::enqueue(&mut tx, now, email.as_str(), lang, &message).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        account = account_id,
        "password changed; other sessions ended, this one renewed"
    );
    Ok(cookie)
}
