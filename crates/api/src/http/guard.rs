//! Layers that protect every route.

use akun_core::ErrorCode;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::Error;
use crate::state::AppState;

/// The body types a state-changing request may declare: JSON, and the
/// Report Form's photos. None of them is CORS-safelisted
/// (`application/x-www-form-urlencoded`, `multipart/form-data` and
/// `text/plain` are), so an HTML form cannot send one and a script of
/// another site cannot without a preflight, which nothing here answers.
const STATE_CHANGING_TYPES: [&str; 4] =
    ["application/json", "image/jpeg", "image/png", "image/webp"];

/// Refuses state-changing requests that a browser sent from another site.
///
/// Browsers send `Sec-Fetch-Site` (modern ones) and `Origin` (on every
/// POST); a forged cross-site form or fetch cannot hide them. A request
/// with neither did not come from a browser page and is let through
/// (command-line clients, the load balancer) unless it carries the session
/// cookie or the Report Form's draft cookie: a browser that sent a cookie
/// but neither header is too old to be trusted with it. Every
/// state-changing request must also declare its body as one of
/// [`STATE_CHANGING_TYPES`] (JSON even with no body): a cross-site HTML
/// form cannot send those types, and a script that tries is stopped by
/// the browser's CORS preflight.
pub async fn csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let has_cookie = super::auth::carries_session(headers, &state)
        || super::auth::carries_report_draft(headers, &state);
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    let typed = declared.is_some_and(|v| {
        STATE_CHANGING_TYPES
            .iter()
            .any(|t| v.eq_ignore_ascii_case(t))
    });
    let allowed = typed
        && match (site, origin) {
            (Some(site), _) if !matches!(site, "same-origin" | "none") => false,
            (_, Some(origin)) => origin == state.config.origin(),
            (None, None) => !has_cookie,
            _ => true,
        };
    if allowed {
        next.run(request).await
    } else {
        tracing::warn!(?site, ?origin, ?declared, has_cookie, path = %request.uri().path(), "cross-site request refused");
        Error::from(ErrorCode::CsrfRejected).into_response()
    }
}

/// The Report Form's documents (`/report`, `/report/...`), whose bundle
/// takes photos with the camera; `/reports` is not one.
fn is_report_page(path: &str) -> bool {
    path == "/report" || path.starts_with("/report/")
}

/// Every document may use no location and no microphone; only the Report
/// Form's may use the camera, and only for this origin.
const PERMISSIONS: &str = "geolocation=(), microphone=(), camera=()";
const REPORT_PERMISSIONS: &str = "geolocation=(), microphone=(), camera=(self)";

/// What [`security_headers`] adds, decided once when the router is built.
#[derive(Clone)]
pub struct Headers {
    /// The policy of the SPA's documents (see [`spa_policy`]).
    spa_policy: HeaderValue,
    /// `Strict-Transport-Security`, in production.
    hsts: bool,
}

impl Headers {
    pub fn new(config: &crate::config::Config) -> Headers {
        let policy = match &config.spa_dir {
            Some(dir) => spa_policy(dir),
            None => spa_policy_with(&[]),
        };
        Headers {
            spa_policy: HeaderValue::from_str(&policy).expect("a policy is ASCII"),
            hsts: config.profile == crate::config::Profile::Production,
        }
    }
}

/// The API's own answers: JSON, which loads nothing and is never framed.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";
/// The developer mailbox (dev only): one page with its own styles.
const MAILBOX_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'";

/// The Content-Security-Policy of the SPA's documents, with the hash of
/// every inline script of every bundle's `index.html` under `dir` (Trunk's
/// loader, which imports the bundle's JS and starts its wasm). Computed
/// from the built files the API serves, so it always matches them; `cargo
/// xtask` asks the same of the API for the CDN's configuration.
pub fn spa_policy(dir: &std::path::Path) -> String {
    let mut pages = vec![dir.join("index.html")];
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut bundles: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("index.html"))
            .filter(|p| p.is_file())
            .collect();
        bundles.sort();
        pages.extend(bundles);
    }
    let mut hashes = Vec::new();
    for page in pages {
        if let Ok(html) = std::fs::read_to_string(&page) {
            for script in inline_scripts(&html) {
                let hash = script_hash(script);
                if !hashes.contains(&hash) {
                    hashes.push(hash);
                }
            }
        }
    }
    spa_policy_with(&hashes)
}

/// The policy for documents whose inline scripts have these hashes
/// (`'sha384-...'`). The wasm needs `'wasm-unsafe-eval'`; the captcha is a
/// `data:` picture; a photo being taken is a `blob:` and the camera a
/// media stream.
pub fn spa_policy_with(hashes: &[String]) -> String {
    let scripts: String = hashes.iter().map(|h| format!(" {h}")).collect();
    format!(
        "default-src 'self'; script-src 'self'{scripts} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The contents of the `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            found.push(&body[..close]);
        }
        rest = &body[close..];
    }
    found
}

/// `'sha384-<base64>'` of a script, as CSP writes it.
fn script_hash(script: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha384};
    let digest = Sha384::digest(script.as_bytes());
    format!(
        "'sha384-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Headers every response carries. The referrer policy matters most: links
/// in emails carry one-time tokens, which must never leak to another site.
/// Every answer has a Content-Security-Policy: the API's and the
/// mailbox's load nothing else, the SPA's allow its own files, its loader
/// by hash and the wasm; in production, `Strict-Transport-Security` too.
/// The `Permissions-Policy` denies the camera everywhere but the Report
/// Form's pages.
pub async fn security_headers(
    State(headers): State<Headers>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let policy = if path.starts_with("/api/") {
        HeaderValue::from_static(API_POLICY)
    } else if path.starts_with("/dev/") {
        HeaderValue::from_static(MAILBOX_POLICY)
    } else {
        headers.spa_policy.clone()
    };
    let is_api = path.starts_with("/api/") || path.starts_with("/dev/");
    let permissions = if is_report_page(path) {
        REPORT_PERMISSIONS
    } else {
        PERMISSIONS
    };
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, policy);
    if headers.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("permissions-policy", HeaderValue::from_static(permissions));
    if is_api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_scripts_with_a_source_are_not() {
        let html = r#"<head><script type="module">import init from '/a.js';
await init();</script><script src="/b.js"></script><script>x()</script></head>"#;
        assert_eq!(
            inline_scripts(html),
            vec!["import init from '/a.js';\nawait init();", "x()"]
        );
    }

    #[test]
    fn script_hashes_are_base64_sha384_as_csp_writes_them() {
        // `echo -n 'alert(1)' | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            script_hash("alert(1)"),
            "'sha384-HT2E9NfWiuQ/w1PRai+hTyqW16NIoCGA/m8VQDUopfAtcz6YQjtsMmQd5uRbVDpW'"
        );
        let policy = spa_policy_with(&[script_hash("alert(1)")]);
        assert!(policy.contains("script-src 'self' 'sha384-"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[tokio::test]
    async fn production_adds_hsts_and_every_answer_has_a_policy() {
        use crate::config::{Config, Profile};
        use axum::body::Body;
        use tower::ServiceExt;
        let answer = |profile: Profile, path: &'static str| async move {
            let config = Config {
                profile,
                ..Config::default()
            };
            let app = axum::Router::new().fallback(|| async { "ok" }).layer(
                axum::middleware::from_fn_with_state(Headers::new(&config), security_headers),
            );
            app.oneshot(Request::get(path).body(Body::empty()).unwrap())
                .await
                .unwrap()
        };
        let production = answer(Profile::Production, "/login").await;
        assert_eq!(
            production.headers()[header::STRICT_TRANSPORT_SECURITY],
            "max-age=63072000; includeSubDomains"
        );
        let dev = answer(Profile::Dev, "/login").await;
        assert!(
            dev.headers()
                .get(header::STRICT_TRANSPORT_SECURITY)
                .is_none()
        );
        assert!(
            dev.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .starts_with("default-src 'self'")
        );
        let api = answer(Profile::Dev, "/api/me").await;
        assert_eq!(api.headers()[header::CONTENT_SECURITY_POLICY], API_POLICY);
    }
}
