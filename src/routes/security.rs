//! `/security`: how applicants keep their accounts safe.

use crate::i18n::{tr, use_texts};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use leptos::prelude::*;

#[component]
pub fn Security() -> impl IntoView {
    let t = use_texts();
    view! {
        <PageTitle text=|t| t.public().security_title() />
        <p class="lead">{tr(|t| t.public().security_intro())}</p>
        <ol class="rules">
            {move || {
                t.get()
                    .public().security_rules()
                    .map(|(rule, why)| {
                        view! {
                            <li>
                                <strong>{rule}</strong>
                                " "
                                {why}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
        <p class="callout">{tr(|t| t.public().security_misuse())}</p>
        <p>
            <PageLink page=Page::Help text=|t| t.nav_help() />
        </p>
    }
}
