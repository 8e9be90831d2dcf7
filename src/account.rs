//! What the app knows about the person's own session: whether they are
//! signed in (the cookie is `HttpOnly`, so only answers from the API tell),
//! and a note for the next page, such as "you have logged out".

use crate::i18n::Texts;
use leptos::prelude::*;

/// A text picked from the current language's table.
pub type Text = fn(&Texts) -> &'static str;

#[derive(Clone, Copy)]
pub struct Account {
    /// Set by the account pages from the API's answers, and by login and
    /// logout. The header offers "My account" instead of Register and Log
    /// in while it holds.
    pub signed_in: RwSignal<bool>,
    /// Shown once, by the next page that looks for it.
    pub flash: RwSignal<Option<Text>>,
}

impl Account {
    pub fn new() -> Self {
        Self {
            signed_in: RwSignal::new(false),
            flash: RwSignal::new(None),
        }
    }

    /// The note left for this page, taken so that it shows only once.
    pub fn take_flash(self) -> Option<Text> {
        let note = self.flash.get_untracked();
        if note.is_some() {
            self.flash.set(None);
        }
        note
    }
}

impl Default for Account {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_account() -> Account {
    expect_context::<Account>()
}
