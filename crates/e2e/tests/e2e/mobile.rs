//! Changing the mobile number end to end, from Profile to a relinked
//! e-wallet: a beneficiary with a linked e-wallet unlinks it ("Ya,
//! Putuskan Rekening"), enters the new number, types the code texted to
//! it, and links the e-wallet again, which works only with the new number.
//! A person who is not a beneficiary is told what to do instead.

use crate::harness::{Harness, start};
use crate::profile::{log_in, ready_account};
use crate::registration::PASSWORD;

/// Marks the account a beneficiary of this programme year, as the API's
/// import command does.
async fn make_beneficiary(h: &Harness, email: &str) {
    let now = h.clock_now();
    let year = akun_api::account::beneficiaries::programme_year(now);
    akun_api::account::beneficiaries::import(&h.db.pool, now, year, "import", email)
        .await
        .expect("importing the beneficiary");
}

/// Links an e-wallet on the payout page with `number`.
async fn link_wallet(h: &Harness, number: &str) {
    h.open("/account/payout").await;
    h.wait_attr_absent("#payout-none", "hidden").await;
    h.fits("payout").await;
    h.type_into("wallet-number", number).await;
    h.click("payout-submit").await;
}

#[tokio::test]
async fn a_beneficiary_unlinks_changes_the_number_and_links_the_wallet_again() {
    let h = start().await;
    let email = "ganti.e2e@example.com";
    ready_account(&h, email, 21, "081355556666").await;
    make_beneficiary(&h, email).await;
    log_in(&h, email, PASSWORD).await;

    // An e-wallet on the current number.
    link_wallet(&h, "081355556666").await;
    h.wait_text("#payout-linked", "GoPay").await;

    // Profile, "Ubah": the wallet must be unlinked first.
    h.open("/account/profile").await;
    h.click("profile-change-phone").await;
    h.wait_path("/account/phone/change").await;
    h.wait_attr("#change-phone", "data-step", "unlink").await;
    h.fits("change-phone-unlink").await;
    h.click("unlink-payout").await;
    h.wait_attr("#change-phone", "data-step", "number").await;
    assert!(
        h.text("#payout-unlinked")
            .await
            .contains("Rekening sudah diputus")
    );

    // The new number, then the code texted to it.
    h.type_into("new-phone", "081377778888").await;
    h.click("new-phone-submit").await;
    h.wait_attr("#change-phone", "data-step", "code").await;
    h.wait_text("#code-sent-to", "8888").await;
    let (_, _, sms) = h.last_mail("+6281377778888", "phone_code").await;
    let at = sms.find(|c: char| c.is_ascii_digit()).unwrap();
    h.type_into("code-1", &sms[at..at + 6]).await;
    h.click("code-submit").await;
    h.wait_attr("#change-phone", "data-step", "done").await;
    h.fits("change-phone-done").await;

    // The reminder leads to the payout page: the old number is refused,
    // the new one accepted.
    h.click("link-again").await;
    h.wait_path("/account/payout").await;
    link_wallet(&h, "081355556666").await;
    h.wait_text("#wallet-number-error", "").await;
    assert!(h.attr("#wallet-number", "aria-invalid").await.as_deref() == Some("true"));
    h.clear("wallet-number").await;
    h.type_into("wallet-number", "081377778888").await;
    h.click("payout-submit").await;
    h.wait_text("#payout-linked", "GoPay").await;
    h.fits("payout-linked").await;
    h.close().await;
}

#[tokio::test]
async fn a_person_who_is_not_a_beneficiary_is_told_what_to_do_instead() {
    let h = start().await;
    let email = "bukan.e2e@example.com";
    ready_account(&h, email, 22, "081399990000").await;
    log_in(&h, email, PASSWORD).await;
    h.open("/account/phone/change").await;
    h.wait_attr("#change-phone", "data-step", "not-beneficiary")
        .await;
    assert!(
        h.text("#not-beneficiary")
            .await
            .contains("penerima manfaat")
    );
    assert!(h.attr("#change-phone-report", "href").await.is_some());
    h.close().await;
}
