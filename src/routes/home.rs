//! `/`: what akun is, and the way in.

use crate::i18n::{tr, use_texts};
use crate::layout::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

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
            <A href="/register" attr:class="button primary" attr:id="home-register">
                {tr(|t| t.home_register)}
            </A>
            <A href="/login" attr:class="button" attr:id="home-login">
                {tr(|t| t.home_login)}
            </A>
        </div>
        <p>
            <A href="/help">{tr(|t| t.home_help)}</A>
        </p>
    }
}
