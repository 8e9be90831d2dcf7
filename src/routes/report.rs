//! `/report`: the Report Form. Until it arrives, the page says so and
//! points at the help that already exists.

use crate::i18n::tr;
use crate::layout::{Link, LinkList, PageTitle};
use crate::pages::Page;
use leptos::prelude::*;

const LINKS: &[Link] = &[
    Link::to(Page::Help, |t| t.public().help_email_q()).at(crate::routes::help::VERIFICATION_EMAIL),
    Link::to(Page::Help, |t| t.public().help_blocked_q()).at(crate::routes::help::BLOCKED),
    Link::to(Page::Help, |t| t.public().home_help()),
    Link::to(Page::Security, |t| t.footer_security_link()),
];

#[component]
pub fn Report() -> impl IntoView {
    view! {
        <PageTitle text=|t| t.public().report_title() />
        <p class="lead">{tr(|t| t.public().report_coming())}</p>
        <p>{tr(|t| t.public().report_meanwhile())}</p>
        <LinkList links=LINKS />
    }
}
