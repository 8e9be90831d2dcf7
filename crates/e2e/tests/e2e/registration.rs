use akun_api::db::Db;
use fantoccini::key::Key;
use sqlx::Row;

use crate::harness::{Harness, start};

pub const PASSWORD: &str = "kopi tubruk pagi hari";

async fn status_of(db: &Db, email: &str) -> Option<String> {
    sqlx::query("SELECT status FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(&db.pool)
        .await
        .unwrap()
        .map(|r| r.get(0))
}

/// Fills the form as a person would and sends it.
pub async fn register_through_the_form(h: &Harness, email: &str) {
    h.open("/register").await;
    h.type_into("email", email).await;
    h.type_into("password", PASSWORD).await;
    h.type_into("password-repeat", PASSWORD).await;
    h.click("accept-terms").await;
    h.click("register-submit").await;
    h.wait_path("/register/check-email").await;
    h.wait_text("#sent-to", email).await;
}

#[tokio::test]
async fn a_person_registers_in_indonesian_opens_the_emailed_link_and_the_account_is_active() {
    let h = start().await;
    let email = "budi.e2e@example.com";
    register_through_the_form(&h, email).await;
    assert_eq!(status_of(&h.db, email).await.as_deref(), Some("unverified"));

    // The check-email page counts down before another email can be asked for.
    assert!(
        h.attr("#resend", "disabled").await.is_some(),
        "resend waits for its cooldown"
    );
    assert!(
        h.text("#resend-status")
            .await
            .chars()
            .any(|c| c.is_ascii_digit())
    );
    assert!(
        h.attr("#report-link", "href")
            .await
            .unwrap_or_default()
            .ends_with("/report")
    );

    let (lang, subject, text) = h.last_mail(email, "verify_email").await;
    assert_eq!(lang, "id");
    assert_eq!(subject, "Aktifkan akun Prakerja kamu");
    let link = Harness::link_in(&text, &format!("{}/verify#token=", h.base));
    h.browser.goto(&link).await.unwrap();
    h.wait_attr("#verify-result", "data-state", "active").await;
    assert!(h.text("#verify-result").await.contains("bu***@example.com"));
    assert_eq!(status_of(&h.db, email).await.as_deref(), Some("active"));
    // The token does not stay in the address bar.
    let url = h.browser.current_url().await.unwrap();
    assert!(url.fragment().is_none_or(|f| !f.contains("token")), "{url}");

    h.click("verify-login").await;
    h.wait_path("/login").await;

    // The same link a second time says it was used.
    h.browser.goto(&link).await.unwrap();
    h.wait_attr("#verify-result", "data-state", "used").await;
    h.close().await;
}

#[tokio::test]
async fn a_person_registers_in_english_and_everything_speaks_english() {
    let h = start().await;
    h.open("/").await;
    h.click("lang-switch").await;
    h.wait_text("main h1", "Welcome to akun Prakerja").await;
    let email = "siti.e2e@example.com";
    register_through_the_form(&h, email).await;
    let (lang, subject, text) = h.last_mail(email, "verify_email").await;
    assert_eq!(lang, "en");
    assert_eq!(subject, "Activate your Prakerja account");
    let link = Harness::link_in(&text, &format!("{}/verify#token=", h.base));
    h.browser.goto(&link).await.unwrap();
    h.wait_attr("#verify-result", "data-state", "active").await;
    assert_eq!(h.html_lang().await, "en");
    assert_eq!(status_of(&h.db, email).await.as_deref(), Some("active"));
    h.close().await;
}

#[tokio::test]
async fn a_too_common_password_gets_its_error_in_the_browser_without_a_request() {
    let h = start().await;
    h.open("/register").await;
    h.type_into("password", "password123").await;
    h.type_into("password", &String::from(char::from(Key::Tab)))
        .await;
    h.wait_text("#password-error", "").await;
    assert!(!h.text("#password-error").await.is_empty());
    assert_eq!(
        h.attr("#password", "aria-invalid").await.as_deref(),
        Some("true")
    );

    // Submitting with the errors keeps everything typed and sends nothing.
    h.type_into("email", "rina@example.com").await;
    h.click("register-submit").await;
    assert_eq!(h.api_requests().await, 0);
    let typed = h.js("return document.getElementById('email').value").await;
    assert_eq!(typed, "rina@example.com");
    assert!(status_of(&h.db, "rina@example.com").await.is_none());
    h.close().await;
}

#[tokio::test]
async fn an_expired_link_says_so_and_offers_a_new_one_that_works() {
    let h = start().await;
    let email = "andi.e2e@example.com";
    register_through_the_form(&h, email).await;
    let (_, _, text) = h.last_mail(email, "verify_email").await;
    let old = Harness::link_in(&text, &format!("{}/verify#token=", h.base));
    h.clock.advance(std::time::Duration::from_secs(25 * 3600));

    h.browser.goto(&old).await.unwrap();
    h.wait_attr("#verify-result", "data-state", "expired").await;
    h.type_into("resend-email", email).await;
    h.click("resend").await;
    // The resend is accepted once the page says so; the email is in the
    // outbox by then.
    h.wait_text("#resend-status", "").await;
    let db = &h.db;
    crate::harness::eventually(
        "a second verification email",
        std::time::Duration::from_secs(15),
        || async move {
            akun_api::outbox::list(db, Some(email), 10)
                .await
                .unwrap()
                .len()
                >= 2
        },
    )
    .await;
    let (_, _, text) = h.last_mail(email, "verify_email").await;
    let fresh = Harness::link_in(&text, &format!("{}/verify#token=", h.base));
    assert_ne!(fresh, old);
    h.browser.goto(&fresh).await.unwrap();
    h.wait_attr("#verify-result", "data-state", "active").await;
    h.close().await;
}
