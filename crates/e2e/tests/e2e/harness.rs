//! Starts the API (serving the built SPA), chromedriver and a headless
//! Chromium session for one test.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use akun_api::App;
use akun_api::clock::ManualClock;
use akun_api::config::Config;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::sync::watch;

/// Phone viewport: the product is made for cheap Android phones first.
pub const WIDTH: u32 = 360;
pub const HEIGHT: u32 = 640;

/// chromedriver and the browser it started. Dropping it ends both, even
/// when a test panicked before closing its session (killing chromedriver
/// alone would leave the browser running).
struct Driver {
    child: Child,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
        Command::new("pkill")
            .arg("-f")
            .arg(self.profile.as_os_str())
            .status()
            .ok();
        std::fs::remove_dir_all(&self.profile).ok();
    }
}

pub struct Harness {
    pub base: String,
    /// The API's database, to read the outbox as a person reads their mail.
    pub db: akun_api::db::Db,
    /// The API's clock: tests move it to expire links.
    pub clock: ManualClock,
    pub browser: Client,
    /// The API's state, to run its background work at a chosen moment.
    state: akun_api::http::AppState,
    _driver: Driver,
    shutdown: watch::Sender<bool>,
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.shutdown.send(true).ok();
    }
}

fn dist() -> PathBuf {
    let dir = std::env::var_os("AKUN_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
    assert!(
        dir.join("index.html").is_file(),
        "no built SPA at {}: run `trunk build --release` first (cargo xtask test does)",
        dir.display()
    );
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls `ready` until it holds, for at most `limit`. Used only to wait for
/// a process to come up or for the page to update, never for delivery.
pub async fn eventually<F, Fut>(what: &str, limit: Duration, mut ready: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !ready().await {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The screen a test runs on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// A 360x640 phone with touch: most tests, as most applicants.
    Phone,
    /// A desktop window with a mouse (staff, and pointer tests that need
    /// exact coordinates, which chromedriver misplaces under mobile
    /// emulation).
    Desktop,
}

/// The camera the browser has.
pub enum Camera {
    /// None at all: asking for it fails with `NotFoundError`.
    Missing,
    /// Chromium's fake camera playing this video (`.mjpeg` or `.y4m`),
    /// allowed without a prompt.
    Fake(PathBuf),
    /// A camera the person refused (the site's camera setting is "block").
    Refused,
}

pub async fn start() -> Harness {
    start_on(Screen::Phone).await
}

pub async fn start_on(screen: Screen) -> Harness {
    start_with(screen, Camera::Missing).await
}

/// Where photos go: the S3 server named by `AKUN_TEST_OBJECT_STORE_URL`
/// (Garage, when `cargo xtask test` runs one), else a local folder.
fn object_store(config: &mut Config, data: &std::path::Path) {
    match std::env::var("AKUN_TEST_OBJECT_STORE_URL") {
        Ok(base) => {
            let url = format!("{}/e2e-{:x}", base.trim_end_matches('/'), rand_u64());
            let env: std::collections::HashMap<String, String> = std::env::vars()
                .filter(|(k, _)| k.starts_with("AWS_"))
                .chain([("AKUN_OBJECT_STORE_URL".to_owned(), url)])
                .collect();
            let s3 = Config::load(None, &env).expect("the S3 store's settings");
            config.object_store_url = s3.object_store_url;
            config.s3 = s3.s3;
        }
        Err(_) => config.object_store_url = Some(format!("file://{}/objects", data.display())),
    }
}

/// Whether photos go to S3 in this run (see [`object_store`]).
pub fn on_s3() -> bool {
    std::env::var_os("AKUN_TEST_OBJECT_STORE_URL").is_some()
}

pub async fn start_with(screen: Screen, camera: Camera) -> Harness {
    // The API, on a fresh database, serving the release build of the SPA.
    let data = std::env::temp_dir().join(format!("akun-e2e-{:x}", rand_u64()));
    std::fs::create_dir_all(&data).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut config = Config {
        database_url: format!("sqlite://{}/akun.db", data.display()),
        public_url: base.clone(),
        spa_dir: Some(dist()),
        hash_workers: Some(2),
        ..Config::default()
    };
    object_store(&mut config, &data);
    let clock = ManualClock::starting_now();
    let app = App::build(config, Arc::new(clock.clone()))
        .await
        .expect("building the API");
    let db = app.state.db.clone();
    let state = app.state.clone();
    let (shutdown, rx) = watch::channel(false);
    tokio::spawn(app.serve(listener, rx, true));

    // chromedriver, then a browser session.
    let port = free_port();
    let chromedriver =
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let child = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {chromedriver}: {e}"));
    let profile = std::env::temp_dir().join(format!("akun-e2e-chrome-{:x}", rand_u64()));
    let driver = Driver {
        child,
        profile: profile.clone(),
    };
    eventually("chromedriver", Duration::from_secs(20), || async move {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
    })
    .await;

    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--no-first-run".into(),
        "--disable-sync".into(),
        "--disable-extensions".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut options = serde_json::json!({
        "binary": std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into()),
    });
    match &camera {
        Camera::Missing => {}
        Camera::Fake(video) => args.extend([
            "--use-fake-device-for-media-stream".to_owned(),
            "--use-fake-ui-for-media-stream".into(),
            format!("--use-file-for-fake-video-capture={}", video.display()),
        ]),
        Camera::Refused => {
            args.push("--use-fake-device-for-media-stream".into());
            options["prefs"] = serde_json::json!({
                "profile.default_content_setting_values.media_stream_camera": 2,
            });
        }
    }
    match screen {
        // A phone, not a narrow desktop window: headless windows do not
        // shrink below 500 px, and phones also report touch.
        Screen::Phone => {
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": {"width": WIDTH, "height": HEIGHT, "pixelRatio": 1.0, "touch": true},
                "userAgent": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
            });
        }
        Screen::Desktop => args.push("--window-size=1280,800".into()),
    }
    options["args"] = serde_json::json!(args);
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    // Several crates bring TLS backends; WebDriver on loopback needs none,
    // but rustls wants one chosen.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let browser = ClientBuilder::rustls()
        .expect("rustls")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("connecting to chromedriver");
    Harness {
        base,
        db,
        clock,
        browser,
        state,
        _driver: driver,
        shutdown,
    }
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(Instant::now())
}

impl Harness {
    pub async fn open(&self, path: &str) {
        self.browser
            .goto(&format!("{}{}", self.base, path))
            .await
            .expect("navigating");
        // The shell is rendered by the wasm: wait for the page heading.
        self.browser
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("main h1"))
            .await
            .expect("the page heading");
    }

    pub async fn text(&self, css: &str) -> String {
        self.browser
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.browser
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .attr(name)
            .await
            .unwrap()
    }

    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.browser
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Waits until the element's text contains `want`.
    pub async fn wait_text(&self, css: &str, want: &str) {
        let browser = &self.browser;
        eventually(
            &format!("{css} to say {want:?}"),
            Duration::from_secs(10),
            || async move {
                match browser.find(Locator::Css(css)).await {
                    Ok(el) => el.text().await.map(|t| t.contains(want)).unwrap_or(false),
                    Err(_) => false,
                }
            },
        )
        .await;
    }

    pub async fn html_lang(&self) -> String {
        self.js("return document.documentElement.lang")
            .await
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    pub async fn close(self) {
        self.browser.clone().close().await.ok();
    }
}

impl Harness {
    /// The newest message to `to` with this template: (language, subject,
    /// text). Messages are committed before the API answers, so there is
    /// nothing to wait for.
    pub async fn last_mail(&self, to: &str, template: &str) -> (String, String, String) {
        let mail = akun_api::outbox::list(&self.db, Some(to), 50)
            .await
            .expect("reading the outbox");
        let m = mail
            .into_iter()
            .find(|m| m.template == template)
            .unwrap_or_else(|| panic!("no {template} mail to {to}"));
        (m.lang, m.subject, m.body_text)
    }

    /// The first link in a message's text that starts with `prefix`.
    pub fn link_in(text: &str, prefix: &str) -> String {
        let start = text
            .find(prefix)
            .unwrap_or_else(|| panic!("no link {prefix} in {text}"));
        text[start..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// Activates a control with the keyboard, as a keyboard or screen-reader
    /// user does: Space ticks a checkbox or picks a radio button, Enter follows a link or presses a
    /// button. (Pointer clicks below the first screenful are misplaced by
    /// chromedriver under mobile emulation.)
    pub async fn click(&self, id: &str) {
        let el = self
            .browser
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("#{id}: {e}"));
        let kind = el.attr("type").await.ok().flatten().unwrap_or_default();
        let key = if kind == "checkbox" || kind == "radio" {
            " ".to_owned()
        } else {
            String::from(char::from(fantoccini::key::Key::Enter))
        };
        el.send_keys(&key)
            .await
            .unwrap_or_else(|e| panic!("activating #{id}: {e}"));
    }

    /// Presses the mouse on the middle of the element with this id and
    /// releases it a moment later where the pointer is: whatever moves
    /// under the pointer in between gets the release. Needs
    /// [`Screen::Desktop`]: under mobile emulation chromedriver places the
    /// pointer elsewhere.
    pub async fn press_and_release(&self, id: &str) {
        use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
        self.js(&format!(
            "document.getElementById('{id}').scrollIntoView({{block: 'center'}}); return null"
        ))
        .await;
        let centre = format!(
            "const r = document.getElementById('{id}').getBoundingClientRect();
             const x = r.left + r.width / 2, y = r.top + r.height / 2;
             return y > 0 && y < innerHeight ? [Math.round(x), Math.round(y)] : null"
        );
        // Scrolling ends a moment later: wait until the element is on
        // screen and stays put.
        let started = Instant::now();
        let mut last = serde_json::Value::Null;
        let at = loop {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let at = self.js(&centre).await;
            if !at.is_null() && at == last {
                break at;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "#{id} never came to rest on screen"
            );
            last = at;
        };
        let (x, y) = (at[0].as_i64().unwrap(), at[1].as_i64().unwrap());
        let press = MouseActions::new("finger".into())
            .then(PointerAction::MoveTo {
                duration: None,
                x,
                y,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Pause {
                duration: Duration::from_millis(150),
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.browser
            .perform_actions(press)
            .await
            .unwrap_or_else(|e| panic!("pressing #{id}: {e}"));
    }

    pub async fn type_into(&self, id: &str, text: &str) {
        self.browser
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("#{id}: {e}"))
            .send_keys(text)
            .await
            .unwrap();
    }

    /// Waits until the current path is `path`.
    pub async fn wait_path(&self, path: &str) {
        let browser = &self.browser;
        eventually(
            &format!("the page {path}"),
            Duration::from_secs(15),
            || async move {
                browser
                    .current_url()
                    .await
                    .map(|u| u.path() == path)
                    .unwrap_or(false)
            },
        )
        .await;
    }

    /// Waits until the element has the attribute value.
    pub async fn wait_attr(&self, css: &str, name: &str, want: &str) {
        let browser = &self.browser;
        eventually(
            &format!("{css}[{name}={want}]"),
            Duration::from_secs(15),
            || async move {
                match browser.find(Locator::Css(css)).await {
                    Ok(el) => el.attr(name).await.ok().flatten().as_deref() == Some(want),
                    Err(_) => false,
                }
            },
        )
        .await;
    }

    /// Waits until the element's attribute starts with `prefix`.
    pub async fn wait_attr_prefix(&self, css: &str, name: &str, prefix: &str) {
        let browser = &self.browser;
        eventually(
            &format!("{css}[{name}^={prefix}]"),
            Duration::from_secs(15),
            || async move {
                match browser.find(Locator::Css(css)).await {
                    Ok(el) => el
                        .attr(name)
                        .await
                        .ok()
                        .flatten()
                        .is_some_and(|v| v.starts_with(prefix)),
                    Err(_) => false,
                }
            },
        )
        .await;
    }

    /// Waits until the element is there without the attribute (for
    /// example `hidden`).
    pub async fn wait_attr_absent(&self, css: &str, name: &str) {
        let browser = &self.browser;
        eventually(
            &format!("{css} without {name}"),
            Duration::from_secs(15),
            || async move {
                match browser.find(Locator::Css(css)).await {
                    Ok(el) => matches!(el.attr(name).await, Ok(None)),
                    Err(_) => false,
                }
            },
        )
        .await;
    }

    /// The current value of the input with this id.
    pub async fn value(&self, id: &str) -> String {
        self.js(&format!("return document.getElementById('{id}').value"))
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The path the browser is at.
    pub async fn path(&self) -> String {
        self.browser
            .current_url()
            .await
            .map(|u| u.path().to_owned())
            .unwrap_or_default()
    }

    /// Checks that the page does not scroll sideways at the phone's width
    /// and that every control shown is at least 24 by 24 px (WCAG 2.2,
    /// 2.5.8; links inside a sentence are exempt, and so are controls
    /// hidden from everyone, such as a file input a button opens), and saves a screenshot
    /// as `name.png` when `AKUN_E2E_SHOTS` names a folder (to look at the
    /// screens by eye).
    pub async fn fits(&self, name: &str) {
        let overflow = self
            .js("return document.documentElement.scrollWidth - window.innerWidth")
            .await;
        assert!(
            overflow.as_i64().unwrap_or(1) <= 0,
            "{name} scrolls sideways by {overflow}px at {WIDTH}px"
        );
        let small = self
            .js("return [...document.querySelectorAll('input, select, textarea, button, summary, a')]
                    .filter(e => e.offsetParent !== null && e.type !== 'hidden' && e.getAttribute('aria-hidden') !== 'true')
                    .filter(e => !(e.tagName === 'A' && getComputedStyle(e).display === 'inline'))
                    .map(e => [e, e.getBoundingClientRect()])
                    .filter(([e, r]) => r.width < 24 || r.height < 24)
                    .map(([e, r]) => `${e.tagName.toLowerCase()}#${e.id} ${Math.round(r.width)}x${Math.round(r.height)}`)")
            .await;
        assert_eq!(
            small.as_array().map_or(0, Vec::len),
            0,
            "{name} has controls under 24 px: {small}"
        );
        if let Ok(dir) = std::env::var("AKUN_E2E_SHOTS") {
            let png = self.browser.screenshot().await.expect("a screenshot");
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
        }
    }

    /// Empties the input with this id.
    pub async fn clear(&self, id: &str) {
        self.browser
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("#{id}: {e}"))
            .clear()
            .await
            .unwrap();
    }

    /// Processes the waiting password-reset requests now, as the API's
    /// worker does every second, so that tests need not wait for it.
    pub async fn process_resets(&self) {
        akun_api::account::reset::process_pending(&self.state)
            .await
            .expect("processing reset requests");
    }

    /// How many messages the outbox holds for `to`.
    pub async fn sent_count(&self, to: &str) -> usize {
        akun_api::outbox::list(&self.db, Some(to), 500)
            .await
            .expect("reading the outbox")
            .len()
    }

    /// The API's photo store, to open what the form uploaded.
    pub fn photos(&self) -> &akun_api::photo::Photos {
        &self.state.photos
    }

    /// The API's secret, for what tests write straight into the database
    /// (a captcha's answer).
    pub fn secret(&self) -> &str {
        &self.state.config.secret_key
    }

    /// The API's clock now, in Unix milliseconds.
    pub fn clock_now(&self) -> i64 {
        use akun_api::clock::Clock;
        self.clock.now()
    }

    /// How many requests the page has made to the API so far.
    pub async fn api_requests(&self) -> u64 {
        self.js("return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/')).length")
            .await
            .as_u64()
            .unwrap_or(0)
    }
}
