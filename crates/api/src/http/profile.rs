//! The signed-in person's profile: the identity checked against the civil
//! registry, the verification of the mobile number, and the password.
//!
//! Rules that hold here:
//! - The identity is completed once, from NIK, KK number, date of birth and
//!   mobile number. The registry must know the NIK and agree on the date of
//!   birth and the KK; the name and sex come from it, and no endpoint
//!   changes them. Nothing is saved unless everything is (one transaction
//!   with the first SMS code). One NIK belongs to one account: the UNIQUE
//!   index on its keyed hash decides between concurrent requests.
//! - NIK and KK are stored sealed (see [`crate::vault`]) and shown masked;
//!   they are never logged (`Nik` and `KkNumber` print masked, the request
//!   body prints nothing).
//! - Mobile number codes follow the login codes' rules: 6 CSPRNG digits,
//!   stored as a keyed hash bound to the account and the number, 5 minutes,
//!   5 wrong tries counted before the comparison, one code plus 5 new codes
//!   then a 2-hour wait from the fifth, all in the database; a code whose
//!   SMS failed is replaced for free. A verified number belongs to one
//!   account (a UNIQUE index again).
//! - Changing the password needs the current one, checked on the hashing
//!   pool; a wrong one counts as a failed login of the account. Success ends
//!   every other session and emails a notice.

use std::time::Duration;

use akun_core::api::{ChangePasswordRequest, IdentityRequest, Lang, PhoneCodeRequest, PhoneStatus};
use akun_core::{
    ApiError, Date, DateOfBirth, Email, ErrorCode, KkNumber, Nik, OtpCode, Password, PhoneNumber,
    Sex,
};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::Rng;
use rand::rngs::OsRng;
use sqlx::{AnyConnection, Row};

use super::error::ApiJson;
use super::login::{
    CODE_LIFETIME, CODES_WAIT, FAILURES_PER_HOUR, NEW_CODES, SLOW_DOWN_AFTER, SLOW_DOWN_SPACING,
    TRIES_PER_CODE, wib,
};
use super::session::{self, AuthSession};
use super::{AppState, ClientIp, email_key};
use crate::clock::{Millis, ms};
use crate::error::{Error, InField, Result};
use crate::limits::{self, Limit};
use crate::messages::Message;
use crate::vault::Field;
use crate::{outbox, tokens};

/// Identity completions one account may try in an hour. Each try asks the
/// registry about a NIK, so this also keeps an account from combing the
/// registry.
pub const IDENTITY_TRIES_PER_HOUR: i64 = 10;
/// Per client address; generous because of carrier-grade NAT.
pub const PER_CLIENT_PER_HOUR: i64 = 600;
/// How long the screen is asked to wait when the registry does not answer.
pub const REGISTRY_RETRY_AFTER: u32 = 30;

const HOUR: Duration = Duration::from_secs(3600);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/profile/identity", post(complete_identity))
        .route("/api/profile/phone/status", get(phone_status))
        .route("/api/profile/phone/verify", post(verify_phone))
        .route("/api/profile/phone/code/new", post(new_phone_code))
        .route("/api/password/change", post(change_password))
}

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

/// Today in western Indonesian time, for the age check of a date of birth.
pub(crate) fn today(now: Millis) -> Date {
    Date::from_unix_seconds(now.div_euclid(1000) + 7 * 3600)
}

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

pub(crate) async fn account_lang(conn: &mut AnyConnection, account_id: i64) -> Result<Lang> {
    let lang: String = sqlx::query("SELECT lang FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok(Lang::from_tag(&lang))
}

#[utoipa::path(post, path = "/api/profile/identity", request_body = IdentityRequest, responses(
    (status = 200, description = "Saved; a code is on its way to the mobile number by SMS", body = PhoneStatus),
    (status = 400, description = "bad_request: not JSON, or a field that does not belong (such as `name`)", body = akun_core::ApiError),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "identity_already_complete; nik_taken (field nik); phone_taken (field phone)", body = akun_core::ApiError),
    (status = 422, description = "A field is invalid (nik, kk, date_of_birth, phone), or nik_unknown (nik), identity_dob_mismatch (date_of_birth), identity_kk_mismatch (kk)", body = akun_core::ApiError),
    (status = 429, description = "Too many tries", body = akun_core::ApiError),
    (status = 503, description = "registry_unavailable: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn complete_identity(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: AuthSession,
    ApiJson(req): ApiJson<IdentityRequest>,
) -> Result<Json<PhoneStatus>> {
    let now = state.clock.now();
    let nik = Nik::parse(&req.nik).field("nik")?;
    let kk = KkNumber::parse(&req.kk).field("kk")?;
    let dob = DateOfBirth::parse(&req.date_of_birth, today(now)).field("date_of_birth")?;
    let phone = PhoneNumber::parse(&req.phone).field("phone")?;
    nik.agrees_with(&dob).field("date_of_birth")?;
    let account_id = session.account_id;

    let mut conn = state.db.pool.acquire().await?;
    if has_identity(&mut conn, account_id).await? {
        return Err(Error::from(ErrorCode::IdentityAlreadyComplete));
    }
    limits::hit(
        &mut conn,
        now,
        &format!("identity-ip:{ip}"),
        Limit::per(PER_CLIENT_PER_HOUR, HOUR),
    )
    .await?;
    limits::hit(
        &mut conn,
        now,
        &format!("identity:{account_id}"),
        Limit::per(IDENTITY_TRIES_PER_HOUR, HOUR),
    )
    .await?;
    if verified_elsewhere(&mut conn, account_id, phone.as_e164()).await? {
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
            Error::from(ErrorCode::IdentityAlreadyComplete)
        } else {
            tracing::info!(
                account = account_id,
                "identity refused: NIK used by another account"
            );
            Error::field(ErrorCode::NikTaken, "nik")
        });
    }
    let lang = account_lang(&mut tx, account_id).await?;
    send_code(
        &mut tx,
        &state,
        now,
        account_id,
        &phone,
        lang,
        CodeFlow::Verify,
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(account = account_id, "identity completed; phone code sent");
    Ok(Json(status_of(&state, account_id, CodeFlow::Verify).await?))
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

#[utoipa::path(get, path = "/api/profile/phone/status", responses(
    (status = 200, description = "Where the mobile number's verification stands", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "identity_incomplete", body = akun_core::ApiError)
))]
pub async fn phone_status(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(
        status_of(&state, session.account_id, CodeFlow::Verify).await?,
    ))
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

#[utoipa::path(post, path = "/api/profile/phone/verify", request_body = PhoneCodeRequest, responses(
    (status = 200, description = "The number is verified", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_already_verified, phone_taken or identity_incomplete", body = akun_core::ApiError),
    (status = 410, description = "otp_expired or otp_dead: ask for a new code", body = akun_core::ApiError),
    (status = 422, description = "otp_wrong (with `left`) or otp_format, field code", body = akun_core::ApiError)
))]
pub async fn verify_phone(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(req): ApiJson<PhoneCodeRequest>,
) -> Result<Json<PhoneStatus>> {
    let account_id = session.account_id;
    let now = state.clock.now();
    let tried = try_code(&state, account_id, CodeFlow::Verify, &req.code).await?;
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
    .await;
    match verified {
        Ok(done) if done.rows_affected() == 1 => {}
        Ok(_) => return Err(why_no_try(&state, account_id, CodeFlow::Verify).await?),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            tracing::info!(
                account = account_id,
                "phone refused: verified by another account"
            );
            return Err(Error::field(ErrorCode::PhoneTaken, "phone"));
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(account = account_id, "phone number verified");
    Ok(Json(status_of(&state, account_id, CodeFlow::Verify).await?))
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

#[utoipa::path(post, path = "/api/profile/phone/code/new", responses(
    (status = 200, description = "A new code is on its way by SMS", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_already_verified, phone_taken or identity_incomplete", body = akun_core::ApiError),
    (status = 429, description = "codes_locked: no new codes until retry_after", body = akun_core::ApiError)
))]
pub async fn new_phone_code(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(
        renew_code(&state, session.account_id, CodeFlow::Verify).await?,
    ))
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
    let lang = account_lang(&mut tx, account_id).await?;
    send_code(&mut tx, state, now, account_id, &phone, lang, flow).await?;
    tx.commit().await?;
    state.outbox.wake();
    status_of(state, account_id, flow).await
}

#[utoipa::path(post, path = "/api/password/change", request_body = ChangePasswordRequest, responses(
    (status = 204, description = "Changed: every other session has ended and a notice is on its way by email"),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 422, description = "password_wrong (field current_password, counts as a failed login); password_same or a password rule (field new_password)", body = akun_core::ApiError),
    (status = 429, description = "Too many failed passwords for this account", body = akun_core::ApiError),
    (status = 503, description = "Busy: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn change_password(
    State(state): State<AppState>,
    session: AuthSession,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode> {
    let new = Password::parse(&req.new_password).field("new_password")?;
    let account_id = session.account_id;
    let Checked {
        stored,
        email,
        lang,
    } = check_password(
        &state,
        account_id,
        &req.current_password,
        "current_password",
    )
    .await?;
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
    session::end_all_but_on(&mut tx, now, account_id, Some(&session.id)).await?;
    // A login half-way (password given, code not yet) was started with the
    // old password: it ends too.
    sqlx::query(
        "UPDATE login_attempts SET expires_at = $1 WHERE account_id = $2 AND completed_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
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
        "password changed; other sessions ended"
    );
    Ok(StatusCode::NO_CONTENT)
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
/// and answers `password_wrong` at `field_name`.
pub(crate) async fn check_password(
    state: &AppState,
    account_id: i64,
    password: &str,
    field_name: &'static str,
) -> Result<Checked> {
    let now = state.clock.now();
    let row = sqlx::query("SELECT email, password_hash, lang FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&state.db.pool)
        .await?;
    let stored: String = row.try_get("password_hash")?;
    let email = Email::parse(&row.try_get::<String, _>("email")?)
        .map_err(|e| Error::Internal(anyhow::anyhow!("stored email does not parse: {e}")))?;
    let lang = Lang::from_tag(&row.try_get::<String, _>("lang")?);

    // The same guard as the login's password step, under the same key.
    let fail_key = email_key(state, "login-fail", &email);
    let mut conn = state.db.pool.acquire().await?;
    let failures = limits::count(&mut conn, now, &fail_key, HOUR).await?;
    if failures.count >= FAILURES_PER_HOUR {
        return Err(Error::retry_after(
            ErrorCode::TooManyRequests,
            limits::seconds_until(now, failures.window_end),
        ));
    }
    if failures.count >= SLOW_DOWN_AFTER {
        let spacing = email_key(state, "login-spacing", &email);
        limits::hit(&mut conn, now, &spacing, Limit::per(1, SLOW_DOWN_SPACING)).await?;
    }
    drop(conn);

    if !state.hasher.verify(password, Some(&stored)).await? {
        let mut conn = state.db.pool.acquire().await?;
        let _ = limits::hit(
            &mut conn,
            state.clock.now(),
            &fail_key,
            Limit::per(FAILURES_PER_HOUR, HOUR),
        )
        .await;
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

/// The identity part of `GET /api/me`, masked.
#[derive(Debug, Default)]
pub struct ShownIdentity {
    pub name: Option<String>,
    pub complete: bool,
    pub nik_masked: Option<String>,
    pub kk_masked: Option<String>,
    pub date_of_birth: Option<String>,
    pub phone_masked: Option<String>,
    pub phone_verified: bool,
}

/// Reads and masks the account's identity. A sealed value that does not
/// open (a changed secret key) is logged and left out rather than failing
/// the whole page.
pub async fn shown_identity(state: &AppState, account_id: i64) -> Result<ShownIdentity> {
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

    #[test]
    fn today_is_the_date_in_jakarta() {
        // 2026-11-26 23:45 UTC is already the 27th in Jakarta.
        assert_eq!(today(1_795_736_700_000), Date::new(2026, 11, 27).unwrap());
    }
}
