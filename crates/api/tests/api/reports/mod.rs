//! The Report Form: drafts and their photos, submitting a case, a case's
//! status, and (in `storage`, which also runs on S3) what is kept in and
//! swept from the object store.

mod draft;
mod status;
mod storage;
mod submit;

use akun_api::photo::pipeline::MAX_UPLOAD_BYTES;
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::TestApp;
use crate::profile::residents;
use crate::storage::jpeg;

pub(crate) const SLOTS: [&str; 4] = ["ektp", "kk", "selfie_ektp", "selfie_kk"];

/// A browser on the Report Form: its draft cookie, maybe a session, and
/// the client address a trusted proxy forwards for it.
pub(crate) struct Browser<'a> {
    pub app: &'a TestApp,
    /// `akun_report=...`, once a draft was started.
    pub draft: Option<String>,
    /// `akun_session=...`, when signed in.
    pub session: Option<String>,
    pub forwarded_for: Option<String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            draft: None,
            session: None,
            forwarded_for: None,
        }
    }

    /// A browser behind its own client address (the app must trust
    /// 127.0.0.1 as a proxy).
    pub fn at(app: &'a TestApp, ip: &str) -> Browser<'a> {
        Browser {
            forwarded_for: Some(ip.to_owned()),
            ..Browser::new(app)
        }
    }

    /// A request as the SPA makes it: same origin, with the cookies.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self
            .app
            .client
            .request(method, self.app.url(path))
            .header("origin", &self.app.address)
            .header("sec-fetch-site", "same-origin");
        let cookies: Vec<&str> = [&self.draft, &self.session]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !cookies.is_empty() {
            request = request.header("cookie", cookies.join("; "));
        }
        if let Some(ip) = &self.forwarded_for {
            request = request.header("x-forwarded-for", ip);
        }
        request
    }

    /// `POST /api/reports/draft`, keeping a new cookie.
    pub async fn open(&mut self) -> reqwest::Response {
        let r = self
            .request(Method::POST, "/api/reports/draft")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        if let Some(cookie) = draft_cookie(&r) {
            self.draft = Some(cookie);
        }
        r
    }

    pub async fn draft(&self) -> reqwest::Response {
        self.request(Method::GET, "/api/reports/draft")
            .send()
            .await
            .unwrap()
    }

    pub async fn put(&self, slot: &str, content_type: &str, bytes: Vec<u8>) -> reqwest::Response {
        self.request(Method::PUT, &format!("/api/reports/draft/photos/{slot}"))
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .unwrap()
    }

    /// A small JPEG into `slot`; it must be stored.
    pub async fn photo(&self, slot: &str) -> Value {
        let r = self.put(slot, "image/jpeg", jpeg(64, 48)).await;
        assert_eq!(r.status(), 200, "{slot}: {:?}", r.text().await);
        r.json().await.unwrap()
    }

    /// A new draft with all four photos.
    pub async fn filled(&mut self) -> &mut Self {
        assert_eq!(self.open().await.status(), 200);
        for slot in SLOTS {
            self.photo(slot).await;
        }
        self
    }

    pub async fn submit(&self, body: &Value) -> reqwest::Response {
        self.request(Method::POST, "/api/reports")
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Submits `body`; it must be received. Returns the answer's body.
    pub async fn submitted(&self, body: &Value) -> Value {
        let r = self.submit(body).await;
        assert_eq!(r.status(), 201, "{:?}", r.text().await);
        r.json().await.unwrap()
    }
}

/// The `name=value` of the draft cookie an answer sets, if it sets one
/// with a value.
pub(crate) fn draft_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("akun_report=") || v.starts_with("__Host-akun_report="))
        .and_then(|v| v.split(';').next())
        .filter(|pair| !pair.ends_with('='))
        .map(str::to_owned)
}

/// A valid anonymous case for resident `index` of the registry.
pub(crate) fn case_for(index: usize) -> Value {
    let r = &residents()[index];
    json!({
        "kind": "blocked",
        "description": "Akun saya diblokir padahal saya tidak melanggar apa pun.",
        "email": format!("pelapor{index}@contoh.com"),
        "phone": "081234567890",
        "name": r.name,
        "nik": r.nik.as_str(),
        "date_of_birth": r.date_of_birth.to_string(),
        "lang": "id",
    })
}

pub(crate) async fn count(app: &TestApp, sql: &str) -> i64 {
    crate::profile::count(app, sql).await
}

/// The ledger rows, as (state, slot, draft held, case id).
pub(crate) async fn ledger(app: &TestApp) -> Vec<(String, String, bool, Option<i64>)> {
    sqlx::query("SELECT state, slot, draft_id, case_id FROM case_photos ORDER BY slot, state")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            (
                row.get(0),
                row.get(1),
                row.get::<Option<String>, _>(2).is_some(),
                row.get(3),
            )
        })
        .collect()
}

/// The newest message of `template`: its recipient and text.
pub(crate) async fn message(app: &TestApp, template: &str) -> (String, String) {
    let row = sqlx::query(
        "SELECT recipient, body_text FROM outbox WHERE template = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(template)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    (row.get(0), row.get(1))
}

/// The status link in a message's text, and its key.
pub(crate) fn status_link(text: &str) -> (String, String) {
    let at = text.find("/report/status/").expect("a status link");
    let start = text[..at].rfind("http").unwrap();
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let key = link.split_once("#key=").unwrap().1.to_owned();
    (link, key)
}

/// A JPEG of exactly `bytes` bytes: a picture, then padding after its
/// end, which decoders ignore and the pipeline drops.
pub(crate) fn jpeg_of_exactly(bytes: usize) -> Vec<u8> {
    let mut out = jpeg(640, 480);
    assert!(out.len() < bytes && bytes <= MAX_UPLOAD_BYTES + 1);
    out.resize(bytes, 0);
    out
}
