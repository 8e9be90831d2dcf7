//! `/help`: the help centre. Each question is a `<details>` with a stable
//! id, so that other pages, emails and staff can link straight to an answer
//! (`/help#verification-email`); [`crate::layout::PageTitle`] opens it.

use crate::i18n::{Texts, texts, tr, use_lang};
use crate::layout::PageTitle;
use leptos::prelude::*;

pub const REGISTERING: &str = "registering";
pub const VERIFICATION_EMAIL: &str = "verification-email";
pub const OTP: &str = "otp";
pub const FORGOT_PASSWORD: &str = "forgot-password";
pub const BLOCKED: &str = "blocked-account";
pub const DELETION: &str = "account-deletion";

/// Addresses of answers, for the link lists of other pages.
pub const VERIFICATION_EMAIL_HREF: &str = "/help#verification-email";
pub const BLOCKED_HREF: &str = "/help#blocked-account";

type Text = fn(&Texts) -> &'static str;
type Paragraphs = fn(&'static Texts) -> &'static [&'static str];

fn none(_: &'static Texts) -> &'static [&'static str] {
    &[]
}

#[component]
pub fn Help() -> impl IntoView {
    view! {
        <PageTitle text=|t| t.help_title />
        <p class="lead">{tr(|t| t.help_intro)}</p>
        <div class="faq">
            <Question id=REGISTERING question=|t| t.help_register_q before=|t| &t.help_register_a />
            <Question
                id=VERIFICATION_EMAIL
                question=|t| t.help_email_q
                before=|t| std::slice::from_ref(&t.help_email_intro)
                steps=|t| &t.help_email_steps
                numbered=true
            />
            <Question id=OTP question=|t| t.help_otp_q before=|t| &t.help_otp_a />
            <Question
                id=FORGOT_PASSWORD
                question=|t| t.help_forgot_q
                before=|t| std::slice::from_ref(&t.help_forgot_intro)
                steps=|t| &t.help_forgot_ways
                after=|t| std::slice::from_ref(&t.help_forgot_after)
            />
            <Question
                id=BLOCKED
                question=|t| t.help_blocked_q
                before=|t| &t.help_blocked_a
                steps=|t| &t.help_blocked_photos
            />
            <Question
                id=DELETION
                question=|t| t.help_delete_q
                before=|t| std::slice::from_ref(&t.help_delete_a)
            />
        </div>
        <p>
            <a href="/security">{tr(|t| t.help_security_link)}</a>
        </p>
    }
}

/// One question: paragraphs, then an optional list, then more paragraphs.
/// A single component for all of them keeps the wasm small (one view type,
/// compiled once). Only the text inside is reactive, so switching the
/// language does not close a question that is open.
#[component]
fn Question(
    id: &'static str,
    question: Text,
    before: Paragraphs,
    #[prop(default = none)] steps: Paragraphs,
    #[prop(optional)] numbered: bool,
    #[prop(default = none)] after: Paragraphs,
) -> impl IntoView {
    let lang = use_lang();
    let paragraphs = move |pick: Paragraphs| {
        move || {
            pick(texts(lang.get()))
                .iter()
                .map(|text| view! { <p>{*text}</p> })
                .collect_view()
        }
    };
    let items = move || {
        steps(texts(lang.get()))
            .iter()
            .map(|text| view! { <li>{*text}</li> })
            .collect_view()
    };
    let list = match (steps(texts(lang.get_untracked())).is_empty(), numbered) {
        (true, _) => None,
        (false, true) => Some(view! { <ol>{items}</ol> }.into_any()),
        (false, false) => Some(view! { <ul>{items}</ul> }.into_any()),
    };
    view! {
        <details id=id>
            <summary>{tr(question)}</summary>
            <div class="answer">{paragraphs(before)} {list} {paragraphs(after)}</div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_addresses_name_the_answers() {
        assert_eq!(
            VERIFICATION_EMAIL_HREF,
            format!("/help#{VERIFICATION_EMAIL}")
        );
        assert_eq!(BLOCKED_HREF, format!("/help#{BLOCKED}"));
    }
}
