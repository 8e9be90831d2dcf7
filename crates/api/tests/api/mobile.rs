//! Beneficiaries, payout accounts and changing the mobile number.

use std::time::Duration;

use akun_api::account::beneficiaries::{ImportCounts, import, programme_year};
use akun_api::config::DEV_SECRET_KEY;
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, spawn_app};
use crate::profile::{
    PASSWORD, body, count, get, identity, last_code, post, residents, signed_in, verify,
};

const OLD: &str = "+6281234567890";
const OLD_NATIONAL: &str = "081234567890";
const OLD_MASKED: &str = "+62 812****7890";
pub(crate) const NEW: &str = "+6285712345678";
const NEW_NATIONAL: &str = "0857-1234-5678";
const NEW_MASKED: &str = "+62 857****5678";

/// A signed-in account with a password, its identity complete with
/// resident `index` and `phone` verified. Returns its id and cookie.
async fn ready(app: &TestApp, email: &str, index: usize, phone: &str) -> (i64, String) {
    let hash = app.hasher.hash(PASSWORD).await.unwrap();
    let (id, cookie) = signed_in(app, email, &hash).await;
    let r = post(
        app,
        "/api/profile/identity",
        &cookie,
        &identity(&residents()[index], phone),
    )
    .await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let e164 = akun_core::PhoneNumber::parse(phone).unwrap();
    let code = last_code(app, e164.as_e164()).await;
    assert_eq!(verify(app, &cookie, &code).await.status(), 200);
    (id, cookie)
}

async fn make_beneficiary(app: &TestApp, email: &str) {
    let now = app.clock_now();
    import(
        &app.db.pool,
        now,
        programme_year(now),
        "import",
        &format!("{email}\n"),
    )
    .await
    .unwrap();
}

/// A beneficiary of this year, ready to change the number `OLD`.
async fn beneficiary(app: &TestApp, email: &str) -> (i64, String) {
    let account = ready(app, email, 0, OLD_NATIONAL).await;
    make_beneficiary(app, email).await;
    account
}

async fn change(app: &TestApp, cookie: &str, phone: &str) -> reqwest::Response {
    post(
        app,
        "/api/profile/phone/change",
        cookie,
        &json!({"phone": phone}),
    )
    .await
}

pub(crate) async fn change_code(app: &TestApp, cookie: &str, code: &str) -> reqwest::Response {
    post(
        app,
        "/api/profile/phone/change/verify",
        cookie,
        &json!({"code": code}),
    )
    .await
}

/// A beneficiary whose change to `NEW` has started: its first code is
/// sent. Returns the cookie.
pub(crate) async fn changing(app: &TestApp, email: &str) -> String {
    let (_, cookie) = beneficiary(app, email).await;
    assert_eq!(change(app, &cookie, NEW_NATIONAL).await.status(), 200);
    cookie
}

async fn link(app: &TestApp, cookie: &str, body: Value) -> reqwest::Response {
    post(app, "/api/payout/link", cookie, &body).await
}

async fn unlink(app: &TestApp, cookie: &str) -> reqwest::Response {
    post(app, "/api/payout/unlink", cookie, &json!({})).await
}

fn gopay(number: &str) -> Value {
    json!({"kind": "ewallet", "provider": "gopay", "number": number})
}

/// The newest message of `template`: recipient and text.
async fn last_message(app: &TestApp, template: &str) -> (String, String) {
    let row =
        sqlx::query("SELECT recipient, body_text FROM outbox WHERE template = $1 ORDER BY id DESC")
            .bind(template)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    (row.get(0), row.get(1))
}

async fn events(app: &TestApp, account_id: i64) -> Vec<(String, String, String)> {
    sqlx::query("SELECT kind, actor, detail FROM account_events WHERE account_id = $1 ORDER BY id")
        .bind(account_id)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[tokio::test]
async fn only_this_years_beneficiaries_may_change_the_number() {
    let app = spawn_app().await;
    let (account_id, cookie) = ready(&app, "budi@example.com", 0, OLD_NATIONAL).await;
    let me = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(me["beneficiary_this_year"], false);
    let r = change(&app, &cookie, NEW_NATIONAL).await;
    assert_eq!(r.status(), 403);
    assert_eq!(body(r).await, json!({"code": "not_beneficiary"}));
    // Last year's status does not count.
    let now = app.clock_now();
    sqlx::query(
        "INSERT INTO beneficiaries (account_id, year, set_at, set_by) VALUES ($1, $2, $3, 'staff')",
    )
    .bind(account_id)
    .bind(programme_year(now) - 1)
    .bind(now)
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(change(&app, &cookie, NEW_NATIONAL).await.status(), 403);
    make_beneficiary(&app, "budi@example.com").await;
    let me = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(me["beneficiary_this_year"], true);
    let r = change(&app, &cookie, NEW_NATIONAL).await;
    assert_eq!(r.status(), 200);
    let status = body(r).await;
    assert_eq!(status["sent_to"], NEW_MASKED);
    assert_eq!(status["verified"], false);
    assert_eq!(status["code_expires_in"], 300);
    // The code went to the new number; the old one stays in use.
    last_code(&app, NEW).await;
    let me = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(me["phone_masked"], OLD_MASKED);
    assert_eq!(me["phone_verified"], true);
}

#[tokio::test]
async fn a_linked_payout_account_blocks_the_change_until_unlinked() {
    let app = spawn_app().await;
    let (account_id, cookie) = beneficiary(&app, "budi@example.com").await;
    let r = get(&app, "/api/payout", &cookie).await;
    assert_eq!(body(r).await, json!({"linked": null}));
    let r = link(&app, &cookie, gopay(OLD_NATIONAL)).await;
    assert_eq!(r.status(), 200);
    let linked = body(r).await;
    assert_eq!(linked["linked"]["kind"], "ewallet");
    assert_eq!(linked["linked"]["provider"], "gopay");
    assert_eq!(linked["linked"]["masked_number"], OLD_MASKED);
    assert_eq!(linked["linked"]["linked_at"], app.clock_now());
    assert_eq!(body(get(&app, "/api/payout", &cookie).await).await, linked);

    let r = change(&app, &cookie, NEW_NATIONAL).await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await, json!({"code": "payout_linked"}));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE recipient = '+6285712345678'"
        )
        .await,
        0
    );
    assert_eq!(unlink(&app, &cookie).await.status(), 204);
    let r = unlink(&app, &cookie).await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await, json!({"code": "payout_not_linked"}));
    assert_eq!(
        body(get(&app, "/api/payout", &cookie).await).await,
        json!({"linked": null})
    );
    assert_eq!(change(&app, &cookie, NEW_NATIONAL).await.status(), 200);
    let history = events(&app, account_id).await;
    assert_eq!(
        history,
        vec![
            (
                "payout_linked".into(),
                "self".into(),
                format!("gopay {OLD_MASKED}")
            ),
            (
                "payout_unlinked".into(),
                "self".into(),
                format!("gopay {OLD_MASKED}")
            ),
        ]
    );
}

#[tokio::test]
async fn the_current_number_and_a_taken_number_are_refused() {
    let app = spawn_app().await;
    let (_, cookie) = beneficiary(&app, "budi@example.com").await;
    ready(&app, "siti@example.com", 1, NEW_NATIONAL).await;
    let r = change(&app, &cookie, "+62 812 3456 7890").await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        body(r).await,
        json!({"code": "phone_same", "field": "phone"})
    );
    let r = change(&app, &cookie, NEW_NATIONAL).await;
    assert_eq!(r.status(), 409);
    assert_eq!(
        body(r).await,
        json!({"code": "phone_taken", "field": "phone"})
    );
    let r = change(&app, &cookie, "0215551234").await;
    assert_eq!(
        body(r).await,
        json!({"code": "phone_not_mobile", "field": "phone"})
    );
    let r = change(&app, &cookie, "08123").await;
    assert_eq!(
        body(r).await,
        json!({"code": "phone_format", "field": "phone"})
    );
    // Nothing was sent and nothing is pending.
    let r = get(&app, "/api/profile/phone/change/status", &cookie).await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await, json!({"code": "phone_change_not_started"}));
}

#[tokio::test]
async fn the_change_needs_a_login_of_the_last_ten_minutes_or_the_password() {
    let app = spawn_app().await;
    let (_, cookie) = beneficiary(&app, "budi@example.com").await;
    app.clock.advance(Duration::from_secs(10 * 60 + 1));
    let r = change(&app, &cookie, NEW_NATIONAL).await;
    assert_eq!(r.status(), 403);
    assert_eq!(body(r).await, json!({"code": "reauth_required"}));

    let r = post(&app, "/api/reauth", &cookie, &json!({"password": "not it"})).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        body(r).await,
        json!({"code": "password_wrong", "field": "password"})
    );
    let key = format!(
        "login-fail:{}",
        akun_api::tokens::keyed(DEV_SECRET_KEY, "login-fail", "budi@example.com")
    );
    let failures: i64 = sqlx::query("SELECT count FROM rate_limits WHERE key = $1")
        .bind(&key)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(failures, 1);
    assert_eq!(change(&app, &cookie, NEW_NATIONAL).await.status(), 403);

    let r = post(&app, "/api/reauth", &cookie, &json!({"password": PASSWORD})).await;
    assert_eq!(r.status(), 204);
    // The session goes on under a new value.
    let cookie = crate::login::session_cookie(&r);
    app.clock.advance(Duration::from_secs(9 * 60));
    assert_eq!(change(&app, &cookie, NEW_NATIONAL).await.status(), 200);
    app.clock.advance(Duration::from_secs(2 * 60));
    let r = change(&app, &cookie, NEW_NATIONAL).await;
    assert_eq!(body(r).await, json!({"code": "reauth_required"}));
    // At the login's limit, the password is refused like a login.
    sqlx::query("UPDATE rate_limits SET count = 100 WHERE key = $1")
        .bind(&key)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = post(&app, "/api/reauth", &cookie, &json!({"password": PASSWORD})).await;
    assert_eq!(r.status(), 429);
}

#[tokio::test]
async fn the_new_numbers_code_follows_the_code_rules() {
    let app = spawn_app().await;
    let (_, cookie) = beneficiary(&app, "budi@example.com").await;
    assert_eq!(change(&app, &cookie, NEW_NATIONAL).await.status(), 200);
    let code = last_code(&app, NEW).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = change_code(&app, &cookie, wrong).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        body(r).await,
        json!({"code": "otp_wrong", "field": "code", "left": 4})
    );
    // The first verification's endpoint knows nothing of this code.
    let r = verify(&app, &cookie, &code).await;
    assert_eq!(body(r).await, json!({"code": "phone_already_verified"}));
    // Five minutes.
    app.clock.advance(Duration::from_secs(300));
    let r = change_code(&app, &cookie, &code).await;
    assert_eq!(r.status(), 410);
    assert_eq!(body(r).await, json!({"code": "otp_expired"}));
    // A new code; the start was the first.
    let r = post(
        &app,
        "/api/profile/phone/change/code/new",
        &cookie,
        &json!({}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let status = body(r).await;
    assert_eq!(status["new_codes_left"], 4);
    assert_eq!(status["code_expires_in"], 300);
    assert_eq!(status["sent_to"], NEW_MASKED);
    // The five tries of each code are tested for every kind of code in
    // codes.rs.
    let r = post(
        &app,
        "/api/profile/phone/change/code/new",
        &cookie,
        &json!({}),
    )
    .await;
    assert_eq!(body(r).await["new_codes_left"], 3);
    let code = last_code(&app, NEW).await;
    let r = change_code(&app, &cookie, &code).await;
    assert_eq!(r.status(), 200);
    assert_eq!(body(r).await, json!({"phone_masked": NEW_MASKED}));
    // Spent: a replay finds no change waiting.
    let r = change_code(&app, &cookie, &code).await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await, json!({"code": "phone_change_not_started"}));
    let r = post(
        &app,
        "/api/profile/phone/change/code/new",
        &cookie,
        &json!({}),
    )
    .await;
    assert_eq!(body(r).await, json!({"code": "phone_change_not_started"}));
}

#[tokio::test]
async fn five_new_codes_for_a_new_number_then_a_two_hour_wait() {
    let app = spawn_app().await;
    let (_, cookie) = beneficiary(&app, "budi@example.com").await;
    assert_eq!(change(&app, &cookie, NEW_NATIONAL).await.status(), 200);
    for left in [4, 3, 2, 1, 0] {
        let r = post(
            &app,
            "/api/profile/phone/change/code/new",
            &cookie,
            &json!({}),
        )
        .await;
        assert_eq!(body(r).await["new_codes_left"], left);
    }
    let r = post(
        &app,
        "/api/profile/phone/change/code/new",
        &cookie,
        &json!({}),
    )
    .await;
    assert_eq!(r.status(), 429);
    assert_eq!(body(r).await["code"], "codes_locked");
    // Starting again with another number is no way around the wait.
    let r = change(&app, &cookie, "081398765432").await;
    assert_eq!(r.status(), 429);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE recipient = '+6285712345678'"
        )
        .await,
        6
    );
}

#[tokio::test]
async fn the_change_notifies_the_old_number_and_the_email_and_the_wallet_is_relinked() {
    let app = spawn_app().await;
    let (account_id, cookie) = beneficiary(&app, "budi@example.com").await;
    assert_eq!(link(&app, &cookie, gopay(OLD_NATIONAL)).await.status(), 200);
    assert_eq!(unlink(&app, &cookie).await.status(), 204);
    assert_eq!(change(&app, &cookie, NEW_NATIONAL).await.status(), 200);
    let code = last_code(&app, NEW).await;
    assert_eq!(change_code(&app, &cookie, &code).await.status(), 200);

    let misuse = format!("{}/misuse", app.address);
    let (to, text) = last_message(&app, "phone_changed_sms").await;
    assert_eq!(to, OLD);
    assert!(text.contains(&misuse), "{text}");
    let (to, text) = last_message(&app, "phone_changed").await;
    assert_eq!(to, "budi@example.com");
    assert!(
        text.contains(&misuse) && text.contains(NEW_MASKED) && text.contains("WIB"),
        "{text}"
    );
    let me = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(me["phone_masked"], NEW_MASKED);
    assert_eq!(me["phone_verified"], true);
    let status = body(get(&app, "/api/profile/phone/status", &cookie).await).await;
    assert_eq!(status["verified"], true);
    assert_eq!(status["sent_to"], NEW_MASKED);

    // The wallet on the old number no longer fits; on the new one it does.
    let r = link(&app, &cookie, gopay(OLD_NATIONAL)).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        body(r).await,
        json!({"code": "payout_number_mismatch", "field": "number"})
    );
    let r = link(&app, &cookie, gopay(NEW)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(body(r).await["linked"]["masked_number"], NEW_MASKED);
    let history = events(&app, account_id).await;
    let kinds: Vec<&str> = history.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "payout_linked",
            "payout_unlinked",
            "phone_changed",
            "payout_linked"
        ]
    );
    assert_eq!(history[2].2, format!("{OLD_MASKED} -> {NEW_MASKED}"));
    assert_eq!(history[3].2, format!("gopay {NEW_MASKED} (relinked)"));
    // The old number is free for another account.
    let (_, other) = ready(&app, "siti@example.com", 1, OLD_NATIONAL).await;
    assert_eq!(get(&app, "/api/me", &other).await.status(), 200);
}

#[tokio::test]
async fn a_bni_account_needs_ten_digits_and_the_registry_name() {
    let app = spawn_app().await;
    let (_, cookie) = ready(&app, "budi@example.com", 0, OLD_NATIONAL).await;
    let name = residents()[0].name.clone();
    let bni = |number: &str, holder: &str| json!({"kind": "bni", "account_number": number, "holder_name": holder});
    let r = link(&app, &cookie, bni("123456789", &name)).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        body(r).await,
        json!({"code": "payout_account_format", "field": "account_number"})
    );
    let r = link(&app, &cookie, bni("1234567890", "SOMEONE ELSE")).await;
    assert_eq!(
        body(r).await,
        json!({"code": "payout_holder_mismatch", "field": "holder_name"})
    );
    let typed = format!("  {}  ", name.to_lowercase().replace(' ', "   "));
    let r = link(&app, &cookie, bni("1234567890", &typed)).await;
    assert_eq!(r.status(), 200, "{typed}");
    let linked = body(r).await["linked"].clone();
    assert_eq!(linked["kind"], "bni");
    assert_eq!(linked["masked_number"], "******7890");
    assert!(linked.get("provider").is_none());
    let r = link(&app, &cookie, gopay(OLD_NATIONAL)).await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await, json!({"code": "payout_already_linked"}));
    let r = link(
        &app,
        &cookie,
        json!({"kind": "ewallet", "provider": "paypal", "number": OLD}),
    )
    .await;
    assert_eq!(r.status(), 400);

    // Linking needs a complete identity and a verified number.
    let (_, bare) = signed_in(&app, "bare@example.com", "x").await;
    let r = link(&app, &bare, gopay(OLD_NATIONAL)).await;
    assert_eq!(body(r).await, json!({"code": "identity_incomplete"}));
    let r = post(
        &app,
        "/api/profile/identity",
        &bare,
        &identity(&residents()[2], "081311112222"),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = link(&app, &bare, gopay("081311112222")).await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await, json!({"code": "phone_not_verified"}));
}

#[tokio::test]
async fn the_beneficiary_import_is_idempotent() {
    let app = spawn_app().await;
    signed_in(&app, "budi@example.com", "x").await;
    let (siti, _) = signed_in(&app, "siti@example.com", "x").await;
    let file = "budi@example.com\n\n# from the programme office\n  SITI@example.com \nnobody@example.com\nnot an address\n";
    let now = app.clock_now();
    let first = import(&app.db.pool, now, 2026, "import", file)
        .await
        .unwrap();
    assert_eq!(
        first,
        ImportCounts {
            added: 2,
            already: 0,
            unknown: 1,
            invalid: 1
        }
    );
    app.clock.advance(Duration::from_secs(60));
    let second = import(&app.db.pool, app.clock_now(), 2026, "import", file)
        .await
        .unwrap();
    assert_eq!(
        second,
        ImportCounts {
            added: 0,
            already: 2,
            unknown: 1,
            invalid: 1
        }
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM beneficiaries").await, 2);
    let row = sqlx::query("SELECT year, set_at, set_by FROM beneficiaries WHERE account_id = $1")
        .bind(siti)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<i64, _>(0), 2026);
    assert_eq!(row.get::<i64, _>(1), now);
    assert_eq!(row.get::<String, _>(2), "import");
    // Another year is another status.
    let other = import(&app.db.pool, now, 2027, "import", file)
        .await
        .unwrap();
    assert_eq!(other.added, 2);
}

#[tokio::test]
async fn the_new_endpoints_need_a_session_and_are_documented() {
    let app = spawn_app().await;
    for path in [
        "/api/reauth",
        "/api/payout/link",
        "/api/payout/unlink",
        "/api/profile/phone/change",
        "/api/profile/phone/change/verify",
        "/api/profile/phone/change/code/new",
    ] {
        let r = app.post_json(path, &json!({})).await;
        assert_eq!(r.status(), 401, "{path}");
    }
    for path in ["/api/payout", "/api/profile/phone/change/status"] {
        assert_eq!(app.get(path).await.status(), 401, "{path}");
    }
    let doc: Value = body(app.get("/api/openapi.json").await).await;
    for (path, method) in [
        ("/api/reauth", "post"),
        ("/api/payout", "get"),
        ("/api/payout/link", "post"),
        ("/api/payout/unlink", "post"),
        ("/api/profile/phone/change", "post"),
        ("/api/profile/phone/change/status", "get"),
        ("/api/profile/phone/change/verify", "post"),
        ("/api/profile/phone/change/code/new", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}
