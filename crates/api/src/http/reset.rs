//! Forgot password and the reset link's endpoints. The rules, and the
//! worker that sends the links, are [`crate::account::reset`]'s.

use akun_core::api::{ForgotRequest, ResetCheckRequest, ResetCheckResponse, ResetRequest};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::client::ClientIp;
use super::error::ApiJson;
use crate::account::reset;
use crate::error::Result;
use crate::state::AppState;

#[utoipa::path(post, path = "/api/password/forgot", request_body = ForgotRequest, responses(
    (status = 202, description = "Accepted, whether or not an account matches: `{}`. A link (or nothing) follows by email and SMS"),
    (status = 400, description = "bad_request: not JSON, or an unknown way", body = akun_core::ApiError),
    (status = 422, description = "A field is invalid (email; phone and date_of_birth; nik and date_of_birth)", body = akun_core::ApiError),
    (status = 429, description = "Too many requests from this client address", body = akun_core::ApiError)
))]
pub async fn forgot(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<ForgotRequest>,
) -> Result<(StatusCode, Json<serde_json::Value>)> {
    reset::forgot(&state, ip, &req).await?;
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({}))))
}

#[utoipa::path(post, path = "/api/password/reset/check", request_body = ResetCheckRequest, responses(
    (status = 200, description = "The link works; for this account", body = ResetCheckResponse),
    (status = 410, description = "token_expired (also when a newer link replaced it) or token_used", body = akun_core::ApiError),
    (status = 422, description = "token_invalid (field token)", body = akun_core::ApiError)
))]
pub async fn check(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ResetCheckRequest>,
) -> Result<Json<ResetCheckResponse>> {
    Ok(Json(reset::check(&state, &req).await?))
}

#[utoipa::path(post, path = "/api/password/reset", request_body = ResetRequest, responses(
    (status = 204, description = "The password is set; every session of the account has ended and a notice is on its way by email"),
    (status = 410, description = "token_expired or token_used", body = akun_core::ApiError),
    (status = 422, description = "token_invalid (field token), or a password rule (field new_password)", body = akun_core::ApiError),
    (status = 503, description = "Busy: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn reset(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ResetRequest>,
) -> Result<StatusCode> {
    reset::reset(&state, &req).await?;
    Ok(StatusCode::NO_CONTENT)
}
