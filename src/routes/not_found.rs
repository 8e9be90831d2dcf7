//! Any address the app does not know.

use crate::i18n::tr;
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageTitle text=|t| t.not_found_title() />
        <p>{tr(|t| t.not_found_text())}</p>
        <p>
            <PageLink page=Page::Home class="button primary" id="not-found-home" text=|t| t.not_found_home() />
        </p>
    }
}
