//! `/account/sessions`: the devices signed in to this account (device,
//! when it signed in, when it was last active, this one marked), with a
//! button to log out each other device and one for all of them.

use crate::account::{Note, use_account};
use crate::api::{self, ClientError, Device};
use crate::form::{
    Field, FieldState, FormStatus, Submission, SubmitButton, check_current_password, focus_by_id,
    password_kind, validate_all,
};
use crate::i18n::{ago, date_time, fill, tr, use_texts};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::router::navigator;
use crate::wait::now;
use akun_core::ErrorCode;
use akun_core::api::{EndOthersRequest, EndSessionRequest};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Whole seconds from `then` to `now` (ms), never negative: a phone's clock
/// may be a little behind the server's.
pub fn seconds_since(then: f64, now: f64) -> u32 {
    // `as` saturates: negative or NaN is 0.
    ((now - then) / 1000.0) as u32
}

#[component]
pub fn Sessions() -> impl IntoView {
    let t = use_texts();
    let account = use_account();
    let nav = navigator();
    let devices = RwSignal::new(None::<Vec<Device>>);
    let failed = RwSignal::new(false);
    // What the last action did, for the status line.
    let done = RwSignal::new(None::<crate::account::Text>);
    let end = Submission::new("/api/sessions/end");
    let end_others = Submission::new("/api/sessions/end-others");

    let load = move || {
        leptos::task::spawn_local(async move {
            match api::get("/api/sessions").await {
                Ok(body) => {
                    let list = api::read_sessions(&body);
                    devices.try_set(Some(list));
                    account.set_signed_in(true);
                }
                Err(ClientError::Api(error)) if error.code == ErrorCode::Unauthorized => {
                    account.set_signed_in(false);
                    Note::SessionEnded.leave();
                    nav.go(Page::Login);
                }
                Err(_) => {
                    failed.try_set(true);
                }
            }
        });
    };
    load();

    let end_one = move |id: String| {
        done.set(None);
        end.dispatch(&EndSessionRequest { id }, &[], move |answer| {
            answer?;
            done.try_set(Some(|t| t.account().sessions_ended_one()));
            load();
            focus_by_id("main");
            Ok(())
        });
    };
    // Throwing every other device out asks for the password, so that a
    // session someone else took over cannot do it to the owner.
    let password = FieldState::new();
    let password_problem = password.problem(check_current_password);
    let on_end_others = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !validate_all(&[("end-others-password", password, password_problem)]) {
            return;
        }
        done.set(None);
        let body = EndOthersRequest {
            password: password.value.get_untracked(),
        };
        end_others.dispatch(&body, &[("password", password)], move |answer| {
            answer?;
            password.value.try_set(String::new());
            password.touched.try_set(false);
            done.try_set(Some(|t| t.account().sessions_ended_others()));
            load();
            Ok(())
        });
    };

    let others = Signal::derive(move || {
        devices.with(|d| {
            d.as_ref()
                .map_or(0, |d| d.iter().filter(|d| !d.current).count())
        })
    });
    let list = move || {
        let now = now();
        devices.get().map(|devices| {
            devices
                .into_iter()
                .map(|device| {
                    let Device {
                        id,
                        name,
                        created_at,
                        last_seen_at,
                        current,
                    } = device;
                    let signed_in = Signal::derive(move || {
                        let t = t.get();
                        fill(t.account().sessions_signed_in(), &date_time(t, created_at))
                    });
                    let seen = Signal::derive(move || {
                        let t = t.get();
                        fill(t.account().sessions_last_seen(), &ago(t, seconds_since(last_seen_at, now)))
                    });
                    let name_for_button = name.clone();
                    view! {
                        <li class="device" data-current=current.then_some("true")>
                            <p class="device-name">
                                <strong>{name}</strong>
                                {current
                                    .then(|| {
                                        view! {
                                            " "
                                            <span class="badge" id="this-device">
                                                {tr(|t| t.account().sessions_this_device())}
                                            </span>
                                        }
                                    })}
                            </p>
                            <p>{signed_in}</p>
                            <p>{seen}</p>
                            {(!current)
                                .then(|| {
                                    let id = id.clone();
                                    view! {
                                        <button
                                            type="button"
                                            class="button end-session"
                                            on:click=move |_| end_one(id.clone())
                                        >
                                            {tr(|t| t.account().sessions_end())}
                                            <span class="sr-only">": " {name_for_button.clone()}</span>
                                        </button>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <PageTitle text=|t| t.account().sessions_title() />
        <p class="lead">{tr(|t| t.account().sessions_intro())}</p>
        <p role="status" id="sessions-status">
            {Signal::derive(move || done.get().map(|text| text(t.get())))}
        </p>
        <p class="alert" role="alert" hidden=Signal::derive(move || !failed.get())>
            {tr(|t| t.err_network())}
        </p>
        <ul class="devices" id="devices">{list}</ul>
        <FormStatus submission=end />
        <FormStatus submission=end_others submit="end-others" />
        <p hidden=Signal::derive(move || others.get() > 0 || devices.with(Option::is_none))>
            {tr(|t| t.account().sessions_only_this())}
        </p>
        <form class="form" novalidate on:submit=on_end_others hidden=Signal::derive(move || others.get() == 0)>
            <Field
                id="end-others-password"
                label=|t| t.password_label()
                hint=|t| t.account().sessions_password_hint()
                kind=password_kind(RwSignal::new(false))
                autocomplete="current-password"
                state=password
                problem=password_problem
            />
            <SubmitButton id="end-others" text=|t| t.account().sessions_end_others() submission=end_others />
        </form>
        <ul class="links">
            <li>
                <PageLink page=Page::Security text=|t| t.account().sessions_guidelines() />
            </li>
            <li>
                <PageLink page=Page::Dashboard text=|t| t.account().profile_back() />
            </li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_since_never_goes_negative() {
        assert_eq!(seconds_since(1_000.0, 61_000.0), 60);
        assert_eq!(seconds_since(61_000.0, 1_000.0), 0);
        assert_eq!(seconds_since(f64::NAN, 1_000.0), 0);
    }
}
