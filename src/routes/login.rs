//! `/login`: email, password and a captcha, checked as they are typed; on
//! success the one-time code page (`/login/code`) takes over.
//!
//! A wrong captcha, a wrong password and an unknown address get one
//! message from the API, and every failed try brings a new picture (the API
//! spends a captcha on its first check). An address that was never
//! verified is told so, with a button for a new link.

use crate::account::Note;
use crate::api::ClientError;
use crate::captcha::{Captcha, CaptchaBox};
use crate::form::{
    Field, FieldState, FormStatus, ShowPassword, Submission, SubmitButton, check_captcha,
    check_current_password, check_email, focus_by_id, normalised_email, password_kind,
    validate_all,
};
use crate::i18n::{tr, use_lang};
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
