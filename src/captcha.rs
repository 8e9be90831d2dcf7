//! The captcha: a picture from the API, a button for another, and the box
//! for its answer. The login always shows one; registration, a new link,
//! a forgotten password and the Report Form show one once the API asks
//! for it (`captcha_required`).

use crate::api::{self, ClientError};
use crate::form::{Field, FieldState, check_captcha, focus_by_id};
use crate::i18n::{tr, use_texts};
use akun_core::{ApiError, ErrorCode};
use leptos::prelude::*;

/// A captcha challenge from the API (its id and its picture) and the box
/// its answer is typed in.
#[derive(Clone, Copy)]
pub struct Captcha {
    pub id: RwSignal<Option<String>>,
    /// A `data:` URL; `None` while loading or after a failure.
    pub image: RwSignal<Option<String>>,
    pub failed: RwSignal<bool>,
    pub answer: FieldState,
    /// Whether the form shows it: the login always, other forms once the
    /// API asked for it (`captcha_required`).
    pub needed: RwSignal<bool>,
}

impl Captcha {
    pub fn new() -> Self {
        Self {
            id: RwSignal::new(None),
            image: RwSignal::new(None),
            failed: RwSignal::new(false),
            answer: FieldState::new(),
            needed: RwSignal::new(false),
        }
    }

    /// A new picture, its box emptied.
    pub fn renew(self) {
        self.answer.value.set(String::new());
        self.answer.touched.set(false);
        self.load();
    }

    /// The id and the typed answer to send, while the captcha is shown.
    pub fn solved(self) -> (Option<String>, Option<String>) {
        if !self.needed.get_untracked() {
            return (None, None);
        }
        (
            self.id.get_untracked(),
            Some(self.answer.value.with_untracked(|v| v.trim().to_owned())),
        )
    }

    /// For the forms that ask for a captcha only after many requests:
    /// when the API asks for one (or refuses the answer), shows it with a
    /// new picture and says so; `true` when it did.
    pub fn asked_for(self, error: &ClientError, answer_id: &str) -> bool {
        let ClientError::Api(ApiError { code, .. }) = error else {
            return false;
        };
        if !matches!(code, ErrorCode::CaptchaRequired | ErrorCode::CaptchaWrong) {
            return false;
        }
        self.needed.set(true);
        self.renew();
        if *code == ErrorCode::CaptchaWrong {
            self.answer.server.set(Some(*code));
            self.answer.touched.set(true);
        }
        crate::form::focus_by_id(answer_id);
        true
    }

    /// Asks for a new challenge. The id and the picture are set together,
    /// so they always belong to each other.
    pub fn load(self) {
        self.image.set(None);
        self.failed.set(false);
        leptos::task::spawn_local(async move {
            let loaded = api::get("/api/captcha")
                .await
                .ok()
                .and_then(|body| api::read_captcha(&body));
            match loaded {
                Some((id, image)) => {
                    self.id.try_set(Some(id));
                    self.image.try_set(Some(image));
                }
                None => {
                    self.id.try_set(None);
                    self.failed.try_set(true);
                }
            }
        });
    }
}

impl Default for Captcha {
    fn default() -> Self {
        Self::new()
    }
}

/// The ids of a [`CaptchaBox`]'s picture, button and answer box.
pub const CAPTCHA_IDS: [&str; 3] = ["captcha-image", "captcha-refresh", "captcha"];
/// The same, for the resend form, which shares a page with the login.
pub const RESEND_CAPTCHA_IDS: [&str; 3] = [
    "resend-captcha-image",
    "resend-captcha-refresh",
    "resend-captcha",
];

/// The captcha's picture, a button for another one, and the box for its
/// answer, while [`Captcha::needed`] holds.
#[component]
pub fn CaptchaBox(
    captcha: Captcha,
    /// [`CAPTCHA_IDS`] unless given.
    #[prop(optional)]
    ids: Option<[&'static str; 3]>,
) -> impl IntoView {
    let [image_id, refresh_id, answer_id] = ids.unwrap_or(CAPTCHA_IDS);
    let t = use_texts();
    let problem = captcha.answer.problem(check_captcha);
    let picture_state = Signal::derive(move || {
        let t = t.get();
        if captcha.failed.get() {
            Some(t.captcha_failed())
        } else if captcha.image.with(Option::is_none) {
            Some(t.captcha_loading())
        } else {
            None
        }
    });
    view! {
        <div hidden=Signal::derive(move || !captcha.needed.get())>
            <div class="captcha">
                <img
                    id=image_id
                    src=Signal::derive(move || captcha.image.get())
                    alt=tr(|t| t.captcha_alt())
                    width="220"
                    height="90"
                    hidden=Signal::derive(move || captcha.image.with(Option::is_none))
                />
                <p class="captcha-state" role="status">
                    {picture_state}
                </p>
                <button
                    type="button"
                    class="toggle refresh"
                    id=refresh_id
                    aria-controls=image_id
                    on:click=move |_| {
                        captcha.renew();
                        focus_by_id(answer_id);
                    }
                >
                    {tr(|t| t.captcha_refresh())}
                </button>
            </div>
            <Field
                id=answer_id
                label=|t| t.captcha_label()
                hint=|t| t.captcha_hint()
                kind="text"
                autocomplete="off"
                state=captcha.answer
                problem=problem
            />
        </div>
    }
}
