//! The password again, in the middle of a page, before a change that needs
//! a recent login (a new mobile number, a payout account). The API renews
//! the session under a new cookie; the page then carries on with what it
//! was doing.

use crate::form::{
    Field, FieldState, FormStatus, Submission, SubmitButton, check_current_password, password_kind,
    validate_all,
};
use crate::i18n::tr;
use akun_core::api::ReauthRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// The password form, shown while `shown` holds; `done` runs once the API
/// took the password.
#[component]
pub fn Reauth(#[prop(into)] shown: Signal<bool>, done: Callback<()>) -> impl IntoView {
    let password = FieldState::new();
    let password_problem = password.problem(check_current_password);
    let reauth = Submission::new("/api/reauth");
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !validate_all(&[("reauth-password", password, password_problem)]) {
            return;
        }
        let body = ReauthRequest {
            password: password.value.get_untracked(),
        };
        reauth.dispatch(&body, &[("password", password)], move |answer| {
            answer?;
            password.value.try_set(String::new());
            done.run(());
            Ok(())
        });
    };
    view! {
        <section id="reauth" hidden=Signal::derive(move || !shown.get())>
            <h2>{tr(|t| t.account().reauth_title())}</h2>
            <p>{tr(|t| t.account().reauth_text())}</p>
            <form class="form" novalidate on:submit=on_submit>
                <Field
                    id="reauth-password"
                    label=|t| t.password_label()
                    hint=|t| t.password_current_hint()
                    kind=password_kind(RwSignal::new(false))
                    autocomplete="current-password"
                    state=password
                    problem=password_problem
                />
                <FormStatus submission=reauth submit="reauth-submit" />
                <SubmitButton id="reauth-submit" text=|t| t.account().reauth_submit() submission=reauth />
            </form>
        </section>
    }
}
