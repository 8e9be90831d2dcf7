//! Forgot password (by email, phone + date of birth, NIK + date of birth)
//! and the reset link.

use std::time::Duration;

use akun_api::account::reset::process_pending;
use akun_api::registry::{EMBEDDED_CSV, Resident, parse_csv};
use akun_api::vault::Field;
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const PASSWORD: &str = "kopi tubruk pagi hari";
const NEW_PASSWORD: &str = "teh manis sore hari";
const PHONE: &str = "+6281234567890";

fn resident(n: usize) -> Resident {
    parse_csv(EMBEDDED_CSV).unwrap().swap_remove(n)
}

/// An account written straight into the database, with a session.
async fn account(app: &TestApp, email: &str, status: &str) -> (i64, String) {
    let hash = app.hasher.hash(PASSWORD).await.unwrap();
    let now = app.clock_now();
    let id: i64 = sqlx::query(
        "INSERT INTO accounts (email, password_hash, status, lang, created_at, verified_at)
         VALUES ($1, $2, $3, 'id', $4, $4) RETURNING id",
    )
    .bind(email)
    .bind(hash)
    .bind(status)
    .bind(now)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get(0);
    (id, session(app, id).await)
}

async fn session(app: &TestApp, account_id: i64) -> String {
    let now = app.clock_now();
    let (value, stored) = akun_api::tokens::new_token();
    sqlx::query(
        "INSERT INTO sessions (id, account_id, created_at, last_seen_at, expires_at, user_agent, device)
         VALUES ($1, $2, $3, $3, $4, 'test', 'test')",
    )
    .bind(stored)
    .bind(account_id)
    .bind(now)
    .bind(now + 12 * 3_600_000)
    .execute(&app.db.pool)
    .await
    .unwrap();
    format!("akun_session={value}")
}

/// The identity of `r` for the account, with `phone` verified or not.
async fn identity(app: &TestApp, account_id: i64, r: &Resident, verified: bool) {
    let vault = &app.state.vault;
    let d = r.date_of_birth;
    sqlx::query(
        "INSERT INTO identities (account_id, nik_hash, nik_sealed, kk_hash, kk_sealed, name, sex, date_of_birth,
                                 completed_at, phone, phone_verified, phone_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'male', $7, $8, $9, $10, $11)",
    )
    .bind(account_id)
    .bind(vault.lookup_hash(Field::Nik, r.nik.as_str()))
    .bind(vault.seal(Field::Nik, account_id, r.nik.as_str()).unwrap())
    .bind(vault.lookup_hash(Field::Kk, r.kk.as_str()))
    .bind(vault.seal(Field::Kk, account_id, r.kk.as_str()).unwrap())
    .bind(&r.name)
    .bind(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
    .bind(app.clock_now())
    .bind(PHONE)
    .bind(verified.then_some(PHONE))
    .bind(verified.then(|| app.clock_now()))
    .execute(&app.db.pool)
    .await
    .unwrap();
}

async fn forgot(app: &TestApp, body: Value) -> (u16, String) {
    let r = app.post_json("/api/password/forgot", &body).await;
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Runs the worker's work now.
async fn process(app: &TestApp) -> usize {
    process_pending(&app.state).await.unwrap()
}

/// (template, recipient, body_text) of every message, oldest first.
async fn outbox(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query("SELECT template, recipient, body_text FROM outbox ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0)
}

/// The token of the reset link in a message's text.
fn token_in(text: &str) -> String {
    let at = text.find("/reset#token=").expect("a reset link") + "/reset#token=".len();
    text[at..at + 64].to_owned()
}

async fn newest_link(app: &TestApp) -> String {
    let all = outbox(app).await;
    let (_, _, text) = all
        .iter()
        .rev()
        .find(|(t, _, _)| t == "reset_link")
        .expect("a reset link email");
    token_in(text)
}

async fn check(app: &TestApp, token: &str) -> (u16, Value) {
    let r = app
        .post_json("/api/password/reset/check", &json!({ "token": token }))
        .await;
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.post_json(
        "/api/password/reset",
        &json!({ "token": token, "new_password": password }),
    )
    .await
}

#[tokio::test]
async fn by_email_known_and_unknown_addresses_get_the_same_answer() {
    let app = spawn_app().await;
    account(&app, "budi@example.com", "active").await;

    let known = forgot(&app, json!({"way": "email", "email": " Budi@Example.com "})).await;
    let unknown = forgot(&app, json!({"way": "email", "email": "nobody@example.com"})).await;
    assert_eq!(known, (202, "{}".to_owned()));
    assert_eq!(unknown, known);
    // Nothing is looked up or sent while answering.
    assert!(outbox(&app).await.is_empty());

    assert_eq!(process(&app).await, 2);
    let sent = outbox(&app).await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].0, "reset_link");
    assert_eq!(sent[0].1, "budi@example.com");
    assert!(sent[0].2.contains(&format!("{}/reset#token=", app.address)));
    assert_eq!(sent[1].0, "reset_no_account");
    assert_eq!(sent[1].1, "nobody@example.com");
    // The email way never sends an SMS.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM outbox WHERE channel = 'sms'").await,
        0
    );

    // The "no account" email at most once a day per address.
    forgot(&app, json!({"way": "email", "email": "nobody@example.com"})).await;
    process(&app).await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE template = 'reset_no_account'"
        )
        .await,
        1
    );
    app.clock.advance(Duration::from_secs(24 * 3600 + 1));
    forgot(&app, json!({"way": "email", "email": "nobody@example.com"})).await;
    process(&app).await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE template = 'reset_no_account'"
        )
        .await,
        2
    );
    // Processed requests keep no identifier.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reset_requests WHERE lookup IS NOT NULL OR processed_at IS NULL"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn an_unverified_account_gets_no_reset_link() {
    let app = spawn_app().await;
    account(&app, "new@example.com", "unverified").await;
    assert_eq!(
        forgot(&app, json!({"way": "email", "email": "new@example.com"})).await,
        (202, "{}".to_owned())
    );
    process(&app).await;
    assert!(outbox(&app).await.is_empty());
}

#[tokio::test]
async fn by_phone_the_link_goes_by_email_and_sms_with_the_address_masked() {
    let app = spawn_app().await;
    let r = resident(0);
    let (id, _) = account(&app, "budi.santoso@example.com", "active").await;
    identity(&app, id, &r, true).await;
    let dob = r.date_of_birth.to_string();

    let matched = forgot(
        &app,
        json!({"way": "phone", "phone": "081234567890", "date_of_birth": dob}),
    )
    .await;
    let wrong_dob = forgot(
        &app,
        json!({"way": "phone", "phone": "081234567890", "date_of_birth": "01/01/1980"}),
    )
    .await;
    let unknown = forgot(
        &app,
        json!({"way": "phone", "phone": "081299999999", "date_of_birth": dob}),
    )
    .await;
    assert_eq!(matched, (202, "{}".to_owned()));
    assert_eq!(wrong_dob, matched);
    assert_eq!(unknown, matched);
    process(&app).await;

    let sent = outbox(&app).await;
    assert_eq!(sent.len(), 2, "only the match sends: {sent:?}");
    let (email, sms) = (&sent[0], &sent[1]);
    assert_eq!(
        (email.0.as_str(), email.1.as_str()),
        ("reset_link", "budi.santoso@example.com")
    );
    assert_eq!((sms.0.as_str(), sms.1.as_str()), ("reset_link_sms", PHONE));
    assert_eq!(token_in(&email.2), token_in(&sms.2), "one link, two ways");
    assert!(sms.2.contains("bu***@example.com"), "{}", sms.2);
    assert!(!sms.2.contains("budi.santoso@"), "{}", sms.2);
    // The phone itself is not kept once processed.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reset_requests WHERE lookup IS NOT NULL OR date_of_birth IS NOT NULL"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn the_full_address_in_the_sms_is_a_setting() {
    let app = spawn_app_with(|c| c.reset_sms_full_email = true).await;
    let r = resident(1);
    let (id, _) = account(&app, "budi.santoso@example.com", "active").await;
    identity(&app, id, &r, true).await;
    forgot(
        &app,
        json!({"way": "phone", "phone": PHONE, "date_of_birth": r.date_of_birth.to_string()}),
    )
    .await;
    process(&app).await;
    let sms = outbox(&app)
        .await
        .into_iter()
        .find(|m| m.0 == "reset_link_sms")
        .unwrap();
    assert!(sms.2.contains("budi.santoso@example.com"), "{}", sms.2);
}

#[tokio::test]
async fn an_unverified_number_does_not_identify_an_account() {
    let app = spawn_app().await;
    let r = resident(2);
    let (id, _) = account(&app, "budi@example.com", "active").await;
    identity(&app, id, &r, false).await;
    let answer = forgot(
        &app,
        json!({"way": "phone", "phone": PHONE, "date_of_birth": r.date_of_birth.to_string()}),
    )
    .await;
    assert_eq!(answer, (202, "{}".to_owned()));
    process(&app).await;
    assert!(outbox(&app).await.is_empty());

    // By NIK the account is found; with no verified number, email only.
    forgot(
        &app,
        json!({"way": "nik", "nik": r.nik.as_str(), "date_of_birth": r.date_of_birth.to_string()}),
    )
    .await;
    process(&app).await;
    let sent = outbox(&app).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, "reset_link");
}

#[tokio::test]
async fn by_nik_the_link_goes_by_email_and_sms_and_the_nik_is_never_stored() {
    let app = spawn_app().await;
    let r = resident(3);
    let other = resident(4);
    let (id, _) = account(&app, "siti@example.com", "active").await;
    identity(&app, id, &r, true).await;

    let matched = forgot(
        &app,
        json!({"way": "nik", "nik": r.nik.as_str(), "date_of_birth": r.date_of_birth.to_string(), "lang": "en"}),
    )
    .await;
    let unknown = forgot(
        &app,
        json!({"way": "nik", "nik": other.nik.as_str(), "date_of_birth": other.date_of_birth.to_string()}),
    )
    .await;
    assert_eq!(matched, (202, "{}".to_owned()));
    assert_eq!(unknown, matched);

    // Stored as the keyed hash only, before and after processing.
    let stored: Vec<Option<String>> = sqlx::query("SELECT lookup FROM reset_requests")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(stored.len(), 2);
    for value in stored.iter().flatten() {
        assert!(
            !value.contains(r.nik.as_str()) && !value.contains(other.nik.as_str()),
            "{value}"
        );
    }
    process(&app).await;
    let dump: Vec<String> = sqlx::query(
        "SELECT COALESCE(lookup, '') || COALESCE(date_of_birth, '') || COALESCE(outcome, '') FROM reset_requests",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|row| row.get(0))
    .collect();
    assert!(dump.iter().all(|v| !v.contains(r.nik.as_str())), "{dump:?}");

    let sent = outbox(&app).await;
    let templates: Vec<_> = sent.iter().map(|m| (m.0.as_str(), m.1.as_str())).collect();
    assert_eq!(
        templates,
        [
            ("reset_link", "siti@example.com"),
            ("reset_link_sms", PHONE)
        ]
    );

    // A date of birth that disagrees with the NIK is refused as typed,
    // like the browser does: it says nothing about any account.
    let r2 = app
        .post_json(
            "/api/password/forgot",
            &json!({"way": "nik", "nik": r.nik.as_str(), "date_of_birth": "01/01/1980"}),
        )
        .await;
    assert_eq!(r2.status(), 422);
    let body: Value = r2.json().await.unwrap();
    assert_eq!(body["field"], "date_of_birth");
}

#[tokio::test]
async fn fields_are_checked_with_the_shared_validators() {
    let app = spawn_app().await;
    for (body, field) in [
        (json!({"way": "email", "email": "not an email"}), "email"),
        (json!({"way": "email"}), "email"),
        (
            json!({"way": "phone", "phone": "12", "date_of_birth": "01/01/1990"}),
            "phone",
        ),
        (
            json!({"way": "phone", "phone": "081234567890"}),
            "date_of_birth",
        ),
        (
            json!({"way": "phone", "phone": "081234567890", "date_of_birth": "1990-01-01"}),
            "date_of_birth",
        ),
        (
            json!({"way": "nik", "nik": "123", "date_of_birth": "01/01/1990"}),
            "nik",
        ),
    ] {
        let r = app.post_json("/api/password/forgot", &body).await;
        assert_eq!(r.status(), 422, "{body}");
        let answer: Value = r.json().await.unwrap();
        assert_eq!(answer["field"], field, "{body}: {answer}");
    }
    let r = app
        .post_json("/api/password/forgot", &json!({"way": "carrier pigeon"}))
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reset_requests").await, 0);
}

#[tokio::test]
async fn links_expire_after_30_minutes_are_single_use_and_the_newest_wins() {
    let app = spawn_app().await;
    account(&app, "budi@example.com", "active").await;
    let ask = || forgot(&app, json!({"way": "email", "email": "budi@example.com"}));

    ask().await;
    process(&app).await;
    let first = newest_link(&app).await;
    assert_eq!(
        check(&app, &first).await,
        (200, json!({"email_masked": "bu***@example.com"}))
    );
    ask().await;
    process(&app).await;
    let second = newest_link(&app).await;
    assert_ne!(first, second);
    // Asking again ended the older link.
    assert_eq!(check(&app, &first).await.1["code"], "token_expired");
    assert_eq!(reset(&app, &first, NEW_PASSWORD).await.status(), 410);
    assert_eq!(check(&app, &second).await.0, 200);

    // 30 minutes.
    app.clock.advance(Duration::from_secs(29 * 60));
    assert_eq!(check(&app, &second).await.0, 200);
    app.clock.advance(Duration::from_secs(61));
    assert_eq!(
        check(&app, &second).await,
        (410, json!({"code": "token_expired"}))
    );
    assert_eq!(reset(&app, &second, NEW_PASSWORD).await.status(), 410);

    // Single use.
    ask().await;
    process(&app).await;
    let third = newest_link(&app).await;
    assert_eq!(reset(&app, &third, NEW_PASSWORD).await.status(), 204);
    assert_eq!(
        check(&app, &third).await,
        (410, json!({"code": "token_used"}))
    );
    let again = reset(&app, &third, "yet another password").await;
    assert_eq!(again.status(), 410);
    assert_eq!(again.json::<Value>().await.unwrap()["code"], "token_used");

    // Never issued, or not a token at all.
    let (status, body) = check(&app, &"a".repeat(64)).await;
    assert_eq!(
        (status, body),
        (422, json!({"code": "token_invalid", "field": "token"}))
    );
    assert_eq!(check(&app, "garbage").await.0, 422);
}

#[tokio::test]
async fn a_reset_ends_every_session_and_only_the_new_password_works() {
    let app = spawn_app().await;
    let (id, cookie) = account(&app, "budi@example.com", "active").await;
    let other = session(&app, id).await;
    let now = app.clock_now();
    sqlx::query(
        "INSERT INTO login_attempts (id, account_id, created_at, expires_at, user_agent, lang)
         VALUES ('half-way', $1, $2, $3, 'test', 'id')",
    )
    .bind(id)
    .bind(now)
    .bind(now + 1_800_000)
    .execute(&app.db.pool)
    .await
    .unwrap();
    for c in [&cookie, &other] {
        let r = app
            .client
            .get(app.url("/api/me"))
            .header("cookie", c.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }

    forgot(&app, json!({"way": "email", "email": "budi@example.com"})).await;
    process(&app).await;
    let token = newest_link(&app).await;

    // The new password follows the same rules as everywhere.
    let weak = reset(&app, &token, "short").await;
    assert_eq!(weak.status(), 422);
    assert_eq!(weak.json::<Value>().await.unwrap()["field"], "new_password");
    assert_eq!(
        check(&app, &token).await.0,
        200,
        "a refused password does not spend the link"
    );

    assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), 204);
    for c in [&cookie, &other] {
        let r = app
            .client
            .get(app.url("/api/me"))
            .header("cookie", c.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    // The login half-way (password given, code not yet) has ended too.
    let expires: i64 = sqlx::query("SELECT expires_at FROM login_attempts WHERE id = 'half-way'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert!(expires <= app.clock_now());

    let stored: String = sqlx::query("SELECT password_hash FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert!(stored.starts_with("$argon2id$"));
    assert!(
        app.hasher
            .verify(NEW_PASSWORD, Some(&stored))
            .await
            .unwrap()
    );
    assert!(!app.hasher.verify(PASSWORD, Some(&stored)).await.unwrap());

    let notice = outbox(&app)
        .await
        .into_iter()
        .find(|m| m.0 == "password_reset")
        .expect("a notice");
    assert_eq!(notice.1, "budi@example.com");
    assert!(
        notice.2.contains(&format!("{}/misuse", app.address)),
        "{}",
        notice.2
    );
    assert!(notice.2.contains("WIB"), "{}", notice.2);
}

#[tokio::test]
async fn a_blocked_account_gets_the_report_form_instead_of_a_link() {
    let app = spawn_app().await;
    let r = resident(5);
    let (id, _) = account(&app, "blocked@example.com", "blocked").await;
    identity(&app, id, &r, true).await;
    let by_email = forgot(
        &app,
        json!({"way": "email", "email": "blocked@example.com"}),
    )
    .await;
    assert_eq!(by_email, (202, "{}".to_owned()));
    let by_nik = forgot(
        &app,
        json!({"way": "nik", "nik": r.nik.as_str(), "date_of_birth": r.date_of_birth.to_string()}),
    )
    .await;
    assert_eq!(by_nik, by_email);
    process(&app).await;
    let sent = outbox(&app).await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    for m in &sent {
        assert_eq!(
            (m.0.as_str(), m.1.as_str()),
            ("reset_blocked", "blocked@example.com")
        );
        assert!(m.2.contains(&format!("{}/report", app.address)), "{}", m.2);
        assert!(!m.2.contains("/reset#token="));
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reset_tokens").await, 0);
}

#[tokio::test]
async fn fifty_requests_at_once_send_at_most_three_links() {
    let app = spawn_app().await;
    let r = resident(6);
    let (id, _) = account(&app, "budi@example.com", "active").await;
    identity(&app, id, &r, true).await;
    let dob = r.date_of_birth.to_string();
    let bodies: Vec<Value> = (0..50)
        .map(|i| match i % 3 {
            0 => json!({"way": "email", "email": "budi@example.com"}),
            1 => json!({"way": "phone", "phone": PHONE, "date_of_birth": dob}),
            _ => json!({"way": "nik", "nik": r.nik.as_str(), "date_of_birth": dob}),
        })
        .collect();
    let answers = app.post_all("/api/password/forgot", bodies).await;
    for a in answers {
        assert_eq!(a.status(), 202);
        assert_eq!(a.text().await.unwrap(), "{}");
    }
    // Two workers at once, as two instances would run them.
    let (a, b) = tokio::join!(process_pending(&app.state), process_pending(&app.state));
    let handled = a.unwrap() + b.unwrap();
    assert!(handled >= 3, "{handled} requests recorded");
    let emails = count(&app, "SELECT COUNT(*) FROM outbox WHERE channel = 'email'").await;
    let sms = count(&app, "SELECT COUNT(*) FROM outbox WHERE channel = 'sms'").await;
    assert_eq!(emails, 3, "emails");
    assert!(sms <= 3, "{sms} SMS");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reset_tokens").await, 3);

    // An hour later the account can get a link again.
    app.clock.advance(Duration::from_secs(3601));
    forgot(&app, json!({"way": "email", "email": "budi@example.com"})).await;
    process(&app).await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM outbox WHERE channel = 'email'").await,
        4
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_reset_routes() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/password/forgot",
        "/api/password/reset/check",
        "/api/password/reset",
    ] {
        assert!(doc["paths"][path]["post"].is_object(), "{path}");
    }
    assert!(doc["paths"]["/api/password/forgot"]["post"]["responses"]["202"].is_object());
}

/// Every column of every request, as one text each.
async fn reset_request_dump(app: &TestApp) -> Vec<String> {
    sqlx::query(
        "SELECT way || '|' || COALESCE(lookup, '') || '|' || COALESCE(date_of_birth, '') || '|'
                || COALESCE(lookup_sealed, '') || '|' || COALESCE(date_of_birth_sealed, '') || '|'
                || lang || '|' || COALESCE(outcome, '') FROM reset_requests ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|row| row.get(0))
    .collect()
}

#[tokio::test]
async fn a_waiting_request_holds_no_email_number_nik_or_date_of_birth_in_clear() {
    let app = spawn_app().await;
    let r = resident(5);
    let (id, _) = account(&app, "budi.santoso@example.com", "active").await;
    identity(&app, id, &r, true).await;
    let dob = r.date_of_birth.to_string();
    let d = r.date_of_birth;
    let iso = format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
    let nik_hash = app.state.vault.lookup_hash(Field::Nik, r.nik.as_str());

    for body in [
        json!({"way": "email", "email": "budi.santoso@example.com"}),
        json!({"way": "phone", "phone": "081234567890", "date_of_birth": dob}),
        json!({"way": "nik", "nik": r.nik.as_str(), "date_of_birth": dob}),
    ] {
        assert_eq!(forgot(&app, body).await.0, 202);
    }

    // Waiting: only sealed values, each bound to its row.
    let waiting = reset_request_dump(&app).await;
    assert_eq!(waiting.len(), 3);
    for (row, needle) in waiting
        .iter()
        .zip(["budi.santoso", PHONE, nik_hash.as_str()])
    {
        for secret in [needle, iso.as_str(), r.nik.as_str(), dob.as_str()] {
            assert!(!row.contains(secret), "{secret} in clear: {row}");
        }
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reset_requests WHERE lookup IS NULL AND date_of_birth IS NULL
               AND lookup_sealed LIKE 'v1:%'"
        )
        .await,
        3
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reset_requests WHERE date_of_birth_sealed LIKE 'v1:%'"
        )
        .await,
        2
    );

    // The worker still finds the account every way.
    assert_eq!(process(&app).await, 3);
    let sent = outbox(&app).await;
    let templates: Vec<&str> = sent.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(
        templates,
        [
            "reset_link",
            "reset_link",
            "reset_link_sms",
            "reset_link",
            "reset_link_sms"
        ]
    );
    // And nothing is left to open.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reset_requests WHERE lookup_sealed IS NOT NULL
               OR date_of_birth_sealed IS NOT NULL OR outcome <> 'sent'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_sealed_value_moved_to_another_request_does_not_open_and_holds_up_nothing() {
    let app = spawn_app().await;
    account(&app, "budi@example.com", "active").await;
    account(&app, "siti@example.com", "active").await;
    forgot(&app, json!({"way": "email", "email": "budi@example.com"})).await;
    forgot(&app, json!({"way": "email", "email": "nobody@example.com"})).await;
    forgot(&app, json!({"way": "email", "email": "siti@example.com"})).await;
    // Someone with write access to the table copies budi's request into
    // the second one, hoping for a second link to budi.
    sqlx::query(
        "UPDATE reset_requests SET lookup_sealed = (SELECT lookup_sealed FROM reset_requests
           WHERE id = (SELECT MIN(id) FROM reset_requests))
         WHERE id = (SELECT MIN(id) + 1 FROM reset_requests)",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    assert_eq!(process(&app).await, 3);
    let outcomes: Vec<String> = sqlx::query("SELECT outcome FROM reset_requests ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(outcomes, ["sent", "unreadable", "sent"]);
    let recipients: Vec<String> = outbox(&app).await.into_iter().map(|m| m.1).collect();
    assert_eq!(recipients, ["budi@example.com", "siti@example.com"]);
}

#[tokio::test]
async fn a_request_written_in_clear_by_the_previous_version_is_still_answered() {
    // During a rolling deploy, an instance of the previous version still
    // writes the address in the old column.
    let app = spawn_app().await;
    account(&app, "budi@example.com", "active").await;
    sqlx::query(
        "INSERT INTO reset_requests (way, lookup, lang, created_at) VALUES ('email', 'budi@example.com', 'id', $1)",
    )
    .bind(app.clock_now())
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(process(&app).await, 1);
    let sent = outbox(&app).await;
    assert_eq!(
        (sent[0].0.as_str(), sent[0].1.as_str()),
        ("reset_link", "budi@example.com")
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reset_requests WHERE lookup IS NOT NULL"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_new_password_on_the_long_common_list_is_refused_and_the_link_still_works() {
    let app = spawn_app().await;
    account(&app, "budi@example.com", "active").await;
    forgot(&app, json!({"way": "email", "email": "budi@example.com"})).await;
    process(&app).await;
    let token = newest_link(&app).await;
    let r = reset(&app, &token, "Jennifer1").await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        json!({"code": "password_too_common", "field": "new_password"})
    );
    assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), 204);
}
