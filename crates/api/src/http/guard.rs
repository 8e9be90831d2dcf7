//! Layers that protect every route.

use akun_core::ErrorCode;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::Error;
use crate::state::AppState;

/// Refuses state-changing requests that a browser sent from another site.
///
/// Browsers send `Sec-Fetch-Site` (modern ones) and `Origin` (on every
/// POST); a forged cross-site form or fetch cannot hide them. A request with
/// neither did not come from a browser page, so it carries no ambient
/// cookie risk and is let through (command-line clients, the load balancer).
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
    let allowed = match (site, origin) {
        (Some(site), _) if !matches!(site, "same-origin" | "none") => false,
        (_, Some(origin)) => origin == state.config.origin(),
        _ => true,
    };
    if allowed {
        next.run(request).await
    } else {
        tracing::warn!(?site, ?origin, path = %request.uri().path(), "cross-site request refused");
        Error::from(ErrorCode::CsrfRejected).into_response()
    }
}

/// Headers every response carries. The referrer policy matters most: links
/// in emails carry one-time tokens, which must never leak to another site.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let is_api =
        request.uri().path().starts_with("/api/") || request.uri().path().starts_with("/dev/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("geolocation=(), microphone=()"),
    );
    if is_api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
