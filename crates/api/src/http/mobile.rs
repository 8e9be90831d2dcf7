//! Re-entering the password, and changing the mobile number. The rules are
//! [`crate::account::password`]'s and [`crate::account::phone_change`]'s.

use akun_core::api::{
    PhoneChangeRequest, PhoneChanged, PhoneCodeRequest, PhoneStatus, ReauthRequest,
};
use axum::Json;
use axum::extract::State;
use axum::response::Response;

use super::auth;
use super::error::ApiJson;
use crate::account::session::Session;
use crate::account::{password, phone_change};
use crate::error::Result;
use crate::state::AppState;

#[utoipa::path(post, path = "/api/reauth", request_body = ReauthRequest, responses(
    (status = 204, description = "The password is right: this session counts as freshly logged in for 10 minutes, under a new cookie"),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 422, description = "password_wrong (field password; counts as a failed login)", body = akun_core::ApiError),
    (status = 429, description = "Too many failed passwords for this account", body = akun_core::ApiError),
    (status = 503, description = "Busy: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn reauth(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<ReauthRequest>,
) -> Result<Response> {
    let cookie = password::reauth(&state, &session, &req.password).await?;
    Ok(auth::signed_in(&state, &cookie))
}

#[utoipa::path(post, path = "/api/profile/phone/change", request_body = PhoneChangeRequest, responses(
    (status = 200, description = "The new number is pending; a code is on its way to it by SMS", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 403, description = "not_beneficiary; reauth_required (enter the password: POST /api/reauth)", body = akun_core::ApiError),
    (status = 409, description = "identity_incomplete; phone_not_verified; payout_linked; phone_taken (field phone)", body = akun_core::ApiError),
    (status = 422, description = "phone_format, phone_not_mobile or phone_same (field phone)", body = akun_core::ApiError),
    (status = 429, description = "codes_locked: no new codes until retry_after", body = akun_core::ApiError)
))]
pub async fn start_change(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<PhoneChangeRequest>,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(phone_change::start(&state, &session, &req).await?))
}

#[utoipa::path(get, path = "/api/profile/phone/change/status", responses(
    (status = 200, description = "Where the new number's code stands (`sent_to` is the new number, masked)", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_change_not_started or identity_incomplete", body = akun_core::ApiError)
))]
pub async fn change_status(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(phone_change::status(&state, &session).await?))
}

#[utoipa::path(post, path = "/api/profile/phone/change/code/new", responses(
    (status = 200, description = "A new code is on its way to the new number", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_change_not_started, identity_incomplete or phone_taken (field phone)", body = akun_core::ApiError),
    (status = 429, description = "codes_locked: no new codes until retry_after", body = akun_core::ApiError)
))]
pub async fn new_change_code(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(phone_change::new_code(&state, &session).await?))
}

#[utoipa::path(post, path = "/api/profile/phone/change/verify", request_body = PhoneCodeRequest, responses(
    (status = 200, description = "The new number is the account's verified number; the old number and the email got a notice", body = PhoneChanged),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_change_not_started; payout_linked; phone_taken (field phone); identity_incomplete", body = akun_core::ApiError),
    (status = 410, description = "otp_expired or otp_dead: ask for a new code", body = akun_core::ApiError),
    (status = 422, description = "otp_wrong (with `left`) or otp_format, field code", body = akun_core::ApiError)
))]
pub async fn verify_change(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<PhoneCodeRequest>,
) -> Result<Json<PhoneChanged>> {
    Ok(Json(
        phone_change::verify(&state, &session, &req.code).await?,
    ))
}
