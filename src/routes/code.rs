//! `/login/code`: the one-time code that finishes a login.
//!
//! Six boxes, one digit each (typing moves on, Backspace moves back, a
//! pasted or autofilled code spreads over all six); where the code went;
//! how long it still works; "Send a new code" with how many are left of 5,
//! and after the fifth the time when codes can be asked for again,
//! counting down. A code whose email could not be delivered is replaced for
//! free. Everything comes from the API's `CodeStatus`, which the page
//! checks again every few seconds, so another tab's new code or a failed
//! delivery shows up here too.

use crate::api::{self, Body, ClientError};
use crate::form::{FormStatus, Problem, Submission, SubmitButton, aria_bool, focus_by_id};
use crate::i18n::{clock, fill, plural, tr, use_texts, with_number};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::router::navigator;
use crate::wait::{Countdown, Ticking, now, sleep};
use akun_core::api::{AttemptRequest, CodeRequest, PhoneCodeRequest};
use akun_core::{ApiError, ErrorCode};
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The `sessionStorage` key of the login attempt's handle, so that a
/// reload of this page keeps the login going. Only this tab knows it.
pub const ATTEMPT_KEY: &str = "akun.login_attempt";

/// Where the mobile number's verification stands (`GET`).
pub const PHONE_STATUS: &str = "/api/profile/phone/status";
/// Where the change to a new mobile number stands (`GET`).
pub const PHONE_CHANGE_STATUS: &str = "/api/profile/phone/change/status";

/// How often the page asks where the login stands.
const CHECK_EVERY_MS: u32 = 15_000;

const DIGITS: usize = 6;

/// The API's `CodeStatus`, with its durations turned into deadlines on
/// the wall clock.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    pub sent_to: String,
    /// When the current code stops working (ms); in the past when there is
    /// no code to enter.
    pub code_until: f64,
    pub new_codes_left: u32,
    /// During the 2-hour wait: when it ends (ms).
    pub locked_until: Option<f64>,
    pub delivery_failed: bool,
}

impl CodeInfo {
    pub fn read(body: &Body, now: f64) -> Option<Self> {
        let at = |seconds: u32| now + f64::from(seconds) * 1000.0;
        let api::CodeAnswer { sent_to, state } = api::read_code_state(body)?;
        Some(Self {
            sent_to,
            code_until: at(state.code_expires_in),
            new_codes_left: state.new_codes_left,
            locked_until: state.codes_locked_for.map(at),
            delivery_failed: state.delivery_failed,
        })
    }

    /// Whether `other` says something new. Deadlines a second or two
    /// apart are the same deadline read at another moment; restarting the
    /// countdowns for them would make screen readers announce them again.
    pub fn differs_from(&self, other: &CodeInfo) -> bool {
        let moved = |a: f64, b: f64| (a - b).abs() > 2000.0;
        self.sent_to != other.sent_to
            || self.new_codes_left != other.new_codes_left
            || self.delivery_failed != other.delivery_failed
            || moved(self.code_until, other.code_until)
            || match (self.locked_until, other.locked_until) {
                (Some(a), Some(b)) => moved(a, b),
                (None, None) => false,
                _ => true,
            }
    }
}

/// The login under way in this tab, between the password and the code.
#[derive(Clone, Copy)]
pub struct Attempt {
    pub handle: RwSignal<Option<String>>,
    pub info: RwSignal<Option<CodeInfo>>,
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

impl Attempt {
    /// The attempt this tab remembered, if any.
    pub fn load() -> Self {
        let handle = session()
            .and_then(|s| s.get_item(ATTEMPT_KEY).ok().flatten())
            .filter(|h| !h.is_empty());
        Self {
            handle: RwSignal::new(handle),
            info: RwSignal::new(None),
        }
    }

    /// The password step's answer: a new attempt.
    pub fn start(self, body: &Body) {
        let handle = api::read_attempt(body);
        if let (Some(storage), Some(handle)) = (session(), &handle) {
            let _ = storage.set_item(ATTEMPT_KEY, handle);
        }
        self.handle.set(handle);
        self.info.set(CodeInfo::read(body, now()));
    }

    /// Signed in, or the attempt ran out: forget it.
    pub fn end(self) {
        if let Some(storage) = session() {
            let _ = storage.remove_item(ATTEMPT_KEY);
        }
        self.handle.try_set(None);
        self.info.try_set(None);
    }
}

pub fn use_attempt() -> Attempt {
    expect_context::<Attempt>()
}

/// Which one-time code a [`CodeForm`] finishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow {
    /// A login: the attempt's handle goes with every request.
    Login(String),
    /// The account's mobile number (the session is the handle).
    Phone,
    /// A new mobile number replacing the verified one.
    PhoneChange,
}

impl Flow {
    fn verify_path(&self) -> &'static str {
        match self {
            Flow::Login(_) => "/api/login/code",
            Flow::Phone => "/api/profile/phone/verify",
            Flow::PhoneChange => "/api/profile/phone/change/verify",
        }
    }

    fn renew_path(&self) -> &'static str {
        match self {
            Flow::Login(_) => "/api/login/code/new",
            Flow::Phone => "/api/profile/phone/code/new",
            Flow::PhoneChange => "/api/profile/phone/change/code/new",
        }
    }

    /// Where the flow stands, from the API.
    async fn status(&self) -> Result<Body, ClientError> {
        match self {
            Flow::Login(_) => api::post_json("/api/login/status", &self.plain_body()?).await,
            Flow::Phone => api::get(PHONE_STATUS).await,
            Flow::PhoneChange => api::get(PHONE_CHANGE_STATUS).await,
        }
    }

    fn code_body(&self, code: String) -> Result<String, ClientError> {
        match self {
            Flow::Login(handle) => api::to_json(&CodeRequest {
                attempt: handle.clone(),
                code,
            }),
            Flow::Phone | Flow::PhoneChange => api::to_json(&PhoneCodeRequest { code }),
        }
    }

    fn plain_body(&self) -> Result<String, ClientError> {
        match self {
            Flow::Login(handle) => api::to_json(&AttemptRequest {
                attempt: handle.clone(),
            }),
            Flow::Phone | Flow::PhoneChange => Ok("{}".to_owned()),
        }
    }

    /// Whether an error means the flow is over: the login attempt ran out,
    /// or the session did.
    fn ended(&self, code: ErrorCode) -> bool {
        matches!(
            (self, code),
            (Flow::Login(_), ErrorCode::LoginExpired) | (_, ErrorCode::Unauthorized)
        )
    }
}

/// The digits typed so far, one per box; `None` for an empty box.
pub type Digits = [Option<u8>; DIGITS];

/// Puts what was typed or pasted into box `at` into `digits`, and returns
/// the box to move to (`DIGITS` for "the Verify button"). Non-digits are
/// dropped. A whole code (six digits or more, pasted or autofilled into
/// any box) fills every box; a shorter run fills from `at` on; two digits
/// in a box that held the first of them mean the second was typed after it.
pub fn enter(digits: &mut Digits, at: usize, typed: &str) -> usize {
    let mut new: Vec<u8> = typed
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if new.is_empty() {
        digits[at] = None;
        return at;
    }
    if new.len() >= DIGITS {
        for (slot, digit) in digits.iter_mut().zip(&new) {
            *slot = Some(*digit);
        }
        return DIGITS;
    }
    if new.len() == 2 && digits[at] == Some(new[0]) {
        new.remove(0);
    }
    let mut next = at;
    for digit in new {
        if next == DIGITS {
            break;
        }
        digits[next] = Some(digit);
        next += 1;
    }
    // On to the first empty box after the ones just filled, if any.
    (next..DIGITS)
        .find(|&i| digits[i].is_none())
        .unwrap_or(DIGITS)
}

/// The code, when all six boxes hold a digit.
pub fn whole(digits: &Digits) -> Option<String> {
    digits
        .iter()
        .map(|d| d.map(|d| char::from(b'0' + d)))
        .collect()
}

#[component]
pub fn Code() -> impl IntoView {
    let attempt = use_attempt();
    move || {
        match attempt.handle.get() {
        Some(handle) => {
            let nav = navigator();
            let account = crate::account::use_account();
            let done = Callback::new(move |_| {
                attempt.end();
                account.set_signed_in(true);
                nav.go(Page::Dashboard);
            });
            view! { <CodeForm flow=Flow::Login(handle) info=attempt.info done=done /> }.into_any()
        }
        None => view! {
            <PageTitle text=|t| t.code_title() />
            <p class="lead" id="code-no-attempt">{tr(|t| t.code_no_attempt())}</p>
            <p>
                <PageLink page=Page::Login class="button primary" id="code-login-again" text=|t| t.code_login_again() />
            </p>
        }
        .into_any(),
    }
    }
}

/// The six boxes and everything around them, for a login or the mobile
/// number: where the code went, its life, new codes, the 2-hour wait, a
/// failed delivery. `info` holds what the API last said; `done` runs when
/// the code was right.
#[component]
pub fn CodeForm(flow: Flow, info: RwSignal<Option<CodeInfo>>, done: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let digits = RwSignal::new([None; DIGITS]);
    let touched = RwSignal::new(false);
    // What the API said about the last code entered, and tries left.
    let server = RwSignal::new(None::<ErrorCode>);
    let left = RwSignal::new(None::<u32>);
    let new_sent = RwSignal::new(false);
    let expired = RwSignal::new(false);
    let life = Countdown::new();
    let lock = Countdown::new();
    let verify = Submission::new(flow.verify_path());
    let renew = Submission::new(flow.renew_path());
    let alive = StoredValue::new(());

    // The countdowns follow what the API last said.
    Effect::new(move |_| {
        info.with(|info| {
            let Some(info) = info else { return };
            life.cancel();
            life.start_until(info.code_until);
            lock.cancel();
            if let Some(until) = info.locked_until {
                lock.start_until(until);
            }
        });
    });

    // Where the login stands: at once when the page was reloaded, then
    // every few seconds while it is open.
    {
        let flow = flow.clone();
        leptos::task::spawn_local(async move {
            let mut first = true;
            loop {
                if !first || info.try_with_untracked(Option::is_none) == Some(true) {
                    check(&flow, info, expired).await;
                }
                first = false;
                sleep(CHECK_EVERY_MS).await;
                if alive.try_get_value().is_none() || expired.try_get_untracked() != Some(false) {
                    return;
                }
            }
        });
    }
    // When the wait ends, ask again: codes can be sent now.
    Effect::new({
        let flow = flow.clone();
        move |was: Option<bool>| {
            let counting = lock.counting();
            if was == Some(true) && !counting {
                let flow = flow.clone();
                leptos::task::spawn_local(async move { check(&flow, info, expired).await });
            }
            counting
        }
    });

    let problem = Signal::derive(move || {
        if !touched.get() {
            return None;
        }
        if let Some(code) = server.get() {
            return Some(Problem::Code(code));
        }
        digits
            .with(|d| whole(d).is_none())
            .then_some(Problem::CodeIncomplete)
    });

    let on_submit = {
        let flow = flow.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            touched.set(true);
            let Some(code) = digits.with_untracked(whole) else {
                let first_empty = digits.with_untracked(|d| d.iter().position(Option::is_none));
                focus_box(first_empty.unwrap_or(0));
                return;
            };
            let ended = {
                let flow = flow.clone();
                move |code| flow.ended(code)
            };
            verify.dispatch_json(flow.code_body(code), &[], move |answer| {
                let error = match answer {
                    Ok(_) => {
                        done.run(());
                        return Ok(());
                    }
                    Err(error) => error,
                };
                match &error {
                    ClientError::Api(ApiError {
                        code: code @ (ErrorCode::OtpWrong | ErrorCode::OtpFormat),
                        left: tries,
                        ..
                    }) => {
                        server.try_set(Some(*code));
                        left.try_set(*tries);
                        digits.try_set([None; DIGITS]);
                        focus_box(0);
                        Ok(())
                    }
                    ClientError::Api(ApiError {
                        code: code @ (ErrorCode::OtpDead | ErrorCode::OtpExpired),
                        ..
                    }) => {
                        // This code is gone: only a new one helps.
                        server.try_set(Some(*code));
                        left.try_set(None);
                        info.try_update(|info| {
                            if let Some(info) = info {
                                info.code_until = 0.0;
                            }
                        });
                        focus_by_id("new-code");
                        Ok(())
                    }
                    ClientError::Api(error) if ended(error.code) => {
                        expired.try_set(true);
                        Ok(())
                    }
                    _ => Err(error),
                }
            });
        }
    };

    let ask_new_code = {
        let flow = flow.clone();
        move |_| {
            if lock.from.get_untracked().is_some() && !delivery_failed(info) {
                return;
            }
            new_sent.set(false);
            let ended = {
                let flow = flow.clone();
                move |code| flow.ended(code)
            };
            renew.dispatch_json(flow.plain_body(), &[], move |answer| match answer {
                Ok(body) => {
                    update(info, &body);
                    new_sent.try_set(true);
                    server.try_set(None);
                    left.try_set(None);
                    touched.try_set(false);
                    digits.try_set([None; DIGITS]);
                    focus_box(0);
                    Ok(())
                }
                Err(ClientError::Api(ApiError {
                    code: ErrorCode::CodesLocked,
                    retry_after: Some(seconds),
                    ..
                })) => {
                    info.try_update(|info| {
                        if let Some(info) = info {
                            info.new_codes_left = 0;
                            info.locked_until = Some(now() + f64::from(seconds) * 1000.0);
                        }
                    });
                    Ok(())
                }
                Err(ClientError::Api(error)) if ended(error.code) => {
                    expired.try_set(true);
                    Ok(())
                }
                Err(error) => Err(error),
            });
        }
    };

    let failed =
        Signal::derive(move || info.with(|i| i.as_ref().is_some_and(|i| i.delivery_failed)));
    let locked = Signal::derive(move || lock.counting());
    // The code's life, or why there is no code to enter.
    let life_line = Signal::derive(move || {
        let t = t.get();
        if life.counting() || locked.get() {
            return None;
        }
        Some(match server.get() {
            Some(ErrorCode::OtpDead) => t.err_otp_dead(),
            _ => t.err_otp_expired(),
        })
    });
    let left_line = Signal::derive(move || {
        let t = t.get();
        let count = info.with(|i| i.as_ref().map(|i| i.new_codes_left))?;
        (!locked.get()).then(|| plural(t.code_new_left(), count))
    });
    let locked_line = Signal::derive(move || {
        let t = t.get();
        let until = info.with(|i| i.as_ref().and_then(|i| i.locked_until))?;
        locked
            .get()
            .then(|| fill(t.code_locked(), &clock(t, until)))
    });
    let error_line = Signal::derive(move || {
        let t = t.get();
        let problem = problem.get()?;
        let mut line = problem.text(t).to_owned();
        if let (Problem::Code(ErrorCode::OtpWrong), Some(n)) = (problem, left.get()) {
            line.push(' ');
            line.push_str(&plural(t.code_tries_left(), n));
        }
        Some(line)
    });
    let sent_to = Signal::derive(move || info.with(|i| i.as_ref().map(|i| i.sent_to.clone())));
    let hidden_when_expired = Signal::derive(move || expired.get());
    let sent_to_text: crate::account::Text = match &flow {
        Flow::Login(_) => |t| t.code_sent_to(),
        Flow::Phone | Flow::PhoneChange => |t| t.phone_code_sent_to(),
    };
    // The login code has a page of its own; the phone's codes are a step
    // of a page that already has its title (and, for a change of number,
    // headings for its steps).
    let heading = match &flow {
        Flow::Login(_) => Some(view! { <PageTitle text=|t| t.code_title() /> }.into_any()),
        Flow::Phone => None,
        Flow::PhoneChange => {
            Some(view! { <h2>{tr(|t| t.phone_code_step_title())}</h2> }.into_any())
        }
    };
    let hint_text: crate::account::Text = match &flow {
        Flow::Login(_) => |t| t.code_hint(),
        Flow::Phone | Flow::PhoneChange => |t| t.phone_code_hint(),
    };
    let expired_text: crate::account::Text = match &flow {
        Flow::Login(_) => |t| t.err_login_expired(),
        Flow::Phone | Flow::PhoneChange => |t| t.login_session_ended(),
    };
    let shown_when_expired = Signal::derive(move || !expired.get());

    let boxes = (0..DIGITS)
        .map(|i| {
            let label = Signal::derive(move || with_number(t.get().code_digit_label(), i as u32 + 1));
            view! {
                <input
                    id=box_id(i)
                    class="digit"
                    type="text"
                    inputmode="numeric"
                    pattern="[0-9]*"
                    autocomplete=if i == 0 { "one-time-code" } else { "off" }
                    aria-label=label
                    aria-describedby=Signal::derive(move || {
                        if problem.get().is_some() { "code-hint code-error" } else { "code-hint" }
                    })
                    aria-invalid=aria_bool(move || problem.get().is_some())
                    prop:value=move || digits.with(|d| d[i].map(|d| char::from(b'0' + d).to_string()).unwrap_or_default())
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        let mut next = i;
                        digits.update(|d| next = enter(d, i, &typed));
                        server.set(None);
                        if next != i {
                            focus_box(next);
                        }
                    }
                    on:keydown=move |ev: KeyboardEvent| on_key(&ev, i, digits)
                    on:focus=move |ev| select(&ev)
                />
            }
        })
        .collect_view();

    view! {
        {heading}
        <div hidden=shown_when_expired>
            <p class="alert" id="code-expired" role="alert">{tr(expired_text)}</p>
            <p>
                <PageLink page=Page::Login class="button primary" id="code-login-again" text=|t| t.code_login_again() />
            </p>
        </div>
        <div hidden=hidden_when_expired>
            <p class="lead">{tr(sent_to_text)}</p>
            <p class="address">
                <strong id="code-sent-to">{sent_to}</strong>
            </p>
            <p class="alert" id="code-delivery-failed" role="alert" hidden=Signal::derive(move || !failed.get())>
                {tr(|t| t.code_delivery_failed())}
            </p>
            <form class="form" novalidate on:submit=on_submit>
                <fieldset class="otp">
                    <legend>{tr(|t| t.code_legend())}</legend>
                    <p class="hint" id="code-hint">{tr(hint_text)}</p>
                    <div class="digits">{boxes}</div>
                    <p class="error" id="code-error" hidden=Signal::derive(move || problem.get().is_none())>
                        <strong>{tr(|t| t.field_error_prefix())}</strong>
                        " "
                        {error_line}
                    </p>
                </fieldset>
                <p id="code-life" class="cooldown" role="status">
                    <Ticking text=|t| t.code_life() countdown=life />
                    {life_line}
                </p>
                <FormStatus submission=verify submit="code-submit" />
                <SubmitButton id="code-submit" text=|t| t.code_submit() submission=verify />
            </form>
            <section class="new-code">
                <p id="new-code-status" role="status">
                    {Signal::derive(move || new_sent.get().then(|| t.get().code_new_sent()))}
                </p>
                <p id="new-code-left">{left_line}</p>
                <p id="codes-locked" class="notice" hidden=Signal::derive(move || !locked.get())>
                    {locked_line}
                    " "
                    <Ticking text=|t| t.code_locked_wait() countdown=lock />
                </p>
                <FormStatus submission=renew submit="new-code" />
                <button
                    type="button"
                    class="button"
                    id="new-code"
                    disabled=Signal::derive(move || locked.get() && !failed.get())
                    on:click=ask_new_code
                >
                    {tr(|t| t.code_new())}
                </button>
            </section>
        </div>
    }
}

fn delivery_failed(info: RwSignal<Option<CodeInfo>>) -> bool {
    info.with_untracked(|i| i.as_ref().is_some_and(|i| i.delivery_failed))
}

/// Takes a status answer, when it says something new.
fn update(info: RwSignal<Option<CodeInfo>>, body: &Body) {
    if let Some(fresh) = CodeInfo::read(body, now()) {
        let new =
            info.with_untracked(|info| info.as_ref().is_none_or(|old| old.differs_from(&fresh)));
        if new {
            info.try_set(Some(fresh));
        }
    }
}

/// Asks the API where the flow stands, quietly: a failure leaves the page
/// as it was, except that a flow that ended says so.
async fn check(flow: &Flow, info: RwSignal<Option<CodeInfo>>, expired: RwSignal<bool>) {
    match flow.status().await {
        Ok(body) => update(info, &body),
        Err(ClientError::Api(error)) if flow.ended(error.code) => {
            expired.try_set(true);
        }
        Err(_) => {}
    }
}

fn box_id(i: usize) -> String {
    format!("code-{}", i + 1)
}

fn focus_box(i: usize) {
    if i < DIGITS {
        focus_by_id(&box_id(i));
    } else {
        focus_by_id("code-submit");
    }
}

/// Backspace in an empty box goes back one and empties it; the arrow keys
/// move between boxes.
fn on_key(ev: &KeyboardEvent, i: usize, digits: RwSignal<Digits>) {
    match ev.key().as_str() {
        "Backspace" if i > 0 && digits.with_untracked(|d| d[i].is_none()) => {
            ev.prevent_default();
            digits.update(|d| d[i - 1] = None);
            focus_box(i - 1);
        }
        "ArrowLeft" if i > 0 => {
            ev.prevent_default();
            focus_box(i - 1);
        }
        "ArrowRight" if i + 1 < DIGITS => {
            ev.prevent_default();
            focus_box(i + 1);
        }
        _ => {}
    }
}

/// Selects a box's digit when it takes focus, so that typing replaces it.
fn select(ev: &leptos::ev::FocusEvent) {
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(digits: &Digits) -> String {
        digits
            .iter()
            .map(|d| d.map_or('_', |d| char::from(b'0' + d)))
            .collect()
    }

    #[test]
    fn a_digit_fills_its_box_and_moves_on() {
        let mut d = [None; DIGITS];
        assert_eq!(enter(&mut d, 0, "4"), 1);
        assert_eq!(enter(&mut d, 1, "2"), 2);
        assert_eq!(typed(&d), "42____");
        // The last box leads to the Verify button.
        let mut d = [Some(1); DIGITS];
        d[5] = None;
        assert_eq!(enter(&mut d, 5, "9"), DIGITS);
        assert_eq!(whole(&d).as_deref(), Some("111119"));
    }

    #[test]
    fn a_pasted_or_autofilled_code_spreads_over_every_box() {
        let mut d = [None; DIGITS];
        assert_eq!(enter(&mut d, 0, "123456"), DIGITS);
        assert_eq!(whole(&d).as_deref(), Some("123456"));
        // From any box, with spaces or dashes as some emails show it.
        let mut d = [None; DIGITS];
        assert_eq!(enter(&mut d, 3, "654 321"), DIGITS);
        assert_eq!(whole(&d).as_deref(), Some("654321"));
        let mut d = [None; DIGITS];
        enter(&mut d, 2, "12-34-56");
        assert_eq!(whole(&d).as_deref(), Some("123456"));
    }

    #[test]
    fn a_part_of_a_code_fills_from_the_box_on() {
        let mut d = [None; DIGITS];
        assert_eq!(enter(&mut d, 1, "789"), 4);
        assert_eq!(typed(&d), "_789__");
    }

    #[test]
    fn letters_are_dropped_and_an_emptied_box_stays_put() {
        let mut d = [Some(5); DIGITS];
        assert_eq!(enter(&mut d, 2, "a"), 2);
        assert_eq!(typed(&d), "55_555");
        assert_eq!(enter(&mut d, 2, ""), 2);
    }

    #[test]
    fn typing_after_a_digit_keeps_the_new_one() {
        let mut d = [None; DIGITS];
        d[0] = Some(3);
        assert_eq!(enter(&mut d, 0, "34"), 1);
        assert_eq!(typed(&d), "4_____");
        let mut d = [None; DIGITS];
        d[0] = Some(3);
        enter(&mut d, 0, "38");
        assert_eq!(typed(&d), "8_____");
    }

    #[test]
    fn only_a_full_code_is_whole() {
        let mut d = [Some(1); DIGITS];
        assert!(whole(&d).is_some());
        d[4] = None;
        assert_eq!(whole(&d), None);
    }

    #[test]
    fn readings_a_moment_apart_are_not_news() {
        let a = CodeInfo {
            sent_to: "bu***@gmail.com".into(),
            code_until: 100_000.0,
            new_codes_left: 5,
            locked_until: None,
            delivery_failed: false,
        };
        let mut b = a.clone();
        b.code_until += 900.0;
        assert!(!a.differs_from(&b));
        b.code_until += 5000.0;
        assert!(a.differs_from(&b));
        let mut c = a.clone();
        c.delivery_failed = true;
        assert!(a.differs_from(&c));
        let mut d = a.clone();
        d.locked_until = Some(1.0);
        assert!(a.differs_from(&d));
    }
}
