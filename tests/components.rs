//! Component tests: the app mounted in a real (headless) browser.
//!
//! Run with `cargo test -p akun --target wasm32-unknown-unknown` and
//! `CHROMEDRIVER=/usr/bin/chromedriver`; `webdriver.json` beside
//! `Cargo.toml` passes the flags Chromium needs when run as root.

#![cfg(target_arch = "wasm32")]

use akun::App;
use akun::i18n::{EN, ID, STORAGE_KEY};
use akun_core::Email;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Puts the browser at `path` with no stored language, mounts the app into a
/// fresh element and lets it render. Dropping the guard unmounts it.
async fn mount_app_at(path: &str) -> (HtmlElement, Mounted) {
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    storage.remove_item(STORAGE_KEY).unwrap();
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
    let mounted = Mounted::new();
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
        let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&root).unwrap();
        let owner = Owner::new();
        let handle = owner.with(|| mount_to(root.clone(), App));
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

    assert_eq!(text(&root, "#nav-home"), ID.nav_home);
    assert_eq!(text(&root, "#nav-register"), ID.nav_register);
    assert_eq!(text(&root, "#nav-security"), ID.nav_security);
    assert_eq!(text(&root, "main#main h1"), ID.home_title);
    assert_eq!(root.query_selector_all("h1").unwrap().length(), 1);
    assert_eq!(
        get(&root, "#lang-switch")
            .get_attribute("aria-label")
            .as_deref(),
        Some(ID.lang_switch_label)
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
    let (root, _app) = mount_app_at("/").await;

    get(&root, "#lang-switch")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;

    assert_eq!(text(&root, "#nav-home"), EN.nav_home);
    assert_eq!(text(&root, "#nav-login"), EN.nav_login);
    assert_eq!(text(&root, "h1"), EN.home_title);
    assert_eq!(
        get(&root, "#lang-switch")
            .get_attribute("aria-label")
            .as_deref(),
        Some(EN.lang_switch_label)
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
    assert_eq!(text(&root, "#nav-home"), ID.nav_home);
    assert_eq!(html_lang().as_deref(), Some("id"));
}

#[wasm_bindgen_test]
async fn stored_english_choice_is_used_on_the_next_visit() {
    let (_root, app) = mount_app_at("/").await;
    drop(app);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item(STORAGE_KEY, "en").unwrap();

    let app = Mounted::new();
    settle().await;

    assert_eq!(text(&app.root, "#nav-home"), EN.nav_home);
    assert_eq!(html_lang().as_deref(), Some("en"));
    drop(app);
    storage.remove_item(STORAGE_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn register_shows_rules_before_typing_and_errors_as_the_person_types() {
    let (root, _app) = mount_app_at("/register").await;
    let email = get(&root, "input#email");

    // Before typing: the rule is there, no error, and the input points at it.
    assert_eq!(text(&root, "#email-hint"), ID.email_hint);
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
    assert!(text(&root, "#email-error").starts_with(ID.field_error_prefix));

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

    assert_eq!(text(&root, "h1"), ID.not_found_title);
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

    assert_eq!(text(&root, "h1"), ID.help_title);
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
    assert_eq!(focused.text_content().as_deref(), Some(ID.help_title));
    assert_eq!(focused.get_attribute("tabindex").as_deref(), Some("-1"));
    let help_link = get(&root, "#nav-help");
    assert_eq!(
        help_link.get_attribute("aria-current").as_deref(),
        Some("page")
    );
    assert_eq!(
        document().title(),
        format!("{} · {}", ID.help_title, ID.brand)
    );
}

#[wasm_bindgen_test]
async fn link_to_a_help_answer_opens_it_and_focuses_its_question() {
    let (root, _app) = mount_app_at("/register").await;

    get(&root, "a[href='/help#verification-email']")
        .unchecked_into::<HtmlElement>()
        .click();
    assert!(wait_until(|| focused_tag().as_deref() == Some("SUMMARY")).await);

    assert_eq!(text(&root, "h1"), ID.help_title);
    assert!(get(&root, "details#verification-email").has_attribute("open"));
    let focused = document().active_element().unwrap();
    assert_eq!(focused.text_content().as_deref(), Some(ID.help_email_q));
}
