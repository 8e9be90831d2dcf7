//! Every page of the SPA, declared once: its path, its bundle, and whether
//! search engines may index it.
//!
//! The router ([`crate::router`]), every link ([`crate::router::PageLink`]),
//! every navigation in code ([`crate::router::Navigator`]) and the header's
//! `aria-current` take a [`Page`], never a path written by hand; a test in
//! `xtask` fails when a page path appears as a literal anywhere else.
//!
//! The SPA is split into bundles (ARCHITECTURE, "Size budget"): each is its
//! own wasm with its own router, and the CDN sends each bundle's paths to
//! its own `index.html`. A link into another bundle must be a full page
//! load, so [`Page::rel`] marks it `rel="external"`, which leptos_router
//! leaves to the browser.
//!
//! A page with a parameter (the case status page to come,
//! `/report/status/:case`) gets a variant whose [`Page::path`] is the part
//! before the parameter; [`Page::at`] then matches that path plus one more
//! segment, and the view reads the segment from the location.

use std::sync::atomic::{AtomicU8, Ordering};

/// One compiled bundle of the SPA, with the paths its router owns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// Everything before and around signing in: `index.html` at `/`.
    Public = 0,
    /// The signed-in person's pages: `account.html`, under `/account`.
    Account = 1,
    /// The Report Form and the case status page: `report.html`, under
    /// `/report`. Its camera and photo code would cost every applicant's
    /// first load, and most never need it.
    Report = 2,
}

impl Bundle {
    /// The router's base: the path under which all of the bundle's pages
    /// live. The applicant's bundle has none (its pages share no prefix);
    /// its links into other bundles carry `rel="external"` instead.
    pub const fn base(self) -> &'static str {
        match self {
            Bundle::Public => "",
            Bundle::Account => "/account",
            Bundle::Report => "/report",
        }
    }

    /// The bundle running in this page. Each bundle's app sets it once, as
    /// it starts ([`Bundle::enter`]).
    pub fn current() -> Bundle {
        match CURRENT.load(Ordering::Relaxed) {
            1 => Bundle::Account,
            2 => Bundle::Report,
            _ => Bundle::Public,
        }
    }

    /// Records that this bundle is the one running.
    pub fn enter(self) {
        CURRENT.store(self as u8, Ordering::Relaxed);
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// A page of the SPA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    // The applicant's bundle.
    Home,
    Register,
    CheckEmail,
    Verify,
    Terms,
    Login,
    Code,
    Forgot,
    Reset,
    Help,
    Misuse,
    Security,
    // The account bundle.
    Dashboard,
    Profile,
    Identity,
    Phone,
    Password,
    ChangePhone,
    Payout,
    Sessions,
    // The Report Form's bundle.
    Report,
    /// `/report/status`, or `/report/status/PK-7Q4M-2KXD` from the
    /// emailed link (the key in the fragment).
    CaseStatus,
}

impl Page {
    pub const ALL: [Page; 22] = [
        Page::Home,
        Page::Register,
        Page::CheckEmail,
        Page::Verify,
        Page::Terms,
        Page::Login,
        Page::Code,
        Page::Forgot,
        Page::Reset,
        Page::Help,
        Page::Misuse,
        Page::Security,
        Page::Dashboard,
        Page::Profile,
        Page::Identity,
        Page::Phone,
        Page::Password,
        Page::ChangePhone,
        Page::Payout,
        Page::Sessions,
        Page::Report,
        Page::CaseStatus,
    ];

    /// The page's path, without a trailing slash (the root is `/`).
    pub const fn path(self) -> &'static str {
        match self {
            Page::Home => "/",
            Page::Register => "/register",
            Page::CheckEmail => "/register/check-email",
            Page::Verify => "/verify",
            Page::Terms => "/terms",
            Page::Report => "/report",
            Page::Login => "/login",
            Page::Code => "/login/code",
            Page::Forgot => "/forgot",
            Page::Reset => "/reset",
            Page::Help => "/help",
            Page::Misuse => "/misuse",
            Page::Security => "/security",
            Page::Dashboard => "/account",
            Page::Profile => "/account/profile",
            Page::Identity => "/account/identity",
            Page::Phone => "/account/phone",
            Page::Password => "/account/password",
            Page::ChangePhone => "/account/phone/change",
            Page::Payout => "/account/payout",
            Page::Sessions => "/account/sessions",
            Page::CaseStatus => "/report/status",
        }
    }

    /// The bundle that shows the page.
    pub const fn bundle(self) -> Bundle {
        match self {
            Page::Dashboard
            | Page::Profile
            | Page::Identity
            | Page::Phone
            | Page::Password
            | Page::ChangePhone
            | Page::Payout
            | Page::Sessions => Bundle::Account,
            Page::Report | Page::CaseStatus => Bundle::Report,
            _ => Bundle::Public,
        }
    }

    /// Whether search engines may list the page: the public entry pages
    /// and what helps people find their way. Pages that hold a one-time
    /// token, a half-way login or an account are kept out; `robots.txt`
    /// says the same, and a test holds the two together.
    pub const fn indexed(self) -> bool {
        matches!(
            self,
            Page::Home
                | Page::Register
                | Page::Login
                | Page::Forgot
                | Page::Help
                | Page::Security
                | Page::Misuse
                | Page::Terms
                | Page::Report
        )
    }

    /// The page at `path`, ignoring a trailing slash; `None` when no page
    /// has that path.
    pub fn at(path: &str) -> Option<Page> {
        let trimmed = path.trim_end_matches('/');
        let path = if trimmed.is_empty() { "/" } else { trimmed };
        Page::ALL
            .into_iter()
            .find(|page| page.path() == path)
            .or_else(|| {
                // A page with a parameter: its path and one segment more.
                let (parent, last) = path.rsplit_once('/')?;
                (!last.is_empty())
                    .then(|| {
                        Page::ALL
                            .into_iter()
                            .find(|page| page.takes_param() && page.path() == parent)
                    })
                    .flatten()
            })
    }

    /// Whether the page's path may carry one more segment, its parameter
    /// (read by the page with [`Page::param`]).
    pub const fn takes_param(self) -> bool {
        matches!(self, Page::CaseStatus)
    }

    /// The path of a page that takes a parameter, with it:
    /// `/report/status/PK-7Q4M-2KXD`.
    pub fn with_param(self, param: &str) -> String {
        format!("{}/{param}", self.path())
    }

    /// The segment after a page's path in `path`, for a page that takes
    /// one: `PK-7Q4M-2KXD` in `/report/status/PK-7Q4M-2KXD`.
    pub fn param(self, path: &str) -> Option<&str> {
        let rest = path.strip_prefix(self.path())?.strip_prefix('/')?;
        let rest = rest.trim_end_matches('/');
        (self.takes_param() && !rest.is_empty() && !rest.contains('/')).then_some(rest)
    }

    /// `Some("external")` for a link into another bundle than the one
    /// running, so that the router leaves it to the browser, which loads
    /// that bundle.
    pub fn rel(self) -> Option<&'static str> {
        (self.bundle() != Bundle::current()).then_some("external")
    }

    /// Whether a link to this page is the current page, for
    /// `aria-current`: the home page only at `/`, other pages also for the
    /// pages under them (Register stays marked on "check your email").
    pub fn is_current(self, path: &str) -> bool {
        match self {
            Page::Home => path == "/",
            _ => path
                .strip_prefix(self.path())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/')),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_found_at_its_own_path() {
        for page in Page::ALL {
            assert_eq!(Page::at(page.path()), Some(page), "{page:?}");
            assert_eq!(Page::at(&format!("{}/", page.path())), Some(page));
        }
    }

    #[test]
    fn paths_are_unique_and_unknown_paths_have_no_page() {
        for (i, a) in Page::ALL.iter().enumerate() {
            for b in &Page::ALL[i + 1..] {
                assert_ne!(a.path(), b.path());
            }
        }
        assert_eq!(Page::at("/nope"), None);
        assert_eq!(Page::at("/register/nope"), None);
        assert_eq!(Page::at("/accounts"), None);
        assert_eq!(Page::at(""), Some(Page::Home));
        assert_eq!(Page::at("/reports"), None);
    }

    #[test]
    fn a_page_with_a_parameter_takes_exactly_one_more_segment() {
        let path = "/report/status/PK-7Q4M-2KXD";
        assert_eq!(Page::at(path), Some(Page::CaseStatus));
        assert_eq!(
            Page::at("/report/status/PK-7Q4M-2KXD/"),
            Some(Page::CaseStatus)
        );
        assert_eq!(Page::CaseStatus.param(path), Some("PK-7Q4M-2KXD"));
        assert_eq!(Page::CaseStatus.param("/report/status"), None);
        assert_eq!(Page::at("/report/status/a/b"), None);
        assert_eq!(Page::CaseStatus.param("/report/status/a/b"), None);
        // Other pages take none.
        assert_eq!(Page::at("/report/x"), None);
        assert_eq!(Page::at("/help/x"), None);
        assert_eq!(Page::Help.param("/help/x"), None);
    }

    #[test]
    fn each_page_lives_under_its_bundles_base() {
        for page in Page::ALL {
            let base = page.bundle().base();
            assert!(
                page.path().starts_with(base),
                "{page:?} is outside {base:?}"
            );
            if page.bundle() == Bundle::Public {
                assert!(!Page::Dashboard.is_current(page.path()));
            }
        }
    }

    #[test]
    fn the_current_link_matches_whole_segments() {
        assert!(Page::Home.is_current("/"));
        assert!(!Page::Home.is_current("/help"));
        assert!(Page::Register.is_current("/register"));
        assert!(Page::Register.is_current("/register/check-email"));
        assert!(!Page::Register.is_current("/registered"));
        assert!(Page::Dashboard.is_current("/account/sessions"));
        assert!(!Page::Dashboard.is_current("/accounts"));
    }

    #[test]
    fn links_into_another_bundle_are_full_loads() {
        Bundle::Public.enter();
        assert_eq!(Page::Dashboard.rel(), Some("external"));
        assert_eq!(Page::Login.rel(), None);
        assert_eq!(Page::Report.rel(), Some("external"));
        Bundle::Account.enter();
        assert_eq!(Page::Dashboard.rel(), None);
        assert_eq!(Page::Login.rel(), Some("external"));
        Bundle::Report.enter();
        assert_eq!(Page::CaseStatus.rel(), None);
        assert_eq!(Page::Dashboard.rel(), Some("external"));
        Bundle::Public.enter();
    }

    /// Whether `robots.txt` lets crawlers fetch `path`: the longest
    /// matching rule decides, `Allow` on a tie (as search engines read it).
    fn robots_allow(robots: &str, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for line in robots.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            let (allow, rule) = if let Some(rule) = line.strip_prefix("Allow:") {
                (true, rule.trim())
            } else if let Some(rule) = line.strip_prefix("Disallow:") {
                (false, rule.trim())
            } else {
                continue;
            };
            if rule.is_empty() || !path.starts_with(rule) {
                continue;
            }
            let better = match best {
                None => true,
                Some((len, was)) => rule.len() > len || (rule.len() == len && allow && !was),
            };
            if better {
                best = Some((rule.len(), allow));
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }

    #[test]
    fn robots_txt_lets_crawlers_reach_exactly_the_indexed_pages() {
        let robots = include_str!("../public/robots.txt");
        for page in Page::ALL {
            assert_eq!(
                robots_allow(robots, page.path()),
                page.indexed(),
                "{page:?} at {}",
                page.path()
            );
        }
        assert!(!robots_allow(robots, "/api/me"));
        assert!(!robots_allow(robots, "/verify#token=x"));
    }
}
