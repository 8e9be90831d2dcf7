//! Rate limits shared by every API instance: fixed-window counters in the
//! database, bumped atomically with one upsert.

use std::time::Duration;

use akun_core::{Email, ErrorCode};
use sqlx::{AnyConnection, Row};

use crate::clock::{Millis, ms};
use crate::error::Error;
use crate::tokens;

/// One limit: at most `max` events per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

impl Limit {
    pub const fn per(max: i64, window: Duration) -> Limit {
        Limit { max, window }
    }
}

/// Counts one event under `key` and refuses it when the window is full,
/// telling how many seconds remain until the window resets.
pub async fn hit(
    conn: &mut AnyConnection,
    now: Millis,
    key: &str,
    limit: Limit,
) -> Result<(), Error> {
    let window = ms(limit.window);
    let row = sqlx::query(
        "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.count + 1 END,
           window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
         RETURNING count, window_start",
    )
    .bind(key)
    .bind(now)
    .bind(now - window)
    .fetch_one(&mut *conn)
    .await?;
    let count: i64 = row.try_get(0)?;
    let start: Millis = row.try_get(1)?;
    if count > limit.max {
        Err(Error::retry_after(
            ErrorCode::TooManyRequests,
            seconds_until(now, start + window),
        ))
    } else {
        Ok(())
    }
}

/// The events counted under `key` in its current window, without adding one.
#[derive(Debug, Clone, Copy)]
pub struct Count {
    pub count: i64,
    pub window_end: Millis,
}

pub async fn count(
    conn: &mut AnyConnection,
    now: Millis,
    key: &str,
    window: Duration,
) -> Result<Count, Error> {
    let row = sqlx::query("SELECT count, window_start FROM rate_limits WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    let window = ms(window);
    Ok(match row {
        Some(row) => {
            let start: Millis = row.try_get(1)?;
            if start + window > now {
                Count {
                    count: row.try_get(0)?,
                    window_end: start + window,
                }
            } else {
                Count {
                    count: 0,
                    window_end: now + window,
                }
            }
        }
        None => Count {
            count: 0,
            window_end: now + window,
        },
    })
}

/// A key for an email address that keeps the address out of the table:
/// `purpose:` and a keyed hash.
pub fn email_key(secret: &str, purpose: &str, email: &Email) -> String {
    format!(
        "{purpose}:{}",
        tokens::keyed(secret, purpose, email.as_str())
    )
}

/// Whole seconds from `now` until `at`, at least 1.
pub fn seconds_until(now: Millis, at: Millis) -> u32 {
    u32::try_from(((at - now).max(0) + 999) / 1000)
        .unwrap_or(u32::MAX)
        .max(1)
}

/// Removes counters whose window ended long ago. No limit window is longer
/// than a day, so older rows can never matter again.
pub async fn purge_expired(pool: &sqlx::AnyPool, now: Millis) -> Result<u64, sqlx::Error> {
    let cutoff = now - ms(Duration::from_secs(24 * 3600));
    let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(cutoff)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::seconds_until;

    #[test]
    fn waits_round_up_to_whole_seconds() {
        assert_eq!(seconds_until(0, 1), 1);
        assert_eq!(seconds_until(0, 1000), 1);
        assert_eq!(seconds_until(0, 1001), 2);
        assert_eq!(seconds_until(5000, 0), 1);
    }
}
