//! `/register`: email, password, the password again and the terms box,
//! each checked as it is typed with the validators the API uses. On
//! success the address is remembered and the check-email page takes over.

use crate::api;
use crate::captcha::{Captcha, CaptchaBox};
use crate::form::{
    Checkbox, Field, FieldState, FormStatus, NewPasswordFields, Submission, SubmitButton,
    check_captcha, check_email, check_new_password, check_repeat, check_terms, normalised_email,
    validate_all,
};
use crate::i18n::{tr, use_lang};
use crate::layout::{Link, LinkList, PageTitle};
use crate::pages::Page;
use crate::pending::use_pending;
use akun_core::api::RegisterRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

const LINKS: &[Link] = &[
    Link::to(Page::Login, |t| t.public().register_have_account()),
    Link::to(Page::Help, |t| t.public().register_email_help())
        .at(crate::routes::help::VERIFICATION_EMAIL),
];

/// What the person has typed into the form. It lives as long as the app
/// (see [`crate::App`]), so that reading the terms or the help and coming
/// back loses nothing; it is emptied once the registration is accepted.
#[derive(Clone, Copy)]
pub struct RegisterDraft {
    pub email: FieldState,
    pub password: FieldState,
    pub repeat: FieldState,
    pub accept: FieldState,
}

impl RegisterDraft {
    pub fn new() -> Self {
        Self {
            email: FieldState::new(),
            password: FieldState::new(),
            repeat: FieldState::new(),
            accept: FieldState::new(),
        }
    }

    fn clear(self) {
        for field in [self.email, self.password, self.repeat, self.accept] {
            field.value.set(String::new());
            field.touched.set(false);
            field.server.set(None);
        }
    }
}

impl Default for RegisterDraft {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn Register() -> impl IntoView {
    let lang = use_lang();
    let pending = use_pending();
    let nav = crate::router::navigator();
    let draft = expect_context::<RegisterDraft>();
    let RegisterDraft {
        email,
        password,
        repeat,
        accept,
    } = draft;
    let email_problem = email.problem(check_email);
    let password_problem = password.problem(check_new_password);
    let repeat_problem =
        repeat.problem(move |value| password.value.with(|first| check_repeat(first, value)));
    let accept_problem = accept.problem(check_terms);
    let show = RwSignal::new(false);
    let send = Submission::new("/api/register");
    // Shown only once the API asks for it (many requests from one network).
    let captcha = Captcha::new();
    let captcha_problem = captcha.answer.problem(check_captcha);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let fields = [
            ("email", email, email_problem),
            ("password", password, password_problem),
            ("password-repeat", repeat, repeat_problem),
            ("accept-terms", accept, accept_problem),
        ];
        if !validate_all(&fields)
            || captcha.needed.get_untracked()
                && !validate_all(&[("captcha", captcha.answer, captcha_problem)])
        {
            return;
        }
        let (captcha_id, captcha_answer) = captcha.solved();
        let address = email.value.with_untracked(|v| normalised_email(v));
        let body = RegisterRequest {
            email: address.clone(),
            password: password.value.get_untracked(),
            accept_terms: accept.value.with_untracked(|v| !v.is_empty()),
            lang: lang.get_untracked(),
            captcha_id,
            captcha_answer,
        };
        let fields = [
            ("email", email),
            ("password", password),
            ("accept_terms", accept),
        ];
        send.dispatch(&body, &fields, move |answer| match answer {
            Ok(body) => {
                let (sent_to, resend_after) = api::read_registered(&body).unwrap_or((address, 60));
                pending.remember(sent_to, resend_after);
                draft.clear();
                nav.go(Page::CheckEmail);
                Ok(())
            }
            Err(error) => {
                captcha.asked_for(&error, "captcha");
                Err(error)
            }
        });
    };

    view! {
        <PageTitle text=|t| t.public().register_title() />
        <p class="lead">{tr(|t| t.public().register_intro())}</p>
        <form class="form" novalidate on:submit=on_submit>
            <Field
                id="email"
                label=|t| t.email_label()
                hint=|t| t.public().email_hint()
                kind="email"
                autocomplete="email"
                state=email
                problem=email_problem
            />
            <NewPasswordFields
                ids=["password", "password-repeat", "password-strength"]
                label=|t| t.password_label()
                state=password
                problem=password_problem
                repeat=repeat
                repeat_problem=repeat_problem
                show=show
                controls="password password-repeat"
            />
            <Checkbox
                id="accept-terms"
                state=accept
                problem=accept_problem
                label=[|t| t.public().terms_accept()[0], |t| t.public().terms_accept()[1], |t| t.public().terms_accept()[2]]
                page=Page::Terms
                link_id="terms-link"
            />
            <CaptchaBox captcha=captcha />
            <FormStatus submission=send submit="register-submit" />
            <SubmitButton id="register-submit" text=|t| t.public().register_submit() submission=send />
        </form>
        <LinkList links=LINKS />
    }
}
