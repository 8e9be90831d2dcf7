//! The sweeper: drafts that were never submitted, and photo objects that
//! no draft or case holds, are deleted.
//!
//! Rules that hold here:
//! - A draft past its `expires_at` is deleted, and every stored photo of
//!   a draft that no longer exists is doomed. (The second statement also
//!   catches a photo recorded into a draft while the first one was
//!   deleting it.)
//! - A `pending` ledger row older than [`PENDING_GRACE`] is doomed: its
//!   upload crashed between storing the object (or not) and recording it.
//!   The grace is far longer than an upload can take (the pool's queue,
//!   the store's timeouts), so a slow upload is not swept under its feet;
//!   if one is, it finds its row doomed and answers an internal error
//!   without recording anything.
//! - A doomed object is deleted from the store first and its row only
//!   then, so a crash in between leaves a row that the next sweep
//!   finishes (deleting what is already gone is no error). Nothing else
//!   is ever deleted: a case's photos are `stored` with the case's id,
//!   and no rule dooms those.
//! - Every step is idempotent, so every instance may sweep at once; the
//!   housekeeping loop runs it every few minutes and tests call [`sweep`].
//!   The store itself is never listed: every object has its ledger row
//!   before it exists.

use std::time::Duration;

use sqlx::Row;

use super::photos::delete_doomed;
use crate::clock::ms;
use crate::error::Result;
use crate::objects::ObjectName;
use crate::state::AppState;

/// How long an upload may stay between writing its ledger row and
/// recording its object before the sweeper takes it for crashed.
pub const PENDING_GRACE: Duration = Duration::from_secs(3600);

/// Doomed objects deleted per round of a sweep.
const BATCH: i64 = 200;

/// What a sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Expired drafts deleted.
    pub drafts: u64,
    /// Objects deleted (with their rows).
    pub objects: u64,
    /// Doomed objects that could not be deleted this time.
    pub left: u64,
}

/// One sweep (see the module's rules).
pub async fn sweep(state: &AppState) -> Result<Swept> {
    let now = state.clock.now();
    let pool = &state.db.pool;
    let drafts = sqlx::query("DELETE FROM report_drafts WHERE expires_at <= $1")
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected();
    let mut swept = Swept {
        drafts,
        ..Swept::default()
    };
    sqlx::query(
        "UPDATE case_photos SET state = 'doomed', updated_at = $1
         WHERE state = 'stored' AND draft_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM report_drafts d WHERE d.id = case_photos.draft_id)",
    )
    .bind(now)
    .execute(pool)
    .await?;
    sqlx::query(
        "UPDATE case_photos SET state = 'doomed', updated_at = $1 WHERE state = 'pending' AND created_at <= $2",
    )
    .bind(now)
    .bind(now - ms(PENDING_GRACE))
    .execute(pool)
    .await?;

    // Page by page through the names, so that a row that cannot be
    // deleted now (the store is down) is not read again in this sweep;
    // the next sweep retries it.
    let mut after = String::new();
    loop {
        let rows = sqlx::query(
            "SELECT object FROM case_photos WHERE state = 'doomed' AND object > $1 ORDER BY object LIMIT $2",
        )
        .bind(&after)
        .bind(BATCH)
        .fetch_all(pool)
        .await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.try_get(0)?;
        for row in &rows {
            let object: String = row.try_get(0)?;
            let Some(name) = ObjectName::parse(&object) else {
                tracing::error!(
                    object,
                    "a ledger row names an object of unknown form; left alone"
                );
                swept.left += 1;
                continue;
            };
            if delete_doomed(state, &name).await {
                swept.objects += 1;
            } else {
                swept.left += 1;
            }
        }
    }
    if swept != Swept::default() {
        tracing::info!(?swept, "report drafts and photos swept");
    }
    Ok(swept)
}
