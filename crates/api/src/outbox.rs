//! The durable outbox for email and SMS.
//!
//! [`enqueue`] writes a rendered message inside the caller's transaction, so
//! the message exists exactly when the change that caused it committed.
//! [`Outbox::deliver_due`] claims due messages with a short lease (so
//! several API instances never send the same row at once), hands each to its
//! transport, and marks it sent, or schedules a retry with exponential
//! backoff, or marks it failed after the last attempt. A crash between
//! claiming and marking only delays a message until its lease ends.
//! Request handlers never wait on SMTP or the SMS gateway.
//!
//! A message carries secrets until it leaves: login and phone codes,
//! verification and reset links. Once it is sent (or has failed for good)
//! its subject, text and HTML are blanked in the statement that marks it,
//! for every message (no list of which templates hold a secret to keep
//! right as templates are added, and the notices hold personal details that
//! nothing reads afterwards). What stays is what operations and support
//! need: the channel, the template, the language, the recipient, the
//! status, the attempts and the last error. The recipient stays in clear,
//! not as a keyed hash: "did my email go out, and when?" is the first
//! question support gets (one registrant in five never got past email
//! verification), the address of an account is in `accounts` anyway, and
//! [`Outbox::purge`] deletes every finished row after
//! `outbox.retention_days` (30 by default). Only with the developer
//! mailbox on (which the production profile refuses) are delivered messages
//! kept whole, so that a developer can open their links.

use std::sync::Arc;
use std::time::Duration;

use akun_core::api::Lang;
use anyhow::Context;
use sqlx::{AnyConnection, Row};
use tokio::sync::{Notify, watch};

use crate::clock::{Millis, SharedClock, ms};
use crate::config::{OutboxConfig, SmsConfig, SmtpConfig, SmtpTls};
use crate::db::Db;
use crate::future::BoxFuture;
use crate::messages::{Channel, Message};

/// How long a claimed message is reserved for the instance sending it.
const LEASE: Duration = Duration::from_secs(120);

/// Messages claimed per round.
const BATCH: i64 = 20;

/// Puts a message in the outbox as part of the caller's transaction.
pub async fn enqueue(
    conn: &mut AnyConnection,
    now: Millis,
    recipient: &str,
    lang: Lang,
    message: &Message,
) -> anyhow::Result<i64> {
    let r = message.render(lang);
    let row = sqlx::query(
        "INSERT INTO outbox (channel, recipient, template, lang, subject, body_text, body_html, status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8) RETURNING id",
    )
    .bind(r.channel.as_str())
    .bind(recipient)
    .bind(r.template)
    .bind(lang.code())
    .bind(r.subject)
    .bind(r.text)
    .bind(r.html)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .context("writing to the outbox")?;
    Ok(row.try_get::<i64, _>(0)?)
}

/// A message as the worker hands it to a transport.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    pub channel: Channel,
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attempts: i64,
}

/// One row of the outbox, for the developer mailbox and for tests.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct Stored {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub template: String,
    pub lang: String,
    pub subject: String,
    pub body_text: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// Lists the newest messages first, optionally only those to `recipient`.
pub async fn list(db: &Db, recipient: Option<&str>, limit: i64) -> anyhow::Result<Vec<Stored>> {
    Ok(sqlx::query_as(
        "SELECT id, channel, recipient, template, lang, subject, body_text, status, attempts, last_error, created_at, sent_at
         FROM outbox WHERE ($1 = '' OR recipient = $1) ORDER BY id DESC LIMIT $2",
    )
    .bind(recipient.unwrap_or(""))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// Why a delivery failed, and whether trying again can help.
#[derive(Debug)]
pub struct SendError {
    pub permanent: bool,
    pub reason: String,
}

impl SendError {
    pub fn transient(reason: impl Into<String>) -> Self {
        Self {
            permanent: false,
            reason: reason.into(),
        }
    }
    pub fn permanent(reason: impl Into<String>) -> Self {
        Self {
            permanent: true,
            reason: reason.into(),
        }
    }
}

/// Something that can deliver a message: SMTP, the SMS gateway, or the
/// developer mailbox.
pub trait Transport: Send + Sync + 'static {
    fn send<'a>(&'a self, message: &'a Outgoing) -> BoxFuture<'a, Result<(), SendError>>;
}

/// Keeps the message where it is: the developer mailbox page shows it.
/// Used in dev when no real transport is configured.
pub struct DevMailbox;

impl Transport for DevMailbox {
    fn send<'a>(&'a self, _message: &'a Outgoing) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async { Ok(()) })
    }
}

/// Leaves the message pending: production without a transport never
/// pretends to have sent anything (the config check refuses that setup, this
/// is the belt to its braces).
pub struct Unconfigured;

impl Transport for Unconfigured {
    fn send<'a>(&'a self, _message: &'a Outgoing) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async {
            Err(SendError::transient(
                "no transport configured for this channel",
            ))
        })
    }
}

/// Email through lettre's SMTP transport.
pub struct Smtp {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Smtp {
    pub fn new(config: &SmtpConfig) -> anyhow::Result<Smtp> {
        use lettre::AsyncSmtpTransport;
        use lettre::transport::smtp::authentication::Credentials;
        let builder = match config.tls {
            SmtpTls::None => {
                AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(&config.host)
            }
            SmtpTls::StartTls => {
                AsyncSmtpTransport::<lettre::Tokio1Executor>::starttls_relay(&config.host)?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<lettre::Tokio1Executor>::relay(&config.host)?,
        };
        let mut builder = builder
            .port(config.port)
            .timeout(Some(Duration::from_secs(15)));
        if let (Some(user), Some(pass)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        let from = config
            .from
            .parse()
            .with_context(|| format!("smtp from address {:?}", config.from))?;
        Ok(Smtp {
            transport: builder.build(),
            from,
        })
    }
}

impl Transport for Smtp {
    fn send<'a>(&'a self, message: &'a Outgoing) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            use lettre::AsyncTransport;
            use lettre::message::{MultiPart, header::ContentType};
            let to = message
                .recipient
                .parse::<lettre::message::Mailbox>()
                .map_err(|e| SendError::permanent(format!("bad recipient: {e}")))?;
            let builder = lettre::Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(&message.subject);
            let email = match &message.html {
                Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                    message.text.clone(),
                    html.clone(),
                )),
                None => builder
                    .header(ContentType::TEXT_PLAIN)
                    .body(message.text.clone()),
            }
            .map_err(|e| SendError::permanent(format!("building the email: {e}")))?;
            match self.transport.send(email).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(SendError::permanent(format!("smtp: {e}"))),
                Err(e) => Err(SendError::transient(format!("smtp: {e}"))),
            }
        })
    }
}

/// SMS through an HTTP gateway: `POST {url}` with a JSON body
/// `{"to": "+628...", "from": sender, "text": ...}` and a bearer token.
/// 2xx means accepted; 4xx (except 429) is permanent; the rest is retried.
pub struct SmsGateway {
    client: reqwest::Client,
    url: String,
    token: Option<String>,
    sender: String,
}

impl SmsGateway {
    pub fn new(config: &SmsConfig) -> anyhow::Result<SmsGateway> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()?;
        Ok(SmsGateway {
            client,
            url: config.url.clone(),
            token: config.token.clone(),
            sender: config.sender.clone(),
        })
    }
}

impl Transport for SmsGateway {
    fn send<'a>(&'a self, message: &'a Outgoing) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let mut request = self.client.post(&self.url).json(&serde_json::json!({
                "to": message.recipient,
                "from": self.sender,
                "text": message.text,
            }));
            if let Some(token) = &self.token {
                request = request.bearer_auth(token);
            }
            let response = request
                .send()
                .await
                .map_err(|e| SendError::transient(format!("sms gateway: {e}")))?;
            let status = response.status();
            if status.is_success() {
                Ok(())
            } else if status.is_client_error() && status.as_u16() != 429 {
                Err(SendError::permanent(format!(
                    "sms gateway answered {status}"
                )))
            } else {
                Err(SendError::transient(format!(
                    "sms gateway answered {status}"
                )))
            }
        })
    }
}

/// What happens to a message's text once it has left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterDelivery {
    /// Subject, text and HTML are blanked (production, and any setup
    /// without the developer mailbox).
    Blank,
    /// Kept whole for the developer mailbox.
    KeepForMailbox,
}

/// What one delivery round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

#[derive(Clone)]
pub struct Outbox {
    db: Db,
    clock: SharedClock,
    email: Arc<dyn Transport>,
    sms: Arc<dyn Transport>,
    config: OutboxConfig,
    after_delivery: AfterDelivery,
    wake: Arc<Notify>,
}

impl Outbox {
    /// An outbox that blanks what it delivered; see
    /// [`Outbox::keeping_delivered_for_the_mailbox`].
    pub fn new(
        db: Db,
        clock: SharedClock,
        email: Arc<dyn Transport>,
        sms: Arc<dyn Transport>,
        config: OutboxConfig,
    ) -> Outbox {
        Outbox {
            db,
            clock,
            email,
            sms,
            config,
            after_delivery: AfterDelivery::Blank,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Keeps delivered messages whole, for the developer mailbox (dev
    /// only: the production profile refuses the mailbox).
    pub fn keeping_delivered_for_the_mailbox(mut self) -> Outbox {
        self.after_delivery = AfterDelivery::KeepForMailbox;
        self
    }

    /// The part of the statement that finishes a message (sent or failed)
    /// that blanks its text, or nothing in the mailbox's keeping.
    fn blank_sql(&self) -> &'static str {
        match self.after_delivery {
            AfterDelivery::Blank => ", subject = '', body_text = '', body_html = NULL",
            AfterDelivery::KeepForMailbox => "",
        }
    }

    /// Deletes the messages that finished (sent or failed) more than
    /// `retention_days` ago; returns how many. Pending ones stay, however
    /// old: they are still to be delivered.
    pub async fn purge(&self) -> anyhow::Result<u64> {
        let day = ms(Duration::from_secs(24 * 3600));
        let cutoff = self.clock.now() - self.config.retention_days.max(1) * day;
        let done = sqlx::query(
            "DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < $1",
        )
        .bind(cutoff)
        .execute(&self.db.pool)
        .await
        .context("purging finished outbox messages")?;
        Ok(done.rows_affected())
    }

    /// Tells the worker that a message was just committed, so it does not
    /// wait for its next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// The delay before attempt `attempts + 1`: base * 2^(attempts-1),
    /// capped.
    pub fn backoff(&self, attempts: i64) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        let secs = self
            .config
            .base_backoff_seconds
            .saturating_mul(1_i64 << exp);
        Duration::from_secs(u64::try_from(secs.min(self.config.max_backoff_seconds)).unwrap_or(0))
    }

    /// Claims the messages that are due and tries each once.
    pub async fn deliver_due(&self) -> anyhow::Result<Round> {
        let now = self.clock.now();
        let rows = sqlx::query(
            "UPDATE outbox SET locked_until = $1, attempts = attempts + 1
             WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $2
                          AND (locked_until IS NULL OR locked_until <= $2) ORDER BY id LIMIT $3)
               AND status = 'pending' AND (locked_until IS NULL OR locked_until <= $2)
             RETURNING id, channel, recipient, subject, body_text, body_html, attempts",
        )
        .bind(now + ms(LEASE))
        .bind(now)
        .bind(BATCH)
        .fetch_all(&self.db.pool)
        .await
        .context("claiming outbox messages")?;

        let mut round = Round::default();
        for row in rows {
            let channel: String = row.try_get("channel")?;
            let message = Outgoing {
                id: row.try_get("id")?,
                channel: if channel == "sms" {
                    Channel::Sms
                } else {
                    Channel::Email
                },
                recipient: row.try_get("recipient")?,
                subject: row.try_get("subject")?,
                text: row.try_get("body_text")?,
                html: row.try_get("body_html")?,
                attempts: row.try_get("attempts")?,
            };
            let transport = match message.channel {
                Channel::Email => &self.email,
                Channel::Sms => &self.sms,
            };
            let result = transport.send(&message).await;
            let now = self.clock.now();
            match result {
                Ok(()) => {
                    let sql = format!(
                        "UPDATE outbox SET status = 'sent', sent_at = $1, locked_until = NULL, last_error = NULL{} WHERE id = $2",
                        self.blank_sql()
                    );
                    sqlx::query(&sql)
                        .bind(now)
                        .bind(message.id)
                        .execute(&self.db.pool)
                        .await?;
                    tracing::info!(
                        id = message.id,
                        channel = message.channel.as_str(),
                        "message delivered"
                    );
                    round.sent += 1;
                }
                Err(e) if e.permanent || message.attempts >= self.config.max_attempts => {
                    let sql = format!(
                        "UPDATE outbox SET status = 'failed', locked_until = NULL, last_error = $1{} WHERE id = $2",
                        self.blank_sql()
                    );
                    sqlx::query(&sql)
                        .bind(&e.reason)
                        .bind(message.id)
                        .execute(&self.db.pool)
                        .await?;
                    tracing::error!(id = message.id, attempts = message.attempts, reason = %e.reason, "message failed for good");
                    round.failed += 1;
                }
                Err(e) => {
                    let next = now + ms(self.backoff(message.attempts));
                    sqlx::query(
                        "UPDATE outbox SET next_attempt_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3",
                    )
                    .bind(next)
                    .bind(&e.reason)
                    .bind(message.id)
                    .execute(&self.db.pool)
                    .await?;
                    tracing::warn!(id = message.id, attempts = message.attempts, reason = %e.reason, "delivery failed; will retry");
                    round.retrying += 1;
                }
            }
        }
        Ok(round)
    }

    /// Runs delivery rounds until `shutdown` turns true: right away when
    /// woken, otherwise every `poll_seconds`.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let poll = Duration::from_secs(self.config.poll_seconds.max(1));
        loop {
            match self.deliver_due().await {
                // A full batch means more may be waiting: go again at once.
                Ok(round)
                    if round.sent + round.retrying + round.failed
                        >= usize::try_from(BATCH).unwrap_or(20) =>
                {
                    continue;
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = ?e, "outbox round failed"),
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(poll) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                return;
            }
        }
    }
}
