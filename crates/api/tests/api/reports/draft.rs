//! Drafts and uploads: the cookie, the draft's life, each refusal of an
//! upload and its limits.

use akun_api::photo::pipeline::MAX_UPLOAD_BYTES;
use akun_core::ErrorCode;
use reqwest::Method;
use serde_json::{Value, json};

use super::{Browser, SLOTS, count, draft_cookie, jpeg_of_exactly, ledger};
use crate::helpers::{spawn_app, spawn_app_with};
use crate::storage::{jpeg, png_bomb};

const DAY_MS: i64 = 24 * 3600 * 1000;

async fn code(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn a_draft_is_started_once_and_read_back_with_its_cookie() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let r = browser.open().await;
    assert_eq!(r.status(), 200);
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=86400"] {
        assert!(set.contains(part), "{part} missing in {set}");
    }
    assert!(!set.contains("Secure"));
    let value = set
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("akun_report=");
    assert_eq!(value.len(), 64, "256 bits in hex");
    let first: Value = r.json().await.unwrap();
    assert_eq!(first["photos"], json!([]));
    assert_eq!(first["expires_at"], app.clock_now() + DAY_MS);
    // Stored only as its hash.
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM report_drafts WHERE id = '{value}'")
        )
        .await,
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_drafts").await, 1);

    // Asking again with the cookie gives the same draft and no new cookie,
    // an hour later too: the life is not sliding.
    app.clock.advance(std::time::Duration::from_secs(3600));
    browser.photo("kk").await;
    let again = browser.open().await;
    assert!(again.headers().get("set-cookie").is_none());
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["expires_at"], first["expires_at"]);
    assert_eq!(again["photos"], json!(["kk"]));
    let read: Value = browser.draft().await.json().await.unwrap();
    assert_eq!(read, again);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_drafts").await, 1);

    // A day after it started, it is gone; asking again starts a new one.
    app.clock.advance(std::time::Duration::from_secs(23 * 3600));
    let (status, body) = code(browser.draft().await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("draft_missing"))
    );
    let old = browser.draft.clone();
    let r = browser.open().await;
    assert_eq!(r.status(), 200);
    assert_ne!(browser.draft, old);
    let fresh: Value = r.json().await.unwrap();
    assert_eq!(fresh["photos"], json!([]));
}

#[tokio::test]
async fn without_a_cookie_or_with_a_made_up_one_there_is_no_draft() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let (status, body) = code(browser.draft().await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("draft_missing"))
    );
    for planted in [
        "akun_report=garbage".to_owned(),
        format!("akun_report={}", "ab".repeat(32)),
    ] {
        browser.draft = Some(planted);
        let (status, body) = code(browser.draft().await).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (404, Some("draft_missing"))
        );
        let (status, body) = code(browser.put("ektp", "image/jpeg", jpeg(64, 48)).await).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (404, Some("draft_missing"))
        );
    }
    // A planted value never becomes a draft: a new one is made.
    let r = browser.open().await;
    assert_ne!(
        draft_cookie(&r).unwrap(),
        format!("akun_report={}", "ab".repeat(32))
    );
}

#[tokio::test]
async fn with_secure_cookies_the_draft_cookie_is_host_only_and_secure() {
    let app = spawn_app_with(|c| c.secure_cookies = true).await;
    let mut browser = Browser::new(&app);
    let r = browser.open().await;
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with("__Host-akun_report="), "{set}");
    assert!(set.contains("; Secure") && set.contains("Path=/") && !set.contains("Domain"));
    // The prefixed cookie is the one read.
    assert_eq!(browser.draft().await.status(), 200);
    browser.photo("ektp").await;
}

#[tokio::test]
async fn one_client_address_starts_at_most_60_drafts_an_hour() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    for _ in 0..60 {
        assert_eq!(Browser::at(&app, "10.1.1.1").open().await.status(), 200);
    }
    let (status, body) = code(Browser::at(&app, "10.1.1.1").open().await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("too_many_requests"))
    );
    assert!(body["retry_after"].as_u64().unwrap() > 0);
    // Another address, and a browser that has its draft, are not stopped.
    assert_eq!(Browser::at(&app, "10.1.1.2").open().await.status(), 200);
}

#[tokio::test]
async fn a_photo_goes_into_its_slot_and_a_new_one_replaces_it() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    let draft = browser.photo("selfie_kk").await;
    assert_eq!(draft["photos"], json!(["selfie_kk"]));
    let draft = browser.photo("ektp").await;
    assert_eq!(
        draft["photos"],
        json!(["ektp", "selfie_kk"]),
        "in slot order"
    );
    let draft = browser.photo("ektp").await;
    assert_eq!(draft["photos"], json!(["ektp", "selfie_kk"]));
    // The replaced photo is gone, object and row.
    let rows = ledger(&app).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|(state, ..)| state == "stored"));
    assert_eq!(
        app.state
            .objects
            .list(akun_api::objects::Kind::Photo)
            .await
            .unwrap()
            .len(),
        2
    );
    // PNG and WebP are taken too.
    for (format, content_type) in [
        (image::ImageFormat::Png, "image/png"),
        (image::ImageFormat::WebP, "image/webp"),
    ] {
        let picture =
            image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 6, y as u8 * 8, 90]));
        let mut bytes = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut bytes, format).unwrap();
        let r = browser.put("kk", content_type, bytes.into_inner()).await;
        assert_eq!(r.status(), 200, "{content_type}");
    }
}

#[tokio::test]
async fn every_refused_upload_says_why_and_stores_nothing() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        (
            "ektp",
            "image/jpeg",
            b"KTP scan, see attachment".to_vec(),
            415,
            "photo_not_image",
        ),
        ("ektp", "image/jpeg", Vec::new(), 415, "photo_not_image"),
        (
            "ektp",
            "image/png",
            b"%PDF-1.7\n1 0 obj".to_vec(),
            415,
            "photo_not_image",
        ),
        // Declared as something else: not a photo, whatever the bytes.
        (
            "ektp",
            "application/json",
            jpeg(64, 48),
            415,
            "photo_not_image",
        ),
        (
            "ektp",
            "image/png",
            png_bomb(),
            422,
            "photo_too_many_pixels",
        ),
        (
            "ektp",
            "image/jpeg",
            {
                let mut broken = jpeg(64, 64)[..20].to_vec();
                broken.extend_from_slice(&[0x55; 500]);
                broken
            },
            422,
            "photo_unreadable",
        ),
        ("passport", "image/jpeg", jpeg(64, 48), 404, "not_found"),
        ("EKTP", "image/jpeg", jpeg(64, 48), 404, "not_found"),
    ];
    for (slot, content_type, bytes, status, expected) in cases {
        let (got, body) = code(browser.put(slot, content_type, bytes).await).await;
        assert_eq!(
            (got, body["code"].as_str()),
            (status, Some(expected)),
            "{slot} {content_type}"
        );
        assert_eq!(
            ErrorCode::from_wire(expected).unwrap().http_status(),
            status
        );
    }
    assert!(ledger(&app).await.is_empty());
    assert!(
        app.state
            .objects
            .list(akun_api::objects::Kind::Photo)
            .await
            .unwrap()
            .is_empty()
    );
    let draft: Value = browser.draft().await.json().await.unwrap();
    assert_eq!(draft["photos"], json!([]));
}

#[tokio::test]
async fn the_route_takes_exactly_2_mib_and_answers_more_in_our_error_body() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    let r = browser
        .put("kk", "image/jpeg", jpeg_of_exactly(MAX_UPLOAD_BYTES))
        .await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let r = browser
        .put("kk", "image/jpeg", jpeg_of_exactly(MAX_UPLOAD_BYTES + 1))
        .await;
    assert_eq!(r.status(), 413);
    assert_eq!(r.headers()["content-type"], "application/json");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "photo_too_large");
    // The JSON routes keep their small limit.
    let r = browser
        .request(Method::POST, "/api/reports")
        .header("content-type", "application/json")
        .body(format!("{{\"description\":\"{}\"}}", "a".repeat(100_000)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "payload_too_large"
    );
}

#[tokio::test]
async fn a_draft_stores_at_most_24_photos_retakes_included() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    // Refusals cost nothing.
    for _ in 0..5 {
        browser
            .put("ektp", "image/jpeg", b"not a photo".to_vec())
            .await;
    }
    for i in 0..24 {
        browser.photo(SLOTS[i % 4]).await;
    }
    let (status, body) = code(browser.put("ektp", "image/jpeg", jpeg(64, 48)).await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("too_many_requests"))
    );
    let wait = body["retry_after"].as_i64().unwrap();
    assert!(wait > 0 && wait <= 24 * 3600, "{wait}");
    // What was sent is still there; another draft starts afresh.
    let draft: Value = browser.draft().await.json().await.unwrap();
    assert_eq!(draft["photos"], json!(SLOTS));
    let mut other = Browser::new(&app);
    other.open().await;
    other.photo("ektp").await;
}

#[tokio::test]
async fn a_full_photo_pool_answers_busy_with_retry_after_and_keeps_nothing() {
    let app = spawn_app_with(|c| {
        c.photo_workers = Some(1);
        c.photo_queue = Some(0);
    })
    .await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    let (started_tx, started) = std::sync::mpsc::channel();
    let (release, release_rx) = std::sync::mpsc::channel::<()>();
    let pool = app.state.photos.pool().clone();
    let holder = tokio::spawn(async move {
        pool.run(move || {
            started_tx.send(()).unwrap();
            release_rx.recv().ok();
            Ok(())
        })
        .await
    });
    tokio::task::spawn_blocking(move || started.recv().unwrap())
        .await
        .unwrap();
    let r = browser.put("ektp", "image/jpeg", jpeg(64, 48)).await;
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "2");
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "busy");
    assert!(ledger(&app).await.is_empty());
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    browser.photo("ektp").await;
}
