//! Routing with `leptos_router`: each bundle's `<Router>`, the page for
//! the current path, links and navigation by [`Page`].
//!
//! Each bundle mounts one `<Router>` (with its [`Bundle::base`]) and picks
//! its page with a `match` on [`Page`] rather than with `<Routes>`: this app
//! has flat pages and no route data, and `<FlatRoutes>` cost 17 KB more
//! brotli here (ARCHITECTURE, "Routing"). This module is the little that
//! the `<Routes>` components would otherwise do: it tells the router when
//! the new page is built, so that the address bar follows a clicked link
//! ([`Pages`]), and it keeps navigation between bundles a full page load
//! ([`Page::rel`], [`navigator`]).

use crate::i18n::{Texts, tr};
use crate::layout::Describe;
use crate::pages::{Bundle, Page};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider};

/// The view of the page at the current path: `view` gets the page when it
/// belongs to the running bundle, `None` otherwise (the bundle's "not
/// found"). Rebuilt only when the page changes, not the fragment.
#[component]
pub fn Pages(view: fn(Option<Page>) -> AnyView, describe: Describe) -> impl IntoView {
    let navigate = use_navigate();
    provide_context(Navigator(StoredValue::new_local(Box::new(navigate))));
    let location = use_location();
    let page = Memo::new(move |_| {
        location
            .pathname
            .with(|path| Page::at(path).filter(|page| page.bundle() == Bundle::current()))
    });
    crate::layout::describe_to_search_engines(page, describe);
    // A clicked link changes the router's location at once, but the
    // router writes the address bar only when told that the new page is
    // ready, as its `<Routes>` would tell it. This effect runs after the
    // page above was rebuilt for the new path.
    let url = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(url) = &url {
            url.ready_to_complete();
        }
    });
    move || view(page.get())
}

/// The current path, as a signal.
pub fn current_path() -> Memo<String> {
    use_location().pathname
}

/// The current fragment (`#verification-email`, or empty), as a signal.
pub fn current_hash() -> Memo<String> {
    use_location().hash
}

/// Goes to a page from code, as a link would: within the bundle through
/// the router, into another bundle by loading it.
#[derive(Clone, Copy)]
pub struct Navigator(StoredValue<Navigate, LocalStorage>);

/// The router's own navigation (`use_navigate`).
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

impl Navigator {
    pub fn go(self, page: Page) {
        if page.bundle() != Bundle::current() {
            let _ = window().location().assign(page.path());
            return;
        }
        // `resolve: false`: the path is already absolute, and the router
        // would otherwise put the bundle's base in front of it.
        let options = NavigateOptions {
            resolve: false,
            ..NavigateOptions::default()
        };
        self.0.with_value(|navigate| navigate(page.path(), options));
    }
}

/// The bundle's [`Navigator`]. It lives as long as the app, so that an
/// answer that arrives after the page that asked is gone can still move
/// on.
pub fn navigator() -> Navigator {
    expect_context::<Navigator>()
}

/// A link to a page, optionally to a `#fragment` on it. Into another
/// bundle it is a full page load ([`Page::rel`]). With `nav`, it carries
/// `aria-current="page"` while its page is shown, which the styles mark
/// and screen readers announce.
#[component]
pub fn PageLink(
    page: Page,
    text: fn(&Texts) -> &'static str,
    #[prop(optional)] fragment: &'static str,
    /// The link's `id`, or empty for none.
    #[prop(optional)]
    id: &'static str,
    /// The link's `class`, or empty for none.
    #[prop(optional)]
    class: &'static str,
    #[prop(optional)] nav: bool,
) -> impl IntoView {
    let href = if fragment.is_empty() {
        page.path().to_owned()
    } else {
        format!("{}#{fragment}", page.path())
    };
    let current = if nav {
        let path = current_path();
        Signal::derive(move || path.with(|p| page.is_current(p).then_some("page")))
    } else {
        Signal::stored(None)
    };
    view! {
        <a
            href=href
            id=(!id.is_empty()).then_some(id)
            class=(!class.is_empty()).then_some(class)
            rel=page.rel()
            aria-current=current
        >
            {tr(text)}
        </a>
    }
}
