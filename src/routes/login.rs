//! `/login`: email, password and a captcha, checked as they are typed; on
//! success the one-time code page (`/login/code`) takes over.
//!
//! A wrong captcha, a wrong password and an unknown address get one
//! message from the API, and every failed try brings a new picture (the API
//! spends a captcha on its first check). An address that was never
//! verified is told so, with a button for a new link.

use crate::account::Note;
use crate::api::{self, ClientError};
use crate::form::{
    Field, FieldState, FormStatus, ShowPassword, Submission, SubmitButton, check_captcha,
    check_current_password, check_email, focus_by_id, normalised_email, password_kind,
    validate_all,
};
use crate::i18n::{tr, use_lang, use_texts};
use crate::layout::BlockedNotice;
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::router::navigator;
use crate::routes::check_email::Resend;
use crate::routes::code::use_attempt;
use akun_core::api::LoginRequest;
use akun_core::{ApiError, ErrorCode};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// A captcha challenge from the API (its id and its picture) and the box
/// its answer is typed in.
#[derive(Clone, Copy)]
pub struct Captcha {
    pub id: RwSignal<Option<String>>,
    /// A `data:` URL; `None` while loading or after a failure.
    pub image: RwSignal<Option<String>>,
    pub failed: RwSignal<bool>,
    pub answer: FieldState,
    /// Whether the form shows it: the login always, other forms once the
    /// API asked for it (`captcha_required`).
    pub needed: RwSignal<bool>,
}

impl Captcha {
    pub fn new() -> Self {
        Self {
            id: RwSignal::new(None),
            image: RwSignal::new(None),
            failed: RwSignal::new(false),
            answer: FieldState::new(),
            needed: RwSignal::new(false),
        }
    }

    /// A new picture, its box emptied.
    pub fn renew(self) {
        self.answer.value.set(String::new());
        self.answer.touched.set(false);
        self.load();
    }

    /// The id and the typed answer to send, while the captcha is shown.
    pub fn solved(self) -> (Option<String>, Option<String>) {
        if !self.needed.get_untracked() {
            return (None, None);
        }
        (
            self.id.get_untracked(),
            Some(self.answer.value.with_untracked(|v| v.trim().to_owned())),
        )
    }

    /// For the forms that ask for a captcha only after many requests:
    /// when the API asks for one (or refuses the answer), shows it with a
    /// new picture and says so; `true` when it did.
    pub fn asked_for(self, error: &ClientError, answer_id: &str) -> bool {
        let ClientError::Api(ApiError { code, .. }) = error else {
            return false;
        };
        if !matches!(code, ErrorCode::CaptchaRequired | ErrorCode::CaptchaWrong) {
            return false;
        }
        self.needed.set(true);
        self.renew();
        if *code == ErrorCode::CaptchaWrong {
            self.answer.server.set(Some(*code));
            self.answer.touched.set(true);
        }
        crate::form::focus_by_id(answer_id);
        true
    }

    /// Asks for a new challenge. The id and the picture are set together,
    /// so they always belong to each other.
    pub fn load(self) {
        self.image.set(None);
        self.failed.set(false);
        leptos::task::spawn_local(async move {
            let loaded = api::get("/api/captcha")
                .await
                .ok()
                .and_then(|body| api::read_captcha(&body));
            match loaded {
                Some((id, image)) => {
                    self.id.try_set(Some(id));
                    self.image.try_set(Some(image));
                }
                None => {
                    self.id.try_set(None);
                    self.failed.try_set(true);
                }
            }
        });
    }
}

impl Default for Captcha {
    fn default() -> Self {
        Self::new()
    }
}

/// The ids of a [`CaptchaBox`]'s picture, button and answer box.
pub const CAPTCHA_IDS: [&str; 3] = ["captcha-image", "captcha-refresh", "captcha"];
/// The same, for the resend form, which shares a page with the login.
pub const RESEND_CAPTCHA_IDS: [&str; 3] = [
    "resend-captcha-image",
    "resend-captcha-refresh",
    "resend-captcha",
];

/// The captcha's picture, a button for another one, and the box for its
/// answer, while [`Captcha::needed`] holds.
#[component]
pub fn CaptchaBox(
    captcha: Captcha,
    /// [`CAPTCHA_IDS`] unless given.
    #[prop(optional)]
    ids: Option<[&'static str; 3]>,
) -> impl IntoView {
    let [image_id, refresh_id, answer_id] = ids.unwrap_or(CAPTCHA_IDS);
    let t = use_texts();
    let problem = captcha.answer.problem(check_captcha);
    let picture_state = Signal::derive(move || {
        let t = t.get();
        if captcha.failed.get() {
            Some(t.captcha_failed())
        } else if captcha.image.with(Option::is_none) {
            Some(t.captcha_loading())
        } else {
            None
        }
    });
    view! {
        <div hidden=Signal::derive(move || !captcha.needed.get())>
            <div class="captcha">
                <img
                    id=image_id
                    src=Signal::derive(move || captcha.image.get())
                    alt=tr(|t| t.captcha_alt())
                    width="220"
                    height="90"
                    hidden=Signal::derive(move || captcha.image.with(Option::is_none))
                />
                <p class="captcha-state" role="status">
                    {picture_state}
                </p>
                <button
                    type="button"
                    class="toggle refresh"
                    id=refresh_id
                    aria-controls=image_id
                    on:click=move |_| {
                        captcha.renew();
                        focus_by_id(answer_id);
                    }
                >
                    {tr(|t| t.captcha_refresh())}
                </button>
            </div>
            <Field
                id=answer_id
                label=|t| t.captcha_label()
                hint=|t| t.captcha_hint()
                kind="text"
                autocomplete="off"
                state=captcha.answer
                problem=problem
            />
        </div>
    }
}

#[component]
pub fn Login() -> impl IntoView {
    let lang = use_lang();
    let nav = navigator();
    let attempt = use_attempt();
    let note = Note::take();
    // The account is blocked: said by the password step, or by a signed-in
    // page that sent the person here.
    let blocked = RwSignal::new(match note {
        Some(Note::Blocked(b)) => Some(b),
        _ => None,
    });
    let note = note.and_then(Note::text);
    let email = FieldState::new();
    let password = FieldState::new();
    let email_problem = email.problem(check_email);
    let password_problem = password.problem(check_current_password);
    let show = RwSignal::new(false);
    let captcha = Captcha::new();
    captcha.needed.set(true);
    captcha.load();
    let answer = captcha.answer;
    let answer_problem = answer.problem(check_captcha);
    // The address, when the API says it was never verified.
    let unverified = RwSignal::new(None::<String>);
    let send = Submission::new("/api/login");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let fields = [
            ("email", email, email_problem),
            ("password", password, password_problem),
            ("captcha", answer, answer_problem),
        ];
        if !validate_all(&fields) {
            return;
        }
        let Some(captcha_id) = captcha.id.get_untracked() else {
            // The picture has not loaded: the person cannot have read it.
            captcha.load();
            focus_by_id("captcha-refresh");
            return;
        };
        let address = email.value.with_untracked(|v| normalised_email(v));
        let body = LoginRequest {
            email: address.clone(),
            password: password.value.get_untracked(),
            captcha_id,
            captcha_answer: answer.value.with_untracked(|v| v.trim().to_owned()),
            lang: lang.get_untracked(),
        };
        unverified.set(None);
        blocked.set(None);
        send.dispatch(&body, &[("email", email)], move |result| match result {
            Ok(body) => {
                attempt.start(&body);
                nav.go(Page::Code);
                Ok(())
            }
            Err(error) => {
                // Spent by the API, right or wrong: a new one for the next
                // try.
                captcha.renew();
                match error {
                    ClientError::Api(ApiError {
                        code: ErrorCode::EmailNotVerified,
                        ..
                    }) => {
                        unverified.try_set(Some(address));
                        Ok(())
                    }
                    ClientError::Api(ApiError {
                        blocked: Some(b), ..
                    }) => {
                        blocked.try_set(Some(b));
                        crate::form::focus_by_id("blocked");
                        Ok(())
                    }
                    error => Err(error),
                }
            }
        });
    };

    view! {
        <PageTitle text=|t| t.public().login_title() />
        {note.map(|note| view! { <p class="notice" id="login-note" role="status">{tr(note)}</p> })}
        {move || blocked.get().map(|b| view! { <BlockedNotice blocked=b /> })}
        <p class="lead">{tr(|t| t.public().login_intro())}</p>
        <form class="form" novalidate on:submit=on_submit>
            <Field
                id="email"
                label=|t| t.email_label()
                hint=|t| t.public().email_hint()
                kind="email"
                autocomplete="username"
                state=email
                problem=email_problem
            />
            <Field
                id="password"
                label=|t| t.password_label()
                hint=|t| t.password_current_hint()
                kind=password_kind(show)
                autocomplete="current-password"
                state=password
                problem=password_problem
            >
                <ShowPassword show=show controls="password" />
            </Field>
            <CaptchaBox captcha=captcha />
            <FormStatus submission=send submit="login-submit" />
            <SubmitButton id="login-submit" text=|t| t.public().login_submit() submission=send />
        </form>
        {move || {
            unverified
                .get()
                .map(|address| {
                    view! {
                        <section class="notice" id="login-unverified" role="alert">
                            <h2>{tr(|t| t.public().login_unverified_title())}</h2>
                            <p>{tr(|t| t.err_email_not_verified())}</p>
                            <Resend known=Some(address) />
                        </section>
                    }
                })
        }}
        <ul class="links">
            <li>
                <PageLink page=Page::Forgot id="login-forgot" text=|t| t.public().login_forgot() />
            </li>
            <li>
                {tr(|t| t.public().login_no_account())}
                " "
                <PageLink page=Page::Register text=|t| t.public().login_register_link() />
            </li>
        </ul>
    }
}
