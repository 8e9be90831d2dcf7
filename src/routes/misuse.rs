//! `/misuse`: what to do, in order, when someone else may have used the
//! account. Notice emails ("this was not me") and the help centre lead
//! here.

use crate::i18n::{tr, use_texts};
use crate::layout::{Link, LinkList, PageTitle};
use crate::pages::Page;
use leptos::prelude::*;

const LINKS: &[Link] = &[
    Link::to(Page::Password, |t| t.public().help_password_q()).id("misuse-password"),
    Link::to(Page::Login, |t| t.public().help_go_login()).id("misuse-login"),
    Link::to(Page::Sessions, |t| t.public().misuse_sessions()).id("misuse-sessions"),
    Link::to(Page::Report, |t| t.help_go_report()),
];

#[component]
pub fn Misuse() -> impl IntoView {
    let t = use_texts();
    view! {
        <PageTitle text=|t| t.public().misuse_title() />
        <p class="lead">{tr(|t| t.public().misuse_intro())}</p>
        <ol class="rules">
            {move || {
                t.get()
                    .public().misuse_steps()
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
