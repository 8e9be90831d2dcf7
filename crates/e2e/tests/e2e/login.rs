//! Login end to end: captcha, password, the emailed one-time code, the
//! dashboard, the sessions page and logging out; and the 2-hour wait for
//! new codes, shown with its time and countdown.

use akun_api::captcha::hash_answer;
use sqlx::Row;

use crate::harness::{Harness, start};
use crate::registration::{PASSWORD, register_through_the_form};

/// The answer every open captcha gets: the product draws real pictures and
/// keeps only the answer's hash, which the test replaces.
const ANSWER: &str = "ab3de";

/// Waits for the login page's picture, then makes the answer known.
pub async fn know_the_captcha(h: &Harness) {
    h.wait_attr_prefix("#captcha-image", "src", "data:image/png;base64,")
        .await;
    let ids: Vec<String> = sqlx::query("SELECT id FROM captchas WHERE used_at IS NULL")
        .fetch_all(&h.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    for id in ids {
        sqlx::query("UPDATE captchas SET answer_hash = $1 WHERE id = $2")
            .bind(hash_answer(h.secret(), &id, ANSWER))
            .bind(&id)
            .execute(&h.db.pool)
            .await
            .unwrap();
    }
}

/// The newest login code emailed to `email`.
pub async fn last_code(h: &Harness, email: &str) -> String {
    code_in(h, email, "login_code").await
}

/// The code in the newest message of `template` to `to` (an email address
/// or, for SMS, a phone number).
pub async fn code_in(h: &Harness, to: &str, template: &str) -> String {
    let (_, _, text) = h.last_mail(to, template).await;
    let at = text
        .find(|c: char| c.is_ascii_digit())
        .expect("a code in the email");
    text[at..at + 6].to_owned()
}

async fn codes_sent(h: &Harness, email: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND template = 'login_code'")
        .bind(email)
        .fetch_one(&h.db.pool)
        .await
        .unwrap()
        .get(0)
}

/// An account that registered through the form and is active.
pub async fn active_account(h: &Harness, email: &str) {
    register_through_the_form(h, email).await;
    sqlx::query("UPDATE accounts SET status = 'active' WHERE email = $1")
        .bind(email)
        .execute(&h.db.pool)
        .await
        .unwrap();
}

/// Email, password and the captcha, through the form, up to the code page.
async fn password_step(h: &Harness, email: &str) {
    password_step_with(h, email, PASSWORD).await;
}

pub async fn password_step_with(h: &Harness, email: &str, password: &str) {
    h.open("/login").await;
    h.type_into("email", email).await;
    h.type_into("password", password).await;
    know_the_captcha(h).await;
    h.type_into("captcha", &ANSWER.to_uppercase()).await;
    h.click("login-submit").await;
    h.wait_path("/login/code").await;
}

#[tokio::test]
async fn a_person_logs_in_with_captcha_and_emailed_code_sees_the_dashboard_and_logs_out() {
    let h = start().await;
    let email = "sari.e2e@example.com";
    register_through_the_form(&h, email).await;

    // Not verified yet: told so, with a button for a new link.
    h.open("/login").await;
    h.type_into("email", email).await;
    h.type_into("password", PASSWORD).await;
    know_the_captcha(&h).await;
    h.type_into("captcha", ANSWER).await;
    h.click("login-submit").await;
    h.wait_text("#login-unverified", "Verifikasi email dulu")
        .await;
    assert!(h.attr("#resend", "id").await.is_some());

    // The emailed link activates the account.
    let (_, _, text) = h.last_mail(email, "verify_email").await;
    let link = Harness::link_in(&text, &format!("{}/verify#token=", h.base));
    h.browser.goto(&link).await.unwrap();
    h.wait_attr("#verify-result", "data-state", "active").await;
    h.click("verify-login").await;
    h.wait_path("/login").await;

    // A wrong picture code: one message for every failure, a new picture,
    // and the box emptied for it.
    h.type_into("email", email).await;
    h.type_into("password", PASSWORD).await;
    know_the_captcha(&h).await;
    let first_picture = h.attr("#captcha-image", "src").await;
    h.type_into("captcha", "wrong").await;
    h.click("login-submit").await;
    h.wait_text("main .alert", "Email, kata sandi, atau kode gambar salah")
        .await;
    h.wait_attr_prefix("#captcha-image", "src", "data:image/png")
        .await;
    assert_ne!(h.attr("#captcha-image", "src").await, first_picture);
    assert_eq!(h.value("captcha").await, "");
    assert_eq!(h.path().await, "/login");
    h.fits("login-wrong-captcha").await;

    // Right this time: on to the code, which went to the masked address.
    know_the_captcha(&h).await;
    h.type_into("captcha", ANSWER).await;
    h.click("login-submit").await;
    h.wait_path("/login/code").await;
    h.wait_text("#code-sent-to", "sa***@example.com").await;
    h.fits("login-code").await;
    assert!(h.text("#code-life").await.contains("menit"));
    assert_eq!(
        h.attr("#code-1", "autocomplete").await.as_deref(),
        Some("one-time-code")
    );
    assert_eq!(
        h.attr("#code-1", "inputmode").await.as_deref(),
        Some("numeric")
    );

    // A wrong code says how many tries are left.
    let code = last_code(&h, email).await;
    let wrong: String = code
        .chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                char::from(c as u8 + 1)
            }
        })
        .collect();
    h.type_into("code-1", &wrong).await;
    h.click("code-submit").await;
    h.wait_text("#code-error", "Sisa 4 kali percobaan").await;
    h.fits("login-code-wrong").await;
    assert_eq!(
        h.attr("#code-1", "aria-invalid").await.as_deref(),
        Some("true")
    );

    // The whole code, typed into the first box, spreads over all six.
    h.type_into("code-1", &code).await;
    assert_eq!(h.value("code-6").await, &code[5..]);
    h.click("code-submit").await;
    h.wait_path("/account").await;
    h.wait_text("#greeting", &format!("Halo, {email}!")).await;
    assert_eq!(h.text("#account-status").await, "Aktif");
    h.fits("dashboard").await;
    assert!(h.attr("#nav-account", "href").await.is_some());

    // Security: this device, marked.
    h.click("dashboard-security").await;
    h.wait_path("/account/sessions").await;
    h.wait_text("#this-device", "Perangkat ini").await;
    assert!(h.text("#devices").await.contains("Android"));
    h.fits("sessions").await;

    // Logging out ends the session on the server.
    h.open("/account").await;
    h.wait_text("#greeting", "Halo").await;
    h.click("logout").await;
    h.wait_path("/login").await;
    h.wait_text("#login-note", "Kamu sudah keluar").await;
    h.open("/account").await;
    h.wait_path("/login").await;
    h.wait_text("#login-note", "Sesi kamu sudah berakhir").await;
    h.close().await;
}

#[tokio::test]
async fn after_five_new_codes_the_screen_shows_when_codes_return_and_counts_down() {
    let h = start().await;
    let email = "tono.e2e@example.com";
    active_account(&h, email).await;
    password_step(&h, email).await;
    h.wait_text("#new-code-left", "Sisa 5 dari 5").await;

    for left in (0..5).rev() {
        h.click("new-code").await;
        h.wait_text("#new-code-status", "Kode baru sudah dikirim")
            .await;
        if left > 0 {
            h.wait_text("#new-code-left", &format!("Sisa {left} dari 5"))
                .await;
        }
    }
    assert_eq!(codes_sent(&h, email).await, 6);

    // Two hours from the fifth new code, at the phone's time of day.
    h.wait_attr_absent("#codes-locked", "hidden").await;
    let expected = h
        .js("const d = new Date(Date.now() + 7200e3); \
             return String(d.getHours()).padStart(2, '0') + '.' + String(d.getMinutes()).padStart(2, '0');")
        .await;
    let locked = h.text("#codes-locked").await;
    assert!(
        locked.contains(&format!("pukul {}", expected.as_str().unwrap())),
        "{locked}"
    );
    assert!(
        locked.contains("Tunggu 2 jam lagi") || locked.contains("1 jam 59 menit"),
        "{locked}"
    );
    assert!(h.attr("#new-code", "disabled").await.is_some());
    h.fits("login-code-wait").await;
    // The last code still works meanwhile, and the wait holds after a reload
    // (it is kept by the API, not the page).
    h.browser.refresh().await.unwrap();
    h.wait_attr_absent("#codes-locked", "hidden").await;
    assert!(h.attr("#new-code", "disabled").await.is_some());

    // A code whose email could not be delivered is replaced for free, even
    // during the wait.
    sqlx::query(
        "UPDATE outbox SET status = 'failed' WHERE id = (SELECT MAX(id) FROM outbox WHERE template = 'login_code')",
    )
    .execute(&h.db.pool)
    .await
    .unwrap();
    h.browser.refresh().await.unwrap();
    h.wait_attr_absent("#code-delivery-failed", "hidden").await;
    assert!(h.attr("#new-code", "disabled").await.is_none());
    h.click("new-code").await;
    h.wait_text("#new-code-status", "Kode baru sudah dikirim")
        .await;
    assert_eq!(codes_sent(&h, email).await, 7);

    h.type_into("code-1", &last_code(&h, email).await).await;
    h.click("code-submit").await;
    h.wait_path("/account").await;
    h.close().await;
}
