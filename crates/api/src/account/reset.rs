//! Forgot password: by email, by verified mobile number + date of birth,
//! by NIK + date of birth; then the reset link.
//!
//! The request never tells whether an account matched. [`forgot`] only
//! checks the fields, counts the limits and writes one row to
//! `reset_requests` (the email, the E.164 number or the NIK's keyed hash,
//! never the NIK, and the date of birth, each sealed with the vault and
//! bound to the row, so the table holds no one's data in clear while the
//! request waits): the same statements whether or not anyone matches, so
//! the answer (`202 {}`) and its time are the same (`akun-api
//! bench-forgot` measures both). The worker
//! ([`process_pending`], run beside the outbox worker) looks the account up
//! afterwards (every second, each request claimed by an `UPDATE`, so two
//! instances never handle one twice) and, in one transaction, makes the
//! link and puts the messages in the outbox:
//! - email way: the link by email; an address without an account may get a
//!   "no account" email (one a day per address);
//! - phone or NIK way (with the date of birth): the link by email and by SMS
//!   to the verified number, the SMS naming the account's address (masked
//!   unless `reset_sms_full_email`); no match sends nothing;
//! - a blocked account gets the Report Form instead of a link;
//! - at most a few sends an hour per account
//!   ([`Rule::ResetSendsPerAccount`]), however many requests: the rest are
//!   dropped silently.
//!
//! A reset link lives [`RESET_LINK_LIFETIME`], only the newest of an
//! account works, and it follows the rules of every emailed link (see
//! [`super::link`]). Using one sets the password, ends every session and
//! any half-way login, clears the address's failed passwords (whoever made
//! them), and emails a notice, in one transaction.
//!
//! After many requests from one client, asking needs a captcha
//! ([`super::challenge`]).

use std::net::IpAddr;
use std::time::Duration;

use akun_core::api::{
    ForgotRequest, ForgotWay, Lang, ResetCheckRequest, ResetCheckResponse, ResetRequest,
};
use akun_core::{DateOfBirth, Email, ErrorCode, Nik, Password, PhoneNumber};
use sqlx::{AnyConnection, Row};

use super::identity::iso;
use super::link::{self, Link};
use super::password;
use crate::clock::{Millis, ms, today, wib};
use crate::error::{Error, InField, Result};
use crate::limits::{self, Rule};
use crate::messages::Message;
use crate::state::AppState;
use crate::vault::Field;
use crate::{outbox, tokens};

/// How long a reset link works.
pub const RESET_LINK_LIFETIME: Duration = Duration::from_secs(30 * 60);
/// Requests the worker takes per round.
const BATCH: i64 = 50;

fn way_name(way: ForgotWay) -> &'static str {
    match way {
        ForgotWay::Email => "email",
        ForgotWay::Phone => "phone",
        ForgotWay::Nik => "nik",
    }
}

/// Records a request for a reset link, after the same work whether or not
/// an account matches (see the module's rules).
pub async fn forgot(state: &AppState, ip: IpAddr, req: &ForgotRequest) -> Result<()> {
    let now = state.clock.now();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let dob = || DateOfBirth::parse(&text(&req.date_of_birth), today(now)).field("date_of_birth");
    // What is looked up later, and the identifier's limit key.
    let (lookup, date_of_birth, identifier) = match req.way {
        ForgotWay::Email => {
            let email = Email::parse(&text(&req.email)).field("email")?;
            // Counted per inbox (see `Rule::of_email`), looked up as typed.
            (email.as_str().to_owned(), None, email.mailbox_key())
        }
        ForgotWay::Phone => {
            let phone = PhoneNumber::parse(&text(&req.phone)).field("phone")?;
            let dob = dob()?;
            let e164 = phone.as_e164().to_owned();
            (e164.clone(), Some(iso(dob.date())), e164)
        }
        ForgotWay::Nik => {
            let nik = Nik::parse(&text(&req.nik)).field("nik")?;
            let dob = dob()?;
            nik.agrees_with(&dob).field("date_of_birth")?;
            let hash = state.vault.lookup_hash(Field::Nik, nik.as_str());
            (hash.clone(), Some(iso(dob.date())), hash)
        }
    };
    let way = way_name(req.way);

    let mut tx = state.db.pool.begin().await?;
    let (id, answer) = (req.captcha_id.as_deref(), req.captcha_answer.as_deref());
    super::challenge::gate(&mut tx, state, now, ip, id, answer).await?;
    limits::hit(&mut tx, now, &Rule::ForgotPerClient.of_client(ip)).await?;
    let key = Rule::ForgotPerIdentifier
        .of_private(&state.config.secret_key, &format!("{way}:{identifier}"));
    // Over the identifier's limit the request is dropped, known or not:
    // the answer is the same.
    if limits::allows(&mut tx, now, &key).await? {
        // The values are bound to the row's id, which the insert makes.
        let id: i64 = sqlx::query(
            "INSERT INTO reset_requests (way, lang, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(way)
        .bind(req.lang.code())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        let vault = &state.vault;
        let date_of_birth = date_of_birth
            .map(|d| vault.seal(Field::ResetDateOfBirth, id, &d))
            .transpose()?;
        sqlx::query(
            "UPDATE reset_requests SET lookup_sealed = $1, date_of_birth_sealed = $2 WHERE id = $3",
        )
        .bind(vault.seal(Field::ResetLookup, id, &lookup)?)
        .bind(date_of_birth)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    } else {
        tracing::info!(way, "password reset request over its identifier's limit");
    }
    tx.commit().await?;
    Ok(())
}

/// The account a request names, as the worker needs it.
struct Matched {
    id: i64,
    email: String,
    status: String,
    lang: Lang,
    /// The verified number, for the phone and NIK ways.
    phone: Option<String>,
}

async fn find_account(
    conn: &mut AnyConnection,
    way: &str,
    lookup: &str,
    date_of_birth: Option<&str>,
) -> Result<Option<Matched>> {
    let row = match way {
        "email" => {
            sqlx::query(
                "SELECT id, email, status, lang, NULL AS phone FROM accounts WHERE email = $1",
            )
            .bind(lookup)
            .fetch_optional(&mut *conn)
            .await?
        }
        // Only a verified number identifies an account. The column comes
        // from this closed set, never from the request.
        way => {
            let column = if way == "phone" {
                "phone_verified"
            } else {
                "nik_hash"
            };
            let sql = format!(
                "SELECT a.id, a.email, a.status, a.lang, i.phone_verified AS phone
                 FROM identities i JOIN accounts a ON a.id = i.account_id
                 WHERE i.{column} = $1 AND i.date_of_birth = $2"
            );
            sqlx::query(&sql)
                .bind(lookup)
                .bind(date_of_birth.unwrap_or(""))
                .fetch_optional(&mut *conn)
                .await?
        }
    };
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(Matched {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        status: row.try_get("status")?,
        lang: Lang::from_tag(&row.try_get::<String, _>("lang")?),
        phone: row.try_get("phone")?,
    }))
}

/// Counts a send for the account; `false` when the hour's sends are used up.
async fn may_send(conn: &mut AnyConnection, now: Millis, account_id: i64) -> Result<bool> {
    limits::allows(conn, now, &Rule::ResetSendsPerAccount.of(account_id)).await
}

/// Handles one request in its own transaction; returns what it did
/// (`None` when another worker had it).
async fn process_one(state: &AppState, id: i64) -> Result<Option<&'static str>> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    // Claim it first (a write): of two workers, one gets it, and SQLite
    // takes its write lock at once.
    let claimed = sqlx::query(
        "UPDATE reset_requests SET processed_at = $1 WHERE id = $2 AND processed_at IS NULL
         RETURNING way, lookup, date_of_birth, lookup_sealed, date_of_birth_sealed, lang",
    )
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = claimed else {
        return Ok(None);
    };
    let way: String = row.try_get("way")?;
    let lang = Lang::from_tag(&row.try_get::<String, _>("lang")?);
    let (lookup, dob) = match opened(state, id, &row) {
        Ok(values) => values,
        // A value that does not open (another key, or moved from another
        // row) is dropped like an unknown identifier, not retried: it never
        // will open, and it must not hold up the requests behind it.
        Err(e) => {
            tracing::warn!(request = id, error = ?e, "a password reset request does not open");
            return finish(tx, id, "unreadable").await;
        }
    };
    let origin = state.config.origin().to_owned();

    let outcome = match find_account(&mut tx, &way, &lookup, dob.as_deref()).await? {
        None if way == "email" => {
            // The address may get a word that it has no account, once a
            // day: it is the address's own mailbox.
            let email = Email::parse(&lookup).map_err(|e| {
                Error::Internal(anyhow::anyhow!("stored email does not parse: {e}"))
            })?;
            let notice = Rule::ResetNoAccountNotice.of_email(&state.config.secret_key, &email);
            if limits::allows(&mut tx, now, &notice).await? {
                let message = Message::ResetNoAccount {
                    register_link: format!("{origin}/register"),
                };
                outbox::enqueue(&mut tx, now, email.as_str(), lang, &message).await?;
                "no_account"
            } else {
                "no_account_limited"
            }
        }
        None => "no_match",
        Some(account) if account.status == "unverified" => {
            // Never activated: the verification link (Resend) is the way
            // in, not a reset.
            "unverified"
        }
        // Counted before the status is looked at: the Report Form email is a
        // send too, and a flood must not become one of those either.
        Some(account) if !may_send(&mut tx, now, account.id).await? => "limited",
        Some(account) if account.status == "blocked" => {
            let message = Message::ResetBlocked {
                report_link: format!("{origin}/report"),
            };
            outbox::enqueue(&mut tx, now, &account.email, account.lang, &message).await?;
            "blocked"
        }
        Some(account) => {
            // Only the newest link works: the older ones end now.
            sqlx::query(
                "UPDATE reset_tokens SET expires_at = $1
                 WHERE account_id = $2 AND used_at IS NULL AND expires_at > $1",
            )
            .bind(now)
            .bind(account.id)
            .execute(&mut *tx)
            .await?;
            let (token, token_hash) = tokens::new_token();
            sqlx::query(
                "INSERT INTO reset_tokens (account_id, token_hash, email, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(account.id)
            .bind(&token_hash)
            .bind(&account.email)
            .bind(now)
            .bind(now + ms(RESET_LINK_LIFETIME))
            .execute(&mut *tx)
            .await?;
            let link = Link::Reset.url(state, &token);
            let minutes = (RESET_LINK_LIFETIME.as_secs() / 60) as u32;
            let message = Message::ResetLink {
                link: link.clone(),
                minutes,
            };
            outbox::enqueue(&mut tx, now, &account.email, account.lang, &message).await?;
            if way != "email"
                && let Some(phone) = &account.phone
            {
                let email = if state.config.reset_sms_full_email {
                    account.email.clone()
                } else {
                    Email::parse(&account.email)
                        .map(|e| e.masked())
                        .unwrap_or_default()
                };
                let message = Message::ResetLinkSms {
                    link,
                    email,
                    minutes,
                };
                outbox::enqueue(&mut tx, now, phone, account.lang, &message).await?;
            }
            tracing::info!(account = account.id, way, "password reset link sent");
            "sent"
        }
    };
    finish(tx, id, outcome).await
}

/// The look-up value and date of birth of a claimed request, opened. A row
/// written before they were sealed (by an instance of the previous version,
/// during a rolling deploy) has them in the old columns, in clear.
fn opened(
    state: &AppState,
    id: i64,
    row: &sqlx::any::AnyRow,
) -> anyhow::Result<(String, Option<String>)> {
    let text = |column: &str| row.try_get::<Option<String>, _>(column);
    let lookup = match text("lookup_sealed")? {
        Some(sealed) => state.vault.open(Field::ResetLookup, id, &sealed)?,
        None => text("lookup")?.unwrap_or_default(),
    };
    let date_of_birth = match text("date_of_birth_sealed")? {
        Some(sealed) => Some(state.vault.open(Field::ResetDateOfBirth, id, &sealed)?),
        None => text("date_of_birth")?,
    };
    Ok((lookup, date_of_birth))
}

/// Records what processing did and clears what the request named, in the
/// transaction that claimed it.
async fn finish(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    outcome: &'static str,
) -> Result<Option<&'static str>> {
    sqlx::query(
        "UPDATE reset_requests SET lookup = NULL, date_of_birth = NULL, lookup_sealed = NULL,
           date_of_birth_sealed = NULL, outcome = $1 WHERE id = $2",
    )
    .bind(outcome)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(outcome))
}

/// Processes the requests waiting, oldest first; returns how many. The
/// worker calls this in a loop; tests call it to run the worker's work at
/// a moment they choose.
pub async fn process_pending(state: &AppState) -> Result<usize> {
    let mut done = 0;
    loop {
        let ids: Vec<i64> = sqlx::query(
            "SELECT id FROM reset_requests WHERE processed_at IS NULL ORDER BY id LIMIT $1",
        )
        .bind(BATCH)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
        if ids.is_empty() {
            return Ok(done);
        }
        for id in ids {
            if process_one(state, id).await?.is_some() {
                done += 1;
            }
        }
        if done > 0 {
            state.outbox.wake();
        }
    }
}

/// How often the worker looks for requests. Short, because a person waits
/// for the email; the query is one index look-up.
const POLL: Duration = Duration::from_secs(1);

/// Runs [`process_pending`] every second until `shutdown` turns true.
/// Started beside the outbox worker on every instance; instances never
/// handle one request twice (each is claimed by an `UPDATE` first).
pub async fn run(state: AppState, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = process_pending(&state).await {
            tracing::error!(error = ?e, "password reset round failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Whether a reset link works, and for which address (masked).
pub async fn check(state: &AppState, req: &ResetCheckRequest) -> Result<ResetCheckResponse> {
    let hash = link::stored(&req.token)?;
    let row = sqlx::query(
        "SELECT t.email FROM reset_tokens t JOIN accounts a ON a.id = t.account_id
         WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2
           AND a.email = t.email AND a.status = 'active'",
    )
    .bind(&hash)
    .bind(state.clock.now())
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else {
        return Err(link::why_unusable(state, Link::Reset, &hash).await?);
    };
    let email: String = row.try_get(0)?;
    Ok(ResetCheckResponse {
        email_masked: Email::parse(&email).map(|e| e.masked()).unwrap_or_default(),
    })
}

/// Sets the password with a reset link (see the module's rules).
pub async fn reset(state: &AppState, req: &ResetRequest) -> Result<()> {
    let hash = link::stored(&req.token)?;
    let password = Password::parse_strict(&req.new_password).field("new_password")?;
    // A dead link is told before the slow hash.
    let usable = sqlx::query(
        "SELECT id FROM reset_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(&hash)
    .bind(state.clock.now())
    .fetch_optional(&state.db.pool)
    .await?;
    if usable.is_none() {
        return Err(link::why_unusable(state, Link::Reset, &hash).await?);
    }
    let password_hash = state.hasher.hash(password.as_str()).await?;

    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let returning = "account_id, email";
    let Some(row) = link::claim(&mut tx, now, Link::Reset, &hash, returning).await? else {
        drop(tx);
        return Err(link::why_unusable(state, Link::Reset, &hash).await?);
    };
    let account_id: i64 = row.try_get("account_id")?;
    let email: String = row.try_get("email")?;
    // Bound to the account and the address it was sent to; a blocked
    // account's link no longer works.
    let changed = sqlx::query(
        "UPDATE accounts SET password_hash = $1 WHERE id = $2 AND email = $3 AND status = 'active'
         RETURNING lang",
    )
    .bind(&password_hash)
    .bind(account_id)
    .bind(&email)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(changed) = changed else {
        tx.commit().await?;
        return Err(Error::from(ErrorCode::TokenUsed));
    };
    let lang = Lang::from_tag(&changed.try_get::<String, _>(0)?);
    // Any other link of the account is void too.
    sqlx::query(
        "UPDATE reset_tokens SET expires_at = $1 WHERE account_id = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    password::end_old_logins(&mut tx, now, account_id, None).await?;
    // Whoever failed passwords on the address before, its owner has the
    // new one now and must not find it locked.
    password::FailureGuard::clear(&mut tx, state, &email).await?;
    let message = Message::PasswordReset {
        when: wib(now),
        link: format!("{}/misuse", state.config.origin()),
    };
    outbox::enqueue(&mut tx, now, &email, lang, &message).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(account = account_id, "password reset; every session ended");
    Ok(())
}
