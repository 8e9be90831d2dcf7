//! Submitting a case: the fields, the photos, the identity of a signed-in
//! person, the limits, and what one transaction writes.

use akun_api::vault::Field;
use serde_json::{Value, json};
use sqlx::Row;

use super::{Browser, SLOTS, case_for, count, ledger, message, status_link};
use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::profile::{residents, with_identity};

fn trusting_proxy(c: &mut akun_api::config::Config) {
    c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
}

async fn refusal(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// The case row with `number`, as (status, kind, account, email, phone,
/// lang, nik_hash).
async fn case_row(app: &TestApp, number: &str) -> sqlx::any::AnyRow {
    sqlx::query("SELECT * FROM cases WHERE number = $1")
        .bind(number)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Every text column of every case, as one string.
async fn stored_text(app: &TestApp) -> String {
    let columns = [
        "number",
        "kind",
        "status",
        "name_sealed",
        "nik_hash",
        "nik_sealed",
        "date_of_birth_sealed",
        "description_sealed",
        "email",
        "phone",
        "lang",
        "needed",
    ];
    let mut out = String::new();
    for row in sqlx::query(&format!("SELECT {} FROM cases", columns.join(", ")))
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
    {
        for i in 0..columns.len() {
            out.push_str(&row.get::<String, _>(i));
            out.push('\n');
        }
    }
    out
}

fn bits(number: &str) -> i64 {
    akun_api::case::number::bits(&akun_core::CaseNumber::parse(number).unwrap())
}

#[tokio::test]
async fn a_case_is_received_with_its_photos_messages_and_number_in_one_go() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.filled().await;
    let mut body = case_for(0);
    body["email"] = json!("  Pelapor0@Contoh.com ");
    body["phone"] = json!("0812-3456-7890");
    body["lang"] = json!("en");
    let r = browser.submit(&body).await;
    assert_eq!(r.status(), 201);
    let cleared = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cleared.starts_with("akun_report=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    let created: Value = r.json().await.unwrap();
    let number = created["case"].as_str().unwrap().to_owned();
    assert_eq!(
        akun_core::CaseNumber::parse(&number).unwrap().as_str(),
        number
    );
    assert!(number.starts_with("PK-") && number.len() == 12, "{number}");
    assert_eq!(created["email"], "pe***@contoh.com");

    // The case, received, with the photos moved to it and the draft gone.
    let row = case_row(&app, &number).await;
    assert_eq!(row.get::<String, _>("status"), "received");
    assert_eq!(row.get::<String, _>("kind"), "blocked");
    assert_eq!(row.get::<Option<i64>, _>("account_id"), None);
    assert_eq!(row.get::<String, _>("email"), "pelapor0@contoh.com");
    assert_eq!(row.get::<String, _>("phone"), "+6281234567890");
    assert_eq!(row.get::<String, _>("lang"), "en");
    let case_id: i64 = row.get("id");
    let rows = ledger(&app).await;
    assert_eq!(rows.len(), 4);
    for (state, _, in_draft, case) in &rows {
        assert_eq!(
            (state.as_str(), *in_draft, *case),
            ("stored", false, Some(case_id))
        );
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_drafts").await, 0);
    let (status, body) = refusal(browser.draft().await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("draft_missing"))
    );

    // Identity and description sealed, bound to the number; the NIK's
    // look-up hash is the identities' one.
    let r0 = &residents()[0];
    let vault = &app.state.vault;
    let open = |field: Field, column: &str| {
        vault
            .open(field, bits(&number), &row.get::<String, _>(column))
            .unwrap()
    };
    assert_eq!(open(Field::CaseNik, "nik_sealed"), r0.nik.as_str());
    assert_eq!(open(Field::CaseName, "name_sealed"), r0.name);
    assert_eq!(open(Field::CaseDateOfBirth, "date_of_birth_sealed"), {
        let d = r0.date_of_birth;
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    });
    assert!(open(Field::CaseDescription, "description_sealed").starts_with("Akun saya diblokir"));
    assert_eq!(
        row.get::<String, _>("nik_hash"),
        vault.lookup_hash(Field::Nik, r0.nik.as_str())
    );
    let everything = stored_text(&app).await;
    for plain in [r0.nik.as_str(), r0.name.as_str(), "diblokir"] {
        assert!(!everything.contains(plain), "{plain} stored in clear");
    }

    // An email and an SMS, in the language asked for, with the number and
    // the status link (whose key opens the status).
    let (to, text) = message(&app, "case_received").await;
    assert_eq!(to, "pelapor0@contoh.com");
    assert!(text.contains(&number) && text.contains("We received your report"));
    let (link, key) = status_link(&text);
    assert_eq!(
        link,
        format!("{}/report/status/{number}#key={key}", app.address)
    );
    assert_eq!(key.len(), 32);
    let (to, sms) = message(&app, "case_received_sms").await;
    assert_eq!(to, "+6281234567890");
    assert!(sms.contains(&number) && sms.contains(&link));
    // The key is never stored.
    assert!(!stored_text(&app).await.contains(&key));
}

#[tokio::test]
async fn each_field_is_refused_at_its_name_and_the_photos_stay() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.filled().await;
    let r0 = &residents()[0];
    let other_day = {
        let d = r0.date_of_birth;
        let day = if d.day() == 1 { 2 } else { 1 };
        format!("{day:02}/{:02}/{}", d.month(), d.year())
    };
    let changes: Vec<(&str, Value, &str)> = vec![
        ("kind", Value::Null, "case_kind_missing"),
        ("kind", json!("nonsense"), ""),
        ("description", json!("  pendek "), "description_too_short"),
        (
            "description",
            json!("a".repeat(1001)),
            "description_too_long",
        ),
        ("email", json!(""), "email_empty"),
        ("email", json!("budi@"), "email_invalid"),
        ("phone", json!("0211234567"), "phone_not_mobile"),
        ("phone", json!("08abc"), "phone_format"),
        ("name", json!("Budi 2"), "name_invalid"),
        ("name", Value::Null, "name_empty"),
        ("nik", json!("123"), "nik_format"),
        ("nik", Value::Null, "nik_format"),
        ("date_of_birth", json!("31/02/1990"), "dob_invalid"),
        ("date_of_birth", json!(other_day), "nik_dob_mismatch"),
    ];
    for (field, value, expected) in changes {
        let mut body = case_for(0);
        if value.is_null() {
            body.as_object_mut().unwrap().remove(field);
            if field == "kind" {
                body["kind"] = Value::Null;
            }
        } else {
            body[field] = value.clone();
        }
        let (status, answer) = refusal(browser.submit(&body).await).await;
        if expected.is_empty() {
            // Not a kind at all: the body does not have the shape.
            assert_eq!(
                (status, answer["code"].as_str()),
                (400, Some("bad_request"))
            );
            continue;
        }
        let expected_field = if expected == "nik_dob_mismatch" {
            "date_of_birth"
        } else {
            field
        };
        assert_eq!(
            (answer["code"].as_str(), answer["field"].as_str()),
            (Some(expected), Some(expected_field)),
            "{field} = {value}"
        );
        assert_eq!(status, 422, "{field}");
    }
    // Nothing was lost.
    let draft: Value = browser.draft().await.json().await.unwrap();
    assert_eq!(draft["photos"], json!(SLOTS));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 0);
    browser.submitted(&case_for(0)).await;
}

#[tokio::test]
async fn every_photo_is_needed_and_the_first_missing_slot_is_named() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let (status, body) = refusal(browser.submit(&case_for(0)).await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("draft_missing"))
    );
    browser.open().await;
    browser.photo("ektp").await;
    browser.photo("selfie_ektp").await;
    let (status, body) = refusal(browser.submit(&case_for(0)).await).await;
    assert_eq!(
        (status, body["code"].as_str(), body["field"].as_str()),
        (409, Some("photo_missing"), Some("kk"))
    );
    browser.photo("kk").await;
    let (_, body) = refusal(browser.submit(&case_for(0)).await).await;
    assert_eq!(body["field"], "selfie_kk");
    browser.photo("selfie_kk").await;
    browser.submitted(&case_for(0)).await;
    // The draft is spent: a second submission finds none.
    let (status, body) = refusal(browser.submit(&case_for(0)).await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("draft_missing"))
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
}

#[tokio::test]
async fn a_signed_in_person_files_under_the_accounts_identity() {
    let app = spawn_app_with(trusting_proxy).await;
    let session = with_identity(&app, "budi@contoh.com", 5, "081298765432").await;
    let account: i64 = crate::profile::account_of(&app, "budi@contoh.com").await;
    let mut browser = Browser::at(&app, "10.7.0.1");
    browser.session = Some(session);
    browser.filled().await;
    // No identity fields at all.
    let mut body = case_for(0);
    for field in ["name", "nik", "date_of_birth"] {
        body.as_object_mut().unwrap().remove(field);
    }
    let created = browser.submitted(&body).await;
    let number = created["case"].as_str().unwrap().to_owned();
    let row = case_row(&app, &number).await;
    assert_eq!(row.get::<Option<i64>, _>("account_id"), Some(account));
    let r5 = &residents()[5];
    let vault = &app.state.vault;
    let nik = vault
        .open(
            Field::CaseNik,
            bits(&number),
            &row.get::<String, _>("nik_sealed"),
        )
        .unwrap();
    assert_eq!(nik, r5.nik.as_str());
    let name = vault
        .open(
            Field::CaseName,
            bits(&number),
            &row.get::<String, _>("name_sealed"),
        )
        .unwrap();
    assert_eq!(name, r5.name);

    // Identity fields in the body are ignored: the registry's stand.
    browser.filled().await;
    let created = browser.submitted(&case_for(0)).await;
    let row = case_row(&app, created["case"].as_str().unwrap()).await;
    assert_eq!(
        row.get::<String, _>("nik_hash"),
        vault.lookup_hash(Field::Nik, r5.nik.as_str())
    );

    // A session without a complete identity gives all three, and links
    // the case; no session (or an ended one) is anonymous.
    let (plain, plain_session) = crate::profile::signed_in(&app, "ani@contoh.com", "x").await;
    let mut browser = Browser::at(&app, "10.7.0.2");
    browser.session = Some(plain_session);
    browser.filled().await;
    let (status, answer) = refusal(browser.submit(&body).await).await;
    assert_eq!((status, answer["field"].as_str()), (422, Some("name")));
    let created = browser.submitted(&case_for(1)).await;
    let row = case_row(&app, created["case"].as_str().unwrap()).await;
    assert_eq!(row.get::<Option<i64>, _>("account_id"), Some(plain));
    let mut browser = Browser::at(&app, "10.7.0.3");
    browser.session = Some(format!("akun_session={}", "cd".repeat(32)));
    browser.filled().await;
    let created = browser.submitted(&case_for(2)).await;
    let row = case_row(&app, created["case"].as_str().unwrap()).await;
    assert_eq!(row.get::<Option<i64>, _>("account_id"), None);
}

#[tokio::test]
async fn a_nik_has_at_most_three_open_cases() {
    let app = spawn_app_with(trusting_proxy).await;
    for i in 0..3 {
        let mut browser = Browser::at(&app, &format!("10.2.0.{i}"));
        browser.filled().await;
        browser.submitted(&case_for(7)).await;
    }
    let mut browser = Browser::at(&app, "10.2.0.9");
    browser.filled().await;
    let (status, body) = refusal(browser.submit(&case_for(7)).await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("too_many_open_cases"))
    );
    // Nothing was written, nothing lost: the draft and photos stay.
    let draft: Value = browser.draft().await.json().await.unwrap();
    assert_eq!(draft["photos"], json!(SLOTS));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 3);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 6);
    // Another NIK is not held up.
    browser.submitted(&case_for(8)).await;
    // Once one is answered, there is room again.
    sqlx::query("UPDATE cases SET status = 'resolved' WHERE id = (SELECT MIN(id) FROM cases)")
        .execute(&app.db.pool)
        .await
        .unwrap();
    browser.filled().await;
    browser.submitted(&case_for(7)).await;
}

#[tokio::test]
async fn submissions_for_one_nik_at_once_count_one_after_the_other() {
    let app = spawn_app_with(trusting_proxy).await;
    let mut browsers = Vec::new();
    for i in 0..6 {
        let mut browser = Browser::at(&app, &format!("10.3.0.{i}"));
        browser.filled().await;
        browsers.push(browser);
    }
    let body = case_for(9);
    let answers = futures_util::future::join_all(browsers.iter().map(|b| b.submit(&body))).await;
    let created = answers.iter().filter(|r| r.status() == 201).count();
    let refused = answers.iter().filter(|r| r.status() == 409).count();
    assert_eq!((created, refused), (3, 3));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 3);
}

#[tokio::test]
async fn after_three_cases_a_day_from_one_address_a_captcha_is_needed() {
    let app = spawn_app_with(trusting_proxy).await;
    for i in 0..3 {
        let mut browser = Browser::at(&app, "10.4.0.1");
        browser.filled().await;
        browser.submitted(&case_for(10 + i)).await;
    }
    let mut browser = Browser::at(&app, "10.4.0.1");
    browser.filled().await;
    let (status, body) = refusal(browser.submit(&case_for(13)).await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (428, Some("captcha_required"))
    );
    let mut body = case_for(13);
    let id = app.captcha("ab3de").await;
    body["captcha_id"] = json!(id);
    body["captcha_answer"] = json!("wrong");
    let (status, answer) = refusal(browser.submit(&body).await).await;
    assert_eq!(
        (status, answer["code"].as_str(), answer["field"].as_str()),
        (422, Some("captcha_wrong"), Some("captcha"))
    );
    body["captcha_id"] = json!(app.captcha("ab3de").await);
    body["captcha_answer"] = json!("ab3de");
    browser.submitted(&body).await;
    // Another address needs none; a day later this one needs none either.
    let mut other = Browser::at(&app, "10.4.0.2");
    other.filled().await;
    other.submitted(&case_for(14)).await;
    app.clock
        .advance(std::time::Duration::from_secs(24 * 3600 + 1));
    let mut later = Browser::at(&app, "10.4.0.1");
    later.filled().await;
    later.submitted(&case_for(15)).await;
}

#[tokio::test]
async fn a_refused_submission_does_not_count_towards_the_captcha() {
    let app = spawn_app_with(trusting_proxy).await;
    let mut browser = Browser::at(&app, "10.5.0.1");
    browser.open().await;
    for _ in 0..5 {
        // Fields and missing photos are refused before the gate counts.
        browser
            .submit(&json!({"kind": null, "description": "", "email": "", "phone": ""}))
            .await;
        browser.submit(&case_for(20)).await;
    }
    for i in 0..3 {
        let mut browser = Browser::at(&app, "10.5.0.1");
        browser.filled().await;
        browser.submitted(&case_for(21 + i)).await;
    }
}
