//! The HTTP surface: one table of every route, which is also the OpenAPI
//! document's, and the cross-cutting layers (CSRF check, security headers,
//! body limit, tracing). Each handler module answers for one flow; the
//! rules are the [`crate::account`] domain's.

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
pub mod report;
pub mod reset;
pub mod session;

use akun_core::ErrorCode;

use axum::Router;
use axum::http::{HeaderValue, Request, header};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

use crate::error::Error;
pub use crate::state::AppState;

/// Largest JSON body any endpoint accepts. Photo uploads get their own,
/// larger limit on their own routes (`body_limit` in the table).
pub const JSON_BODY_LIMIT: usize = 16 * 1024;

/// Every route of the API, once: the router is made from this table, and
/// so is the OpenAPI document's list of operations, so a route cannot be
/// served without being documented (each handler's `#[utoipa::path]` says
/// what it answers; `every_route_is_in_the_openapi_document` checks that
/// it names the same method and path). A route that takes a larger body
/// than [`JSON_BODY_LIMIT`] says so with `body_limit = N`.
macro_rules! api {
    ($($method:ident $path:literal => $($handler:ident)::+ $(, body_limit = $limit:expr)?;)*) => {
        #[derive(OpenApi)]
        #[openapi(
            info(
                title = "akun API",
                description = "The account system of Kartu Prakerja applicants."
            ),
            paths($($($handler)::+),*),
            components(schemas(akun_core::ApiError, akun_core::ErrorCode, akun_core::api::Health))
        )]
        pub struct ApiDoc;

        /// Every route of the table, as (method, path).
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn api_routes() -> Router<AppState> {
            Router::new()$(.route($path, {
                let route = axum::routing::$method($($handler)::+);
                // Inside the router's default limit, so it wins.
                $(let route = route.layer(axum::extract::DefaultBodyLimit::max($limit));)?
                route
            }))*
        }
    };
}

api! {
    get "/healthz" => health::healthz;
    get "/readyz" => health::readyz;
    get "/api/openapi.json" => openapi;
    post "/api/register" => register::register;
    post "/api/register/resend" => register::resend;
    post "/api/register/verify" => register::verify;
    get "/api/captcha" => login::new_captcha;
    post "/api/login" => login::login;
    post "/api/login/code" => login::submit_code;
    post "/api/login/code/new" => login::new_code;
    post "/api/login/status" => login::status;
    get "/api/me" => session::me;
    post "/api/logout" => session::logout;
    get "/api/sessions" => session::list;
    post "/api/sessions/end" => session::end_one;
    post "/api/sessions/end-others" => session::end_others;
    post "/api/reauth" => mobile::reauth;
    post "/api/profile/identity" => profile::complete_identity;
    get "/api/profile/phone/status" => profile::phone_status;
    post "/api/profile/phone/verify" => profile::verify_phone;
    post "/api/profile/phone/code/new" => profile::new_phone_code;
    post "/api/password/change" => profile::change_password;
    post "/api/profile/phone/change" => mobile::start_change;
    get "/api/profile/phone/change/status" => mobile::change_status;
    post "/api/profile/phone/change/verify" => mobile::verify_change;
    post "/api/profile/phone/change/code/new" => mobile::new_change_code;
    post "/api/password/forgot" => reset::forgot;
    post "/api/password/reset/check" => reset::check;
    post "/api/password/reset" => reset::reset;
    get "/api/payout" => payout::status;
    post "/api/payout/link" => payout::link;
    post "/api/payout/unlink" => payout::unlink;
    post "/api/reports/draft" => report::open_draft;
    get "/api/reports/draft" => report::get_draft;
    put "/api/reports/draft/photos/{slot}" => report::upload_photo, body_limit = report::PHOTO_BODY_LIMIT;
    post "/api/reports" => report::submit;
    post "/api/reports/status" => report::case_status;
}

pub fn router(state: AppState) -> Router {
    let mut api = api_routes().nest("/api", Router::new().fallback(api_not_found));
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
        // Signed-in pages are the account bundle, under /account/, and the
        // Report Form's are its own bundle, under /report/ (the CDN does
        // the same; see ARCHITECTURE).
        // No directory redirects: `/account` stays as typed.
        let files = || ServeDir::new(dir).append_index_html_on_directories(false);
        let public = files().fallback(ServeFile::new(dir.join("index.html")));
        for bundle in ["account", "report"] {
            let pages = files().fallback(ServeFile::new(dir.join(bundle).join("index.html")));
            app = app
                .route_service(&format!("/{bundle}"), pages.clone())
                .route_service(&format!("/{bundle}/"), pages.clone())
                .route_service(&format!("/{bundle}/{{*page}}"), pages);
        }
        app = app.fallback_service(public);
    }
    app.layer(axum::middleware::from_fn_with_state(
        guard::Headers::new(&state.config),
        guard::security_headers,
    ))
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
#[utoipa::path(get, path = "/api/openapi.json", responses(
    (status = 200, description = "This document: every route of the API (OpenAPI 3.1)")
))]
async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}

async fn api_not_found() -> Error {
    Error::from(ErrorCode::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_in_the_openapi_document() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        for (method, path) in ROUTES {
            assert!(
                doc["paths"][path][method].is_object(),
                "{} {path} is served but not in the OpenAPI document",
                method.to_uppercase()
            );
        }
        let documented: usize = doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        assert_eq!(
            documented,
            ROUTES.len(),
            "the document has routes nobody serves"
        );
    }
}
