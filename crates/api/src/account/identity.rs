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
//! - The form must not be a way to learn about other people: an unknown
//!   NIK, another date of birth or KK, and a NIK that already has an
//!   account all get one answer, `identity_mismatch` ("the data does not
//!   match the civil registry"). A number verified by another account
//!   (`phone_taken`) is told only after the registry matched, to someone
//!   who already holds a real, unused NIK, KK and date of birth together.
//! - One NIK belongs to one account: `INSERT ... ON CONFLICT DO NOTHING`
//!   against the UNIQUE index on the NIK's keyed hash, so concurrent
//!   requests on either database get one winner and `identity_mismatch`
//!   for the rest.
//! - A few tries an hour per account ([`Rule::IdentityPerAccount`]), per
//!   client address, and for the whole service ([`Rule::IdentityGlobal`]),
//!   so that no one combs the registry with it, with many accounts or
//!   many addresses.
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

/// A date from its stored `YYYY-MM-DD`.
fn parse_iso(stored: &str) -> Option<Date> {
    let mut parts = stored.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// `DD/MM/YYYY` from a stored `YYYY-MM-DD`.
fn shown_date(stored: &str) -> Option<String> {
    parse_iso(stored).map(|d| d.to_string())
}

fn sex_name(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "male",
        Sex::Female => "female",
    }
}

/// Whether another account completed its identity with this NIK.
async fn nik_has_account(conn: &mut AnyConnection, nik_hash: &str) -> Result<bool> {
    Ok(
        sqlx::query("SELECT account_id FROM identities WHERE nik_hash = $1")
            .bind(nik_hash)
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
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
    limits::hit(&mut conn, now, &Rule::IdentityGlobal.global()).await?;
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
    let matches = resident
        .as_ref()
        .is_some_and(|r| r.date_of_birth == dob.date() && r.kk == kk);
    let vault = &state.vault;
    let mut conn = state.db.pool.acquire().await?;
    let taken = nik_has_account(&mut conn, &vault.lookup_hash(Field::Nik, nik.as_str())).await?;
    let Some(resident) = resident.filter(|_| matches && !taken) else {
        tracing::info!(
            account = account_id,
            "identity refused: no match in the registry"
        );
        return Err(ErrorCode::IdentityMismatch.into());
    };
    // Only now, for a real and unused identity: is the number someone
    // else's?
    if phone::verified_elsewhere(&mut conn, account_id, phone.as_e164()).await? {
        return Err(Error::field(ErrorCode::PhoneTaken, "phone"));
    }
    drop(conn);

    let now = state.clock.now();
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
                "identity refused: NIK used by another account meanwhile"
            );
            ErrorCode::IdentityMismatch.into()
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

/// A completed identity, as the civil registry gave it.
pub(crate) struct Registered {
    /// Upper case, as on the e-KTP.
    pub name: String,
    pub nik: Nik,
    pub date_of_birth: Date,
}

impl std::fmt::Debug for Registered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registered")
            .field("nik", &self.nik)
            .finish_non_exhaustive()
    }
}

/// The account's identity, if it is complete (the Report Form files a
/// signed-in person's case under it). A sealed NIK that does not open is
/// an internal error: the identity is there, and no other may stand in.
pub(crate) async fn registered(state: &AppState, account_id: i64) -> Result<Option<Registered>> {
    let row =
        sqlx::query("SELECT name, nik_sealed, date_of_birth FROM identities WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&state.db.pool)
            .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let sealed: String = row.try_get("nik_sealed")?;
    let nik = state.vault.open(Field::Nik, account_id, &sealed)?;
    let nik =
        Nik::parse(&nik).map_err(|code| anyhow::anyhow!("a stored NIK does not parse: {code}"))?;
    let stored: String = row.try_get("date_of_birth")?;
    let date_of_birth = parse_iso(&stored)
        .ok_or_else(|| anyhow::anyhow!("a stored date of birth does not parse"))?;
    Ok(Some(Registered {
        name: row.try_get("name")?,
        nik,
        date_of_birth,
    }))
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

/// `BUDI S****** W******`: the first word whole, the others by their first
/// letter, each letter after it a star. Enough for the owner to recognise
/// their name; too little to copy it into a payout form (`/api/me` is the
/// most read answer of a signed-in session).
pub fn mask_name(name: &str) -> String {
    let mut words = name.split_whitespace();
    let mut out = words.next().unwrap_or_default().to_owned();
    for word in words {
        let mut chars = word.chars();
        out.push(' ');
        out.extend(chars.next());
        out.extend(chars.map(|_| '*'));
    }
    out
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
        first_name: identity
            .name
            .as_deref()
            .and_then(|n| n.split_whitespace().next())
            .map(str::to_owned),
        name_masked: identity.name.as_deref().map(mask_name),
        status: row.try_get("status")?,
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
    fn names_keep_the_first_word_and_the_initials() {
        assert_eq!(mask_name("BUDI SANTOSO WIBOWO"), "BUDI S****** W*****");
        assert_eq!(mask_name("SITI"), "SITI");
        assert_eq!(mask_name("  ANI   NUR "), "ANI N**");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn dates_are_stored_iso_and_shown_day_first() {
        let date = Date::new(1990, 8, 7).unwrap();
        assert_eq!(iso(date), "1990-08-07");
        assert_eq!(shown_date("1990-08-07").as_deref(), Some("07/08/1990"));
        assert_eq!(shown_date("1990-02-31"), None);
        assert_eq!(shown_date("garbage"), None);
    }
}
