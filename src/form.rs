//! What every form shares: a field whose rule is shown before typing and
//! whose error appears next to it, and sending that waits calmly and retries
//! by itself while the service is overloaded.

use crate::api::{self, ClientError};
use crate::i18n::{Texts, tr, use_texts, with_number};
use akun_core::api::Lang;
use akun_core::{ApiError, Email, ErrorCode, Password};
use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// What is wrong with a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A rule from `akun-core`, or a field error from the API.
    Code(ErrorCode),
    /// The repeated password differs: only the browser can know that.
    PasswordMismatch,
    /// The login form's password is empty.
    PasswordEmpty,
}

impl Problem {
    pub fn text(self, t: &Texts) -> &'static str {
        match self {
            Problem::Code(code) => t.error(code),
            Problem::PasswordMismatch => t.err_password_mismatch,
            Problem::PasswordEmpty => t.err_password_empty,
        }
    }
}

pub fn check_email(value: &str) -> Option<Problem> {
    Email::parse(value).err().map(Problem::Code)
}

/// The address as the API stores it (trimmed, lower case), or as typed when
/// it does not parse.
pub fn normalised_email(value: &str) -> String {
    Email::parse(value).map_or_else(|_| value.trim().to_owned(), String::from)
}

pub fn check_new_password(value: &str) -> Option<Problem> {
    Password::parse(value).err().map(Problem::Code)
}

/// The login form only asks for a password. A password being checked must
/// not go through `Password::parse`: it met the rules of its day, and
/// "too common" would both lock its owner out and tell an attacker
/// something. The API decides whether it is right.
pub fn check_current_password(value: &str) -> Option<Problem> {
    value.is_empty().then_some(Problem::PasswordEmpty)
}

pub fn check_repeat(password: &str, repeat: &str) -> Option<Problem> {
    (password != repeat).then_some(Problem::PasswordMismatch)
}

/// The state of one input.
#[derive(Clone, Copy)]
pub struct FieldState {
    pub value: RwSignal<String>,
    /// Set on the first blur and on submit. Errors show only from then on,
    /// so nobody is scolded while still typing for the first time; after
    /// that they follow every keystroke.
    pub touched: RwSignal<bool>,
    /// An error the API reported for this field; the next edit clears it.
    pub server: RwSignal<Option<ErrorCode>>,
}

impl FieldState {
    pub fn new() -> Self {
        Self {
            value: RwSignal::new(String::new()),
            touched: RwSignal::new(false),
            server: RwSignal::new(None),
        }
    }

    /// The problem to show now, derived from the value and `check`.
    pub fn problem(
        self,
        check: impl Fn(&str) -> Option<Problem> + Send + Sync + 'static,
    ) -> Signal<Option<Problem>> {
        Signal::derive(move || {
            if !self.touched.get() {
                return None;
            }
            if let Some(code) = self.server.get() {
                return Some(Problem::Code(code));
            }
            self.value.with(|value| check(value))
        })
    }
}

impl Default for FieldState {
    fn default() -> Self {
        Self::new()
    }
}

/// A labelled input with its rule (hint) above it and its error below it,
/// both tied to the input with `aria-describedby`.
#[component]
pub fn Field(
    /// The input's `id` and `name`; the hint and error ids derive from it.
    id: &'static str,
    label: fn(&Texts) -> &'static str,
    hint: fn(&Texts) -> &'static str,
    /// The input `type`; a signal so that a password can be shown.
    #[prop(into)]
    kind: Signal<&'static str>,
    autocomplete: &'static str,
    state: FieldState,
    problem: Signal<Option<Problem>>,
    /// Shown between the input and its error, such as a show-password button.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let t = use_texts();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let ids = format!("{hint_id} {error_id}");
        let hint_id = hint_id.clone();
        move || {
            if problem.get().is_some() {
                ids.clone()
            } else {
                hint_id.clone()
            }
        }
    };
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <p class="hint" id=hint_id>
                {tr(hint)}
            </p>
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                autocapitalize="none"
                spellcheck="false"
                required
                aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                prop:value=move || state.value.get()
                on:input=move |ev| {
                    state.value.set(event_target_value(&ev));
                    state.server.set(None);
                }
                on:blur=move |_| state.touched.set(true)
            />
            {children.map(|children| children())}
            {move || {
                problem
                    .get()
                    .map(|problem| {
                        view! {
                            <p class="error" id=error_id.clone()>
                                <strong>{tr(|t| t.field_error_prefix)}</strong>
                                " "
                                {move || problem.text(t.get())}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A button that shows or hides the password fields it controls.
#[component]
pub fn ShowPassword(show: RwSignal<bool>, controls: &'static str) -> impl IntoView {
    view! {
        <button
            type="button"
            class="toggle"
            aria-controls=controls
            aria-pressed=move || if show.get() { "true" } else { "false" }
            on:click=move |_| show.update(|show| *show = !*show)
        >
            {tr(|t| t.password_show)}
        </button>
    }
}

/// The input type for a password field that may be shown.
pub fn password_kind(show: RwSignal<bool>) -> Signal<&'static str> {
    Signal::derive(move || if show.get() { "text" } else { "password" })
}

/// Marks every field touched, so that all errors show, and moves focus to
/// the first field with a problem. Returns whether all fields are valid.
pub fn validate_all(fields: &[(&str, FieldState, Signal<Option<Problem>>)]) -> bool {
    for (_, state, _) in fields {
        state.touched.set(true);
    }
    // Reading right after the write is fine: derived signals are plain
    // closures, computed on each read.
    let first_bad = fields
        .iter()
        .find(|(_, _, problem)| problem.get_untracked().is_some());
    if let Some((id, _, _)) = first_bad {
        focus_by_id(id);
        return false;
    }
    true
}

/// Shows API errors about a field next to that field. Returns whether the
/// error was placed there, in which case the form need not repeat it.
pub fn place_field_error(error: &ClientError, fields: &[(&str, FieldState)]) -> bool {
    let ClientError::Api(ApiError {
        code,
        field: Some(field),
        ..
    }) = error
    else {
        return false;
    };
    match fields.iter().find(|(name, _)| name == field) {
        Some((_, state)) => {
            state.server.set(Some(*code));
            state.touched.set(true);
            true
        }
        None => false,
    }
}

pub fn focus_by_id(id: &str) {
    let element = document().get_element_by_id(id);
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// How many times a request is tried while the service answers `busy`.
const MAX_ATTEMPTS: u32 = 5;

/// The body of `POST /api/register` and `POST /api/login`. One type for
/// both, so the encoder is compiled once. `lang` is the language of the
/// email that follows (verification link or one-time code).
#[derive(Debug, Clone, Serialize)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    pub lang: Lang,
}

/// What a submission came to: `Ok`, or the error and whether it was shown
/// at a field (then the form need not repeat it).
pub type Outcome = Result<(), (ClientError, bool)>;

/// A form's submission: whether it is under way, and what came of it.
///
/// Not a Leptos `Action`: that costs 3.4 KB of compressed wasm (measured)
/// for nothing these forms need.
#[derive(Clone, Copy)]
pub struct Submission {
    pub pending: RwSignal<bool>,
    /// While the service is overloaded: seconds until the next try.
    pub waiting: RwSignal<Option<u32>>,
    pub outcome: RwSignal<Option<Outcome>>,
    path: &'static str,
    fields: (FieldState, FieldState),
}

impl Submission {
    /// The submission behind the register and login forms, which post the
    /// credentials to `path`.
    pub fn new(path: &'static str, email: FieldState, password: FieldState) -> Self {
        Self {
            pending: RwSignal::new(false),
            waiting: RwSignal::new(None),
            outcome: RwSignal::new(None),
            path,
            fields: (email, password),
        }
    }

    /// Sends, waiting out overload (see [`post_patiently`]), and puts an
    /// API error about a field next to that field.
    pub fn dispatch(self, body: Credentials) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            let result = post_patiently(self.path, &body, self.waiting).await;
            let (email, password) = self.fields;
            let outcome = result.map_err(|error| {
                let at_field =
                    place_field_error(&error, &[("email", email), ("password", password)]);
                (error, at_field)
            });
            self.outcome.set(Some(outcome));
            self.pending.set(false);
        });
    }
}

/// Posts `body`, and while the API answers `busy` (503), waits the
/// `retry_after` it asks for, with `waiting` set so the form can say so, and
/// tries again. What the person typed stays in the form throughout.
pub async fn post_patiently<Req: Serialize>(
    path: &str,
    body: &Req,
    waiting: RwSignal<Option<u32>>,
) -> Result<(), ClientError> {
    let mut attempt = 1;
    loop {
        match api::post_ok(path, body).await {
            Err(ClientError::Api(ApiError {
                code: ErrorCode::Busy,
                retry_after,
                ..
            })) if attempt < MAX_ATTEMPTS => {
                let seconds = retry_delay(retry_after, attempt);
                waiting.set(Some(seconds));
                sleep(seconds * 1000).await;
                waiting.set(None);
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// The server's wish, bounded; without one, 2, 4, 8... seconds.
pub fn retry_delay(retry_after: Option<u32>, attempt: u32) -> u32 {
    retry_after.unwrap_or(1 << attempt.min(5)).clamp(1, 60)
}

async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().and_then(|window| {
            let ms = i32::try_from(ms).unwrap_or(i32::MAX);
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .ok()
        });
        if scheduled.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The state of a submission under the form: while sending, a calm
/// status; after it, the success text or the error, translated.
#[component]
pub fn FormStatus(submission: Submission, done_text: fn(&Texts) -> &'static str) -> impl IntoView {
    let t = use_texts();
    let Submission {
        pending,
        outcome,
        waiting,
        ..
    } = submission;
    let status = move || {
        let t = t.get();
        if let Some(seconds) = waiting.get() {
            Some(with_number(t.err_busy_retrying, seconds))
        } else if pending.get() {
            Some(t.sending.to_string())
        } else if matches!(outcome.get(), Some(Ok(()))) {
            Some(done_text(t).to_string())
        } else {
            None
        }
    };
    let message = move || match outcome.get() {
        Some(Err((ClientError::Api(error), false))) => Some(t.get().error(error.code)),
        Some(Err((ClientError::Network, _))) => Some(t.get().err_network),
        _ => None,
    };
    // Both regions stay in the document so that screen readers announce
    // what is put into them.
    view! {
        <div class="status" role="status" aria-live="polite">
            {move || status().map(|text| view! { <p class="notice">{text}</p> })}
        </div>
        <div class="alert-region" role="alert">
            {move || {
                message()
                    .map(|text| {
                        view! {
                            <p class="alert">
                                <strong>{tr(|t| t.form_error_prefix)}</strong>
                                " "
                                {text}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_password_must_match_exactly() {
        assert_eq!(check_repeat("kata sandi", "kata sandi"), None);
        assert_eq!(
            check_repeat("kata sandi", "Kata sandi"),
            Some(Problem::PasswordMismatch)
        );
        assert_eq!(
            check_repeat("kata sandi", ""),
            Some(Problem::PasswordMismatch)
        );
    }

    #[test]
    fn login_asks_only_for_some_password() {
        assert_eq!(check_current_password(""), Some(Problem::PasswordEmpty));
        assert_eq!(check_current_password("short"), None);
        assert_eq!(check_current_password("password"), None);
        assert_eq!(
            check_new_password("password"),
            Some(Problem::Code(ErrorCode::PasswordTooCommon))
        );
        assert_eq!(
            check_new_password("1234567"),
            Some(Problem::Code(ErrorCode::PasswordTooShort))
        );
    }

    #[test]
    fn email_check_uses_the_shared_validator() {
        assert_eq!(check_email("nama@contoh.com"), None);
        assert!(check_email("bukan-email").is_some());
        assert_eq!(check_email(""), Some(Problem::Code(ErrorCode::EmailEmpty)));
    }

    #[test]
    fn retry_waits_what_the_server_asks_within_bounds() {
        assert_eq!(retry_delay(Some(7), 1), 7);
        assert_eq!(retry_delay(Some(0), 1), 1);
        assert_eq!(retry_delay(Some(3600), 1), 60);
        assert_eq!(retry_delay(None, 1), 2);
        assert_eq!(retry_delay(None, 3), 8);
        assert_eq!(retry_delay(None, 30), 32);
    }

    #[test]
    fn problems_read_in_both_languages() {
        use crate::i18n::{EN, ID};
        assert_eq!(
            Problem::PasswordMismatch.text(&ID),
            ID.err_password_mismatch
        );
        assert_eq!(
            Problem::Code(ErrorCode::EmailInvalid).text(&EN),
            EN.err_email_invalid
        );
    }
}
