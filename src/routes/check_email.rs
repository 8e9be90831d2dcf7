//! `/register/check-email`: where the verification link went, what to do
//! when it does not arrive, and a button for another one. [`Resend`] is
//! also offered by the verify page when a link is expired or unknown.

use crate::api::{self, ClientError};
use crate::captcha::{Captcha, CaptchaBox, RESEND_CAPTCHA_IDS};
use crate::form::{
    Field, FieldState, FormStatus, Submission, aria_true, check_captcha, check_email,
    normalised_email, validate_all,
};
use crate::i18n::{tr, use_lang, use_texts};
use crate::layout::{Link, LinkList, PageTitle};
use crate::pages::Page;
use crate::pending::use_pending;
use crate::wait::{Countdown, Ticking};
use akun_core::api::ResendRequest;
use akun_core::{ApiError, ErrorCode};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

const LINKS: &[Link] = &[
    Link::to(Page::Report, |t| t.public().check_report()).id("report-link"),
    Link::to(Page::Register, |t| t.public().check_wrong_address()),
];

/// What the API waits between two emails, should its answer not say.
const DEFAULT_COOLDOWN: u32 = 60;

#[component]
pub fn CheckEmail() -> impl IntoView {
    let t = use_texts();
    let known = use_pending().email.get_untracked();
    let unknown = known
        .is_none()
        .then(|| view! { <p class="lead">{tr(|t| t.public().check_unknown())}</p> });
    let sent = known.clone().map(|address| {
        view! {
            <p class="lead">{tr(|t| t.public().check_sent_to())}</p>
            <p class="address">
                <strong id="sent-to">{address}</strong>
            </p>
            <p>{tr(|t| t.public().check_next())}</p>
        }
    });
    view! {
        <PageTitle text=|t| t.public().check_title() />
        {sent}
        {unknown}
        <h2>{tr(|t| t.public().check_nothing_title())}</h2>
        <ol class="points">
            {move || t.get().public().help_email_steps().map(|step| view! { <li>{step}</li> }).collect_view()}
        </ol>
        <Resend known=known />
        <LinkList links=LINKS />
    }
}

/// Asks for another verification email: for the address already `known`,
/// or for one typed here (`#resend-email`). The button (`#resend`) stays
/// disabled while `#resend-status` counts down to when the API will take
/// another request; a "too many requests" answer starts that countdown
/// too, rather than showing an error.
#[component]
pub fn Resend(known: Option<String>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let pending = use_pending();
    let email = FieldState::new();
    let problem = email.problem(check_email);
    let cooldown = Countdown::new();
    let sent = RwSignal::new(false);
    let ask_for_address = known.is_none();
    let send = Submission::new("/api/register/resend");
    // Shown only once the API asks for it (many requests from one network).
    let captcha = Captcha::new();
    let captcha_problem = captcha.answer.problem(check_captcha);
    if known.is_some() {
        // The registration (or a resend before a reload) set a cooldown.
        cooldown.start_until(pending.resend_deadline());
    }

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if cooldown.from.get_untracked().is_some() {
            return;
        }
        let address = match known.clone() {
            Some(address) => address,
            None => {
                if !validate_all(&[("resend-email", email, problem)]) {
                    return;
                }
                email.value.with_untracked(|v| normalised_email(v))
            }
        };
        if captcha.needed.get_untracked()
            && !validate_all(&[("resend-captcha", captcha.answer, captcha_problem)])
        {
            return;
        }
        let (captcha_id, captcha_answer) = captcha.solved();
        let body = ResendRequest {
            email: address.clone(),
            lang: lang.get_untracked(),
            captcha_id,
            captcha_answer,
        };
        sent.set(false);
        // Without the field, an API error about the address goes in the
        // alert.
        let fields = [("email", email)];
        let fields = if ask_for_address { &fields[..] } else { &[] };
        send.dispatch(&body, fields, move |answer| {
            let wait = match answer {
                Ok(body) => {
                    sent.try_set(true);
                    api::read_resend_after(&body).unwrap_or(DEFAULT_COOLDOWN)
                }
                Err(ClientError::Api(ApiError {
                    code: ErrorCode::TooManyRequests,
                    retry_after: Some(seconds),
                    ..
                })) => seconds,
                Err(error) => {
                    captcha.asked_for(&error, "resend-captcha");
                    return Err(error);
                }
            };
            pending.remember(address, wait);
            cooldown.start_until(pending.resend_deadline());
            Ok(())
        });
    };

    view! {
        <form class="form resend" novalidate on:submit=on_submit>
            {ask_for_address
                .then(|| {
                    view! {
                        <Field
                            id="resend-email"
                            label=|t| t.email_label()
                            hint=|t| t.public().resend_email_hint()
                            kind="email"
                            autocomplete="email"
                            state=email
                            problem=problem
                        />
                    }
                })}
            <p id="resend-status" class="cooldown" role="status">
                {Signal::derive(move || sent.get().then(|| t.get().public().resend_sent()))}
                " "
                <Ticking text=|t| t.resend_wait() countdown=cooldown />
            </p>
            <CaptchaBox captcha=captcha ids=RESEND_CAPTCHA_IDS />
            <FormStatus submission=send submit="resend" />
            <button
                type="submit"
                class="button"
                id="resend"
                disabled=Signal::derive(move || cooldown.counting())
                aria-disabled=aria_true(move || send.pending.get())
            >
                {tr(|t| t.public().resend_button())}
            </button>
        </form>
    }
}
