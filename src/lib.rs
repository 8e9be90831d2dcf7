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
    change_phone::ChangePhone,
    check_email::CheckEmail,
    code::{Attempt, Code},
    dashboard::{Dashboard, Profile},
    forgot::Forgot,
    help::Help,
    home::Home,
    identity::Identity,
    login::Login,
    misuse::Misuse,
    not_found::NotFound,
    password::ChangePassword,
    payout::Payout,
    phone::Phone,
    register::{Register, RegisterDraft},
    report::Report,
    reset::Reset,
    security::Security,
    sessions::Sessions,
    terms::Terms,
    verify::Verify,
};

/// Where the signed-in pages live: the account bundle's paths.
pub const ACCOUNT: &str = "/account";
pub const ACCOUNT_PROFILE: &str = "/account/profile";
pub const ACCOUNT_SESSIONS: &str = "/account/sessions";
pub const ACCOUNT_PASSWORD: &str = "/account/password";
pub const ACCOUNT_IDENTITY: &str = "/account/identity";
pub const ACCOUNT_PHONE: &str = "/account/phone";

/// The applicant's first bundle: everything before and around signing in
/// (home, register, verify, log in, help). Built from `src/main.rs`.
///
/// The signed-in pages are [`AccountApp`], a second bundle under
/// [`ACCOUNT`]: applicants who only register or log in never download
/// them, and each bundle stays within the first-load budget (ARCHITECTURE,
/// "Size budget").
#[component]
pub fn App() -> impl IntoView {
    provide_context(Pending::load());
    provide_context(RegisterDraft::new());
    provide_context(Attempt::load());
    view! { <Shell owns=|path| !nav::under(path, ACCOUNT) pages=PublicPage::view_at /> }
}

/// The signed-in person's bundle, under [`ACCOUNT`]. Built from
/// `src/bin/account.rs`.
#[component]
pub fn AccountApp() -> impl IntoView {
    view! { <Shell owns=|path| nav::under(path, ACCOUNT) pages=AccountPage::view_at /> }
}

/// What both bundles share: the language, the header, `<main>` with the
/// page for the path, and the footer.
#[component]
fn Shell(owns: fn(&str) -> bool, pages: fn(&str) -> AnyView) -> impl IntoView {
    let lang = RwSignal::new(stored_lang());
    provide_context(lang);
    provide_context(FirstPage(StoredValue::new(true)));
    provide_context(Account::load());

    // The document's language follows the choice, so that screen readers
    // pronounce the text with the right voice and browsers offer to
    // translate only when it makes sense.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });

    // The page is rebuilt only when the path changes, not the fragment.
    let path = nav::provide_location(owns).path;
    view! {
        <Header />
        <main id="main" class="wrap" tabindex="-1">
            {move || path.with(|path| pages(path))}
        </main>
        <Footer />
    }
}

/// The pages of [`App`], one per path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicPage {
    Home,
    Register,
    CheckEmail,
    Verify,
    Terms,
    Report,
    Login,
    Code,
    Forgot,
    Reset,
    Help,
    Misuse,
    Security,
    NotFound,
}

impl PublicPage {
    /// The page for a path as [`nav::normalise`] leaves it.
    pub fn at(path: &str) -> Self {
        match path {
            "/" => PublicPage::Home,
            "/register" => PublicPage::Register,
            "/register/check-email" => PublicPage::CheckEmail,
            "/verify" => PublicPage::Verify,
            "/terms" => PublicPage::Terms,
            "/report" => PublicPage::Report,
            "/login" => PublicPage::Login,
            "/login/code" => PublicPage::Code,
            "/forgot" => PublicPage::Forgot,
            "/reset" => PublicPage::Reset,
            "/help" => PublicPage::Help,
            "/misuse" => PublicPage::Misuse,
            "/security" => PublicPage::Security,
            _ => PublicPage::NotFound,
        }
    }

    /// Each page is type-erased, so that a new page adds its own code and
    /// nothing more.
    fn view_at(path: &str) -> AnyView {
        match Self::at(path) {
            PublicPage::Home => view! { <Home /> }.into_any(),
            PublicPage::Register => view! { <Register /> }.into_any(),
            PublicPage::CheckEmail => view! { <CheckEmail /> }.into_any(),
            PublicPage::Verify => view! { <Verify /> }.into_any(),
            PublicPage::Terms => view! { <Terms /> }.into_any(),
            PublicPage::Report => view! { <Report /> }.into_any(),
            PublicPage::Login => view! { <Login /> }.into_any(),
            PublicPage::Code => view! { <Code /> }.into_any(),
            PublicPage::Forgot => view! { <Forgot /> }.into_any(),
            PublicPage::Reset => view! { <Reset /> }.into_any(),
            PublicPage::Help => view! { <Help /> }.into_any(),
            PublicPage::Misuse => view! { <Misuse /> }.into_any(),
            PublicPage::Security => view! { <Security /> }.into_any(),
            PublicPage::NotFound => view! { <NotFound /> }.into_any(),
        }
    }
}

/// The pages of [`AccountApp`], one per path under [`ACCOUNT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountPage {
    Dashboard,
    Profile,
    Identity,
    Phone,
    Password,
    ChangePhone,
    Payout,
    Sessions,
    NotFound,
}

impl AccountPage {
    pub fn at(path: &str) -> Self {
        match path.strip_prefix(ACCOUNT) {
            Some("") => AccountPage::Dashboard,
            Some("/profile") => AccountPage::Profile,
            Some("/identity") => AccountPage::Identity,
            Some("/phone") => AccountPage::Phone,
            Some("/password") => AccountPage::Password,
            Some("/phone/change") => AccountPage::ChangePhone,
            Some("/payout") => AccountPage::Payout,
            Some("/sessions") => AccountPage::Sessions,
            _ => AccountPage::NotFound,
        }
    }

    fn view_at(path: &str) -> AnyView {
        match Self::at(path) {
            AccountPage::Dashboard => view! { <Dashboard /> }.into_any(),
            AccountPage::Profile => view! { <Profile /> }.into_any(),
            AccountPage::Identity => view! { <Identity /> }.into_any(),
            AccountPage::Phone => view! { <Phone /> }.into_any(),
            AccountPage::Password => view! { <ChangePassword /> }.into_any(),
            AccountPage::ChangePhone => view! { <ChangePhone /> }.into_any(),
            AccountPage::Payout => view! { <Payout /> }.into_any(),
            AccountPage::Sessions => view! { <Sessions /> }.into_any(),
            AccountPage::NotFound => view! { <NotFound /> }.into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AccountPage, PublicPage};

    #[test]
    fn every_path_has_its_page_and_others_are_not_found() {
        assert_eq!(PublicPage::at("/"), PublicPage::Home);
        assert_eq!(
            PublicPage::at("/register/check-email"),
            PublicPage::CheckEmail
        );
        assert_eq!(PublicPage::at("/verify"), PublicPage::Verify);
        assert_eq!(PublicPage::at("/login/code"), PublicPage::Code);
        assert_eq!(PublicPage::at("/nope"), PublicPage::NotFound);
        assert_eq!(PublicPage::at("/register/nope"), PublicPage::NotFound);
        assert_eq!(PublicPage::at("/account"), PublicPage::NotFound);
    }

    #[test]
    fn the_account_bundle_has_its_own_paths() {
        assert_eq!(AccountPage::at("/account"), AccountPage::Dashboard);
        assert_eq!(AccountPage::at("/account/profile"), AccountPage::Profile);
        assert_eq!(AccountPage::at("/account/sessions"), AccountPage::Sessions);
        assert_eq!(AccountPage::at("/accounts"), AccountPage::NotFound);
        assert_eq!(AccountPage::at("/account/nope"), AccountPage::NotFound);
        assert_eq!(AccountPage::at("/login"), AccountPage::NotFound);
    }
}
