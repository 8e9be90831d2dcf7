//! akun: the applicant's single-page app for Kartu Prakerja accounts.
//!
//! Client-side rendered with Leptos and built by Trunk. Every visible text
//! comes from [`i18n`]; every input is checked with the same validators the
//! API uses (`akun-core`); every request goes through [`api`].

pub mod account;
pub mod api;
pub mod camera;
pub mod captcha;
pub mod form;
pub mod i18n;
pub mod layout;
pub mod pages;
pub mod pending;
pub mod photo;
pub mod report;
pub mod router;
pub mod routes;
pub mod wait;

use account::Account;
use i18n::stored_lang;
use layout::{FirstPage, Footer, Header};
use leptos::prelude::*;
use leptos_router::components::Router;
use pages::{Bundle, Page};
use pending::Pending;
use router::Pages;
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
    reset::Reset,
    security::Security,
    sessions::Sessions,
    terms::Terms,
    verify::Verify,
};

/// Mounts a bundle's app. Someone who chose English earlier sees nothing
/// until the English texts arrived (or failed to), rather than a flash of
/// Indonesian; everyone else sees the page at once.
pub fn start<F, N>(bundle: Bundle, app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    bundle.enter();
    if i18n::stored_lang() == akun_core::api::Lang::En {
        // Not Leptos's `spawn_local`: its executor starts with the mount.
        wasm_bindgen_futures::spawn_local(async move {
            i18n::load_english().await;
            leptos::mount::mount_to_body(app);
        });
    } else {
        leptos::mount::mount_to_body(app);
    }
}

/// The applicant's first bundle: everything before and around signing in
/// (home, register, verify, log in, help). Built from `src/main.rs`.
///
/// The signed-in pages are [`AccountApp`], a second bundle under
/// `/account`: applicants who only register or log in never download
/// them, and each bundle stays within the first-load budget (ARCHITECTURE,
/// "Size budget").
#[component]
pub fn App() -> impl IntoView {
    provide_context(Pending::load());
    provide_context(RegisterDraft::new());
    provide_context(Attempt::load());
    view! { <Shell bundle=Bundle::Public pages=public_page describe=public_description /> }
}

/// The signed-in person's bundle, under `/account`. Built from
/// `src/bin/account.rs`.
#[component]
pub fn AccountApp() -> impl IntoView {
    // Nothing here is for search engines: every page says `noindex`.
    view! { <Shell bundle=Bundle::Account pages=account_page describe=|_, t| t.meta_default() /> }
}

/// The Report Form's bundle, under `/report`. Built from
/// `src/bin/report.rs`.
#[component]
pub fn ReportApp() -> impl IntoView {
    view! { <Shell bundle=Bundle::Report pages=report_page describe=report_description /> }
}

/// What every bundle shares: the router, the language, the header,
/// `<main>` with the page for the path, and the footer.
#[component]
fn Shell(
    bundle: Bundle,
    pages: fn(Option<Page>) -> AnyView,
    describe: layout::Describe,
) -> impl IntoView {
    bundle.enter();
    // English only if its texts came (see [`start`]).
    let lang = RwSignal::new(
        Some(stored_lang())
            .filter(|l| i18n::available(*l))
            .unwrap_or_default(),
    );
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

    view! {
        <Router base=bundle.base()>
            <Header />
            <main id="main" class="wrap" tabindex="-1">
                <Pages view=pages describe=describe />
            </main>
            <Footer />
        </Router>
    }
}

/// The pages of [`App`]. Each page is type-erased, so that a new page adds
/// its own code and nothing more.
fn public_page(page: Option<Page>) -> AnyView {
    match page {
        Some(Page::Home) => view! { <Home /> }.into_any(),
        Some(Page::Register) => view! { <Register /> }.into_any(),
        Some(Page::CheckEmail) => view! { <CheckEmail /> }.into_any(),
        Some(Page::Verify) => view! { <Verify /> }.into_any(),
        Some(Page::Terms) => view! { <Terms /> }.into_any(),
        Some(Page::Login) => view! { <Login /> }.into_any(),
        Some(Page::Code) => view! { <Code /> }.into_any(),
        Some(Page::Forgot) => view! { <Forgot /> }.into_any(),
        Some(Page::Reset) => view! { <Reset /> }.into_any(),
        Some(Page::Help) => view! { <Help /> }.into_any(),
        Some(Page::Misuse) => view! { <Misuse /> }.into_any(),
        Some(Page::Security) => view! { <Security /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// What search engines show for the pages of [`App`] that they may list.
fn public_description(page: Option<Page>, t: &'static i18n::Texts) -> &'static str {
    let p = t.public();
    match page {
        Some(Page::Register) => p.meta_register(),
        Some(Page::Login) => p.meta_login(),
        Some(Page::Forgot) => p.meta_forgot(),
        Some(Page::Help) => p.meta_help(),
        Some(Page::Security) => p.meta_security(),
        Some(Page::Misuse) => p.meta_misuse(),
        Some(Page::Terms) => p.meta_terms(),
        _ => t.meta_default(),
    }
}

/// The pages of [`AccountApp`].
fn account_page(page: Option<Page>) -> AnyView {
    match page {
        Some(Page::Dashboard) => view! { <Dashboard /> }.into_any(),
        Some(Page::Profile) => view! { <Profile /> }.into_any(),
        Some(Page::Identity) => view! { <Identity /> }.into_any(),
        Some(Page::Phone) => view! { <Phone /> }.into_any(),
        Some(Page::Password) => view! { <ChangePassword /> }.into_any(),
        Some(Page::ChangePhone) => view! { <ChangePhone /> }.into_any(),
        Some(Page::Payout) => view! { <Payout /> }.into_any(),
        Some(Page::Sessions) => view! { <Sessions /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// The pages of [`ReportApp`].
fn report_page(page: Option<Page>) -> AnyView {
    match page {
        Some(Page::Report) => view! { <report::form::Report /> }.into_any(),
        Some(Page::CaseStatus) => view! { <report::status::CaseStatusPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// What search engines show for the pages of [`ReportApp`].
fn report_description(page: Option<Page>, t: &'static i18n::Texts) -> &'static str {
    match page {
        Some(Page::Report) => t.report().meta_report(),
        Some(Page::CaseStatus) => t.report().meta_status(),
        _ => t.meta_default(),
    }
}
