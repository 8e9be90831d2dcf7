//! `/account/phone`: the code texted to the account's new mobile number.
//! The same six boxes and rules as the login code ([`CodeForm`]); until the
//! code is entered the number stays pending.

use crate::account::Note;
use crate::api::{self, ClientError};
use crate::i18n::tr;
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::router::navigator;
use crate::routes::code::{CodeForm, CodeInfo, Flow, PHONE_STATUS};
use crate::wait::now;
use akun_core::ErrorCode;
use leptos::prelude::*;

/// Where the verification stands when the page opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Loading,
    Waiting,
    Verified,
    /// No number waits for a code: the identity is not complete yet.
    Nothing,
    Failed,
}

#[component]
pub fn Phone() -> impl IntoView {
    let nav = navigator();
    let info = RwSignal::new(None::<CodeInfo>);
    let state = RwSignal::new(State::Loading);
    leptos::task::spawn_local(async move {
        let next = match api::get(PHONE_STATUS).await {
            Ok(body) if api::read_phone_verified(&body) => State::Verified,
            Ok(body) => match CodeInfo::read(&body, now()) {
                Some(read) => {
                    info.try_set(Some(read));
                    State::Waiting
                }
                None => State::Failed,
            },
            Err(ClientError::Api(error)) if error.code == ErrorCode::Unauthorized => {
                Note::SessionEnded.leave();
                nav.go(Page::Login);
                return;
            }
            Err(ClientError::Api(error))
                if matches!(
                    error.code,
                    ErrorCode::IdentityIncomplete | ErrorCode::NotFound
                ) =>
            {
                State::Nothing
            }
            Err(_) => State::Failed,
        };
        state.try_set(next);
    });
    let done = Callback::new(move |_| {
        state.set(State::Verified);
    });
    let shown = move |wanted: State| Signal::derive(move || state.get() != wanted);

    view! {
        <PageTitle text=|t| t.account().phone_title() />
        <p role="status" hidden=shown(State::Loading)>
            {tr(|t| t.account().dashboard_loading())}
        </p>
        <p class="alert" role="alert" hidden=shown(State::Failed)>
            {tr(|t| t.err_network())}
        </p>
        <div hidden=shown(State::Nothing)>
            <p class="lead">{tr(|t| t.account().phone_nothing())}</p>
            <p>
                <PageLink page=Page::Identity class="button primary" id="phone-identity" text=|t| t.account().dashboard_identity_title() />
            </p>
        </div>
        <div hidden=shown(State::Verified)>
            <p class="notice" id="phone-verified" role="status">
                {tr(|t| t.account().phone_done())}
            </p>
            <p>
                <PageLink page=Page::Dashboard class="button primary" id="phone-back" text=|t| t.account().profile_back() />
            </p>
        </div>
        {move || {
            (state.get() == State::Waiting)
                .then(|| view! { <CodeForm flow=Flow::Phone info=info done=done /> })
        }}
    }
}
