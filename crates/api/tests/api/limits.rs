//! Whose counter a request uses: the client address behind a trusted proxy
//! (an IPv6 client by its /64; an unreadable forwarding entry stops at the
//! proxy), and an email address by its inbox.

use serde_json::json;
use sqlx::Row;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

/// Fills the counter `key` to its rule's limit for the current window, as
/// that many requests would have.
async fn fill(app: &TestApp, key: &str, count: i64) {
    sqlx::query(
        "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET window_start = $2, count = $3",
    )
    .bind(key)
    .bind(app.clock_now())
    .bind(count)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

/// A captcha asked for through the proxy, which forwards `forwarded`.
async fn captcha_via_proxy(app: &TestApp, forwarded: &str) -> u16 {
    app.client
        .get(app.url("/api/captcha"))
        .header("x-forwarded-for", forwarded)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The API behind a proxy on loopback, the address the tests connect from.
async fn behind_a_proxy() -> TestApp {
    spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await
}

#[tokio::test]
async fn every_address_of_an_ipv6_64_shares_one_per_client_counter() {
    let app = behind_a_proxy().await;
    // The phone has used up its /64's captchas from one of its addresses.
    fill(&app, "captcha-ip:2001:db8:1:2::/64", 1200).await;

    // Any other address it picks in its /64 is the same client.
    for address in ["2001:db8:1:2::beef", "2001:db8:1:2:a:b:c:d"] {
        assert_eq!(captcha_via_proxy(&app, address).await, 429, "{address}");
    }
    // The next /64 and IPv4 clients are someone else.
    assert_eq!(captcha_via_proxy(&app, "2001:db8:1:3::1").await, 200);
    assert_eq!(captcha_via_proxy(&app, "198.51.100.7").await, 200);
    let keys: Vec<String> = sqlx::query("SELECT key FROM rate_limits ORDER BY key")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        keys,
        [
            "captcha-ip:198.51.100.7",
            "captcha-ip:2001:db8:1:2::/64",
            "captcha-ip:2001:db8:1:3::/64"
        ]
    );
}

#[tokio::test]
async fn behind_the_proxy_an_unreadable_forwarded_entry_counts_as_the_proxy() {
    let app = behind_a_proxy().await;
    // The proxy (loopback here) has used up its own counter.
    fill(&app, "captcha-ip:127.0.0.1", 1200).await;

    // The proxy could not say who its client was: what stands left of that
    // entry came through an unknown hop and is not believed.
    for forwarded in [
        "198.51.100.7, unknown",
        "198.51.100.7, _hidden",
        "198.51.100.7,",
    ] {
        assert_eq!(captcha_via_proxy(&app, forwarded).await, 429, "{forwarded}");
    }
    // A readable entry is the client, as before.
    assert_eq!(captcha_via_proxy(&app, "198.51.100.7").await, 200);
}

async fn resend(app: &TestApp, email: &str) -> u16 {
    app.post_json("/api/register/resend", &json!({"email": email}))
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn tags_and_gmail_dots_do_not_give_an_inbox_a_second_counter() {
    let app = spawn_app().await;
    // One verification email a minute per inbox.
    assert_eq!(resend(&app, "b.udi+x@gmail.com").await, 202);
    for same_inbox in [
        "budi@googlemail.com",
        "BUDI+other@gmail.com",
        "bu.di@gmail.com",
    ] {
        assert_eq!(resend(&app, same_inbox).await, 429, "{same_inbox}");
    }
    // Dots are part of the name outside Gmail.
    assert_eq!(resend(&app, "b.udi@yahoo.co.id").await, 202);
    assert_eq!(resend(&app, "budi@yahoo.co.id").await, 202);
    assert_eq!(resend(&app, "budi+x@yahoo.co.id").await, 429);
}

#[tokio::test]
async fn registration_keeps_the_address_as_typed_while_counting_its_inbox() {
    let app = spawn_app().await;
    let r = app
        .post_json(
            "/api/register",
            &json!({"email": "B.Udi+prakerja@gmail.com", "password": "kopi tubruk pagi hari", "accept_terms": true}),
        )
        .await;
    assert_eq!(r.status(), 202);
    let stored: String = sqlx::query("SELECT email FROM accounts")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, "b.udi+prakerja@gmail.com");
    // Its verification email started the inbox's cooldown.
    assert_eq!(resend(&app, "budi@gmail.com").await, 429);
}
