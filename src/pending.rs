//! The address a verification link was last sent to, and when another may
//! be asked for. Kept in an app-level signal and in `sessionStorage`, so
//! that a reload of the check-email page still knows it; never in the
//! address bar, where it would end up in history and server logs.

use crate::wait::now;
use leptos::prelude::*;

/// The `sessionStorage` key for the address.
pub const EMAIL_KEY: &str = "akun.pending_email";
/// The `sessionStorage` key for when another email may be asked for
/// (whole seconds since the Unix epoch).
pub const RESEND_AT_KEY: &str = "akun.resend_at";

#[derive(Clone, Copy)]
pub struct Pending {
    pub email: RwSignal<Option<String>>,
    /// When another email may be asked for, in whole seconds since the
    /// epoch.
    pub resend_at: RwSignal<Option<u32>>,
}

fn session() -> Option<web_sys::Storage> {
    // Fails in some private modes; the page then asks for the address.
    web_sys::window()?.session_storage().ok().flatten()
}

impl Pending {
    /// What this tab remembered, if anything.
    pub fn load() -> Self {
        let storage = session();
        let get = |key| storage.as_ref()?.get_item(key).ok().flatten();
        Self {
            email: RwSignal::new(get(EMAIL_KEY).filter(|email| !email.is_empty())),
            resend_at: RwSignal::new(get(RESEND_AT_KEY).and_then(|at| at.parse().ok())),
        }
    }

    /// A link went to `email`; another may be asked for in `resend_after`
    /// seconds.
    pub fn remember(self, email: String, resend_after: u32) {
        // Whole seconds, rounded up: formatting an `f64` would cost 6 KB,
        // and `u32` is formatted elsewhere already.
        let at = (now() / 1000.0).ceil() as u32 + resend_after;
        if let Some(storage) = session() {
            let _ = storage.set_item(EMAIL_KEY, &email);
            let _ = storage.set_item(RESEND_AT_KEY, &at.to_string());
        }
        self.email.set(Some(email));
        self.resend_at.set(Some(at));
    }

    /// When another email may be asked for, as a deadline for
    /// [`crate::wait::Countdown::start_until`].
    pub fn resend_deadline(self) -> f64 {
        self.resend_at
            .get_untracked()
            .map_or(0.0, |at| f64::from(at) * 1000.0)
    }
}

/// The pending address, provided by [`crate::App`].
pub fn use_pending() -> Pending {
    expect_context::<Pending>()
}
