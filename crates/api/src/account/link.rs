//! The one-time links sent by email: the verification link
//! ([`super::register`]) and the reset link ([`super::reset`]).
//!
//! Rules that hold for both:
//! - A link carries 32 random bytes in its fragment (`#token=`), which
//!   browsers never send to a server, so it stays out of CDN and proxy
//!   logs (the SPA posts the token and removes it from the address bar);
//!   the database keeps only their SHA-256.
//! - A link works once. It is claimed by one `UPDATE ... RETURNING` before
//!   anything else is read, so two clicks at once cannot both win and
//!   SQLite never has to upgrade a read lock to a write lock.
//! - A link that does not work says why: never issued (`token_invalid`,
//!   at the field `token`), used (`token_used`), or expired or replaced by
//!   a newer one (`token_expired`).

use akun_core::ErrorCode;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::tokens;

/// The kind of link. A closed set: the table names put into SQL come only
/// from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Verify,
    Reset,
}

impl Link {
    /// The table holding this kind's tokens, and the condition that picks
    /// them out of it.
    fn rows(self) -> (&'static str, &'static str) {
        match self {
            Link::Verify => ("email_tokens", "purpose = 'verify' AND "),
            Link::Reset => ("reset_tokens", ""),
        }
    }

    /// The page of the SPA that opens the link.
    fn page(self) -> &'static str {
        match self {
            Link::Verify => "verify",
            Link::Reset => "reset",
        }
    }

    /// The link for `token`, with the token in the fragment.
    pub fn url(self, state: &AppState, token: &str) -> String {
        format!("{}/{}#token={token}", state.config.origin(), self.page())
    }
}

/// The stored hash of a token as it arrives; `token_invalid` for anything
/// that could never have been one of ours, before the database is asked.
pub fn stored(token: &str) -> Result<String> {
    let token = token.trim();
    if !tokens::looks_like_token(token) {
        return Err(Error::field(ErrorCode::TokenInvalid, "token"));
    }
    Ok(tokens::hash_token(token))
}

/// Claims the link in the caller's transaction and returns the columns in
/// `returning` (a constant), or `None` when it cannot be used now.
pub async fn claim(
    conn: &mut AnyConnection,
    now: Millis,
    link: Link,
    hash: &str,
    returning: &'static str,
) -> Result<Option<AnyRow>> {
    let (table, only) = link.rows();
    let sql = format!(
        "UPDATE {table} SET used_at = $1
         WHERE {only}token_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING {returning}"
    );
    Ok(sqlx::query(&sql)
        .bind(now)
        .bind(hash)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Why a link cannot be used: the refusal to answer with.
pub async fn why_unusable(state: &AppState, link: Link, hash: &str) -> Result<Error> {
    let (table, only) = link.rows();
    let sql = format!("SELECT used_at FROM {table} WHERE {only}token_hash = $1");
    let row = sqlx::query(&sql)
        .bind(hash)
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(match row {
        None => Error::field(ErrorCode::TokenInvalid, "token"),
        Some(row) if row.try_get::<Option<i64>, _>("used_at")?.is_some() => {
            ErrorCode::TokenUsed.into()
        }
        Some(_) => ErrorCode::TokenExpired.into(),
    })
}
