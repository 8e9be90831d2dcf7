//! `/report`: the Report Form. Until it arrives, the page says so and
//! points at the help that already exists.

use crate::i18n::tr;
use crate::layout::{Link, LinkList, PageTitle};
use crate::routes::help::{BLOCKED_HREF, VERIFICATION_EMAIL_HREF};
use leptos::prelude::*;

const LINKS: &[Link] = &[
    Link {
        href: VERIFICATION_EMAIL_HREF,
        text: |t| t.help_email_q,
        id: None,
    },
    Link {
        href: BLOCKED_HREF,
        text: |t| t.help_blocked_q,
        id: None,
    },
    Link {
        href: "/help",
        text: |t| t.home_help,
        id: None,
    },
    Link {
        href: "/security",
        text: |t| t.footer_security_link,
        id: None,
    },
];

#[component]
pub fn Report() -> impl IntoView {
    view! {
        <PageTitle text=|t| t.report_title />
        <p class="lead">{tr(|t| t.report_coming)}</p>
        <p>{tr(|t| t.report_meanwhile)}</p>
        <LinkList links=LINKS />
    }
}
