use std::time::Duration;

use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const PASSWORD: &str = "kopi tubruk pagi hari";

fn body(email: &str) -> Value {
    json!({"email": email, "password": PASSWORD, "accept_terms": true, "lang": "id"})
}

async fn register(app: &TestApp, email: &str) -> reqwest::Response {
    app.post_json("/api/register", &body(email)).await
}

/// The outbox rows to one address, oldest first.
async fn mail_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    sqlx::query("SELECT template, body_text FROM outbox WHERE recipient = $1 ORDER BY id")
        .bind(to)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1)))
        .collect()
}

/// The token in the last verification email to `to`.
async fn last_token(app: &TestApp, to: &str) -> String {
    let mails = mail_to(app, to).await;
    let (_, text) = mails
        .iter()
        .rev()
        .find(|(t, _)| t == "verify_email")
        .expect("a verification email");
    let start = text.find("#token=").expect("a link with a token") + "#token=".len();
    text[start..start + 64].to_owned()
}

async fn verify(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/api/register/verify", &json!({"token": token}))
        .await
}

async fn account(app: &TestApp, email: &str) -> Option<(String, String)> {
    sqlx::query("SELECT status, password_hash FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(&app.db.pool)
        .await
        .unwrap()
        .map(|r| (r.get(0), r.get(1)))
}

#[tokio::test]
async fn a_new_address_gets_an_unverified_account_and_a_verification_email() {
    let app = spawn_app().await;
    let response = register(&app, "  Budi.Santoso@Example.COM ").await;
    assert_eq!(response.status(), 202);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(
        answer,
        json!({"sent_to": "budi.santoso@example.com", "resend_after": 60})
    );

    let (status, hash) = account(&app, "budi.santoso@example.com")
        .await
        .expect("an account");
    assert_eq!(status, "unverified");
    assert!(
        hash.starts_with("$argon2id$"),
        "the password is stored hashed"
    );
    let mails = mail_to(&app, "budi.santoso@example.com").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "verify_email");
    assert!(
        mails[0].1.contains("mengaktifkan akun"),
        "written in the requested language"
    );
    assert!(
        mails[0]
            .1
            .contains(&format!("{}/verify#token=", app.address))
    );
}

#[tokio::test]
async fn the_link_activates_the_account_once() {
    let app = spawn_app().await;
    register(&app, "siti@example.com").await;
    let token = last_token(&app, "siti@example.com").await;

    let response = verify(&app, &token).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"email": "si***@example.com"})
    );
    assert_eq!(account(&app, "siti@example.com").await.unwrap().0, "active");

    let again = verify(&app, &token).await;
    assert_eq!(again.status(), 410);
    assert_eq!(again.json::<Value>().await.unwrap()["code"], "token_used");
}

#[tokio::test]
async fn the_token_is_stored_only_as_a_hash() {
    let app = spawn_app().await;
    register(&app, "siti@example.com").await;
    let token = last_token(&app, "siti@example.com").await;
    let stored: String = sqlx::query("SELECT token_hash FROM email_tokens")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_ne!(stored, token);
    assert!(!stored.contains(&token));
}

#[tokio::test]
async fn an_expired_link_says_so_and_a_fresh_one_works() {
    let app = spawn_app().await;
    register(&app, "andi@example.com").await;
    let old = last_token(&app, "andi@example.com").await;
    app.clock.advance(Duration::from_secs(24 * 3600 + 1));

    let response = verify(&app, &old).await;
    assert_eq!(response.status(), 410);
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "token_expired"
    );
    assert_eq!(
        account(&app, "andi@example.com").await.unwrap().0,
        "unverified"
    );

    let resent = app
        .post_json(
            "/api/register/resend",
            &json!({"email": "andi@example.com", "lang": "en"}),
        )
        .await;
    assert_eq!(resent.status(), 202);
    let fresh = last_token(&app, "andi@example.com").await;
    assert_ne!(fresh, old);
    assert_eq!(verify(&app, &fresh).await.status(), 200);
}

#[tokio::test]
async fn a_link_just_inside_its_24_hours_still_works() {
    let app = spawn_app().await;
    register(&app, "andi@example.com").await;
    let token = last_token(&app, "andi@example.com").await;
    app.clock.advance(Duration::from_secs(24 * 3600 - 1));
    assert_eq!(verify(&app, &token).await.status(), 200);
}

#[tokio::test]
async fn tampered_and_malformed_tokens_are_invalid() {
    let app = spawn_app().await;
    register(&app, "dewi@example.com").await;
    let token = last_token(&app, "dewi@example.com").await;
    let mut tampered = token.clone().into_bytes();
    tampered[10] = if tampered[10] == b'a' { b'b' } else { b'a' };
    let tampered = String::from_utf8(tampered).unwrap();
    for bad in [
        tampered.as_str(),
        "",
        "abc",
        &token[..63],
        &token.to_uppercase(),
        "' OR 1=1 --",
    ] {
        let response = verify(&app, bad).await;
        assert_eq!(response.status(), 422, "{bad:?}");
        assert_eq!(
            response.json::<Value>().await.unwrap()["code"],
            "token_invalid"
        );
    }
    assert_eq!(
        account(&app, "dewi@example.com").await.unwrap().0,
        "unverified"
    );
    // The real one still works after all that.
    assert_eq!(verify(&app, &token).await.status(), 200);
}

#[tokio::test]
async fn each_bad_field_is_named_with_its_code_and_nothing_is_saved() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"email": "budi@", "password": PASSWORD, "accept_terms": true}),
            "email",
            "email_invalid",
        ),
        (
            json!({"email": "", "password": PASSWORD, "accept_terms": true}),
            "email",
            "email_empty",
        ),
        (
            json!({"email": "budi@example.com", "password": "short", "accept_terms": true}),
            "password",
            "password_too_short",
        ),
        (
            json!({"email": "budi@example.com", "password": "password123", "accept_terms": true}),
            "password",
            "password_too_common",
        ),
        (
            json!({"email": "budi@example.com", "password": "x".repeat(129), "accept_terms": true}),
            "password",
            "password_too_long",
        ),
        (
            json!({"email": "budi@example.com", "password": PASSWORD, "accept_terms": false}),
            "accept_terms",
            "terms_not_accepted",
        ),
    ];
    for (request, field, code) in cases {
        let response = app.post_json("/api/register", &request).await;
        assert_eq!(response.status(), 422, "{request}");
        assert_eq!(
            response.json::<Value>().await.unwrap(),
            json!({"code": code, "field": field})
        );
    }
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM accounts")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 0);
    let mail: i64 = sqlx::query("SELECT COUNT(*) FROM outbox")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(mail, 0);
}

#[tokio::test]
async fn malformed_bodies_get_the_error_body_not_plain_text() {
    let app = spawn_app().await;
    for raw in ["not json", "{\"email\": 5}", "{}"] {
        let response = app
            .client
            .post(app.url("/api/register"))
            .header("origin", &app.address)
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{raw}");
        assert_eq!(
            response.json::<Value>().await.unwrap()["code"],
            "bad_request"
        );
    }
    let huge = json!({"email": "a@b.co", "password": "p".repeat(40_000), "accept_terms": true});
    let response = app.post_json("/api/register", &huge).await;
    assert_eq!(response.status(), 413);
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "payload_too_large"
    );
}

#[tokio::test]
async fn a_known_address_gets_the_same_answer_and_its_owner_gets_a_notice() {
    let app = spawn_app().await;
    register(&app, "rina@example.com").await;
    let token = last_token(&app, "rina@example.com").await;
    verify(&app, &token).await;
    let (_, hash_before) = account(&app, "rina@example.com").await.unwrap();

    let new = register(&app, "someone.new@example.com").await;
    let known = app
        .post_json("/api/register", &json!({"email": "rina@example.com", "password": "another password entirely", "accept_terms": true, "lang": "en"}))
        .await;
    assert_eq!(new.status(), known.status());
    let (new, known): (Value, Value) = (new.json().await.unwrap(), known.json().await.unwrap());
    assert_eq!(new["resend_after"], known["resend_after"]);
    assert_eq!(known["sent_to"], "rina@example.com");

    let mails = mail_to(&app, "rina@example.com").await;
    assert_eq!(mails.last().unwrap().0, "already_registered");
    assert!(mails.last().unwrap().1.contains("/forgot"));
    // Nothing about the account changed.
    assert_eq!(
        account(&app, "rina@example.com").await.unwrap(),
        ("active".into(), hash_before)
    );

    // A second attempt within the hour does not flood the owner.
    app.clock.advance(Duration::from_secs(120));
    register(&app, "rina@example.com").await;
    let notices = mail_to(&app, "rina@example.com")
        .await
        .iter()
        .filter(|(t, _)| t == "already_registered")
        .count();
    assert_eq!(notices, 1);
}

#[tokio::test]
async fn a_known_address_costs_the_same_one_hash_as_a_new_one() {
    // The answer time is dominated by argon2; a shortcut for known
    // addresses would skip it. Counted rather than timed, so that a busy
    // machine cannot make this fail; `cargo xtask bench` measures the times.
    let app = spawn_app().await;
    register(&app, "known@example.com").await;
    for email in ["known@example.com", "fresh@example.com"] {
        app.clock.advance(Duration::from_secs(3600));
        let before = app.hasher.jobs_done();
        assert_eq!(register(&app, email).await.status(), 202);
        assert_eq!(app.hasher.jobs_done() - before, 1, "{email}");
    }
}

#[tokio::test]
async fn twenty_concurrent_registrations_of_one_address_create_one_account() {
    let app = spawn_app().await;
    let answers = app
        .post_all("/api/register", vec![body("race@example.com"); 20])
        .await;
    for a in answers {
        let status = a.status();
        // Under this burst the hashing pool may ask some to come back, and
        // the per-address limit stops the rest.
        assert!([202, 429, 503].contains(&status.as_u16()), "{status}");
    }
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM accounts WHERE email = 'race@example.com'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 1);
}

#[tokio::test]
async fn re_registering_an_unverified_address_lets_the_link_opened_decide_the_password() {
    let app = spawn_app().await;
    // Someone who does not own the address registers it first.
    app.post_json("/api/register", &json!({"email": "owner@example.com", "password": "attacker password 1", "accept_terms": true}))
        .await;
    app.clock.advance(Duration::from_secs(61));
    // The owner registers too, and opens the link from their own attempt.
    register(&app, "owner@example.com").await;
    let owners_token = last_token(&app, "owner@example.com").await;
    assert_eq!(verify(&app, &owners_token).await.status(), 200);
    let (_, hash) = account(&app, "owner@example.com").await.unwrap();
    let check = app.hasher.verify(PASSWORD, Some(&hash)).await.unwrap();
    assert!(check, "the owner's password is the account's password");
    // The earlier link is void now.
    let first = mail_to(&app, "owner@example.com").await;
    let (_, text) = &first[0];
    let start = text.find("#token=").unwrap() + 7;
    let attackers = &text[start..start + 64];
    assert_eq!(
        verify(&app, attackers).await.json::<Value>().await.unwrap()["code"],
        "token_used"
    );
}

#[tokio::test]
async fn resend_is_limited_per_address_with_a_cooldown_and_says_the_same_for_unknown_addresses() {
    let app = spawn_app().await;
    register(&app, "wait@example.com").await;
    let resend = |email: &'static str| {
        let app = &app;
        async move {
            app.post_json("/api/register/resend", &json!({"email": email}))
                .await
        }
    };

    // Right after registering, the cooldown runs.
    let early = resend("wait@example.com").await;
    assert_eq!(early.status(), 429);
    let retry = early.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse::<u32>()
        .unwrap();
    assert!((1..=60).contains(&retry));
    let early_unknown = resend("nobody@example.com").await;
    assert_eq!(
        early_unknown.status(),
        202,
        "the first ask for an unknown address is accepted too"
    );

    // Four more sends fit in the hour (five with the registration's).
    for _ in 0..4 {
        app.clock.advance(Duration::from_secs(61));
        assert_eq!(resend("wait@example.com").await.status(), 202);
        assert_eq!(resend("nobody@example.com").await.status(), 202);
    }
    app.clock.advance(Duration::from_secs(61));
    let known = resend("wait@example.com").await;
    assert_eq!(known.status(), 429);
    let unknown = resend("nobody@example.com").await;
    assert_eq!(
        unknown.status(),
        429,
        "the same limit for an unknown address"
    );
    assert_eq!(
        known.headers()["retry-after"],
        unknown.headers()["retry-after"]
    );

    let verify_mails = mail_to(&app, "wait@example.com").await.len();
    assert_eq!(verify_mails, 5);
    assert!(mail_to(&app, "nobody@example.com").await.is_empty());

    // After the hour, sending works again.
    app.clock.advance(Duration::from_secs(3600));
    assert_eq!(resend("wait@example.com").await.status(), 202);
}

#[tokio::test]
async fn a_verified_account_gets_no_more_verification_emails() {
    let app = spawn_app().await;
    register(&app, "done@example.com").await;
    verify(&app, &last_token(&app, "done@example.com").await).await;
    app.clock.advance(Duration::from_secs(61));
    assert_eq!(
        app.post_json(
            "/api/register/resend",
            &json!({"email": "done@example.com"})
        )
        .await
        .status(),
        202
    );
    assert_eq!(mail_to(&app, "done@example.com").await.len(), 1);
}

#[tokio::test]
async fn a_full_hashing_pool_answers_503_with_retry_after() {
    let app = spawn_app_with(|c| {
        c.hash_workers = Some(1);
        c.hash_queue = Some(1);
    })
    .await;
    let bodies = (0..12)
        .map(|i| body(&format!("wave{i}@example.com")))
        .collect();
    let mut busy = 0;
    for r in app.post_all("/api/register", bodies).await {
        let (status, retry) = (r.status(), r.headers().get("retry-after").cloned());
        let body = r.json::<Value>().await.unwrap();
        if status == 503 {
            busy += 1;
            assert_eq!(retry.unwrap(), "2");
            assert_eq!(body, json!({"code": "busy", "retry_after": 2}));
        } else {
            assert_eq!(status, 202);
        }
    }
    assert!(
        busy > 0,
        "a registration wave must meet a busy answer, not a pile-up"
    );
}

#[tokio::test]
async fn cross_site_registration_is_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/register"))
        .header("origin", "https://evil.example")
        .json(&body("victim@example.com"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(account(&app, "victim@example.com").await.is_none());
}

#[tokio::test]
async fn old_rate_limit_counters_are_purged_and_current_ones_kept() {
    let app = spawn_app().await;
    register(&app, "old@example.com").await;
    app.clock.advance(Duration::from_secs(2 * 24 * 3600));
    register(&app, "new@example.com").await;
    let before: i64 = sqlx::query("SELECT COUNT(*) FROM rate_limits")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    let purged = akun_api::limits::purge_expired(&app.db.pool, app.clock_now())
        .await
        .unwrap();
    let after: i64 = sqlx::query("SELECT COUNT(*) FROM rate_limits")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert!(purged > 0);
    assert_eq!(after, before - i64::try_from(purged).unwrap());
    // The new address's limits still hold.
    let early = app
        .post_json("/api/register/resend", &json!({"email": "new@example.com"}))
        .await;
    assert_eq!(early.status(), 429);
}

#[tokio::test]
async fn registering_never_waits_on_a_mail_server_that_hangs() {
    use tokio::io::AsyncReadExt;
    // A "mail server" that accepts connections and then never says a word.
    let tarpit = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = tarpit.local_addr().unwrap().port();
    let (held_tx, mut held) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = tarpit.accept().await {
            let held_tx = held_tx.clone();
            tokio::spawn(async move {
                held_tx.send(()).ok();
                let mut buf = [0u8; 64];
                while stream.read(&mut buf).await.map(|n| n > 0).unwrap_or(false) {}
            });
        }
    });
    let app = crate::helpers::spawn_app_with_worker(move |c| {
        c.smtp = Some(akun_api::config::SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            tls: akun_api::config::SmtpTls::None,
            username: None,
            password: None,
            from: "Prakerja <no-reply@prakerja.test>".into(),
        });
    })
    .await;
    assert_eq!(register(&app, "first@example.com").await.status(), 202);
    // The worker is now stuck talking to the silent server...
    held.recv()
        .await
        .expect("the worker connects to the mail server");
    // ...and registration still answers at once, with its email queued.
    assert_eq!(register(&app, "second@example.com").await.status(), 202);
    assert_eq!(mail_to(&app, "second@example.com").await.len(), 1);
    let pending: i64 = sqlx::query("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(pending, 2, "nothing was delivered, nothing was lost");
}

#[tokio::test]
async fn a_password_on_the_apis_long_common_list_is_refused_at_registration() {
    let app = spawn_app().await;
    // Not on the browser's short list, on the API's long one.
    for password in ["Jennifer1", "superman1", "qwerty12345"] {
        let r = app
            .post_json(
                "/api/register",
                &json!({"email": "budi@example.com", "password": password, "accept_terms": true}),
            )
            .await;
        assert_eq!(r.status(), 422, "{password}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            body,
            json!({"code": "password_too_common", "field": "password"}),
            "{password}"
        );
    }
    assert_eq!(
        sqlx::query("SELECT COUNT(*) FROM accounts")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get::<i64, _>(0),
        0
    );
}
