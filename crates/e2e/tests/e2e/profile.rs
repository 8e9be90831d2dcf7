//! The identity profile end to end: completing it with a resident of the
//! embedded civil registry, verifying the phone with the texted code,
//! changing the password and logging in with the new one; and help answers
//! opened by deep link, in both languages, and found by search.

use crate::harness::{Harness, start};
use crate::login::{active_account, code_in, last_code, password_step_with};
use crate::registration::PASSWORD;

/// The registry the API starts with: `cargo xtask gen-registry` writes it.
const REGISTRY: &str = include_str!("../../../api/data/registry.csv");

pub struct Resident {
    pub nik: String,
    pub kk: String,
    pub name: String,
    pub date_of_birth: String,
}

impl Resident {
    /// How the dashboard greets them.
    pub fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or_default()
    }
}

/// The resident on line `n` of the registry (after the header).
pub fn resident(n: usize) -> Resident {
    let line = REGISTRY.lines().nth(n + 1).expect("a resident");
    let cols: Vec<&str> = line.split(',').collect();
    Resident {
        nik: cols[0].into(),
        kk: cols[1].into(),
        name: cols[2].into(),
        date_of_birth: cols[4].into(),
    }
}

/// The day after `dd/mm/yyyy`, within the month (or the day before at its
/// end): a plausible date that the NIK does not carry.
fn another_day(date: &str) -> String {
    let day: u32 = date[..2].parse().unwrap();
    let other = if day < 28 { day + 1 } else { day - 1 };
    format!("{other:02}{}", &date[2..])
}

pub async fn log_in(h: &Harness, email: &str, password: &str) {
    password_step_with(h, email, password).await;
    h.type_into("code-1", &last_code(h, email).await).await;
    h.click("code-submit").await;
    h.wait_path("/account").await;
}

/// An active account with the identity of resident `n` and the verified
/// mobile number `phone` (`08...`), logged out again.
pub async fn ready_account(h: &Harness, email: &str, n: usize, phone: &str) -> Resident {
    let person = resident(n);
    active_account(h, email).await;
    log_in(h, email, PASSWORD).await;
    h.open("/account/identity").await;
    h.type_into("nik", &person.nik).await;
    h.type_into("kk", &person.kk).await;
    h.type_into("dob", &person.date_of_birth).await;
    h.type_into("phone", phone).await;
    h.click("identity-submit").await;
    h.wait_path("/account/phone").await;
    let e164 = format!("+62{}", &phone[1..]);
    h.wait_text("#code-sent-to", &phone[phone.len() - 4..])
        .await;
    h.type_into("code-1", &code_in(h, &e164, "phone_code").await)
        .await;
    h.click("code-submit").await;
    h.wait_attr_absent("#phone-verified", "hidden").await;
    h.open("/account").await;
    h.wait_text("#greeting", person.first_name()).await;
    h.click("logout").await;
    h.wait_path("/login").await;
    person
}

#[tokio::test]
async fn a_person_completes_the_identity_verifies_the_phone_and_changes_the_password() {
    let h = start().await;
    let email = "wati.e2e@example.com";
    let person = resident(7);
    active_account(&h, email).await;
    log_in(&h, email, PASSWORD).await;

    // The dashboard asks for the identity first.
    h.wait_text("#next-step", "Lengkapi identitas").await;
    h.click("next-step-go").await;
    h.wait_path("/account/identity").await;
    h.fits("identity").await;

    // A date of birth that the NIK does not carry is caught in the browser.
    let requests = h.api_requests().await;
    h.type_into("nik", &person.nik).await;
    h.type_into("kk", &person.kk).await;
    h.type_into("dob", &another_day(&person.date_of_birth))
        .await;
    h.type_into("phone", "081298765432").await;
    h.click("identity-submit").await;
    h.wait_text("#nik-error", "tidak cocok dengan tanggal lahir")
        .await;
    assert_eq!(
        h.attr("#nik", "aria-invalid").await.as_deref(),
        Some("true")
    );
    assert_eq!(
        h.api_requests().await,
        requests,
        "no request with a known mistake"
    );
    h.fits("identity-error").await;

    // The right date: saved, and a code is texted to the number.
    h.clear("dob").await;
    h.type_into("dob", &person.date_of_birth).await;
    h.click("identity-submit").await;
    h.wait_path("/account/phone").await;
    h.wait_text("#code-sent-to", "5432").await;
    h.fits("phone-code").await;
    let code = code_in(&h, "+6281298765432", "phone_code").await;
    h.type_into("code-1", &code).await;
    h.click("code-submit").await;
    h.wait_attr_absent("#phone-verified", "hidden").await;

    // The profile shows the registry's name, read-only, and masked numbers.
    h.open("/account/profile").await;
    h.wait_text(
        "#profile-name",
        &akun_api::account::identity::mask_name(&person.name),
    )
    .await;
    assert!(
        h.text("#profile-name-note")
            .await
            .contains("tidak bisa diubah")
    );
    let nik = h.text("#profile-nik").await;
    assert!(nik.contains('*') && !nik.contains(&person.nik), "{nik}");
    assert!(h.text("#profile-phone").await.contains("terverifikasi"));
    h.fits("profile").await;

    // Change the password.
    h.click("profile-password").await;
    h.wait_path("/account/password").await;
    let new_password = "teh manis sore hari";
    h.type_into("current-password", PASSWORD).await;
    h.type_into("new-password", new_password).await;
    h.type_into("new-password-repeat", new_password).await;
    h.click("password-submit").await;
    h.wait_text("main", "Kata sandi sudah diubah").await;
    let (_, subject, _) = h.last_mail(email, "password_changed").await;
    assert!(!subject.is_empty());
    h.fits("password-changed").await;

    // Log out, then in with the new password.
    h.open("/account").await;
    h.wait_text("#greeting", person.first_name()).await;
    h.click("logout").await;
    h.wait_path("/login").await;
    log_in(&h, email, new_password).await;
    h.wait_text("#greeting", person.first_name()).await;
    assert_eq!(
        h.js("return document.getElementById('next-step') === null")
            .await,
        true,
        "nothing left to do"
    );
    h.close().await;
}

#[tokio::test]
async fn a_help_answer_opens_by_deep_link_in_both_languages_and_search_finds_it() {
    let h = start().await;
    h.open("/help#misuse").await;
    h.wait_attr("#misuse", "open", "true").await;
    assert!(
        h.text("#misuse")
            .await
            .contains("Akun saya dipakai orang lain")
    );
    h.fits("help-misuse").await;

    h.click("lang-switch").await;
    h.open("/help#changing-name").await;
    h.wait_attr("#changing-name", "open", "true").await;
    assert!(
        h.text("#changing-name")
            .await
            .contains("Can I change my name?")
    );

    // Search keeps only the questions with every word typed.
    h.type_into("help-search", "deleted").await;
    h.wait_attr_absent("#account-deletion", "hidden").await;
    assert!(h.attr("#registering", "hidden").await.is_some());
    h.type_into("help-search", " zzzz").await;
    h.wait_text("#help-no-results", "No question matches").await;
    h.close().await;
}
