use std::time::Duration;

use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const PASSWORD: &str = "kopi tubruk pagi hari";
pub(crate) const ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
const LAPTOP: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

/// Registers and verifies an account through the API, as a person would.
pub(crate) async fn active_account(app: &TestApp, email: &str) {
    let r = app
        .post_json(
            "/api/register",
            &json!({"email": email, "password": PASSWORD, "accept_terms": true}),
        )
        .await;
    assert_eq!(r.status(), 202);
    let text: String = sqlx::query("SELECT body_text FROM outbox WHERE recipient = $1 AND template = 'verify_email' ORDER BY id DESC")
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    let start = text.find("#token=").unwrap() + 7;
    let r = app
        .post_json(
            "/api/register/verify",
            &json!({"token": &text[start..start + 64]}),
        )
        .await;
    assert_eq!(r.status(), 200);
}

/// A captcha whose answer the test knows: the real endpoint draws it, and
/// the test reads nothing but replaces the stored answer's hash.
async fn captcha(app: &TestApp, answer: &str) -> String {
    app.captcha(answer).await
}

async fn post_as(
    app: &TestApp,
    path: &str,
    body: &Value,
    ua: &str,
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url(path))
        .header("origin", &app.address)
        .header("user-agent", ua)
        .json(body);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

pub(crate) async fn password_step(
    app: &TestApp,
    email: &str,
    password: &str,
    ua: &str,
) -> reqwest::Response {
    let id = captcha(app, "ab3de").await;
    let body = json!({"email": email, "password": password, "captcha_id": id, "captcha_answer": "AB3DE", "lang": "id"});
    post_as(app, "/api/login", &body, ua, None).await
}

/// The newest login code emailed to `email`.
pub(crate) async fn last_code(app: &TestApp, email: &str) -> String {
    let text: String = sqlx::query("SELECT body_text FROM outbox WHERE recipient = $1 AND template = 'login_code' ORDER BY id DESC")
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take(6)
        .collect();
    assert_eq!(digits.len(), 6, "{text}");
    digits
}

async fn codes_sent(app: &TestApp, email: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND template = 'login_code'")
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0)
}

pub(crate) async fn submit(
    app: &TestApp,
    attempt: &str,
    code: &str,
    ua: &str,
) -> reqwest::Response {
    post_as(
        app,
        "/api/login/code",
        &json!({"attempt": attempt, "code": code}),
        ua,
        None,
    )
    .await
}

/// The `name=value` part of the session cookie set by a response.
pub(crate) fn session_cookie(r: &reqwest::Response) -> String {
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    set.split(';').next().unwrap().to_owned()
}

/// Logs in all the way and returns the session cookie.
pub(crate) async fn log_in(app: &TestApp, email: &str, ua: &str) -> String {
    let r = password_step(app, email, PASSWORD, ua).await;
    assert_eq!(r.status(), 200);
    let status: Value = r.json().await.unwrap();
    let attempt = status["attempt"].as_str().unwrap().to_owned();
    let r = submit(app, &attempt, &last_code(app, email).await, ua).await;
    assert_eq!(r.status(), 204);
    session_cookie(&r)
}

async fn me(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.client
        .get(app.url("/api/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_captcha_is_a_png_and_only_its_answers_hash_is_kept() {
    let app = spawn_app().await;
    let r = app.get("/api/captcha").await;
    assert_eq!(r.headers()["cache-control"], "no-store");
    let body: Value = r.json().await.unwrap();
    assert!(
        body["image"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,iVBORw0KGgo")
    );
    let stored: String = sqlx::query("SELECT answer_hash FROM captchas")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    // A keyed hash (128 bits, hex), bound to the challenge: never the
    // answer, nor a plain hash of it that could be tried offline.
    assert_eq!(stored.len(), 32);
    assert!(stored.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[tokio::test]
async fn a_person_logs_in_with_captcha_password_and_the_emailed_code() {
    let app = spawn_app().await;
    active_account(&app, "budi@example.com").await;
    let r = password_step(&app, "budi@example.com", PASSWORD, ANDROID).await;
    assert_eq!(r.status(), 200);
    let status: Value = r.json().await.unwrap();
    assert_eq!(status["sent_to"], "bu***@example.com");
    assert_eq!(status["code_expires_in"], 300);
    assert_eq!(status["new_codes_left"], 5);
    assert_eq!(status["delivery_failed"], false);
    assert!(status.get("codes_locked_for").is_none());

    let code = last_code(&app, "budi@example.com").await;
    let r = submit(&app, status["attempt"].as_str().unwrap(), &code, ANDROID).await;
    assert_eq!(r.status(), 204);
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with("akun_session="), "{set}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    let cookie = session_cookie(&r);
    assert!(
        cookie.len() >= "akun_session=".len() + 32,
        "at least 128 random bits"
    );

    let r = me(&app, &cookie).await;
    assert_eq!(r.status(), 200);
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["email"], "budi@example.com");
    assert_eq!(me["status"], "active");
    // The session is stored hashed.
    let stored: String = sqlx::query("SELECT id FROM sessions")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert!(!cookie.contains(&stored));
}

#[tokio::test]
async fn secure_cookies_use_the_host_prefix() {
    let app = spawn_app_with(|c| c.secure_cookies = true).await;
    active_account(&app, "budi@example.com").await;
    let r = password_step(&app, "budi@example.com", PASSWORD, ANDROID).await;
    let attempt = r.json::<Value>().await.unwrap()["attempt"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = submit(
        &app,
        &attempt,
        &last_code(&app, "budi@example.com").await,
        ANDROID,
    )
    .await;
    let set = r.headers()["set-cookie"].to_str().unwrap();
    assert!(set.starts_with("__Host-akun_session="), "{set}");
    assert!(set.contains("; Secure"));
}

#[tokio::test]
async fn wrong_captcha_wrong_password_and_unknown_email_get_one_answer() {
    let app = spawn_app().await;
    active_account(&app, "rina@example.com").await;
    let id = captcha(&app, "right").await;
    let wrong_captcha = post_as(
        &app,
        "/api/login",
        &json!({"email": "rina@example.com", "password": PASSWORD, "captcha_id": id, "captcha_answer": "wrong"}),
        ANDROID,
        None,
    )
    .await;
    let wrong_password = password_step(&app, "rina@example.com", "not her password", ANDROID).await;
    let unknown = password_step(&app, "nobody@example.com", PASSWORD, ANDROID).await;
    let mut bodies = Vec::new();
    for r in [wrong_captcha, wrong_password, unknown] {
        assert_eq!(r.status(), 401);
        bodies.push(r.json::<Value>().await.unwrap());
    }
    assert!(
        bodies.iter().all(|b| *b == json!({"code": "login_failed"})),
        "{bodies:?}"
    );
    assert_eq!(codes_sent(&app, "rina@example.com").await, 0);
}

#[tokio::test]
async fn a_captcha_works_once_and_expires() {
    let app = spawn_app().await;
    active_account(&app, "rina@example.com").await;
    let id = captcha(&app, "ab3de").await;
    let body = json!({"email": "rina@example.com", "password": PASSWORD, "captcha_id": id, "captcha_answer": "ab3de"});
    assert_eq!(
        post_as(&app, "/api/login", &body, ANDROID, None)
            .await
            .status(),
        200
    );
    assert_eq!(
        post_as(&app, "/api/login", &body, ANDROID, None)
            .await
            .status(),
        401,
        "spent"
    );
    let id = captcha(&app, "ab3de").await;
    app.clock.advance(Duration::from_secs(5 * 60 + 1));
    let body = json!({"email": "rina@example.com", "password": PASSWORD, "captcha_id": id, "captcha_answer": "ab3de"});
    assert_eq!(
        post_as(&app, "/api/login", &body, ANDROID, None)
            .await
            .status(),
        401,
        "expired"
    );
}

#[tokio::test]
async fn an_unverified_account_is_told_to_verify_only_with_the_right_password() {
    let app = spawn_app().await;
    app.post_json(
        "/api/register",
        &json!({"email": "new@example.com", "password": PASSWORD, "accept_terms": true}),
    )
    .await;
    let r = password_step(&app, "new@example.com", PASSWORD, ANDROID).await;
    assert_eq!(r.status(), 403);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "email_not_verified"
    );
    let r = password_step(&app, "new@example.com", "wrong password here", ANDROID).await;
    assert_eq!(r.status(), 401);
}

pub(crate) async fn attempt(app: &TestApp, email: &str) -> String {
    let r = password_step(app, email, PASSWORD, ANDROID).await;
    assert_eq!(r.status(), 200);
    r.json::<Value>().await.unwrap()["attempt"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_code_lives_five_minutes() {
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    let handle = attempt(&app, "a@example.com").await;
    let code = last_code(&app, "a@example.com").await;
    app.clock.advance(Duration::from_secs(5 * 60));
    let r = submit(&app, &handle, &code, ANDROID).await;
    assert_eq!(r.status(), 410);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "otp_expired");
}

#[tokio::test]
async fn a_new_code_never_resets_the_attempts_wrong_tries() {
    // The code rules themselves are tested for every kind of code in
    // codes.rs; this is the login attempt's own cap.
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    let handle = attempt(&app, "a@example.com").await;
    let code = last_code(&app, "a@example.com").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        submit(&app, &handle, wrong, ANDROID).await;
    }
    let r = post_as(
        &app,
        "/api/login/code/new",
        &json!({"attempt": handle}),
        ANDROID,
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let failures: i64 = sqlx::query("SELECT failures FROM login_attempts")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        failures, 5,
        "a new code never resets the attempt's failures"
    );
    let r = submit(
        &app,
        &handle,
        &last_code(&app, "a@example.com").await,
        ANDROID,
    )
    .await;
    assert_eq!(r.status(), 204);
}

#[tokio::test]
async fn concurrent_guesses_cannot_get_past_five_tries() {
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    let handle = attempt(&app, "a@example.com").await;
    let code = last_code(&app, "a@example.com").await;
    let guesses: Vec<_> = (0..40u32)
        .map(|i| format!("{:06}", (i * 7919) % 1_000_000))
        .filter(|g| *g != code)
        .take(30)
        .map(|guess| json!({"attempt": handle, "code": guess}))
        .collect();
    app.post_all("/api/login/code", guesses).await;
    let tried: i64 = sqlx::query("SELECT code_failures FROM login_attempts")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(tried, 5, "only five comparisons were ever made");
}

#[tokio::test]
async fn a_code_works_only_for_its_own_attempt_and_only_once() {
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    active_account(&app, "b@example.com").await;
    let first = attempt(&app, "a@example.com").await;
    let first_code = last_code(&app, "a@example.com").await;
    let second = attempt(&app, "a@example.com").await;
    let other_account = attempt(&app, "b@example.com").await;
    // The first attempt's code is no use to the second attempt or to another account.
    assert_eq!(
        submit(&app, &second, &first_code, ANDROID).await.status(),
        422
    );
    assert_eq!(
        submit(&app, &other_account, &first_code, ANDROID)
            .await
            .status(),
        422
    );
    assert_eq!(
        submit(&app, &first, &first_code, ANDROID).await.status(),
        204
    );
    // Replaying it fails.
    let r = submit(&app, &first, &first_code, ANDROID).await;
    assert_eq!(r.status(), 410);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "login_expired");
}

#[tokio::test]
async fn five_new_codes_then_a_two_hour_wait_across_attempts() {
    let app = spawn_app().await;
    active_account(&app, "wait@example.com").await;
    let handle = attempt(&app, "wait@example.com").await;
    for left in (0..5).rev() {
        let r = post_as(
            &app,
            "/api/login/code/new",
            &json!({"attempt": handle}),
            ANDROID,
            None,
        )
        .await;
        assert_eq!(r.status(), 200);
        let status: Value = r.json().await.unwrap();
        assert_eq!(status["new_codes_left"], left);
    }
    let status: Value = post_as(
        &app,
        "/api/login/status",
        &json!({"attempt": handle}),
        ANDROID,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        status["codes_locked_for"], 7200,
        "two hours from the fifth new code"
    );

    let r = post_as(
        &app,
        "/api/login/code/new",
        &json!({"attempt": handle}),
        ANDROID,
        None,
    )
    .await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7200");
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "codes_locked");
    assert_eq!(codes_sent(&app, "wait@example.com").await, 6);

    // Logging in again (another tab or browser) does not get around it.
    app.clock.advance(Duration::from_secs(3600));
    let r = password_step(&app, "wait@example.com", PASSWORD, LAPTOP).await;
    assert_eq!(r.status(), 200);
    let status: Value = r.json().await.unwrap();
    assert_eq!(status["codes_locked_for"], 3600);
    assert_eq!(status["code_expires_in"], 0);
    assert_eq!(codes_sent(&app, "wait@example.com").await, 6);

    // After the wait (the attempt itself has run out by then), logging in
    // again brings a code, and the count starts afresh.
    app.clock.advance(Duration::from_secs(3600));
    let r = password_step(&app, "wait@example.com", PASSWORD, LAPTOP).await;
    let status: Value = r.json().await.unwrap();
    assert_eq!(status["new_codes_left"], 5);
    assert_eq!(status["code_expires_in"], 300);
    let fresh = status["attempt"].as_str().unwrap().to_owned();
    assert_eq!(
        submit(
            &app,
            &fresh,
            &last_code(&app, "wait@example.com").await,
            LAPTOP
        )
        .await
        .status(),
        204
    );
}

#[tokio::test]
async fn fifty_concurrent_new_code_requests_send_at_most_five() {
    let app = spawn_app().await;
    active_account(&app, "race@example.com").await;
    let handle = attempt(&app, "race@example.com").await;
    let answers = app
        .post_all("/api/login/code/new", vec![json!({"attempt": handle}); 50])
        .await;
    let mut ok = 0;
    for r in answers {
        let status = r.status();
        assert!(status == 200 || status == 429, "{status}");
        ok += usize::from(status == 200);
    }
    assert_eq!(ok, 5);
    assert_eq!(
        codes_sent(&app, "race@example.com").await,
        6,
        "the first code and five new ones"
    );
}

#[tokio::test]
async fn a_code_whose_email_failed_is_replaced_for_free() {
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    let handle = attempt(&app, "a@example.com").await;
    sqlx::query("UPDATE outbox SET status = 'failed' WHERE template = 'login_code'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let status: Value = post_as(
        &app,
        "/api/login/status",
        &json!({"attempt": handle}),
        ANDROID,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(status["delivery_failed"], true);
    let r = post_as(
        &app,
        "/api/login/code/new",
        &json!({"attempt": handle}),
        ANDROID,
        None,
    )
    .await;
    let status: Value = r.json().await.unwrap();
    assert_eq!(status["new_codes_left"], 5, "the replacement did not count");
    assert_eq!(status["delivery_failed"], false);
}

#[tokio::test]
async fn failed_passwords_slow_down_after_ten_and_stop_after_a_hundred() {
    let app = spawn_app().await;
    active_account(&app, "target@example.com").await;
    for _ in 0..10 {
        assert_eq!(
            password_step(&app, "target@example.com", "guess guess guess", ANDROID)
                .await
                .status(),
            401
        );
    }
    // The eleventh try right away is slowed down...
    let r = password_step(&app, "target@example.com", "guess guess guess", ANDROID).await;
    assert_eq!(r.status(), 401, "the first try after ten is let through");
    let r = password_step(&app, "target@example.com", PASSWORD, ANDROID).await;
    assert_eq!(r.status(), 429, "then 30 s between tries");
    assert!(
        r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u32>()
            .unwrap()
            <= 30
    );
    // ...and after a hundred failures nothing gets through, not even the
    // right password, until the hour is over.
    for _ in 11..100 {
        app.clock.advance(Duration::from_secs(31));
        password_step(&app, "target@example.com", "guess guess guess", ANDROID).await;
    }
    app.clock.advance(Duration::from_secs(31));
    let r = password_step(&app, "target@example.com", PASSWORD, ANDROID).await;
    assert_eq!(r.status(), 429);
    app.clock.advance(Duration::from_secs(3600));
    assert_eq!(
        password_step(&app, "target@example.com", PASSWORD, ANDROID)
            .await
            .status(),
        200
    );
    // The same limit for an address with no account.
    for _ in 0..10 {
        password_step(&app, "ghost@example.com", "guess guess guess", ANDROID).await;
    }
    password_step(&app, "ghost@example.com", "guess guess guess", ANDROID).await;
    assert_eq!(
        password_step(&app, "ghost@example.com", "guess guess guess", ANDROID)
            .await
            .status(),
        429
    );
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    let cookie = log_in(&app, "a@example.com", ANDROID).await;
    assert_eq!(me(&app, &cookie).await.status(), 200);
    let r = post_as(&app, "/api/logout", &json!({}), ANDROID, Some(&cookie)).await;
    assert_eq!(r.status(), 204);
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        me(&app, &cookie).await.status(),
        401,
        "the old cookie is dead even if kept"
    );
}

#[tokio::test]
async fn ending_other_devices_leaves_only_this_one() {
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    let phone = log_in(&app, "a@example.com", ANDROID).await;
    let laptop = log_in(&app, "a@example.com", LAPTOP).await;
    assert_ne!(phone, laptop, "a new session at each login");

    let list: Vec<Value> = app
        .client
        .get(app.url("/api/sessions"))
        .header("cookie", &phone)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    let current: Vec<_> = list.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["device"], "Chrome · Android");

    let r = post_as(
        &app,
        "/api/sessions/end-others",
        &json!({"password": PASSWORD}),
        ANDROID,
        Some(&phone),
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(me(&app, &laptop).await.status(), 401);
    assert_eq!(me(&app, &phone).await.status(), 200);
}

#[tokio::test]
async fn one_session_can_be_ended_by_its_handle_but_not_another_accounts() {
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    active_account(&app, "b@example.com").await;
    let phone = log_in(&app, "a@example.com", ANDROID).await;
    let laptop = log_in(&app, "a@example.com", LAPTOP).await;
    let stranger = log_in(&app, "b@example.com", ANDROID).await;
    let list: Vec<Value> = app
        .client
        .get(app.url("/api/sessions"))
        .header("cookie", &phone)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let laptop_id = list.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let r = post_as(
        &app,
        "/api/sessions/end",
        &json!({"id": laptop_id}),
        LAPTOP,
        Some(&stranger),
    )
    .await;
    assert_eq!(r.status(), 404, "another account's session is not found");
    assert_eq!(me(&app, &laptop).await.status(), 200);
    let r = post_as(
        &app,
        "/api/sessions/end",
        &json!({"id": laptop_id}),
        ANDROID,
        Some(&phone),
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(me(&app, &laptop).await.status(), 401);
}

#[tokio::test]
async fn sessions_end_after_idle_and_absolute_timeouts() {
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    let idle = log_in(&app, "a@example.com", ANDROID).await;
    app.clock.advance(Duration::from_secs(31 * 60));
    assert_eq!(me(&app, &idle).await.status(), 401, "30 idle minutes");

    let busy = log_in(&app, "a@example.com", ANDROID).await;
    for _ in 0..35 {
        app.clock.advance(Duration::from_secs(20 * 60));
        assert_eq!(me(&app, &busy).await.status(), 200);
    }
    app.clock.advance(Duration::from_secs(20 * 60));
    assert_eq!(me(&app, &busy).await.status(), 401, "12 hours at most");
}

#[tokio::test]
async fn a_login_beyond_ten_sessions_ends_the_least_recently_used() {
    use akun_api::account::session::{self, MAX_SESSIONS};
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    let account: i64 = sqlx::query("SELECT id FROM accounts")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    // Ten devices, a minute apart: the most a login leaves alone.
    let mut cookies = Vec::new();
    for _ in 0..MAX_SESSIONS {
        let mut conn = app.db.pool.acquire().await.unwrap();
        let value = session::start(&mut conn, app.clock_now(), account, ANDROID)
            .await
            .unwrap();
        cookies.push(format!("akun_session={value}"));
        app.clock.advance(Duration::from_secs(60));
    }
    // The first is the phone in use; the second lies in a drawer.
    assert_eq!(me(&app, &cookies[0]).await.status(), 200);

    // The eleventh login, through the API.
    let newest = log_in(&app, "a@example.com", LAPTOP).await;

    assert_eq!(me(&app, &newest).await.status(), 200);
    assert_eq!(
        me(&app, &cookies[1]).await.status(),
        401,
        "the least recently used ends"
    );
    for (i, cookie) in cookies.iter().enumerate().filter(|(i, _)| *i != 1) {
        assert_eq!(me(&app, cookie).await.status(), 200, "session {i}");
    }
    let list: Vec<Value> = app
        .client
        .get(app.url("/api/sessions"))
        .header("cookie", &newest)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 10);
}

#[tokio::test]
async fn a_login_from_a_new_device_sends_a_notice() {
    let app = spawn_app().await;
    active_account(&app, "a@example.com").await;
    let notices = |app: &TestApp| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query("SELECT COUNT(*) FROM outbox WHERE template = 'new_device_login'")
                .fetch_one(&pool)
                .await
                .unwrap()
                .get::<i64, _>(0)
        }
    };
    log_in(&app, "a@example.com", ANDROID).await;
    assert_eq!(notices(&app).await, 0, "the first login is not news");
    log_in(&app, "a@example.com", ANDROID).await;
    assert_eq!(notices(&app).await, 0, "the same phone again");
    log_in(&app, "a@example.com", LAPTOP).await;
    assert_eq!(notices(&app).await, 1);
    let text: String =
        sqlx::query("SELECT body_text FROM outbox WHERE template = 'new_device_login'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get(0);
    assert!(
        text.contains("Chrome · Windows") && text.contains("WIB"),
        "{text}"
    );
}

#[tokio::test]
async fn requests_without_a_valid_session_are_unauthorized() {
    let app = spawn_app().await;
    for cookie in [
        "",
        "akun_session=",
        "akun_session=abc",
        &format!("akun_session={}", "a".repeat(64)),
    ] {
        let r = me(&app, cookie).await;
        assert_eq!(r.status(), 401, "{cookie:?}");
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "unauthorized");
    }
}

#[tokio::test]
async fn many_logins_at_once_never_starve_the_connection_pool() {
    // More concurrent password steps than the pool has connections: a
    // handler that held one connection while waiting for another would
    // deadlock here.
    let app = spawn_app().await;
    let mut bodies = Vec::new();
    for i in 0..24 {
        let email = format!("crowd{i}@example.com");
        active_account(&app, &email).await;
        let id = captcha(&app, "ab3de").await;
        bodies.push(json!({"email": email, "password": PASSWORD, "captcha_id": id, "captcha_answer": "ab3de"}));
    }
    for l in app.post_all("/api/login", bodies).await {
        let status = l.status();
        assert!(status == 200 || status == 503, "{status}");
    }
}

#[tokio::test]
async fn a_busy_answer_leaves_the_solved_captcha_for_the_retry() {
    // One worker, one waiting place: a crowd of password steps meets busy
    // answers, and each busy one can be sent again unchanged.
    let app = spawn_app_with(|c| {
        c.hash_workers = Some(1);
        c.hash_queue = Some(1);
    })
    .await;
    let mut bodies = Vec::new();
    for i in 0..8 {
        let email = format!("wave{i}@example.com");
        active_account(&app, &email).await;
        let id = captcha(&app, "ab3de").await;
        bodies.push(json!({"email": email, "password": PASSWORD, "captcha_id": id, "captcha_answer": "ab3de"}));
    }
    let answers = app.post_all("/api/login", bodies.clone()).await;
    let busy: Vec<Value> = answers
        .iter()
        .zip(&bodies)
        .filter(|(r, _)| r.status() == 503)
        .map(|(_, body)| body.clone())
        .collect();
    assert!(!busy.is_empty(), "the wave must meet a busy answer");
    for body in busy {
        let retry = post_as(&app, "/api/login", &body, ANDROID, None).await;
        assert_eq!(
            retry.status(),
            200,
            "the same form works once the pool has room"
        );
        // And the captcha is spent now, like any other.
        let again = post_as(&app, "/api/login", &body, ANDROID, None).await;
        assert_eq!(again.status(), 401);
    }
}

#[tokio::test]
async fn once_the_wait_is_over_all_five_new_codes_are_offered_again() {
    let app = spawn_app().await;
    active_account(&app, "later@example.com").await;
    let handle = attempt(&app, "later@example.com").await;
    // The account's wait ended a moment ago; no code has been sent since.
    sqlx::query("UPDATE account_guards SET codes_sent = 6, codes_locked_until = $1")
        .bind(app.clock_now() - 1000)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let before: Value = post_as(
        &app,
        "/api/login/status",
        &json!({"attempt": handle}),
        ANDROID,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(before["new_codes_left"], 5, "{before}");
    assert!(before.get("codes_locked_for").is_none());
    let r = post_as(
        &app,
        "/api/login/code/new",
        &json!({"attempt": handle}),
        ANDROID,
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    // The first code after the wait starts the count afresh, as a login's
    // first code does; five new ones follow it.
    assert_eq!(r.json::<Value>().await.unwrap()["new_codes_left"], 5);
}

#[tokio::test]
async fn an_unknown_address_costs_the_same_one_password_check_as_a_known_one() {
    let app = spawn_app().await;
    active_account(&app, "rina@example.com").await;
    for (email, password) in [
        ("rina@example.com", "not the password"),
        ("nobody@example.com", PASSWORD),
        ("rina@example.com", PASSWORD),
    ] {
        let before = app.hasher.jobs_done();
        password_step(&app, email, password, ANDROID).await;
        assert_eq!(app.hasher.jobs_done() - before, 1, "{email}");
    }
}
