//! A case's status page: where a case stands, for whoever holds its number
//! and its email address or the key of its link.
//!
//! Rules that hold here:
//! - A malformed number is `case_number_format` at `case`, and a malformed
//!   address `email_invalid` (or its kin) at `email`: they say nothing
//!   about any case. A request with neither an address nor a key is
//!   `bad_request`.
//! - The number with its address (ignoring case, as registration compares
//!   addresses) or with its key shows the case. Anything else, and an
//!   unknown number, is `case_not_found`: one answer, after the same work
//!   (one look-up by number, the key computed either way).
//! - Wrong answers are counted per number, whether or not a case has it:
//!   past [`Rule::CaseStatusFailures`] in its window the number answers
//!   `too_many_requests` until the window ends, right answer or not. Each
//!   client address looks up at most [`Rule::CaseStatusPerClient`] an
//!   hour.
//! - The answer is a [`CaseView`]: the kind, the status and its details,
//!   the times; never the photos, the identity, the contact or the
//!   description.

use std::net::IpAddr;

use akun_core::api::{CaseLookup, CaseView};
use akun_core::case::{CaseKind, CaseNeed, CaseOutcome, CaseStatus, RejectReason};
use akun_core::{CaseNumber, Email, ErrorCode};
use anyhow::anyhow;
use sqlx::Row;

use super::number;
use crate::error::{Error, InField, Result};
use crate::limits::{self, Rule};
use crate::state::AppState;
use crate::tokens::constant_time_eq;

/// The case `lookup` names, if it answers for it (see the module's rules).
pub async fn status(state: &AppState, ip: IpAddr, lookup: &CaseLookup) -> Result<CaseView> {
    let number = CaseNumber::parse(&lookup.case).field("case")?;
    let given = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let email = match given(&lookup.email) {
        Some(email) => Some(Email::parse(&email).field("email")?),
        None => None,
    };
    let key = given(&lookup.key);
    if email.is_none() && key.is_none() {
        return Err(ErrorCode::BadRequest.into());
    }

    let now = state.clock.now();
    let secret = &state.config.secret_key;
    let mut conn = state.db.pool.acquire().await?;
    limits::hit(&mut conn, now, &Rule::CaseStatusPerClient.of_client(ip)).await?;
    let failures = Rule::CaseStatusFailures.of_private(secret, number.as_str());
    let failed = limits::count(&mut conn, now, &failures).await?;
    if failed.count >= Rule::CaseStatusFailures.max() {
        return Err(Error::retry_after(
            ErrorCode::TooManyRequests,
            limits::seconds_until(now, failed.window_end),
        ));
    }
    let row = sqlx::query(
        "SELECT number, kind, status, email, needed, outcome, reason, created_at, updated_at
         FROM cases WHERE number = $1",
    )
    .bind(number.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let expected_key = number::status_key(secret, &number);
    let stored_email = match &row {
        Some(row) => row.try_get::<String, _>("email")?,
        None => String::new(),
    };
    let by_email = email
        .as_ref()
        .is_some_and(|e| constant_time_eq(e.as_str(), &stored_email));
    let by_key = key
        .as_deref()
        .is_some_and(|k| constant_time_eq(&k.to_ascii_lowercase(), &expected_key));
    let row = match row {
        Some(row) if by_email || by_key => row,
        _ => {
            limits::hit(&mut conn, now, &failures).await?;
            return Err(ErrorCode::CaseNotFound.into());
        }
    };
    let text = |column: &str| -> Result<String> { Ok(row.try_get::<String, _>(column)?) };
    let code =
        |column: &str| -> Result<Option<String>> { Ok(row.try_get::<Option<String>, _>(column)?) };
    let kind =
        CaseKind::from_wire(&text("kind")?).ok_or_else(|| anyhow!("a case of unknown kind"))?;
    let status = CaseStatus::from_wire(&text("status")?)
        .ok_or_else(|| anyhow!("a case of unknown status"))?;
    let needed = match status {
        CaseStatus::MoreInfo => text("needed")?
            .split(',')
            .filter_map(|n| CaseNeed::from_wire(n.trim()))
            .collect(),
        _ => Vec::new(),
    };
    let outcome = match status {
        CaseStatus::Resolved => code("outcome")?.as_deref().and_then(CaseOutcome::from_wire),
        _ => None,
    };
    let reason = match status {
        CaseStatus::Rejected => code("reason")?.as_deref().and_then(RejectReason::from_wire),
        _ => None,
    };
    Ok(CaseView {
        case: number,
        kind,
        status,
        submitted_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        needed,
        outcome,
        reason,
    })
}
