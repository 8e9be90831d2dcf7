//! Who is signed in, logging out, and the sessions list.
//! The rules are [`crate::account::session`]'s.

use akun_core::api::{EndOthersRequest, EndSessionRequest, Me, SessionInfo};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::auth::signed_out;
use super::error::ApiJson;
use crate::account::session::{self, Session};
use crate::account::{identity, password};
use crate::error::Result;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/me", responses(
    (status = 200, description = "The signed-in account", body = Me),
    (status = 401, description = "Not signed in", body = akun_core::ApiError)
))]
pub async fn me(State(state): State<AppState>, session: Session) -> Result<Json<Me>> {
    Ok(Json(identity::me(&state, &session).await?))
}

#[utoipa::path(post, path = "/api/logout", responses(
    (status = 204, description = "The session has ended on the server and the cookie is cleared")
))]
pub async fn logout(State(state): State<AppState>, session: Option<Session>) -> Result<Response> {
    if let Some(session) = session {
        session::end(&state, &session).await?;
    }
    Ok(signed_out(&state))
}

#[utoipa::path(get, path = "/api/sessions", responses(
    (status = 200, description = "This account's active sessions, newest first", body = Vec<SessionInfo>),
    (status = 401, description = "Not signed in", body = akun_core::ApiError)
))]
pub async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<SessionInfo>>> {
    Ok(Json(session::list(&state, &session).await?))
}

#[utoipa::path(post, path = "/api/sessions/end", request_body = EndSessionRequest, responses(
    (status = 204, description = "That session has ended (ending the current one also clears its cookie)"),
    (status = 404, description = "No such session of this account", body = akun_core::ApiError)
))]
pub async fn end_one(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<EndSessionRequest>,
) -> Result<Response> {
    if session::end_one(&state, &session, &req.id).await? {
        Ok(signed_out(&state))
    } else {
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}

#[utoipa::path(post, path = "/api/sessions/end-others", request_body = EndOthersRequest, responses(
    (status = 204, description = "Every other session of this account has ended"),
    (status = 401, description = "Not signed in", body = akun_core::ApiError),
    (status = 422, description = "password_wrong (field password; counts as a failed login)", body = akun_core::ApiError),
    (status = 429, description = "Too many failed passwords for this account", body = akun_core::ApiError),
    (status = 503, description = "Busy: retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn end_others(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<EndOthersRequest>,
) -> Result<StatusCode> {
    password::end_other_sessions(&state, &session, &req.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
