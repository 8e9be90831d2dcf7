//! The verification of the identity's mobile number by SMS code, and the
//! code functions it shares with the change of number.
//!
//! Rules that hold here:
//! - Mobile number codes follow the login codes' rules: 6 CSPRNG digits,
//!   stored as a keyed hash bound to the account and the number, 5 minutes,
//!   5 wrong tries counted before the comparison, one code plus 5 new codes
//!   then a 2-hour wait from the fifth, all in the database; a code whose
//!   SMS failed is replaced for free.
//! - The state lives in the account's `identities` row (not with the login
//!   codes), so logging in and verifying a number do not use up each
//!   other's codes.
//! - A verified number belongs to one account: a UNIQUE index decides
//!   between concurrent verifications.

use akun_core::api::{Lang, PhoneStatus};
use akun_core::{ApiError, ErrorCode, OtpCode, PhoneNumber};
use rand::Rng;
use rand::rngs::OsRng;
use sqlx::{AnyConnection, Row};

use super::login::{CODE_LIFETIME, CODES_WAIT, NEW_CODES, TRIES_PER_CODE};
use super::session::Session;
use crate::clock::{Millis, ms};
use crate::error::{Error, InField, OnUnique, Result};
use crate::limits;
use crate::messages::Message;
use crate::state::AppState;
use crate::{outbox, tokens};

/// Which number an SMS code is for. Both use the code columns of the
/// account's `identities` row and the same rules; they never overlap, as a
/// change needs a verified number and verifying ends with none pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeFlow {
    /// The first verification of the identity's number (`phone`).
    Verify,
    /// A new number waiting to replace the verified one (`phone_pending`).
    Change,
}

impl CodeFlow {
    /// The column holding the number the code goes to.
    fn number_column(self) -> &'static str {
        match self {
            CodeFlow::Verify => "phone",
            CodeFlow::Change => "phone_pending",
        }
    }

    /// When a code of this flow can be tried at all.
    fn open(self) -> &'static str {
        match self {
            CodeFlow::Verify => "phone_verified_at IS NULL",
            CodeFlow::Change => "phone_pending IS NOT NULL",
        }
    }

    fn purpose(self) -> &'static str {
        match self {
            CodeFlow::Verify => "phone-otp",
            CodeFlow::Change => "phone-change-otp",
        }
    }
}

/// Whether another account has verified this number.
pub(crate) async fn verified_elsewhere(
    conn: &mut AnyConnection,
    account_id: i64,
    phone: &str,
) -> Result<bool> {
    Ok(sqlx::query(
        "SELECT account_id FROM identities WHERE phone_verified = $1 AND account_id <> $2",
    )
    .bind(phone)
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?
    .is_some())
}

/// The stored form of a phone code: keyed with the server secret and bound
/// to the flow, the account and the number it was sent to.
fn code_hash(state: &AppState, flow: CodeFlow, account_id: i64, phone: &str, code: &str) -> String {
    tokens::keyed(
        &state.config.secret_key,
        &format!("{}:{account_id}:{phone}", flow.purpose()),
        code,
    )
}

/// Makes a fresh code (resetting that code's tries) and puts its SMS in the
/// outbox, in the caller's transaction.
pub(crate) async fn send_code(
    conn: &mut AnyConnection,
    state: &AppState,
    now: Millis,
    account_id: i64,
    phone: &PhoneNumber,
    lang: Lang,
    flow: CodeFlow,
) -> Result<()> {
    let code = format!("{:06}", OsRng.gen_range(0..1_000_000u32));
    let message = Message::PhoneCode {
        code: code.clone(),
        minutes: (CODE_LIFETIME.as_secs() / 60) as u32,
    };
    let outbox_id = outbox::enqueue(conn, now, phone.as_e164(), lang, &message).await?;
    sqlx::query(
        "UPDATE identities SET code_hash = $1, code_expires_at = $2, code_failures = 0, code_outbox_id = $3
         WHERE account_id = $4",
    )
    .bind(code_hash(state, flow, account_id, phone.as_e164(), &code))
    .bind(now + ms(CODE_LIFETIME))
    .bind(outbox_id)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Counts one more phone code (see [`limits::take_code_slot`]).
async fn take_code_slot(
    conn: &mut AnyConnection,
    now: Millis,
    account_id: i64,
) -> Result<Result<(), Millis>> {
    limits::take_code_slot(
        conn,
        now,
        limits::CodeCounter::Phone,
        account_id,
        NEW_CODES + 1,
        CODES_WAIT,
    )
    .await
}

/// Where the number's verification (or the change's code) stands.
pub(crate) async fn status_of(
    state: &AppState,
    account_id: i64,
    flow: CodeFlow,
) -> Result<PhoneStatus> {
    let now = state.clock.now();
    let row = sqlx::query(&format!(
        "SELECT i.{} AS number, i.phone_verified_at, i.code_expires_at, i.code_failures, i.codes_sent,
                i.codes_locked_until, o.status AS delivery
         FROM identities i LEFT JOIN outbox o ON o.id = i.code_outbox_id
         WHERE i.account_id = $1",
        flow.number_column()
    ))
    .bind(account_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| Error::from(ErrorCode::IdentityIncomplete))?;
    let Some(phone) = row.try_get::<Option<String>, _>("number")? else {
        return Err(Error::from(ErrorCode::PhoneChangeNotStarted));
    };
    let sent_to = PhoneNumber::parse(&phone)
        .map(|p| p.masked())
        .unwrap_or_default();
    if flow == CodeFlow::Verify
        && row
            .try_get::<Option<i64>, _>("phone_verified_at")?
            .is_some()
    {
        return Ok(PhoneStatus {
            sent_to,
            verified: true,
            code_expires_in: 0,
            new_codes_left: 0,
            codes_locked_for: None,
            delivery_failed: false,
        });
    }
    let expires: Option<Millis> = row.try_get("code_expires_at")?;
    let dead = row.try_get::<i64, _>("code_failures")? >= TRIES_PER_CODE;
    let sent: i64 = row.try_get("codes_sent")?;
    let lock: Option<Millis> = row.try_get("codes_locked_until")?;
    let locked = lock.filter(|t| *t > now);
    // After the wait the count starts again with the next code.
    let sent = if lock.is_some() && locked.is_none() {
        1
    } else {
        sent
    };
    Ok(PhoneStatus {
        sent_to,
        verified: false,
        code_expires_in: match expires {
            Some(t) if t > now && !dead => limits::seconds_until(now, t),
            _ => 0,
        },
        new_codes_left: if locked.is_some() {
            0
        } else {
            u32::try_from((NEW_CODES + 1 - sent).clamp(0, NEW_CODES)).unwrap_or(0)
        },
        codes_locked_for: locked.map(|t| limits::seconds_until(now, t)),
        delivery_failed: row.try_get::<Option<String>, _>("delivery")?.as_deref() == Some("failed"),
    })
}

/// Where the verification of the number stands.
pub async fn status(state: &AppState, session: &Session) -> Result<PhoneStatus> {
    status_of(state, session.account_id, CodeFlow::Verify).await
}

/// Why a code could not even be tried.
pub(crate) async fn why_no_try(state: &AppState, account_id: i64, flow: CodeFlow) -> Result<Error> {
    let row = sqlx::query(
        "SELECT phone_verified_at, phone_pending, code_hash, code_failures FROM identities WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(Error::from(ErrorCode::IdentityIncomplete));
    };
    match flow {
        CodeFlow::Verify
            if row
                .try_get::<Option<i64>, _>("phone_verified_at")?
                .is_some() =>
        {
            return Ok(Error::from(ErrorCode::PhoneAlreadyVerified));
        }
        CodeFlow::Change if row.try_get::<Option<String>, _>("phone_pending")?.is_none() => {
            return Ok(Error::from(ErrorCode::PhoneChangeNotStarted));
        }
        _ => {}
    }
    if row.try_get::<Option<String>, _>("code_hash")?.is_some()
        && row.try_get::<i64, _>("code_failures")? >= TRIES_PER_CODE
    {
        return Ok(Error::from(ErrorCode::OtpDead));
    }
    // Expired, or no code at all (the 2-hour wait).
    Ok(Error::from(ErrorCode::OtpExpired))
}

/// Verifies the number with the code sent to it (see the module's rules).
pub async fn verify(state: &AppState, session: &Session, code: &str) -> Result<PhoneStatus> {
    let account_id = session.account_id;
    let now = state.clock.now();
    let tried = try_code(state, account_id, CodeFlow::Verify, code).await?;
    let stored = tried.stored;

    // Right: one statement marks the number verified and spends the code,
    // and only if this very code is still the current one. The UNIQUE
    // index on verified numbers refuses a number another account verified
    // in the meantime.
    let verified = sqlx::query(
        "UPDATE identities SET phone_verified = phone, phone_verified_at = $1, code_hash = NULL,
           code_expires_at = NULL, codes_sent = 0, codes_locked_until = NULL
         WHERE account_id = $2 AND phone_verified_at IS NULL AND code_hash = $3",
    )
    .bind(now)
    .bind(account_id)
    .bind(&stored)
    .execute(&state.db.pool)
    .await
    .on_unique(|| {
        tracing::info!(
            account = account_id,
            "phone refused: verified by another account"
        );
        Error::field(ErrorCode::PhoneTaken, "phone")
    })?;
    if verified.rows_affected() != 1 {
        return Err(why_no_try(state, account_id, CodeFlow::Verify).await?);
    }
    tracing::info!(account = account_id, "phone number verified");
    status_of(state, account_id, CodeFlow::Verify).await
}

/// A right code, counted and compared.
pub(crate) struct TriedCode {
    /// The code's stored hash, to spend it only if it is still current.
    pub stored: String,
    /// The number it was sent to (E.164).
    pub number: String,
    /// The account's current number (E.164), before any change.
    pub current: String,
}

/// Counts a try of the flow's code and compares: the try is counted
/// *before* the comparison, so concurrent guesses cannot exceed 5 per
/// code. A wrong code answers `otp_wrong` with the tries left (the last
/// one `otp_dead`).
pub(crate) async fn try_code(
    state: &AppState,
    account_id: i64,
    flow: CodeFlow,
    code: &str,
) -> Result<TriedCode> {
    let code = OtpCode::parse(code).field("code")?;
    let now = state.clock.now();
    let counted = sqlx::query(&format!(
        "UPDATE identities SET code_failures = code_failures + 1
         WHERE account_id = $1 AND {} AND code_hash IS NOT NULL
           AND code_failures < $2 AND code_expires_at > $3
         RETURNING code_hash, code_failures, {} AS number, phone",
        flow.open(),
        flow.number_column()
    ))
    .bind(account_id)
    .bind(TRIES_PER_CODE)
    .bind(now)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(counted) = counted else {
        return Err(why_no_try(state, account_id, flow).await?);
    };
    let stored: String = counted.try_get("code_hash")?;
    let used: i64 = counted.try_get("code_failures")?;
    let number: String = counted.try_get("number")?;
    if !tokens::constant_time_eq(
        &stored,
        &code_hash(state, flow, account_id, &number, code.as_str()),
    ) {
        let left = u32::try_from(TRIES_PER_CODE - used).unwrap_or(0);
        if left == 0 {
            return Err(Error::from(ErrorCode::OtpDead));
        }
        return Err(Error::Refused(ApiError {
            left: Some(left),
            ..ApiError::field(ErrorCode::OtpWrong, "code")
        }));
    }
    Ok(TriedCode {
        stored,
        number,
        current: counted.try_get("phone")?,
    })
}

/// A new code for the number, under the code rules.
pub async fn new_code(state: &AppState, session: &Session) -> Result<PhoneStatus> {
    renew_code(state, session.account_id, CodeFlow::Verify).await
}

/// Counts one more code for the account (free when the last code's SMS
/// failed), or answers 429 `codes_locked` during the 2-hour wait. Call it
/// with the `identities` row locked, in the transaction that sends.
pub(crate) async fn take_code_or_wait(
    conn: &mut AnyConnection,
    now: Millis,
    account_id: i64,
    last_outbox_id: Option<i64>,
) -> Result<()> {
    let failed_delivery = match last_outbox_id {
        Some(id) => {
            sqlx::query("SELECT status FROM outbox WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?
                .try_get::<String, _>(0)?
                == "failed"
        }
        None => false,
    };
    if !failed_delivery && let Err(until) = take_code_slot(conn, now, account_id).await? {
        return Err(Error::retry_after(
            ErrorCode::CodesLocked,
            limits::seconds_until(now, until),
        ));
    }
    Ok(())
}

/// A new code for the flow's number, under the code rules.
pub(crate) async fn renew_code(
    state: &AppState,
    account_id: i64,
    flow: CodeFlow,
) -> Result<PhoneStatus> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    // Lock the row first (a write), then read what it needs.
    let row = sqlx::query(&format!(
        "UPDATE identities SET phone = phone WHERE account_id = $1
         RETURNING {} AS number, phone_verified_at, code_outbox_id",
        flow.number_column()
    ))
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| Error::from(ErrorCode::IdentityIncomplete))?;
    if flow == CodeFlow::Verify
        && row
            .try_get::<Option<i64>, _>("phone_verified_at")?
            .is_some()
    {
        return Err(Error::from(ErrorCode::PhoneAlreadyVerified));
    }
    let Some(phone) = row.try_get::<Option<String>, _>("number")? else {
        return Err(Error::from(ErrorCode::PhoneChangeNotStarted));
    };
    let phone = PhoneNumber::parse(&phone)
        .map_err(|e| Error::Internal(anyhow::anyhow!("stored phone does not parse: {e}")))?;
    if verified_elsewhere(&mut tx, account_id, phone.as_e164()).await? {
        return Err(Error::field(ErrorCode::PhoneTaken, "phone"));
    }
    take_code_or_wait(&mut tx, now, account_id, row.try_get("code_outbox_id")?).await?;
    let lang = super::account_lang(&mut tx, account_id).await?;
    send_code(&mut tx, state, now, account_id, &phone, lang, flow).await?;
    tx.commit().await?;
    state.outbox.wake();
    status_of(state, account_id, flow).await
}
