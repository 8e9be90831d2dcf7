//! Routing end to end: deep links into each bundle, the address bar
//! following every click inside a bundle, back and forward, full loads
//! between bundles, and a submit button that a pointer press reaches even
//! when leaving a field shows its error.

use crate::harness::{Harness, Screen, start, start_on};
use crate::login::active_account;
use crate::profile::log_in;
use crate::registration::PASSWORD;

/// Follows the link with this id as a person does (Enter on it) and waits
/// until both the address bar and the page heading moved.
async fn follow(h: &Harness, id: &str, path: &str, heading: &str) {
    h.click(id).await;
    h.wait_path(path).await;
    h.wait_text("main h1", heading).await;
}

async fn back(h: &Harness, path: &str, heading: &str) {
    h.browser.back().await.unwrap();
    h.wait_path(path).await;
    h.wait_text("main h1", heading).await;
}

async fn forward(h: &Harness, path: &str, heading: &str) {
    h.browser.forward().await.unwrap();
    h.wait_path(path).await;
    h.wait_text("main h1", heading).await;
}

/// How many times the page was loaded from the server: a marker set on
/// `window` survives routing inside a bundle and vanishes on a full load.
async fn mark_window(h: &Harness) {
    h.js("window.__sameDocument = true; return null").await;
}

async fn same_document(h: &Harness) -> bool {
    h.js("return window.__sameDocument === true")
        .await
        .as_bool()
        == Some(true)
}

#[tokio::test]
async fn the_applicants_bundle_follows_links_back_and_forward_from_a_deep_link() {
    let h = start().await;
    h.open("/help#otp").await;
    assert!(h.attr("details#otp", "open").await.is_some());
    mark_window(&h).await;

    follow(&h, "nav-register", "/register", "Daftar akun").await;
    follow(&h, "nav-login", "/login", "Masuk ke akun").await;
    follow(&h, "login-forgot", "/forgot", "Lupa kata sandi").await;
    back(&h, "/login", "Masuk ke akun").await;
    back(&h, "/register", "Daftar akun").await;
    back(&h, "/help", "Pusat Bantuan").await;
    forward(&h, "/register", "Daftar akun").await;
    // All of it without loading the page again.
    assert!(same_document(&h).await);
    h.close().await;
}

#[tokio::test]
async fn the_account_bundle_follows_links_back_and_forward_and_leaves_for_the_other_bundle() {
    let h = start().await;
    let email = "routing@contoh.com";
    active_account(&h, email).await;
    log_in(&h, email, PASSWORD).await;

    // A deep link straight into the account bundle.
    h.open("/account/profile").await;
    h.wait_text("main h1", "Profil").await;
    mark_window(&h).await;
    follow(
        &h,
        "profile-password",
        "/account/password",
        "Ubah Kata Sandi",
    )
    .await;
    back(&h, "/account/profile", "Profil").await;
    follow(&h, "profile-back", "/account", "Akun saya").await;
    follow(
        &h,
        "dashboard-security",
        "/account/sessions",
        "Perangkat yang masuk",
    )
    .await;
    back(&h, "/account", "Akun saya").await;
    forward(&h, "/account/sessions", "Perangkat yang masuk").await;
    assert!(same_document(&h).await);

    // Help belongs to the applicant's bundle: a full load that shows it.
    follow(&h, "nav-help", "/help", "Pusat Bantuan").await;
    assert!(!same_document(&h).await);
    // And back into the account bundle from the applicant's header.
    mark_window(&h).await;
    follow(&h, "nav-account", "/account", "Akun saya").await;
    assert!(!same_document(&h).await);
    h.close().await;
}

#[tokio::test]
async fn a_pointer_press_on_submit_sends_the_form_even_when_leaving_a_field_shows_its_error() {
    // With a mouse: a press and a release at exact coordinates.
    let h = start_on(Screen::Desktop).await;
    let email = "tap@contoh.com";
    active_account(&h, email).await;
    log_in(&h, email, PASSWORD).await;
    h.open("/account/identity").await;
    // A NIK too short, and the finger goes straight to the button: the
    // field's error appears as it loses focus.
    h.type_into("nik", "3201").await;
    let before = h.api_requests().await;
    h.press_and_release("identity-submit").await;
    // The press reached the button: the form checked itself, showed every
    // error and moved focus to the first bad field, without a request.
    h.wait_attr("#nik", "aria-invalid", "true").await;
    let focused = h.js("return document.activeElement.id").await;
    assert_eq!(focused.as_str(), Some("nik"));
    assert!(
        h.js("return !!document.getElementById('kk-error')")
            .await
            .as_bool()
            == Some(true)
    );
    assert_eq!(h.api_requests().await, before);
    h.close().await;
}
