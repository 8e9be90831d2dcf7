//! `/help`: the help centre. Each question is a `<details>` with a stable
//! id, so that other pages, emails and staff can link straight to an answer
//! (`/help#verification-email`); [`crate::layout::PageTitle`] opens it. A
//! search box above the questions hides those that do not contain what
//! was typed, in the language shown. Each answer links to the screen it is
//! about.
//!
//! The questions are one table ([`QUESTIONS`]) rendered by one view, so a
//! new question costs its text and nothing more.

use crate::i18n::{Texts, texts, tr, use_lang};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use leptos::prelude::*;

pub const REGISTERING: &str = "registering";
pub const VERIFICATION_EMAIL: &str = "verification-email";
pub const LOGGING_IN: &str = "logging-in";
pub const OTP: &str = "otp";
pub const CODES_NOT_ARRIVING: &str = "codes-not-arriving";
pub const FORGOT_PASSWORD: &str = "forgot-password";
pub const BLOCKED: &str = "blocked-account";
pub const FRAUD: &str = "fraud-flag";
pub const NAME: &str = "changing-name";
pub const PASSWORD: &str = "changing-password";
pub const PHONE: &str = "changing-phone";
pub const MISUSE: &str = "misuse";
pub const SAFETY: &str = "keeping-safe";
pub const DELETION: &str = "account-deletion";

type Text = fn(&Texts) -> &'static str;
type Paragraphs = fn(&'static Texts) -> &'static [&'static str];

fn none(_: &'static Texts) -> &'static [&'static str] {
    &[]
}

/// One question: paragraphs, then an optional list, then more paragraphs,
/// and a link to the screen the answer is about.
pub struct Question {
    pub id: &'static str,
    pub question: Text,
    pub before: Paragraphs,
    pub steps: Paragraphs,
    pub numbered: bool,
    pub after: Paragraphs,
    pub link: Option<(Page, Text)>,
}

const fn question(id: &'static str, question: Text, before: Paragraphs) -> Question {
    Question {
        id,
        question,
        before,
        steps: none,
        numbered: false,
        after: none,
        link: None,
    }
}

impl Question {
    const fn steps(mut self, steps: Paragraphs, numbered: bool) -> Self {
        self.steps = steps;
        self.numbered = numbered;
        self
    }

    const fn after(mut self, after: Paragraphs) -> Self {
        self.after = after;
        self
    }

    const fn link(mut self, page: Page, text: Text) -> Self {
        self.link = Some((page, text));
        self
    }

    /// Whether the question or its answer, in `t`'s language, contains
    /// every word of `query` (ignoring case).
    pub fn matches(&self, t: &'static Texts, query: &str) -> bool {
        let words: Vec<String> = query.split_whitespace().map(fold).collect();
        if words.is_empty() {
            return true;
        }
        let mut all = fold((self.question)(t));
        for part in [self.before, self.steps, self.after] {
            for paragraph in part(t) {
                all.push(' ');
                all.push_str(&fold(paragraph));
            }
        }
        words.iter().all(|word| all.contains(word.as_str()))
    }
}

/// Lower case for searching. ASCII only: the texts are Indonesian and
/// English, and Unicode case tables would cost wasm for nothing.
fn fold(text: &str) -> String {
    text.to_ascii_lowercase()
}

pub const QUESTIONS: &[Question] = &[
    question(
        REGISTERING,
        |t| t.public().help_register_q(),
        |t| t.public().help_register_a(),
    )
    .link(Page::Register, |t| t.public().help_go_register()),
    question(
        VERIFICATION_EMAIL,
        |t| t.public().help_email_q(),
        |t| t.public().help_email_intro(),
    )
    .steps(|t| t.public().help_email_steps(), true)
    .link(Page::Report, |t| t.help_go_report()),
    question(
        LOGGING_IN,
        |t| t.public().help_login_q(),
        |t| t.public().help_login_a(),
    )
    .link(Page::Login, |t| t.public().help_go_login()),
    question(
        OTP,
        |t| t.public().help_otp_q(),
        |t| t.public().help_otp_a(),
    )
    .link(Page::Login, |t| t.public().help_go_login()),
    question(
        CODES_NOT_ARRIVING,
        |t| t.public().help_codes_q(),
        |t| t.public().help_codes_a(),
    )
    .link(Page::Report, |t| t.help_go_report()),
    question(
        FORGOT_PASSWORD,
        |t| t.public().help_forgot_q(),
        |t| t.public().help_forgot_intro(),
    )
    .steps(|t| t.public().help_forgot_ways(), false)
    .after(|t| t.public().help_forgot_after())
    .link(Page::Forgot, |t| t.public().login_forgot()),
    question(
        BLOCKED,
        |t| t.public().help_blocked_q(),
        |t| t.public().help_blocked_a(),
    )
    .steps(|t| t.public().help_blocked_photos(), false)
    .link(Page::Report, |t| t.help_go_report()),
    question(
        FRAUD,
        |t| t.public().help_fraud_q(),
        |t| t.public().help_fraud_a(),
    )
    .link(Page::Report, |t| t.help_go_report()),
    question(
        NAME,
        |t| t.public().help_name_q(),
        |t| t.public().help_name_a(),
    )
    .link(Page::Report, |t| t.help_go_report()),
    question(
        PASSWORD,
        |t| t.public().help_password_q(),
        |t| t.public().help_password_a(),
    )
    .link(Page::Profile, |t| t.public().help_go_profile()),
    question(
        PHONE,
        |t| t.public().help_phone_q(),
        |t| t.public().help_phone_a(),
    )
    .link(Page::Profile, |t| t.public().help_go_profile()),
    question(
        MISUSE,
        |t| t.public().help_misuse_q(),
        |t| t.public().help_misuse_a(),
    )
    .link(Page::Misuse, |t| t.public().help_go_misuse()),
    question(
        SAFETY,
        |t| t.public().help_safe_q(),
        |t| t.public().help_safe_a(),
    )
    .link(Page::Security, |t| t.public().help_go_security()),
    question(
        DELETION,
        |t| t.public().help_delete_q(),
        |t| t.public().help_delete_a(),
    ),
];

#[component]
pub fn Help() -> impl IntoView {
    let lang = use_lang();
    let query = RwSignal::new(String::new());
    let shown = move |q: &'static Question| {
        Signal::derive(move || query.with(|query| q.matches(texts(lang.get()), query)))
    };
    let none_shown = Signal::derive(move || {
        let t = texts(lang.get());
        query.with(|query| !QUESTIONS.iter().any(|q| q.matches(t, query)))
    });
    let questions = QUESTIONS
        .iter()
        .map(|q| view! { <QuestionView q=q shown=shown(q) /> })
        .collect_view();
    view! {
        <PageTitle text=|t| t.public().help_title() />
        <p class="lead">{tr(|t| t.public().help_intro())}</p>
        <div class="field search" role="search">
            <label for="help-search">{tr(|t| t.public().help_search_label())}</label>
            <p class="hint" id="help-search-hint">
                {tr(|t| t.public().help_search_hint())}
            </p>
            <input
                id="help-search"
                type="search"
                autocomplete="off"
                aria-describedby="help-search-hint"
                aria-controls="faq"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </div>
        <p id="help-no-results" role="status">
            {Signal::derive(move || none_shown.get().then(|| texts(lang.get()).public().help_no_results()))}
        </p>
        <div class="faq" id="faq">
            {questions}
        </div>
        <p>
            <PageLink page=Page::Security text=|t| t.public().help_security_link() />
        </p>
    }
}

/// One question of the table. Only the text inside is reactive, so
/// switching the language does not close a question that is open.
#[component]
fn QuestionView(q: &'static Question, shown: Signal<bool>) -> impl IntoView {
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
        (q.steps)(texts(lang.get()))
            .iter()
            .map(|text| view! { <li>{*text}</li> })
            .collect_view()
    };
    let list = match (
        (q.steps)(texts(lang.get_untracked())).is_empty(),
        q.numbered,
    ) {
        (true, _) => None,
        (false, true) => Some(view! { <ol>{items}</ol> }.into_any()),
        (false, false) => Some(view! { <ul>{items}</ul> }.into_any()),
    };
    let link = q.link.map(|(page, text)| {
        view! {
            <p>
                <PageLink page=page text=text />
            </p>
        }
    });
    view! {
        <details id=q.id hidden=Signal::derive(move || !shown.get())>
            <summary>{tr(q.question)}</summary>
            <div class="answer">{paragraphs(q.before)} {list} {paragraphs(q.after)} {link}</div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::ID;

    #[test]
    fn every_question_has_its_own_id() {
        let mut ids: Vec<_> = QUESTIONS.iter().map(|q| q.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), QUESTIONS.len());
    }

    #[test]
    fn search_finds_words_in_questions_and_answers_of_the_language_shown() {
        let found = |t: &'static Texts, query: &str| -> Vec<&str> {
            QUESTIONS
                .iter()
                .filter(|q| q.matches(t, query))
                .map(|q| q.id)
                .collect()
        };
        let en = crate::i18n::english_for_tests();
        assert_eq!(found(&ID, "").len(), QUESTIONS.len());
        assert!(found(&ID, "OTP").contains(&OTP));
        assert!(found(en, "otp").contains(&OTP));
        assert!(found(&ID, "dihapus").contains(&DELETION));
        assert!(found(en, "deleted").contains(&DELETION));
        assert_eq!(found(en, "deleted dihapus"), Vec::<&str>::new());
        assert!(found(&ID, "zzzz").is_empty());
    }
}
