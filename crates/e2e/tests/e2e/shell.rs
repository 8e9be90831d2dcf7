use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::harness::{HEIGHT, WIDTH, eventually, start};

#[tokio::test]
async fn the_shell_renders_in_indonesian_and_switches_to_english() {
    let h = start().await;
    h.open("/").await;
    assert_eq!(h.html_lang().await, "id");
    assert_eq!(h.text("main h1").await, "Selamat datang di akun Prakerja");
    assert_eq!(h.text("#nav-register").await, "Daftar");

    h.browser
        .find(Locator::Id("lang-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    h.wait_text("main h1", "Welcome to akun Prakerja").await;
    assert_eq!(h.html_lang().await, "en");
    assert_eq!(h.text("#nav-register").await, "Register");

    // The choice survives a reload.
    h.open("/").await;
    assert_eq!(h.html_lang().await, "en");
    assert_eq!(h.text("main h1").await, "Welcome to akun Prakerja");
    h.close().await;
}

#[tokio::test]
async fn every_route_loads_and_fits_a_phone_screen() {
    let h = start().await;
    h.open("/").await;
    let viewport = h.js("return [window.innerWidth, window.innerHeight]").await;
    assert_eq!(
        viewport[0].as_u64().unwrap(),
        u64::from(WIDTH),
        "viewport {viewport}"
    );
    assert!(
        viewport[1].as_u64().unwrap() <= u64::from(HEIGHT),
        "viewport {viewport}"
    );
    for (path, heading) in [
        ("/", "Selamat datang di akun Prakerja"),
        ("/register", "Daftar akun"),
        ("/login", "Masuk ke akun"),
        ("/login/code", "Masukkan kode OTP"),
        ("/help", "Pusat Bantuan"),
        ("/security", "Panduan keamanan akun"),
        ("/misuse", "Akun disalahgunakan"),
        ("/no/such/page", "Halaman tidak ditemukan"),
    ] {
        h.open(path).await;
        h.wait_text("main h1", heading).await;
        let overflow = h
            .js("return document.documentElement.scrollWidth - window.innerWidth")
            .await;
        assert!(
            overflow.as_i64().unwrap() <= 0,
            "{path} scrolls sideways by {overflow}px at {WIDTH}px"
        );
    }
    h.close().await;
}

#[tokio::test]
async fn the_help_page_opens_from_the_menu() {
    let h = start().await;
    h.open("/").await;
    h.browser
        .find(Locator::Id("nav-help"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    h.wait_text("main h1", "Pusat Bantuan").await;
    assert!(
        h.browser
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/help")
    );
    let questions = h
        .js("return document.querySelectorAll('main details').length")
        .await;
    assert!(
        questions.as_u64().unwrap() >= 4,
        "help questions: {questions}"
    );
    h.close().await;
}

async fn type_bad_email_and_leave(h: &crate::harness::Harness) {
    let email = h.browser.find(Locator::Id("email")).await.unwrap();
    email.send_keys("budi@").await.unwrap();
    // Leaving the field (Tab) shows its error, as a keyboard user would.
    email
        .send_keys(&String::from(char::from(Key::Tab)))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_bad_email_gets_a_translated_error_next_to_the_field_without_a_request() {
    let h = start().await;
    h.open("/register").await;
    // The rule is visible before typing.
    assert!(!h.text("#email-hint").await.is_empty());
    type_bad_email_and_leave(&h).await;
    h.wait_text("#email-error", "Format email belum benar")
        .await;
    assert_eq!(
        h.attr("#email", "aria-invalid").await.as_deref(),
        Some("true")
    );
    let described = h
        .attr("#email", "aria-describedby")
        .await
        .unwrap_or_default();
    assert!(
        described.split(' ').any(|id| id == "email-error"),
        "aria-describedby={described}"
    );
    let api_calls = h
        .js("return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/')).length")
        .await;
    assert_eq!(api_calls, 0, "validation must happen in the browser");

    // Correcting it clears the error as the person types.
    let email = h.browser.find(Locator::Id("email")).await.unwrap();
    email.send_keys("example.com").await.unwrap();
    let browser = &h.browser;
    eventually(
        "the error to clear",
        Duration::from_secs(10),
        || async move { browser.find(Locator::Id("email-error")).await.is_err() },
    )
    .await;
    assert_ne!(
        h.attr("#email", "aria-invalid").await.as_deref(),
        Some("true")
    );
    h.close().await;
}

#[tokio::test]
async fn the_same_error_reads_in_english_after_switching_language() {
    let h = start().await;
    h.open("/register").await;
    h.browser
        .find(Locator::Id("lang-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    h.wait_text("main h1", "Create your account").await;
    type_bad_email_and_leave(&h).await;
    h.wait_text("#email-error", "This is not a valid email address")
        .await;
    h.close().await;
}

#[tokio::test]
async fn both_bundles_render_under_their_content_security_policy() {
    let h = start().await;
    h.open("/login").await;
    let policy = h
        .js("return fetch(location.href).then(r => r.headers.get('content-security-policy'))")
        .await;
    let policy = policy.as_str().unwrap_or_default().to_owned();
    assert!(policy.contains("script-src 'self' 'sha384-"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    // The loader ran (by its hash), the wasm started, and the captcha's
    // `data:` picture loaded.
    h.wait_attr_prefix("#captcha-image", "src", "data:image/png;base64,")
        .await;
    let shown = h
        .js("return document.getElementById('captcha-image').naturalWidth")
        .await;
    assert!(shown.as_u64().unwrap_or(0) > 0, "the captcha did not load");
    // English comes from a file fetched under the same policy.
    h.click("lang-switch").await;
    h.wait_text("main h1", "Log in to your account").await;
    // The account bundle's own loader runs too: not signed in, it sends
    // the person to Log in.
    h.open("/account").await;
    h.wait_path("/login").await;
    h.close().await;
}
