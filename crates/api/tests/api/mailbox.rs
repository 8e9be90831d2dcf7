use akun_api::messages::Message;
use akun_api::outbox;
use akun_core::api::Lang;

use crate::helpers::{spawn_app, spawn_app_with};

async fn put(app: &crate::helpers::TestApp, to: &str, link: &str) {
    let mut tx = app.db.pool.begin().await.unwrap();
    outbox::enqueue(
        &mut tx,
        app.clock_now(),
        to,
        Lang::Id,
        &Message::VerifyEmail { link: link.into() },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_dev_mailbox_lists_messages_with_clickable_links() {
    let app = spawn_app().await;
    put(
        &app,
        "budi@example.com",
        "http://127.0.0.1/verify?token=abc&x=<1>",
    )
    .await;
    let page = app.get("/dev/mailbox").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("budi@example.com"));
    assert!(html.contains("Aktifkan akun Prakerja kamu"));
    assert!(
        html.contains("<a href=\"http://127.0.0.1/verify?token=abc&amp;x=&lt;1&gt;\">"),
        "{html}"
    );
    assert!(!html.contains("<1>"), "the body must be escaped");

    let json: Vec<serde_json::Value> = app
        .get("/dev/mailbox.json?to=budi@example.com")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json.len(), 1);
    assert_eq!(json[0]["template"], "verify_email");
    let none: Vec<serde_json::Value> = app
        .get("/dev/mailbox.json?to=other@example.com")
        .await
        .json()
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn the_dev_mailbox_does_not_exist_when_turned_off() {
    let app = spawn_app_with(|c| c.dev_mailbox = false).await;
    assert_eq!(app.get("/dev/mailbox").await.status(), 404);
    assert_eq!(app.get("/dev/mailbox.json").await.status(), 404);
}
