//! Registration's endpoints: register, resend, verify. The rules are
//! [`crate::account::register`]'s.

use akun_core::api::{
    RegisterRequest, RegisterResponse, ResendRequest, ResendResponse, VerifyRequest, VerifyResponse,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::client::ClientIp;
use super::error::ApiJson;
use crate::account::register;
use crate::error::Result;
use crate::state::AppState;

#[utoipa::path(post, path = "/api/register", request_body = RegisterRequest, responses(
    (status = 202, description = "Accepted: a verification link (or, for an address that already has an account, a notice) is on its way", body = RegisterResponse),
    (status = 422, description = "A field is invalid", body = akun_core::ApiError),
    (status = 429, description = "Too many attempts", body = akun_core::ApiError),
    (status = 503, description = "Busy: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<RegisterResponse>)> {
    let answer = register::register(&state, ip, &req).await?;
    Ok((StatusCode::ACCEPTED, Json(answer)))
}

#[utoipa::path(post, path = "/api/register/resend", request_body = ResendRequest, responses(
    (status = 202, description = "Accepted, whether or not the address has an account waiting", body = ResendResponse),
    (status = 422, description = "The email is invalid", body = akun_core::ApiError),
    (status = 429, description = "Wait the given seconds", body = akun_core::ApiError)
))]
pub async fn resend(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<ResendRequest>,
) -> Result<(StatusCode, Json<ResendResponse>)> {
    let answer = register::resend(&state, ip, &req).await?;
    Ok((StatusCode::ACCEPTED, Json(answer)))
}

#[utoipa::path(post, path = "/api/register/verify", request_body = VerifyRequest, responses(
    (status = 200, description = "The account is active", body = VerifyResponse),
    (status = 410, description = "token_expired or token_used", body = akun_core::ApiError),
    (status = 422, description = "token_invalid", body = akun_core::ApiError)
))]
pub async fn verify(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<VerifyRequest>,
) -> Result<Json<VerifyResponse>> {
    Ok(Json(register::verify(&state, &req).await?))
}
