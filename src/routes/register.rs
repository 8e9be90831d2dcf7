//! `/register`: email, password and the password again, each checked as it
//! is typed with the validators the API uses.

use crate::form::{
    Credentials, Field, FieldState, FormStatus, ShowPassword, Submission, check_email,
    check_new_password, check_repeat, normalised_email, password_kind, validate_all,
};
use crate::i18n::{tr, use_lang};
use crate::layout::PageTitle;
use crate::routes::help::VERIFICATION_EMAIL;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Register() -> impl IntoView {
    let lang = use_lang();
    let email = FieldState::new();
    let password = FieldState::new();
    let repeat = FieldState::new();
    let email_problem = email.problem(check_email);
    let password_problem = password.problem(check_new_password);
    let repeat_problem =
        repeat.problem(move |value| password.value.with(|first| check_repeat(first, value)));
    let show = RwSignal::new(false);
    let send = Submission::new("/api/register", email, password);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let fields = [
            ("email", email, email_problem),
            ("password", password, password_problem),
            ("password-repeat", repeat, repeat_problem),
        ];
        if validate_all(&fields) {
            send.dispatch(Credentials {
                email: email.value.with_untracked(|v| normalised_email(v)),
                password: password.value.get_untracked(),
                lang: lang.get_untracked(),
            });
        }
    };

    view! {
        <PageTitle text=|t| t.register_title />
        <p class="lead">{tr(|t| t.register_intro)}</p>
        <form class="form" novalidate on:submit=on_submit>
            <Field
                id="email"
                label=|t| t.email_label
                hint=|t| t.email_hint
                kind="email"
                autocomplete="email"
                state=email
                problem=email_problem
            />
            <Field
                id="password"
                label=|t| t.password_label
                hint=|t| t.password_new_hint
                kind=password_kind(show)
                autocomplete="new-password"
                state=password
                problem=password_problem
            >
                <ShowPassword show=show controls="password password-repeat" />
            </Field>
            <Field
                id="password-repeat"
                label=|t| t.password_repeat_label
                hint=|t| t.password_repeat_hint
                kind=password_kind(show)
                autocomplete="new-password"
                state=repeat
                problem=repeat_problem
            />
            <FormStatus submission=send done_text=|t| t.register_done />
            <button type="submit" class="button primary" id="register-submit">
                {tr(|t| t.register_submit)}
            </button>
        </form>
        <ul class="links">
            <li>
                <A href="/login">{tr(|t| t.register_have_account)}</A>
            </li>
            <li>
                <A href=format!("/help#{VERIFICATION_EMAIL}")>{tr(|t| t.register_email_help)}</A>
            </li>
        </ul>
    }
}
