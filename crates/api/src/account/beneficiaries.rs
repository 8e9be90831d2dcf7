//! Beneficiary status, per programme year.
//!
//! Staff (later) or an import (`akun-api import-beneficiaries --year 2026
//! FILE`) mark accounts as beneficiaries of a year. The current programme
//! year is the calendar year in western Indonesian time, from the clock.

use akun_core::Email;
use sqlx::{AnyPool, Row};

use crate::clock::{Millis, today};

/// The programme year at `now`: the year in western Indonesian time.
pub fn programme_year(now: Millis) -> i64 {
    i64::from(today(now).year())
}

/// Whether the account is a beneficiary of `year`.
pub async fn is_beneficiary(pool: &AnyPool, account_id: i64, year: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("SELECT account_id FROM beneficiaries WHERE account_id = $1 AND year = $2")
            .bind(account_id)
            .bind(year)
            .fetch_optional(pool)
            .await?
            .is_some(),
    )
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Accounts newly marked as beneficiaries of the year.
    pub added: u64,
    /// Accounts that were beneficiaries of the year already.
    pub already: u64,
    /// Addresses without an account.
    pub unknown: u64,
    /// Lines that are not an email address.
    pub invalid: u64,
}

impl std::fmt::Display for ImportCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "added={} already={} unknown={} invalid={}",
            self.added, self.already, self.unknown, self.invalid
        )
    }
}

/// Marks the accounts of `text` (one email address a line; blank lines and
/// lines starting with `#` are skipped) as beneficiaries of `year`, by
/// `set_by` (`import` or `staff`). Idempotent: a second run adds nothing.
pub async fn import(
    pool: &AnyPool,
    now: Millis,
    year: i64,
    set_by: &str,
    text: &str,
) -> anyhow::Result<ImportCounts> {
    let mut counts = ImportCounts::default();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Ok(email) = Email::parse(line) else {
            counts.invalid += 1;
            continue;
        };
        let account = sqlx::query("SELECT id FROM accounts WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(pool)
            .await?;
        let Some(account) = account else {
            counts.unknown += 1;
            continue;
        };
        let account_id: i64 = account.try_get(0)?;
        let added = sqlx::query(
            "INSERT INTO beneficiaries (account_id, year, set_at, set_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )
        .bind(account_id)
        .bind(year)
        .bind(now)
        .bind(set_by)
        .execute(pool)
        .await?;
        if added.rows_affected() == 1 {
            counts.added += 1;
        } else {
            counts.already += 1;
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programme_year_turns_in_jakarta() {
        // 2026-12-31 17:30 UTC is already 2027 in Jakarta.
        assert_eq!(programme_year(1_798_738_200_000), 2027);
        assert_eq!(programme_year(1_798_731_000_000), 2026);
    }
}
