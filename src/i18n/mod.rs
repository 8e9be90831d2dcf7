//! The language a person reads, and the helpers that put text on a page.
//!
//! The texts themselves live in `akun-texts`: tables by language, whose
//! every key the compiler checks, with a table per bundle so that a
//! bundle carries only its own pages' texts (`t.public()`,
//! `t.account()`). Indonesian is compiled in; English is fetched the
//! first time someone chooses it ([`load_english`]). Error codes from the
//! API and from `akun-core` are translated by [`ErrorText::error`], an
//! exhaustive `match`: a new [`ErrorCode`] does not compile until both
//! languages say something about it. This costs far less than
//! `leptos_i18n` (+21 KB, see "Size budget" in DESIGN.md).

pub use akun_texts::{AccountTexts, EN, ID, PublicTexts, ReportTexts, Texts};

use akun_core::ErrorCode;
use akun_core::api::Lang;
use leptos::prelude::*;

/// The `localStorage` key that remembers the chosen language.
pub const STORAGE_KEY: &str = "akun.lang";

/// The message for an error code, in a table's language.
pub trait ErrorText {
    fn error(&self, code: ErrorCode) -> &'static str;
}

impl ErrorText for Texts {
    /// No wildcard arm: a new code must be translated before the app
    /// compiles (and added to [`ErrorCode::ALL`]).
    fn error(&self, code: ErrorCode) -> &'static str {
        match code {
            ErrorCode::EmailEmpty => self.err_email_empty(),
            ErrorCode::EmailTooLong => self.err_email_too_long(),
            ErrorCode::EmailInvalid => self.err_email_invalid(),
            ErrorCode::PasswordTooShort => self.err_password_too_short(),
            ErrorCode::PasswordTooLong => self.err_password_too_long(),
            ErrorCode::PasswordTooCommon => self.err_password_too_common(),
            ErrorCode::NikFormat => self.err_nik_format(),
            ErrorCode::NikRegion => self.err_nik_region(),
            ErrorCode::NikBirthDate => self.err_nik_birth_date(),
            ErrorCode::NikDobMismatch => self.err_nik_dob_mismatch(),
            ErrorCode::KkFormat => self.err_kk_format(),
            ErrorCode::KkRegion => self.err_kk_region(),
            ErrorCode::PhoneFormat => self.err_phone_format(),
            ErrorCode::PhoneNotMobile => self.err_phone_not_mobile(),
            ErrorCode::DobFormat => self.err_dob_format(),
            ErrorCode::DobInvalid => self.err_dob_invalid(),
            ErrorCode::DobInFuture => self.err_dob_in_future(),
            ErrorCode::DobImplausibleAge => self.err_dob_implausible_age(),
            ErrorCode::OtpFormat => self.err_otp_format(),
            ErrorCode::TermsNotAccepted => self.err_terms_not_accepted(),
            ErrorCode::TokenInvalid => self.err_token_invalid(),
            ErrorCode::TokenExpired => self.err_token_expired(),
            ErrorCode::TokenUsed => self.err_token_used(),
            ErrorCode::LoginFailed => self.err_login_failed(),
            ErrorCode::EmailNotVerified => self.err_email_not_verified(),
            ErrorCode::AccountBlocked => self.err_account_blocked(),
            ErrorCode::CaptchaRequired => self.err_captcha_required(),
            ErrorCode::CaptchaWrong => self.err_captcha_wrong(),
            ErrorCode::OtpWrong => self.err_otp_wrong(),
            ErrorCode::OtpExpired => self.err_otp_expired(),
            ErrorCode::OtpDead => self.err_otp_dead(),
            ErrorCode::LoginExpired => self.err_login_expired(),
            ErrorCode::CodesLocked => self.err_codes_locked(),
            ErrorCode::IdentityMismatch => self.err_identity_mismatch(),
            ErrorCode::NikUnknown => self.err_nik_unknown(),
            ErrorCode::IdentityDobMismatch => self.err_identity_dob_mismatch(),
            ErrorCode::IdentityKkMismatch => self.err_identity_kk_mismatch(),
            ErrorCode::NikTaken => self.err_nik_taken(),
            ErrorCode::IdentityAlreadyComplete => self.err_identity_already_complete(),
            ErrorCode::IdentityIncomplete => self.err_identity_incomplete(),
            ErrorCode::PhoneTaken => self.err_phone_taken(),
            ErrorCode::PhoneAlreadyVerified => self.err_phone_already_verified(),
            ErrorCode::RegistryUnavailable => self.err_registry_unavailable(),
            ErrorCode::PasswordWrong => self.err_password_wrong(),
            ErrorCode::PasswordSame => self.err_password_same(),
            ErrorCode::NotBeneficiary => self.err_not_beneficiary(),
            ErrorCode::ReauthRequired => self.err_reauth_required(),
            ErrorCode::PhoneSame => self.err_phone_same(),
            ErrorCode::PhoneNotVerified => self.err_phone_not_verified(),
            ErrorCode::PhoneChangeNotStarted => self.err_phone_change_not_started(),
            ErrorCode::PayoutLinked => self.err_payout_linked(),
            ErrorCode::PayoutAlreadyLinked => self.err_payout_already_linked(),
            ErrorCode::PayoutNotLinked => self.err_payout_not_linked(),
            ErrorCode::PayoutAccountFormat => self.err_payout_account_format(),
            ErrorCode::PayoutHolderMismatch => self.err_payout_holder_mismatch(),
            ErrorCode::PayoutNumberMismatch => self.err_payout_number_mismatch(),
            ErrorCode::PhotoTooLarge => self.err_photo_too_large(),
            ErrorCode::PhotoNotImage => self.err_photo_not_image(),
            ErrorCode::PhotoTooManyPixels => self.err_photo_too_many_pixels(),
            ErrorCode::PhotoUnreadable => self.err_photo_unreadable(),
            ErrorCode::NameEmpty => self.err_name_empty(),
            ErrorCode::NameTooLong => self.err_name_too_long(),
            ErrorCode::NameInvalid => self.err_name_invalid(),
            ErrorCode::CaseKindMissing => self.err_case_kind_missing(),
            ErrorCode::DescriptionTooShort => self.err_description_too_short(),
            ErrorCode::DescriptionTooLong => self.err_description_too_long(),
            ErrorCode::CaseNumberFormat => self.err_case_number_format(),
            ErrorCode::CaseNotFound => self.err_case_not_found(),
            ErrorCode::DraftMissing => self.err_draft_missing(),
            ErrorCode::PhotoMissing => self.err_photo_missing(),
            ErrorCode::TooManyOpenCases => self.err_too_many_open_cases(),
            ErrorCode::BadRequest => self.err_bad_request(),
            ErrorCode::Unauthorized => self.err_unauthorized(),
            ErrorCode::CsrfRejected => self.err_csrf_rejected(),
            ErrorCode::NotFound => self.err_not_found(),
            ErrorCode::PayloadTooLarge => self.err_payload_too_large(),
            ErrorCode::TooManyRequests => self.err_too_many_requests(),
            ErrorCode::Busy => self.err_busy(),
            ErrorCode::Internal => self.err_internal(),
        }
    }
}

/// The table for a language. English is there once it was loaded
/// ([`load_english`]); until then the language stays Indonesian.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => akun_texts::english().unwrap_or(&ID),
    }
}

/// The other language, which the language switch offers.
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Id => Lang::En,
        Lang::En => Lang::Id,
    }
}

/// Reads the stored choice. Only an exact `"en"` picks English: a missing,
/// empty or unknown value (an old or tampered entry) means Indonesian.
pub fn lang_from_storage(value: Option<&str>) -> Lang {
    match value {
        Some("en") => Lang::En,
        _ => Lang::Id,
    }
}

fn storage() -> Option<web_sys::Storage> {
    // `local_storage` fails in some private modes and when storage is
    // disabled; the app then simply does not remember the choice.
    web_sys::window()?.local_storage().ok().flatten()
}

/// The language chosen earlier on this device, or Indonesian.
pub fn stored_lang() -> Lang {
    let value = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    lang_from_storage(value.as_deref())
}

/// Remembers the choice; failing to store it is not worth telling anyone.
pub fn store_lang(lang: Lang) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, lang.code());
    }
}

/// Whether the texts of `lang` are here: Indonesian always, English once
/// [`load_english`] brought it.
pub fn available(lang: Lang) -> bool {
    lang == Lang::Id || akun_texts::english().is_some()
}

/// Fetches the running bundle's English texts and installs them; `false`
/// when they could not be had (offline, or a page without its bundle's
/// files). The build writes them beside the bundle's wasm, named after it
/// (`akun-<hash>_en.txt` beside `akun-<hash>_bg.wasm`), so they are cached
/// as long as the wasm is and never mix with another build's.
pub async fn load_english() -> bool {
    if akun_texts::english().is_some() {
        return true;
    }
    let Some(url) = english_url() else {
        return false;
    };
    let Ok(response) = gloo_net::http::Request::get(&url).send().await else {
        return false;
    };
    if !response.ok() {
        return false;
    }
    let Ok(file) = response.text().await else {
        return false;
    };
    let bundle = match crate::pages::Bundle::current() {
        crate::pages::Bundle::Public => akun_texts::Bundle::Public,
        crate::pages::Bundle::Account => akun_texts::Bundle::Account,
        crate::pages::Bundle::Report => akun_texts::Bundle::Report,
    };
    // The texts live as long as the page.
    akun_texts::install_english(Box::leak(file.into_boxed_str()), bundle)
}

/// Where the running bundle's English file is: beside the wasm that Trunk's
/// loader preloads.
fn english_url() -> Option<String> {
    let wasm = document()
        .query_selector("link[rel=preload][as=fetch][href$='_bg.wasm']")
        .ok()??
        .get_attribute("href")?;
    Some(format!("{}_en.txt", wasm.strip_suffix("_bg.wasm")?))
}

/// The applicant's bundle's English, installed as the page installs it
/// after fetching it, for tests that read English pages' texts.
#[cfg(test)]
pub fn english_for_tests() -> &'static Texts {
    let file = akun_texts::english_file(akun_texts::Bundle::Public);
    akun_texts::install_english(Box::leak(file.into_boxed_str()), akun_texts::Bundle::Public);
    akun_texts::english().expect("English installed")
}

/// The current language, provided by [`crate::App`].
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

/// The text table of the current language, for use inside views:
/// `{tr(|t| t.home_title)}`.
pub fn use_texts() -> Signal<&'static Texts> {
    let lang = use_lang();
    Signal::derive(move || texts(lang.get()))
}

/// A text that follows the language, for views and attributes:
/// `{tr(|t| t.home_title)}`. Every call returns the same closure type, so
/// the renderer is compiled once for all texts instead of once per text,
/// which keeps several KB out of the wasm.
pub fn tr(
    pick: fn(&Texts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || pick(texts(lang.get()))
}

/// Puts a number into a text with a `{n}` placeholder.
pub fn with_number(text: &str, n: u32) -> String {
    fill(text, &n.to_string())
}

/// Puts `value` into a text with a `{n}` placeholder.
pub fn fill(text: &str, value: &str) -> String {
    text.replacen("{n}", value, 1)
}

/// A wait in words: whole seconds under two minutes, then minutes rounded
/// up ("45 detik", "1 second", "3 minutes"). Rounding "61 seconds" up to
/// "2 minutes" would overstate the wait by half.
pub fn duration(t: &Texts, seconds: u32) -> String {
    if seconds < 120 {
        return plural(t.duration_seconds(), seconds);
    }
    let minutes = seconds.div_ceil(60);
    if minutes < 60 {
        return plural(t.duration_minutes(), minutes);
    }
    // "1 jam 59 menit": the 2-hour wait for new codes.
    let hours = plural(t.duration_hours(), minutes / 60);
    match minutes % 60 {
        0 => hours,
        rest => format!("{hours} {}", plural(t.duration_minutes(), rest)),
    }
}

/// The form of `forms` (one, many) for `n`, with `n` put in.
pub fn plural(forms: &[&str; 2], n: u32) -> String {
    with_number(forms[usize::from(n != 1)], n)
}

/// How long ago something was, from whole seconds: "baru saja" under a
/// minute, then minutes, hours, days.
pub fn ago(t: &Texts, seconds: u32) -> String {
    let minutes = seconds / 60;
    match minutes {
        0 => t.ago_now().to_owned(),
        1..60 => plural(t.ago_minutes(), minutes),
        60..1440 => plural(t.ago_hours(), minutes / 60),
        _ => plural(t.ago_days(), minutes / 1440),
    }
}

/// The time of day on the phone's clock (its own time zone), "14.05" in
/// Indonesian and "14:05" in English, for a moment in ms since the epoch.
/// `js_sys::Date` rather than a date library, which would cost 10 KB.
pub fn clock(t: &Texts, ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    two_digits(date.get_hours()) + t.time_separator() + &two_digits(date.get_minutes())
}

/// "27/11/2026 14.05" on the phone's clock.
pub fn date_time(t: &Texts, ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{}/{}/{} {}",
        two_digits(date.get_date()),
        two_digits(date.get_month() + 1),
        date.get_full_year(),
        clock(t, ms)
    )
}

fn two_digits(n: u32) -> String {
    if n < 10 {
        format!("0{n}")
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally_up_to_the_two_hour_wait() {
        assert_eq!(duration(&ID, 1), "1 detik");
        assert_eq!(duration(&EN, 1), "1 second");
        assert_eq!(duration(&EN, 90), "90 seconds");
        assert_eq!(duration(&EN, 121), "3 minutes");
        assert_eq!(duration(&EN, 3600), "1 hour");
        assert_eq!(duration(&EN, 7200), "2 hours");
        assert_eq!(duration(&EN, 7199), "2 hours");
        assert_eq!(duration(&EN, 7140), "1 hour 59 minutes");
        assert_eq!(duration(&ID, 7140), "1 jam 59 menit");
        assert_eq!(duration(&EN, 3660), "1 hour 1 minute");
    }

    #[test]
    fn ago_rounds_down_to_the_largest_unit() {
        assert_eq!(ago(&EN, 0), "just now");
        assert_eq!(ago(&EN, 59), "just now");
        assert_eq!(ago(&EN, 60), "1 minute ago");
        assert_eq!(ago(&ID, 600), "10 menit lalu");
        assert_eq!(ago(&EN, 7200), "2 hours ago");
        assert_eq!(ago(&EN, 86_400 * 3), "3 days ago");
    }

    #[test]
    fn stored_value_picks_english_only_when_it_says_en() {
        assert_eq!(lang_from_storage(Some("en")), Lang::En);
        assert_eq!(lang_from_storage(Some("id")), Lang::Id);
        assert_eq!(lang_from_storage(Some("")), Lang::Id);
        assert_eq!(lang_from_storage(Some("fr")), Lang::Id);
        assert_eq!(lang_from_storage(None), Lang::Id);
    }

    #[test]
    fn switch_offers_the_other_language() {
        assert_eq!(other(Lang::Id), Lang::En);
        assert_eq!(other(Lang::En), Lang::Id);
        assert_eq!(texts(Lang::Id).brand(), ID.brand());
        english_for_tests();
        assert_eq!(texts(Lang::En).nav_home(), "Home");
        assert_eq!(texts(Lang::En).public().help_title(), "Help centre");
    }

    #[test]
    fn busy_text_has_a_place_for_the_seconds() {
        for t in [&ID, &EN] {
            assert!(t.err_busy_retrying().contains("{n}"));
            let filled = with_number(t.err_busy_retrying(), 12);
            assert!(filled.contains("12") && !filled.contains("{n}"));
        }
    }

    #[test]
    fn waits_read_in_seconds_then_minutes() {
        assert_eq!(duration(&EN, 1), "1 second");
        assert_eq!(duration(&EN, 45), "45 seconds");
        assert_eq!(duration(&EN, 61), "61 seconds");
        assert_eq!(duration(&EN, 119), "119 seconds");
        assert_eq!(duration(&EN, 120), "2 minutes");
        assert_eq!(duration(&EN, 121), "3 minutes");

        assert_eq!(duration(&ID, 1), "1 detik");
        assert_eq!(duration(&ID, 59), "59 detik");
        assert_eq!(duration(&ID, 150), "3 menit");
        for t in [&ID, &EN] {
            assert!(t.resend_wait().contains("{n}"));
            let filled = fill(t.resend_wait(), &duration(t, 30));
            assert!(filled.contains("30") && !filled.contains("{n}"));
        }
    }

    #[test]
    fn switch_label_starts_with_its_visible_text() {
        for t in [&ID, &EN] {
            assert!(t.lang_switch_label().starts_with(t.lang_switch_text()));
        }
    }

    #[test]
    fn every_error_code_has_text_in_both_languages() {
        for code in ErrorCode::ALL {
            assert!(!ID.error(code).is_empty(), "{code}");
            assert!(!EN.error(code).is_empty(), "{code}");
            assert_ne!(ID.error(code), EN.error(code), "{code} is not translated");
        }
    }
}
