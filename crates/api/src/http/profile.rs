//! The profile's endpoints: the identity, the mobile number's code, and
//! the password change. The rules are [`crate::account::identity`]'s,
//! [`crate::account::phone`]'s and [`crate::account::password`]'s.

use akun_core::api::{ChangePasswordRequest, IdentityRequest, PhoneCodeRequest, PhoneStatus};
use axum::Json;
use axum::extract::State;
use axum::response::Response;

use super::auth;
use super::client::{ClientIp, UserAgent};
use super::error::ApiJson;
use crate::account::session::Session;
use crate::account::{identity, password, phone};
use crate::error::Result;
use crate::state::AppState;

#[utoipa::path(post, path = "/api/profile/identity", request_body = IdentityRequest, responses(
    (status = 200, description = "Saved; a code is on its way to the mobile number by SMS", body = PhoneStatus),
    (status = 400, description = "bad_request: not JSON, or a field that does not belong (such as `name`)", body = akun_core::ApiError),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "identity_already_complete; nik_taken (field nik); phone_taken (field phone)", body = akun_core::ApiError),
    (status = 422, description = "A field is invalid (nik, kk, date_of_birth, phone), or nik_unknown (nik), identity_dob_mismatch (date_of_birth), identity_kk_mismatch (kk)", body = akun_core::ApiError),
    (status = 429, description = "Too many tries", body = akun_core::ApiError),
    (status = 503, description = "registry_unavailable: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn complete_identity(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    ApiJson(req): ApiJson<IdentityRequest>,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(identity::complete(&state, ip, &session, &req).await?))
}

#[utoipa::path(get, path = "/api/profile/phone/status", responses(
    (status = 200, description = "Where the mobile number's verification stands", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "identity_incomplete", body = akun_core::ApiError)
))]
pub async fn phone_status(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(phone::status(&state, &session).await?))
}

#[utoipa::path(post, path = "/api/profile/phone/verify", request_body = PhoneCodeRequest, responses(
    (status = 200, description = "The number is verified", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_already_verified, phone_taken or identity_incomplete", body = akun_core::ApiError),
    (status = 410, description = "otp_expired or otp_dead: ask for a new code", body = akun_core::ApiError),
    (status = 422, description = "otp_wrong (with `left`) or otp_format, field code", body = akun_core::ApiError)
))]
pub async fn verify_phone(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<PhoneCodeRequest>,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(phone::verify(&state, &session, &req.code).await?))
}

#[utoipa::path(post, path = "/api/profile/phone/code/new", responses(
    (status = 200, description = "A new code is on its way by SMS", body = PhoneStatus),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 409, description = "phone_already_verified, phone_taken or identity_incomplete", body = akun_core::ApiError),
    (status = 429, description = "codes_locked: no new codes until retry_after", body = akun_core::ApiError)
))]
pub async fn new_phone_code(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<PhoneStatus>> {
    Ok(Json(phone::new_code(&state, &session).await?))
}

#[utoipa::path(post, path = "/api/password/change", request_body = ChangePasswordRequest, responses(
    (status = 204, description = "Changed: this session goes on under a new cookie, every other session has ended and a notice is on its way by email"),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 422, description = "password_wrong (field current_password, counts as a failed login); password_same or a password rule (field new_password)", body = akun_core::ApiError),
    (status = 429, description = "Too many failed passwords for this account", body = akun_core::ApiError),
    (status = 503, description = "Busy: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    UserAgent(user_agent): UserAgent,
    ApiJson(req): ApiJson<ChangePasswordRequest>,
) -> Result<Response> {
    let cookie = password::change(&state, &session, &user_agent, &req).await?;
    Ok(auth::signed_in(&state, &cookie))
}
