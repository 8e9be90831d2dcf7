//! akun: the applicant's single-page app for Kartu Prakerja accounts.
//!
//! Client-side rendered with Leptos and built by Trunk. Every visible text
//! comes from [`i18n`]; every input is checked with the same validators the
//! API uses (`akun-core`); every request goes through [`api`].

pub mod api;
pub mod form;
pub mod i18n;
pub mod layout;
pub mod pending;
pub mod routes;
pub mod wait;

use i18n::stored_lang;
use layout::{FirstPage, Footer, Header};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use pending::Pending;
use routes::{
    check_email::CheckEmail,
    help::Help,
    home::Home,
    login::Login,
    not_found::NotFound,
    register::{Register, RegisterDraft},
    report::Report,
    security::Security,
    terms::Terms,
    verify::Verify,
};

/// The whole app: language context, shell and routes.
#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(stored_lang());
    provide_context(lang);
    provide_context(FirstPage(StoredValue::new(true)));
    provide_context(Pending::load());
    provide_context(RegisterDraft::new());

    // The document's language follows the choice, so that screen readers
    // pronounce the text with the right voice and browsers offer to
    // translate only when it makes sense.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });

    view! {
        <Router>
            <Header />
            <main id="main" class="wrap" tabindex="-1">
                <Routes fallback=|| view! { <NotFound /> }.into_any()>
                    <Route path=path!("/") view=|| view! { <Home /> }.into_any() />
                    <Route path=path!("/register") view=|| view! { <Register /> }.into_any() />
                    <Route
                        path=path!("/register/check-email")
                        view=|| view! { <CheckEmail /> }.into_any()
                    />
                    <Route path=path!("/verify") view=|| view! { <Verify /> }.into_any() />
                    <Route path=path!("/terms") view=|| view! { <Terms /> }.into_any() />
                    <Route path=path!("/report") view=|| view! { <Report /> }.into_any() />
                    <Route path=path!("/login") view=|| view! { <Login /> }.into_any() />
                    <Route path=path!("/help") view=|| view! { <Help /> }.into_any() />
                    <Route path=path!("/security") view=|| view! { <Security /> }.into_any() />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
