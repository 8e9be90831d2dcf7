//! Any address the app does not know.

use crate::i18n::tr;
use crate::layout::PageTitle;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageTitle text=|t| t.not_found_title />
        <p>{tr(|t| t.not_found_text)}</p>
        <p>
            <a href="/" class="button primary" id="not-found-home">
                {tr(|t| t.not_found_home)}
            </a>
        </p>
    }
}
