//! Any address the app does not know.

use crate::i18n::tr;
use crate::layout::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageTitle text=|t| t.not_found_title />
        <p>{tr(|t| t.not_found_text)}</p>
        <p>
            <A href="/" attr:class="button primary" attr:id="not-found-home">
                {tr(|t| t.not_found_home)}
            </A>
        </p>
    }
}
