//! A draft's photos: uploading one into a slot, and the ledger that keeps
//! every stored object accounted for.
//!
//! Rules that hold here:
//! - The cheap checks answer first (the draft, the size and magic bytes,
//!   the limits), then the photo is re-encoded and sealed on the photo
//!   pool (`busy` at once when it is full). A refused or busy upload
//!   writes nothing: no row, no object.
//! - The ledger row (`case_photos`, `pending`) is written before the
//!   object, under a fresh random name. Then the object is stored, and one
//!   transaction, holding the draft's row, makes the new photo the slot's
//!   (`stored`) and dooms the one it replaces. The replaced object is
//!   deleted at once, then its row; what cannot be deleted now stays
//!   `doomed` for the sweeper. A crash anywhere leaves a `pending` or
//!   `doomed` row, which the sweeper finishes (see `super::sweeper`).
//! - A draft that ended while its photo was being stored (expired, or
//!   submitted from another tab) takes nothing: the new object is deleted
//!   and the answer is `draft_missing`.
//! - A draft stores at most [`Rule::ReportUploadsPerDraft`] photos,
//!   counted when they are stored; a client address uploads at most
//!   [`Rule::ReportUploadsPerClient`] an hour, counted as they arrive.

use std::net::IpAddr;

use akun_core::ErrorCode;
use akun_core::api::ReportDraft;
use akun_core::case::PhotoSlot;
use anyhow::anyhow;
use sqlx::Row;

use super::draft;
use crate::error::{Error, Result};
use crate::limits::{self, Rule};
use crate::objects::{Kind, ObjectName};
use crate::photo::pipeline;
use crate::state::AppState;

/// Stores `upload` as the photo of `slot` in the cookie's draft, and
/// answers the draft (see the module's rules).
pub async fn upload(
    state: &AppState,
    ip: IpAddr,
    cookie: Option<&str>,
    slot: PhotoSlot,
    upload: Vec<u8>,
) -> Result<ReportDraft> {
    let now = state.clock.now();
    let secret = &state.config.secret_key;
    let (draft, per_draft) = {
        let mut conn = state.db.pool.acquire().await?;
        let draft = draft::require(&mut conn, now, cookie).await?;
        pipeline::check(&upload)?;
        limits::hit(&mut conn, now, &Rule::ReportUploadsPerClient.of_client(ip)).await?;
        let per_draft = Rule::ReportUploadsPerDraft.of_private(secret, &draft.id);
        let stored = limits::count(&mut conn, now, &per_draft).await?;
        if stored.count >= Rule::ReportUploadsPerDraft.max() {
            let until = stored.window_end.min(draft.expires_at);
            return Err(Error::retry_after(
                ErrorCode::TooManyRequests,
                limits::seconds_until(now, until),
            ));
        }
        (draft, per_draft)
    };

    let name = ObjectName::new(Kind::Photo);
    let sealed = state.photos.seal(&name, upload).await?;

    let now = state.clock.now();
    let draft_id = draft.id;
    sqlx::query(
        "INSERT INTO case_photos (object, state, slot, draft_id, created_at, updated_at)
         VALUES ($1, 'pending', $2, $3, $4, $4)",
    )
    .bind(name.as_str())
    .bind(slot.as_str())
    .bind(&draft_id)
    .bind(now)
    .execute(&state.db.pool)
    .await?;
    let stored = match state.photos.put_sealed(&name, sealed).await {
        Ok(stored) => stored,
        Err(e) => {
            // The object may or may not be there: the sweeper deletes it
            // either way.
            doom(state, &name).await;
            return Err(e);
        }
    };

    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    // The draft's row first: a write, so SQLite takes its lock at once,
    // and on PostgreSQL the row lock puts uploads to one draft (and its
    // submission) in a line.
    let alive = sqlx::query(
        "UPDATE report_drafts SET updated_at = $1 WHERE id = $2 AND expires_at > $1 RETURNING expires_at",
    )
    .bind(now)
    .bind(&draft_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(alive) = alive else {
        tx.rollback().await?;
        discard(state, &name).await;
        return Err(ErrorCode::DraftMissing.into());
    };
    let replaced = sqlx::query(
        "UPDATE case_photos SET state = 'doomed', updated_at = $1
         WHERE draft_id = $2 AND slot = $3 AND state = 'stored' RETURNING object",
    )
    .bind(now)
    .bind(&draft_id)
    .bind(slot.as_str())
    .fetch_all(&mut *tx)
    .await?;
    let recorded = sqlx::query(
        "UPDATE case_photos SET state = 'stored', stored_bytes = $1, width = $2, height = $3, updated_at = $4
         WHERE object = $5 AND state = 'pending'",
    )
    .bind(stored.bytes as i64)
    .bind(i64::from(stored.width))
    .bind(i64::from(stored.height))
    .bind(now)
    .bind(name.as_str())
    .execute(&mut *tx)
    .await?;
    if recorded.rows_affected() != 1 {
        // Stored so slowly that the sweeper gave it up for lost.
        tx.rollback().await?;
        discard(state, &name).await;
        return Err(Error::Internal(anyhow!(
            "{name} was doomed while it was being stored"
        )));
    }
    limits::allows(&mut tx, now, &per_draft).await?;
    let live = draft::Draft {
        id: draft_id,
        expires_at: alive.try_get(0)?,
    };
    let answer = draft::view(&mut tx, &live).await?;
    tx.commit().await?;
    tracing::info!(
        slot = slot.as_str(),
        bytes = stored.bytes,
        "report photo stored"
    );

    for row in replaced {
        let object: String = row.try_get(0)?;
        match ObjectName::parse(&object) {
            Some(old) => discard(state, &old).await,
            None => tracing::error!(object, "a ledger row names an object of unknown form"),
        }
    }
    Ok(answer)
}

/// Marks `name` doomed unless a case holds it, and says whether it is
/// doomed now. A failure is logged: the row stays `pending`, which the
/// sweeper dooms after its grace.
async fn doom(state: &AppState, name: &ObjectName) -> bool {
    let done = sqlx::query(
        "UPDATE case_photos SET state = 'doomed', updated_at = $1 WHERE object = $2 AND case_id IS NULL",
    )
    .bind(state.clock.now())
    .bind(name.as_str())
    .execute(&state.db.pool)
    .await;
    match done {
        Ok(done) => done.rows_affected() == 1,
        Err(e) => {
            tracing::warn!(error = ?e, object = %name, "could not doom a photo; the sweeper will");
            false
        }
    }
}

/// Dooms `name` (unless a case holds it), deletes the object, then its
/// row. What fails stays for the sweeper.
pub(crate) async fn discard(state: &AppState, name: &ObjectName) {
    if doom(state, name).await {
        delete_doomed(state, name).await;
    }
}

/// Deletes a doomed object, then its row; `false` when either failed
/// (logged; the row stays for the next sweep).
pub(crate) async fn delete_doomed(state: &AppState, name: &ObjectName) -> bool {
    if let Err(e) = state.photos.delete(name).await {
        tracing::warn!(error = ?e, object = %name, "could not delete a doomed photo; the sweeper will retry");
        return false;
    }
    let done = sqlx::query("DELETE FROM case_photos WHERE object = $1 AND state = 'doomed'")
        .bind(name.as_str())
        .execute(&state.db.pool)
        .await;
    match done {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(error = ?e, object = %name, "could not delete a doomed photo's row; the sweeper will retry");
            false
        }
    }
}
