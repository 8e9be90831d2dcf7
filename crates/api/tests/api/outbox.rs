use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use akun_api::config::{SmsConfig, SmtpConfig, SmtpTls};
use akun_api::future::BoxFuture;
use akun_api::messages::Message;
use akun_api::outbox::{self, Outbox, Outgoing, Round, SendError, Transport};
use akun_core::api::Lang;
use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use sqlx::Row;

use crate::helpers::{TestApp, spawn_app, spawn_app_on, spawn_app_with};
use crate::smtp_sink::SmtpSink;

async fn put_email(app: &TestApp, to: &str) -> i64 {
    let mut tx = app.db.pool.begin().await.unwrap();
    let id = outbox::enqueue(
        &mut tx,
        app.clock_now(),
        to,
        Lang::En,
        &Message::VerifyEmail {
            link: "http://127.0.0.1/verify?token=t0k3n".into(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn status_of(app: &TestApp, id: i64) -> (String, i64) {
    let row = sqlx::query("SELECT status, attempts FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (row.get::<String, _>(0), row.get::<i64, _>(1))
}

fn smtp_to(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        tls: SmtpTls::None,
        username: None,
        password: None,
        from: "Prakerja <no-reply@prakerja.test>".into(),
    }
}

/// A port nothing listens on (yet).
async fn free_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test]
async fn a_message_in_a_rolled_back_transaction_never_exists() {
    let app = spawn_app().await;
    let mut tx = app.db.pool.begin().await.unwrap();
    outbox::enqueue(
        &mut tx,
        app.clock_now(),
        "a@example.com",
        Lang::Id,
        &Message::VerifyEmail { link: "x".into() },
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM outbox")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 0);
}

/// (subject, body_text, body_html) of a message as stored.
async fn text_of(app: &TestApp, id: i64) -> (String, String, Option<String>) {
    let row = sqlx::query("SELECT subject, body_text, body_html FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (row.get(0), row.get(1), row.get(2))
}

#[tokio::test]
async fn in_dev_without_smtp_messages_are_kept_for_the_mailbox_and_marked_sent() {
    let app = spawn_app().await;
    let id = put_email(&app, "a@example.com").await;
    assert_eq!(status_of(&app, id).await, ("pending".into(), 0));
    let round = app.outbox.deliver_due().await.unwrap();
    assert_eq!(
        round,
        Round {
            sent: 1,
            retrying: 0,
            failed: 0
        }
    );
    assert_eq!(status_of(&app, id).await, ("sent".into(), 1));
    // Nothing is sent twice.
    assert_eq!(app.outbox.deliver_due().await.unwrap(), Round::default());
    // Delivered, and still whole for the developer, link and all.
    let (subject, text, html) = text_of(&app, id).await;
    assert_eq!(subject, "Activate your Prakerja account");
    assert!(text.contains("t0k3n") && html.unwrap().contains("t0k3n"));
    let page = app.get("/dev/mailbox").await.text().await.unwrap();
    assert!(page.contains("verify?token=t0k3n"), "{page}");
}

#[tokio::test]
async fn in_production_a_delivered_message_keeps_its_kind_recipient_and_status_but_no_text() {
    // Arrange: a relay, and no developer mailbox, as in production.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let sink = SmtpSink::start(listener);
    let app = spawn_app_with(move |c| {
        c.dev_mailbox = false;
        c.smtp = Some(smtp_to(port));
    })
    .await;
    let id = put_email(&app, "siti@example.com").await;
    assert!(
        text_of(&app, id).await.1.contains("t0k3n"),
        "whole until sent"
    );

    assert_eq!(app.outbox.deliver_due().await.unwrap().sent, 1);

    // The person got the link; the table keeps no trace of it.
    assert!(sink.messages()[0].contains("t0k3n"));
    assert_eq!(
        text_of(&app, id).await,
        (String::new(), String::new(), None)
    );
    let row =
        sqlx::query("SELECT template, recipient, lang, status, sent_at FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(row.get::<String, _>(0), "verify_email");
    assert_eq!(row.get::<String, _>(1), "siti@example.com");
    assert_eq!(row.get::<String, _>(2), "en");
    assert_eq!(row.get::<String, _>(3), "sent");
    assert_eq!(row.get::<Option<i64>, _>(4), Some(app.clock_now()));
}

#[tokio::test]
async fn in_production_a_message_that_failed_for_good_keeps_no_text_either() {
    let (url, _) = fake_gateway(StatusCode::BAD_REQUEST).await;
    let app = spawn_app_with(move |c| {
        c.dev_mailbox = false;
        c.sms = Some(SmsConfig {
            url,
            token: None,
            sender: "PRAKERJA".into(),
        });
    })
    .await;
    let id = put_sms(&app).await;
    assert_eq!(app.outbox.deliver_due().await.unwrap().failed, 1);
    assert_eq!(status_of(&app, id).await, ("failed".into(), 1));
    assert_eq!(
        text_of(&app, id).await,
        (String::new(), String::new(), None)
    );
}

#[tokio::test]
async fn a_message_waiting_for_a_retry_keeps_its_text() {
    let port = free_port().await;
    let app = spawn_app_with(move |c| {
        c.dev_mailbox = false;
        c.smtp = Some(smtp_to(port));
    })
    .await;
    let id = put_email(&app, "a@example.com").await;
    assert_eq!(app.outbox.deliver_due().await.unwrap().retrying, 1);
    assert!(text_of(&app, id).await.1.contains("t0k3n"));
}

#[tokio::test]
async fn finished_messages_are_deleted_after_the_retention_period_and_pending_ones_never() {
    let app = spawn_app_with(|c| c.outbox.retention_days = 30).await;
    let day = Duration::from_secs(24 * 3600);
    let old_sent = put_email(&app, "a@example.com").await;
    let old_failed = put_email(&app, "b@example.com").await;
    // Waiting for its next attempt, however long that takes.
    let old_pending = put_email(&app, "c@example.com").await;
    sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2")
        .bind(app.clock_now() + 365 * 86_400_000)
        .bind(old_pending)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(app.outbox.deliver_due().await.unwrap().sent, 2);
    sqlx::query("UPDATE outbox SET status = 'failed' WHERE id = $1")
        .bind(old_failed)
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.clock.advance(2 * day);
    let recent_sent = put_email(&app, "d@example.com").await;
    assert_eq!(app.outbox.deliver_due().await.unwrap().sent, 1);

    // 29 days after the recent one, 31 after the old ones.
    app.clock.advance(29 * day);
    assert_eq!(app.outbox.purge().await.unwrap(), 2);

    let left: Vec<i64> = sqlx::query("SELECT id FROM outbox ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(left, vec![old_pending, recent_sent]);
    assert!(!left.contains(&old_sent));
    // Nothing more to do until the recent one's day comes.
    assert_eq!(app.outbox.purge().await.unwrap(), 0);
    app.clock.advance(day + Duration::from_secs(1));
    assert_eq!(app.outbox.purge().await.unwrap(), 1);
}

#[tokio::test]
async fn a_message_queued_while_smtp_is_down_is_delivered_after_smtp_returns_and_the_api_restarts()
{
    // Arrange: the API points at an SMTP port where nothing listens.
    let port = free_port().await;
    let app = spawn_app_with(move |c| c.smtp = Some(smtp_to(port))).await;
    let id = put_email(&app, "siti@example.com").await;

    // Act 1: delivery fails and is scheduled for a retry.
    let round = app.outbox.deliver_due().await.unwrap();
    assert_eq!(
        round,
        Round {
            sent: 0,
            retrying: 1,
            failed: 0
        }
    );
    assert_eq!(status_of(&app, id).await, ("pending".into(), 1));
    let row = sqlx::query("SELECT last_error, next_attempt_at FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(row.get::<Option<String>, _>(0).unwrap().contains("smtp"));
    assert_eq!(
        row.get::<i64, _>(1),
        app.clock_now() + 15_000,
        "first retry after the base backoff"
    );

    // The API stops; SMTP comes back on the same port.
    let url = app.database_url.clone();
    let clock = app.clock.clone();
    drop(app);
    let sink = SmtpSink::start(
        tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap(),
    );
    let app = spawn_app_on(&url, clock, move |c| c.smtp = Some(smtp_to(port))).await;

    // Before the backoff has passed, nothing is attempted.
    assert_eq!(app.outbox.deliver_due().await.unwrap(), Round::default());
    assert!(sink.messages().is_empty());

    // Act 2: time passes; the restarted API delivers it.
    app.clock.advance(Duration::from_secs(16));
    let round = app.outbox.deliver_due().await.unwrap();
    assert_eq!(
        round,
        Round {
            sent: 1,
            retrying: 0,
            failed: 0
        }
    );
    assert_eq!(status_of(&app, id).await, ("sent".into(), 2));
    let mail = sink.messages();
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].contains("Subject: Activate your Prakerja account"),
        "{}",
        mail[0]
    );
    assert!(mail[0].contains("To: siti@example.com"));
    assert!(
        mail[0].contains("multipart/alternative"),
        "plain text and HTML parts"
    );
    assert!(mail[0].contains("t0k3n"));
}

#[tokio::test]
async fn retries_back_off_exponentially_and_give_up_after_the_last_attempt() {
    let port = free_port().await;
    let app = spawn_app_with(move |c| {
        c.smtp = Some(smtp_to(port));
        c.outbox.max_attempts = 4;
    })
    .await;
    let id = put_email(&app, "a@example.com").await;
    let mut waits = Vec::new();
    for attempt in 1..=4 {
        let before = app.clock_now();
        let round = app.outbox.deliver_due().await.unwrap();
        let (status, attempts) = status_of(&app, id).await;
        assert_eq!(attempts, attempt);
        if attempt < 4 {
            assert_eq!(round.retrying, 1);
            let next: i64 = sqlx::query("SELECT next_attempt_at FROM outbox WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap()
                .get(0);
            waits.push(next - before);
            app.clock
                .advance(Duration::from_millis(u64::try_from(next - before).unwrap()));
        } else {
            assert_eq!(round.failed, 1);
            assert_eq!(status, "failed");
        }
    }
    assert_eq!(waits, vec![15_000, 30_000, 60_000]);
    // A failed message is never picked up again.
    app.clock.advance(Duration::from_secs(86_400));
    assert_eq!(app.outbox.deliver_due().await.unwrap(), Round::default());
}

/// A local stand-in for the SMS gateway that answers with a chosen status
/// and records what it was sent.
async fn fake_gateway(
    status: StatusCode,
) -> (
    String,
    Arc<std::sync::Mutex<Vec<(HeaderMap, serde_json::Value)>>>,
) {
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let router = axum::Router::new().route(
        "/send",
        axum::routing::post(
            move |headers: HeaderMap, Json(body): Json<serde_json::Value>| {
                let record = Arc::clone(&record);
                async move {
                    record.lock().unwrap().push((headers, body));
                    status
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.ok() });
    (url, seen)
}

async fn app_with_gateway(url: String) -> TestApp {
    spawn_app_with(move |c| {
        c.sms = Some(SmsConfig {
            url,
            token: Some("gateway-token".into()),
            sender: "PRAKERJA".into(),
        })
    })
    .await
}

async fn put_sms(app: &TestApp) -> i64 {
    // SMS templates arrive with phone verification; the outbox row is what
    // the worker reads, so a hand-written row tests the transport.
    let row = sqlx::query(
        "INSERT INTO outbox (channel, recipient, template, lang, subject, body_text, status, attempts, next_attempt_at, created_at)
         VALUES ('sms', '+6281234567890', 'test', 'id', '', 'Kode kamu 123456', 'pending', 0, $1, $1) RETURNING id",
    )
    .bind(app.clock_now())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    row.get(0)
}

#[tokio::test]
async fn sms_goes_to_the_http_gateway_with_its_token() {
    let (url, seen) = fake_gateway(StatusCode::OK).await;
    let app = app_with_gateway(url).await;
    let id = put_sms(&app).await;
    assert_eq!(app.outbox.deliver_due().await.unwrap().sent, 1);
    assert_eq!(status_of(&app, id).await.0, "sent");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0["authorization"], "Bearer gateway-token");
    assert_eq!(
        seen[0].1,
        serde_json::json!({"to": "+6281234567890", "from": "PRAKERJA", "text": "Kode kamu 123456"})
    );
}

#[tokio::test]
async fn a_gateway_that_refuses_the_message_fails_it_at_once() {
    let (url, _) = fake_gateway(StatusCode::BAD_REQUEST).await;
    let app = app_with_gateway(url).await;
    let id = put_sms(&app).await;
    assert_eq!(app.outbox.deliver_due().await.unwrap().failed, 1);
    assert_eq!(status_of(&app, id).await, ("failed".into(), 1));
}

#[tokio::test]
async fn a_gateway_that_is_overloaded_gets_the_message_again_later() {
    let (url, seen) = fake_gateway(StatusCode::SERVICE_UNAVAILABLE).await;
    let app = app_with_gateway(url).await;
    let id = put_sms(&app).await;
    assert_eq!(app.outbox.deliver_due().await.unwrap().retrying, 1);
    app.clock.advance(Duration::from_secs(15));
    assert_eq!(app.outbox.deliver_due().await.unwrap().retrying, 1);
    assert_eq!(status_of(&app, id).await, ("pending".into(), 2));
    assert_eq!(seen.lock().unwrap().len(), 2);
}

struct Counting(Arc<AtomicUsize>);

impl Transport for Counting {
    fn send<'a>(&'a self, _m: &'a Outgoing) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            self.0.fetch_add(1, Ordering::SeqCst);
            // Give the other instance a chance to race for the same rows.
            tokio::task::yield_now().await;
            Ok(())
        })
    }
}

#[tokio::test]
async fn two_instances_delivering_at_once_send_each_message_exactly_once() {
    let app = spawn_app().await;
    for i in 0..30 {
        put_email(&app, &format!("user{i}@example.com")).await;
    }
    let sent = Arc::new(AtomicUsize::new(0));
    let make = || {
        let t: Arc<dyn Transport> = Arc::new(Counting(Arc::clone(&sent)));
        Outbox::new(
            app.db.clone(),
            Arc::new(app.clock.clone()),
            Arc::clone(&t),
            t,
            Default::default(),
        )
    };
    let (a, b) = (make(), make());
    let mut total = 0;
    for _ in 0..3 {
        let (ra, rb) = tokio::join!(a.deliver_due(), b.deliver_due());
        total += ra.unwrap().sent + rb.unwrap().sent;
    }
    assert_eq!(total, 30);
    assert_eq!(sent.load(Ordering::SeqCst), 30);
}
