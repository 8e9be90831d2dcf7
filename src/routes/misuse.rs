//! `/misuse`: what to do, in order, when someone else may have used the
//! account. Notice emails ("this was not me") and the help centre lead
//! here.

use crate::i18n::{tr, use_texts};
use crate::layout::{Link, LinkList, PageTitle};
use leptos::prelude::*;

pub const PATH: &str = "/misuse";

const LINKS: &[Link] = &[
    Link {
        href: crate::ACCOUNT_PASSWORD,
        text: |t| t.help_password_q,
        id: Some("misuse-password"),
    },
    Link {
        href: "/login",
        text: |t| t.help_go_login,
        id: Some("misuse-login"),
    },
    Link {
        href: crate::ACCOUNT_SESSIONS,
        text: |t| t.misuse_sessions,
        id: Some("misuse-sessions"),
    },
    Link {
        href: "/report",
        text: |t| t.help_go_report,
        id: None,
    },
];

#[component]
pub fn Misuse() -> impl IntoView {
    let t = use_texts();
    view! {
        <PageTitle text=|t| t.misuse_title />
        <p class="lead">{tr(|t| t.misuse_intro)}</p>
        <ol class="rules">
            {move || {
                t.get()
                    .misuse_steps
                    .map(|(step, how)| {
                        view! {
                            <li>
                                <strong>{step}</strong>
                                " "
                                {how}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
        <LinkList links=LINKS />
    }
}
