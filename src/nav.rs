//! The app's own router: the address as two signals, links that navigate
//! without reloading, and [`go_to`] for code.
//!
//! There are two bundles (see [`crate::App`] and [`crate::AccountApp`]);
//! each owns some paths. A link to a path of the other bundle is left to
//! the browser, which loads that bundle.
//!
//! `leptos_router` cost about 20 KB of compressed wasm here (its matching,
//! nested routes and one `EitherOfN` view type that grows with every route),
//! more than all our pages together. These pages need far less: a flat list
//! of paths, a fragment for help answers and one-time tokens, and the
//! browser's back and forward buttons. See "Size budget" in ARCHITECTURE.md.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Where the app is: the path (`/help`) and the fragment (`#forgot`, or
/// empty). Provided by [`provide_location`].
#[derive(Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    pub hash: RwSignal<String>,
    /// Whether a path is one of this bundle's pages.
    pub owns: fn(&str) -> bool,
}

/// Reads the address, provides it as context, and follows it: clicks on
/// same-origin links to paths this bundle `owns` and the back and forward
/// buttons update it without a reload. The listeners go when the calling
/// owner is cleaned up.
pub fn provide_location(owns: fn(&str) -> bool) -> Location {
    let (path, hash) = current();
    let location = Location {
        path: RwSignal::new(path),
        hash: RwSignal::new(hash),
        owns,
    };
    provide_context(location);

    let popstate = window_event_listener(ev::popstate, move |_| {
        let (path, hash) = current();
        location.set(path, hash);
    });
    let click = window_event_listener(ev::click, move |ev| {
        if let Some(href) = internal_link(&ev).filter(|href| (location.owns)(split(href).0)) {
            ev.prevent_default();
            go_to(location, &href);
        }
    });
    on_cleanup(move || {
        popstate.remove();
        click.remove();
    });
    location
}

pub fn use_location() -> Location {
    expect_context::<Location>()
}

impl Location {
    fn set(self, path: String, hash: String) {
        // Only real changes, so that pages are not rebuilt for nothing.
        if self.path.with_untracked(|p| *p != path) {
            self.path.set(path);
        }
        if self.hash.with_untracked(|h| *h != hash) {
            self.hash.set(hash);
        }
    }
}

/// Goes to `href` (a path, with an optional `#fragment`) as a link would:
/// a new history entry, the page at the top; a page of the other bundle is
/// loaded by the browser. Takes the [`Location`] rather than looking it up,
/// so that it can be called after the page that asked is gone (from an
/// answer that arrived late).
pub fn go_to(location: Location, href: &str) {
    let window = window();
    if !(location.owns)(split(href).0) {
        let _ = window.location().assign(href);
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(href));
    }
    let (path, hash) = split(href);
    location.set(normalise(path), hash.to_owned());
    if hash.is_empty() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The path and fragment the browser is at now.
fn current() -> (String, String) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    (normalise(&path), hash)
}

/// `/register/` is `/register`; the root stays `/`.
pub fn normalise(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Splits `/help#forgot` into `/help` and `#forgot`. A query, which no page
/// of ours reads, is dropped.
pub fn split(href: &str) -> (&str, &str) {
    let (path, hash) = href.find('#').map_or((href, ""), |i| href.split_at(i));
    let path = path.split('?').next().unwrap_or(path);
    (path, hash)
}

/// The `href` of a link this app handles itself: a plain left click (no
/// modifier keys, which open new tabs or windows) on an `<a>` with a path
/// of this origin, no `target` and no `download`.
fn internal_link(ev: &ev::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let anchor = target.closest("a[href]").ok()??;
    if anchor.has_attribute("target") || anchor.has_attribute("download") {
        return None;
    }
    let href = anchor.get_attribute("href")?;
    is_internal(&href).then_some(href)
}

/// A path on this origin: starts with one `/` (`//host` is another site).
pub fn is_internal(href: &str) -> bool {
    href.starts_with('/') && !href.starts_with("//")
}

/// Whether `path` is `prefix` or a page under it, segment by segment.
pub fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether a link to `href` is the current page, for `aria-current`: the
/// root only when at the root, other paths also for the pages under them.
pub fn is_current(href: &str, path: &str) -> bool {
    let (href, _) = split(href);
    if href == "/" {
        return path == "/";
    }
    under(path, href)
}

/// A link that carries `aria-current="page"` while its page is shown,
/// which the styles mark and screen readers announce.
#[component]
pub fn NavLink(
    href: &'static str,
    id: &'static str,
    text: fn(&crate::i18n::Texts) -> &'static str,
) -> impl IntoView {
    let path = use_location().path;
    let current = Signal::derive(move || path.with(|p| is_current(href, p).then_some("page")));
    view! {
        <a href=href id=id aria-current=current>
            {crate::i18n::tr(text)}
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_their_trailing_slash() {
        assert_eq!(normalise("/"), "/");
        assert_eq!(normalise(""), "/");
        assert_eq!(normalise("/register/"), "/register");
        assert_eq!(normalise("/register/check-email"), "/register/check-email");
    }

    #[test]
    fn links_split_into_path_and_fragment() {
        assert_eq!(split("/help#forgot"), ("/help", "#forgot"));
        assert_eq!(split("/verify"), ("/verify", ""));
        assert_eq!(split("/verify?x=1#token=ab"), ("/verify", "#token=ab"));
        assert_eq!(split("/a#b#c"), ("/a", "#b#c"));
    }

    #[test]
    fn only_paths_of_this_origin_are_handled_here() {
        assert!(is_internal("/help"));
        assert!(!is_internal("//evil.example/help"));
        assert!(!is_internal("https://evil.example/"));
        assert!(!is_internal("#main"));
        assert!(!is_internal("mailto:a@b.c"));
    }

    #[test]
    fn a_prefix_covers_whole_segments_only() {
        assert!(under("/account", "/account"));
        assert!(under("/account/sessions", "/account"));
        assert!(!under("/accounts", "/account"));
        assert!(!under("/", "/account"));
    }

    #[test]
    fn the_current_link_matches_whole_segments() {
        assert!(is_current("/", "/"));
        assert!(!is_current("/", "/help"));
        assert!(is_current("/register", "/register"));
        assert!(is_current("/register", "/register/check-email"));
        assert!(!is_current("/register", "/registered"));
        assert!(is_current("/help#forgot", "/help"));
    }
}
