//! A case's status page: by number and email or key, one answer for
//! anything else, limits against guessing.

use serde_json::{Value, json};

use super::{Browser, case_for, message, status_link};
use crate::helpers::{TestApp, spawn_app, spawn_app_with};

async fn look_up(app: &TestApp, body: Value) -> (u16, Value) {
    let r = app.post_json("/api/reports/status", &body).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// A received case for resident `index`: its number.
async fn received(app: &TestApp, index: usize) -> String {
    let mut browser = Browser::new(app);
    browser.filled().await;
    let created = browser.submitted(&case_for(index)).await;
    created["case"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_case_is_shown_for_its_number_with_its_email_or_its_key() {
    let app = spawn_app().await;
    let number = received(&app, 0).await;
    let now = app.clock_now();
    let (status, view) = look_up(
        &app,
        json!({"case": number, "email": "PELAPOR0@contoh.COM"}),
    )
    .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(
        view,
        json!({
            "case": number,
            "kind": "blocked",
            "status": "received",
            "submitted_at": now,
            "updated_at": now,
        }),
        "nothing else: no photos, identity, contact or description"
    );
    // The key of the emailed link, and the number as people type it.
    let (_, text) = message(&app, "case_received").await;
    let (_, key) = status_link(&text);
    let typed = number.to_lowercase().replace('-', " ");
    let (status, by_key) = look_up(&app, json!({"case": typed, "key": key})).await;
    assert_eq!((status, &by_key), (200, &view));
    let (status, _) = look_up(&app, json!({"case": number, "key": key.to_uppercase()})).await;
    assert_eq!(status, 200, "hex in capitals is the same key");
    // Either one right is enough.
    let (status, _) = look_up(
        &app,
        json!({"case": number, "key": key, "email": "x@contoh.com"}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_wrong_answer_and_an_unknown_number_get_one_answer() {
    let app = spawn_app().await;
    let number = received(&app, 0).await;
    let (_, text) = message(&app, "case_received").await;
    let (_, key) = status_link(&text);
    // The key with its first digit changed.
    let wrong_key = {
        let first = if key.starts_with('0') { '1' } else { '0' };
        format!("{first}{}", &key[1..])
    };
    // A number that no case has (the last character changed).
    let mut unknown = number.clone();
    let last = unknown.pop().unwrap();
    unknown.push(if last == '0' { '1' } else { '0' });
    let answers = [
        look_up(
            &app,
            json!({"case": number, "email": "pelapor1@contoh.com"}),
        )
        .await,
        look_up(&app, json!({"case": number, "key": "0".repeat(32)})).await,
        look_up(&app, json!({"case": number, "key": wrong_key})).await,
        look_up(
            &app,
            json!({"case": unknown, "email": "pelapor0@contoh.com"}),
        )
        .await,
        look_up(&app, json!({"case": unknown, "key": key})).await,
    ];
    for (status, body) in answers {
        assert_eq!((status, body), (404, json!({"code": "case_not_found"})));
    }
    // Malformed input says so, about the field, and tells nothing.
    assert_eq!(
        look_up(
            &app,
            json!({"case": "PK-12", "email": "pelapor0@contoh.com"})
        )
        .await,
        (422, json!({"code": "case_number_format", "field": "case"}))
    );
    assert_eq!(
        look_up(&app, json!({"case": number, "email": "pelapor0@"})).await,
        (422, json!({"code": "email_invalid", "field": "email"}))
    );
    assert_eq!(look_up(&app, json!({"case": number})).await.0, 400);
    assert_eq!(
        look_up(&app, json!({"case": number, "email": " ", "key": ""}))
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn ten_wrong_answers_for_a_number_stop_it_for_the_hour_known_or_not() {
    let app = spawn_app().await;
    let number = received(&app, 0).await;
    let unknown = "PK-0000-0000";
    for case in [number.as_str(), unknown] {
        for i in 0..10 {
            let (status, _) = look_up(
                &app,
                json!({"case": case, "email": format!("tebak{i}@contoh.com")}),
            )
            .await;
            assert_eq!(status, 404);
        }
        let (status, body) =
            look_up(&app, json!({"case": case, "email": "tebak@contoh.com"})).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (429, Some("too_many_requests"))
        );
        assert!(body["retry_after"].as_u64().unwrap() <= 3600);
    }
    // Even the right answer waits: the guesser cannot tell it apart.
    let (status, _) = look_up(
        &app,
        json!({"case": number, "email": "pelapor0@contoh.com"}),
    )
    .await;
    assert_eq!(status, 429);
    app.clock.advance(std::time::Duration::from_secs(3601));
    let (status, _) = look_up(
        &app,
        json!({"case": number, "email": "pelapor0@contoh.com"}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn one_client_address_looks_up_at_most_300_cases_an_hour() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let send = |ip: &'static str, n: u64| {
        let case = akun_core::CaseNumber::from_bits(n).to_string();
        app.client
            .post(app.url("/api/reports/status"))
            .header("origin", &app.address)
            .header("x-forwarded-for", ip)
            .json(&json!({"case": case, "email": "a@contoh.com"}))
            .send()
    };
    for n in 0..300 {
        assert_eq!(send("10.6.0.1", n).await.unwrap().status(), 404);
    }
    let r = send("10.6.0.1", 300).await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(send("10.6.0.2", 300).await.unwrap().status(), 404);
}

#[tokio::test]
async fn the_view_follows_the_reviewers_decisions() {
    let app = spawn_app().await;
    let number = received(&app, 0).await;
    let set = |sql: &'static str| {
        let pool = app.db.pool.clone();
        let number = number.clone();
        async move {
            sqlx::query(sql).bind(number).execute(&pool).await.unwrap();
        }
    };
    let view = || async {
        look_up(
            &app,
            json!({"case": number, "email": "pelapor0@contoh.com"}),
        )
        .await
        .1
    };
    set("UPDATE cases SET status = 'more_info', needed = 'ektp_photo,description', updated_at = updated_at + 5 WHERE number = $1").await;
    let v = view().await;
    assert_eq!(v["status"], "more_info");
    assert_eq!(v["needed"], json!(["ektp_photo", "description"]));
    assert_eq!(
        v["updated_at"].as_i64().unwrap(),
        v["submitted_at"].as_i64().unwrap() + 5
    );
    set("UPDATE cases SET status = 'resolved', outcome = 'unblocked' WHERE number = $1").await;
    let v = view().await;
    assert_eq!(
        (v["status"].as_str(), v["outcome"].as_str()),
        (Some("resolved"), Some("unblocked"))
    );
    assert!(v.get("needed").is_none());
    set("UPDATE cases SET status = 'rejected', reason = 'photos_unclear' WHERE number = $1").await;
    let v = view().await;
    assert_eq!(
        (v["status"].as_str(), v["reason"].as_str()),
        (Some("rejected"), Some("photos_unclear"))
    );
    assert!(v.get("outcome").is_none());
}
