//! What every form shares: a field whose rule is shown before typing and
//! whose error appears next to it, and sending that waits calmly and retries
//! by itself while the service is overloaded.

use crate::api::{self, Body, ClientError};
use crate::i18n::{ErrorText, Texts, tr, use_texts};
use crate::pages::Page;
use crate::router::PageLink;
use crate::wait::{Countdown, Ticking};
use akun_core::validate::{Strength, strength};
use akun_core::{ApiError, Email, ErrorCode, Password};
use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::JsCast;

/// What is wrong with a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A rule from `akun-core`, or a field error from the API.
    Code(ErrorCode),
    /// The repeated password differs: only the browser can know that.
    PasswordMismatch,
    /// The login form's password is empty.
    PasswordEmpty,
    /// The captcha's box is empty.
    CaptchaEmpty,
    /// Fewer than six digits of a one-time code.
    CodeIncomplete,
    /// A BNI account number is 10 digits.
    BniNumber,
    /// The account holder's name is empty.
    HolderEmpty,
}

impl Problem {
    pub fn text(self, t: &Texts) -> &'static str {
        match self {
            Problem::Code(code) => t.error(code),
            Problem::PasswordMismatch => t.err_password_mismatch(),
            Problem::PasswordEmpty => t.err_password_empty(),
            Problem::CaptchaEmpty => t.err_captcha_empty(),
            Problem::CodeIncomplete => t.err_code_incomplete(),
            Problem::BniNumber => t.err_bni_number(),
            Problem::HolderEmpty => t.err_holder_empty(),
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

/// The captcha's answer is checked by the API only; here it must not be
/// empty.
pub fn check_captcha(value: &str) -> Option<Problem> {
    value.trim().is_empty().then_some(Problem::CaptchaEmpty)
}

pub fn check_repeat(password: &str, repeat: &str) -> Option<Problem> {
    (password != repeat).then_some(Problem::PasswordMismatch)
}

/// A box to tick holds [`TICKED`] or nothing, so that it is a
/// [`FieldState`] like any other field.
pub fn check_terms(value: &str) -> Option<Problem> {
    value
        .is_empty()
        .then_some(Problem::Code(ErrorCode::TermsNotAccepted))
}

/// The value of a ticked box.
pub const TICKED: &str = "yes";

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
    /// Digits only: phones show their number pad.
    #[prop(optional)]
    numeric: bool,
    /// Shown between the input and its error, such as a show-password button.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
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
                inputmode=numeric.then_some("numeric")
                autocapitalize="none"
                spellcheck="false"
                required
                aria-invalid=aria_bool(move || problem.get().is_some())
                aria-describedby=described_by
                prop:value=move || state.value.get()
                on:input=move |ev| {
                    state.value.set(event_target_value(&ev));
                    state.server.set(None);
                }
                on:blur=move |_| state.touched.set(true)
            />
            {children.map(|children| children())}
            <FieldError id=error_id problem=problem />
        </div>
    }
}

/// A field's error, when it has one, under the field.
#[component]
fn FieldError(id: String, problem: Signal<Option<Problem>>) -> impl IntoView {
    let t = use_texts();
    move || {
        problem.get().map(|problem| {
            view! {
                <p class="error" id=id.clone()>
                    <strong>{tr(|t| t.field_error_prefix())}</strong>
                    " "
                    {move || problem.text(t.get())}
                </p>
            }
        })
    }
}

/// A box to tick, its label after it, and its error tied to it with
/// `aria-describedby` like a [`Field`]'s. The label states the rule, so
/// there is no separate hint. The error shows once the box was changed or
/// the form submitted, not when focus merely passes by.
///
/// The label is text, a link, text (`label`'s three parts) rather than
/// children: children would cost a type-erased view of their own.
#[component]
pub fn Checkbox(
    /// The input's `id` and `name`; the error's id is `{id}-error`.
    id: &'static str,
    state: FieldState,
    problem: Signal<Option<Problem>>,
    /// The label: text, the link's text, text.
    label: [fn(&Texts) -> &'static str; 3],
    /// Where the label's link goes, and the link's id.
    page: Page,
    link_id: &'static str,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        Signal::derive(move || problem.get().map(|_| error_id.clone()))
    };
    view! {
        <div class="field check">
            <input
                type="checkbox"
                id=id
                name=id
                required
                aria-invalid=aria_bool(move || problem.get().is_some())
                aria-describedby=described_by
                // Only the value it starts with (from the draft): after
                // that the box holds its own state.
                checked=state.value.with_untracked(|v| !v.is_empty())
                on:change=move |ev| {
                    let ticked = event_target_checked(&ev);
                    state.value.set(if ticked { TICKED } else { "" }.to_owned());
                    state.server.set(None);
                    state.touched.set(true);
                }
            />
            <label for=id>
                {tr(label[0])}
                <PageLink page=page id=link_id text=label[1] />
                {tr(label[2])}
            </label>
            <FieldError id=error_id problem=problem />
        </div>
    }
}

/// How strong a new password looks, as the person types it
/// (`akun_core::validate::strength`): a bar and a word with advice. A polite
/// live region, whose text changes only when the level does.
#[component]
pub fn PasswordStrength(id: &'static str, value: RwSignal<String>) -> impl IntoView {
    let t = use_texts();
    let level = move || value.with(|v| (!v.is_empty()).then(|| strength(v)));
    let name = Signal::derive(move || {
        level().map(|level| match level {
            Strength::Weak => "weak",
            Strength::Fair => "fair",
            Strength::Strong => "strong",
        })
    });
    let words =
        Signal::derive(move || level().map(|level| t.get().password_strength()[level as usize]));
    view! {
        <p class="strength" id=id aria-live="polite" data-strength=name>
            <span class="meter" aria-hidden="true"></span>
            {words}
        </p>
    }
}

/// A new password typed twice, with its rule, its strength and a button
/// that shows it: registering, changing and resetting a password share it.
#[component]
pub fn NewPasswordFields(
    /// The ids of the password, its repeat and its strength line.
    ids: [&'static str; 3],
    label: fn(&Texts) -> &'static str,
    state: FieldState,
    problem: Signal<Option<Problem>>,
    repeat: FieldState,
    repeat_problem: Signal<Option<Problem>>,
    show: RwSignal<bool>,
    /// What the show button reveals (`aria-controls`).
    controls: &'static str,
) -> impl IntoView {
    view! {
        <Field
            id=ids[0]
            label=label
            hint=|t| t.password_new_hint()
            kind=password_kind(show)
            autocomplete="new-password"
            state=state
            problem=problem
        >
            <ShowPassword show=show controls=controls />
        </Field>
        // After the field rather than among its children: children of
        // another type would cost a type-erased view of their own.
        <PasswordStrength id=ids[2] value=state.value />
        <Field
            id=ids[1]
            label=|t| t.password_repeat_label()
            hint=|t| t.password_repeat_hint()
            kind=password_kind(show)
            autocomplete="new-password"
            state=repeat
            problem=repeat_problem
        />
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
            aria-pressed=aria_bool(move || show.get())
            on:click=move |_| show.update(|show| *show = !*show)
        >
            {tr(|t| t.password_show())}
        </button>
    }
}

/// `"true"` or `"false"`, for an `aria-*` state. Views take reactive values
/// as `Signal`s rather than closures throughout this module: every closure
/// is a type of its own, compiled into its own renderer, while all
/// `Signal<&str>` share one.
pub fn aria_bool(value: impl Fn() -> bool + Send + Sync + 'static) -> Signal<&'static str> {
    Signal::derive(move || if value() { "true" } else { "false" })
}

/// `Some("true")` while `value` holds, for `aria-disabled` (which is then
/// left out rather than set to `"false"`).
pub fn aria_true(value: impl Fn() -> bool + Send + Sync + 'static) -> Signal<Option<&'static str>> {
    Signal::derive(move || value().then_some("true"))
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

/// Focuses the element with this id once the page has caught up with the
/// change just made: an element a signal is about to show (or create) is
/// not focusable yet.
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    set_timeout(move || focus_by_id(&id), std::time::Duration::ZERO);
}

pub fn focus_by_id(id: &str) {
    let element = document().get_element_by_id(id);
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// The longest wait between two tries while the service is busy.
const MAX_RETRY_DELAY: u32 = 60;

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
    /// While the service is overloaded: the countdown to the next try.
    pub wait: Countdown,
    pub outcome: RwSignal<Option<Outcome>>,
    path: &'static str,
}

impl Submission {
    /// A submission that posts to `path`.
    pub fn new(path: &'static str) -> Self {
        Self {
            pending: RwSignal::new(false),
            wait: Countdown::new(),
            outcome: RwSignal::new(None),
            path,
        }
    }

    /// Sends `body`, waiting out overload (see [`post_patiently`]). `then`
    /// gets the answer first: it acts on success (and on errors it handles
    /// itself, returning `Ok`); an error it returns is shown, at its field
    /// when it is about one of `fields` (named as the API names them), else
    /// under the form. Does nothing while a send is under way.
    pub fn dispatch<Req, Then>(self, body: &Req, fields: &[(&'static str, FieldState)], then: Then)
    where
        Req: Serialize,
        Then: FnOnce(Result<Body, ClientError>) -> Result<(), ClientError> + 'static,
    {
        // Only the encoding is generic: the sending is compiled once.
        self.send(api::to_json(body), fields.to_vec(), Box::new(then));
    }

    /// [`Submission::dispatch`] for a body already encoded with
    /// [`api::to_json`].
    pub fn dispatch_json<Then>(
        self,
        json: Result<String, ClientError>,
        fields: &[(&'static str, FieldState)],
        then: Then,
    ) where
        Then: FnOnce(Result<Body, ClientError>) -> Result<(), ClientError> + 'static,
    {
        self.send(json, fields.to_vec(), Box::new(then));
    }

    fn send(
        self,
        json: Result<String, ClientError>,
        fields: Vec<(&'static str, FieldState)>,
        then: Box<OnAnswer>,
    ) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.outcome.set(None);
        leptos::task::spawn_local(async move {
            let answer = match json {
                Ok(json) => post_patiently(self.path, &json, self.wait).await,
                Err(error) => Err(error),
            };
            // The page may be gone by now (the person left, or `then`
            // navigated): writing to its signals is then a no-op.
            let outcome = then(answer).map_err(|error| {
                let at_field = place_field_error(&error, &fields);
                (error, at_field)
            });
            self.outcome.try_set(Some(outcome));
            self.pending.try_set(false);
        });
    }
}

/// What [`Submission::dispatch`] does with an answer.
type OnAnswer = dyn FnOnce(Result<Body, ClientError>) -> Result<(), ClientError>;

/// Posts `json`, and while the API answers `busy` (503), waits the
/// `retry_after` it asks for (see [`retry_delay`]) with `wait` counting it
/// down for the page, and tries again, for as long as the page is open.
/// What the person typed stays in the form throughout. When the person
/// cancels the wait (or leaves the page), the `busy` error is returned.
pub async fn post_patiently(path: &str, json: &str, wait: Countdown) -> Result<Body, ClientError> {
    let mut attempt: u32 = 1;
    loop {
        match api::post_json(path, json).await {
            Err(ClientError::Api(error)) if error.code == ErrorCode::Busy => {
                let seconds = retry_delay(error.retry_after, attempt, js_sys::Math::random());
                if !wait.seconds(seconds).await {
                    return Err(ClientError::Api(error));
                }
                attempt = attempt.saturating_add(1);
            }
            other => return other,
        }
    }
}

/// Seconds to wait before try number `attempt + 1`: what the server asks
/// (at most a minute), or else 2, 4, 8 ... up to a minute; plus up to a
/// fifth more, by `random` (0 to 1), so that a crowd turned away at the
/// same moment does not come back at the same moment.
pub fn retry_delay(retry_after: Option<u32>, attempt: u32, random: f64) -> u32 {
    let base = retry_after
        .unwrap_or(1 << attempt.min(6))
        .clamp(1, MAX_RETRY_DELAY);
    // The cast truncates a value between 0 and `base / 5`.
    base + (f64::from(base) * 0.2 * random.clamp(0.0, 1.0)) as u32
}

/// A form's submit button. While sending it says so, and it is marked
/// `aria-disabled` rather than `disabled`, so that it keeps keyboard focus
/// (a disabled button drops it); [`Submission::dispatch`] ignores presses
/// meanwhile.
///
/// Pressing it does not take focus from the field being edited. Leaving an
/// invalid field shows its error, and that would push the button down
/// between the press and the release, so the click would land on nothing
/// and the form would never be sent. Without the blur, the click lands,
/// and [`validate_all`] then shows every error and focuses the first one.
#[component]
pub fn SubmitButton(
    id: &'static str,
    text: fn(&Texts) -> &'static str,
    submission: Submission,
) -> impl IntoView {
    let t = use_texts();
    let pending = submission.pending;
    view! {
        <button
            type="submit"
            class="button primary"
            id=id
            aria-disabled=aria_true(move || pending.get())
            on:mousedown=|ev| ev.prevent_default()
        >
            {Signal::derive(move || if pending.get() { t.get().sending() } else { text(t.get()) })}
        </button>
    }
}

/// The state of a submission under the form: while sending, a calm
/// status; while the service is busy, [`BusyWait`]; after it, the success
/// text (if any) or the error, translated.
#[component]
pub fn FormStatus(
    submission: Submission,
    #[prop(optional)] done_text: Option<fn(&Texts) -> &'static str>,
    /// Where focus goes when the person stops waiting.
    #[prop(optional)]
    submit: &'static str,
) -> impl IntoView {
    let t = use_texts();
    let Submission {
        pending,
        outcome,
        wait,
        ..
    } = submission;
    let status = move || {
        let t = t.get();
        if wait.counting() {
            None
        } else if pending.get() {
            Some(t.sending())
        } else if matches!(outcome.get(), Some(Ok(()))) {
            done_text.map(|text| text(t))
        } else {
            None
        }
    };
    let message = move || match outcome.get() {
        Some(Err((ClientError::Api(error), false))) => Some(t.get().error(error.code)),
        Some(Err((ClientError::Network, _))) => Some(t.get().err_network()),
        _ => None,
    };
    // Both regions stay in the document so that screen readers announce
    // what is put into them.
    view! {
        <BusyWait wait=wait focus_after=submit />
        <div class="status" role="status" aria-live="polite">
            {move || status().map(|text| view! { <p class="notice">{text}</p> })}
        </div>
        <div class="alert-region" role="alert">
            {move || {
                message()
                    .map(|text| {
                        view! {
                            <p class="alert">
                                <strong>{tr(|t| t.form_error_prefix())}</strong>
                                " "
                                {text}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// While the service is busy: a calm notice counting down to the next
/// automatic try (not an error: nothing went wrong, and what was typed is
/// kept), and a button to stop waiting.
#[component]
pub fn BusyWait(
    wait: Countdown,
    /// Where focus goes after "Cancel", which disappears under it.
    #[prop(optional)]
    focus_after: &'static str,
) -> impl IntoView {
    let cancel = move |_| {
        wait.cancel();
        focus_by_id(focus_after);
    };
    let idle = Signal::derive(move || !wait.counting());
    view! {
        <div class="status" role="status" aria-live="polite">
            <p class="notice waiting" hidden=idle>
                <Ticking text=|t| t.err_busy_retrying() countdown=wait />
            </p>
        </div>
        <button type="button" class="button" id="busy-cancel" hidden=idle on:click=cancel>
            {tr(|t| t.busy_cancel())}
        </button>
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
    fn the_captcha_needs_some_answer() {
        assert_eq!(check_captcha(" "), Some(Problem::CaptchaEmpty));
        assert_eq!(check_captcha("ab3de"), None);
    }

    #[test]
    fn email_check_uses_the_shared_validator() {
        assert_eq!(check_email("nama@contoh.com"), None);
        assert!(check_email("bukan-email").is_some());
        assert_eq!(check_email(""), Some(Problem::Code(ErrorCode::EmailEmpty)));
    }

    #[test]
    fn retry_waits_what_the_server_asks_within_bounds() {
        assert_eq!(retry_delay(Some(7), 1, 0.0), 7);
        assert_eq!(retry_delay(Some(0), 1, 0.0), 1);
        assert_eq!(retry_delay(Some(3600), 1, 0.0), 60);
        // The server's wish holds however long the wave lasts.
        assert_eq!(retry_delay(Some(5), 1000, 0.0), 5);
    }

    #[test]
    fn without_a_wish_retries_back_off_to_a_minute_and_never_give_up() {
        assert_eq!(retry_delay(None, 1, 0.0), 2);
        assert_eq!(retry_delay(None, 3, 0.0), 8);
        assert_eq!(retry_delay(None, 5, 0.0), 32);
        assert_eq!(retry_delay(None, 6, 0.0), 60);
        assert_eq!(retry_delay(None, u32::MAX, 0.0), 60);
    }

    #[test]
    fn retries_spread_by_up_to_a_fifth() {
        assert_eq!(retry_delay(Some(10), 1, 0.0), 10);
        assert_eq!(retry_delay(Some(10), 1, 0.5), 11);
        assert_eq!(retry_delay(Some(10), 1, 0.999), 11);
        assert_eq!(retry_delay(Some(60), 1, 1.0), 72);
        assert_eq!(retry_delay(Some(10), 1, 7.0), 12);
        assert_eq!(retry_delay(Some(10), 1, f64::NAN), 10);
    }

    #[test]
    fn the_terms_box_must_be_ticked() {
        assert_eq!(
            check_terms(""),
            Some(Problem::Code(ErrorCode::TermsNotAccepted))
        );
        assert_eq!(check_terms(TICKED), None);
    }

    #[test]
    fn problems_read_in_both_languages() {
        use crate::i18n::{EN, ID};
        assert_eq!(
            Problem::PasswordMismatch.text(&ID),
            ID.err_password_mismatch()
        );
        assert_eq!(
            Problem::Code(ErrorCode::EmailInvalid).text(&EN),
            EN.err_email_invalid()
        );
    }
}
