//! `/account`: the signed-in person's home. "Hi, <name or email>", the
//! account's status, a banner for each state that needs one, and the way
//! to Profile, Security, Help and Log out. `/account/profile` shows what the
//! account holds so far. Both read `GET /api/me`; without a session they
//! send the person to Log in, saying why.

use crate::account::{Account, Note, Text, use_account};
use crate::api::{self, ClientError, Me};
use crate::form::{FormStatus, Submission};
use crate::i18n::{Texts, fill, tr, use_texts};
use crate::layout::{Link, LinkList, PageTitle};
use crate::pages::Page;
use crate::router::PageLink;
use crate::router::{Navigator, navigator};
use akun_core::ErrorCode;
use leptos::prelude::*;

impl Me {
    /// What the dashboard asks for next, if anything.
    pub fn next_step(&self) -> Option<NextStep> {
        if !self.identity_complete {
            Some(NextStep::Identity)
        } else if !self.phone_verified {
            Some(NextStep::Phone)
        } else {
            None
        }
    }

    /// How the person is greeted: by their first name once the registry
    /// gave one.
    pub fn greeting_name(&self) -> &str {
        self.first_name.as_deref().unwrap_or(&self.email)
    }
}

/// What the account still needs before the programme can use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    Identity,
    Phone,
}

/// Where loading the account stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Loading,
    Ready(Me),
    /// No answer; the page offers to try again.
    Failed,
}

/// Loads the account. Without a session, or for a blocked account, goes
/// to Log in with a note (which, for a block, says why).
pub fn load_me(account: Account, nav: Navigator) -> RwSignal<Loaded> {
    let state = RwSignal::new(Loaded::Loading);
    leptos::task::spawn_local(async move {
        let loaded = match api::get("/api/me").await {
            Ok(body) => api::read_me(&body).map_or(Loaded::Failed, Loaded::Ready),
            Err(ClientError::Api(error))
                if matches!(
                    error.code,
                    ErrorCode::Unauthorized | ErrorCode::AccountBlocked
                ) =>
            {
                account.set_signed_in(false);
                match error.blocked {
                    Some(blocked) => Note::Blocked(blocked).leave(),
                    None => Note::SessionEnded.leave(),
                }
                nav.go(Page::Login);
                return;
            }
            Err(_) => Loaded::Failed,
        };
        if matches!(loaded, Loaded::Ready(_)) {
            account.set_signed_in(true);
        }
        state.try_set(loaded);
    });
    state
}

const LINKS: &[Link] = &[
    Link::to(Page::Profile, |t| t.account().dashboard_profile()).id("dashboard-profile"),
    Link::to(Page::Sessions, |t| t.account().dashboard_security()).id("dashboard-security"),
    Link::to(Page::Help, |t| t.nav_help()).id("dashboard-help"),
];

#[component]
pub fn Dashboard() -> impl IntoView {
    let t = use_texts();
    let account = use_account();
    let nav = navigator();
    let me = load_me(account, nav);

    let ready = move |read: fn(&Me, &'static Texts) -> Option<String>| {
        Signal::derive(move || match &*me.read() {
            Loaded::Ready(me) => read(me, t.get()),
            _ => None,
        })
    };
    let greeting = ready(|me, t| Some(fill(t.account().dashboard_hi(), me.greeting_name())));
    // A blocked account never gets this far (see `load_me`).
    let status = ready(|_, t| Some(t.account().status_active().to_owned()));
    // Said up front, so that nobody learns it only when a screen that
    // needs it (a change of number) refuses.
    let beneficiary = ready(|me, t| {
        Some(
            if me.beneficiary {
                t.account().beneficiary_yes()
            } else {
                t.account().beneficiary_no()
            }
            .to_owned(),
        )
    });
    let loading = Signal::derive(move || match &*me.read() {
        Loaded::Loading => Some(t.get().account().dashboard_loading()),
        Loaded::Failed => Some(t.get().err_network()),
        Loaded::Ready(_) => None,
    });

    view! {
        <PageTitle text=|t| t.account().dashboard_title() />
        <p role="status">{loading}</p>
        <p class="lead greeting" id="greeting">{greeting}</p>
        // The fraud-flag banner joins here when staff can set the flag.
        {move || {
            let step = match &*me.read() {
                Loaded::Ready(me) => me.next_step(),
                _ => None,
            };
            step.map(|step| {
                let (title, text, page, button): (Text, Text, Page, Text) = match step {
                    NextStep::Identity => (
                        |t| t.account().dashboard_identity_title(),
                        |t| t.account().dashboard_identity_text(),
                        Page::Identity,
                        |t| t.account().identity_title(),
                    ),
                    NextStep::Phone => (
                        |t| t.account().dashboard_phone_title(),
                        |t| t.account().dashboard_phone_text(),
                        Page::Phone,
                        |t| t.account().phone_title(),
                    ),
                };
                view! {
                    <section class="notice next-step" id="next-step">
                        <h2>{tr(title)}</h2>
                        <p>{tr(text)}</p>
                        <p>
                            <PageLink
                                page=page
                                class="button primary"
                                id="next-step-go"
                                text=button
                            />
                        </p>
                    </section>
                }
            })
        }}
        <p hidden=Signal::derive(move || status.with(Option::is_none))>
            {tr(|t| t.account().dashboard_status())} " " <strong id="account-status">{status}</strong>
        </p>
        <p hidden=Signal::derive(move || beneficiary.with(Option::is_none))>
            {tr(|t| t.account().dashboard_beneficiary())} " " <strong id="beneficiary-status">{beneficiary}</strong>
        </p>
        <LinkList links=LINKS />
        <LogOut />
    }
}

/// Ends this session on the server, then goes to Log in, which says so.
#[component]
pub fn LogOut() -> impl IntoView {
    let account = use_account();
    let nav = navigator();
    let send = Submission::new("/api/logout");
    let on_click = move |_| {
        send.dispatch(&(), &[], move |answer| {
            answer?;
            account.set_signed_in(false);
            Note::SignedOut.leave();
            nav.go(Page::Login);
            Ok(())
        });
    };
    view! {
        <FormStatus submission=send submit="logout" />
        <button type="button" class="button" id="logout" on:click=on_click>
            {tr(|t| t.account().logout())}
        </button>
    }
}

#[component]
pub fn Profile() -> impl IntoView {
    let t = use_texts();
    let me = load_me(use_account(), navigator());
    let field = move |read: fn(&Me, &'static Texts) -> Option<String>| {
        Signal::derive(move || match &*me.read() {
            Loaded::Ready(me) => read(me, t.get()),
            _ => None,
        })
    };
    let ready = Signal::derive(move || matches!(&*me.read(), Loaded::Ready(_)));
    let complete =
        Signal::derive(move || matches!(&*me.read(), Loaded::Ready(me) if me.identity_complete));
    let email = field(|me, _| Some(me.email.clone()));
    let name = field(|me, t| {
        Some(
            me.name_masked
                .clone()
                .unwrap_or(t.account().profile_name_missing().to_owned()),
        )
    });
    let nik = field(|me, _| me.nik.clone());
    let kk = field(|me, _| me.kk.clone());
    let dob = field(|me, _| me.date_of_birth.clone());
    let phone = field(|me, t| {
        let state = if me.phone_verified {
            t.account().profile_phone_verified()
        } else {
            t.account().profile_phone_pending()
        };
        me.phone.as_ref().map(|phone| format!("{phone} ({state})"))
    });
    let verified_phone =
        Signal::derive(move || matches!(&*me.read(), Loaded::Ready(me) if me.phone_verified));
    let pending_phone = Signal::derive(
        move || matches!(&*me.read(), Loaded::Ready(me) if me.phone.is_some() && !me.phone_verified),
    );
    view! {
        <PageTitle text=|t| t.account().profile_title() />
        <dl class="facts" hidden=Signal::derive(move || !ready.get())>
            <dt>{tr(|t| t.account().profile_email())}</dt>
            <dd id="profile-email">{email}</dd>
            <dt>{tr(|t| t.account().profile_name())}</dt>
            <dd>
                <span id="profile-name">{name}</span>
                <br />
                <small class="hint" id="profile-name-note">
                    {tr(|t| t.account().profile_name_note())}
                    " "
                    {tr(|t| t.account().profile_name_masked_note())}
                </small>
            </dd>
            <div hidden=Signal::derive(move || !complete.get())>
                <dt>{tr(|t| t.account().profile_nik())}</dt>
                <dd id="profile-nik">{nik}</dd>
                <dt>{tr(|t| t.account().profile_kk())}</dt>
                <dd id="profile-kk">{kk}</dd>
                <dt>{tr(|t| t.account().profile_dob())}</dt>
                <dd id="profile-dob">{dob}</dd>
                <dt>{tr(|t| t.account().profile_phone())}</dt>
                <dd id="profile-phone">{phone}</dd>
            </div>
        </dl>
        <ul class="links">
            <li hidden=Signal::derive(move || !ready.get() || complete.get())>
                <PageLink page=Page::Identity id="profile-identity" text=|t| t.account().dashboard_identity_title() />
            </li>
            <li hidden=Signal::derive(move || !pending_phone.get())>
                <PageLink page=Page::Phone id="profile-verify-phone" text=|t| t.account().phone_title() />
            </li>
            <li hidden=Signal::derive(move || !verified_phone.get())>
                <PageLink page=Page::ChangePhone id="profile-change-phone" text=|t| t.account().profile_change_phone() />
            </li>
            <li hidden=Signal::derive(move || !verified_phone.get())>
                <PageLink page=Page::Payout id="profile-payout" text=|t| t.account().payout_title() />
            </li>
            <li>
                <PageLink page=Page::Password id="profile-password" text=|t| t.account().password_title() />
            </li>
            <li>
                <PageLink page=Page::Dashboard id="profile-back" text=|t| t.account().profile_back() />
            </li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_greeting_uses_the_name_once_there_is_one() {
        let mut me = Me {
            email: "rina@example.com".into(),
            first_name: None,
            name_masked: None,
            identity_complete: false,
            nik: None,
            kk: None,
            date_of_birth: None,
            phone: None,
            phone_verified: false,
            beneficiary: false,
        };
        assert_eq!(me.next_step(), Some(NextStep::Identity));
        me.identity_complete = true;
        assert_eq!(me.next_step(), Some(NextStep::Phone));
        me.phone_verified = true;
        assert_eq!(me.next_step(), None);
        assert_eq!(me.greeting_name(), "rina@example.com");
        me.first_name = Some("RINA".into());
        assert_eq!(me.greeting_name(), "RINA");
    }
}
