//! `/terms`: the terms an applicant accepts when registering, in the
//! project's own words.

use crate::i18n::{tr, use_texts};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use leptos::prelude::*;

#[component]
pub fn Terms() -> impl IntoView {
    let t = use_texts();
    view! {
        <PageTitle text=|t| t.public().terms_title() />
        <p class="lead">{tr(|t| t.public().terms_intro())}</p>
        {move || {
            t.get()
                .public().terms_sections()
                .map(|(heading, text)| {
                    view! {
                        <section>
                            <h2>{heading}</h2>
                            <p>{text}</p>
                        </section>
                    }
                })
                .collect_view()
        }}
        <p>
            <PageLink page=Page::Register class="button primary" id="terms-back" text=|t| t.public().terms_back() />
        </p>
    }
}
