//! Forgotten password end to end, all three ways: email; mobile number and
//! date of birth; NIK and date of birth. Each link is read from the outbox
//! (email or SMS), opened, and used; the last new password logs in.

use crate::harness::{Harness, start};
use crate::profile::{log_in, ready_account};

/// Sends the form and waits for the pop-up, then lets the API's worker
/// handle the request.
async fn send_and_process(h: &Harness) {
    h.click("forgot-submit").await;
    h.wait_attr("#forgot-sent", "open", "true").await;
    h.process_resets().await;
}

/// Opens `link` and sets `password` with it.
async fn reset_with(h: &Harness, link: &str, password: &str) {
    h.browser.goto(link).await.unwrap();
    h.wait_attr("#reset-result", "data-state", "ready").await;
    let url = h.browser.current_url().await.unwrap();
    assert!(url.fragment().is_none_or(|f| !f.contains("token")), "{url}");
    h.type_into("new-password", password).await;
    h.type_into("new-password-repeat", password).await;
    h.click("reset-submit").await;
    h.wait_attr("#reset-result", "data-state", "done").await;
}

#[tokio::test]
async fn each_way_sends_a_link_that_sets_a_new_password() {
    let h = start().await;
    let email = "lupa.e2e@example.com";
    let phone = "081311112222";
    let person = ready_account(&h, email, 11, phone).await;
    let link_prefix = format!("{}/reset#token=", h.base);

    // By email: the pop-up names the address typed.
    h.click("login-forgot").await;
    h.wait_path("/forgot").await;
    h.click("way-email").await;
    h.type_into("email", email).await;
    send_and_process(&h).await;
    assert_eq!(h.text("#forgot-sent-to").await, email);
    h.fits("forgot-sent-email").await;
    let (_, _, text) = h.last_mail(email, "reset_link").await;
    let link = Harness::link_in(&text, &link_prefix);
    reset_with(&h, &link, "sepeda ontel merah").await;
    // A link works once.
    h.browser.goto(&link).await.unwrap();
    h.wait_attr("#reset-result", "data-state", "used").await;
    assert!(h.attr("#reset-again", "href").await.is_some());

    // By mobile number and date of birth. A wrong date gets the same
    // pop-up, and nothing is sent.
    let day: u32 = person.date_of_birth[..2].parse().unwrap();
    let wrong = format!(
        "{:02}{}",
        if day < 28 { day + 1 } else { day - 1 },
        &person.date_of_birth[2..]
    );
    let sms_before = h.sent_count("+6281311112222").await;
    h.open("/forgot").await;
    h.type_into("phone", phone).await;
    h.type_into("dob", &wrong).await;
    send_and_process(&h).await;
    assert!(h.text("#forgot-sent-both").await.contains("email dan SMS"));
    assert_eq!(
        h.sent_count("+6281311112222").await,
        sms_before,
        "nothing sent"
    );

    // The right date: the link comes by SMS too, with the account's email
    // masked.
    h.open("/forgot").await;
    h.type_into("phone", phone).await;
    h.type_into("dob", &person.date_of_birth).await;
    send_and_process(&h).await;
    let (_, _, sms) = h.last_mail("+6281311112222", "reset_link_sms").await;
    assert!(sms.contains("lu***@example.com"), "{sms}");
    let link = Harness::link_in(&sms, &link_prefix);
    reset_with(&h, &link, "layang layang biru").await;

    // By NIK and date of birth, an hour later (an account gets at most 3
    // reset messages an hour). A date the NIK does not carry is caught in
    // the browser.
    h.clock.advance(std::time::Duration::from_secs(3660));
    let before = h.last_mail(email, "reset_link").await.2;
    h.open("/forgot").await;
    h.click("way-nik").await;
    h.type_into("nik", &person.nik).await;
    h.type_into("dob", &wrong).await;
    let requests = h.api_requests().await;
    h.click("forgot-submit").await;
    h.wait_text("#nik-error", "tidak cocok").await;
    assert_eq!(h.api_requests().await, requests);

    h.open("/forgot").await;
    h.click("way-nik").await;
    h.type_into("nik", &person.nik).await;
    h.type_into("dob", &person.date_of_birth).await;
    send_and_process(&h).await;
    let (_, _, text) = h.last_mail(email, "reset_link").await;
    assert_ne!(text, before);
    let link = Harness::link_in(&text, &link_prefix);
    reset_with(&h, &link, "kapal laut putih").await;
    h.fits("reset-done").await;

    h.click("reset-login").await;
    h.wait_path("/login").await;
    log_in(&h, email, "kapal laut putih").await;
    h.wait_text("#greeting", person.first_name()).await;
    h.close().await;
}
