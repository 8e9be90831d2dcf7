//! The frame around every page: skip link, header with the language switch,
//! navigation, the `<main>` landmark and the footer; and [`PageTitle`], which
//! each page uses for its one `<h1>`.

use crate::i18n::{Texts, available, load_english, other, store_lang, texts, tr, use_lang};
use crate::pages::Page;
use crate::router::{PageLink, current_hash};
use leptos::html;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// `true` until the first page has put its title up. The first page of a
/// visit does not take focus: the screen reader reads it from the top
/// anyway. Every later page does, so that its title is announced.
#[derive(Clone, Copy)]
pub struct FirstPage(pub StoredValue<bool>);

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let account = crate::account::use_account();
    // English is fetched the first time it is chosen; meanwhile the
    // switch says it is busy, and a failure says so in the page's
    // language.
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let switch = move |_| {
        let next = other(lang.get_untracked());
        if available(next) {
            lang.set(next);
            store_lang(next);
            return;
        }
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        failed.set(false);
        leptos::task::spawn_local(async move {
            let loaded = load_english().await;
            loading.try_set(false);
            failed.try_set(!loaded);
            if loaded {
                lang.try_set(next);
                store_lang(next);
            }
        });
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {tr(|t| t.skip_link())}
        </a>
        <header class="top">
            <div class="wrap bar">
                <span class="brand">{tr(|t| t.brand())}</span>
                <button
                    id="lang-switch"
                    type="button"
                    class="lang-switch"
                    aria-label=tr(|t| t.lang_switch_label())
                    aria-busy=crate::form::aria_true(move || loading.get())
                    on:click=switch
                >
                    <span lang=move || other(lang.get()).code()>
                        {tr(|t| t.lang_switch_text())}
                    </span>
                </button>
            </div>
            <nav class="wrap" aria-label=tr(|t| t.nav_label())>
                <ul class="nav">
                    <li>
                        <PageLink page=Page::Home id="nav-home" text=|t| t.nav_home() nav=true />
                    </li>
                    {move || {
                        if account.signed_in.get() {
                            view! {
                                <li>
                                    <PageLink
                                        page=Page::Dashboard
                                        id="nav-account"
                                        text=|t| t.nav_account()
                                        nav=true
                                    />
                                </li>
                            }
                                .into_any()
                        } else {
                            view! {
                                <li>
                                    <PageLink
                                        page=Page::Register
                                        id="nav-register"
                                        text=|t| t.nav_register()
                                        nav=true
                                    />
                                </li>
                                <li>
                                    <PageLink page=Page::Login id="nav-login" text=|t| t.nav_login() nav=true />
                                </li>
                            }
                                .into_any()
                        }
                    }}
                    <li>
                        <PageLink page=Page::Help id="nav-help" text=|t| t.nav_help() nav=true />
                    </li>
                    <li>
                        <PageLink
                            page=Page::Security
                            id="nav-security"
                            text=|t| t.nav_security()
                            nav=true
                        />
                    </li>
                </ul>
            </nav>
        </header>
        <p class="wrap alert" id="lang-failed" role="alert" hidden=Signal::derive(move || !failed.get())>
            {tr(|t| t.lang_switch_failed())}
        </p>
    }
}

/// The skip link moves focus into the landmark rather than only scrolling
/// to it, and keeps `#main` out of the address.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    crate::form::focus_by_id("main");
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="wrap foot">
            <p>
                {tr(|t| t.footer_warning())} " "
                <PageLink page=Page::Security text=|t| t.footer_security_link() />
            </p>
        </footer>
    }
}

/// A link in a [`LinkList`].
pub struct Link {
    pub page: Page,
    /// A `#fragment` on the page, without the `#`, or empty.
    pub fragment: &'static str,
    pub text: fn(&Texts) -> &'static str,
    pub id: &'static str,
}

impl Link {
    pub const fn to(page: Page, text: fn(&Texts) -> &'static str) -> Self {
        Self {
            page,
            fragment: "",
            text,
            id: "",
        }
    }

    pub const fn id(mut self, id: &'static str) -> Self {
        self.id = id;
        self
    }

    pub const fn at(mut self, fragment: &'static str) -> Self {
        self.fragment = fragment;
        self
    }
}

/// The list of further links under a page's content, built from data: one
/// view type for every such list, where each hand-written list would be a
/// type, and code, of its own.
#[component]
pub fn LinkList(links: &'static [Link]) -> impl IntoView {
    let items = links
        .iter()
        .map(|link| {
            view! {
                <li>
                    <PageLink page=link.page fragment=link.fragment id=link.id text=link.text />
                </li>
            }
        })
        .collect_view();
    view! { <ul class="links">{items}</ul> }
}

/// The page's one `<h1>`. It sets the document title, and after a
/// navigation it takes focus (it has `tabindex="-1"`) so that screen readers
/// announce the new page. When the address names a fragment such as
/// `/help#verification-email` and that element is a `<details>`, the
/// question is opened and its `<summary>` takes focus instead.
#[component]
pub fn PageTitle(text: fn(&Texts) -> &'static str) -> impl IntoView {
    let lang = use_lang();
    let heading = NodeRef::<html::H1>::new();
    let first_page = use_context::<FirstPage>();
    let hash = current_hash();

    Effect::new(move |_| {
        let Some(heading) = heading.get() else {
            return;
        };
        let hash = hash.get();
        let first = first_page.is_some_and(|f| f.0.try_update_value(std::mem::take) == Some(true));
        let attached = heading.is_connected();
        let settle_focus = move || {
            if !open_fragment(&hash) && !first {
                let _ = heading.focus();
            }
        };
        // After a navigation the router builds the new page before it
        // attaches it; focus and look-ups by id need it in the document.
        if attached {
            settle_focus();
        } else {
            set_timeout(settle_focus, Duration::ZERO);
        }
    });

    Effect::new(move |_| {
        let page = texts(lang.get());
        document().set_title(&format!("{} · {}", text(page), page.brand()));
    });

    view! {
        <h1 tabindex="-1" node_ref=heading>
            {tr(text)}
        </h1>
    }
}

/// Opens the `<details>` named by `hash` and focuses its summary. Returns
/// whether there was such an element.
fn open_fragment(hash: &str) -> bool {
    let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return false;
    };
    let Some(target) = document().get_element_by_id(id) else {
        return false;
    };
    if target.tag_name().eq_ignore_ascii_case("details") {
        let _ = target.set_attribute("open", "");
    }
    let focusable = target
        .query_selector("summary")
        .ok()
        .flatten()
        .and_then(|summary| summary.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(summary) = focusable {
        let _ = summary.focus();
    }
    target.scroll_into_view();
    true
}

/// What search engines read about a page: its description, and whether
/// it may be listed at all ([`Page::indexed`]). Follows the page and the
/// language.
pub fn describe_to_search_engines(page: Memo<Option<Page>>, describe: Describe) {
    let lang = use_lang();
    Effect::new(move |_| {
        let page = page.get();
        set_meta("description", describe(page, texts(lang.get())));
        let indexed = page.is_some_and(Page::indexed);
        set_meta("robots", if indexed { "index, follow" } else { "noindex" });
    });
}

/// A bundle's descriptions of its pages for search engines; each bundle
/// has its own, so that it carries only its own pages' texts.
pub type Describe = fn(Option<Page>, &'static Texts) -> &'static str;

/// Sets `<meta name=... content=...>` in the document's head, adding it
/// when missing.
fn set_meta(name: &str, content: &str) {
    let document = document();
    let existing = document
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()
        .flatten();
    let meta = match existing {
        Some(meta) => meta,
        None => {
            let Ok(meta) = document.create_element("meta") else {
                return;
            };
            let _ = meta.set_attribute("name", name);
            if let Some(head) = document.query_selector("head").ok().flatten() {
                let _ = head.append_child(&meta);
            }
            meta
        }
    };
    let _ = meta.set_attribute("content", content);
}

/// What a blocked person reads: why, whether it is final, and the Report
/// Form to appeal. On the login page, after the right password or after a
/// signed-in page was refused.
#[component]
pub fn BlockedNotice(blocked: akun_core::Blocked) -> impl IntoView {
    let lang = use_lang();
    let reason = akun_core::BlockReason::ALL
        .iter()
        .position(|r| *r == blocked.reason)
        .unwrap_or(0);
    let finality: fn(&Texts) -> &'static str = if blocked.is_final {
        |t| t.blocked_final()
    } else {
        |t| t.blocked_not_final()
    };
    view! {
        <section class="banner alert" id="blocked" role="alert" tabindex="-1">
            <h2>{tr(|t| t.blocked_title())}</h2>
            <p>
                <strong>{tr(|t| t.blocked_reason())}</strong>
                " "
                <span id="blocked-reason">{move || texts(lang.get()).block_reasons()[reason]}</span>
            </p>
            <p id="blocked-finality">{tr(finality)}</p>
            <p>{tr(|t| t.blocked_appeal())}</p>
            <p>
                <PageLink page=Page::Report id="blocked-appeal" text=|t| t.blocked_appeal_link() />
            </p>
        </section>
    }
}
