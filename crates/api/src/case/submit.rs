//! Submitting a draft as a case.
//!
//! Rules that hold here:
//! - Every field is checked before anything is read, each refusal at its
//!   own `field`, in the body's order: `kind` (`case_kind_missing` for
//!   none), `description`, `email`, `phone`, then the identity.
//! - The identity: a signed-in person whose identity is complete files
//!   under the account's (from the civil registry: the name, the NIK, the
//!   date of birth), and the case is linked to the account; `name`, `nik`
//!   and `date_of_birth` in the body are then ignored, because the
//!   registry's are the ones staff must check the photos against, and a
//!   screen that still offers the fields (a stale sign-in hint) must not
//!   meet a dead end. Anyone else gives all three, checked by akun-core,
//!   the NIK agreeing with the date of birth (the identity flow's check);
//!   a signed-in person without a complete identity too, and their case
//!   is still linked to the account. A session that is missing, ended or
//!   blocked simply means anonymous.
//! - Then the draft (`draft_missing`) and its four photos
//!   (`photo_missing`, `field` the first missing slot), then the captcha
//!   gate ([`Rule::CasesWithoutCaptcha`]: from the fourth case a day from
//!   one client address on) and the cap per client address
//!   ([`Rule::CasesPerClient`]); a submission that is refused before this
//!   does not count.
//! - One transaction: it ends the draft (so a second submission of it
//!   finds none), locks the NIK's row in `case_niks` and counts the NIK's
//!   open cases (at most [`MAX_OPEN_CASES`], else `too_many_open_cases`;
//!   the lock makes two submissions at once count one after the other),
//!   writes the case (status `received`) under a fresh number, gives it
//!   the draft's four stored photos, and puts the email and the SMS with
//!   the number and the status link in the outbox. Any refusal in it
//!   rolls all of it back: the draft and its photos stay.

use std::net::IpAddr;

use akun_core::api::{CaseCreated, CaseRequest, Lang};
use akun_core::case::{CaseKind, PhotoSlot};
use akun_core::{
    CaseDescription, CaseNumber, DateOfBirth, Email, ErrorCode, Nik, PersonName, PhoneNumber,
};
use anyhow::anyhow;
use sqlx::{AnyConnection, Row};

use super::{draft, number};
use crate::account::challenge;
use crate::account::identity::{self, iso};
use crate::account::session::Session;
use crate::clock::{Millis, today};
use crate::error::{Error, InField, Result};
use crate::limits::{self, Rule};
use crate::messages::Message;
use crate::outbox;
use crate::state::AppState;
use crate::vault::{Field, Vault};

/// Cases a NIK may have open (not resolved, not rejected) at once.
pub const MAX_OPEN_CASES: i64 = 3;

/// Numbers drawn before giving up: with 40 bits, even a billion cases
/// collide on one draw in a thousand.
const NUMBER_DRAWS: usize = 8;

/// Whose case it is: the identity it is filed under.
struct Filer {
    account_id: Option<i64>,
    name: String,
    nik: Nik,
    date_of_birth: akun_core::Date,
}

/// What a case is written with, checked.
struct Checked {
    kind: CaseKind,
    description: CaseDescription,
    email: Email,
    phone: PhoneNumber,
    filer: Filer,
}

async fn check(
    state: &AppState,
    now: Millis,
    session: Option<&Session>,
    req: &CaseRequest,
) -> Result<Checked> {
    let kind = req
        .kind
        .ok_or_else(|| Error::field(ErrorCode::CaseKindMissing, "kind"))?;
    let description = CaseDescription::parse(&req.description).field("description")?;
    let email = Email::parse(&req.email).field("email")?;
    let phone = PhoneNumber::parse(&req.phone).field("phone")?;
    let account_id = session.map(|s| s.account_id);
    let registered = match account_id {
        Some(id) => identity::registered(state, id).await?,
        None => None,
    };
    let filer = match registered {
        Some(registered) => Filer {
            account_id,
            name: registered.name,
            nik: registered.nik,
            date_of_birth: registered.date_of_birth,
        },
        None => {
            let given = |value: &Option<String>| value.clone().unwrap_or_default();
            let name = PersonName::parse(&given(&req.name)).field("name")?;
            let nik = Nik::parse(&given(&req.nik)).field("nik")?;
            let dob = DateOfBirth::parse(&given(&req.date_of_birth), today(now))
                .field("date_of_birth")?;
            nik.agrees_with(&dob).field("date_of_birth")?;
            Filer {
                account_id,
                name: name.as_str().to_owned(),
                nik,
                date_of_birth: dob.date(),
            }
        }
    };
    Ok(Checked {
        kind,
        description,
        email,
        phone,
        filer,
    })
}

/// The draft's stored photos, by slot.
async fn stored_photos(conn: &mut AnyConnection, draft_id: &str) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT slot FROM case_photos WHERE draft_id = $1 AND state = 'stored'")
        .bind(draft_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| Ok(row.try_get::<String, _>(0)?))
        .collect()
}

/// `photo_missing` at the first slot without a photo.
fn require_every_slot(held: &[String]) -> Result<()> {
    match PhotoSlot::ALL
        .into_iter()
        .find(|slot| !held.iter().any(|h| h == slot.as_str()))
    {
        Some(missing) => Err(Error::field(ErrorCode::PhotoMissing, missing.as_str())),
        None => Ok(()),
    }
}

/// Submits the cookie's draft as a case (see the module's rules).
pub async fn submit(
    state: &AppState,
    ip: IpAddr,
    cookie: Option<&str>,
    session: Option<&Session>,
    req: &CaseRequest,
) -> Result<CaseCreated> {
    let now = state.clock.now();
    let case = check(state, now, session, req).await?;
    let draft = {
        let mut conn = state.db.pool.acquire().await?;
        let draft = draft::require(&mut conn, now, cookie).await?;
        require_every_slot(&stored_photos(&mut conn, &draft.id).await?)?;
        let gate = Rule::CasesWithoutCaptcha.of_client(ip);
        let (id, answer) = (req.captcha_id.as_deref(), req.captcha_answer.as_deref());
        challenge::gate_after(
            &mut conn,
            state,
            now,
            &gate,
            Rule::CasesWithoutCaptcha.max(),
            id,
            answer,
        )
        .await?;
        limits::hit(&mut conn, now, &Rule::CasesPerClient.of_client(ip)).await?;
        draft
    };

    let now = state.clock.now();
    let vault = &state.vault;
    let nik_hash = vault.lookup_hash(Field::Nik, case.filer.nik.as_str());
    let mut tx = state.db.pool.begin().await?;
    let ended =
        sqlx::query("DELETE FROM report_drafts WHERE id = $1 AND expires_at > $2 RETURNING id")
            .bind(&draft.id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
    if ended.is_none() {
        tx.rollback().await?;
        return Err(ErrorCode::DraftMissing.into());
    }
    if let Err(e) = require_every_slot(&stored_photos(&mut tx, &draft.id).await?) {
        tx.rollback().await?;
        return Err(e);
    }
    sqlx::query(
        "INSERT INTO case_niks (nik_hash, last_case_at) VALUES ($1, $2)
         ON CONFLICT (nik_hash) DO UPDATE SET last_case_at = $2",
    )
    .bind(&nik_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let open: i64 = sqlx::query(
        "SELECT COUNT(*) FROM cases WHERE nik_hash = $1 AND status NOT IN ('resolved', 'rejected')",
    )
    .bind(&nik_hash)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    if open >= MAX_OPEN_CASES {
        tx.rollback().await?;
        tracing::info!("case refused: the NIK has too many open cases");
        return Err(ErrorCode::TooManyOpenCases.into());
    }
    let (case_id, number) = insert_case(
        &mut tx,
        vault,
        now,
        &case,
        &nik_hash,
        req.lang,
        number::random_bits,
    )
    .await?;
    let moved = sqlx::query(
        "UPDATE case_photos SET case_id = $1, draft_id = NULL, updated_at = $2 WHERE draft_id = $3 AND state = 'stored'",
    )
    .bind(case_id)
    .bind(now)
    .bind(&draft.id)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != PhotoSlot::ALL.len() as u64 {
        return Err(Error::Internal(anyhow!(
            "a draft with all its slots moved {} photos",
            moved.rows_affected()
        )));
    }
    let link = number::status_link(state, &number);
    let email = Message::CaseReceived {
        case: number.to_string(),
        link: link.clone(),
    };
    outbox::enqueue(&mut tx, now, case.email.as_str(), req.lang, &email).await?;
    let sms = Message::CaseReceivedSms {
        case: number.to_string(),
        link,
    };
    outbox::enqueue(&mut tx, now, case.phone.as_e164(), req.lang, &sms).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        case = case_id,
        kind = case.kind.as_str(),
        signed_in = case.filer.account_id.is_some(),
        "case received"
    );
    Ok(CaseCreated {
        case: number,
        email: case.email.masked(),
    })
}

/// Writes the case under a fresh number, drawing again (from `draw`) when
/// the number is taken; its sealed values are bound to the number.
async fn insert_case(
    conn: &mut AnyConnection,
    vault: &Vault,
    now: Millis,
    case: &Checked,
    nik_hash: &str,
    lang: Lang,
    mut draw: impl FnMut() -> u64,
) -> Result<(i64, CaseNumber)> {
    for _ in 0..NUMBER_DRAWS {
        let number = CaseNumber::from_bits(draw());
        let row = number::bits(&number);
        let filer = &case.filer;
        let inserted = sqlx::query(
            "INSERT INTO cases (number, kind, status, account_id, name_sealed, nik_hash, nik_sealed, date_of_birth_sealed,
                                description_sealed, email, phone, lang, created_at, updated_at)
             VALUES ($1, $2, 'received', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
             ON CONFLICT (number) DO NOTHING RETURNING id",
        )
        .bind(number.as_str())
        .bind(case.kind.as_str())
        .bind(filer.account_id)
        .bind(vault.seal(Field::CaseName, row, &filer.name)?)
        .bind(nik_hash)
        .bind(vault.seal(Field::CaseNik, row, filer.nik.as_str())?)
        .bind(vault.seal(Field::CaseDateOfBirth, row, &iso(filer.date_of_birth))?)
        .bind(vault.seal(Field::CaseDescription, row, case.description.as_str())?)
        .bind(case.email.as_str())
        .bind(case.phone.as_e164())
        .bind(lang.code())
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(inserted) = inserted {
            return Ok((inserted.try_get(0)?, number));
        }
        tracing::warn!("a case number was drawn twice; drawing again");
    }
    Err(Error::Internal(anyhow!(
        "{NUMBER_DRAWS} case numbers in a row were taken"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> Checked {
        let dob =
            DateOfBirth::parse("17/08/1990", akun_core::Date::new(2026, 1, 1).unwrap()).unwrap();
        Checked {
            kind: CaseKind::Blocked,
            description: CaseDescription::parse("Akun saya diblokir tanpa alasan").unwrap(),
            email: Email::parse("budi@contoh.com").unwrap(),
            phone: PhoneNumber::parse("081234567890").unwrap(),
            filer: Filer {
                account_id: None,
                name: "BUDI SANTOSO".into(),
                nik: Nik::parse("3201011708900001").unwrap(),
                date_of_birth: dob.date(),
            },
        }
    }

    #[tokio::test]
    async fn a_number_drawn_twice_is_drawn_again() {
        let dir =
            std::env::temp_dir().join(format!("akun-case-number-{}", crate::tokens::new_token().0));
        let db = crate::db::Db::connect(&format!("sqlite://{}/t.db", dir.display()))
            .await
            .unwrap();
        let vault = Vault::new("secret");
        let mut conn = db.pool.acquire().await.unwrap();
        // The first case takes 7; the second draws 7 again, then 9.
        let mut draws = [7u64, 7, 9].into_iter();
        let mut draw = || draws.next().unwrap();
        let (first, a) = insert_case(&mut conn, &vault, 1, &case(), "h", Lang::Id, &mut draw)
            .await
            .unwrap();
        let (second, b) = insert_case(&mut conn, &vault, 1, &case(), "h", Lang::Id, &mut draw)
            .await
            .unwrap();
        assert_ne!(first, second);
        assert_eq!(a, CaseNumber::from_bits(7));
        assert_eq!(b, CaseNumber::from_bits(9));
        // Always taken: an error, not a loop.
        let err = insert_case(&mut conn, &vault, 1, &case(), "h", Lang::Id, || 7)
            .await
            .unwrap_err();
        assert!(err.is(ErrorCode::Internal));
        // The sealed values open for their own case's number only.
        let sealed: String = sqlx::query("SELECT nik_sealed FROM cases WHERE id = $1")
            .bind(second)
            .fetch_one(&mut *conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(
            vault
                .open(Field::CaseNik, number::bits(&b), &sealed)
                .unwrap(),
            "3201011708900001"
        );
        assert!(
            vault
                .open(Field::CaseNik, number::bits(&a), &sealed)
                .is_err()
        );
        drop(conn);
        db.pool.close().await;
        std::fs::remove_dir_all(dir).ok();
    }
}
