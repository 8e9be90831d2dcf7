//! The payout account: its status, linking and unlinking.
//!
//! Rules that hold here:
//! - At most one is linked at a time (the primary key of
//!   `payout_accounts` decides between concurrent links); a linked one
//!   must be unlinked first, and blocks a change of number while it stays.
//! - Linking needs a complete identity and a verified number. A BNI
//!   account is 10 digits, held under the registry's name (case and extra
//!   spaces aside); an e-wallet must be on the verified number. These are
//!   the [`PayoutProvider`]'s rules (see [`crate::payout`]); a provider
//!   that does not answer asks the screen to wait [`PROVIDER_RETRY_AFTER`]
//!   seconds (`busy`).
//! - Linking and unlinking move money, so both need a recent login
//!   ([`Session::require_recent_login`], as a change of number does), and
//!   both email the owner and text the verified number at once, with the
//!   way out if it was not them (`/misuse`), in the same transaction.
//! - A newly linked account is paid nothing during the provider's
//!   cooling-off period ([`PayoutProvider::cooling_off`]): `usable_from`
//!   says from when, and the page shows it.
//! - Each link and unlink is recorded in `account_events` with its time and
//!   actor, in the same transaction.

use akun_core::api::{LinkedPayout, PayoutKind, PayoutLinkRequest, PayoutStatus, Wallet};
use akun_core::{ErrorCode, PhoneNumber};
use sqlx::{AnyConnection, Row};

use super::session::Session;
use super::{account_lang, record_event};
use crate::clock::{Millis, ms, wib};
use crate::error::{Error, InField, Result};
use crate::messages::Message;
use crate::outbox;
use crate::payout::{
    EmbeddedPayout, Owner, PayoutAccount, PayoutProvider, Refusal, bni_account_number,
    mask_account_number,
};
use crate::state::AppState;

/// How long the screen is asked to wait when the provider does not answer.
pub const PROVIDER_RETRY_AFTER: u32 = 30;

/// The payout provider. Only the embedded one exists so far; a real one
/// would be chosen by configuration and held in `AppState`.
fn provider(_state: &AppState) -> &'static dyn PayoutProvider {
    &EmbeddedPayout
}

fn wallet_name(wallet: Wallet) -> &'static str {
    match wallet {
        Wallet::Gopay => "gopay",
        Wallet::Ovo => "ovo",
        Wallet::Dana => "dana",
        Wallet::Linkaja => "linkaja",
    }
}

fn wallet_from(name: &str) -> Option<Wallet> {
    [Wallet::Gopay, Wallet::Ovo, Wallet::Dana, Wallet::Linkaja]
        .into_iter()
        .find(|w| wallet_name(*w) == name)
}

/// Whether a payout account is linked to the account.
pub(crate) async fn is_linked(conn: &mut AnyConnection, account_id: i64) -> Result<bool> {
    Ok(
        sqlx::query("SELECT account_id FROM payout_accounts WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
}

/// `BNI ******7890` or `GoPay +62 812****7890`: how notices name a payout
/// account.
fn shown(kind: &str, provider: Option<&str>, number: &str) -> String {
    let label = match provider.and_then(wallet_from) {
        Some(Wallet::Gopay) => "GoPay",
        Some(Wallet::Ovo) => "OVO",
        Some(Wallet::Dana) => "DANA",
        Some(Wallet::Linkaja) => "LinkAja",
        None => "BNI",
    };
    let number = if kind == "ewallet" {
        PhoneNumber::parse(number)
            .map(|n| n.masked())
            .unwrap_or_default()
    } else {
        mask_account_number(number)
    };
    format!("{label} {number}")
}

/// Emails the owner and texts the verified number that a payout account
/// was linked or unlinked, in the caller's transaction.
async fn notify(
    conn: &mut AnyConnection,
    state: &AppState,
    now: Millis,
    account_id: i64,
    what: String,
    usable_from: Option<Millis>,
) -> Result<()> {
    let row = sqlx::query(
        "SELECT a.email, i.phone_verified FROM accounts a LEFT JOIN identities i ON i.account_id = a.id WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_one(&mut *conn)
    .await?;
    let email: String = row.try_get("email")?;
    let phone: Option<String> = row.try_get("phone_verified")?;
    let lang = account_lang(conn, account_id).await?;
    let link = format!("{}/misuse", state.config.origin());
    let when = wib(now);
    let (mail, sms) = match usable_from {
        Some(from) => (
            Message::PayoutLinked {
                when: when.clone(),
                what: what.clone(),
                usable_from: wib(from),
                link: link.clone(),
            },
            Message::PayoutLinkedSms { when, what, link },
        ),
        None => (
            Message::PayoutUnlinked {
                when: when.clone(),
                what: what.clone(),
                link: link.clone(),
            },
            Message::PayoutUnlinkedSms { when, what, link },
        ),
    };
    outbox::enqueue(conn, now, &email, lang, &mail).await?;
    if let Some(phone) = phone {
        outbox::enqueue(conn, now, &phone, lang, &sms).await?;
    }
    Ok(())
}

/// `bni ******7890` or `gopay +62 812****7890`: how history names a
/// payout account.
fn described(kind: &str, provider: Option<&str>, number: &str) -> String {
    match (kind, provider) {
        ("ewallet", Some(p)) => format!(
            "{p} {}",
            PhoneNumber::parse(number)
                .map(|n| n.masked())
                .unwrap_or_default()
        ),
        _ => format!("{kind} {}", mask_account_number(number)),
    }
}

/// The linked payout account, masked, if any.
pub async fn status(state: &AppState, session: &Session) -> Result<PayoutStatus> {
    let row = sqlx::query(
        "SELECT kind, provider, number, linked_at, COALESCE(usable_from, linked_at) AS usable_from
         FROM payout_accounts WHERE account_id = $1",
    )
    .bind(session.account_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let linked = match row {
        None => None,
        Some(row) => {
            let kind: String = row.try_get("kind")?;
            let provider: Option<String> = row.try_get("provider")?;
            let number: String = row.try_get("number")?;
            let (kind, masked_number) = if kind == "ewallet" {
                (
                    PayoutKind::Ewallet,
                    PhoneNumber::parse(&number)
                        .map(|n| n.masked())
                        .unwrap_or_default(),
                )
            } else {
                (PayoutKind::Bni, mask_account_number(&number))
            };
            Some(LinkedPayout {
                kind,
                provider: provider.as_deref().and_then(wallet_from),
                masked_number,
                linked_at: row.try_get("linked_at")?,
                usable_from: row.try_get("usable_from")?,
            })
        }
    };
    Ok(PayoutStatus { linked })
}

/// Links a payout account (see the module's rules).
pub async fn link(
    state: &AppState,
    session: &Session,
    req: &PayoutLinkRequest,
) -> Result<PayoutStatus> {
    session.require_recent_login(state.clock.now())?;
    let account_id = session.account_id;
    let account = match req.kind {
        PayoutKind::Bni => PayoutAccount::Bni {
            account_number: bni_account_number(req.account_number.as_deref().unwrap_or(""))
                .field("account_number")?,
            holder_name: req.holder_name.clone().unwrap_or_default(),
        },
        PayoutKind::Ewallet => PayoutAccount::Ewallet {
            provider: req.provider.ok_or(Error::from(ErrorCode::BadRequest))?,
            number: PhoneNumber::parse(req.number.as_deref().unwrap_or("")).field("number")?,
        },
    };
    let identity = sqlx::query("SELECT name, phone_verified FROM identities WHERE account_id = $1")
        .bind(account_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or_else(|| Error::from(ErrorCode::IdentityIncomplete))?;
    let name: String = identity.try_get("name")?;
    let verified: Option<String> = identity.try_get("phone_verified")?;
    let verified = verified
        .and_then(|p| PhoneNumber::parse(&p).ok())
        .ok_or_else(|| Error::from(ErrorCode::PhoneNotVerified))?;
    {
        let mut conn = state.db.pool.acquire().await?;
        if is_linked(&mut conn, account_id).await? {
            return Err(Error::from(ErrorCode::PayoutAlreadyLinked));
        }
    }
    let owner = Owner {
        registry_name: &name,
        verified_phone: &verified,
    };
    match provider(state).check(&owner, &account).await {
        Ok(()) => {}
        Err(Refusal::Field(code, field)) => return Err(Error::field(code, field)),
        Err(Refusal::Unavailable) => {
            return Err(Error::retry_after(ErrorCode::Busy, PROVIDER_RETRY_AFTER));
        }
    }

    let now = state.clock.now();
    let usable_from = now + ms(provider(state).cooling_off());
    let (provider_name, holder) = match &account {
        PayoutAccount::Bni { holder_name, .. } => (None, Some(holder_name.trim().to_owned())),
        PayoutAccount::Ewallet { provider, .. } => (Some(wallet_name(*provider)), None),
    };
    let mut tx = state.db.pool.begin().await?;
    // The primary key decides between concurrent links.
    let inserted = sqlx::query(
        "INSERT INTO payout_accounts (account_id, kind, provider, number, holder_name, linked_at, linked_by, usable_from)
         VALUES ($1, $2, $3, $4, $5, $6, 'self', $7) ON CONFLICT DO NOTHING RETURNING account_id",
    )
    .bind(account_id)
    .bind(account.kind())
    .bind(provider_name)
    .bind(account.number())
    .bind(holder)
    .bind(now)
    .bind(usable_from)
    .fetch_optional(&mut *tx)
    .await?;
    if inserted.is_none() {
        return Err(Error::from(ErrorCode::PayoutAlreadyLinked));
    }
    let earlier: i64 = sqlx::query(
        "SELECT COUNT(*) FROM account_events WHERE account_id = $1 AND kind = 'payout_linked'",
    )
    .bind(account_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let detail = described(account.kind(), provider_name, account.number());
    let detail = if earlier > 0 {
        format!("{detail} (relinked)")
    } else {
        detail
    };
    record_event(&mut tx, now, account_id, "self", "payout_linked", &detail).await?;
    let what = shown(account.kind(), provider_name, account.number());
    notify(&mut tx, state, now, account_id, what, Some(usable_from)).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        account = account_id,
        kind = account.kind(),
        "payout account linked"
    );
    status(state, session).await
}

/// Unlinks the payout account.
pub async fn unlink(state: &AppState, session: &Session) -> Result<()> {
    let account_id = session.account_id;
    let now = state.clock.now();
    session.require_recent_login(now)?;
    let mut tx = state.db.pool.begin().await?;
    let removed = sqlx::query(
        "DELETE FROM payout_accounts WHERE account_id = $1 RETURNING kind, provider, number",
    )
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| Error::from(ErrorCode::PayoutNotLinked))?;
    let kind: String = removed.try_get("kind")?;
    let provider: Option<String> = removed.try_get("provider")?;
    let number: String = removed.try_get("number")?;
    let detail = described(&kind, provider.as_deref(), &number);
    record_event(&mut tx, now, account_id, "self", "payout_unlinked", &detail).await?;
    let what = shown(&kind, provider.as_deref(), &number);
    notify(&mut tx, state, now, account_id, what, None).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(account = account_id, "payout account unlinked");
    Ok(())
}
