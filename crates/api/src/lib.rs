//! The akun HTTP API.
//!
//! [`App::build`] wires configuration, database, clock, hashing pool,
//! outbox, registry, vault, object store and photos into an
//! [`state::AppState`]; [`App::serve`]
//! runs the HTTP server, the outbox worker, the reset worker and
//! housekeeping until shutdown. Tests build an `App` with a
//! [`clock::ManualClock`] and a fresh database and talk to it over real
//! HTTP.
//!
//! Imports run one way: [`http`] (extract, call, answer) → [`case`] (the
//! Report Form's rules) → [`account`] (the account's rules) → the other
//! modules (storage, time, limits, messages, hashing, secrets);
//! `architecture.rs` tests it.

pub mod account;
#[cfg(test)]
mod architecture;
pub mod captcha;
pub mod case;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod future;
pub mod hashing;
pub mod http;
pub mod limits;
pub mod messages;
pub mod objects;
pub mod outbox;
pub mod payout;
pub mod photo;
pub mod registry;
pub mod state;
pub mod telemetry;
pub mod tokens;
pub mod vault;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::db::Db;
use crate::hashing::HashPool;
use crate::objects::Objects;
use crate::outbox::{DevMailbox, Outbox, SmsGateway, Smtp, Transport, Unconfigured};
use crate::photo::{PhotoPool, Photos};
use crate::registry::{CivilRegistry, EmbeddedRegistry, HttpRegistry};
use crate::state::AppState;
use crate::vault::Vault;

pub struct App {
    pub state: AppState,
}

impl App {
    pub async fn build(config: Config, clock: SharedClock) -> anyhow::Result<App> {
        config.check()?;
        let db = Db::connect(&config.database_url).await?;
        let hasher = HashPool::new(config.hash_workers, config.hash_queue);
        let email: Arc<dyn Transport> = match (&config.smtp, config.dev_mailbox) {
            (Some(smtp), _) => Arc::new(Smtp::new(smtp).context("configuring SMTP")?),
            (None, true) => Arc::new(DevMailbox),
            (None, false) => Arc::new(Unconfigured),
        };
        let sms: Arc<dyn Transport> = match (&config.sms, config.dev_mailbox) {
            (Some(sms), _) => {
                Arc::new(SmsGateway::new(sms).context("configuring the SMS gateway")?)
            }
            (None, true) => Arc::new(DevMailbox),
            (None, false) => Arc::new(Unconfigured),
        };
        let outbox = Outbox::new(db.clone(), clock.clone(), email, sms, config.outbox.clone());
        // With the developer mailbox on (refused in production), delivered
        // messages stay whole so that their links can be opened there.
        let outbox = if config.dev_mailbox {
            outbox.keeping_delivered_for_the_mailbox()
        } else {
            outbox
        };
        let registry: Arc<dyn CivilRegistry> = match &config.registry_url {
            Some(url) => Arc::new(
                HttpRegistry::new(url, config.registry_token.clone())
                    .context("configuring the civil registry")?,
            ),
            None => Arc::new(EmbeddedRegistry::embedded()?),
        };
        let vault = Vault::new(&config.secret_key);
        let objects = Objects::open(&config.object_store()?, &config.s3)
            .context("opening the object store")?;
        let photos = Photos::new(
            objects.clone(),
            &config.secret_key,
            PhotoPool::new(config.photo_workers, config.photo_queue),
        );
        let state = AppState {
            config: Arc::new(config),
            db,
            clock,
            hasher,
            outbox,
            registry,
            vault,
            objects,
            photos,
        };
        Ok(App { state })
    }

    pub fn router(&self) -> axum::Router {
        http::router(self.state.clone())
    }

    /// Serves until `shutdown` turns true, then finishes the requests in
    /// flight and stops the outbox worker. With `run_worker` false, no
    /// messages are delivered (tests drive delivery by hand).
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: watch::Receiver<bool>,
        run_worker: bool,
    ) -> anyhow::Result<()> {
        let worker =
            run_worker.then(|| tokio::spawn(self.state.outbox.clone().run(shutdown.clone())));
        let housekeeping =
            run_worker.then(|| tokio::spawn(housekeeping(self.state.clone(), shutdown.clone())));
        let resets = run_worker
            .then(|| tokio::spawn(account::reset::run(self.state.clone(), shutdown.clone())));
        let mut stop = shutdown.clone();
        let app = self
            .router()
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                while !*stop.borrow() {
                    if stop.changed().await.is_err() {
                        break;
                    }
                }
            })
            .await
            .context("serving HTTP")?;
        if let Some(worker) = worker {
            worker.await.ok();
        }
        if let Some(task) = housekeeping {
            task.await.ok();
        }
        if let Some(task) = resets {
            task.await.ok();
        }
        self.state.db.pool.close().await;
        Ok(())
    }
}

/// Periodic clean-up that keeps tables small. Safe to run on every
/// instance at once: each statement is idempotent.
async fn housekeeping(state: AppState, mut shutdown: watch::Receiver<bool>) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tokio::select! {
            _ = every.tick() => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
        let now = state.clock.now();
        let day = clock::ms(std::time::Duration::from_secs(24 * 3600));
        match limits::purge_expired(&state.db.pool, now).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(rows = n, "purged old rate-limit counters"),
            Err(e) => tracing::warn!(error = ?e, "rate-limit purge failed"),
        }
        // Drafts never submitted, and the photos no draft or case holds.
        if let Err(e) = case::sweeper::sweep(&state).await {
            tracing::warn!(error = ?e, "report sweep failed");
        }
        match state.outbox.purge().await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(rows = n, "purged finished outbox messages"),
            Err(e) => tracing::warn!(error = ?e, "outbox purge failed"),
        }
        // Spent or expired captchas, login attempts, reset links and
        // processed reset requests are of no use after a day. Sessions stay:
        // their devices tell a new device apart.
        for sql in [
            "DELETE FROM captchas WHERE expires_at < $1",
            "DELETE FROM login_attempts WHERE expires_at < $1",
            "DELETE FROM reset_tokens WHERE expires_at < $1",
            "DELETE FROM reset_requests WHERE processed_at < $1",
        ] {
            if let Err(e) = sqlx::query(sql)
                .bind(now - day)
                .execute(&state.db.pool)
                .await
            {
                tracing::warn!(error = ?e, "housekeeping failed");
            }
        }
    }
}
