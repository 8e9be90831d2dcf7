//! The identity: NIK, KK number, date of birth and mobile number, checked
//! against the civil registry, and the account as its owner sees it.
//!
//! Rules that hold here:
//! - The identity is completed once (`identities`, one row an account).
//!   NIK, KK, date of birth and number are checked by core's validators
//!   (and the NIK against the date of birth) before the registry is asked.
//!   The registry must know the NIK and agree on the date of birth and the
//!   KK; the name and sex come from it, and nothing changes them (the
//!   request body refuses any other field, such as `name`). Nothing is
//!   saved unless everything is (one transaction with the first SMS code,
//!   see [`super::phone`]).
//! - One NIK belongs to one account: `INSERT ... ON CONFLICT DO NOTHING`
//!   against the UNIQUE index on the NIK's keyed hash, so concurrent
//!   requests on either database get one winner and `nik_taken` for the
//!   rest. A number verified by another account is refused up front.
//! - A few tries an hour per account ([`Rule::IdentityPerAccount`]), so
//!   that no one combs the registry with it.
//! - NIK and KK are stored sealed (see [`crate::vault`]) and shown masked;
//!   they are never logged (`Nik` and `KkNumber` print masked, the request
//!   body prints nothing).
//! - A registry that does not answer asks the screen to wait
//!   [`REGISTRY_RETRY_AFTER`] seconds (`registry_unavailable`).

use std::net::IpAddr;

use akun_core::api::{IdentityRequest, Lang, Me, PhoneStatus};
use akun_core::{Date, DateOfBirth, ErrorCode, KkNumber, Nik, PhoneNumber, Sex};
use sqlx::{AnyConnection, Row};

use super::beneficiaries::{is_beneficiary, programme_year};
use super::code::{self, Target};
use super::phone;
use super::session::Session;
use crate::clock::today;
use crate::error::{Error, InField, Result};
use crate::limits::{self, Rule};
use crate::state::AppState;
use crate::vault::Field;

/// How long the screen is asked to wait when the registry does not answer.
pub const REGISTRY_RETRY_AFTER: u32 = 30;

/// A date as it is stored: `YYYY-MM-DD`.
pub(crate) fn iso(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `DD/MM/YYYY` from a stored `YYYY-MM-DD`.
fn shown_date(stored: &str) -> Option<String> {
    let mut parts = stored.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).map(|d| d.to_string())
}

fn sex_name(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "male",
        Sex::Female => "female",
    }
}

async fn has_identity(conn: &mut AnyConnection, account_id: i64) -> Result<bool> {
    Ok(
        sqlx::query("SELECT account_id FROM identities WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
}

/// Completes the signed-in account's identity and sends the first code to
/// its number (see the module's rules).
pub async fn complete(
    state: &AppState,
    ip: IpAddr,
    session: &Session,
    req: &IdentityRequest,
) -> Result<PhoneStatus> {
    let now = state.clock.now();
    let nik = Nik::parse(&req.nik).field("nik")?;
    let kk = KkNumber::parse(&req.kk).field("kk")?;
    let dob = DateOfBirth::parse(&req.date_of_birth, today(now)).field("date_of_birth")?;
    let phone = PhoneNumber::parse(&req.phone).field("phone")?;
    nik.agrees_with(&dob).field("date_of_birth")?;
    let account_id = session.account_id;

    let mut conn = state.db.pool.acquire().await?;
    if has_identity(&mut conn, account_id).await? {
        return Err(ErrorCode::IdentityAlreadyComplete.into());
    }
    limits::hit(&mut conn, now, &Rule::IdentityPerClient.of_client(ip)).await?;
    limits::hit(&mut conn, now, &Rule::IdentityPerAccount.of(account_id)).await?;
    if phone::verified_elsewhere(&mut conn, account_id, phone.as_e164()).await? {
        return Err(Error::field(ErrorCode::PhoneTaken, "phone"));
    }
    // No connection is held while the registry answers.
    drop(conn);

    let resident = match state.registry.lookup(&nik).await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(error = ?e, account = account_id, "civil registry look-up failed");
            return Err(Error::retry_after(
                ErrorCode::RegistryUnavailable,
                REGISTRY_RETRY_AFTER,
            ));
        }
    };
    let Some(resident) = resident else {
        return Err(Error::field(ErrorCode::NikUnknown, "nik"));
    };
    if resident.date_of_birth != dob.date() {
        return Err(Error::field(
            ErrorCode::IdentityDobMismatch,
            "date_of_birth",
        ));
    }
    if resident.kk != kk {
        return Err(Error::field(ErrorCode::IdentityKkMismatch, "kk"));
    }

    let now = state.clock.now();
    let vault = &state.vault;
    let mut tx = state.db.pool.begin().await?;
    // The write comes first, so SQLite takes its write lock at once; the
    // UNIQUE indexes decide between concurrent requests (DO NOTHING waits
    // for a competing insert to commit or roll back, then yields to it).
    let inserted = sqlx::query(
        "INSERT INTO identities (account_id, nik_hash, nik_sealed, kk_hash, kk_sealed, name, sex, date_of_birth,
                                 completed_at, phone, code_failures, codes_sent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 1)
         ON CONFLICT DO NOTHING RETURNING account_id",
    )
    .bind(account_id)
    .bind(vault.lookup_hash(Field::Nik, nik.as_str()))
    .bind(vault.seal(Field::Nik, account_id, nik.as_str())?)
    .bind(vault.lookup_hash(Field::Kk, kk.as_str()))
    .bind(vault.seal(Field::Kk, account_id, kk.as_str())?)
    .bind(&resident.name)
    .bind(sex_name(resident.sex))
    .bind(iso(resident.date_of_birth))
    .bind(now)
    .bind(phone.as_e164())
    .fetch_optional(&mut *tx)
    .await?;
    if inserted.is_none() {
        tx.rollback().await?;
        let mut conn = state.db.pool.acquire().await?;
        return Err(if has_identity(&mut conn, account_id).await? {
            ErrorCode::IdentityAlreadyComplete.into()
        } else {
            tracing::info!(
                account = account_id,
                "identity refused: NIK used by another account"
            );
            Error::field(ErrorCode::NikTaken, "nik")
        });
    }
    let lang = super::account_lang(&mut tx, account_id).await?;
    let target = Target::Phone {
        account: account_id,
    };
    code::issue(&mut tx, state, now, target, phone.as_e164(), lang).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(account = account_id, "identity completed; phone code sent");
    phone::status_of(state, target).await
}

/// The identity part of [`Me`], masked.
#[derive(Debug, Default)]
struct ShownIdentity {
    name: Option<String>,
    complete: bool,
    nik_masked: Option<String>,
    kk_masked: Option<String>,
    date_of_birth: Option<String>,
    phone_masked: Option<String>,
    phone_verified: bool,
}

/// Reads and masks the account's identity. A sealed value that does not
/// open (a changed secret key) is logged and left out rather than failing
/// the whole page.
async fn shown_identity(state: &AppState, account_id: i64) -> Result<ShownIdentity> {
    let row = sqlx::query(
        "SELECT name, nik_sealed, kk_sealed, date_of_birth, phone, phone_verified_at
         FROM identities WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(ShownIdentity::default());
    };
    let open = |field: Field, column: &str| -> Result<Option<String>> {
        let sealed: String = row.try_get(column)?;
        Ok(match state.vault.open(field, account_id, &sealed) {
            Ok(plain) => Some(plain),
            Err(e) => {
                tracing::error!(error = ?e, account = account_id, column, "a sealed identity value does not open");
                None
            }
        })
    };
    let nik = open(Field::Nik, "nik_sealed")?.and_then(|n| Nik::parse(&n).ok());
    let kk = open(Field::Kk, "kk_sealed")?.and_then(|k| KkNumber::parse(&k).ok());
    let phone = PhoneNumber::parse(&row.try_get::<String, _>("phone")?).ok();
    Ok(ShownIdentity {
        name: Some(row.try_get("name")?),
        complete: true,
        nik_masked: nik.map(|n| n.masked()),
        kk_masked: kk.map(|k| k.masked()),
        date_of_birth: shown_date(&row.try_get::<String, _>("date_of_birth")?),
        phone_masked: phone.map(|p| p.masked()),
        phone_verified: row
            .try_get::<Option<i64>, _>("phone_verified_at")?
            .is_some(),
    })
}

/// The signed-in account as its owner sees it: the identity masked, and
/// whether it is a beneficiary this programme year.
pub async fn me(state: &AppState, session: &Session) -> Result<Me> {
    let row = sqlx::query("SELECT email, status, lang FROM accounts WHERE id = $1")
        .bind(session.account_id)
        .fetch_one(&state.db.pool)
        .await?;
    let identity = shown_identity(state, session.account_id).await?;
    Ok(Me {
        email: row.try_get("email")?,
        name: identity.name,
        status: row.try_get("status")?,
        blocked_reason: None,
        lang: Lang::from_tag(&row.try_get::<String, _>("lang")?),
        identity_complete: identity.complete,
        nik_masked: identity.nik_masked,
        kk_masked: identity.kk_masked,
        date_of_birth: identity.date_of_birth,
        phone_masked: identity.phone_masked,
        phone_verified: identity.phone_verified,
        beneficiary_this_year: is_beneficiary(
            &state.db.pool,
            session.account_id,
            programme_year(state.clock.now()),
        )
        .await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_stored_iso_and_shown_day_first() {
        let date = Date::new(1990, 8, 7).unwrap();
        assert_eq!(iso(date), "1990-08-07");
        assert_eq!(shown_date("1990-08-07").as_deref(), Some("07/08/1990"));
        assert_eq!(shown_date("1990-02-31"), None);
        assert_eq!(shown_date("garbage"), None);
    }
}
