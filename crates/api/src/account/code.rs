//! One-time codes, for every purpose: one engine issues, counts, checks
//! and reports the codes of a login attempt, of the verification of a
//! mobile number and of a change of number.
//!
//! Rules that hold for every [`Target`]:
//! - A code is 6 digits from the OS's CSPRNG, stored only as a hash keyed
//!   with the server secret and bound to what it is for (the login
//!   attempt; the account and the number), so it can never be checked
//!   against anything else. It lives [`CODE_LIFETIME`] and is spent by its
//!   first right answer.
//! - Each code allows [`TRIES_PER_CODE`] wrong tries. A try is counted
//!   *before* the comparison, in one statement, so concurrent guesses can
//!   never make more comparisons than that; the comparison takes constant
//!   time. A login attempt also dies after [`TRIES_PER_ATTEMPT`] wrong
//!   tries over all its codes, and a new code never resets that count.
//! - Per account, across tabs, browsers and instances (the state is in the
//!   database): one code plus [`NEW_CODES`] new codes, then none for
//!   [`CODES_WAIT`] from the last one, counted by one atomic statement; the
//!   login's codes are counted apart from the phone's (verification and
//!   change share a count). After the wait, the count starts again. A new
//!   code whose predecessor's message failed to deliver is free.
//! - Login codes keep their state in the attempt's row and the account's
//!   `account_guards` row; phone codes in the account's `identities` row,
//!   so logging in and verifying a number never use up each other's codes.
//!
//! The five functions: [`issue`] a code, [`take_slot`] for it (or say how
//! long to wait), [`try_code`], say why no try is possible
//! ([`why_no_try`]), and report the [`state`]. Spending a right code is the caller's, in the statement that
//! makes its change, so that the change happens only while the code is
//! still the current one.

use std::time::Duration;

use akun_core::api::{CodeState, Lang};
use akun_core::{ApiError, ErrorCode, OtpCode};
use rand::Rng;
use rand::rngs::OsRng;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};

use crate::clock::{Millis, ms};
use crate::error::{Error, Result};
use crate::limits::seconds_until;
use crate::messages::Message;
use crate::state::AppState;
use crate::{outbox, tokens};

pub const CODE_LIFETIME: Duration = Duration::from_secs(5 * 60);
pub const TRIES_PER_CODE: i64 = 5;
/// Wrong tries over a whole login attempt, however many codes it used.
pub const TRIES_PER_ATTEMPT: i64 = 15;
/// New codes after the first, before the wait.
pub const NEW_CODES: i64 = 5;
pub const CODES_WAIT: Duration = Duration::from_secs(2 * 3600);

/// What a code is for, and so where its state lives. A closed set: the
/// table and column names that go into SQL come only from here, never from
/// input; the keys are bound as parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// The code of a login attempt (whose id is the stored hash of its
    /// handle), sent by email.
    Login { attempt: &'a str, account: i64 },
    /// The first verification of the identity's mobile number (`phone`).
    Phone { account: i64 },
    /// A new number waiting to replace the verified one (`phone_pending`).
    /// It shares the `identities` row's code columns with [`Target::Phone`]:
    /// they never overlap, as a change needs a verified number and verifying
    /// ends with none pending.
    PhoneChange { account: i64 },
}

impl Target<'_> {
    /// The account the code belongs to.
    pub fn account(self) -> i64 {
        match self {
            Target::Login { account, .. }
            | Target::Phone { account }
            | Target::PhoneChange { account } => account,
        }
    }

    /// The column the code is bound to: the attempt's id, or the column of
    /// the number it is sent to.
    pub fn bound_column(self) -> &'static str {
        match self {
            Target::Login { .. } => "id",
            Target::Phone { .. } => "phone",
            Target::PhoneChange { .. } => "phone_pending",
        }
    }

    /// The table and key column of the row holding the code.
    fn row(self) -> (&'static str, &'static str) {
        match self {
            Target::Login { .. } => ("login_attempts", "id"),
            Target::Phone { .. } | Target::PhoneChange { .. } => ("identities", "account_id"),
        }
    }

    /// Binds the key of the row holding the code.
    fn bind_key<'q>(
        self,
        query: Query<'q, Any, AnyArguments<'q>>,
    ) -> Query<'q, Any, AnyArguments<'q>> {
        match self {
            Target::Login { attempt, .. } => query.bind(attempt.to_owned()),
            Target::Phone { account } | Target::PhoneChange { account } => query.bind(account),
        }
    }

    /// When a code can be tried at all, beyond having one that is alive.
    fn open(self) -> String {
        match self {
            Target::Login { .. } => {
                format!("completed_at IS NULL AND failures < {TRIES_PER_ATTEMPT}")
            }
            Target::Phone { .. } => "phone_verified_at IS NULL".to_owned(),
            Target::PhoneChange { .. } => "phone_pending IS NOT NULL".to_owned(),
        }
    }

    /// What else a try counts.
    fn also_counts(self) -> &'static str {
        match self {
            Target::Login { .. } => ", failures = failures + 1",
            Target::Phone { .. } | Target::PhoneChange { .. } => "",
        }
    }

    /// The stored form of `code`, bound to `bound` (the value of
    /// [`Target::bound_column`]). The purposes are those the codes were
    /// always stored under.
    fn hash(self, secret: &str, bound: &str, code: &str) -> String {
        let purpose = match self {
            Target::Login { .. } => format!("otp:{bound}"),
            Target::Phone { account } => format!("phone-otp:{account}:{bound}"),
            Target::PhoneChange { account } => format!("phone-change-otp:{account}:{bound}"),
        };
        tokens::keyed(secret, &purpose, code)
    }

    /// The table that counts the account's codes (its row must exist).
    fn counter(self) -> &'static str {
        match self {
            Target::Login { .. } => "account_guards",
            Target::Phone { .. } | Target::PhoneChange { .. } => "identities",
        }
    }

    fn message(self, code: String) -> Message {
        let minutes = (CODE_LIFETIME.as_secs() / 60) as u32;
        match self {
            Target::Login { .. } => Message::LoginCode { code, minutes },
            Target::Phone { .. } | Target::PhoneChange { .. } => {
                Message::PhoneCode { code, minutes }
            }
        }
    }
}

/// Makes a fresh code for the target, resetting that code's tries (never
/// a login attempt's), and puts its message to `recipient` in the outbox,
/// in the caller's transaction. For a phone target the recipient is the
/// number (E.164) the code is bound to.
pub async fn issue(
    conn: &mut AnyConnection,
    state: &AppState,
    now: Millis,
    target: Target<'_>,
    recipient: &str,
    lang: Lang,
) -> Result<()> {
    let code = format!("{:06}", OsRng.gen_range(0..1_000_000u32));
    let bound = match target {
        Target::Login { attempt, .. } => attempt,
        Target::Phone { .. } | Target::PhoneChange { .. } => recipient,
    };
    let hash = target.hash(&state.config.secret_key, bound, &code);
    let outbox_id = outbox::enqueue(conn, now, recipient, lang, &target.message(code)).await?;
    let (table, key) = target.row();
    let sql = format!(
        "UPDATE {table} SET code_hash = $1, code_expires_at = $2, code_failures = 0, code_outbox_id = $3
         WHERE {key} = $4"
    );
    let query = sqlx::query(&sql)
        .bind(hash)
        .bind(now + ms(CODE_LIFETIME))
        .bind(outbox_id);
    target.bind_key(query).execute(&mut *conn).await?;
    Ok(())
}

/// No new code for this many seconds: the 2-hour wait is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait(pub u32);

/// `codes_locked`, with the wait.
impl From<Wait> for Error {
    fn from(Wait(seconds): Wait) -> Error {
        Error::retry_after(ErrorCode::CodesLocked, seconds)
    }
}

/// Counts one more code for the account, or says how long to wait. Free
/// when the target's last code was never delivered. Call it with the
/// target's row locked, in the transaction that then [`issue`]s.
pub async fn take_slot(
    conn: &mut AnyConnection,
    now: Millis,
    target: Target<'_>,
) -> Result<Result<(), Wait>> {
    let (counter, account) = (target.counter(), target.account());
    if let Target::Login { .. } = target {
        // The account's guard row is made on first use.
        sqlx::query("INSERT INTO account_guards (account_id, codes_sent) VALUES ($1, 0) ON CONFLICT (account_id) DO NOTHING")
            .bind(account)
            .execute(&mut *conn)
            .await?;
    }
    let (table, key) = target.row();
    let sql = format!(
        "SELECT o.status FROM {table} t JOIN outbox o ON o.id = t.code_outbox_id WHERE t.{key} = $1"
    );
    let last = target
        .bind_key(sqlx::query(&sql))
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = last
        && row.try_get::<String, _>(0)? == "failed"
    {
        return Ok(Ok(()));
    }
    // The whole rule in one statement, so that concurrent requests from
    // any number of tabs or instances never send more than it allows.
    let taken = sqlx::query(&format!(
        "UPDATE {counter} SET
           codes_sent = CASE WHEN codes_locked_until IS NOT NULL THEN 1 ELSE codes_sent + 1 END,
           codes_locked_until = CASE
             WHEN codes_locked_until IS NULL AND codes_sent + 1 >= $2 THEN $3
             ELSE NULL END
         WHERE account_id = $1 AND (codes_locked_until IS NULL OR codes_locked_until <= $4)
         RETURNING codes_sent"
    ))
    .bind(account)
    .bind(NEW_CODES + 1)
    .bind(now + ms(CODES_WAIT))
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    if taken.is_some() {
        return Ok(Ok(()));
    }
    let until: Option<Millis> = sqlx::query(&format!(
        "SELECT codes_locked_until FROM {counter} WHERE account_id = $1"
    ))
    .bind(account)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    Ok(Err(Wait(seconds_until(now, until.unwrap_or(now)))))
}

/// A right code, counted and compared.
#[derive(Debug)]
pub struct Tried {
    /// The code's stored hash, to spend it only while it is still current.
    pub stored: String,
    /// What the code was bound to: the attempt, or the number it was sent
    /// to (E.164).
    pub bound: String,
}

/// Counts a try of the target's code, then compares. A wrong code refuses
/// with `otp_wrong` and the tries left (the last one `otp_dead`); when no
/// try is possible, [`why_no_try`] says why.
pub async fn try_code(
    state: &AppState,
    now: Millis,
    target: Target<'_>,
    code: &OtpCode,
) -> Result<Tried> {
    let (table, key) = target.row();
    let sql = format!(
        "UPDATE {table} SET code_failures = code_failures + 1{also}
         WHERE {key} = $1 AND {open} AND code_hash IS NOT NULL
           AND code_failures < $2 AND code_expires_at > $3
         RETURNING code_hash, code_failures, {bound} AS bound",
        also = target.also_counts(),
        open = target.open(),
        bound = target.bound_column(),
    );
    let counted = target
        .bind_key(sqlx::query(&sql))
        .bind(TRIES_PER_CODE)
        .bind(now)
        .fetch_optional(&state.db.pool)
        .await?;
    let Some(counted) = counted else {
        return Err(why_no_try(state, target).await?);
    };
    let stored: String = counted.try_get("code_hash")?;
    let used: i64 = counted.try_get("code_failures")?;
    let bound: String = counted.try_get("bound")?;
    let given = target.hash(&state.config.secret_key, &bound, code.as_str());
    if !tokens::constant_time_eq(&stored, &given) {
        let left = u32::try_from(TRIES_PER_CODE - used).unwrap_or(0);
        if left == 0 {
            return Err(ErrorCode::OtpDead.into());
        }
        return Err(Error::Refused(ApiError {
            left: Some(left),
            ..ApiError::field(ErrorCode::OtpWrong, "code")
        }));
    }
    Ok(Tried { stored, bound })
}

/// Why the target's code could not even be tried (or, after a right code,
/// could not be spent): the refusal to answer with.
pub async fn why_no_try(state: &AppState, target: Target<'_>) -> Result<Error> {
    let (table, key) = target.row();
    let gate = match target {
        Target::Login { .. } => "failures",
        Target::Phone { .. } => "phone_verified_at",
        Target::PhoneChange { .. } => "phone_pending",
    };
    let sql =
        format!("SELECT code_hash, code_failures, {gate} AS gate FROM {table} WHERE {key} = $1");
    let read = target.bind_key(sqlx::query(&sql));
    let Some(row) = read.fetch_optional(&state.db.pool).await? else {
        // Only an identity can be missing: an attempt was found open first.
        return Ok(ErrorCode::IdentityIncomplete.into());
    };
    let closed = match target {
        Target::Login { .. } => {
            (row.try_get::<i64, _>("gate")? >= TRIES_PER_ATTEMPT).then_some(ErrorCode::LoginExpired)
        }
        Target::Phone { .. } => row
            .try_get::<Option<i64>, _>("gate")?
            .map(|_| ErrorCode::PhoneAlreadyVerified),
        Target::PhoneChange { .. } => row
            .try_get::<Option<String>, _>("gate")?
            .is_none()
            .then_some(ErrorCode::PhoneChangeNotStarted),
    };
    if let Some(code) = closed {
        return Ok(code.into());
    }
    if row.try_get::<Option<String>, _>("code_hash")?.is_some()
        && row.try_get::<i64, _>("code_failures")? >= TRIES_PER_CODE
    {
        return Ok(ErrorCode::OtpDead.into());
    }
    // Expired, or no code at all (the 2-hour wait).
    Ok(ErrorCode::OtpExpired.into())
}

/// Where the target's code stands, for its screen. The target's row must
/// exist.
pub async fn state(conn: &mut AnyConnection, now: Millis, target: Target<'_>) -> Result<CodeState> {
    let read = sqlx::query(match target {
        Target::Login { .. } => {
            "SELECT t.code_expires_at, t.code_failures, o.status AS delivery, g.codes_sent, g.codes_locked_until
             FROM login_attempts t
             LEFT JOIN outbox o ON o.id = t.code_outbox_id
             LEFT JOIN account_guards g ON g.account_id = t.account_id
             WHERE t.id = $1"
        }
        Target::Phone { .. } | Target::PhoneChange { .. } => {
            "SELECT i.code_expires_at, i.code_failures, o.status AS delivery, i.codes_sent, i.codes_locked_until
             FROM identities i LEFT JOIN outbox o ON o.id = i.code_outbox_id
             WHERE i.account_id = $1"
        }
    });
    let row = target.bind_key(read).fetch_one(&mut *conn).await?;
    let expires: Option<Millis> = row.try_get("code_expires_at")?;
    let dead = row.try_get::<i64, _>("code_failures")? >= TRIES_PER_CODE;
    let sent: i64 = row.try_get::<Option<i64>, _>("codes_sent")?.unwrap_or(0);
    let lock: Option<Millis> = row.try_get("codes_locked_until")?;
    let locked = lock.filter(|t| *t > now);
    // After the wait the count starts again with the next code.
    let sent = if lock.is_some() && locked.is_none() {
        1
    } else {
        sent
    };
    Ok(CodeState {
        code_expires_in: match expires {
            Some(t) if t > now && !dead => seconds_until(now, t),
            _ => 0,
        },
        new_codes_left: if locked.is_some() {
            0
        } else {
            u32::try_from((NEW_CODES + 1 - sent).clamp(0, NEW_CODES)).unwrap_or(0)
        },
        codes_locked_for: locked.map(|t| seconds_until(now, t)),
        delivery_failed: row.try_get::<Option<String>, _>("delivery")?.as_deref() == Some("failed"),
    })
}

#[cfg(test)]
mod tests {
    use akun_core::api::{CodeStatus, PhoneStatus};

    use super::*;

    #[test]
    fn the_status_bodies_keep_their_json_to_the_byte() {
        // `CodeState` is flattened into both bodies: the fields stay where
        // they were, in the order they were.
        let code = CodeState {
            code_expires_in: 300,
            new_codes_left: 4,
            codes_locked_for: None,
            delivery_failed: false,
        };
        let login = CodeStatus {
            attempt: "h".into(),
            sent_to: "bu***@gmail.com".into(),
            code: code.clone(),
        };
        assert_eq!(
            serde_json::to_string(&login).unwrap(),
            r#"{"attempt":"h","sent_to":"bu***@gmail.com","code_expires_in":300,"new_codes_left":4,"delivery_failed":false}"#
        );
        let phone = PhoneStatus {
            sent_to: "+62 812****7890".into(),
            verified: false,
            code: CodeState {
                codes_locked_for: Some(7200),
                ..code
            },
        };
        assert_eq!(
            serde_json::to_string(&phone).unwrap(),
            r#"{"sent_to":"+62 812****7890","verified":false,"code_expires_in":300,"new_codes_left":4,"codes_locked_for":7200,"delivery_failed":false}"#
        );
        let back: PhoneStatus =
            serde_json::from_str(&serde_json::to_string(&phone).unwrap()).unwrap();
        assert_eq!(back, phone);
    }
}
