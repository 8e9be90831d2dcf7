//! The attack suite: what an attacker would send, and what they must not
//! learn or get. Each test is a sequence of requests from the security
//! review (issue 13), on SQLite and on PostgreSQL.

use std::time::Duration;

use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::login::{ANDROID, active_account, log_in, password_step, session_cookie};
use crate::profile::{
    PASSWORD, account_of, body, count, get, identity, post, residents, signed_in, with_identity,
};

/// What an answer shows an attacker: status, body and the headers a
/// client can read that could differ (not `date`).
async fn seen(r: reqwest::Response) -> (u16, Option<String>, String) {
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, retry, r.text().await.unwrap())
}

fn register_body(email: &str) -> Value {
    json!({"email": email, "password": PASSWORD, "accept_terms": true})
}

/// An account that registered and never opened its link.
async fn waiting_account(app: &TestApp, email: &str) {
    let r = app.post_json("/api/register", &register_body(email)).await;
    assert_eq!(r.status(), 202);
}

// Enumeration.

#[tokio::test]
async fn registering_then_asking_again_answers_alike_for_every_kind_of_address() {
    let app = spawn_app().await;
    active_account(&app, "active@contoh.com").await;
    waiting_account(&app, "waiting@contoh.com").await;
    app.clock.advance(Duration::from_secs(3600));
    let mut seen_by_kind = Vec::new();
    for email in [
        "active@contoh.com",
        "waiting@contoh.com",
        "nobody@contoh.com",
    ] {
        let jobs = app.hasher.jobs_done();
        let mut first = seen(app.post_json("/api/register", &register_body(email)).await).await;
        // The answer names the address it was given, and nothing more.
        first.2 = first.2.replace(email, "ADDRESS");
        assert_eq!(app.hasher.jobs_done() - jobs, 1, "one hash for {email}");
        let again = seen(
            app.post_json("/api/register/resend", &json!({"email": email}))
                .await,
        )
        .await;
        seen_by_kind.push((first, again));
    }
    assert_eq!(seen_by_kind[0], seen_by_kind[1]);
    assert_eq!(seen_by_kind[1], seen_by_kind[2]);
    // The resend right after is refused for all three by the same cooldown.
    assert_eq!(seen_by_kind[0].1.0, 429);
    assert_eq!(seen_by_kind[0].1.1.as_deref(), Some("60"));
}

#[tokio::test]
async fn a_resend_answers_alike_for_every_kind_of_address() {
    let app = spawn_app().await;
    active_account(&app, "active@contoh.com").await;
    waiting_account(&app, "waiting@contoh.com").await;
    app.clock.advance(Duration::from_secs(3600));
    let mut answers = Vec::new();
    for email in [
        "active@contoh.com",
        "waiting@contoh.com",
        "nobody@contoh.com",
    ] {
        answers.push(
            seen(
                app.post_json("/api/register/resend", &json!({"email": email}))
                    .await,
            )
            .await,
        );
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[1], answers[2]);
    assert_eq!(answers[0].0, 202);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_answer_alike_at_login() {
    let app = spawn_app().await;
    active_account(&app, "budi@contoh.com").await;
    let mut answers = Vec::new();
    for (email, password) in [
        ("budi@contoh.com", "not the password at all"),
        ("nobody@contoh.com", "not the password at all"),
    ] {
        let jobs = app.hasher.jobs_done();
        answers.push(seen(password_step(&app, email, password, ANDROID).await).await);
        assert_eq!(app.hasher.jobs_done() - jobs, 1);
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, 401);
}

#[tokio::test]
async fn forgot_password_answers_alike_for_known_and_unknown_identifiers() {
    let app = spawn_app().await;
    active_account(&app, "budi@contoh.com").await;
    let mut answers = Vec::new();
    for email in ["budi@contoh.com", "nobody@contoh.com"] {
        answers.push(
            seen(
                app.post_json(
                    "/api/password/forgot",
                    &json!({"way": "email", "email": email, "lang": "id"}),
                )
                .await,
            )
            .await,
        );
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, 202);
}

#[tokio::test]
async fn the_identity_form_tells_nothing_about_other_peoples_niks_and_numbers() {
    let app = spawn_app().await;
    let people = residents();
    let owner = &people[0];
    let other_index = people.iter().position(|p| p.kk != owner.kk).unwrap();
    let other = &people[other_index];
    // Someone else's account holds `other`'s NIK and the number 0812...
    with_identity(&app, "other@contoh.com", other_index, "081299990001").await;
    let (_, cookie) = signed_in(&app, "probe@contoh.com", "x").await;
    let unknown = json!({"nik": "3201011708900099", "kk": owner.kk.as_str(), "date_of_birth": "17/08/1990", "phone": "081299990002"});
    let mut wrong_kk = identity(owner, "081299990002");
    wrong_kk["kk"] = json!(other.kk.as_str());
    let taken = identity(other, "081299990002");
    // A NIK that does not exist, a KK that is not its own, a NIK with an
    // account: one answer, and the number is never checked for them.
    let mut answers = Vec::new();
    for attempt in [unknown, wrong_kk, taken.clone()] {
        answers.push(seen(post(&app, "/api/profile/identity", &cookie, &attempt).await).await);
    }
    for answer in &answers {
        assert_eq!(answer.0, 422, "{}", answer.2);
        assert_eq!(answer.2, answers[0].2);
    }
    assert_eq!(
        serde_json::from_str::<Value>(&answers[0].2).unwrap()["code"],
        "identity_mismatch"
    );
    // Someone else's verified number with a NIK that is not real: still
    // the mismatch, never `phone_taken`.
    let mut probe = identity(other, "081299990001");
    probe["nik"] = json!(format!("{}9999", &other.nik.as_str()[..12]));
    let r = post(&app, "/api/profile/identity", &cookie, &probe).await;
    assert_eq!(body(r).await["code"], "identity_mismatch");
}

// Brute force.

#[tokio::test]
async fn thirty_concurrent_guesses_of_a_login_code_get_five_tries() {
    let app = spawn_app().await;
    active_account(&app, "budi@contoh.com").await;
    let r = password_step(&app, "budi@contoh.com", PASSWORD, ANDROID).await;
    let attempt = body(r).await["attempt"].as_str().unwrap().to_owned();
    let guesses: Vec<Value> = (0..30)
        .map(|i| json!({"attempt": attempt, "code": format!("{:06}", 100_000 + i)}))
        .collect();
    let answers = app.post_all("/api/login/code", guesses).await;
    let mut wrong = 0;
    for r in answers {
        let code = body(r).await["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if code == "otp_wrong" {
            wrong += 1;
        } else {
            assert!(
                matches!(code.as_str(), "otp_dead" | "otp_expired"),
                "{code}"
            );
        }
    }
    assert!(wrong <= 5, "{wrong} guesses were checked");
}

#[tokio::test]
async fn guessed_reset_links_open_nothing() {
    let app = spawn_app().await;
    active_account(&app, "budi@contoh.com").await;
    for _ in 0..20 {
        let (guess, _) = akun_api::tokens::new_token();
        let r = app
            .post_json("/api/password/reset/check", &json!({"token": guess}))
            .await;
        assert_eq!(body(r).await["code"], "token_invalid");
    }
}

// CSRF.

#[tokio::test]
async fn cross_site_and_cookie_carrying_requests_without_an_origin_are_refused() {
    let app = spawn_app().await;
    let (_, cookie) = signed_in(&app, "budi@contoh.com", "x").await;
    let send = |origin: Option<&'static str>, cookie: Option<String>, json: bool| {
        let mut req = app.client.post(app.url("/api/logout"));
        if let Some(origin) = origin {
            req = req.header("origin", origin);
        }
        if let Some(cookie) = cookie {
            req = req.header("cookie", cookie);
        }
        if json {
            req = req.header("content-type", "application/json");
        }
        req.send()
    };
    for origin in ["https://evil.example", "null"] {
        let r = send(Some(origin), Some(cookie.clone()), true)
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "origin {origin}");
    }
    // No Origin and no Sec-Fetch-Site, but the cookie: an old browser's
    // forged request.
    let r = send(None, Some(cookie.clone()), true).await.unwrap();
    assert_eq!(r.status(), 403);
    // The same origin, but not saying JSON: a cross-site HTML form could
    // send this.
    let origin: &'static str = Box::leak(app.address.clone().into_boxed_str());
    let r = send(Some(origin), Some(cookie.clone()), false)
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The cookie still works.
    assert_eq!(get(&app, "/api/me", &cookie).await.status(), 200);
    // A client that is no browser, without a cookie, is not a CSRF risk.
    let r = send(None, None, true).await.unwrap();
    assert_eq!(r.status(), 204);
}

#[tokio::test]
async fn the_report_forms_photo_types_pass_only_from_the_same_origin() {
    let app = spawn_app().await;
    let mut browser = crate::reports::Browser::new(&app);
    browser.open().await;
    let draft = browser.draft.clone().unwrap();
    let photo = crate::storage::jpeg(64, 48);
    let put = |origin: Option<&str>, site: Option<&str>, cookie: bool, content_type: &str| {
        let mut req = app
            .client
            .put(app.url("/api/reports/draft/photos/ektp"))
            .header("content-type", content_type)
            .body(photo.clone());
        if let Some(origin) = origin {
            req = req.header("origin", origin);
        }
        if let Some(site) = site {
            req = req.header("sec-fetch-site", site);
        }
        if cookie {
            req = req.header("cookie", draft.clone());
        }
        req.send()
    };
    let own = app.address.as_str();
    for content_type in ["image/jpeg", "image/png", "image/webp", "IMAGE/JPEG; x=1"] {
        // Another site, with or without fetch metadata, with the cookie.
        for (origin, site) in [
            (Some("https://evil.example"), Some("cross-site")),
            (Some("https://evil.example"), None),
            (Some(own), Some("same-site")),
            (Some("null"), None),
        ] {
            let r = put(origin, site, true, content_type).await.unwrap();
            assert_eq!(r.status(), 403, "{content_type} from {origin:?} {site:?}");
        }
        // An old browser that sends the draft cookie but neither header.
        let r = put(None, None, true, content_type).await.unwrap();
        assert_eq!(
            r.status(),
            403,
            "{content_type} with the cookie and no headers"
        );
    }
    // The types a form or a simple request can send are refused even
    // from the same origin.
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "image/gif",
        "image/svg+xml",
        "application/octet-stream",
    ] {
        let r = put(Some(own), Some("same-origin"), true, content_type)
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{content_type}");
        assert_eq!(body(r).await["code"], "csrf_rejected");
    }
    // Nothing got in; the same origin does.
    assert!(crate::reports::ledger(&app).await.is_empty());
    let r = put(Some(own), Some("same-origin"), true, "image/jpeg")
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // The other report routes: the cookie without either header is
    // refused there too.
    for path in ["/api/reports", "/api/reports/draft", "/api/reports/status"] {
        let r = app
            .client
            .post(app.url(path))
            .header("cookie", draft.clone())
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{path} with the cookie and no headers");
    }
    // A client that is no browser, without a cookie, is no CSRF risk.
    let r = app
        .client
        .post(app.url("/api/reports/draft"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

// Sessions.

#[tokio::test]
async fn a_session_value_planted_before_login_is_never_used() {
    let app = spawn_app().await;
    active_account(&app, "budi@contoh.com").await;
    let planted = format!("akun_session={}", "ab".repeat(32));
    let r = password_step(&app, "budi@contoh.com", PASSWORD, ANDROID).await;
    let attempt = body(r).await["attempt"].as_str().unwrap().to_owned();
    let code = crate::login::last_code(&app, "budi@contoh.com").await;
    let r = app
        .client
        .post(app.url("/api/login/code"))
        .header("origin", &app.address)
        .header("cookie", &planted)
        .json(&json!({"attempt": attempt, "code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let issued = session_cookie(&r);
    assert_ne!(issued, planted);
    assert_eq!(get(&app, "/api/me", &planted).await.status(), 401);
    assert_eq!(get(&app, "/api/me", &issued).await.status(), 200);
}

#[tokio::test]
async fn entering_or_changing_the_password_replaces_the_session_value() {
    let app = spawn_app().await;
    active_account(&app, "budi@contoh.com").await;
    let first = log_in(&app, "budi@contoh.com", ANDROID).await;
    let r = post(&app, "/api/reauth", &first, &json!({"password": PASSWORD})).await;
    assert_eq!(r.status(), 204);
    let second = session_cookie(&r);
    assert_ne!(second, first);
    assert_eq!(get(&app, "/api/me", &first).await.status(), 401);
    assert_eq!(get(&app, "/api/me", &second).await.status(), 200);

    let r = post(
        &app,
        "/api/password/change",
        &second,
        &json!({"current_password": PASSWORD, "new_password": "teh manis hangat sore"}),
    )
    .await;
    assert_eq!(r.status(), 204);
    let third = session_cookie(&r);
    assert_ne!(third, second);
    assert_eq!(get(&app, "/api/me", &second).await.status(), 401);
    assert_eq!(get(&app, "/api/me", &third).await.status(), 200);
}

#[tokio::test]
async fn ending_every_other_session_needs_the_password() {
    let app = spawn_app().await;
    active_account(&app, "budi@contoh.com").await;
    let owner = log_in(&app, "budi@contoh.com", ANDROID).await;
    let thief = log_in(&app, "budi@contoh.com", ANDROID).await;
    let r = post(
        &app,
        "/api/sessions/end-others",
        &thief,
        &json!({"password": "a guess at it"}),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_eq!(body(r).await["code"], "password_wrong");
    assert_eq!(get(&app, "/api/me", &owner).await.status(), 200);
    let r = post(
        &app,
        "/api/sessions/end-others",
        &owner,
        &json!({"password": PASSWORD}),
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(get(&app, "/api/me", &thief).await.status(), 401);
}

#[tokio::test]
async fn one_account_can_neither_end_anothers_sessions_nor_touch_its_payout() {
    let app = spawn_app().await;
    let (_, alice) = signed_in(&app, "alice@contoh.com", "x").await;
    let (_, bob) = signed_in(&app, "bob@contoh.com", "x").await;
    let bobs: Value = body(get(&app, "/api/sessions", &bob).await).await;
    let handle = bobs[0]["id"].as_str().unwrap();
    let r = post(&app, "/api/sessions/end", &alice, &json!({"id": handle})).await;
    assert_eq!(r.status(), 404);
    assert_eq!(get(&app, "/api/me", &bob).await.status(), 200);
    // The payout routes take no account id: Alice's unlink is about her
    // own account only.
    let r = post(&app, "/api/payout/unlink", &alice, &json!(null)).await;
    assert_eq!(body(r).await["code"], "payout_not_linked");
}

// Blocked accounts.

#[tokio::test]
async fn a_blocked_account_is_signed_out_refused_everywhere_and_told_why_only_with_its_password() {
    let app = spawn_app().await;
    active_account(&app, "budi@contoh.com").await;
    let cookie = log_in(&app, "budi@contoh.com", ANDROID).await;
    let id = account_of(&app, "budi@contoh.com").await;
    akun_api::account::block::block(
        &app.state,
        id,
        akun_core::BlockReason::Fraud,
        false,
        "staff",
    )
    .await
    .unwrap();
    // Its session is gone, in the same transaction as the block.
    assert_eq!(get(&app, "/api/me", &cookie).await.status(), 401);
    // The wrong password tells nothing.
    let r = password_step(&app, "budi@contoh.com", "not the password at all", ANDROID).await;
    assert_eq!(body(r).await["code"], "login_failed");
    // The right one: why, and whether it is final.
    let r = password_step(&app, "budi@contoh.com", PASSWORD, ANDROID).await;
    assert_eq!(r.status(), 403);
    let refused = body(r).await;
    assert_eq!(refused["code"], "account_blocked");
    assert_eq!(
        refused["blocked"],
        json!({"reason": "fraud", "final": false})
    );
    // A session made behind the block's back is refused on every route.
    let planted = crate::profile::new_session(&app, id).await;
    for path in ["/api/me", "/api/sessions", "/api/payout"] {
        let r = get(&app, path, &planted).await;
        assert_eq!(r.status(), 403, "{path}");
        assert_eq!(body(r).await["code"], "account_blocked");
    }
    // The owner was told by email.
    let told = count(
        &app,
        "SELECT COUNT(*) FROM outbox WHERE recipient = 'budi@contoh.com' AND template = 'account_blocked'",
    )
    .await;
    assert_eq!(told, 1);
    // Unblocked, the account works again.
    akun_api::account::block::unblock(&app.state, id, "staff")
        .await
        .unwrap();
    assert_eq!(
        password_step(&app, "budi@contoh.com", PASSWORD, ANDROID)
            .await
            .status(),
        200
    );
}

// Lockouts.

/// The password step for budi@contoh.com, as if from `ip` behind the
/// trusted proxy.
async fn login_from(app: &TestApp, ip: &str, password: &str) -> reqwest::Response {
    let id = app.captcha("ab3de").await;
    app.client
        .post(app.url("/api/login"))
        .header("origin", &app.address)
        .header("x-forwarded-for", ip)
        .json(&json!({"email": "budi@contoh.com", "password": password, "captcha_id": id, "captcha_answer": "ab3de"}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_attackers_failed_passwords_do_not_lock_the_owner_out() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    active_account(&app, "budi@contoh.com").await;
    let attacker = "203.0.113.7";
    for _ in 0..11 {
        login_from(&app, attacker, "a wrong guess").await;
    }
    // The attacker is slowed down...
    let r = login_from(&app, attacker, "a wrong guess").await;
    assert_eq!(r.status(), 429);
    // ...but the owner, from elsewhere, gets their own try at once.
    let r = login_from(&app, "198.51.100.20", PASSWORD).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_password_reset_lifts_the_lockout_an_attacker_caused() {
    let app = spawn_app().await;
    active_account(&app, "budi@contoh.com").await;
    for _ in 0..11 {
        password_step(&app, "budi@contoh.com", "a wrong guess", ANDROID).await;
    }
    assert_eq!(
        password_step(&app, "budi@contoh.com", PASSWORD, ANDROID)
            .await
            .status(),
        429
    );
    let r = app
        .post_json(
            "/api/password/forgot",
            &json!({"way": "email", "email": "budi@contoh.com", "lang": "id"}),
        )
        .await;
    assert_eq!(r.status(), 202);
    akun_api::account::reset::process_pending(&app.state)
        .await
        .unwrap();
    let text: String =
        sqlx::query("SELECT body_text FROM outbox WHERE template = 'reset_link' ORDER BY id DESC")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get(0);
    let start = text.find("#token=").unwrap() + 7;
    let r = app
        .post_json(
            "/api/password/reset",
            &json!({"token": &text[start..start + 64], "new_password": "teh manis hangat sore"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let r = password_step(&app, "budi@contoh.com", "teh manis hangat sore", ANDROID).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
}

// The hashing pool.

#[tokio::test]
async fn a_flood_of_registrations_leaves_logins_working_and_over_limit_ones_cost_no_hash() {
    let app = spawn_app_with(|c| {
        c.hash_workers = Some(2);
        c.hash_queue = Some(4);
    })
    .await;
    active_account(&app, "budi@contoh.com").await;
    let flood: Vec<Value> = (0..96)
        .map(|i| register_body(&format!("flood{i}@contoh.com")))
        .collect();
    let (answers, login) = tokio::join!(app.post_all("/api/register", flood), async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        password_step(&app, "budi@contoh.com", PASSWORD, ANDROID).await
    });
    assert_eq!(login.status(), 200, "a login in the flood was refused");
    let busy = answers.iter().filter(|r| r.status() == 503).count();
    assert!(busy > 0, "the flood never filled the registration lane");
    assert!(
        answers
            .iter()
            .all(|r| matches!(r.status().as_u16(), 202 | 503))
    );

    // Over the per-address limit: refused before any hashing.
    app.clock.advance(Duration::from_secs(3600));
    for _ in 0..10 {
        app.post_json("/api/register", &register_body("again@contoh.com"))
            .await;
    }
    let jobs = app.hasher.jobs_done();
    let r = app
        .post_json("/api/register", &register_body("again@contoh.com"))
        .await;
    assert_eq!(r.status(), 429);
    assert_eq!(
        app.hasher.jobs_done(),
        jobs,
        "an over-limit request was hashed"
    );
}

// Payout.

#[tokio::test]
async fn a_payout_account_needs_a_recent_login_tells_the_owner_and_waits_before_it_is_paid() {
    let app = spawn_app().await;
    let cookie = with_identity(&app, "budi@contoh.com", 0, "081299990003").await;
    let id = account_of(&app, "budi@contoh.com").await;
    sqlx::query("UPDATE identities SET phone_verified = phone, phone_verified_at = $1 WHERE account_id = $2")
        .bind(app.clock_now())
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let wallet = json!({"kind": "ewallet", "provider": "gopay", "number": "081299990003"});
    // A session whose login is old, as a stolen one would be.
    app.clock.advance(Duration::from_secs(625));
    let r = post(&app, "/api/payout/link", &cookie, &wallet).await;
    assert_eq!(r.status(), 403);
    assert_eq!(body(r).await["code"], "reauth_required");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payout_accounts").await, 0);

    let (_, fresh) = signed_in(&app, "spare@contoh.com", "x").await;
    drop(fresh);
    let recent = crate::profile::new_session(&app, id).await;
    let r = post(&app, "/api/payout/link", &recent, &wallet).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let linked = body(r).await["linked"].clone();
    let hold = linked["usable_from"].as_i64().unwrap() - linked["linked_at"].as_i64().unwrap();
    assert_eq!(hold, 72 * 3_600_000);
    for template in ["payout_linked", "payout_linked_sms"] {
        let sent = count(
            &app,
            &format!("SELECT COUNT(*) FROM outbox WHERE template = '{template}'"),
        )
        .await;
        assert_eq!(sent, 1, "{template}");
    }
    let r = post(&app, "/api/payout/unlink", &recent, &json!(null)).await;
    assert_eq!(r.status(), 204);
    for template in ["payout_unlinked", "payout_unlinked_sms"] {
        let sent = count(
            &app,
            &format!("SELECT COUNT(*) FROM outbox WHERE template = '{template}'"),
        )
        .await;
        assert_eq!(sent, 1, "{template}");
    }
    // The name is never given whole: too little to copy into a form.
    let me = body(get(&app, "/api/me", &recent).await).await;
    let full = residents()[0].name.clone();
    assert!(me.get("name").is_none());
    assert_ne!(me["name_masked"].as_str().unwrap(), full);
    assert!(me["name_masked"].as_str().unwrap().contains('*') || !full.contains(' '));
}

// Headers.

#[tokio::test]
async fn documents_carry_a_content_security_policy() {
    let dist = std::env::temp_dir().join(format!("akun-csp-{}", rand::random::<u64>()));
    std::fs::create_dir_all(dist.join("account")).unwrap();
    let loader = "import init from '/akun.js';\nawait init();";
    std::fs::write(
        dist.join("index.html"),
        format!("<html><head><script type=\"module\">{loader}</script></head></html>"),
    )
    .unwrap();
    std::fs::write(dist.join("account/index.html"), "<html></html>").unwrap();
    let app = spawn_app_with(|c| c.spa_dir = Some(dist.clone())).await;
    let page = app.get("/login").await;
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(loader));
    assert!(policy.contains(&format!("'sha384-{hash}'")), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"));
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let api = app.get("/api/captcha").await;
    assert_eq!(
        api.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert!(page.headers().get("strict-transport-security").is_none());
}

// Captchas after many requests.

#[tokio::test]
async fn after_many_requests_from_one_network_registering_and_asking_need_a_captcha() {
    let app = spawn_app_with(|c| c.captcha_after = 20).await;
    for i in 0..20 {
        let r = app
            .post_json("/api/register", &register_body(&format!("p{i}@contoh.com")))
            .await;
        assert_eq!(r.status(), 202);
    }
    let r = app
        .post_json("/api/register", &register_body("p20@contoh.com"))
        .await;
    assert_eq!(r.status(), 428);
    assert_eq!(body(r).await["code"], "captcha_required");
    // The same gate for a new link and a forgotten password.
    let r = app
        .post_json("/api/register/resend", &json!({"email": "p1@contoh.com"}))
        .await;
    assert_eq!(body(r).await["code"], "captcha_required");
    let r = app
        .post_json(
            "/api/password/forgot",
            &json!({"way": "email", "email": "p1@contoh.com"}),
        )
        .await;
    assert_eq!(body(r).await["code"], "captcha_required");
    // A wrong answer spends the picture; a right one lets it through.
    let id = app.captcha("ab3de").await;
    let mut with = register_body("p20@contoh.com");
    with["captcha_id"] = json!(id);
    with["captcha_answer"] = json!("wrong");
    let r = app.post_json("/api/register", &with).await;
    assert_eq!(r.status(), 422);
    let refused = body(r).await;
    assert_eq!(
        (refused["code"].as_str(), refused["field"].as_str()),
        (Some("captcha_wrong"), Some("captcha"))
    );
    with["captcha_answer"] = json!("AB3DE");
    let r = app.post_json("/api/register", &with).await;
    assert_eq!(
        body(r).await["code"],
        "captcha_wrong",
        "a spent picture works no more"
    );
    with["captcha_id"] = json!(app.captcha("ab3de").await);
    let r = app.post_json("/api/register", &with).await;
    assert_eq!(r.status(), 202);
}
