//! `/account`: the signed-in person's home. "Hi, <name or email>", the
//! account's status, a banner for each state that needs one, and the way
//! to Profile, Security, Help and Log out. `/account/profile` shows what the
//! account holds so far. Both read `GET /api/me`; without a session they
//! send the person to Log in, saying why.

use crate::account::{Account, Note, Text, use_account};
use crate::api::{self, Body, ClientError};
use crate::form::{FormStatus, Submission};
use crate::i18n::{Texts, fill, tr, use_texts};
use crate::layout::{Link, LinkList, PageTitle};
use crate::nav::{Location, go_to, use_location};
use akun_core::ErrorCode;
use leptos::prelude::*;

pub const PATH: &str = crate::ACCOUNT;
pub const PROFILE: &str = crate::ACCOUNT_PROFILE;

/// The signed-in account, from `GET /api/me`.
#[derive(Debug, Clone, PartialEq)]
pub struct Me {
    pub email: String,
    pub name: Option<String>,
    pub blocked: bool,
    pub blocked_reason: Option<String>,
    pub identity_complete: bool,
    /// Masked by the API: `3201********0001`.
    pub nik: Option<String>,
    pub kk: Option<String>,
    pub date_of_birth: Option<String>,
    pub phone: Option<String>,
    pub phone_verified: bool,
}

impl Me {
    pub fn read(body: &Body) -> Option<Self> {
        let text = |key| body.string(key).filter(|v| !v.is_empty());
        Some(Self {
            email: body.string("email")?,
            name: text("name"),
            blocked: body.string("status")? == "blocked",
            blocked_reason: text("blocked_reason"),
            identity_complete: body.flag("identity_complete"),
            nik: text("nik_masked"),
            kk: text("kk_masked"),
            date_of_birth: text("date_of_birth"),
            phone: text("phone_masked"),
            phone_verified: body.flag("phone_verified"),
        })
    }

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

    /// How the person is greeted: by name once the registry gave one.
    pub fn greeting_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.email)
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

/// Loads the account. Without a session, goes to Log in with a note.
pub fn load_me(account: Account, location: Location) -> RwSignal<Loaded> {
    let state = RwSignal::new(Loaded::Loading);
    leptos::task::spawn_local(async move {
        let loaded = match api::get("/api/me").await {
            Ok(body) => Me::read(&body).map_or(Loaded::Failed, Loaded::Ready),
            Err(ClientError::Api(error)) if error.code == ErrorCode::Unauthorized => {
                account.set_signed_in(false);
                Note::SessionEnded.leave();
                go_to(location, "/login");
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
    Link {
        href: PROFILE,
        text: |t| t.dashboard_profile,
        id: Some("dashboard-profile"),
    },
    Link {
        href: crate::routes::sessions::PATH,
        text: |t| t.dashboard_security,
        id: Some("dashboard-security"),
    },
    Link {
        href: "/help",
        text: |t| t.nav_help,
        id: Some("dashboard-help"),
    },
];

#[component]
pub fn Dashboard() -> impl IntoView {
    let t = use_texts();
    let account = use_account();
    let location = use_location();
    let me = load_me(account, location);

    let ready = move |read: fn(&Me, &'static Texts) -> Option<String>| {
        Signal::derive(move || match &*me.read() {
            Loaded::Ready(me) => read(me, t.get()),
            _ => None,
        })
    };
    let greeting = ready(|me, t| Some(fill(t.dashboard_hi, me.greeting_name())));
    let status = ready(|me, t| {
        Some(
            if me.blocked {
                t.status_blocked
            } else {
                t.status_active
            }
            .to_owned(),
        )
    });
    let reason = ready(|me, t| {
        me.blocked.then(|| {
            me.blocked_reason
                .clone()
                .unwrap_or(t.blocked_no_reason.to_owned())
        })
    });
    let loading = Signal::derive(move || match &*me.read() {
        Loaded::Loading => Some(t.get().dashboard_loading),
        Loaded::Failed => Some(t.get().err_network),
        Loaded::Ready(_) => None,
    });

    view! {
        <PageTitle text=|t| t.dashboard_title />
        <p role="status">{loading}</p>
        <p class="lead greeting" id="greeting">{greeting}</p>
        <section
            class="banner alert"
            id="blocked-banner"
            role="alert"
            hidden=Signal::derive(move || reason.with(Option::is_none))
        >
            <h2>{tr(|t| t.blocked_title)}</h2>
            <p>
                <strong>{tr(|t| t.blocked_reason)}</strong> " " {reason}
            </p>
            <p>{tr(|t| t.blocked_appeal)}</p>
            <p>
                <a href="/report" id="blocked-appeal">{tr(|t| t.blocked_appeal_link)}</a>
            </p>
        </section>
        // The fraud-flag banner joins here when staff can set the flag.
        {move || {
            let step = match &*me.read() {
                Loaded::Ready(me) => me.next_step(),
                _ => None,
            };
            step.map(|step| {
                let (title, text, href, button): (Text, Text, &'static str, Text) = match step {
                    NextStep::Identity => (
                        |t| t.dashboard_identity_title,
                        |t| t.dashboard_identity_text,
                        crate::ACCOUNT_IDENTITY,
                        |t| t.identity_title,
                    ),
                    NextStep::Phone => (
                        |t| t.dashboard_phone_title,
                        |t| t.dashboard_phone_text,
                        crate::ACCOUNT_PHONE,
                        |t| t.phone_title,
                    ),
                };
                view! {
                    <section class="notice next-step" id="next-step">
                        <h2>{tr(title)}</h2>
                        <p>{tr(text)}</p>
                        <p>
                            <a href=href class="button primary" id="next-step-go">
                                {tr(button)}
                            </a>
                        </p>
                    </section>
                }
            })
        }}
        <p hidden=Signal::derive(move || status.with(Option::is_none))>
            {tr(|t| t.dashboard_status)} " " <strong id="account-status">{status}</strong>
        </p>
        <LinkList links=LINKS />
        <LogOut />
    }
}

/// Ends this session on the server, then goes to Log in, which says so.
#[component]
pub fn LogOut() -> impl IntoView {
    let account = use_account();
    let location = use_location();
    let send = Submission::new("/api/logout");
    let on_click = move |_| {
        send.dispatch(&(), &[], move |answer| {
            answer?;
            account.set_signed_in(false);
            Note::SignedOut.leave();
            go_to(location, "/login");
            Ok(())
        });
    };
    view! {
        <FormStatus submission=send submit="logout" />
        <button type="button" class="button" id="logout" on:click=on_click>
            {tr(|t| t.logout)}
        </button>
    }
}

#[component]
pub fn Profile() -> impl IntoView {
    let t = use_texts();
    let me = load_me(use_account(), use_location());
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
    let name = field(|me, t| Some(me.name.clone().unwrap_or(t.profile_name_missing.to_owned())));
    let nik = field(|me, _| me.nik.clone());
    let kk = field(|me, _| me.kk.clone());
    let dob = field(|me, _| me.date_of_birth.clone());
    let phone = field(|me, t| {
        let state = if me.phone_verified {
            t.profile_phone_verified
        } else {
            t.profile_phone_pending
        };
        me.phone.as_ref().map(|phone| format!("{phone} ({state})"))
    });
    let verified_phone =
        Signal::derive(move || matches!(&*me.read(), Loaded::Ready(me) if me.phone_verified));
    let pending_phone = Signal::derive(
        move || matches!(&*me.read(), Loaded::Ready(me) if me.phone.is_some() && !me.phone_verified),
    );
    view! {
        <PageTitle text=|t| t.profile_title />
        <dl class="facts" hidden=Signal::derive(move || !ready.get())>
            <dt>{tr(|t| t.profile_email)}</dt>
            <dd id="profile-email">{email}</dd>
            <dt>{tr(|t| t.profile_name)}</dt>
            <dd>
                <span id="profile-name">{name}</span>
                <br />
                <small class="hint" id="profile-name-note">
                    {tr(|t| t.profile_name_note)}
                </small>
            </dd>
            <div hidden=Signal::derive(move || !complete.get())>
                <dt>{tr(|t| t.profile_nik)}</dt>
                <dd id="profile-nik">{nik}</dd>
                <dt>{tr(|t| t.profile_kk)}</dt>
                <dd id="profile-kk">{kk}</dd>
                <dt>{tr(|t| t.profile_dob)}</dt>
                <dd id="profile-dob">{dob}</dd>
                <dt>{tr(|t| t.profile_phone)}</dt>
                <dd id="profile-phone">{phone}</dd>
            </div>
        </dl>
        <ul class="links">
            <li hidden=Signal::derive(move || !ready.get() || complete.get())>
                <a href=crate::ACCOUNT_IDENTITY id="profile-identity">
                    {tr(|t| t.dashboard_identity_title)}
                </a>
            </li>
            <li hidden=Signal::derive(move || !pending_phone.get())>
                <a href=crate::ACCOUNT_PHONE id="profile-verify-phone">
                    {tr(|t| t.phone_title)}
                </a>
            </li>
            <li hidden=Signal::derive(move || !verified_phone.get())>
                <a href=crate::routes::change_phone::PATH id="profile-change-phone">
                    {tr(|t| t.profile_change_phone)}
                </a>
            </li>
            <li hidden=Signal::derive(move || !verified_phone.get())>
                <a href=crate::routes::payout::PATH id="profile-payout">
                    {tr(|t| t.payout_title)}
                </a>
            </li>
            <li>
                <a href=crate::ACCOUNT_PASSWORD id="profile-password">
                    {tr(|t| t.password_title)}
                </a>
            </li>
            <li>
                <a href=PATH id="profile-back">
                    {tr(|t| t.profile_back)}
                </a>
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
            name: None,
            blocked: false,
            blocked_reason: None,
            identity_complete: false,
            nik: None,
            kk: None,
            date_of_birth: None,
            phone: None,
            phone_verified: false,
        };
        assert_eq!(me.next_step(), Some(NextStep::Identity));
        me.identity_complete = true;
        assert_eq!(me.next_step(), Some(NextStep::Phone));
        me.phone_verified = true;
        assert_eq!(me.next_step(), None);
        assert_eq!(me.greeting_name(), "rina@example.com");
        me.name = Some("RINA WATI".into());
        assert_eq!(me.greeting_name(), "RINA WATI");
    }
}
