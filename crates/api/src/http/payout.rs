//! The payout account's endpoints. The rules are
//! [`crate::account::payout`]'s.

use akun_core::api::{PayoutLinkRequest, PayoutStatus};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::error::ApiJson;
use crate::account::payout;
use crate::account::session::Session;
use crate::error::Result;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/payout", responses(
    (status = 200, description = "The linked payout account, masked, or `linked: null`", body = PayoutStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError)
))]
pub async fn status(State(state): State<AppState>, session: Session) -> Result<Json<PayoutStatus>> {
    Ok(Json(payout::status(&state, &session).await?))
}

#[utoipa::path(post, path = "/api/payout/link", request_body = PayoutLinkRequest, responses(
    (status = 200, description = "Linked", body = PayoutStatus),
    (status = 400, description = "bad_request: not JSON, an unknown kind or provider, or an e-wallet without a provider", body = akun_core::ApiError),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "payout_already_linked; identity_incomplete; phone_not_verified", body = akun_core::ApiError),
    (status = 422, description = "payout_account_format (field account_number); payout_holder_mismatch (field holder_name); phone_format, phone_not_mobile or payout_number_mismatch (field number)", body = akun_core::ApiError),
    (status = 503, description = "The provider does not answer: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn link(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<PayoutLinkRequest>,
) -> Result<Json<PayoutStatus>> {
    Ok(Json(payout::link(&state, &session, &req).await?))
}

#[utoipa::path(post, path = "/api/payout/unlink", responses(
    (status = 204, description = "Unlinked"),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "payout_not_linked", body = akun_core::ApiError)
))]
pub async fn unlink(State(state): State<AppState>, session: Session) -> Result<StatusCode> {
    payout::unlink(&state, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}
