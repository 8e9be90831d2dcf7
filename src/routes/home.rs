//! `/`: what akun is, and the way in.

use crate::i18n::{tr, use_texts};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let t = use_texts();
    view! {
        <PageTitle text=|t| t.public().home_title() />
        <p class="lead">{tr(|t| t.public().home_intro())}</p>
        <ul class="points">
            {move || t.get().public().home_points().map(|point| view! { <li>{point}</li> }).collect_view()}
        </ul>
        <div class="actions">
            <PageLink page=Page::Register class="button primary" id="home-register" text=|t| t.public().home_register() />
            <PageLink page=Page::Login class="button" id="home-login" text=|t| t.public().home_login() />
        </div>
        <p>
            <PageLink page=Page::Help text=|t| t.public().home_help() />
        </p>
    }
}
