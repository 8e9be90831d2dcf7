//! Report Form drafts: the photos sent so far, held by a cookie.
//!
//! Rules that hold here:
//! - A draft is 32 random bytes given to the browser once (the cookie)
//!   and stored only as their SHA-256, like a session.
//! - It lives [`DRAFT_LIFETIME`] from its creation. Using it does not
//!   lengthen it: a cookie that leaks is good for a day at most, and the
//!   photos of an abandoned form are gone by then (see `super::sweeper`).
//! - Opening a draft with a live cookie returns that draft, so the screen
//!   may ask again after a reload or a lost answer; only a new draft
//!   counts against [`Rule::ReportDraftsPerClient`].

use std::net::IpAddr;
use std::time::Duration;

use akun_core::ErrorCode;
use akun_core::api::ReportDraft;
use akun_core::case::PhotoSlot;
use sqlx::{AnyConnection, Row};

use crate::clock::{Millis, ms};
use crate::error::Result;
use crate::limits::{self, Rule};
use crate::state::AppState;
use crate::tokens;

/// How long a draft and its photos live.
pub const DRAFT_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// A draft as opened: the draft, and a new cookie's value and life when
/// it was just started.
#[derive(Debug)]
pub struct Opened {
    pub draft: ReportDraft,
    pub new_cookie: Option<(String, Duration)>,
}

/// A live draft.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// The SHA-256 of its cookie.
    pub id: String,
    pub expires_at: Millis,
}

/// The stored id of a cookie's value, if it could be one of ours.
pub(crate) fn stored_id(cookie: Option<&str>) -> Option<String> {
    cookie
        .filter(|value| tokens::looks_like_token(value))
        .map(tokens::hash_token)
}

/// The live draft with this id.
pub(crate) async fn find(conn: &mut AnyConnection, now: Millis, id: &str) -> Result<Option<Draft>> {
    let row = sqlx::query("SELECT expires_at FROM report_drafts WHERE id = $1 AND expires_at > $2")
        .bind(id)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(row) => Some(Draft {
            id: id.to_owned(),
            expires_at: row.try_get(0)?,
        }),
        None => None,
    })
}

/// The live draft the cookie holds, or `draft_missing`.
pub(crate) async fn require(
    conn: &mut AnyConnection,
    now: Millis,
    cookie: Option<&str>,
) -> Result<Draft> {
    let id = stored_id(cookie).ok_or(ErrorCode::DraftMissing)?;
    Ok(find(conn, now, &id).await?.ok_or(ErrorCode::DraftMissing)?)
}

/// The draft as the screen sees it: the slots holding a photo, in slot
/// order.
pub(crate) async fn view(conn: &mut AnyConnection, draft: &Draft) -> Result<ReportDraft> {
    let rows = sqlx::query("SELECT slot FROM case_photos WHERE draft_id = $1 AND state = 'stored'")
        .bind(&draft.id)
        .fetch_all(&mut *conn)
        .await?;
    let mut held = Vec::with_capacity(rows.len());
    for row in rows {
        held.push(row.try_get::<String, _>(0)?);
    }
    Ok(ReportDraft {
        photos: PhotoSlot::ALL
            .into_iter()
            .filter(|slot| held.iter().any(|h| h == slot.as_str()))
            .collect(),
        expires_at: draft.expires_at,
    })
}

/// The cookie's draft if it is alive, or a new one (see the module's
/// rules).
pub async fn open(state: &AppState, ip: IpAddr, cookie: Option<&str>) -> Result<Opened> {
    let now = state.clock.now();
    let mut conn = state.db.pool.acquire().await?;
    if let Some(id) = stored_id(cookie)
        && let Some(draft) = find(&mut conn, now, &id).await?
    {
        return Ok(Opened {
            draft: view(&mut conn, &draft).await?,
            new_cookie: None,
        });
    }
    limits::hit(&mut conn, now, &Rule::ReportDraftsPerClient.of_client(ip)).await?;
    let (value, id) = tokens::new_token();
    let expires_at = now + ms(DRAFT_LIFETIME);
    sqlx::query(
        "INSERT INTO report_drafts (id, created_at, expires_at, updated_at) VALUES ($1, $2, $3, $2)",
    )
    .bind(&id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    tracing::info!("report draft started");
    Ok(Opened {
        draft: ReportDraft {
            photos: Vec::new(),
            expires_at,
        },
        new_cookie: Some((value, DRAFT_LIFETIME)),
    })
}

/// The cookie's draft, or `draft_missing`.
pub async fn get(state: &AppState, cookie: Option<&str>) -> Result<ReportDraft> {
    let now = state.clock.now();
    let mut conn = state.db.pool.acquire().await?;
    let draft = require(&mut conn, now, cookie).await?;
    view(&mut conn, &draft).await
}
