//! Identity from the civil registry, phone verification, change password.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use akun_api::config::DEV_SECRET_KEY;
use akun_api::registry::{EMBEDDED_CSV, Resident, parse_csv};
use akun_core::{DateOfBirth, KkNumber, Nik, Sex};
use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, spawn_app, spawn_app_with, test_db_kind};

pub(crate) const PASSWORD: &str = "kopi tubruk pagi hari";
const NEW_PASSWORD: &str = "teh manis sore hari";
const ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";

pub(crate) fn residents() -> Vec<Resident> {
    parse_csv(EMBEDDED_CSV).unwrap()
}

/// The date of birth as a person types it.
fn dob(r: &Resident) -> String {
    r.date_of_birth.to_string()
}

pub(crate) fn identity(r: &Resident, phone: &str) -> Value {
    json!({
        "nik": r.nik.as_str(),
        "kk": r.kk.as_str(),
        "date_of_birth": dob(r),
        "phone": phone,
    })
}

/// An active account with a session, written straight into the database
/// (registration and login have their own tests). Returns its id and the
/// session's `Cookie` header.
pub(crate) async fn signed_in(app: &TestApp, email: &str, password_hash: &str) -> (i64, String) {
    let now = app.clock_now();
    let id: i64 = sqlx::query(
        "INSERT INTO accounts (email, password_hash, status, lang, created_at, verified_at)
         VALUES ($1, $2, 'active', 'id', $3, $3) RETURNING id",
    )
    .bind(email)
    .bind(password_hash)
    .bind(now)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get(0);
    (id, new_session(app, id).await)
}

pub(crate) async fn new_session(app: &TestApp, account_id: i64) -> String {
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

pub(crate) async fn post(
    app: &TestApp,
    path: &str,
    cookie: &str,
    body: &Value,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("origin", &app.address)
        .header("user-agent", ANDROID)
        .header("cookie", cookie)
        .json(body)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn get(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn body(r: reqwest::Response) -> Value {
    r.json().await.unwrap()
}

pub(crate) async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0)
}

/// The newest phone code sent to `phone` (E.164).
pub(crate) async fn last_code(app: &TestApp, phone: &str) -> String {
    let text: String = sqlx::query(
        "SELECT body_text FROM outbox WHERE recipient = $1 AND template = 'phone_code' ORDER BY id DESC",
    )
    .bind(phone)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get(0);
    let code: String = text.chars().take(6).collect();
    assert!(code.bytes().all(|b| b.is_ascii_digit()), "{text}");
    code
}

/// A signed-in account whose identity is complete with resident `index`
/// and the number `phone` (national form; stored as E.164).
pub(crate) async fn with_identity(app: &TestApp, email: &str, index: usize, phone: &str) -> String {
    let (_, cookie) = signed_in(app, email, "x").await;
    let r = post(
        app,
        "/api/profile/identity",
        &cookie,
        &identity(&residents()[index], phone),
    )
    .await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    cookie
}

pub(crate) async fn account_of(app: &TestApp, email: &str) -> i64 {
    sqlx::query("SELECT id FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0)
}

pub(crate) async fn verify(app: &TestApp, cookie: &str, code: &str) -> reqwest::Response {
    post(
        app,
        "/api/profile/phone/verify",
        cookie,
        &json!({"code": code}),
    )
    .await
}

pub(crate) async fn new_code(app: &TestApp, cookie: &str) -> reqwest::Response {
    post(app, "/api/profile/phone/code/new", cookie, &json!({})).await
}

async fn saved_identities(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM identities").await
}

#[tokio::test]
async fn every_resident_in_the_data_file_passes_the_validators() {
    let mut lines = EMBEDDED_CSV.lines();
    assert_eq!(
        lines.next(),
        Some("nik,kk,name,sex,date_of_birth,region_code")
    );
    let mut niks = std::collections::HashSet::new();
    let mut cards = std::collections::HashMap::<String, usize>::new();
    let mut rows = 0;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 6, "{line}");
        let nik = Nik::parse(f[0]).unwrap_or_else(|e| panic!("{line}: {e}"));
        let kk = KkNumber::parse(f[1]).unwrap_or_else(|e| panic!("{line}: {e}"));
        let born = DateOfBirth::parse_shape(f[4]).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(nik.agrees_with(&born), Ok(()), "{line}");
        let sex = match f[3] {
            "male" => Sex::Male,
            "female" => Sex::Female,
            other => panic!("{line}: sex {other}"),
        };
        assert_eq!(nik.sex(), sex, "{line}");
        assert_eq!(nik.region_code(), f[5], "{line}");
        assert!(!f[2].is_empty() && f[2] == f[2].to_uppercase(), "{line}");
        assert!(niks.insert(nik.as_str().to_owned()), "{line}: NIK twice");
        *cards.entry(kk.as_str().to_owned()).or_default() += 1;
        rows += 1;
    }
    assert!(rows >= 2000, "{rows} residents");
    assert!(cards.values().any(|n| *n > 1), "no family shares a KK");
    assert_eq!(residents().len(), rows);
}

#[tokio::test]
async fn a_resident_completes_the_identity_and_verifies_the_phone() {
    let app = spawn_app().await;
    let r0 = &residents()[0];
    let (_, cookie) = signed_in(&app, "budi@example.com", "x").await;

    let me: Value = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(me["identity_complete"], false);
    assert_eq!(me["phone_verified"], false);
    assert!(me.get("name").is_none() && me.get("nik_masked").is_none());
    let r = get(&app, "/api/profile/phone/status", &cookie).await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await["code"], "identity_incomplete");

    let r = post(
        &app,
        "/api/profile/identity",
        &cookie,
        &identity(r0, "0812-3456-7890"),
    )
    .await;
    assert_eq!(r.status(), 200);
    let status = body(r).await;
    assert_eq!(
        status,
        json!({"sent_to": "+62 812****7890", "verified": false, "code_expires_in": 300,
               "new_codes_left": 5, "delivery_failed": false})
    );

    let me: Value = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(me["identity_complete"], true);
    assert_eq!(me["first_name"], r0.name.split_whitespace().next().unwrap());
    assert_eq!(
        me["name_masked"],
        akun_api::account::identity::mask_name(&r0.name)
    );
    assert!(me.get("name").is_none(), "the whole name is never given");
    assert_eq!(me["nik_masked"], r0.nik.masked());
    assert_eq!(me["kk_masked"], r0.kk.masked());
    assert_eq!(me["date_of_birth"], dob(r0));
    assert_eq!(me["phone_masked"], "+62 812****7890");
    assert_eq!(me["phone_verified"], false);

    // The SMS is in the outbox, to the number in E.164, in the account's
    // language.
    let row = sqlx::query("SELECT channel, lang FROM outbox WHERE template = 'phone_code'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>(0), "sms");
    assert_eq!(row.get::<String, _>(1), "id");
    let code = last_code(&app, "+6281234567890").await;
    let r = verify(&app, &cookie, &code).await;
    assert_eq!(r.status(), 200);
    assert_eq!(body(r).await["verified"], true);
    let me: Value = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(me["phone_verified"], true);

    // The code is spent: sending it again changes nothing.
    let r = verify(&app, &cookie, &code).await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await["code"], "phone_already_verified");
    let r = new_code(&app, &cookie).await;
    assert_eq!(r.status(), 409);
    let status = body(get(&app, "/api/profile/phone/status", &cookie).await).await;
    assert_eq!(status["verified"], true);
}

#[tokio::test]
async fn each_field_is_checked_and_named() {
    let app = spawn_app().await;
    let r0 = &residents()[0];
    let (_, cookie) = signed_in(&app, "budi@example.com", "x").await;
    let good = identity(r0, "081234567890");
    let born = r0.date_of_birth;
    let other_day = if born.day() == 1 { 2 } else { 1 };
    let cases = [
        ("nik", "3201", "nik_format", "nik"),
        ("kk", "9901012505170003", "kk_region", "kk"),
        ("date_of_birth", "1990-08-17", "dob_format", "date_of_birth"),
        ("phone", "021 5555 1234", "phone_not_mobile", "phone"),
    ];
    for (key, value, code, field) in cases {
        let mut req = good.clone();
        req[key] = json!(value);
        let r = post(&app, "/api/profile/identity", &cookie, &req).await;
        assert_eq!(r.status(), 422, "{key}");
        assert_eq!(body(r).await, json!({"code": code, "field": field}));
    }
    // A real date that the NIK does not hold.
    let mut req = good.clone();
    req["date_of_birth"] = json!(format!(
        "{other_day:02}/{:02}/{}",
        born.month(),
        born.year()
    ));
    let r = post(&app, "/api/profile/identity", &cookie, &req).await;
    assert_eq!(
        body(r).await,
        json!({"code": "nik_dob_mismatch", "field": "date_of_birth"})
    );
    assert_eq!(saved_identities(&app).await, 0);
}

#[tokio::test]
async fn an_unknown_nik_or_another_kk_saves_nothing() {
    let app = spawn_app().await;
    let all = residents();
    let r0 = &all[0];
    let (_, cookie) = signed_in(&app, "budi@example.com", "x").await;

    // A well-formed NIK nobody holds: the next free serial for r0's date.
    let mut unknown = None;
    for serial in 1..9999 {
        let candidate = format!("{}{serial:04}", &r0.nik.as_str()[..12]);
        if all.iter().all(|r| r.nik.as_str() != candidate) {
            unknown = Some(candidate);
            break;
        }
    }
    let mut req = identity(r0, "081234567890");
    req["nik"] = json!(unknown.unwrap());
    let r = post(&app, "/api/profile/identity", &cookie, &req).await;
    assert_eq!(r.status(), 422);
    assert_eq!(body(r).await, json!({"code": "identity_mismatch"}));

    // Another family's card.
    let other = all.iter().find(|r| r.kk != r0.kk).unwrap();
    let mut req = identity(r0, "081234567890");
    req["kk"] = json!(other.kk.as_str());
    let r = post(&app, "/api/profile/identity", &cookie, &req).await;
    assert_eq!(r.status(), 422);
    assert_eq!(body(r).await, json!({"code": "identity_mismatch"}));

    assert_eq!(saved_identities(&app).await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE template = 'phone_code'"
        )
        .await,
        0
    );
    let me: Value = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(me["identity_complete"], false);
    // Still possible afterwards.
    let r = post(
        &app,
        "/api/profile/identity",
        &cookie,
        &identity(r0, "081234567890"),
    )
    .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn an_account_cannot_comb_the_registry() {
    let app = spawn_app().await;
    let all = residents();
    let (_, cookie) = signed_in(&app, "budi@example.com", "x").await;
    let other = all.iter().find(|r| r.kk != all[0].kk).unwrap();
    let mut req = identity(&all[0], "081234567890");
    req["kk"] = json!(other.kk.as_str());
    for _ in 0..10 {
        let r = post(&app, "/api/profile/identity", &cookie, &req).await;
        assert_eq!(r.status(), 422);
    }
    let r = post(&app, "/api/profile/identity", &cookie, &req).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_nik_belongs_to_one_account() {
    let app = spawn_app().await;
    let r0 = &residents()[0];
    with_identity(&app, "first@example.com", 0, "081111111111").await;
    let (_, cookie) = signed_in(&app, "second@example.com", "x").await;
    let r = post(
        &app,
        "/api/profile/identity",
        &cookie,
        &identity(r0, "082222222222"),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_eq!(body(r).await, json!({"code": "identity_mismatch"}));
    assert_eq!(saved_identities(&app).await, 1);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE template = 'phone_code'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn ten_accounts_completing_with_one_nik_at_once_give_one_winner() {
    let app = spawn_app().await;
    let r0 = &residents()[0];
    let mut cookies = Vec::new();
    for i in 0..10 {
        cookies.push(
            signed_in(&app, &format!("crowd{i}@example.com"), "x")
                .await
                .1,
        );
    }
    let tasks: Vec<_> = cookies
        .iter()
        .enumerate()
        .map(|(i, cookie)| {
            let request = app
                .client
                .post(app.url("/api/profile/identity"))
                .header("origin", &app.address)
                .header("cookie", cookie)
                .json(&identity(r0, &format!("08123456780{i}")));
            tokio::spawn(async move { request.send().await.unwrap() })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        let r = t.await.unwrap();
        let status = r.status().as_u16();
        let answer = body(r).await;
        if status == 422 {
            assert_eq!(answer, json!({"code": "identity_mismatch"}));
        }
        statuses.push(status);
    }
    statuses.sort();
    assert_eq!(statuses, [200, 422, 422, 422, 422, 422, 422, 422, 422, 422]);
    assert_eq!(saved_identities(&app).await, 1);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE template = 'phone_code'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn the_name_comes_from_the_registry_and_no_request_changes_it() {
    let app = spawn_app().await;
    let r0 = &residents()[0];
    let (_, cookie) = signed_in(&app, "budi@example.com", "x").await;
    let mut with_name = identity(r0, "081234567890");
    with_name["name"] = json!("SOMEONE ELSE");
    let r = post(&app, "/api/profile/identity", &cookie, &with_name).await;
    assert_eq!(r.status(), 400);
    assert_eq!(body(r).await["code"], "bad_request");
    assert_eq!(saved_identities(&app).await, 0);

    with_identity_cookie(&app, &cookie, r0).await;
    let r = post(&app, "/api/profile/identity", &cookie, &with_name).await;
    assert_eq!(r.status(), 400);
    let r = post(
        &app,
        "/api/profile/identity",
        &cookie,
        &identity(r0, "081234567890"),
    )
    .await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await, json!({"code": "identity_already_complete"}));
    // No route takes a name.
    for (method, path) in [
        (reqwest::Method::POST, "/api/me"),
        (reqwest::Method::PUT, "/api/me"),
        (reqwest::Method::PATCH, "/api/me"),
        (reqwest::Method::POST, "/api/profile"),
        (reqwest::Method::PUT, "/api/profile/identity"),
        (reqwest::Method::PATCH, "/api/profile/identity"),
        (reqwest::Method::POST, "/api/profile/name"),
    ] {
        let r = app
            .client
            .request(method.clone(), app.url(path))
            .header("origin", &app.address)
            .header("cookie", &cookie)
            .json(&json!({"name": "SOMEONE ELSE"}))
            .send()
            .await
            .unwrap();
        assert!(
            matches!(r.status().as_u16(), 404 | 405),
            "{method} {path}: {}",
            r.status()
        );
    }
    let me: Value = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(
        me["name_masked"],
        akun_api::account::identity::mask_name(&r0.name)
    );
}

async fn with_identity_cookie(app: &TestApp, cookie: &str, r: &Resident) {
    let answer = post(
        app,
        "/api/profile/identity",
        cookie,
        &identity(r, "081234567890"),
    )
    .await;
    assert_eq!(answer.status(), 200);
}

#[tokio::test]
async fn nik_and_kk_are_never_stored_in_clear() {
    let app = spawn_app().await;
    let r0 = &residents()[0];
    let (account_id, cookie) = signed_in(&app, "budi@example.com", "x").await;
    with_identity_cookie(&app, &cookie, r0).await;
    let code = last_code(&app, "+6281234567890").await;
    assert_eq!(verify(&app, &cookie, &code).await.status(), 200);

    let stored = sqlx::query("SELECT nik_sealed, kk_sealed, nik_hash FROM identities")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let sealed: String = stored.get(0);
    assert!(sealed.starts_with("v1:"));
    let vault = akun_api::vault::Vault::new(DEV_SECRET_KEY);
    assert_eq!(
        vault
            .open(akun_api::vault::Field::Nik, account_id, &sealed)
            .unwrap(),
        r0.nik.as_str()
    );

    let secrets = [r0.nik.as_str(), r0.kk.as_str()];
    if test_db_kind() == "postgres" {
        for table in [
            "accounts",
            "identities",
            "outbox",
            "rate_limits",
            "sessions",
        ] {
            let rows = sqlx::query(&format!("SELECT CAST(t AS TEXT) FROM {table} t"))
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
            assert!(!rows.is_empty() || table == "rate_limits", "{table}");
            for row in rows {
                let text: String = row.get(0);
                for secret in secrets {
                    assert!(!text.contains(secret), "{table}: {text}");
                }
            }
        }
    } else {
        // Every byte SQLite keeps: the database file and its write-ahead log.
        let path = app.database_url.trim_start_matches("sqlite://").to_owned();
        let dir = std::path::Path::new(&path).parent().unwrap();
        let mut bytes = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
        }
        assert!(bytes.len() > 10_000);
        let name = r0.name.as_bytes();
        assert!(
            bytes.windows(name.len()).any(|w| w == name),
            "the file holds the data in some form"
        );
        for secret in secrets {
            assert!(
                !bytes.windows(16).any(|w| w == secret.as_bytes()),
                "{secret} is in the database file"
            );
        }
    }
}

#[tokio::test]
async fn a_phone_code_lives_five_minutes() {
    let app = spawn_app().await;
    let cookie = with_identity(&app, "budi@example.com", 0, "081234567890").await;
    let code = last_code(&app, "+6281234567890").await;
    app.clock.advance(Duration::from_secs(299));
    let status = body(get(&app, "/api/profile/phone/status", &cookie).await).await;
    assert_eq!(status["code_expires_in"], 1);
    app.clock.advance(Duration::from_secs(1));
    let r = verify(&app, &cookie, &code).await;
    assert_eq!(r.status(), 410);
    assert_eq!(body(r).await, json!({"code": "otp_expired"}));
    let status = body(get(&app, "/api/profile/phone/status", &cookie).await).await;
    assert_eq!(status["code_expires_in"], 0);
    assert_eq!(status["verified"], false);
}

#[tokio::test]
async fn five_new_phone_codes_then_a_two_hour_wait() {
    let app = spawn_app().await;
    let cookie = with_identity(&app, "budi@example.com", 0, "081234567890").await;
    for left in [4, 3, 2, 1, 0] {
        app.clock.advance(Duration::from_secs(10));
        let r = new_code(&app, &cookie).await;
        assert_eq!(r.status(), 200);
        let status = body(r).await;
        assert_eq!(status["new_codes_left"], left);
        assert_eq!(status["code_expires_in"], 300);
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE template = 'phone_code'"
        )
        .await,
        6
    );
    // The fifth new code still works for its five minutes ...
    let fifth = last_code(&app, "+6281234567890").await;
    let status = body(get(&app, "/api/profile/phone/status", &cookie).await).await;
    assert_eq!(status["codes_locked_for"], 7200);
    // ... but no sixth comes for two hours from the fifth.
    app.clock.advance(Duration::from_secs(600));
    let r = new_code(&app, &cookie).await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "6600");
    assert_eq!(
        body(r).await,
        json!({"code": "codes_locked", "retry_after": 6600})
    );
    app.clock.advance(Duration::from_secs(6600));
    // The session has long timed out; the person logs in again.
    let cookie = new_session(&app, account_of(&app, "budi@example.com").await).await;
    let status = body(get(&app, "/api/profile/phone/status", &cookie).await).await;
    assert!(status.get("codes_locked_for").is_none());
    assert_eq!(status["new_codes_left"], 5);
    let r = new_code(&app, &cookie).await;
    assert_eq!(r.status(), 200);
    let fresh = last_code(&app, "+6281234567890").await;
    // Only the newest code counts.
    if fresh != fifth {
        let r = verify(&app, &cookie, &fifth).await;
        assert_eq!(r.status(), 422);
    }
    assert_eq!(verify(&app, &cookie, &fresh).await.status(), 200);
}

#[tokio::test]
async fn a_phone_code_whose_sms_failed_is_replaced_for_free() {
    let app = spawn_app().await;
    let cookie = with_identity(&app, "budi@example.com", 0, "081234567890").await;
    sqlx::query("UPDATE outbox SET status = 'failed' WHERE template = 'phone_code'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let status = body(get(&app, "/api/profile/phone/status", &cookie).await).await;
    assert_eq!(status["delivery_failed"], true);
    let r = new_code(&app, &cookie).await;
    let status = body(r).await;
    assert_eq!(status["new_codes_left"], 5);
    assert_eq!(status["delivery_failed"], false);
    let r = new_code(&app, &cookie).await;
    assert_eq!(body(r).await["new_codes_left"], 4);
}

#[tokio::test]
async fn a_verified_number_belongs_to_one_account() {
    let app = spawn_app().await;
    let first = with_identity(&app, "first@example.com", 0, "081234567890").await;
    // A second person types the same number while the first has not
    // verified it yet: allowed, it is only pending.
    let second = with_identity(&app, "second@example.com", 1, "081234567890").await;
    let code = last_code(&app, "+6281234567890").await;
    assert_eq!(verify(&app, &second, &code).await.status(), 200);
    // The first's code arrived earlier; now the number is taken.
    let first_code: String = {
        let text: String = sqlx::query(
            "SELECT body_text FROM outbox WHERE template = 'phone_code' ORDER BY id ASC",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
        text.chars().take(6).collect()
    };
    let r = verify(&app, &first, &first_code).await;
    assert_eq!(r.status(), 409);
    assert_eq!(
        body(r).await,
        json!({"code": "phone_taken", "field": "phone"})
    );
    let r = new_code(&app, &first).await;
    assert_eq!(r.status(), 409);
    // And a third cannot start with it.
    let (_, third) = signed_in(&app, "third@example.com", "x").await;
    let r = post(
        &app,
        "/api/profile/identity",
        &third,
        &identity(&residents()[2], "+62 812 3456 7890"),
    )
    .await;
    assert_eq!(r.status(), 409);
    assert_eq!(
        body(r).await,
        json!({"code": "phone_taken", "field": "phone"})
    );
}

/// A stand-in for the civil registry's verification service.
async fn fake_registry(
    answer: StatusCode,
    resident: Value,
) -> (String, Arc<Mutex<Vec<(HeaderMap, Value)>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let router = axum::Router::new().route(
        "/verify",
        axum::routing::post(move |headers: HeaderMap, Json(body): Json<Value>| {
            let record = Arc::clone(&record);
            let resident = resident.clone();
            async move {
                record.lock().unwrap().push((headers, body.clone()));
                if answer != StatusCode::OK {
                    (answer, Json(json!({})))
                } else if body["nik"] == resident["nik"] {
                    (StatusCode::OK, Json(resident))
                } else {
                    (StatusCode::NOT_FOUND, Json(json!({})))
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/verify", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.ok() });
    (url, seen)
}

#[tokio::test]
async fn the_http_registry_is_asked_with_its_token_and_its_answer_is_used() {
    // The registry recorded another year than the NIK holds (a clerk's
    // typo long ago): the person's date is compared with the record.
    let remote = json!({
        "nik": "3201011708900001", "kk": "3201012505170003", "name": "BUDI SANTOSO",
        "sex": "male", "date_of_birth": "17/08/1991",
    });
    let (url, seen) = fake_registry(StatusCode::OK, remote).await;
    let app = spawn_app_with(move |c| {
        c.registry_url = Some(url);
        c.registry_token = Some("registry-token".into());
    })
    .await;
    let (_, cookie) = signed_in(&app, "budi@example.com", "x").await;
    let mut req = json!({"nik": "3201 0117 0890 0001", "kk": "3201012505170003",
                         "date_of_birth": "17/08/1990", "phone": "081234567890"});
    let r = post(&app, "/api/profile/identity", &cookie, &req).await;
    assert_eq!(r.status(), 422);
    assert_eq!(body(r).await, json!({"code": "identity_mismatch"}));
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen[0].0["authorization"], "Bearer registry-token");
        assert_eq!(seen[0].1, json!({"nik": "3201011708900001"}));
    }
    assert_eq!(saved_identities(&app).await, 0);

    // Unknown to the service.
    req["nik"] = json!("3201011708900002");
    let r = post(&app, "/api/profile/identity", &cookie, &req).await;
    assert_eq!(body(r).await, json!({"code": "identity_mismatch"}));

    // The record's own date.
    let (url, _) = fake_registry(
        StatusCode::OK,
        json!({
            "nik": "3201011708900001", "kk": "3201012505170003", "name": "BUDI SANTOSO",
            "sex": "male", "date_of_birth": "17/08/1990",
        }),
    )
    .await;
    let app = spawn_app_with(move |c| c.registry_url = Some(url)).await;
    let (_, cookie) = signed_in(&app, "budi@example.com", "x").await;
    req["nik"] = json!("3201011708900001");
    let r = post(&app, "/api/profile/identity", &cookie, &req).await;
    assert_eq!(r.status(), 200);
    let me: Value = body(get(&app, "/api/me", &cookie).await).await;
    assert_eq!(me["first_name"], "BUDI");
    assert_eq!(me["name_masked"], "BUDI S******");
    assert_eq!(me["nik_masked"], "3201********0001");
}

#[tokio::test]
async fn a_registry_that_fails_asks_the_screen_to_wait_and_saves_nothing() {
    let (url, _) = fake_registry(StatusCode::INTERNAL_SERVER_ERROR, json!({})).await;
    let app = spawn_app_with(move |c| c.registry_url = Some(url)).await;
    let (_, cookie) = signed_in(&app, "budi@example.com", "x").await;
    let req = json!({"nik": "3201011708900001", "kk": "3201012505170003",
                     "date_of_birth": "17/08/1990", "phone": "081234567890"});
    let r = post(&app, "/api/profile/identity", &cookie, &req).await;
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "30");
    assert_eq!(
        body(r).await,
        json!({"code": "registry_unavailable", "retry_after": 30})
    );
    assert_eq!(saved_identities(&app).await, 0);
}

async fn password_account(app: &TestApp, email: &str) -> (i64, String) {
    let hash = app.hasher.hash(PASSWORD).await.unwrap();
    signed_in(app, email, &hash).await
}

async fn change(app: &TestApp, cookie: &str, current: &str, new: &str) -> reqwest::Response {
    post(
        app,
        "/api/password/change",
        cookie,
        &json!({"current_password": current, "new_password": new}),
    )
    .await
}

#[tokio::test]
async fn a_wrong_current_password_counts_as_a_failed_login() {
    let app = spawn_app().await;
    let (_, cookie) = password_account(&app, "budi@example.com").await;
    let r = change(&app, &cookie, "not my password", NEW_PASSWORD).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        body(r).await,
        json!({"code": "password_wrong", "field": "current_password"})
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
    // At the login's limit, the change is refused like a login.
    sqlx::query("UPDATE rate_limits SET count = 100 WHERE key = $1")
        .bind(&key)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = change(&app, &cookie, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status(), 429);
}

#[tokio::test]
async fn the_new_password_must_follow_the_rules_and_differ() {
    let app = spawn_app().await;
    let (_, cookie) = password_account(&app, "budi@example.com").await;
    let r = change(&app, &cookie, PASSWORD, PASSWORD).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        body(r).await,
        json!({"code": "password_same", "field": "new_password"})
    );
    let r = change(&app, &cookie, PASSWORD, "short").await;
    assert_eq!(
        body(r).await,
        json!({"code": "password_too_short", "field": "new_password"})
    );
    let r = change(&app, &cookie, PASSWORD, "password123").await;
    assert_eq!(
        body(r).await,
        json!({"code": "password_too_common", "field": "new_password"})
    );
    let r = get(&app, "/api/me", &cookie).await;
    assert_eq!(r.status(), 200);
}

async fn password_step(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    let id = app.captcha("ab3de").await;
    app.post_json(
        "/api/login",
        &json!({"email": email, "password": password, "captcha_id": id, "captcha_answer": "ab3de"}),
    )
    .await
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions_and_sends_a_notice() {
    let app = spawn_app().await;
    let (account_id, this) = password_account(&app, "budi@example.com").await;
    let other = new_session(&app, account_id).await;
    // A login half-way, started with the old password.
    let r = password_step(&app, "budi@example.com", PASSWORD).await;
    assert_eq!(r.status(), 200);
    let attempt = body(r).await["attempt"].as_str().unwrap().to_owned();

    let r = change(&app, &this, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status(), 204);
    // This session goes on under a new value; the old one no longer works.
    let renewed = crate::login::session_cookie(&r);
    assert_eq!(get(&app, "/api/me", &renewed).await.status(), 200);
    assert_eq!(get(&app, "/api/me", &this).await.status(), 401);
    assert_eq!(get(&app, "/api/me", &other).await.status(), 401);
    let r = app
        .post_json("/api/login/status", &json!({"attempt": attempt}))
        .await;
    assert_eq!(r.status(), 410);

    let notice = sqlx::query(
        "SELECT recipient, channel, body_text FROM outbox WHERE template = 'password_changed'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(notice.get::<String, _>(0), "budi@example.com");
    assert_eq!(notice.get::<String, _>(1), "email");
    let text: String = notice.get(2);
    assert!(
        text.contains(&format!("{}/help#misuse", app.address)),
        "{text}"
    );
    assert!(text.contains("Chrome · Android"), "{text}");
    assert!(text.contains("WIB"), "{text}");

    let r = password_step(&app, "budi@example.com", PASSWORD).await;
    assert_eq!(r.status(), 401);
    let r = password_step(&app, "budi@example.com", NEW_PASSWORD).await;
    assert_eq!(r.status(), 200);
    // The old password no longer counts as the current one.
    let r = change(&app, &renewed, PASSWORD, "yet another long passphrase").await;
    assert_eq!(body(r).await["code"], "password_wrong");
}

#[tokio::test]
async fn profile_endpoints_need_a_session() {
    let app = spawn_app().await;
    for path in [
        "/api/profile/identity",
        "/api/profile/phone/verify",
        "/api/profile/phone/code/new",
        "/api/password/change",
    ] {
        let r = app.post_json(path, &json!({})).await;
        assert_eq!(r.status(), 401, "{path}");
    }
    assert_eq!(app.get("/api/profile/phone/status").await.status(), 401);
}

#[tokio::test]
async fn the_openapi_document_describes_the_profile_routes() {
    let app = spawn_app().await;
    let doc: Value = body(app.get("/api/openapi.json").await).await;
    for (path, method) in [
        ("/api/profile/identity", "post"),
        ("/api/profile/phone/status", "get"),
        ("/api/profile/phone/verify", "post"),
        ("/api/profile/phone/code/new", "post"),
        ("/api/password/change", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    let identity = &doc["components"]["schemas"]["IdentityRequest"]["properties"];
    assert!(identity["nik"].is_object() && identity.get("name").is_none());
    let codes = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap();
    assert!(codes.iter().any(|c| c == "nik_taken"));
}
