//! The login's endpoints: captcha, password step, code, new code, status.
//! The rules are [`crate::account::login`]'s.

use akun_core::api::{AttemptRequest, CaptchaResponse, CodeRequest, CodeStatus, LoginRequest};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::auth::signed_in;
use super::client::{ClientIp, UserAgent};
use super::error::ApiJson;
use crate::account::{challenge, login};
use crate::error::Result;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/captcha", responses(
    (status = 200, description = "A new picture code, valid for 5 minutes and one try", body = CaptchaResponse),
    (status = 429, description = "Too many from this address", body = akun_core::ApiError)
))]
pub async fn new_captcha(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
) -> Result<Response> {
    let captcha = challenge::new_captcha(&state, ip).await?;
    let mut response = Json(captcha).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[utoipa::path(post, path = "/api/login", request_body = LoginRequest, responses(
    (status = 200, description = "Password accepted; a code is on its way (or the 2-hour wait is on)", body = CodeStatus),
    (status = 401, description = "login_failed: wrong captcha, password or email (one answer for all)", body = akun_core::ApiError),
    (status = 403, description = "email_not_verified", body = akun_core::ApiError),
    (status = 429, description = "Too many failed logins for this account or address", body = akun_core::ApiError),
    (status = 503, description = "Busy: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    UserAgent(user_agent): UserAgent,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<CodeStatus>> {
    Ok(Json(
        login::password_step(&state, ip, &user_agent, &req).await?,
    ))
}

#[utoipa::path(post, path = "/api/login/code", request_body = CodeRequest, responses(
    (status = 204, description = "Signed in: the session cookie is set"),
    (status = 422, description = "otp_wrong (with `left`) or otp_format", body = akun_core::ApiError),
    (status = 410, description = "otp_expired, otp_dead or login_expired", body = akun_core::ApiError)
))]
pub async fn submit_code(
    State(state): State<AppState>,
    UserAgent(user_agent): UserAgent,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Response> {
    let session = login::submit_code(&state, &user_agent, &req).await?;
    Ok(signed_in(&state, &session))
}

#[utoipa::path(post, path = "/api/login/code/new", request_body = AttemptRequest, responses(
    (status = 200, description = "A new code is on its way", body = CodeStatus),
    (status = 429, description = "codes_locked: no new codes until retry_after", body = akun_core::ApiError),
    (status = 410, description = "login_expired", body = akun_core::ApiError)
))]
pub async fn new_code(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<AttemptRequest>,
) -> Result<Json<CodeStatus>> {
    Ok(Json(login::new_code(&state, &req.attempt).await?))
}

#[utoipa::path(post, path = "/api/login/status", request_body = AttemptRequest, responses(
    (status = 200, description = "Where this login stands (code life, new codes left, wait, delivery)", body = CodeStatus),
    (status = 410, description = "login_expired", body = akun_core::ApiError)
))]
pub async fn status(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<AttemptRequest>,
) -> Result<Json<CodeStatus>> {
    Ok(Json(login::status(&state, &req.attempt).await?))
}
