//! `/forgot`: a new password by one of three ways (mobile number and date
//! of birth, NIK and date of birth, or email), each field checked with
//! `akun-core` before sending. The API answers the same whether or not an
//! account matches; a pop-up then says where to look, with "Return to
//! Login".

use crate::captcha::{Captcha, CaptchaBox};
use crate::form::{
    Field, FieldState, FormStatus, Submission, SubmitButton, check_captcha, check_email,
    validate_all,
};
use crate::i18n::{tr, use_lang};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::routes::identity::{check_dob, check_nik, check_phone, today};
use akun_core::api::{ForgotRequest, ForgotWay};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

const WAYS: [(ForgotWay, &str, crate::account::Text); 3] = [
    (ForgotWay::Phone, "way-phone", |t| {
        t.public().forgot_way_phone()
    }),
    (ForgotWay::Nik, "way-nik", |t| t.public().forgot_way_nik()),
    (ForgotWay::Email, "way-email", |t| {
        t.public().forgot_way_email()
    }),
];

#[component]
pub fn Forgot() -> impl IntoView {
    let lang = use_lang();
    let today = today();
    let way = RwSignal::new(ForgotWay::Phone);
    // Each field keeps what was typed when the person switches ways.
    let phone = FieldState::new();
    let nik = FieldState::new();
    let dob = FieldState::new();
    let email = FieldState::new();
    let phone_problem = phone.problem(check_phone);
    // The NIK carries the date of birth: they must agree before sending.
    let nik_problem = nik.problem(move |value| dob.value.with(|dob| check_nik(value, dob, today)));
    let dob_problem = dob.problem(move |value| check_dob(value, today));
    let email_problem = email.problem(check_email);
    let send = Submission::new("/api/password/forgot");
    // Shown only once the API asks for it (many requests from one network).
    let captcha = Captcha::new();
    let captcha_problem = captcha.answer.problem(check_captcha);
    // Where the pop-up says to look: the address typed, or `None` for
    // "email and SMS".
    let sent_to = RwSignal::new(None::<Option<String>>);
    let dialog = NodeRef::<html::Dialog>::new();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = way.get_untracked();
        let valid = match chosen {
            ForgotWay::Phone => {
                validate_all(&[("phone", phone, phone_problem), ("dob", dob, dob_problem)])
            }
            ForgotWay::Nik => validate_all(&[("nik", nik, nik_problem), ("dob", dob, dob_problem)]),
            ForgotWay::Email => validate_all(&[("email", email, email_problem)]),
        };
        if !valid
            || captcha.needed.get_untracked()
                && !validate_all(&[("captcha", captcha.answer, captcha_problem)])
        {
            return;
        }
        let (captcha_id, captcha_answer) = captcha.solved();
        let value = |field: FieldState| Some(field.value.get_untracked().trim().to_owned());
        let body = ForgotRequest {
            way: chosen,
            email: (chosen == ForgotWay::Email)
                .then(|| crate::form::normalised_email(&email.value.get_untracked())),
            phone: (chosen == ForgotWay::Phone).then(|| value(phone)).flatten(),
            nik: (chosen == ForgotWay::Nik).then(|| value(nik)).flatten(),
            date_of_birth: (chosen != ForgotWay::Email).then(|| value(dob)).flatten(),
            lang: lang.get_untracked(),
            captcha_id,
            captcha_answer,
        };
        let address = body.email.clone();
        let fields = [
            ("phone", phone),
            ("nik", nik),
            ("date_of_birth", dob),
            ("email", email),
        ];
        send.dispatch(&body, &fields, move |answer| {
            if let Err(error) = &answer {
                captcha.asked_for(error, "captcha");
            }
            answer?;
            sent_to.try_set(Some(address));
            if let Some(dialog) = dialog.get_untracked() {
                let _ = dialog.show_modal();
            }
            crate::form::focus_by_id("forgot-sent-title");
            Ok(())
        });
    };

    let radios = WAYS
        .iter()
        .map(|&(this, id, label)| {
            view! {
                <div class="check">
                    <input
                        type="radio"
                        name="way"
                        id=id
                        checked=way.get_untracked() == this
                        on:change=move |_| way.set(this)
                    />
                    <label for=id>{tr(label)}</label>
                </div>
            }
        })
        .collect_view();
    let shown =
        move |ways: &'static [ForgotWay]| Signal::derive(move || !ways.contains(&way.get()));

    view! {
        <PageTitle text=|t| t.public().forgot_title() />
        <p class="lead">{tr(|t| t.public().forgot_intro())}</p>
        <form class="form" novalidate on:submit=on_submit>
            <fieldset class="ways">
                <legend>{tr(|t| t.public().forgot_way_legend())}</legend>
                {radios}
            </fieldset>
            <div hidden=shown(&[ForgotWay::Phone])>
                <Field
                    id="phone"
                    label=|t| t.phone_label()
                    hint=|t| t.phone_hint()
                    kind="tel"
                    autocomplete="tel"
                    state=phone
                    problem=phone_problem
                />
            </div>
            <div hidden=shown(&[ForgotWay::Nik])>
                <Field
                    id="nik"
                    label=|t| t.nik_label()
                    hint=|t| t.nik_hint()
                    kind="text"
                    numeric=true
                    autocomplete="off"
                    state=nik
                    problem=nik_problem
                />
            </div>
            <div hidden=shown(&[ForgotWay::Phone, ForgotWay::Nik])>
                <Field
                    id="dob"
                    label=|t| t.dob_label()
                    hint=|t| t.dob_hint()
                    kind="text"
                    autocomplete="bday"
                    state=dob
                    problem=dob_problem
                />
            </div>
            <div hidden=shown(&[ForgotWay::Email])>
                <Field
                    id="email"
                    label=|t| t.email_label()
                    hint=|t| t.public().email_hint()
                    kind="email"
                    autocomplete="email"
                    state=email
                    problem=email_problem
                />
            </div>
            <CaptchaBox captcha=captcha />
            <FormStatus submission=send submit="forgot-submit" />
            <SubmitButton id="forgot-submit" text=|t| t.public().forgot_submit() submission=send />
        </form>
        <dialog class="popup" id="forgot-sent" node_ref=dialog aria-labelledby="forgot-sent-title">
            <h2 id="forgot-sent-title" tabindex="-1">
                {tr(|t| t.public().forgot_sent_title())}
            </h2>
            {move || {
                sent_to
                    .get()
                    .map(|address| match address {
                        Some(address) => {
                            view! {
                                <p>{tr(|t| t.public().forgot_sent_email())}</p>
                                <p class="address">
                                    <strong id="forgot-sent-to">{address}</strong>
                                </p>
                            }
                                .into_any()
                        }
                        None => view! { <p id="forgot-sent-both">{tr(|t| t.public().forgot_sent_both())}</p> }.into_any(),
                    })
            }}
            <p>{tr(|t| t.public().forgot_sent_later())}</p>
            <p>
                <PageLink page=Page::Login class="button primary" id="forgot-login" text=|t| t.public().forgot_back_to_login() />
            </p>
            <form method="dialog">
                <button type="submit" class="button" id="forgot-close">
                    {tr(|t| t.public().forgot_close())}
                </button>
            </form>
        </dialog>
    }
}
