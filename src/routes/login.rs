//! `/login`: email and password, checked as they are typed. The one-time
//! code step that follows arrives in a later issue.

use crate::form::{
    Credentials, Field, FieldState, FormStatus, ShowPassword, Submission, SubmitButton,
    check_current_password, check_email, normalised_email, password_kind, validate_all,
};
use crate::i18n::{tr, use_lang};
use crate::layout::PageTitle;
use crate::routes::help::FORGOT_PASSWORD;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn Login() -> impl IntoView {
    let lang = use_lang();
    let email = FieldState::new();
    let password = FieldState::new();
    let email_problem = email.problem(check_email);
    let password_problem = password.problem(check_current_password);
    let show = RwSignal::new(false);
    let send = Submission::new("/api/login");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let fields = [
            ("email", email, email_problem),
            ("password", password, password_problem),
        ];
        if validate_all(&fields) {
            let body = Credentials {
                email: email.value.with_untracked(|v| normalised_email(v)),
                password: password.value.get_untracked(),
                lang: lang.get_untracked(),
            };
            let fields = [("email", email), ("password", password)];
            send.dispatch(&body, &fields, |answer| answer.map(drop));
        }
    };

    view! {
        <PageTitle text=|t| t.login_title />
        <p class="lead">{tr(|t| t.login_intro)}</p>
        <form class="form" novalidate on:submit=on_submit>
            <Field
                id="email"
                label=|t| t.email_label
                hint=|t| t.email_hint
                kind="email"
                autocomplete="username"
                state=email
                problem=email_problem
            />
            <Field
                id="password"
                label=|t| t.password_label
                hint=|t| t.password_current_hint
                kind=password_kind(show)
                autocomplete="current-password"
                state=password
                problem=password_problem
            >
                <ShowPassword show=show controls="password" />
            </Field>
            <FormStatus submission=send done_text=|t| t.login_done submit="login-submit" />
            <SubmitButton id="login-submit" text=|t| t.login_submit submission=send />
        </form>
        <ul class="links">
            <li>
                <a href=format!("/help#{FORGOT_PASSWORD}")>{tr(|t| t.login_forgot)}</a>
            </li>
            <li>
                {tr(|t| t.login_no_account)}
                " "
                <a href="/register">{tr(|t| t.login_register_link)}</a>
            </li>
        </ul>
    }
}
