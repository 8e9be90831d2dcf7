//! Component tests: the app mounted in a real (headless) browser.
//!
//! Run with `cargo test -p akun --target wasm32-unknown-unknown` and
//! `CHROMEDRIVER=/usr/bin/chromedriver`; `webdriver.json` beside
//! `Cargo.toml` passes the flags Chromium needs when run as root.

#![cfg(target_arch = "wasm32")]

use akun::form::BusyWait;
use akun::i18n::{EN, ErrorText, ID, STORAGE_KEY};
use akun::pages::Bundle;
use akun::pending::{EMAIL_KEY, RESEND_AT_KEY};
use akun::wait::Countdown;
use akun::{AccountApp, App, ReportApp};
use akun_core::api::Lang;
use akun_core::{Email, ErrorCode};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Puts the browser at `path` with no stored language and no pending
/// address, mounts the app into a fresh element and lets it render.
/// Dropping the guard unmounts it.
async fn mount_app_at(path: &str) -> (HtmlElement, Mounted) {
    mount_app_with_session(path, &[]).await
}

/// [`mount_app_at`], with these `sessionStorage` entries set first.
async fn mount_app_with_session(path: &str, session: &[(&str, &str)]) -> (HtmlElement, Mounted) {
    mount_bundle(path, session, Bundle::Public).await
}

/// The account bundle ([`AccountApp`]) at `path`, which starts with
/// `/account`.
async fn mount_account_at(path: &str) -> (HtmlElement, Mounted) {
    mount_bundle(path, &[], Bundle::Account).await
}

/// The applicant's bundle at `path`, remembering a signed-in account.
async fn mount_signed_in_at(path: &str) -> (HtmlElement, Mounted) {
    mount_bundle(path, &[("signed-in", "1")], Bundle::Public).await
}

/// Mounts a bundle at `path` with these `sessionStorage` entries; the
/// pseudo-entry `signed-in` sets the signed-in hint instead.
async fn mount_bundle(
    path: &str,
    session: &[(&str, &str)],
    bundle: Bundle,
) -> (HtmlElement, Mounted) {
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    storage.remove_item(STORAGE_KEY).unwrap();
    // A signed-in hint left by an account page of an earlier test.
    storage.remove_item(akun::account::SIGNED_IN_KEY).unwrap();
    let tab = window.session_storage().unwrap().unwrap();
    tab.remove_item(EMAIL_KEY).unwrap();
    tab.remove_item(RESEND_AT_KEY).unwrap();
    for (key, value) in session {
        if *key == "signed-in" {
            storage
                .set_item(akun::account::SIGNED_IN_KEY, value)
                .unwrap();
        } else {
            tab.set_item(key, value).unwrap();
        }
    }
    document()
        .document_element()
        .unwrap()
        .set_attribute("lang", "id")
        .unwrap();
    window
        .history()
        .unwrap()
        .push_state_with_url(&JsValue::NULL, "", Some(path))
        .unwrap();
    let mounted = match bundle {
        Bundle::Public => Mounted::new(),
        Bundle::Account => Mounted::account(),
        Bundle::Report => Mounted::with(ReportApp),
    };
    settle().await;
    (mounted.root.clone(), mounted)
}

/// An app mounted for one test. Dropping it unmounts the app and cleans up
/// its reactive owner explicitly: that removes the router's window
/// listeners, which would otherwise catch the link clicks of later tests.
struct Mounted {
    root: HtmlElement,
    owner: Owner,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Mounted {
    fn new() -> Self {
        Self::with(App)
    }

    fn account() -> Self {
        Self::with(AccountApp)
    }

    fn with<F, N>(app: F) -> Self
    where
        F: FnOnce() -> N + 'static,
        N: IntoView + 'static,
    {
        let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&root).unwrap();
        let owner = Owner::new();
        let handle = owner.with(|| mount_to(root.clone(), app));
        Self {
            root,
            owner,
            handle: Some(Box::new(handle)),
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        drop(self.handle.take());
        self.owner.cleanup();
        self.root.remove();
    }
}

/// Installs the English texts, as the page does when it fetched them
/// (there is no bundle's English file beside these tests).
fn with_english() {
    let file = akun_texts::english_file(akun_texts::Bundle::Public);
    assert!(akun_texts::install_english(
        Box::leak(file.into_boxed_str()),
        akun_texts::Bundle::Public
    ));
}

/// Lets effects and the router run.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

fn find(root: &HtmlElement, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn get(root: &HtmlElement, selector: &str) -> Element {
    find(root, selector).unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn text(root: &HtmlElement, selector: &str) -> String {
    get(root, selector).text_content().unwrap_or_default()
}

fn html_lang() -> Option<String> {
    document().document_element().unwrap().get_attribute("lang")
}

fn fire(target: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

async fn type_into(root: &HtmlElement, selector: &str, value: &str) {
    let input: HtmlInputElement = get(root, selector).unchecked_into();
    input.set_value(value);
    fire(&input, "input");
    fire(&input, "blur");
    settle().await;
}

#[wasm_bindgen_test]
async fn shell_renders_in_indonesian_by_default() {
    let (root, _app) = mount_app_at("/").await;

    assert_eq!(text(&root, "#nav-home"), ID.nav_home());
    assert_eq!(text(&root, "#nav-register"), ID.nav_register());
    assert_eq!(text(&root, "#nav-security"), ID.nav_security());
    assert_eq!(text(&root, "main#main h1"), ID.public().home_title());
    assert_eq!(root.query_selector_all("h1").unwrap().length(), 1);
    assert_eq!(
        get(&root, "#lang-switch")
            .get_attribute("aria-label")
            .as_deref(),
        Some(ID.lang_switch_label())
    );
    assert_eq!(
        get(&root, "#nav-home")
            .get_attribute("aria-current")
            .as_deref(),
        Some("page")
    );
    assert_eq!(html_lang().as_deref(), Some("id"));
}

#[wasm_bindgen_test]
async fn language_switch_changes_text_and_document_language_and_is_remembered() {
    with_english();
    let (root, _app) = mount_app_at("/").await;

    get(&root, "#lang-switch")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;

    assert_eq!(text(&root, "#nav-home"), EN.nav_home());
    assert_eq!(text(&root, "#nav-login"), EN.nav_login());
    assert_eq!(text(&root, "h1"), akun_texts::EN_PUBLIC.home_title());
    assert_eq!(
        get(&root, "#lang-switch")
            .get_attribute("aria-label")
            .as_deref(),
        Some(EN.lang_switch_label())
    );
    assert_eq!(html_lang().as_deref(), Some("en"));
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        storage.get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("en")
    );

    get(&root, "#lang-switch")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(text(&root, "#nav-home"), ID.nav_home());
    assert_eq!(html_lang().as_deref(), Some("id"));
}

#[wasm_bindgen_test]
async fn stored_english_choice_is_used_on_the_next_visit() {
    with_english();
    let (_root, app) = mount_app_at("/").await;
    drop(app);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item(STORAGE_KEY, "en").unwrap();

    let app = Mounted::new();
    settle().await;

    assert_eq!(text(&app.root, "#nav-home"), EN.nav_home());
    assert_eq!(html_lang().as_deref(), Some("en"));
    drop(app);
    storage.remove_item(STORAGE_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn register_shows_rules_before_typing_and_errors_as_the_person_types() {
    let (root, _app) = mount_app_at("/register").await;
    let email = get(&root, "input#email");

    // Before typing: the rule is there, no error, and the input points at it.
    assert_eq!(text(&root, "#email-hint"), ID.public().email_hint());
    assert!(find(&root, "#email-error").is_none());
    assert_eq!(
        email.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(
        email.get_attribute("aria-describedby").as_deref(),
        Some("email-hint")
    );

    type_into(&root, "input#email", "bukan-email").await;

    let expected = ID.error(Email::parse("bukan-email").unwrap_err());
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described_by = email.get_attribute("aria-describedby").unwrap();
    assert!(
        described_by.split(' ').any(|id| id == "email-error"),
        "{described_by}"
    );
    assert!(text(&root, "#email-error").ends_with(expected));
    assert!(text(&root, "#email-error").starts_with(ID.field_error_prefix()));

    type_into(&root, "input#email", "budi@contoh.com").await;

    assert!(find(&root, "#email-error").is_none());
    assert_eq!(
        email.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(
        email.get_attribute("aria-describedby").as_deref(),
        Some("email-hint")
    );
}

#[wasm_bindgen_test]
async fn register_submit_with_errors_shows_them_all_and_focuses_the_first() {
    let (root, _app) = mount_app_at("/register").await;

    get(&root, "#register-submit")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;

    assert!(find(&root, "#email-error").is_some());
    assert!(find(&root, "#password-error").is_some());
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("email")
    );
}

#[wasm_bindgen_test]
async fn show_password_toggle_reveals_both_password_fields() {
    let (root, _app) = mount_app_at("/register").await;
    let toggle = get(&root, "button.toggle");
    assert_eq!(
        get(&root, "#password").get_attribute("type").as_deref(),
        Some("password")
    );
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );

    toggle.unchecked_ref::<HtmlElement>().click();
    settle().await;

    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        get(&root, "#password").get_attribute("type").as_deref(),
        Some("text")
    );
    assert_eq!(
        get(&root, "#password-repeat")
            .get_attribute("type")
            .as_deref(),
        Some("text")
    );
}

#[wasm_bindgen_test]
async fn unknown_path_shows_the_translated_not_found_page() {
    let (root, _app) = mount_app_at("/tidak-ada-di-sini").await;

    assert_eq!(text(&root, "h1"), ID.not_found_title());
    assert_eq!(
        get(&root, "#not-found-home")
            .get_attribute("href")
            .as_deref(),
        Some("/")
    );
}

#[wasm_bindgen_test]
async fn help_deep_link_opens_the_question() {
    let (root, _app) = mount_app_at("/help#verification-email").await;

    assert_eq!(text(&root, "h1"), ID.public().help_title());
    let details = get(&root, "details#verification-email");
    assert!(details.has_attribute("open"));
    assert!(!get(&root, "details#otp").has_attribute("open"));
}

/// Waits, up to about two seconds, until `ready` holds: for what happens
/// after a timer or a network answer.
async fn wait_until(ready: impl Fn() -> bool) -> bool {
    for _ in 0..100 {
        if ready() {
            return true;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
        settle().await;
    }
    ready()
}

async fn wait_for(root: &HtmlElement, selector: &str) -> Element {
    wait_until(|| find(root, selector).is_some()).await;
    get(root, selector)
}

fn focused_tag() -> Option<String> {
    document().active_element().map(|e| e.tag_name())
}

#[wasm_bindgen_test]
async fn register_shows_the_translated_api_error_and_keeps_the_input() {
    // The test server has no `/api/register`: it answers 404, which must
    // read as the translated `not_found` message, not crash the page.
    let (root, _app) = mount_app_at("/register").await;
    type_into(&root, "#email", "budi@contoh.com").await;
    type_into(&root, "#password", "kuda lari di pantai").await;
    type_into(&root, "#password-repeat", "kuda lari di pantai").await;
    click(&root, "#accept-terms").await;

    get(&root, "#register-submit")
        .unchecked_into::<HtmlElement>()
        .click();
    let alert = wait_for(&root, "[role=alert] .alert").await;

    let expected = ID.error(akun_core::ErrorCode::NotFound);
    assert!(alert.text_content().unwrap().ends_with(expected));
    let email: HtmlInputElement = get(&root, "#email").unchecked_into();
    assert_eq!(email.value(), "budi@contoh.com");
    assert!(find(&root, "#email-error").is_none());
}

#[wasm_bindgen_test]
async fn navigating_moves_focus_to_the_new_page_title() {
    let (root, _app) = mount_app_at("/").await;
    // The first page of a visit leaves focus alone.
    assert_ne!(focused_tag().as_deref(), Some("H1"));

    get(&root, "#nav-help")
        .unchecked_into::<HtmlElement>()
        .click();
    assert!(wait_until(|| focused_tag().as_deref() == Some("H1")).await);

    let focused = document().active_element().unwrap();
    assert_eq!(
        focused.text_content().as_deref(),
        Some(ID.public().help_title())
    );
    assert_eq!(focused.get_attribute("tabindex").as_deref(), Some("-1"));
    let help_link = get(&root, "#nav-help");
    assert_eq!(
        help_link.get_attribute("aria-current").as_deref(),
        Some("page")
    );
    assert_eq!(
        document().title(),
        format!("{} · {}", ID.public().help_title(), ID.brand())
    );
}

#[wasm_bindgen_test]
async fn back_and_forward_buttons_follow_the_history() {
    let (root, _app) = mount_app_at("/").await;
    let heading = |root: &HtmlElement| text(root, "main#main h1");

    get(&root, "#nav-help")
        .unchecked_into::<HtmlElement>()
        .click();
    assert!(wait_until(|| heading(&root) == ID.public().help_title()).await);
    assert_eq!(
        web_sys::window().unwrap().location().pathname().unwrap(),
        "/help"
    );

    let history = web_sys::window().unwrap().history().unwrap();
    history.back().unwrap();
    assert!(wait_until(|| heading(&root) == ID.public().home_title()).await);
    assert_eq!(
        get(&root, "#nav-home")
            .get_attribute("aria-current")
            .as_deref(),
        Some("page")
    );
    assert_eq!(get(&root, "#nav-help").get_attribute("aria-current"), None);

    history.forward().unwrap();
    assert!(wait_until(|| heading(&root) == ID.public().help_title()).await);
}

#[wasm_bindgen_test]
async fn link_to_a_help_answer_opens_it_and_focuses_its_question() {
    let (root, _app) = mount_app_at("/register").await;

    get(&root, "a[href='/help#verification-email']")
        .unchecked_into::<HtmlElement>()
        .click();
    assert!(wait_until(|| focused_tag().as_deref() == Some("SUMMARY")).await);

    assert_eq!(text(&root, "h1"), ID.public().help_title());
    assert!(get(&root, "details#verification-email").has_attribute("open"));
    let focused = document().active_element().unwrap();
    assert_eq!(
        focused.text_content().as_deref(),
        Some(ID.public().help_email_q())
    );
}

async fn click(root: &HtmlElement, selector: &str) {
    get(root, selector).unchecked_into::<HtmlElement>().click();
    settle().await;
}

/// Waits, up to about eight seconds, for what happens after a countdown.
async fn wait_long(ready: impl Fn() -> bool) -> bool {
    for _ in 0..4 {
        if wait_until(&ready).await {
            return true;
        }
    }
    false
}

fn path() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

fn input_value(root: &HtmlElement, selector: &str) -> String {
    get(root, selector)
        .unchecked_into::<HtmlInputElement>()
        .value()
}

/// Whether the element is in the page and laid out: neither it nor a
/// parent is `hidden` (or otherwise not displayed).
fn shown(root: &HtmlElement, selector: &str) -> bool {
    find(root, selector)
        .is_some_and(|e| e.unchecked_into::<HtmlElement>().offset_parent().is_some())
}

fn attr(root: &HtmlElement, selector: &str, name: &str) -> Option<String> {
    get(root, selector).get_attribute(name)
}

/// Stands in for the API: replaces the browser's `fetch` with one that
/// answers from `answers` (status, JSON body) in order, repeating the last,
/// and records each request's path and body. Dropping it puts the real
/// `fetch` back.
struct FakeApi;

impl FakeApi {
    fn answering(answers: &[(u16, &str)]) -> Self {
        let queue: Vec<String> = answers
            .iter()
            .map(|(status, body)| format!("[{status}, {body:?}]"))
            .collect();
        let script = format!(
            "window.__realFetch = window.__realFetch || window.fetch;
             const queue = [{}];
             window.__requests = [];
             window.fetch = async (request) => {{
                 const body = await request.text();
                 window.__requests.push([new URL(request.url).pathname, body]);
                 const [status, answer] = queue.length > 1 ? queue.shift() : queue[0];
                 return new Response(answer, {{
                     status,
                     headers: {{ 'Content-Type': 'application/json' }},
                 }});
             }};",
            queue.join(", ")
        );
        js_sys::Function::new_no_args(&script)
            .call0(&JsValue::NULL)
            .unwrap();
        FakeApi
    }

    /// The requests so far: (path, body).
    fn requests(&self) -> Vec<(String, String)> {
        let window = web_sys::window().unwrap();
        let list = js_sys::Reflect::get(&window, &"__requests".into()).unwrap();
        js_sys::Array::from(&list)
            .iter()
            .map(|pair| {
                let pair = js_sys::Array::from(&pair);
                (
                    pair.get(0).as_string().unwrap(),
                    pair.get(1).as_string().unwrap(),
                )
            })
            .collect()
    }
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        js_sys::Function::new_no_args("window.fetch = window.__realFetch || window.fetch;")
            .call0(&JsValue::NULL)
            .unwrap();
    }
}

async fn fill_register_form(root: &HtmlElement) {
    type_into(root, "#email", "Budi@Contoh.com").await;
    type_into(root, "#password", "kopi tubruk pagi hari").await;
    type_into(root, "#password-repeat", "kopi tubruk pagi hari").await;
}

const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[wasm_bindgen_test]
async fn register_refuses_to_send_until_the_terms_are_accepted() {
    let api = FakeApi::answering(&[(500, "{}")]);
    let (root, _app) = mount_app_at("/register").await;
    let terms = get(&root, "#accept-terms");
    assert_eq!(
        attr(&root, "#accept-terms", "type").as_deref(),
        Some("checkbox")
    );
    assert_eq!(
        attr(&root, "#terms-link", "href").as_deref(),
        Some("/terms")
    );
    assert!(get(&root, "label[for=accept-terms]").contains(Some(&get(&root, "#terms-link"))));
    // No error before anything was tried.
    assert!(find(&root, "#accept-terms-error").is_none());
    assert_eq!(terms.get_attribute("aria-describedby"), None);

    fill_register_form(&root).await;
    click(&root, "#register-submit").await;

    let error = text(&root, "#accept-terms-error");
    assert!(error.ends_with(ID.err_terms_not_accepted()), "{error}");
    assert_eq!(terms.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        terms.get_attribute("aria-describedby").as_deref(),
        Some("accept-terms-error")
    );
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("accept-terms")
    );
    assert!(api.requests().is_empty(), "nothing is sent");

    click(&root, "#accept-terms").await;
    assert!(find(&root, "#accept-terms-error").is_none());
    assert_eq!(
        terms.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn the_password_strength_hint_follows_the_typing() {
    let (root, _app) = mount_app_at("/register").await;
    let hint = get(&root, "#password-strength");
    assert_eq!(hint.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(hint.get_attribute("data-strength"), None);

    type_into(&root, "#password", "password").await;
    assert_eq!(hint.get_attribute("data-strength").as_deref(), Some("weak"));
    assert!(text(&root, "#password-strength").contains(ID.password_strength()[0]));

    type_into(&root, "#password", "kopi1Susu").await;
    assert_eq!(hint.get_attribute("data-strength").as_deref(), Some("fair"));

    type_into(&root, "#password", "kopi tubruk pagi hari").await;
    assert_eq!(
        hint.get_attribute("data-strength").as_deref(),
        Some("strong")
    );
    assert!(text(&root, "#password-strength").contains(ID.password_strength()[2]));
}

#[wasm_bindgen_test]
async fn the_draft_survives_a_visit_to_the_terms() {
    let (root, _app) = mount_app_at("/register").await;
    fill_register_form(&root).await;
    click(&root, "#terms-link").await;
    assert!(wait_until(|| path() == "/terms").await);
    assert_eq!(text(&root, "h1"), ID.public().terms_title());
    assert_eq!(root.query_selector_all("main h2").unwrap().length(), 5);

    click(&root, "#terms-back").await;
    assert!(wait_until(|| path() == "/register").await);
    settle().await;
    assert_eq!(input_value(&root, "#email"), "Budi@Contoh.com");
    assert_eq!(
        input_value(&root, "#password-repeat"),
        "kopi tubruk pagi hari"
    );
}

#[wasm_bindgen_test]
async fn register_waits_calmly_while_busy_then_goes_to_check_email() {
    let api = FakeApi::answering(&[
        (503, r#"{"code":"busy","retry_after":1}"#),
        (202, r#"{"sent_to":"budi@contoh.com","resend_after":60}"#),
    ]);
    let (root, _app) = mount_app_at("/register").await;
    fill_register_form(&root).await;
    click(&root, "#accept-terms").await;
    click(&root, "#register-submit").await;

    // Busy: a countdown in a status region, not an error; input kept.
    let waiting = wait_for(&root, "[role=status] .waiting:not([hidden])").await;
    assert!(waiting.text_content().unwrap().contains("1 detik"));
    assert!(shown(&root, "#busy-cancel"));
    assert!(find(&root, "[role=alert] .alert").is_none());
    assert_eq!(
        attr(&root, "#register-submit", "aria-disabled").as_deref(),
        Some("true")
    );
    assert_eq!(text(&root, "#register-submit"), ID.sending());
    assert_eq!(input_value(&root, "#password"), "kopi tubruk pagi hari");

    // It tries again by itself, and on 202 shows where the link went.
    assert!(wait_long(|| path() == "/register/check-email").await);
    let sent_to = wait_for(&root, "#sent-to").await;
    assert_eq!(sent_to.text_content().as_deref(), Some("budi@contoh.com"));
    let requests = api.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].0, "/api/register");
    assert_eq!(
        requests[1].1,
        r#"{"email":"budi@contoh.com","password":"kopi tubruk pagi hari","accept_terms":true,"lang":"id"}"#
    );
    let tab = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    assert_eq!(
        tab.get_item(EMAIL_KEY).unwrap().as_deref(),
        Some("budi@contoh.com")
    );
    assert!(
        !web_sys::window()
            .unwrap()
            .location()
            .href()
            .unwrap()
            .contains("budi")
    );
    assert!(attr(&root, "#resend", "disabled").is_some());
    let status = text(&root, "#resend-status");
    assert!(
        ["59 detik", "60 detik", "61 detik"]
            .iter()
            .any(|s| status.contains(s)),
        "{status}"
    );
}

#[wasm_bindgen_test]
async fn cancelling_the_wait_keeps_everything_typed() {
    let api = FakeApi::answering(&[(503, r#"{"code":"busy","retry_after":30}"#)]);
    let (root, _app) = mount_app_at("/register").await;
    fill_register_form(&root).await;
    click(&root, "#accept-terms").await;
    click(&root, "#register-submit").await;
    assert!(wait_until(|| shown(&root, "#busy-cancel")).await);
    let notice = text(&root, ".waiting");
    assert!(notice.contains(" detik"), "{notice}");

    click(&root, "#busy-cancel").await;

    assert!(!shown(&root, "#busy-cancel"));
    let alert = wait_for(&root, "[role=alert] .alert").await;
    assert!(alert.text_content().unwrap().ends_with(ID.err_busy()));
    assert_eq!(input_value(&root, "#email"), "Budi@Contoh.com");
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("register-submit")
    );
    assert_eq!(attr(&root, "#register-submit", "aria-disabled"), None);
    assert_eq!(api.requests().len(), 1);
}

/// The busy notice on its own, counting down.
#[wasm_bindgen_test]
async fn the_busy_notice_counts_down_and_can_be_cancelled() {
    with_english();
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let owner = Owner::new();
    let wait = owner.with(Countdown::new);
    let handle = owner.with(|| {
        mount_to(root.clone(), move || {
            provide_context(RwSignal::new(Lang::En));
            view! { <BusyWait wait=wait /> }
        })
    });
    wait.start_until(akun::wait::now() + 3000.0);
    settle().await;

    let notice = text(&root, "[role=status]");
    assert!(notice.contains("in 3 seconds"), "{notice}");
    assert!(
        wait_long(|| text(&root, "[role=status] [aria-hidden]").contains("in 2 seconds")).await
    );
    // Screen readers keep the sentence it started with.
    assert!(text(&root, "[role=status] .sr-only").contains("in 3 seconds"));

    click(&root, "#busy-cancel").await;
    assert!(!shown(&root, "#busy-cancel"));
    assert!(get(&root, ".waiting").has_attribute("hidden"));
    drop(handle);
    owner.cleanup();
    root.remove();
}

#[wasm_bindgen_test]
async fn check_email_shows_the_remembered_address_and_the_resend_cooldown() {
    let at = ((akun::wait::now() + 45_000.0) / 1000.0) as u32;
    let (root, _app) = mount_app_with_session(
        "/register/check-email",
        &[
            (EMAIL_KEY, "siti@contoh.com"),
            (RESEND_AT_KEY, &at.to_string()),
        ],
    )
    .await;

    assert_eq!(text(&root, "h1"), ID.public().check_title());
    assert_eq!(text(&root, "#sent-to"), "siti@contoh.com");
    assert!(find(&root, "#resend-email").is_none());
    assert!(attr(&root, "#resend", "disabled").is_some());
    let status = get(&root, "#resend-status");
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    let shown = status.text_content().unwrap();
    assert!(
        shown.contains("45 detik") || shown.contains("44 detik"),
        "{shown}"
    );
    assert_eq!(
        attr(&root, "#report-link", "href").as_deref(),
        Some("/report")
    );
    assert!(text(&root, "main").contains(ID.public().help_email_steps()[1]));
}

#[wasm_bindgen_test]
async fn check_email_without_an_address_asks_for_one_and_a_limit_becomes_a_countdown() {
    let api = FakeApi::answering(&[(429, r#"{"code":"too_many_requests","retry_after":1800}"#)]);
    let (root, _app) = mount_app_at("/register/check-email").await;
    assert!(find(&root, "#sent-to").is_none());
    assert_eq!(attr(&root, "#resend", "disabled"), None);

    click(&root, "#resend").await;
    assert!(find(&root, "#resend-email-error").is_some());
    assert!(api.requests().is_empty());

    type_into(&root, "#resend-email", "siti@contoh.com").await;
    click(&root, "#resend").await;
    assert!(wait_until(|| attr(&root, "#resend", "disabled").is_some()).await);

    // 1800 s, stored in whole seconds rounded up: 30 or 31 minutes.
    let status = text(&root, "#resend-status");
    assert!(
        status.contains("30 menit") || status.contains("31 menit"),
        "{status}"
    );
    assert!(find(&root, "[role=alert] .alert").is_none());
    assert_eq!(
        api.requests()[0],
        (
            "/api/register/resend".to_owned(),
            r#"{"email":"siti@contoh.com","lang":"id"}"#.to_owned()
        )
    );
}

#[wasm_bindgen_test]
async fn a_malformed_link_is_invalid_without_asking_the_api() {
    let api = FakeApi::answering(&[(500, "{}")]);
    let (root, _app) = mount_app_at("/verify#token=abc").await;

    assert_eq!(
        attr(&root, "#verify-result", "data-state").as_deref(),
        Some("invalid")
    );
    assert_eq!(text(&root, "h1"), ID.public().verify_invalid_title());
    assert!(text(&root, "#verify-result").contains(ID.err_token_invalid()));
    assert!(shown(&root, "#resend-email"));
    assert!(shown(&root, "#resend"));
    assert!(!shown(&root, "#verify-login"));
    assert!(!shown(&root, "#verify-retry"));
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "");
    settle().await;
    assert!(api.requests().is_empty());
}

#[wasm_bindgen_test]
async fn a_good_link_activates_the_account_and_leaves_no_token_behind() {
    let api = FakeApi::answering(&[(200, r#"{"email":"bu***@contoh.com"}"#)]);
    let (root, _app) = mount_app_at(&format!("/verify#token={TOKEN}")).await;
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "");
    assert!(
        !web_sys::window()
            .unwrap()
            .location()
            .href()
            .unwrap()
            .contains(TOKEN)
    );

    assert!(
        wait_until(|| attr(&root, "#verify-result", "data-state").as_deref() == Some("active"))
            .await
    );
    assert_eq!(text(&root, "h1"), ID.public().verify_active_title());
    assert_eq!(text(&root, "#verify-email"), "bu***@contoh.com");
    assert_eq!(
        attr(&root, "#verify-login", "href").as_deref(),
        Some("/login")
    );
    assert!(shown(&root, "#verify-login"));
    assert!(!shown(&root, "#resend-email"));
    assert!(!shown(&root, "#verify-retry"));
    assert_eq!(
        api.requests(),
        [(
            "/api/register/verify".to_owned(),
            format!(r#"{{"token":"{TOKEN}"}}"#)
        )]
    );
}

#[wasm_bindgen_test]
async fn an_expired_link_offers_a_new_one() {
    let api = FakeApi::answering(&[
        (410, r#"{"code":"token_expired"}"#),
        (202, r#"{"resend_after":60}"#),
    ]);
    let (root, _app) = mount_app_at(&format!("/verify#token={TOKEN}")).await;
    assert!(
        wait_until(|| attr(&root, "#verify-result", "data-state").as_deref() == Some("expired"))
            .await
    );
    assert_eq!(text(&root, "h1"), ID.public().verify_expired_title());
    assert!(!shown(&root, "#verify-login"));

    type_into(&root, "#resend-email", "budi@contoh.com").await;
    click(&root, "#resend").await;
    assert!(wait_until(|| attr(&root, "#resend", "disabled").is_some()).await);
    let status = text(&root, "#resend-status");
    assert!(status.contains(ID.public().resend_sent()), "{status}");
    assert!(
        ["59 detik", "60 detik", "61 detik"]
            .iter()
            .any(|s| status.contains(s)),
        "{status}"
    );
    assert_eq!(api.requests().len(), 2);
}

#[wasm_bindgen_test]
async fn a_used_link_says_so_and_offers_the_login() {
    let _api = FakeApi::answering(&[(410, r#"{"code":"token_used"}"#)]);
    let (root, _app) = mount_app_at(&format!("/verify#token={TOKEN}")).await;
    assert!(
        wait_until(|| attr(&root, "#verify-result", "data-state").as_deref() == Some("used")).await
    );
    assert!(text(&root, "#verify-result").contains(ID.err_token_used()));
    assert_eq!(
        attr(&root, "#verify-login", "href").as_deref(),
        Some("/login")
    );
    assert!(shown(&root, "#resend-email"));
}

#[wasm_bindgen_test]
async fn when_the_api_cannot_be_reached_the_verify_page_offers_to_try_again() {
    // No fake: the test server has no `/api/register/verify` and answers 404.
    let (root, _app) = mount_app_at(&format!("/verify#token={TOKEN}")).await;
    assert!(
        wait_until(|| attr(&root, "#verify-result", "data-state").as_deref() == Some("error"))
            .await
    );
    assert_eq!(text(&root, "h1"), ID.public().verify_error_title());
    assert!(text(&root, "#verify-result").contains(ID.error(ErrorCode::NotFound)));

    let _api = FakeApi::answering(&[(200, r#"{"email":"bu***@contoh.com"}"#)]);
    click(&root, "#verify-retry").await;
    assert!(
        wait_until(|| attr(&root, "#verify-result", "data-state").as_deref() == Some("active"))
            .await
    );
}

#[wasm_bindgen_test]
async fn opening_a_link_again_in_the_same_tab_checks_it_again() {
    let api = FakeApi::answering(&[
        (200, r#"{"email":"bu***@contoh.com"}"#),
        (410, r#"{"code":"token_used"}"#),
    ]);
    let (root, _app) = mount_app_at(&format!("/verify#token={TOKEN}")).await;
    assert!(
        wait_until(|| attr(&root, "#verify-result", "data-state").as_deref() == Some("active"))
            .await
    );

    // Only the fragment changes, so the page is not loaded again.
    let location = web_sys::window().unwrap().location();
    location.set_hash(&format!("token={TOKEN}")).unwrap();

    assert!(
        wait_until(|| attr(&root, "#verify-result", "data-state").as_deref() == Some("used")).await
    );
    assert_eq!(location.hash().unwrap(), "");
    assert_eq!(api.requests().len(), 2);
}

// The account bundle, links between bundles, and what search engines read.

/// A signed-in account as `GET /api/me` answers it.
const ME: &str = r#"{"email":"budi@contoh.com","first_name":"BUDI","name_masked":"BUDI S******","status":"active","lang":"id","identity_complete":true,"nik_masked":"3201********0001","phone_masked":"+62 812****7890","phone_verified":true,"beneficiary_this_year":false}"#;

fn meta(name: &str) -> Option<String> {
    document()
        .query_selector(&format!("meta[name='{name}']"))
        .unwrap()
        .and_then(|m| m.get_attribute("content"))
}

#[wasm_bindgen_test]
async fn the_account_bundle_routes_its_own_pages_and_leaves_others_to_the_browser() {
    let _api = FakeApi::answering(&[(200, ME)]);
    let (root, _app) = mount_account_at("/account").await;
    assert!(wait_until(|| text(&root, "h1") == ID.account().dashboard_title()).await);
    // The header offers "My account" once `/api/me` answered.
    wait_for(&root, "#nav-account").await;
    // Its own pages are links the router follows; pages of the other
    // bundle are full loads.
    assert_eq!(attr(&root, "#dashboard-profile", "rel"), None);
    assert_eq!(
        attr(&root, "#dashboard-help", "rel").as_deref(),
        Some("external")
    );
    assert_eq!(
        attr(&root, "#nav-account", "aria-current").as_deref(),
        Some("page")
    );

    click(&root, "#dashboard-profile").await;
    assert!(wait_until(|| text(&root, "h1") == ID.account().profile_title()).await);
    assert!(wait_until(|| path() == "/account/profile").await);
    // Still marked: the profile is under "My account".
    assert_eq!(
        attr(&root, "#nav-account", "aria-current").as_deref(),
        Some("page")
    );

    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    assert!(wait_until(|| text(&root, "h1") == ID.account().dashboard_title()).await);
    assert_eq!(path(), "/account");
}

#[wasm_bindgen_test]
async fn an_unknown_account_path_is_not_found_in_the_account_bundle() {
    let _api = FakeApi::answering(&[(200, ME)]);
    let (root, _app) = mount_account_at("/account/tidak-ada").await;
    assert_eq!(text(&root, "h1"), ID.not_found_title());
    // Home belongs to the applicant's bundle.
    assert_eq!(
        attr(&root, "#not-found-home", "rel").as_deref(),
        Some("external")
    );
}

#[wasm_bindgen_test]
async fn the_applicants_bundle_loads_the_account_pages_instead_of_routing_to_them() {
    let (root, _app) = mount_signed_in_at("/").await;
    assert_eq!(
        attr(&root, "#nav-account", "href").as_deref(),
        Some("/account")
    );
    assert_eq!(
        attr(&root, "#nav-account", "rel").as_deref(),
        Some("external")
    );
    assert_eq!(attr(&root, "#nav-help", "rel"), None);
}

#[wasm_bindgen_test]
async fn the_dashboard_says_whether_the_person_is_a_beneficiary_this_year() {
    let _api = FakeApi::answering(&[(200, ME)]);
    let (root, _app) = mount_account_at("/account").await;
    assert!(wait_until(|| shown(&root, "#beneficiary-status")).await);
    assert_eq!(
        text(&root, "#beneficiary-status"),
        ID.account().beneficiary_no()
    );

    let yes = ME.replace(
        r#""beneficiary_this_year":false"#,
        r#""beneficiary_this_year":true"#,
    );
    let _api = FakeApi::answering(&[(200, &yes)]);
    let (root, _app) = mount_account_at("/account").await;
    assert!(
        wait_until(|| text(&root, "#beneficiary-status") == ID.account().beneficiary_yes()).await
    );
}

/// The phone's `GET /api/profile/phone/status` while a code waits.
const PHONE_WAITING: &str = r#"{"sent_to":"+62 812****7890","verified":false,"code_expires_in":300,"new_codes_left":5,"delivery_failed":false}"#;

#[wasm_bindgen_test]
async fn the_texted_code_screen_speaks_of_sms_under_one_heading() {
    let _api = FakeApi::answering(&[(200, PHONE_WAITING)]);
    let (root, _app) = mount_account_at("/account/phone").await;
    assert!(wait_until(|| find(&root, "#code-hint").is_some()).await);
    assert_eq!(text(&root, "#code-hint"), ID.phone_code_hint());
    assert!(!text(&root, "main").contains(ID.code_hint()));
    assert_eq!(root.query_selector_all("h1").unwrap().length(), 1);
    assert_eq!(text(&root, "h1"), ID.account().phone_title());
    assert!(!text(&root, "main").contains(ID.code_title()));
}

#[wasm_bindgen_test]
async fn pressing_a_submit_button_keeps_focus_in_the_field_being_edited() {
    let _api = FakeApi::answering(&[(200, ME)]);
    let (root, _app) = mount_account_at("/account/identity").await;
    let submit = wait_for(&root, "button[type=submit]").await;
    // The press must not blur the field: its error would appear and push
    // the button from under the finger before the release.
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let press = web_sys::MouseEvent::new_with_mouse_event_init_dict("mousedown", &init).unwrap();
    assert!(
        !submit.dispatch_event(&press).unwrap(),
        "mousedown was not prevented"
    );
}

#[wasm_bindgen_test]
async fn the_wallet_provider_has_a_label_of_its_own() {
    let _api = FakeApi::answering(&[(200, r#"{"linked":null}"#)]);
    let (root, _app) = mount_account_at("/account/payout").await;
    assert!(wait_until(|| shown(&root, "#wallet-provider")).await);
    let provider = text(&root, "label[for='wallet-provider']");
    assert_eq!(provider, ID.account().payout_provider_label());
    assert_ne!(provider, text(&root, "label[for='kind-ewallet']"));
}

#[wasm_bindgen_test]
async fn a_used_reset_link_does_not_keep_the_forms_title() {
    let _api = FakeApi::answering(&[(410, r#"{"code":"token_used"}"#)]);
    let (root, _app) = mount_app_at(&format!("/reset#token={TOKEN}")).await;
    assert!(
        wait_until(|| attr(&root, "#reset-result", "data-state").as_deref() == Some("used")).await
    );
    assert_eq!(text(&root, "h1"), ID.public().verify_used_title());
    assert!(!document().title().starts_with(ID.public().reset_title()));
}

#[wasm_bindgen_test]
async fn entry_pages_invite_search_engines_and_token_pages_keep_them_out() {
    let (_root, app) = mount_app_at("/register").await;
    assert_eq!(meta("robots").as_deref(), Some("index, follow"));
    assert_eq!(
        meta("description").as_deref(),
        Some(ID.public().meta_register())
    );
    assert_eq!(
        document().title(),
        format!("{} · {}", ID.public().register_title(), ID.brand())
    );
    drop(app);

    let (_root, app) = mount_app_at("/login/code").await;
    assert_eq!(meta("robots").as_deref(), Some("noindex"));
    drop(app);

    let _api = FakeApi::answering(&[(200, ME)]);
    let (_root, _app) = mount_account_at("/account").await;
    assert_eq!(meta("robots").as_deref(), Some("noindex"));
}

// Each reader of `src/api.rs` against the `akun-core` type the API writes:
// the type goes through serde to JSON and back through the reader.

fn written<T: serde::Serialize>(value: &T) -> akun::api::Body {
    akun::api::Body::parse(&akun::api::to_json(value).unwrap())
}

#[wasm_bindgen_test]
fn reading_me_follows_the_cores_me() {
    use akun_core::api::{Lang, Me};
    let me = Me {
        email: "budi@contoh.com".into(),
        first_name: Some("BUDI".into()),
        name_masked: Some("BUDI S******".into()),
        status: "active".into(),
        lang: Lang::Id,
        identity_complete: true,
        nik_masked: Some("3201********0001".into()),
        kk_masked: Some("3201********0003".into()),
        date_of_birth: Some("01/02/1990".into()),
        phone_masked: Some("+62 812****7890".into()),
        phone_verified: true,
        beneficiary_this_year: true,
    };
    let read = akun::api::read_me(&written(&me)).unwrap();
    assert_eq!(
        read,
        akun::api::Me {
            email: me.email,
            first_name: me.first_name,
            name_masked: me.name_masked,
            identity_complete: true,
            nik: me.nik_masked,
            kk: me.kk_masked,
            date_of_birth: me.date_of_birth,
            phone: me.phone_masked,
            phone_verified: true,
            beneficiary: true,
        }
    );
}

#[wasm_bindgen_test]
fn reading_an_error_follows_the_cores_api_error() {
    use akun_core::{ApiError, BlockReason, Blocked, ErrorCode};
    let blocked = ApiError::blocked(Blocked {
        reason: BlockReason::DuplicateAccount,
        is_final: true,
    });
    let text = akun::api::to_json(&blocked).unwrap();
    assert_eq!(akun::api::error_from_json(&text), Some(blocked));
    let mut wrong = ApiError::field(ErrorCode::OtpWrong, "code");
    wrong.left = Some(3);
    wrong.retry_after = Some(30);
    let text = akun::api::to_json(&wrong).unwrap();
    assert_eq!(akun::api::error_from_json(&text), Some(wrong));
}

#[wasm_bindgen_test]
fn reading_sessions_follows_the_cores_session_info() {
    use akun_core::api::SessionInfo;
    let list = vec![SessionInfo {
        id: "ab12".into(),
        device: "Chrome di Android".into(),
        created_at: 1_700_000_000_000,
        last_seen_at: 1_700_000_060_000,
        current: true,
    }];
    let read = akun::api::read_sessions(&written(&list));
    assert_eq!(
        read,
        vec![akun::api::Device {
            id: "ab12".into(),
            name: "Chrome di Android".into(),
            created_at: 1_700_000_000_000.0,
            last_seen_at: 1_700_000_060_000.0,
            current: true,
        }]
    );
}

#[wasm_bindgen_test]
fn reading_the_payout_follows_the_cores_payout_status() {
    use akun_core::api::{LinkedPayout, PayoutKind, PayoutStatus, Wallet};
    let status = PayoutStatus {
        linked: Some(LinkedPayout {
            kind: PayoutKind::Ewallet,
            provider: Some(Wallet::Gopay),
            masked_number: "+62 812****7890".into(),
            linked_at: 1_700_000_000_000,
            usable_from: 1_700_259_200_000,
        }),
    };
    let read = akun::api::read_payout(&written(&status)).unwrap();
    assert_eq!(read.provider.as_deref(), Some("gopay"));
    assert_eq!(read.masked_number, "+62 812****7890");
    assert_eq!(read.usable_from, 1_700_259_200_000.0);
    assert_eq!(
        akun::api::read_payout(&written(&PayoutStatus { linked: None })),
        None
    );
}

#[wasm_bindgen_test]
fn reading_a_code_state_follows_the_cores_login_and_phone_status() {
    use akun_core::api::{CodeState, CodeStatus, PhoneStatus};
    let state = CodeState {
        code_expires_in: 300,
        new_codes_left: 4,
        codes_locked_for: Some(7200),
        delivery_failed: true,
    };
    let expected = akun::api::CodeAnswer {
        sent_to: "b***@contoh.com".into(),
        state: state.clone(),
    };
    let login = CodeStatus {
        attempt: "handle".into(),
        sent_to: expected.sent_to.clone(),
        code: state.clone(),
    };
    let body = written(&login);
    assert_eq!(akun::api::read_code_state(&body).as_ref(), Some(&expected));
    assert_eq!(akun::api::read_attempt(&body).as_deref(), Some("handle"));

    let phone = PhoneStatus {
        sent_to: expected.sent_to.clone(),
        verified: true,
        code: state,
    };
    let body = written(&phone);
    assert_eq!(akun::api::read_code_state(&body), Some(expected));
    assert!(akun::api::read_phone_verified(&body));
}

#[wasm_bindgen_test]
fn reading_the_small_answers_follows_the_core() {
    use akun_core::api::{
        CaptchaResponse, RegisterResponse, ResendResponse, ResetCheckResponse, VerifyResponse,
    };
    let captcha = CaptchaResponse {
        id: "c1".into(),
        image: "data:image/png;base64,AA".into(),
    };
    assert_eq!(
        akun::api::read_captcha(&written(&captcha)),
        Some((captcha.id.clone(), captcha.image.clone()))
    );
    let registered = RegisterResponse {
        sent_to: "b***@contoh.com".into(),
        resend_after: 60,
    };
    assert_eq!(
        akun::api::read_registered(&written(&registered)),
        Some(("b***@contoh.com".into(), 60))
    );
    assert_eq!(
        akun::api::read_resend_after(&written(&ResendResponse { resend_after: 42 })),
        Some(42)
    );
    assert_eq!(
        akun::api::read_verified_email(&written(&VerifyResponse {
            email: "budi@contoh.com".into()
        }))
        .as_deref(),
        Some("budi@contoh.com")
    );
    assert_eq!(
        akun::api::read_reset_account(&written(&ResetCheckResponse {
            email_masked: "b***@contoh.com".into()
        }))
        .as_deref(),
        Some("b***@contoh.com")
    );
}

#[wasm_bindgen_test]
async fn a_blocked_account_is_told_why_whether_it_is_final_and_how_to_appeal() {
    // Sent here by an account page that the API refused.
    let (root, app) =
        mount_app_with_session("/login", &[(akun::account::NOTE_KEY, "blocked:fraud:0")]).await;
    assert_eq!(text(&root, "#blocked h2"), ID.blocked_title());
    assert_eq!(text(&root, "#blocked-reason"), ID.block_reasons()[1]);
    assert_eq!(text(&root, "#blocked-finality"), ID.blocked_not_final());
    assert_eq!(
        attr(&root, "#blocked-appeal", "href").as_deref(),
        Some("/report")
    );
    drop(app);

    // Or by the login itself, after the right password.
    let _api = FakeApi::answering(&[
        (200, r#"{"id":"c1","image":"data:image/png;base64,AA"}"#),
        (
            403,
            r#"{"code":"account_blocked","blocked":{"reason":"terms_violation","final":true}}"#,
        ),
    ]);
    let (root, _app) = mount_app_at("/login").await;
    // The picture has arrived before the person types what it says.
    assert!(wait_until(|| attr(&root, "#captcha-image", "src").is_some()).await);
    type_into(&root, "#email", "budi@contoh.com").await;
    type_into(&root, "#password", "kopi tubruk pagi hari").await;
    type_into(&root, "#captcha", "ab3de").await;
    click(&root, "#login-submit").await;
    assert!(wait_until(|| find(&root, "#blocked").is_some()).await);
    assert_eq!(text(&root, "#blocked-reason"), ID.block_reasons()[0]);
    assert_eq!(text(&root, "#blocked-finality"), ID.blocked_final());
}

// The Report Form's bundle.

/// The Report Form's bundle ([`ReportApp`]) at `path`, under `/report`.
async fn mount_report_at(path: &str) -> (HtmlElement, Mounted) {
    let tab = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    tab.remove_item("akun.report").unwrap();
    mount_bundle(path, &[], Bundle::Report).await
}

fn focused_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

async fn fill_report(root: &HtmlElement) {
    click(root, "#kind-cannot_log_in").await;
    type_into(
        root,
        "#description",
        "Kode OTP tidak pernah sampai ke email saya sejak kemarin.",
    )
    .await;
    type_into(root, "#email", "budi@contoh.com").await;
    type_into(root, "#phone", "0812 3456 7890").await;
    type_into(root, "#name", "Budi Santoso").await;
    type_into(root, "#nik", "3201011708900001").await;
    type_into(root, "#dob", "17/08/1990").await;
}

const DRAFT_MISSING: (u16, &str) = (404, r#"{"code":"draft_missing"}"#);
const DRAFT_FULL: (u16, &str) = (
    200,
    r#"{"photos":["ektp","kk","selfie_ektp","selfie_kk"],"expires_at":1800000000000}"#,
);

#[wasm_bindgen_test]
async fn the_report_form_asks_what_happened_and_for_four_photos() {
    let _api = FakeApi::answering(&[DRAFT_MISSING]);
    let (root, _app) = mount_report_at("/report").await;
    assert_eq!(text(&root, "h1"), ID.report().report_title());
    assert_eq!(
        root.query_selector_all("input[type=radio][name=kind]")
            .unwrap()
            .length(),
        6
    );
    assert_eq!(root.query_selector_all("section.slot").unwrap().length(), 4);
    for slot in ["ektp", "kk", "selfie_ektp", "selfie_kk"] {
        assert!(shown(&root, &format!("#slot-{slot}-take")), "{slot}");
        assert!(shown(&root, &format!("#file-{slot}-button")), "{slot}");
        assert_eq!(
            attr(&root, &format!("#slot-{slot}"), "data-state").as_deref(),
            Some("empty")
        );
    }
    assert_eq!(
        text(&root, "#slot-selfie_kk-title"),
        ID.report().slot_titles()[3]
    );

    // Nothing chosen: the choice is the first thing to fix.
    click(&root, "#report-submit").await;
    assert!(wait_until(|| focused_id() == "kind").await, "focus on kind");
    assert!(text(&root, "#kind-error").contains(ID.error(ErrorCode::CaseKindMissing)));
    assert_eq!(
        attr(&root, "#kind", "aria-invalid").as_deref(),
        Some("true")
    );

    // Every field right, but no photo sent: each slot says so.
    fill_report(&root).await;
    click(&root, "#report-submit").await;
    assert!(shown(&root, "#photos-missing"));
    assert!(
        wait_until(|| focused_id() == "slot-ektp-title").await,
        "focus on slot-ektp-title"
    );
    assert!(text(&root, "#slot-kk-error").contains(ID.err_photo_missing()));
    assert!(
        attr(&root, "#slot-kk", "aria-describedby")
            .unwrap()
            .contains("slot-kk-error")
    );
}

#[wasm_bindgen_test]
async fn the_description_counts_its_characters_and_the_nik_must_match_the_birth_date() {
    let _api = FakeApi::answering(&[DRAFT_MISSING]);
    let (root, _app) = mount_report_at("/report").await;
    type_into(&root, "#description", "pendek").await;
    assert_eq!(
        text(&root, "#description-count"),
        ID.report().description_count().replace("{n}", "6")
    );
    assert!(text(&root, "#description-error").contains(ID.error(ErrorCode::DescriptionTooShort)));
    type_into(&root, "#dob", "18/08/1990").await;
    type_into(&root, "#nik", "3201011708900001").await;
    assert!(text(&root, "#nik-error").contains(ID.error(ErrorCode::NikDobMismatch)));
    type_into(&root, "#name", "Budi 2").await;
    assert!(text(&root, "#name-error").contains(ID.error(ErrorCode::NameInvalid)));
}

#[wasm_bindgen_test]
async fn what_was_typed_survives_a_reload_of_the_form() {
    let _api = FakeApi::answering(&[DRAFT_MISSING]);
    let (root, app) = mount_report_at("/report").await;
    type_into(&root, "#description", "Akun saya diblokir tanpa alasan.").await;
    type_into(&root, "#email", "budi@contoh.com").await;
    click(&root, "#kind").await;
    drop(app);
    // Mounted again without clearing the tab's storage, as a reload.
    let (root, _app) = mount_bundle("/report", &[], Bundle::Report).await;
    assert_eq!(
        get(&root, "#description")
            .unchecked_into::<web_sys::HtmlTextAreaElement>()
            .value(),
        "Akun saya diblokir tanpa alasan."
    );
    assert_eq!(input_value(&root, "#email"), "budi@contoh.com");
    assert!(
        get(&root, "#kind")
            .unchecked_into::<HtmlInputElement>()
            .checked()
    );
}

#[wasm_bindgen_test]
async fn photos_the_draft_holds_count_and_the_case_number_comes_back() {
    let api = FakeApi::answering(&[
        DRAFT_FULL,
        (201, r#"{"case":"PK-7Q4M-2KXD","email":"bu***@contoh.com"}"#),
    ]);
    let (root, _app) = mount_report_at("/report").await;
    assert!(
        wait_until(|| attr(&root, "#slot-selfie_kk", "data-state").as_deref() == Some("sent"))
            .await
    );
    assert!(text(&root, "#slot-ektp-status").contains(ID.report().slot_sent_earlier()));
    fill_report(&root).await;
    click(&root, "#report-submit").await;
    assert!(wait_until(|| find(&root, "#case-number").is_some()).await);
    assert_eq!(text(&root, "#case-number").trim(), "PK-7Q4M-2KXD");
    assert_eq!(text(&root, "h1"), ID.report().sent_title());
    assert!(text(&root, "#report-sent").contains("bu***@contoh.com"));
    assert_eq!(
        attr(&root, "#report-status", "href").as_deref(),
        Some("/report/status/PK-7Q4M-2KXD")
    );

    let (path, body) = api.requests().pop().unwrap();
    assert_eq!(path, "/api/reports");
    let sent = akun::api::Body::parse(&body);
    assert_eq!(sent.string("kind").as_deref(), Some("cannot_log_in"));
    assert_eq!(sent.string("nik").as_deref(), Some("3201011708900001"));
    assert_eq!(sent.string("date_of_birth").as_deref(), Some("17/08/1990"));
    assert_eq!(sent.string("lang").as_deref(), Some("id"));
    // Nothing typed stays behind in the tab once the case is in.
    let tab = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    assert_eq!(tab.get_item("akun.report").unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_refused_field_is_shown_at_the_field_and_the_captcha_when_asked() {
    let _api = FakeApi::answering(&[
        DRAFT_FULL,
        (422, r#"{"code":"name_invalid","field":"name"}"#),
        (428, r#"{"code":"captcha_required"}"#),
    ]);
    let (root, _app) = mount_report_at("/report").await;
    assert!(
        wait_until(|| attr(&root, "#slot-ektp", "data-state").as_deref() == Some("sent")).await
    );
    fill_report(&root).await;
    click(&root, "#report-submit").await;
    assert!(wait_until(|| find(&root, "#name-error").is_some()).await);
    assert!(text(&root, "#name-error").contains(ID.error(ErrorCode::NameInvalid)));
    type_into(&root, "#name", "Budi Santosa").await;
    click(&root, "#report-submit").await;
    assert!(wait_until(|| shown(&root, "#captcha")).await);
}

#[wasm_bindgen_test]
async fn a_signed_in_person_is_not_asked_for_the_identity_again() {
    let _api = FakeApi::answering(&[
        (
            200,
            r#"{"email":"budi@contoh.com","status":"active","lang":"id","identity_complete":true,"name_masked":"BUDI S******","nik_masked":"3201********0001","date_of_birth":"17/08/1990"}"#,
        ),
        DRAFT_MISSING,
    ]);
    let (root, _app) = mount_bundle("/report", &[("signed-in", "1")], Bundle::Report).await;
    assert!(wait_until(|| find(&root, "#identity-from-account").is_some()).await);
    assert!(find(&root, "#nik").is_none());
    assert!(text(&root, ".report").contains("3201********0001"));
    assert_eq!(input_value(&root, "#email"), "budi@contoh.com");
}

const CASE_MORE_INFO: &str = r#"{"case":"PK-7Q4M-2KXD","kind":"blocked","status":"more_info","submitted_at":1764000000000,"updated_at":1764100000000,"needed":["ektp_photo","description"]}"#;

#[wasm_bindgen_test]
async fn the_status_page_says_where_a_case_stands_and_what_is_needed() {
    let api = FakeApi::answering(&[(200, CASE_MORE_INFO)]);
    let (root, _app) = mount_report_at("/report/status").await;
    assert_eq!(text(&root, "h1"), ID.report().status_title());
    type_into(&root, "#case", "pk 7q4m 2kxd").await;
    type_into(&root, "#email", "Budi@Contoh.com").await;
    click(&root, "#status-submit").await;
    assert!(wait_until(|| find(&root, "#case-view").is_some()).await);
    assert_eq!(text(&root, "#case-view-status"), ID.report().statuses()[2]);
    let needs = text(&root, "#case-view-needs");
    assert!(needs.contains(ID.report().needs()[0]));
    assert!(needs.contains(ID.report().needs()[4]));
    assert!(
        wait_until(|| focused_id() == "case-view").await,
        "focus on case-view"
    );
    let (path, body) = api.requests().pop().unwrap();
    assert_eq!(path, "/api/reports/status");
    let sent = akun::api::Body::parse(&body);
    assert_eq!(sent.string("email").as_deref(), Some("budi@contoh.com"));
    assert_eq!(sent.string("key"), None);
}

#[wasm_bindgen_test]
async fn the_emailed_link_opens_the_case_without_asking() {
    let api = FakeApi::answering(&[(
        200,
        r#"{"case":"PK-7Q4M-2KXD","kind":"blocked","status":"rejected","submitted_at":1764000000000,"updated_at":1764100000000,"reason":"photos_unclear"}"#,
    )]);
    let (root, _app) = mount_report_at("/report/status/PK-7Q4M-2KXD#key=0a1b2c3d").await;
    assert!(wait_until(|| find(&root, "#case-view").is_some()).await);
    assert_eq!(text(&root, "#case-view-status"), ID.report().statuses()[4]);
    assert_eq!(
        text(&root, "#case-view-detail"),
        ID.report().reject_reasons()[0]
    );
    let (_, body) = api.requests().pop().unwrap();
    let sent = akun::api::Body::parse(&body);
    assert_eq!(sent.string("case").as_deref(), Some("PK-7Q4M-2KXD"));
    assert_eq!(sent.string("key").as_deref(), Some("0a1b2c3d"));
    assert_eq!(sent.string("email"), None);
}

#[wasm_bindgen_test]
async fn an_unknown_case_gets_one_answer() {
    let _api = FakeApi::answering(&[(404, r#"{"code":"case_not_found"}"#)]);
    let (root, _app) = mount_report_at("/report/status").await;
    type_into(&root, "#case", "PK-7Q4M-2KXD").await;
    type_into(&root, "#email", "budi@contoh.com").await;
    click(&root, "#status-submit").await;
    assert!(wait_until(|| text(&root, "main .alert-region").contains(ID.error(ErrorCode::CaseNotFound))).await);
    type_into(&root, "#case", "PK-12").await;
    assert!(text(&root, "#case-error").contains(ID.error(ErrorCode::CaseNumberFormat)));
}

#[wasm_bindgen_test]
async fn the_camera_opens_captures_and_closes_by_keyboard() {
    let _api = FakeApi::answering(&[DRAFT_MISSING]);
    let (root, _app) = mount_report_at("/report").await;
    click(&root, "#slot-ektp-take").await;
    assert!(find(&root, "#camera-ektp").is_some());
    // Chromium's fake camera (webdriver.json) answers at once.
    assert!(wait_long(|| shown(&root, "#camera-ektp-capture")).await);
    assert!(
        wait_until(|| focused_id() == "camera-ektp-capture").await,
        "focus on camera-ektp-capture"
    );
    // The back camera for a document: not mirrored.
    assert!(
        !get(&root, "#camera-ektp video")
            .class_list()
            .contains("mirrored")
    );
    click(&root, "#camera-ektp-capture").await;
    assert!(wait_until(|| shown(&root, "#camera-ektp-use")).await);
    assert!(
        wait_until(|| focused_id() == "camera-ektp-use").await,
        "focus on camera-ektp-use"
    );
    assert!(shown(&root, "#camera-ektp .captured"));
    click(&root, "#camera-ektp-close").await;
    assert!(find(&root, "#camera-ektp").is_none());
    assert!(
        wait_until(|| focused_id() == "slot-ektp-take").await,
        "focus on slot-ektp-take"
    );

    // A selfie: the front camera, mirrored on screen.
    click(&root, "#slot-selfie_ektp-take").await;
    assert!(wait_long(|| shown(&root, "#camera-selfie_ektp-capture")).await);
    assert!(
        get(&root, "#camera-selfie_ektp video")
            .class_list()
            .contains("mirrored")
    );
}

#[wasm_bindgen_test]
fn reading_the_report_answers_follows_the_cores_types() {
    use akun_core::CaseNumber;
    use akun_core::api::{CaseCreated, CaseView, ReportDraft};
    use akun_core::case::{CaseKind, CaseNeed, CaseOutcome, CaseStatus, PhotoSlot};
    let draft = ReportDraft {
        photos: vec![PhotoSlot::Ektp, PhotoSlot::SelfieKk],
        expires_at: 1_800_000_000_000,
    };
    assert_eq!(
        akun::api::read_draft_photos(&written(&draft)),
        vec![PhotoSlot::Ektp, PhotoSlot::SelfieKk]
    );
    let created = CaseCreated {
        case: CaseNumber::parse("PK-7Q4M-2KXD").unwrap(),
        email: "bu***@contoh.com".into(),
    };
    assert_eq!(
        akun::api::read_case_created(&written(&created)),
        Some(("PK-7Q4M-2KXD".into(), "bu***@contoh.com".into()))
    );
    let view = CaseView {
        case: CaseNumber::parse("PK-7Q4M-2KXD").unwrap(),
        kind: CaseKind::FraudAppeal,
        status: CaseStatus::Resolved,
        submitted_at: 1_764_000_000_000,
        updated_at: 1_764_100_000_000,
        needed: vec![CaseNeed::KkPhoto],
        outcome: Some(CaseOutcome::FlagCleared),
        reason: None,
    };
    let read = akun::api::read_case(&written(&view)).unwrap();
    assert_eq!(
        read,
        akun::api::CaseView {
            case: "PK-7Q4M-2KXD".into(),
            kind: CaseKind::FraudAppeal,
            status: CaseStatus::Resolved,
            submitted_at: 1_764_000_000_000.0,
            updated_at: 1_764_100_000_000.0,
            needed: vec![CaseNeed::KkPhoto],
            outcome: Some(CaseOutcome::FlagCleared),
            reason: None,
        }
    );
}
