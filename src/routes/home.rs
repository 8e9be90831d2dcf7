//! `/`: what akun is, and the way in.

use crate::i18n::{tr, use_texts};
use crate::layout::PageTitle;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let t = use_texts();
    view! {
        <PageTitle text=|t| t.home_title />
        <p class="lead">{tr(|t| t.home_intro)}</p>
        <ul class="points">
            {move || t.get().home_points.map(|point| view! { <li>{point}</li> }).collect_view()}
        </ul>
        <div class="actions">
            <a href="/register" class="button primary" id="home-register">
                {tr(|t| t.home_register)}
            </a>
            <a href="/login" class="button" id="home-login">
                {tr(|t| t.home_login)}
            </a>
        </div>
        <p>
            <a href="/help">{tr(|t| t.home_help)}</a>
        </p>
    }
}
