//! Every piece of text a person can see, in Indonesian and English.
//!
//! Each language is one `static` struct literal of [`Texts`], so the compiler
//! refuses to build when a language lacks a key. This costs about 3 KB of
//! wasm, where `leptos_i18n` costs 21 KB (see "Size budget" in DESIGN.md).
//! Error codes from the API and from `akun-core` are translated by
//! [`Texts::error`], an exhaustive `match`: a new [`ErrorCode`] does not
//! compile until both languages say something about it.

mod en;
mod id;

pub use en::EN;
pub use id::ID;

use akun_core::ErrorCode;
use akun_core::api::Lang;
use leptos::prelude::*;

/// The `localStorage` key that remembers the chosen language.
pub const STORAGE_KEY: &str = "akun.lang";

/// One language's text. Lists are fixed-size arrays so that both languages
/// must have the same number of items.
pub struct Texts {
    // Shell.
    pub brand: &'static str,
    pub skip_link: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_register: &'static str,
    pub nav_login: &'static str,
    pub nav_help: &'static str,
    pub nav_security: &'static str,
    /// The visible text of the language switch: the name of the *other*
    /// language, written in that language.
    pub lang_switch_text: &'static str,
    /// The accessible name of the language switch; it starts with the
    /// visible text so that voice control users can say what they see.
    pub lang_switch_label: &'static str,
    pub footer_warning: &'static str,
    pub footer_security_link: &'static str,

    // What search engines show under each indexed page's title.
    pub meta_default: &'static str,
    pub meta_register: &'static str,
    pub meta_login: &'static str,
    pub meta_forgot: &'static str,
    pub meta_help: &'static str,
    pub meta_security: &'static str,
    pub meta_misuse: &'static str,
    pub meta_terms: &'static str,
    pub meta_report: &'static str,

    // Home.
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_points: [&'static str; 3],
    pub home_register: &'static str,
    pub home_login: &'static str,
    pub home_help: &'static str,

    // Form fields.
    pub email_label: &'static str,
    pub email_hint: &'static str,
    pub password_label: &'static str,
    pub password_new_hint: &'static str,
    pub password_current_hint: &'static str,
    pub password_repeat_label: &'static str,
    pub password_repeat_hint: &'static str,
    pub password_show: &'static str,
    /// Weak, fair, strong: each with what to do about it.
    pub password_strength: [&'static str; 3],
    pub field_error_prefix: &'static str,
    pub form_error_prefix: &'static str,
    pub sending: &'static str,
    /// Stops waiting for the busy service.
    pub busy_cancel: &'static str,
    /// A wait of `{n}` seconds: one, many. Filled in by [`duration`].
    pub duration_seconds: [&'static str; 2],
    /// A wait of `{n}` minutes: one, many.
    pub duration_minutes: [&'static str; 2],

    // Register.
    pub register_title: &'static str,
    pub register_intro: &'static str,
    pub register_submit: &'static str,
    /// The terms box's label: before the link, the link, after it.
    pub terms_accept: [&'static str; 3],
    pub register_have_account: &'static str,
    pub register_email_help: &'static str,

    // Check your email (after registering) and asking for a new link.
    pub check_title: &'static str,
    pub check_sent_to: &'static str,
    pub check_next: &'static str,
    pub check_unknown: &'static str,
    pub check_nothing_title: &'static str,
    pub check_report: &'static str,
    pub check_wrong_address: &'static str,
    pub resend_title: &'static str,
    pub resend_email_hint: &'static str,
    pub resend_button: &'static str,
    pub resend_sent: &'static str,
    /// `{n}` is the wait, from [`duration`].
    pub resend_wait: &'static str,

    // Verify (the emailed link).
    pub verify_checking_title: &'static str,
    pub verify_checking_text: &'static str,
    pub verify_active_title: &'static str,
    pub verify_active_text: &'static str,
    pub verify_active_address: &'static str,
    pub verify_login: &'static str,
    pub verify_expired_title: &'static str,
    pub verify_used_title: &'static str,
    pub verify_invalid_title: &'static str,
    pub verify_error_title: &'static str,
    pub verify_retry: &'static str,

    // Terms and conditions.
    pub terms_title: &'static str,
    pub terms_intro: &'static str,
    pub terms_sections: [(&'static str, &'static str); 5],
    pub terms_back: &'static str,

    // Report Form (placeholder).
    pub report_title: &'static str,
    pub report_coming: &'static str,
    pub report_meanwhile: &'static str,

    // Login.
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub login_submit: &'static str,
    pub login_done: &'static str,
    pub login_no_account: &'static str,
    pub login_register_link: &'static str,
    pub login_forgot: &'static str,
    pub forgot_title: &'static str,
    pub forgot_intro: &'static str,
    pub forgot_way_legend: &'static str,
    pub forgot_way_phone: &'static str,
    pub forgot_way_nik: &'static str,
    pub forgot_way_email: &'static str,
    pub forgot_submit: &'static str,
    pub forgot_sent_title: &'static str,
    pub forgot_sent_email: &'static str,
    pub forgot_sent_both: &'static str,
    pub forgot_sent_later: &'static str,
    pub forgot_back_to_login: &'static str,
    pub forgot_close: &'static str,
    pub reset_title: &'static str,
    pub reset_checking: &'static str,
    pub reset_for: &'static str,
    pub reset_submit: &'static str,
    pub reset_done_title: &'static str,
    pub reset_done_text: &'static str,
    pub reset_expired: &'static str,
    pub reset_used: &'static str,
    pub reset_invalid: &'static str,
    pub reset_start_again: &'static str,

    // Login with captcha and one-time code; the account pages.
    pub nav_account: &'static str,
    /// A wait of `{n}` hours: one, many.
    pub duration_hours: [&'static str; 2],
    pub captcha_label: &'static str,
    pub captcha_hint: &'static str,
    pub captcha_alt: &'static str,
    pub captcha_refresh: &'static str,
    pub captcha_loading: &'static str,
    pub captcha_failed: &'static str,
    pub err_captcha_empty: &'static str,
    pub login_unverified_title: &'static str,
    pub login_signed_out: &'static str,
    pub login_session_ended: &'static str,
    pub code_title: &'static str,
    pub code_sent_to: &'static str,
    pub code_legend: &'static str,
    /// `{n}` is the box's place, 1 to 6.
    pub code_digit_label: &'static str,
    pub code_hint: &'static str,
    pub code_submit: &'static str,
    /// `{n}` is the time left, from [`duration`].
    pub code_life: &'static str,
    pub code_new: &'static str,
    /// `{n}` new codes of 5 are left: one, many.
    pub code_new_left: [&'static str; 2],
    pub code_new_sent: &'static str,
    /// `{n}` is the time of day, from [`clock`].
    pub code_locked: &'static str,
    /// `{n}` is the time left, from [`duration`].
    pub code_locked_wait: &'static str,
    pub code_delivery_failed: &'static str,
    /// Tries left for this code: one, many.
    pub code_tries_left: [&'static str; 2],
    pub err_code_incomplete: &'static str,
    pub err_bni_number: &'static str,
    pub err_holder_empty: &'static str,
    pub code_no_attempt: &'static str,
    pub code_login_again: &'static str,
    pub dashboard_title: &'static str,
    /// `{n}` is the name, or the email before the identity is complete.
    pub dashboard_hi: &'static str,
    pub dashboard_loading: &'static str,
    pub dashboard_status: &'static str,
    pub status_active: &'static str,
    pub status_blocked: &'static str,
    pub dashboard_beneficiary: &'static str,
    pub beneficiary_yes: &'static str,
    pub beneficiary_no: &'static str,
    pub blocked_title: &'static str,
    pub blocked_reason: &'static str,
    pub blocked_no_reason: &'static str,
    pub blocked_appeal: &'static str,
    pub blocked_appeal_link: &'static str,
    pub dashboard_profile: &'static str,
    pub dashboard_security: &'static str,
    pub logout: &'static str,
    pub profile_title: &'static str,
    pub profile_email: &'static str,
    pub profile_name: &'static str,
    pub profile_name_missing: &'static str,
    pub profile_back: &'static str,
    pub phone_code_hint: &'static str,
    pub phone_code_step_title: &'static str,
    pub phone_code_sent_to: &'static str,
    pub phone_title: &'static str,
    pub phone_done: &'static str,
    pub phone_nothing: &'static str,
    pub identity_title: &'static str,
    pub identity_intro: &'static str,
    pub nik_label: &'static str,
    pub nik_hint: &'static str,
    pub kk_label: &'static str,
    pub kk_hint: &'static str,
    pub dob_label: &'static str,
    pub dob_hint: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub identity_submit: &'static str,
    pub dashboard_identity_title: &'static str,
    pub dashboard_identity_text: &'static str,
    pub dashboard_phone_title: &'static str,
    pub dashboard_phone_text: &'static str,
    pub profile_name_note: &'static str,
    pub profile_nik: &'static str,
    pub profile_kk: &'static str,
    pub profile_dob: &'static str,
    pub profile_phone: &'static str,
    pub profile_phone_verified: &'static str,
    pub profile_phone_pending: &'static str,
    pub password_title: &'static str,
    pub password_intro: &'static str,
    pub current_password_label: &'static str,
    pub current_password_hint: &'static str,
    pub new_password_label: &'static str,
    pub password_submit: &'static str,
    pub password_done: &'static str,
    pub profile_change_phone: &'static str,
    pub change_phone_title: &'static str,
    pub change_phone_intro: &'static str,
    pub change_phone_not_beneficiary: &'static str,
    pub change_phone_unlink_title: &'static str,
    pub change_phone_unlink_text: &'static str,
    pub change_phone_unlink_button: &'static str,
    pub change_phone_unlinked: &'static str,
    pub change_phone_step_title: &'static str,
    pub change_phone_new_label: &'static str,
    pub change_phone_new_hint: &'static str,
    pub change_phone_continue: &'static str,
    pub reauth_title: &'static str,
    pub reauth_text: &'static str,
    pub reauth_submit: &'static str,
    pub change_phone_done_title: &'static str,
    pub change_phone_done_text: &'static str,
    pub change_phone_link_again: &'static str,
    pub payout_title: &'static str,
    pub payout_intro: &'static str,
    pub payout_none: &'static str,
    pub payout_linked: &'static str,
    pub payout_kind_legend: &'static str,
    pub payout_kind_ewallet: &'static str,
    pub payout_kind_bni: &'static str,
    pub payout_provider_label: &'static str,
    pub payout_number_label: &'static str,
    pub payout_number_hint: &'static str,
    pub payout_bni_number_label: &'static str,
    pub payout_bni_number_hint: &'static str,
    pub payout_holder_label: &'static str,
    pub payout_holder_hint: &'static str,
    pub payout_link_submit: &'static str,
    pub payout_unlink: &'static str,
    pub payout_linked_done: &'static str,
    pub payout_unlinked_done: &'static str,
    pub sessions_title: &'static str,
    pub sessions_intro: &'static str,
    pub sessions_this_device: &'static str,
    /// `{n}` is a date and time, from [`date_time`].
    pub sessions_signed_in: &'static str,
    /// `{n}` is how long ago, from [`ago`].
    pub sessions_last_seen: &'static str,
    pub sessions_end: &'static str,
    pub sessions_end_others: &'static str,
    pub sessions_ended_one: &'static str,
    pub sessions_ended_others: &'static str,
    pub sessions_only_this: &'static str,
    pub sessions_guidelines: &'static str,
    pub ago_now: &'static str,
    /// `{n}` minutes ago: one, many.
    pub ago_minutes: [&'static str; 2],
    pub ago_hours: [&'static str; 2],
    pub ago_days: [&'static str; 2],
    /// Between hours and minutes: 14.05 in Indonesian, 14:05 in English.
    pub time_separator: &'static str,

    // Help.
    pub help_title: &'static str,
    pub help_intro: &'static str,
    pub help_register_q: &'static str,
    pub help_register_a: [&'static str; 2],
    pub help_email_q: &'static str,
    pub help_email_intro: &'static str,
    pub help_email_steps: [&'static str; 5],
    pub help_otp_q: &'static str,
    pub help_otp_a: [&'static str; 3],
    pub help_forgot_q: &'static str,
    pub help_forgot_intro: &'static str,
    pub help_forgot_ways: [&'static str; 3],
    pub help_forgot_after: &'static str,
    pub help_blocked_q: &'static str,
    pub help_blocked_a: [&'static str; 2],
    pub help_blocked_photos: [&'static str; 4],
    pub help_delete_q: &'static str,
    pub help_delete_a: &'static str,
    pub help_security_link: &'static str,
    pub help_search_label: &'static str,
    pub help_search_hint: &'static str,
    pub help_no_results: &'static str,
    pub help_login_q: &'static str,
    pub help_login_a: [&'static str; 2],
    pub help_codes_q: &'static str,
    pub help_codes_a: [&'static str; 3],
    pub help_fraud_q: &'static str,
    pub help_fraud_a: [&'static str; 2],
    pub help_name_q: &'static str,
    pub help_name_a: [&'static str; 2],
    pub help_password_q: &'static str,
    pub help_password_a: [&'static str; 1],
    pub help_phone_q: &'static str,
    pub help_phone_a: [&'static str; 2],
    pub help_misuse_q: &'static str,
    pub help_misuse_a: [&'static str; 1],
    pub help_safe_q: &'static str,
    pub help_safe_a: [&'static str; 1],
    pub help_go_register: &'static str,
    pub help_go_login: &'static str,
    pub help_go_report: &'static str,
    pub help_go_profile: &'static str,
    pub help_go_misuse: &'static str,
    pub help_go_security: &'static str,
    pub misuse_title: &'static str,
    pub misuse_intro: &'static str,
    pub misuse_steps: [(&'static str, &'static str); 4],
    pub misuse_sessions: &'static str,

    // Security guidelines.
    pub security_title: &'static str,
    pub security_intro: &'static str,
    pub security_rules: [(&'static str, &'static str); 6],
    pub security_misuse: &'static str,

    // Not found.
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub not_found_home: &'static str,

    // Errors found by the browser itself, with no [`ErrorCode`].
    pub err_password_mismatch: &'static str,
    pub err_password_empty: &'static str,
    pub err_network: &'static str,
    /// Shown while the service is overloaded; `{n}` is the wait before the
    /// next automatic try, from [`duration`].
    pub err_busy_retrying: &'static str,

    // One field per [`ErrorCode`], read only through [`Texts::error`].
    pub err_email_empty: &'static str,
    pub err_email_too_long: &'static str,
    pub err_email_invalid: &'static str,
    pub err_password_too_short: &'static str,
    pub err_password_too_long: &'static str,
    pub err_password_too_common: &'static str,
    pub err_nik_format: &'static str,
    pub err_nik_region: &'static str,
    pub err_nik_birth_date: &'static str,
    pub err_nik_dob_mismatch: &'static str,
    pub err_kk_format: &'static str,
    pub err_kk_region: &'static str,
    pub err_phone_format: &'static str,
    pub err_phone_not_mobile: &'static str,
    pub err_dob_format: &'static str,
    pub err_dob_invalid: &'static str,
    pub err_dob_in_future: &'static str,
    pub err_dob_implausible_age: &'static str,
    pub err_otp_format: &'static str,
    pub err_bad_request: &'static str,
    pub err_unauthorized: &'static str,
    pub err_csrf_rejected: &'static str,
    pub err_not_found: &'static str,
    pub err_payload_too_large: &'static str,
    pub err_too_many_requests: &'static str,
    pub err_busy: &'static str,
    pub err_terms_not_accepted: &'static str,
    pub err_token_invalid: &'static str,
    pub err_token_expired: &'static str,
    pub err_token_used: &'static str,
    pub err_login_failed: &'static str,
    pub err_email_not_verified: &'static str,
    pub err_otp_wrong: &'static str,
    pub err_otp_expired: &'static str,
    pub err_otp_dead: &'static str,
    pub err_login_expired: &'static str,
    pub err_codes_locked: &'static str,
    pub err_nik_unknown: &'static str,
    pub err_identity_dob_mismatch: &'static str,
    pub err_identity_kk_mismatch: &'static str,
    pub err_nik_taken: &'static str,
    pub err_identity_already_complete: &'static str,
    pub err_identity_incomplete: &'static str,
    pub err_phone_taken: &'static str,
    pub err_phone_already_verified: &'static str,
    pub err_registry_unavailable: &'static str,
    pub err_password_wrong: &'static str,
    pub err_password_same: &'static str,
    pub err_not_beneficiary: &'static str,
    pub err_reauth_required: &'static str,
    pub err_phone_same: &'static str,
    pub err_phone_not_verified: &'static str,
    pub err_phone_change_not_started: &'static str,
    pub err_payout_linked: &'static str,
    pub err_payout_already_linked: &'static str,
    pub err_payout_not_linked: &'static str,
    pub err_payout_account_format: &'static str,
    pub err_payout_holder_mismatch: &'static str,
    pub err_payout_number_mismatch: &'static str,
    pub err_internal: &'static str,
}

impl Texts {
    /// The message for an error code. No wildcard arm: a new code must be
    /// translated before the app compiles (and added to [`ErrorCode::ALL`]).
    pub fn error(&self, code: ErrorCode) -> &'static str {
        match code {
            ErrorCode::EmailEmpty => self.err_email_empty,
            ErrorCode::EmailTooLong => self.err_email_too_long,
            ErrorCode::EmailInvalid => self.err_email_invalid,
            ErrorCode::PasswordTooShort => self.err_password_too_short,
            ErrorCode::PasswordTooLong => self.err_password_too_long,
            ErrorCode::PasswordTooCommon => self.err_password_too_common,
            ErrorCode::NikFormat => self.err_nik_format,
            ErrorCode::NikRegion => self.err_nik_region,
            ErrorCode::NikBirthDate => self.err_nik_birth_date,
            ErrorCode::NikDobMismatch => self.err_nik_dob_mismatch,
            ErrorCode::KkFormat => self.err_kk_format,
            ErrorCode::KkRegion => self.err_kk_region,
            ErrorCode::PhoneFormat => self.err_phone_format,
            ErrorCode::PhoneNotMobile => self.err_phone_not_mobile,
            ErrorCode::DobFormat => self.err_dob_format,
            ErrorCode::DobInvalid => self.err_dob_invalid,
            ErrorCode::DobInFuture => self.err_dob_in_future,
            ErrorCode::DobImplausibleAge => self.err_dob_implausible_age,
            ErrorCode::OtpFormat => self.err_otp_format,
            ErrorCode::TermsNotAccepted => self.err_terms_not_accepted,
            ErrorCode::TokenInvalid => self.err_token_invalid,
            ErrorCode::TokenExpired => self.err_token_expired,
            ErrorCode::TokenUsed => self.err_token_used,
            ErrorCode::LoginFailed => self.err_login_failed,
            ErrorCode::EmailNotVerified => self.err_email_not_verified,
            ErrorCode::OtpWrong => self.err_otp_wrong,
            ErrorCode::OtpExpired => self.err_otp_expired,
            ErrorCode::OtpDead => self.err_otp_dead,
            ErrorCode::LoginExpired => self.err_login_expired,
            ErrorCode::CodesLocked => self.err_codes_locked,
            ErrorCode::NikUnknown => self.err_nik_unknown,
            ErrorCode::IdentityDobMismatch => self.err_identity_dob_mismatch,
            ErrorCode::IdentityKkMismatch => self.err_identity_kk_mismatch,
            ErrorCode::NikTaken => self.err_nik_taken,
            ErrorCode::IdentityAlreadyComplete => self.err_identity_already_complete,
            ErrorCode::IdentityIncomplete => self.err_identity_incomplete,
            ErrorCode::PhoneTaken => self.err_phone_taken,
            ErrorCode::PhoneAlreadyVerified => self.err_phone_already_verified,
            ErrorCode::RegistryUnavailable => self.err_registry_unavailable,
            ErrorCode::PasswordWrong => self.err_password_wrong,
            ErrorCode::PasswordSame => self.err_password_same,
            ErrorCode::NotBeneficiary => self.err_not_beneficiary,
            ErrorCode::ReauthRequired => self.err_reauth_required,
            ErrorCode::PhoneSame => self.err_phone_same,
            ErrorCode::PhoneNotVerified => self.err_phone_not_verified,
            ErrorCode::PhoneChangeNotStarted => self.err_phone_change_not_started,
            ErrorCode::PayoutLinked => self.err_payout_linked,
            ErrorCode::PayoutAlreadyLinked => self.err_payout_already_linked,
            ErrorCode::PayoutNotLinked => self.err_payout_not_linked,
            ErrorCode::PayoutAccountFormat => self.err_payout_account_format,
            ErrorCode::PayoutHolderMismatch => self.err_payout_holder_mismatch,
            ErrorCode::PayoutNumberMismatch => self.err_payout_number_mismatch,
            ErrorCode::BadRequest => self.err_bad_request,
            ErrorCode::Unauthorized => self.err_unauthorized,
            ErrorCode::CsrfRejected => self.err_csrf_rejected,
            ErrorCode::NotFound => self.err_not_found,
            ErrorCode::PayloadTooLarge => self.err_payload_too_large,
            ErrorCode::TooManyRequests => self.err_too_many_requests,
            ErrorCode::Busy => self.err_busy,
            ErrorCode::Internal => self.err_internal,
        }
    }
}

/// The table for a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
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
        return plural(t.duration_seconds, seconds);
    }
    let minutes = seconds.div_ceil(60);
    if minutes < 60 {
        return plural(t.duration_minutes, minutes);
    }
    // "1 jam 59 menit": the 2-hour wait for new codes.
    let hours = plural(t.duration_hours, minutes / 60);
    match minutes % 60 {
        0 => hours,
        rest => format!("{hours} {}", plural(t.duration_minutes, rest)),
    }
}

/// The form of `forms` (one, many) for `n`, with `n` put in.
pub fn plural(forms: [&str; 2], n: u32) -> String {
    with_number(forms[usize::from(n != 1)], n)
}

/// How long ago something was, from whole seconds: "baru saja" under a
/// minute, then minutes, hours, days.
pub fn ago(t: &Texts, seconds: u32) -> String {
    let minutes = seconds / 60;
    match minutes {
        0 => t.ago_now.to_owned(),
        1..60 => plural(t.ago_minutes, minutes),
        60..1440 => plural(t.ago_hours, minutes / 60),
        _ => plural(t.ago_days, minutes / 1440),
    }
}

/// The time of day on the phone's clock (its own time zone), "14.05" in
/// Indonesian and "14:05" in English, for a moment in ms since the epoch.
/// `js_sys::Date` rather than a date library, which would cost 10 KB.
pub fn clock(t: &Texts, ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    two_digits(date.get_hours()) + t.time_separator + &two_digits(date.get_minutes())
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
        assert_eq!(texts(Lang::Id).brand, ID.brand);
        assert_eq!(texts(Lang::En).nav_home, "Home");
    }

    #[test]
    fn busy_text_has_a_place_for_the_seconds() {
        for t in [&ID, &EN] {
            assert!(t.err_busy_retrying.contains("{n}"));
            let filled = with_number(t.err_busy_retrying, 12);
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
            assert!(t.resend_wait.contains("{n}"));
            let filled = fill(t.resend_wait, &duration(t, 30));
            assert!(filled.contains("30") && !filled.contains("{n}"));
        }
    }

    #[test]
    fn switch_label_starts_with_its_visible_text() {
        for t in [&ID, &EN] {
            assert!(t.lang_switch_label.starts_with(t.lang_switch_text));
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

    /// The string literals of a table's source, as they read: the
    /// compiler proves every key is there, this reads what each says.
    fn literals(source: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut chars = source.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut text = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        // A line continuation: the newline and the next
                        // line's indent are not part of the text.
                        Some('\n') => {
                            while chars.clone().next().is_some_and(char::is_whitespace) {
                                chars.next();
                            }
                        }
                        Some(escaped) => text.push(escaped),
                        None => {}
                    },
                    c => text.push(c),
                }
            }
            found.push(text);
        }
        found
    }

    #[test]
    fn every_text_uses_the_glossary_of_its_language() {
        use akun_core::glossary::misused;
        for (lang, source) in [
            (Lang::Id, include_str!("id.rs")),
            (Lang::En, include_str!("en.rs")),
        ] {
            let texts = literals(source);
            assert!(texts.len() > 300, "only {} texts read", texts.len());
            for text in texts {
                if let Some((word, instead)) = misused(lang, &text) {
                    panic!("{lang:?}: \"{word}\" where the glossary says \"{instead}\": {text}");
                }
            }
        }
    }
}
