//! Registration with email verification.
//!
//! Rules that hold here:
//! - Registration never tells whether an address is known. Every request
//!   does the same work in the same order before anything about the
//!   address is read: a place in the hashing pool's registration lane (the
//!   instance's budget: `busy` at once when full), the per-client and
//!   per-address limits, the address's send cooldown and hourly sends
//!   (counted whatever its state, so that a resend right after answers
//!   429 for a new, a waiting and an active address alike), then the hash.
//!   A new address gets an unverified account and a verification link, a
//!   known one a notice to its owner ("someone tried to register with your
//!   email", at most one an hour); the answer is the same
//!   `202 {sent_to, resend_after}`. The limits (see [`Rule`]) are keyed by
//!   a keyed hash of the address and apply to unknown addresses too, so a
//!   429 reveals nothing either; a resend for an unknown address counts and
//!   answers like one for a known address.
//! - After many requests from one client, registering and asking for a
//!   new link need a captcha ([`super::challenge`]).
//! - The owner of an address decides which registration wins. While an
//!   account is unverified, every registration for its address sends a
//!   link carrying that attempt's password hash; the link that is opened
//!   sets the password and voids the others. Someone who pre-registers
//!   another person's address never learns or sets the final password.
//! - A verification link lives [`VERIFY_LINK_LIFETIME`] and is bound to
//!   the address it was sent to; it follows the rules of every emailed link
//!   (see [`super::link`]).

use std::net::IpAddr;
use std::time::Duration;

use akun_core::api::{
    Lang, RegisterRequest, RegisterResponse, ResendRequest, ResendResponse, VerifyRequest,
    VerifyResponse,
};
use akun_core::{Email, ErrorCode, Password};
use sqlx::{AnyConnection, Row};

use super::challenge;
use super::link::{self, Link};
use crate::clock::{Millis, ms};
use crate::error::{Error, InField, Result};
use crate::limits::{self, Rule};
use crate::messages::Message;
use crate::outbox;
use crate::state::AppState;
use crate::tokens;

/// How long a verification link works.
pub const VERIFY_LINK_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Seconds before another verification email can be asked for.
fn resend_after() -> u32 {
    Rule::SendCooldown.window().as_secs() as u32
}

/// Starts the resend cooldown and counts a send for the address. `false`
/// when a send now would break a limit (the caller then sends nothing).
async fn may_send(
    conn: &mut AnyConnection,
    state: &AppState,
    now: Millis,
    email: &Email,
) -> Result<bool> {
    let secret = &state.config.secret_key;
    let cooldown = Rule::SendCooldown.of_email(secret, email);
    let cooldown = limits::allows(conn, now, &cooldown).await;
    let hourly = Rule::SendsPerEmail.of_email(secret, email);
    let hourly = limits::allows(conn, now, &hourly).await;
    match (cooldown, hourly) {
        (Ok(a), Ok(b)) => Ok(a && b),
        (Ok(false), _) | (_, Ok(false)) => Ok(false),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Writes a verification link for the account and puts the email in the
/// outbox, all in the caller's transaction.
async fn issue_verification(
    conn: &mut AnyConnection,
    state: &AppState,
    now: Millis,
    account_id: i64,
    email: &Email,
    password_hash: &str,
    lang: Lang,
) -> Result<()> {
    let (token, token_hash) = tokens::new_token();
    sqlx::query(
        "INSERT INTO email_tokens (account_id, purpose, token_hash, email, password_hash, created_at, expires_at)
         VALUES ($1, 'verify', $2, $3, $4, $5, $6)",
    )
    .bind(account_id)
    .bind(token_hash)
    .bind(email.as_str())
    .bind(password_hash)
    .bind(now)
    .bind(now + ms(VERIFY_LINK_LIFETIME))
    .execute(&mut *conn)
    .await?;
    let link = Link::Verify.url(state, &token);
    outbox::enqueue(
        conn,
        now,
        email.as_str(),
        lang,
        &Message::VerifyEmail { link },
    )
    .await?;
    Ok(())
}

/// Registers an address, or tells its owner that someone tried (see the
/// module's rules).
pub async fn register(
    state: &AppState,
    ip: IpAddr,
    req: &RegisterRequest,
) -> Result<RegisterResponse> {
    let email = Email::parse(&req.email).field("email")?;
    let password = Password::parse_strict(&req.password).field("password")?;
    if !req.accept_terms {
        return Err(Error::field(ErrorCode::TermsNotAccepted, "accept_terms"));
    }
    // The same steps, in the same order, whatever the address (see the
    // module's rules): the pool's place, the limits, the sends, the hash.
    let place = state.hasher.reserve_registration()?;
    let now = state.clock.now();
    let secret = &state.config.secret_key;
    let may_send = {
        let mut conn = state.db.pool.acquire().await?;
        let (id, answer) = (req.captcha_id.as_deref(), req.captcha_answer.as_deref());
        challenge::gate(&mut conn, state, now, ip, id, answer).await?;
        limits::hit(&mut conn, now, &Rule::RegisterPerClient.of_client(ip)).await?;
        let per_email = Rule::RegisterPerEmail.of_email(secret, &email);
        limits::hit(&mut conn, now, &per_email).await?;
        may_send(&mut conn, state, now, &email).await?
    };
    let password_hash = place.hash(password.as_str()).await?;

    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let created = sqlx::query(
        "INSERT INTO accounts (email, password_hash, status, lang, created_at)
         VALUES ($1, $2, 'unverified', $3, $4) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(email.as_str())
    .bind(&password_hash)
    .bind(req.lang.code())
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;

    match created {
        Some(row) => {
            let id: i64 = row.try_get(0)?;
            if may_send {
                issue_verification(&mut tx, state, now, id, &email, &password_hash, req.lang)
                    .await?;
            }
            tracing::info!(account = id, "account registered, waiting for verification");
        }
        None => {
            let row = sqlx::query("SELECT id, status, lang FROM accounts WHERE email = $1")
                .bind(email.as_str())
                .fetch_one(&mut *tx)
                .await?;
            let id: i64 = row.try_get("id")?;
            let status: String = row.try_get("status")?;
            if status == "unverified" {
                // Not yet proven: the address's owner gets a link for this
                // attempt too, and the link they open decides the password.
                if may_send {
                    issue_verification(&mut tx, state, now, id, &email, &password_hash, req.lang)
                        .await?;
                }
            } else {
                let lang = Lang::from_tag(&row.try_get::<String, _>("lang")?);
                let notice = Rule::AlreadyRegisteredNotice.of_email(secret, &email);
                // A notice that cannot be counted is not sent either.
                if let Ok(true) = limits::allows(&mut tx, now, &notice).await {
                    let origin = state.config.origin();
                    let message = Message::AlreadyRegistered {
                        login_link: format!("{origin}/login"),
                        reset_link: format!("{origin}/forgot"),
                    };
                    outbox::enqueue(&mut tx, now, email.as_str(), lang, &message).await?;
                }
            }
            tracing::info!(account = id, "registration for an existing address");
        }
    }
    tx.commit().await?;
    state.outbox.wake();
    Ok(RegisterResponse {
        sent_to: email.to_string(),
        resend_after: resend_after(),
    })
}

/// Sends the verification link again, if the address has an account
/// waiting; answers the same either way.
pub async fn resend(state: &AppState, ip: IpAddr, req: &ResendRequest) -> Result<ResendResponse> {
    let email = Email::parse(&req.email).field("email")?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let (id, answer) = (req.captcha_id.as_deref(), req.captcha_answer.as_deref());
    challenge::gate(&mut tx, state, now, ip, id, answer).await?;
    limits::hit(&mut tx, now, &Rule::ResendPerClient.of_client(ip)).await?;
    // The same limits for every address, known or not, so the answer
    // tells nothing.
    let secret = &state.config.secret_key;
    let cooldown = Rule::SendCooldown.of_email(secret, &email);
    limits::hit(&mut tx, now, &cooldown).await?;
    let hourly = Rule::SendsPerEmail.of_email(secret, &email);
    limits::hit(&mut tx, now, &hourly).await?;
    let waiting = sqlx::query(
        "SELECT a.id, (SELECT t.password_hash FROM email_tokens t WHERE t.account_id = a.id AND t.purpose = 'verify'
                       ORDER BY t.id DESC LIMIT 1) AS pending_hash, a.password_hash
         FROM accounts a WHERE a.email = $1 AND a.status = 'unverified'",
    )
    .bind(email.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(row) = waiting {
        let id: i64 = row.try_get("id")?;
        let hash: String = match row.try_get::<Option<String>, _>("pending_hash")? {
            Some(h) => h,
            None => row.try_get("password_hash")?,
        };
        issue_verification(&mut tx, state, now, id, &email, &hash, req.lang).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    Ok(ResendResponse {
        resend_after: resend_after(),
    })
}

/// Opens a verification link: activates the account with the password of
/// the registration that sent it.
pub async fn verify(state: &AppState, req: &VerifyRequest) -> Result<VerifyResponse> {
    let hash = link::stored(&req.token)?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let returning = "account_id, email, password_hash";
    let Some(row) = link::claim(&mut tx, now, Link::Verify, &hash, returning).await? else {
        drop(tx);
        return Err(link::why_unusable(state, Link::Verify, &hash).await?);
    };
    let account_id: i64 = row.try_get("account_id")?;
    let token_email: String = row.try_get("email")?;
    let password_hash: Option<String> = row.try_get("password_hash")?;
    // The link is bound to the address it was sent to.
    let activated = sqlx::query(
        "UPDATE accounts SET status = 'active', verified_at = $1, password_hash = COALESCE($2, password_hash)
         WHERE id = $3 AND email = $4 AND status = 'unverified' RETURNING email",
    )
    .bind(now)
    .bind(password_hash)
    .bind(account_id)
    .bind(&token_email)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(activated) = activated else {
        // Already active (another link won) or the address changed: this
        // link is spent either way.
        tx.commit().await?;
        return Err(Error::from(ErrorCode::TokenUsed));
    };
    // Every other outstanding link for this account is now void.
    sqlx::query("UPDATE email_tokens SET used_at = $1 WHERE account_id = $2 AND purpose = 'verify' AND used_at IS NULL")
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(account = account_id, "account verified");
    let email: String = activated.try_get(0)?;
    let masked = Email::parse(&email).map(|e| e.masked()).unwrap_or_default();
    Ok(VerifyResponse { email: masked })
}
