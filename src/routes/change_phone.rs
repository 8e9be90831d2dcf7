//! `/account/phone/change`: a new mobile number, for this year's
//! beneficiaries. Steps: a payout account tied to the old number is
//! unlinked first ("Ya, Putuskan Rekening"); the new number ("Ganti
//! Nomor", "Lanjutkan"); the password again when the login is not recent;
//! the code texted to the new number ("Verifikasi"); then a reminder to
//! link the e-wallet again.

use crate::api::{self, ClientError};
use crate::form::{Field, FieldState, FormStatus, Submission, SubmitButton, validate_all};
use crate::i18n::tr;
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::routes::code::{CodeForm, CodeInfo, Flow};
use crate::routes::identity::check_phone;
use crate::routes::reauth::Reauth;
use crate::wait::now;
use akun_core::{ApiError, ErrorCode};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde::Serialize;

/// Where the change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Loading,
    NotBeneficiary,
    Unlink,
    Number,
    Reauth,
    Code,
    Done,
    Failed,
}

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::Loading => "loading",
            Step::NotBeneficiary => "not-beneficiary",
            Step::Unlink => "unlink",
            Step::Number => "number",
            Step::Reauth => "reauth",
            Step::Code => "code",
            Step::Done => "done",
            Step::Failed => "failed",
        }
    }

    /// The step an error from the number step leads to, if any.
    pub fn after(code: ErrorCode) -> Option<Self> {
        match code {
            ErrorCode::NotBeneficiary => Some(Step::NotBeneficiary),
            ErrorCode::PayoutLinked => Some(Step::Unlink),
            ErrorCode::ReauthRequired => Some(Step::Reauth),
            _ => None,
        }
    }
}

#[derive(Serialize)]
struct NewNumber {
    phone: String,
}

#[component]
pub fn ChangePhone() -> impl IntoView {
    let step = RwSignal::new(Step::Loading);
    let info = RwSignal::new(None::<CodeInfo>);
    let unlinked = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let me = api::get("/api/me").await;
        let payout = api::get("/api/payout").await;
        let next = match (me, payout) {
            (Ok(me), _) if !api::read_me(&me).is_some_and(|me| me.beneficiary) => {
                Step::NotBeneficiary
            }
            (Ok(_), Ok(payout)) if api::read_payout(&payout).is_some() => Step::Unlink,
            (Ok(_), Ok(_)) => Step::Number,
            _ => Step::Failed,
        };
        step.try_set(next);
    });

    let phone = FieldState::new();
    let phone_problem = phone.problem(check_phone);
    let change = Submission::new("/api/profile/phone/change");
    let unlink = Submission::new("/api/payout/unlink");
    // What the password is asked for: the number, or unlinking first.
    let after_reauth = RwSignal::new(Step::Number);

    // Sends the new number; what comes back decides the next step.
    let send_number = move || {
        let body = NewNumber {
            phone: phone.value.get_untracked().trim().to_owned(),
        };
        change.dispatch(&body, &[("phone", phone)], move |answer| match answer {
            Ok(body) => {
                info.try_set(CodeInfo::read(&body, now()));
                step.try_set(Step::Code);
                Ok(())
            }
            Err(ClientError::Api(ApiError { code, .. })) if Step::after(code).is_some() => {
                after_reauth.try_set(Step::Number);
                step.try_set(Step::after(code).unwrap_or(Step::Number));
                Ok(())
            }
            Err(error) => Err(error),
        });
    };
    let on_number = move |ev: SubmitEvent| {
        ev.prevent_default();
        if validate_all(&[("new-phone", phone, phone_problem)]) {
            send_number();
        }
    };
    let do_unlink = move || {
        unlink.dispatch(&(), &[], move |answer| match answer {
            Ok(_) => {
                unlinked.try_set(true);
                step.try_set(Step::Number);
                Ok(())
            }
            // Unlinking moves money too: the password first.
            Err(ClientError::Api(ApiError {
                code: ErrorCode::ReauthRequired,
                ..
            })) => {
                after_reauth.try_set(Step::Unlink);
                step.try_set(Step::Reauth);
                Ok(())
            }
            Err(error) => Err(error),
        });
    };
    let on_unlink = move |_| do_unlink();
    // Recent enough now: carry on with what asked for the password.
    let reauthed = Callback::new(move |_| match after_reauth.get_untracked() {
        Step::Unlink => do_unlink(),
        _ => send_number(),
    });
    let done = Callback::new(move |_| step.set(Step::Done));
    let unless = move |shown: Step| Signal::derive(move || step.get() != shown);

    view! {
        <div id="change-phone" data-step=Signal::derive(move || step.get().name())>
            <PageTitle text=|t| t.account().change_phone_title() />
            <p class="lead">{tr(|t| t.account().change_phone_intro())}</p>
            <p role="status" hidden=unless(Step::Loading)>
                {tr(|t| t.account().dashboard_loading())}
            </p>
            <p class="alert" role="alert" hidden=unless(Step::Failed)>
                {tr(|t| t.err_network())}
            </p>
            <div hidden=unless(Step::NotBeneficiary)>
                <p class="notice" id="not-beneficiary">
                    {tr(|t| t.account().change_phone_not_beneficiary())}
                </p>
                <p>
                    <PageLink page=Page::Report id="change-phone-report" text=|t| t.help_go_report() />
                </p>
            </div>
            <section hidden=unless(Step::Unlink)>
                <h2>{tr(|t| t.account().change_phone_unlink_title())}</h2>
                <p>{tr(|t| t.account().change_phone_unlink_text())}</p>
                <FormStatus submission=unlink submit="unlink-payout" />
                <button type="button" class="button primary" id="unlink-payout" on:click=on_unlink>
                    {tr(|t| t.account().change_phone_unlink_button())}
                </button>
            </section>
            <section hidden=unless(Step::Number)>
                <p class="notice" id="payout-unlinked" role="status" hidden=Signal::derive(move || !unlinked.get())>
                    {tr(|t| t.account().change_phone_unlinked())}
                </p>
                <h2>{tr(|t| t.account().change_phone_step_title())}</h2>
                <form class="form" novalidate on:submit=on_number>
                    <Field
                        id="new-phone"
                        label=|t| t.account().change_phone_new_label()
                        hint=|t| t.account().change_phone_new_hint()
                        kind="tel"
                        autocomplete="tel"
                        state=phone
                        problem=phone_problem
                    />
                    <FormStatus submission=change submit="new-phone-submit" />
                    <SubmitButton id="new-phone-submit" text=|t| t.account().change_phone_continue() submission=change />
                </form>
            </section>
            <Reauth shown=Signal::derive(move || step.get() == Step::Reauth) done=reauthed />
            {move || {
                (step.get() == Step::Code)
                    .then(|| view! { <CodeForm flow=Flow::PhoneChange info=info done=done /> })
            }}
            <section hidden=unless(Step::Done)>
                <h2 id="change-phone-done">{tr(|t| t.account().change_phone_done_title())}</h2>
                <p>{tr(|t| t.account().change_phone_done_text())}</p>
                <p>
                    <PageLink page=Page::Payout class="button primary" id="link-again" text=|t| t.account().change_phone_link_again() />
                </p>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_lead_to_the_step_that_resolves_them() {
        assert_eq!(
            Step::after(ErrorCode::NotBeneficiary),
            Some(Step::NotBeneficiary)
        );
        assert_eq!(Step::after(ErrorCode::PayoutLinked), Some(Step::Unlink));
        assert_eq!(Step::after(ErrorCode::ReauthRequired), Some(Step::Reauth));
        assert_eq!(Step::after(ErrorCode::PhoneTaken), None);
    }
}
