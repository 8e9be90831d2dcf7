//! akun: the applicant's single-page app for Kartu Prakerja accounts.
//!
//! Client-side rendered with Leptos and built by Trunk. Every visible text
//! comes from [`i18n`]; every input is checked with the same validators the
//! API uses (`akun-core`); every request goes through [`api`].

pub mod account;
pub mod api;
pub mod form;
pub mod i18n;
pub mod layout;
pub mod nav;
pub mod pending;
pub mod routes;
pub mod wait;

use account::Account;
use i18n::stored_lang;
use layout::{FirstPage, Footer, Header};
use leptos::prelude::*;
use pending::Pending;
use routes::{
    check_email::CheckEmail,
    code::{Attempt, Code},
    dashboard::{Dashboard, Profile},
    help::Help,
    home::Home,
    login::Login,
    not_found::NotFound,
    register::{Register, RegisterDraft},
    report::Report,
    security::Security,
    sessions::Sessions,
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
    provide_context(Account::new());
    provide_context(Attempt::load());

    // The document's language follows the choice, so that screen readers
    // pronounce the text with the right voice and browsers offer to
    // translate only when it makes sense.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });

    let path = nav::provide_location().path;
    // Rebuilt only when the path changes, not the fragment.
    let page = Memo::new(move |_| path.with(|path| Page::at(path)));

    view! {
        <Header />
        <main id="main" class="wrap" tabindex="-1">
            {move || page.get().view()}
        </main>
        <Footer />
    }
}

/// The pages, one per path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Register,
    CheckEmail,
    Verify,
    Terms,
    Report,
    Login,
    Code,
    Dashboard,
    Profile,
    Sessions,
    Help,
    Security,
    NotFound,
}

impl Page {
    /// The page for a path as [`nav::normalise`] leaves it.
    pub fn at(path: &str) -> Self {
        match path {
            "/" => Page::Home,
            "/register" => Page::Register,
            "/register/check-email" => Page::CheckEmail,
            "/verify" => Page::Verify,
            "/terms" => Page::Terms,
            "/report" => Page::Report,
            "/login" => Page::Login,
            "/login/code" => Page::Code,
            "/dashboard" => Page::Dashboard,
            "/profile" => Page::Profile,
            "/security/sessions" => Page::Sessions,
            "/help" => Page::Help,
            "/security" => Page::Security,
            _ => Page::NotFound,
        }
    }

    /// Each page is type-erased, so that a new page adds its own code and
    /// nothing more.
    fn view(self) -> AnyView {
        match self {
            Page::Home => view! { <Home /> }.into_any(),
            Page::Register => view! { <Register /> }.into_any(),
            Page::CheckEmail => view! { <CheckEmail /> }.into_any(),
            Page::Verify => view! { <Verify /> }.into_any(),
            Page::Terms => view! { <Terms /> }.into_any(),
            Page::Report => view! { <Report /> }.into_any(),
            Page::Login => view! { <Login /> }.into_any(),
            Page::Code => view! { <Code /> }.into_any(),
            Page::Dashboard => view! { <Dashboard /> }.into_any(),
            Page::Profile => view! { <Profile /> }.into_any(),
            Page::Sessions => view! { <Sessions /> }.into_any(),
            Page::Help => view! { <Help /> }.into_any(),
            Page::Security => view! { <Security /> }.into_any(),
            Page::NotFound => view! { <NotFound /> }.into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn every_path_has_its_page_and_others_are_not_found() {
        assert_eq!(Page::at("/"), Page::Home);
        assert_eq!(Page::at("/register/check-email"), Page::CheckEmail);
        assert_eq!(Page::at("/verify"), Page::Verify);
        assert_eq!(Page::at("/login/code"), Page::Code);
        assert_eq!(Page::at("/security/sessions"), Page::Sessions);
        assert_eq!(Page::at("/nope"), Page::NotFound);
        assert_eq!(Page::at("/register/nope"), Page::NotFound);
    }
}
