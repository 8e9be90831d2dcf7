//! The HTTP surface: one router per feature, merged here, with the
//! cross-cutting layers (CSRF check, security headers, body limit, tracing).

pub mod auth;
pub mod client;
pub mod error;
mod guard;
mod health;
pub mod login;
mod mailbox;
pub mod mobile;
pub mod payout;
pub mod profile;
pub mod register;
pub mod reset;
pub mod session;

use akun_core::ErrorCode;

use axum::Router;
use axum::http::{HeaderValue, Request, header};
use axum::routing::get;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

use crate::error::Error;
pub use crate::state::AppState;

/// Largest JSON body any endpoint accepts. Photo uploads get their own,
/// larger limit on their own routes.
pub const JSON_BODY_LIMIT: usize = 16 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "akun API",
        description = "The account system of Kartu Prakerja applicants."
    ),
    paths(
        health::healthz,
        health::readyz,
        register::register,
        register::resend,
        register::verify,
        profile::complete_identity,
        profile::phone_status,
        profile::verify_phone,
        profile::new_phone_code,
        profile::change_password,
        reset::forgot,
        reset::check,
        reset::reset,
        payout::status,
        payout::link,
        payout::unlink,
        mobile::reauth,
        mobile::start_change,
        mobile::change_status,
        mobile::verify_change,
        mobile::new_change_code
    ),
    components(schemas(akun_core::ApiError, akun_core::ErrorCode, akun_core::api::Health))
)]
pub struct ApiDoc;

pub fn router(state: AppState) -> Router {
    let mut api = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/openapi.json", get(openapi))
        .merge(register::router())
        .merge(login::router())
        .merge(session::router())
        .merge(profile::router())
        .merge(reset::router())
        .merge(payout::router())
        .merge(mobile::router())
        .nest("/api", Router::new().fallback(api_not_found));
    if state.config.dev_mailbox {
        api = api.merge(mailbox::router());
    }
    let mut app = api
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::csrf,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(JSON_BODY_LIMIT));
    if let Some(dir) = &state.config.spa_dir {
        // History fallback: any path that is not a file gets its bundle's
        // index.html, so the SPA's router shows the page (or its own 404).
        // Signed-in pages are the account bundle, under /account/ (the CDN
        // does the same; see ARCHITECTURE).
        // No directory redirects: `/account` stays as typed.
        let files = || ServeDir::new(dir).append_index_html_on_directories(false);
        let public = files().fallback(ServeFile::new(dir.join("index.html")));
        let account = files().fallback(ServeFile::new(dir.join("account/index.html")));
        app = app
            .route_service("/account", account.clone())
            .route_service("/account/", account.clone())
            .route_service("/account/{*page}", account)
            .fallback_service(public);
    }
    app.layer(axum::middleware::from_fn(guard::security_headers))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                // Paths only: query strings may carry tokens.
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
            }),
        )
        .with_state(state)
}

/// The OpenAPI document. It lives beside [`ApiDoc`] so that no handler
/// module has to reach back into this one.
async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}

async fn api_not_found() -> Error {
    Error::from(ErrorCode::NotFound)
}
