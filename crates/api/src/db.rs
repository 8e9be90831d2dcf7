//! The database: SQLite (embedded default) or PostgreSQL, chosen by URL.
//!
//! Queries go through sqlx's `Any` driver with `$1`-style parameters, which
//! both engines accept, and use only types both store the same way: `BIGINT`
//! integers (times are Unix milliseconds), `TEXT` and binary blobs. Each
//! engine has its own migrations folder because their DDL differs.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl FromStr for DbKind {
    type Err = anyhow::Error;

    fn from_str(url: &str) -> anyhow::Result<DbKind> {
        if url.starts_with("sqlite:") {
            Ok(DbKind::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DbKind::Postgres)
        } else {
            anyhow::bail!("database_url must start with sqlite: or postgres://")
        }
    }
}

#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub kind: DbKind,
}

impl Db {
    /// Connects, creating the SQLite file (and its folder) when missing,
    /// and applies the migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        install_default_drivers();
        let kind: DbKind = url.parse()?;
        let url = match kind {
            DbKind::Sqlite => prepare_sqlite_url(url)?,
            DbKind::Postgres => url.to_owned(),
        };
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        let pool = match kind {
            // One writer at a time is SQLite's nature; WAL lets readers go on
            // while it writes, and the busy timeout makes writers queue
            // instead of failing under a burst of registrations.
            DbKind::Sqlite => {
                options
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;")
                                .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await
            }
            DbKind::Postgres => options.max_connections(20).connect(&url).await,
        }
        .context("connecting to the database")?;
        let migrator = match kind {
            DbKind::Sqlite => &SQLITE_MIGRATIONS,
            DbKind::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&pool).await.context("applying migrations")?;
        Ok(Db { pool, kind })
    }

    /// For `/readyz`: can we run a query right now?
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// Makes sure the folder of an SQLite file exists and asks sqlx to create
/// the file when it does not.
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if path != ":memory:"
        && !path.is_empty()
        && let Some(parent) = Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating the database folder {}", parent.display()))?;
    }
    let query = match query {
        Some(q) if q.contains("mode=") => q.to_owned(),
        Some(q) => format!("{q}&mode=rwc"),
        None => "mode=rwc".to_owned(),
    };
    Ok(format!("sqlite://{path}?{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_mode() {
        assert_eq!(
            prepare_sqlite_url("sqlite::memory:").unwrap(),
            "sqlite://:memory:?mode=rwc"
        );
        let dir = std::env::temp_dir().join(format!("akun-db-url-{}", std::process::id()));
        let url = format!("sqlite://{}/x/akun.db", dir.display());
        assert!(
            prepare_sqlite_url(&url)
                .unwrap()
                .ends_with("akun.db?mode=rwc")
        );
        assert!(dir.join("x").is_dir());
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn unknown_schemes_are_refused() {
        assert!("mysql://x".parse::<DbKind>().is_err());
        assert_eq!(
            "postgresql://x".parse::<DbKind>().unwrap(),
            DbKind::Postgres
        );
    }
}
