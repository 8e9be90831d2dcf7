//! Every piece of text a person can see in the SPA, in Indonesian and
//! English, as data with no dependencies, so that the SPA and `xtask` can
//! both read it.
//!
//! Each language is four `static` struct literals: [`Texts`], what every
//! bundle shows (the shell, form fields, errors, durations), and one table
//! per bundle, [`PublicTexts`], [`AccountTexts`] and [`ReportTexts`]. The compiler refuses a
//! language that lacks a key. A bundle links only the tables its code
//! reaches: the account pages ask for [`Texts::account`], the applicant's
//! pages for [`Texts::public`], so neither bundle carries the other's
//! pages' text.
//!
//! Indonesian is compiled in. English is not: the build writes each
//! bundle's English as a file ([`english_file`]), which the SPA fetches
//! when someone chooses English and hands to [`install_english`]. Most
//! applicants read Indonesian, and the English table was about 7 KB of
//! every bundle's compressed first load (ARCHITECTURE, "Size budget").

mod en;
mod id;
mod lines;

pub use en::{EN, EN_ACCOUNT, EN_PUBLIC, EN_REPORT};
pub use id::{ID, ID_ACCOUNT, ID_PUBLIC, ID_REPORT};
pub use lines::Lines;

use std::sync::OnceLock;

/// Declares a table of texts: its texts by name (`...Fields`, which each
/// language fills in, so that the compiler refuses a missing key) and the
/// table itself, those texts laid out in one array, read by methods named
/// after them. One array makes reading a language from a file a single
/// copy: a table of named fields filled text by text cost 16 to 23 KB of
/// wasm.
macro_rules! table {
    (
        $(#[$doc:meta])*
        pub struct $name:ident, $fields:ident in $layout:ident {
            text { $( $(#[$tdoc:meta])* $text:ident, )* }
            list { $( $(#[$ldoc:meta])* $list:ident: $n:literal, )* }
            pairs { $( $(#[$pdoc:meta])* $pairs:ident: $pn:literal, )* }
        }
    ) => {
        #[doc = concat!("The texts of a [`", stringify!($name), "`] by name, as a language writes them.")]
        pub struct $fields {
            $( $(#[$tdoc])* pub $text: &'static str, )*
            $( $(#[$ldoc])* pub $list: [&'static str; $n], )*
            $( $(#[$pdoc])* pub $pairs: [(&'static str, &'static str); $pn], )*
        }

        /// Where each text sits in the table's array: the single texts,
        /// then the lists, then the lists of pairs.
        #[allow(non_camel_case_types, dead_code)]
        mod $layout {
            #[derive(Clone, Copy)]
            pub enum Text { $( $text, )* End }
            #[derive(Clone, Copy)]
            pub enum List { $( $list, )* End }
            #[derive(Clone, Copy)]
            pub enum Pairs { $( $pairs, )* End }
            const LIST_LENS: [usize; List::End as usize] = [$( $n, )*];
            const PAIR_LENS: [usize; Pairs::End as usize] = [$( $pn, )*];

            pub const fn list_at(list: List) -> usize {
                let (mut at, mut i, end) = (Text::End as usize, 0, list as usize);
                while i < end {
                    at += LIST_LENS[i];
                    i += 1;
                }
                at
            }

            pub const fn pairs_at(pairs: Pairs) -> usize {
                let (mut at, mut i, end) = (list_at(List::End), 0, pairs as usize);
                while i < end {
                    at += 2 * PAIR_LENS[i];
                    i += 1;
                }
                at
            }

            pub const COUNT: usize = pairs_at(Pairs::End);
        }

        $(#[$doc])*
        pub struct $name([&'static str; $layout::COUNT]);

        impl $name {
            /// Lays a language's texts out.
            pub const fn new(f: $fields) -> Self {
                let mut s = [""; $layout::COUNT];
                $( s[$layout::Text::$text as usize] = f.$text; )*
                $({
                    let at = $layout::list_at($layout::List::$list);
                    let mut i = 0;
                    while i < $n {
                        s[at + i] = f.$list[i];
                        i += 1;
                    }
                })*
                $({
                    let at = $layout::pairs_at($layout::Pairs::$pairs);
                    let mut i = 0;
                    while i < $pn {
                        s[at + 2 * i] = f.$pairs[i].0;
                        s[at + 2 * i + 1] = f.$pairs[i].1;
                        i += 1;
                    }
                })*
                Self(s)
            }

            $(
                $(#[$tdoc])*
                pub fn $text(&self) -> &'static str {
                    self.0[$layout::Text::$text as usize]
                }
            )*

            $(
                $(#[$ldoc])*
                pub fn $list(&self) -> &[&'static str; $n] {
                    const AT: usize = $layout::list_at($layout::List::$list);
                    self.0[AT..AT + $n].try_into().expect("a list of its own length")
                }
            )*

            $(
                $(#[$pdoc])*
                pub fn $pairs(&self) -> [(&'static str, &'static str); $pn] {
                    const AT: usize = $layout::pairs_at($layout::Pairs::$pairs);
                    std::array::from_fn(|i| (self.0[AT + 2 * i], self.0[AT + 2 * i + 1]))
                }
            )*
        }

        impl Lines for $name {
            const COUNT: usize = $layout::COUNT;

            fn read(lines: &[&'static str]) -> Self {
                Self(lines[..Self::COUNT].try_into().expect("a slice of the table's length"))
            }

            fn put(&self, out: &mut Vec<&'static str>) {
                out.extend_from_slice(&self.0);
            }
        }
    };
}

table! {
    /// What every bundle shows. Lists are fixed-size arrays so that both
    /// languages must have the same number of items.
    pub struct Texts, TextsFields in texts_layout {
        text {
            err_identity_mismatch,
            err_captcha_wrong,
            err_captcha_required,
            err_account_blocked,
            blocked_not_final,
/// Whether the block is final, said in words.
            blocked_final,
            blocked_appeal_link,
            blocked_appeal,
            blocked_reason,
            blocked_title,
            brand,
            skip_link,
            nav_label,
            nav_home,
            nav_register,
            nav_login,
            nav_help,
            nav_security,
            /// The visible text of the language switch: the name of the *other*
            /// language, written in that language.
            lang_switch_text,
            /// The accessible name of the language switch; it starts with the
            /// visible text so that voice control users can say what they see.
            lang_switch_label,
            /// Choosing the other language failed: it could not be fetched.
            lang_switch_failed,
            footer_warning,
            footer_security_link,
            meta_default,
            password_label,
            password_new_hint,
            password_current_hint,
            password_repeat_label,
            password_repeat_hint,
            password_show,
            field_error_prefix,
            form_error_prefix,
            sending,
            /// Stops waiting for the busy service.
            busy_cancel,
            /// `{n}` is the wait, from [`duration`].
            resend_wait,
            nav_account,
            err_captcha_empty,
            captcha_label,
            captcha_hint,
            captcha_alt,
            captcha_refresh,
            captcha_loading,
            captcha_failed,
            email_label,
            login_signed_out,
            login_session_ended,
            code_title,
            code_sent_to,
            code_legend,
            /// `{n}` is the box's place, 1 to 6.
            code_digit_label,
            code_hint,
            code_submit,
            /// `{n}` is the time left, from [`duration`].
            code_life,
            code_new,
            code_new_sent,
            /// `{n}` is the time of day, from [`clock`].
            code_locked,
            /// `{n}` is the time left, from [`duration`].
            code_locked_wait,
            code_delivery_failed,
            err_code_incomplete,
            err_bni_number,
            err_holder_empty,
            code_no_attempt,
            code_login_again,
            phone_code_hint,
            phone_code_step_title,
            phone_code_sent_to,
            nik_label,
            nik_hint,
            dob_label,
            dob_hint,
            phone_label,
            phone_hint,
            new_password_label,
            ago_now,
            /// Between hours and minutes: 14.05 in Indonesian, 14:05 in English.
            time_separator,
            help_go_report,
            not_found_title,
            not_found_text,
            not_found_home,
            err_password_mismatch,
            err_password_empty,
            err_network,
            /// Shown while the service is overloaded; `{n}` is the wait before the
            /// next automatic try, from [`duration`].
            err_busy_retrying,
            err_email_empty,
            err_email_too_long,
            err_email_invalid,
            err_password_too_short,
            err_password_too_long,
            err_password_too_common,
            err_nik_format,
            err_nik_region,
            err_nik_birth_date,
            err_nik_dob_mismatch,
            err_kk_format,
            err_kk_region,
            err_phone_format,
            err_phone_not_mobile,
            err_dob_format,
            err_dob_invalid,
            err_dob_in_future,
            err_dob_implausible_age,
            err_otp_format,
            err_bad_request,
            err_unauthorized,
            err_csrf_rejected,
            err_not_found,
            err_payload_too_large,
            err_too_many_requests,
            err_busy,
            err_terms_not_accepted,
            err_token_invalid,
            err_token_expired,
            err_token_used,
            err_login_failed,
            err_email_not_verified,
            err_otp_wrong,
            err_otp_expired,
            err_otp_dead,
            err_login_expired,
            err_codes_locked,
            err_nik_unknown,
            err_identity_dob_mismatch,
            err_identity_kk_mismatch,
            err_nik_taken,
            err_identity_already_complete,
            err_identity_incomplete,
            err_phone_taken,
            err_phone_already_verified,
            err_registry_unavailable,
            err_password_wrong,
            err_password_same,
            err_not_beneficiary,
            err_reauth_required,
            err_phone_same,
            err_phone_not_verified,
            err_phone_change_not_started,
            err_payout_linked,
            err_payout_already_linked,
            err_payout_not_linked,
            err_payout_account_format,
            err_payout_holder_mismatch,
            err_payout_number_mismatch,
            err_photo_too_large,
            err_photo_not_image,
            err_photo_too_many_pixels,
            err_photo_unreadable,
            err_name_empty,
            err_name_too_long,
            err_name_invalid,
            err_case_kind_missing,
            err_description_too_short,
            err_description_too_long,
            err_case_number_format,
            err_case_not_found,
            err_draft_missing,
            err_photo_missing,
            err_too_many_open_cases,
            err_internal,
        }
        list {
            /// Why an account is blocked, in the order of `BlockReason::ALL`.
            block_reasons: 5,
            /// Weak, fair, strong: each with what to do about it.
            password_strength: 3,
            /// A wait of `{n}` seconds: one, many. Filled in by [`duration`].
            duration_seconds: 2,
            /// A wait of `{n}` minutes: one, many.
            duration_minutes: 2,
            /// A wait of `{n}` hours: one, many.
            duration_hours: 2,
            /// `{n}` new codes of 5 are left: one, many.
            code_new_left: 2,
            /// Tries left for this code: one, many.
            code_tries_left: 2,
            /// `{n}` minutes ago: one, many.
            ago_minutes: 2,
            ago_hours: 2,
            ago_days: 2,
        }
        pairs {
        }
    }
}

table! {
    /// The applicant's bundle: home, register, verify, log in, forgot and
    /// reset password, help, security, misuse, terms, the Report Form.
    pub struct PublicTexts, PublicTextsFields in public_layout {
        text {
            meta_register,
            meta_login,
            meta_forgot,
            meta_help,
            meta_security,
            meta_misuse,
            meta_terms,
            home_title,
            home_intro,
            home_register,
            home_login,
            home_help,
            email_hint,
            register_title,
            register_intro,
            register_submit,
            register_have_account,
            register_email_help,
            check_title,
            check_sent_to,
            check_next,
            check_unknown,
            check_nothing_title,
            check_report,
            check_wrong_address,
            resend_title,
            resend_email_hint,
            resend_button,
            resend_sent,
            verify_checking_title,
            verify_checking_text,
            verify_active_title,
            verify_active_text,
            verify_active_address,
            verify_login,
            verify_expired_title,
            verify_used_title,
            verify_invalid_title,
            verify_error_title,
            verify_retry,
            terms_title,
            terms_intro,
            terms_back,
            login_title,
            login_intro,
            login_submit,
            login_no_account,
            login_register_link,
            login_forgot,
            forgot_title,
            forgot_intro,
            forgot_way_legend,
            forgot_way_phone,
            forgot_way_nik,
            forgot_way_email,
            forgot_submit,
            forgot_sent_title,
            forgot_sent_email,
            forgot_sent_both,
            forgot_sent_later,
            forgot_back_to_login,
            forgot_close,
            reset_title,
            reset_checking,
            reset_for,
            reset_submit,
            reset_done_title,
            reset_done_text,
            reset_expired,
            reset_used,
            reset_invalid,
            reset_start_again,
            login_unverified_title,
            help_title,
            help_intro,
            help_register_q,
            help_email_q,
            help_otp_q,
            help_forgot_q,
            help_blocked_q,
            help_delete_q,
            help_security_link,
            help_search_label,
            help_search_hint,
            help_no_results,
            help_login_q,
            help_codes_q,
            help_fraud_q,
            help_name_q,
            help_password_q,
            help_phone_q,
            help_misuse_q,
            help_safe_q,
            help_go_register,
            help_go_login,
            help_go_profile,
            help_go_misuse,
            help_go_security,
            misuse_title,
            misuse_intro,
            misuse_sessions,
            security_title,
            security_intro,
            security_misuse,
        }
        list {
            help_delete_a: 1,
            help_forgot_after: 1,
            help_forgot_intro: 1,
            help_email_intro: 1,
            home_points: 3,
            /// The terms box's label: before the link, the link, after it.
            terms_accept: 3,
            help_register_a: 2,
            help_email_steps: 5,
            help_otp_a: 3,
            help_forgot_ways: 3,
            help_blocked_a: 2,
            help_blocked_photos: 4,
            help_login_a: 2,
            help_codes_a: 3,
            help_fraud_a: 2,
            help_name_a: 2,
            help_password_a: 1,
            help_phone_a: 2,
            help_misuse_a: 1,
            help_safe_a: 1,
        }
        pairs {
            terms_sections: 5,
            misuse_steps: 4,
            security_rules: 6,
        }
    }
}

table! {
    /// The signed-in person's bundle: dashboard, profile, identity, phone,
    /// password, change of number, payout, sessions.
    pub struct AccountTexts, AccountTextsFields in account_layout {
        text {
            profile_name_masked_note,
            sessions_password_hint,
            payout_cooling_off,
/// `{n}` is the date and time, from which incentives may be paid there.
            payout_usable_from,
            dashboard_title,
            /// `{n}` is the name, or the email before the identity is complete.
            dashboard_hi,
            dashboard_loading,
            dashboard_status,
            status_active,
            dashboard_beneficiary,
            beneficiary_yes,
            beneficiary_no,
            dashboard_profile,
            dashboard_security,
            logout,
            profile_title,
            profile_email,
            profile_name,
            profile_name_missing,
            profile_back,
            phone_title,
            phone_done,
            phone_nothing,
            identity_title,
            identity_intro,
            kk_label,
            kk_hint,
            identity_submit,
            dashboard_identity_title,
            dashboard_identity_text,
            dashboard_phone_title,
            dashboard_phone_text,
            profile_name_note,
            profile_nik,
            profile_kk,
            profile_dob,
            profile_phone,
            profile_phone_verified,
            profile_phone_pending,
            password_title,
            password_intro,
            current_password_label,
            current_password_hint,
            password_submit,
            password_done,
            profile_change_phone,
            change_phone_title,
            change_phone_intro,
            change_phone_not_beneficiary,
            change_phone_unlink_title,
            change_phone_unlink_text,
            change_phone_unlink_button,
            change_phone_unlinked,
            change_phone_step_title,
            change_phone_new_label,
            change_phone_new_hint,
            change_phone_continue,
            reauth_title,
            reauth_text,
            reauth_submit,
            change_phone_done_title,
            change_phone_done_text,
            change_phone_link_again,
            payout_title,
            payout_intro,
            payout_none,
            payout_linked,
            payout_kind_legend,
            payout_kind_ewallet,
            payout_kind_bni,
            payout_provider_label,
            payout_number_label,
            payout_number_hint,
            payout_bni_number_label,
            payout_bni_number_hint,
            payout_holder_label,
            payout_holder_hint,
            payout_link_submit,
            payout_unlink,
            payout_linked_done,
            payout_unlinked_done,
            sessions_title,
            sessions_intro,
            sessions_this_device,
            /// `{n}` is a date and time, from [`date_time`].
            sessions_signed_in,
            /// `{n}` is how long ago, from [`ago`].
            sessions_last_seen,
            sessions_end,
            sessions_end_others,
            sessions_ended_one,
            sessions_ended_others,
            sessions_only_this,
            sessions_guidelines,
        }
        list {
        }
        pairs {
        }
    }
}

table! {
    /// The Report Form's bundle: the form with its four photos and the
    /// camera, and the case status page.
    pub struct ReportTexts, ReportTextsFields in report_layout {
        text {
            meta_report,
            meta_status,
            report_title,
            report_intro,
            report_kind_legend,
            description_label,
            description_hint,
            /// `{n}` is the number of characters typed.
            description_count,
            contact_legend,
            contact_intro,
            contact_email_hint,
            contact_phone_hint,
            identity_legend,
            identity_intro,
            name_label,
            name_hint,
            identity_from_account,
            photos_legend,
            photos_intro,
            slot_take,
            slot_choose,
            slot_empty,
            slot_preparing,
            /// `{n}` is "120 KB of 310 KB", from [`Self::size_of`].
            slot_uploading,
            slot_progress_label,
            /// `{n}` is the size sent.
            slot_sent,
            slot_sent_earlier,
            slot_failed,
            slot_retry,
            slot_photo_alt,
            /// `{a}` sent of `{b}`.
            size_of,
            /// `{n}` kilobytes.
            size_kb,
            camera_switch,
            camera_capture,
            camera_retake,
            camera_use,
            camera_close,
            camera_starting,
            camera_preview_label,
            camera_guide_card,
            camera_guide_face,
            camera_refused,
            camera_refused_how,
            camera_missing,
            camera_busy,
            camera_failed,
            camera_captured_alt,
            photo_too_big_file,
            report_submit,
            report_photos_missing,
            sent_title,
            sent_number,
            /// `{n}` is the masked address.
            sent_email,
            sent_next,
            sent_status_link,
            status_title,
            status_intro,
            case_label,
            case_hint,
            status_email_hint,
            status_submit,
            status_checking,
            status_case,
            status_kind,
            status_now,
            status_submitted,
            status_updated,
            status_needed,
            status_new_report,
            status_other_case,
            status_login,
        }
        list {
            /// What happened, in the order of `CaseKind::ALL`.
            kinds: 6,
            /// The photo slots' titles, in the order of `PhotoSlot::ALL`.
            slot_titles: 4,
            /// What each slot's photo must show.
            slot_instructions: 4,
            /// Each status's name, in the order of `CaseStatus::ALL`.
            statuses: 5,
            /// What each status means and what to do.
            status_explain: 5,
            /// What a reviewer may ask for, in the order of `CaseNeed::ALL`.
            needs: 5,
            /// What a resolved case did, in the order of `CaseOutcome::ALL`.
            outcomes: 4,
            /// Why a case was rejected, in the order of `RejectReason::ALL`.
            reject_reasons: 5,
        }
        pairs {
        }
    }
}

/// A bundle of the SPA, for the tables its English file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    Public,
    Account,
    Report,
}

/// The English tables once [`install_english`] read them.
struct English {
    texts: Texts,
    public: Option<PublicTexts>,
    account: Option<AccountTexts>,
    report: Option<ReportTexts>,
}

static ENGLISH: OnceLock<English> = OnceLock::new();

impl Texts {
    /// The applicant's pages' texts in this table's language.
    pub fn public(&self) -> &'static PublicTexts {
        match ENGLISH.get() {
            Some(en) if std::ptr::eq(self, &en.texts) => en.public.as_ref().unwrap_or(&ID_PUBLIC),
            _ => &ID_PUBLIC,
        }
    }

    /// The account pages' texts in this table's language.
    pub fn account(&self) -> &'static AccountTexts {
        match ENGLISH.get() {
            Some(en) if std::ptr::eq(self, &en.texts) => en.account.as_ref().unwrap_or(&ID_ACCOUNT),
            _ => &ID_ACCOUNT,
        }
    }

    /// The Report Form's texts in this table's language.
    pub fn report(&self) -> &'static ReportTexts {
        match ENGLISH.get() {
            Some(en) if std::ptr::eq(self, &en.texts) => en.report.as_ref().unwrap_or(&ID_REPORT),
            _ => &ID_REPORT,
        }
    }
}

/// The English table, once installed.
pub fn english() -> Option<&'static Texts> {
    ENGLISH.get().map(|en| &en.texts)
}

/// Reads a bundle's English file (as written by [`english_file`]) and
/// makes it the English table. `false` when the file does not read: a file
/// from another build, or cut short. Installing twice keeps the first.
pub fn install_english(file: &'static str, bundle: Bundle) -> bool {
    if ENGLISH.get().is_some() {
        return true;
    }
    let lines: Vec<&'static str> = file
        .strip_suffix('\n')
        .unwrap_or(file)
        .split('\n')
        .map(unescape)
        .collect();
    let own = match bundle {
        Bundle::Public => PublicTexts::COUNT,
        Bundle::Account => AccountTexts::COUNT,
        Bundle::Report => ReportTexts::COUNT,
    };
    if lines.len() != Texts::COUNT + own {
        return false;
    }
    let (common, rest) = lines.split_at(Texts::COUNT);
    let mut english = English {
        texts: Texts::read(common),
        public: None,
        account: None,
        report: None,
    };
    match bundle {
        Bundle::Public => english.public = Some(PublicTexts::read(rest)),
        Bundle::Account => english.account = Some(AccountTexts::read(rest)),
        Bundle::Report => english.report = Some(ReportTexts::read(rest)),
    }
    ENGLISH.set(english).is_ok()
}

/// A bundle's English file: its common texts, then its own, one a line.
pub fn english_file(bundle: Bundle) -> String {
    let mut out = Vec::new();
    EN.put(&mut out);
    match bundle {
        Bundle::Public => EN_PUBLIC.put(&mut out),
        Bundle::Account => EN_ACCOUNT.put(&mut out),
        Bundle::Report => EN_REPORT.put(&mut out),
    }
    let mut file = String::new();
    for text in out {
        file.push_str(&escape(text));
        file.push('\n');
    }
    file
}

/// Texts hold no line breaks today; should one ever, it travels as `\n`
/// (and a backslash as `\\`), so that each text stays one line.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\\']) {
        text.replace('\\', "\\\\").replace('\n', "\\n").into()
    } else {
        text.into()
    }
}

fn unescape(line: &'static str) -> &'static str {
    if !line.contains('\\') {
        return line;
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    // The file lives as long as the page: its texts do too.
    Box::leak(out.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use akun_core::api::Lang;
    use akun_core::glossary::misused;

    fn all(
        texts: &Texts,
        public: &PublicTexts,
        account: &AccountTexts,
        report: &ReportTexts,
    ) -> Vec<&'static str> {
        let mut out = Vec::new();
        texts.put(&mut out);
        public.put(&mut out);
        account.put(&mut out);
        report.put(&mut out);
        out
    }

    fn indonesian() -> Vec<&'static str> {
        all(&ID, &ID_PUBLIC, &ID_ACCOUNT, &ID_REPORT)
    }

    fn english_texts() -> Vec<&'static str> {
        all(&EN, &EN_PUBLIC, &EN_ACCOUNT, &EN_REPORT)
    }

    #[test]
    fn every_text_uses_the_glossary_of_its_language() {
        for (lang, texts) in [(Lang::Id, indonesian()), (Lang::En, english_texts())] {
            assert!(texts.len() > 400, "only {} texts", texts.len());
            for text in texts {
                if let Some((word, instead)) = misused(lang, text) {
                    panic!("{lang:?}: \"{word}\" where the glossary says \"{instead}\": {text}");
                }
            }
        }
    }

    #[test]
    fn no_text_is_empty_or_left_untranslated() {
        let (id, en) = (indonesian(), english_texts());
        assert_eq!(id.len(), en.len());
        for text in id.iter().chain(&en) {
            assert!(!text.trim().is_empty());
        }
        // Names and codes read the same in both languages; most texts do not.
        let same = id.iter().zip(&en).filter(|(a, b)| a == b).count();
        assert!(same < 15, "{same} texts are the same in both languages");
    }

    #[test]
    fn a_bundles_english_file_reads_back_as_its_tables() {
        for bundle in [Bundle::Public, Bundle::Account, Bundle::Report] {
            let file: &'static str = english_file(bundle).leak();
            let lines: Vec<&'static str> = file.split('\n').map(unescape).collect();
            let texts = Texts::read(&lines);
            let rest = &lines[Texts::COUNT..];
            assert_eq!(texts.brand(), EN.brand());
            assert_eq!(texts.err_internal(), EN.err_internal());
            match bundle {
                Bundle::Public => {
                    let public = PublicTexts::read(rest);
                    assert_eq!(rest.len(), PublicTexts::COUNT + 1);
                    assert_eq!(public.help_title(), EN_PUBLIC.help_title());
                    assert_eq!(public.terms_sections(), EN_PUBLIC.terms_sections());
                }
                Bundle::Account => {
                    let account = AccountTexts::read(rest);
                    assert_eq!(rest.len(), AccountTexts::COUNT + 1);
                    assert_eq!(account.sessions_title(), EN_ACCOUNT.sessions_title());
                }
                Bundle::Report => {
                    let report = ReportTexts::read(rest);
                    assert_eq!(rest.len(), ReportTexts::COUNT + 1);
                    assert_eq!(report.status_title(), EN_REPORT.status_title());
                    assert_eq!(report.kinds(), EN_REPORT.kinds());
                }
            }
            assert_eq!(lines.last(), Some(&""), "the file ends with a line break");
        }
    }

    #[test]
    fn a_file_cut_short_or_too_long_is_refused() {
        let file = english_file(Bundle::Public);
        let half: Vec<&str> = file.lines().take(100).collect();
        let short = half.join("\n") + "\n";
        assert!(!install_english(Box::leak(short.into()), Bundle::Public));
        let long = format!("{file}one more\n");
        assert!(!install_english(Box::leak(long.into()), Bundle::Public));
        assert!(english().is_none());

        assert!(install_english(Box::leak(file.into()), Bundle::Public));
        let installed = english().unwrap();
        assert_eq!(installed.nav_home(), EN.nav_home());
        assert_eq!(installed.public().login_title(), EN_PUBLIC.login_title());
        // The account pages' English is not in this bundle's file.
        assert_eq!(
            installed.account().sessions_title(),
            ID_ACCOUNT.sessions_title()
        );
        assert_eq!(ID.public().login_title(), ID_PUBLIC.login_title());
    }

    #[test]
    fn line_breaks_and_backslashes_survive_the_file() {
        for text in ["two\nlines", "a \\ b", "plain"] {
            let line = escape(text).into_owned();
            assert!(!line.contains('\n'));
            assert_eq!(unescape(Box::leak(line.into_boxed_str())), text);
        }
    }
}
