//! What the app knows about the person's own session, across both bundles
//! (see [`crate::App`] and [`crate::AccountApp`]): whether they are signed
//! in, and a note for the next page, such as "you have logged out".
//!
//! The session cookie is `HttpOnly`, so only the API's answers tell whether
//! there is a session. The account pages remember the last answer in
//! `localStorage` (a hint for the header, never a credential), and a note
//! travels in `sessionStorage` because the next page may be in the other
//! bundle, after a full load.

use crate::i18n::Texts;
use akun_core::{BlockReason, Blocked};
use leptos::prelude::*;

/// A text picked from the current language's table.
pub type Text = fn(&Texts) -> &'static str;

/// The `localStorage` key of the signed-in hint.
pub const SIGNED_IN_KEY: &str = "akun.signed_in";
/// The `sessionStorage` key of the note for the next page.
pub const NOTE_KEY: &str = "akun.note";

#[derive(Clone, Copy)]
pub struct Account {
    /// The header offers "My account" instead of Register and Log in while
    /// it holds.
    pub signed_in: RwSignal<bool>,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

impl Account {
    /// What the last answer from the API said.
    pub fn load() -> Self {
        let hint = local().and_then(|s| s.get_item(SIGNED_IN_KEY).ok().flatten());
        Self {
            signed_in: RwSignal::new(hint.as_deref() == Some("1")),
        }
    }

    /// Records what the API just said.
    pub fn set_signed_in(self, yes: bool) {
        if let Some(storage) = local() {
            let _ = if yes {
                storage.set_item(SIGNED_IN_KEY, "1")
            } else {
                storage.remove_item(SIGNED_IN_KEY)
            };
        }
        self.signed_in.try_set(yes);
    }
}

pub fn use_account() -> Account {
    expect_context::<Account>()
}

/// A note for the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    SignedOut,
    SessionEnded,
    /// The account was blocked: the login page says why.
    Blocked(Blocked),
}

impl Note {
    fn key(self) -> String {
        match self {
            Note::SignedOut => "signed_out".to_owned(),
            Note::SessionEnded => "session_ended".to_owned(),
            Note::Blocked(b) => format!("blocked:{}:{}", b.reason.as_str(), u8::from(b.is_final)),
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "signed_out" => Some(Note::SignedOut),
            "session_ended" => Some(Note::SessionEnded),
            _ => {
                let mut parts = key.strip_prefix("blocked:")?.split(':');
                let reason = BlockReason::from_wire(parts.next()?)?;
                let is_final = parts.next()? == "1";
                Some(Note::Blocked(Blocked { reason, is_final }))
            }
        }
    }

    /// What the note says in a sentence; a block is shown by
    /// [`crate::layout::BlockedNotice`] instead.
    pub fn text(self) -> Option<Text> {
        match self {
            Note::SignedOut => Some(|t| t.login_signed_out()),
            Note::SessionEnded => Some(|t| t.login_session_ended()),
            Note::Blocked(_) => None,
        }
    }

    /// Leaves the note for the next page to show.
    pub fn leave(self) {
        if let Some(storage) = session() {
            let _ = storage.set_item(NOTE_KEY, &self.key());
        }
    }

    /// The note left for this page, taken so that it shows only once.
    pub fn take() -> Option<Self> {
        let storage = session()?;
        let key = storage.get_item(NOTE_KEY).ok().flatten()?;
        let _ = storage.remove_item(NOTE_KEY);
        Note::from_key(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_survive_their_trip_through_storage() {
        let blocked = |reason, is_final| Note::Blocked(Blocked { reason, is_final });
        for note in [
            Note::SignedOut,
            Note::SessionEnded,
            blocked(BlockReason::Fraud, false),
            blocked(BlockReason::TermsViolation, true),
        ] {
            assert_eq!(Note::from_key(&note.key()), Some(note));
        }
        assert_eq!(Note::from_key("something_else"), None);
        assert_eq!(Note::from_key("blocked:nonsense:1"), None);
    }
}
