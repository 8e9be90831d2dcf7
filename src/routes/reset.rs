//! `/reset#token=...`: the page a reset link opens. Like the verification
//! link, the token travels in the fragment and leaves the address bar at
//! once. The page first asks whether the link still works, then takes the
//! new password twice; expired, used and unknown links say which and offer
//! to start again. `#reset-result` carries the state in `data-state`.

use crate::api::{self, ClientError};
use crate::form::{
    FieldState, FormStatus, NewPasswordFields, Submission, SubmitButton, check_new_password,
    check_repeat, validate_all,
};
use crate::i18n::tr;
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::routes::verify::{looks_like_token, take_token};
use akun_core::ErrorCode;
use akun_core::api::{ResetCheckRequest, ResetRequest};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Where the reset stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetState {
    Checking,
    Ready,
    Done,
    Expired,
    Used,
    Invalid,
    /// No answer: try again by reopening the link.
    Error,
}

impl ResetState {
    pub fn name(self) -> &'static str {
        match self {
            ResetState::Checking => "checking",
            ResetState::Ready => "ready",
            ResetState::Done => "done",
            ResetState::Expired => "expired",
            ResetState::Used => "used",
            ResetState::Invalid => "invalid",
            ResetState::Error => "error",
        }
    }

    /// The page's title: the form's only while a form may come; a link
    /// that cannot be used says so in the title too.
    pub fn title(self) -> crate::account::Text {
        match self {
            ResetState::Checking => |t| t.public().verify_checking_title(),
            ResetState::Ready => |t| t.public().reset_title(),
            ResetState::Done => |t| t.public().reset_done_title(),
            ResetState::Expired => |t| t.public().verify_expired_title(),
            ResetState::Used => |t| t.public().verify_used_title(),
            ResetState::Invalid => |t| t.public().verify_invalid_title(),
            ResetState::Error => |t| t.public().verify_error_title(),
        }
    }

    /// What a failed request says about the link.
    pub fn after(error: &ClientError) -> Option<Self> {
        match error {
            ClientError::Api(error) => match error.code {
                ErrorCode::TokenExpired => Some(ResetState::Expired),
                ErrorCode::TokenUsed => Some(ResetState::Used),
                ErrorCode::TokenInvalid => Some(ResetState::Invalid),
                _ => None,
            },
            ClientError::Network => None,
        }
    }
}

#[component]
pub fn Reset() -> impl IntoView {
    let state = RwSignal::new(ResetState::Invalid);
    let account = RwSignal::new(None::<String>);
    let token = StoredValue::new(None::<String>);
    let password = FieldState::new();
    let repeat = FieldState::new();
    let password_problem = password.problem(check_new_password);
    let repeat_problem =
        repeat.problem(move |value| password.value.with(|first| check_repeat(first, value)));
    let show = RwSignal::new(false);
    let send = Submission::new("/api/password/reset");

    // The link's token, from the address: when the page opens, and when
    // another link is opened in the same tab (only the fragment changes,
    // so the page stays).
    let read_link = move || {
        let Some(value) = take_token() else {
            return;
        };
        if !looks_like_token(&value) {
            token.set_value(None);
            state.set(ResetState::Invalid);
            return;
        }
        token.set_value(Some(value.clone()));
        state.set(ResetState::Checking);
        leptos::task::spawn_local(async move {
            let json = api::to_json(&ResetCheckRequest { token: value });
            let answer = match json {
                Ok(json) => api::post_json("/api/password/reset/check", &json).await,
                Err(error) => Err(error),
            };
            let next = match answer {
                Ok(body) => {
                    account.try_set(api::read_reset_account(&body));
                    ResetState::Ready
                }
                Err(error) => ResetState::after(&error).unwrap_or(ResetState::Error),
            };
            state.try_set(next);
        });
    };
    read_link();
    let listener = window_event_listener(leptos::ev::hashchange, move |_| read_link());
    on_cleanup(move || listener.remove());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let fields = [
            ("new-password", password, password_problem),
            ("new-password-repeat", repeat, repeat_problem),
        ];
        if !validate_all(&fields) {
            return;
        }
        let Some(token) = token.get_value() else {
            return;
        };
        let body = ResetRequest {
            token,
            new_password: password.value.get_untracked(),
        };
        send.dispatch(&body, &[("new_password", password)], move |answer| {
            match answer {
                Ok(_) => {
                    state.try_set(ResetState::Done);
                }
                Err(error) => match ResetState::after(&error) {
                    Some(next) => {
                        state.try_set(next);
                    }
                    None => return Err(error),
                },
            }
            Ok(())
        });
    };

    let title = move || state.get().title();
    let explanation = move || -> Option<crate::account::Text> {
        Some(match state.get() {
            ResetState::Checking => |t| t.public().reset_checking(),
            ResetState::Done => |t| t.public().reset_done_text(),
            ResetState::Expired => |t| t.public().reset_expired(),
            ResetState::Used => |t| t.public().reset_used(),
            ResetState::Invalid => |t| t.public().reset_invalid(),
            ResetState::Error => |t| t.err_network(),
            ResetState::Ready => return None,
        })
    };
    let unless = move |shown: fn(ResetState) -> bool| Signal::derive(move || !shown(state.get()));

    view! {
        <div id="reset-result" data-state=Signal::derive(move || state.get().name())>
            {move || view! { <PageTitle text=title() /> }}
            {move || explanation().map(|text| view! { <p class="lead">{tr(text)}</p> })}
            <p hidden=unless(|s| s == ResetState::Ready)>
                {tr(|t| t.public().reset_for())} " " <strong id="reset-account">{move || account.get()}</strong>
            </p>
            <form
                class="form"
                novalidate
                on:submit=on_submit
                hidden=unless(|s| s == ResetState::Ready)
            >
                <NewPasswordFields
                    ids=["new-password", "new-password-repeat", "new-password-strength"]
                    label=|t| t.new_password_label()
                    state=password
                    problem=password_problem
                    repeat=repeat
                    repeat_problem=repeat_problem
                    show=show
                    controls="new-password new-password-repeat"
                />
                <FormStatus submission=send submit="reset-submit" />
                <SubmitButton id="reset-submit" text=|t| t.public().reset_submit() submission=send />
            </form>
            <p hidden=unless(|s| s == ResetState::Done)>
                <PageLink page=Page::Login class="button primary" id="reset-login" text=|t| t.public().verify_login() />
            </p>
            <p hidden=unless(|s| {
                matches!(s, ResetState::Expired | ResetState::Used | ResetState::Invalid)
            })>
                <PageLink page=Page::Forgot class="button primary" id="reset-again" text=|t| t.public().reset_start_again() />
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use akun_core::ApiError;

    #[test]
    fn each_token_answer_has_its_state() {
        let api = |code| ClientError::Api(ApiError::new(code));
        assert_eq!(
            ResetState::after(&api(ErrorCode::TokenExpired)),
            Some(ResetState::Expired)
        );
        assert_eq!(
            ResetState::after(&api(ErrorCode::TokenUsed)),
            Some(ResetState::Used)
        );
        assert_eq!(
            ResetState::after(&api(ErrorCode::TokenInvalid)),
            Some(ResetState::Invalid)
        );
        assert_eq!(ResetState::after(&api(ErrorCode::Busy)), None);
        assert_eq!(ResetState::after(&ClientError::Network), None);
    }

    #[test]
    fn only_a_usable_link_has_the_new_password_title() {
        let t = &crate::i18n::ID;
        let forms_title = t.public().reset_title();
        assert_eq!((ResetState::Ready.title())(t), forms_title);
        for dead in [
            ResetState::Checking,
            ResetState::Done,
            ResetState::Expired,
            ResetState::Used,
            ResetState::Invalid,
            ResetState::Error,
        ] {
            assert_ne!((dead.title())(t), forms_title, "{dead:?}");
        }
    }
}
