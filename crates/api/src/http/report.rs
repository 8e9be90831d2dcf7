//! The Report Form's endpoints: the draft, its photos, submitting a case,
//! and a case's status page. The rules are [`crate::case`]'s; the draft
//! cookie is `http::auth`'s.

use akun_core::ErrorCode;
use akun_core::api::{CaseCreated, CaseLookup, CaseRequest, CaseView, ReportDraft};
use akun_core::case::PhotoSlot;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

use super::auth::{self, ReportCookie};
use super::client::ClientIp;
use super::error::ApiJson;
use crate::account::session::Session;
use crate::case::{draft, photos, status, submit};
use crate::error::{Error, Result};
use crate::photo::pipeline::MAX_UPLOAD_BYTES;
use crate::state::AppState;

/// The upload route's body limit: exactly the pipeline's largest photo,
/// so that one byte more is answered `photo_too_large` (by
/// [`PhotoUpload`]) before the pipeline sees it.
pub const PHOTO_BODY_LIMIT: usize = MAX_UPLOAD_BYTES;

/// The types a photo may be declared as. None is CORS-safelisted, so a
/// page of another site cannot send one without a preflight, which the
/// API never answers for it (see `guard::csrf`).
pub const PHOTO_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

#[utoipa::path(post, path = "/api/reports/draft", responses(
    (status = 200, description = "The cookie's draft if it is alive (nothing changes); otherwise a new, empty draft and its cookie (`Set-Cookie: akun_report`, HttpOnly, SameSite=Strict, for the draft's 24 hours)", body = ReportDraft),
    (status = 429, description = "too_many_requests: too many drafts from this client address", body = akun_core::ApiError)
))]
pub async fn open_draft(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ReportCookie(cookie): ReportCookie,
) -> Result<Response> {
    let opened = draft::open(&state, ip, cookie.as_deref()).await?;
    let mut response = Json(opened.draft).into_response();
    if let Some((value, life)) = opened.new_cookie {
        response.headers_mut().insert(
            header::SET_COOKIE,
            auth::report_cookie(&state, &value, life),
        );
    }
    Ok(response)
}

#[utoipa::path(get, path = "/api/reports/draft", responses(
    (status = 200, description = "The cookie's draft: the slots holding a photo, and when it ends", body = ReportDraft),
    (status = 404, description = "draft_missing: no cookie, or its draft ended (24 hours) or was submitted", body = akun_core::ApiError)
))]
pub async fn get_draft(
    State(state): State<AppState>,
    ReportCookie(cookie): ReportCookie,
) -> Result<Json<ReportDraft>> {
    Ok(Json(draft::get(&state, cookie.as_deref()).await?))
}

/// The `{slot}` of the path; an unknown one is `not_found` (there is no
/// such photo to put), before the body is read.
pub struct Slot(pub PhotoSlot);

impl<S: Send + Sync> FromRequestParts<S> for Slot {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let Path(slot) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ErrorCode::NotFound)?;
        Ok(Slot(
            PhotoSlot::from_wire(&slot).ok_or(ErrorCode::NotFound)?,
        ))
    }
}

/// A photo's bytes: declared as one of [`PHOTO_TYPES`] (else
/// `photo_not_image`), at most [`PHOTO_BODY_LIMIT`] (else
/// `photo_too_large`, in the API's error body rather than axum's).
pub struct PhotoUpload(pub Vec<u8>);

impl<S: Send + Sync> FromRequest<S> for PhotoUpload {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let declared = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .is_some_and(|v| PHOTO_TYPES.iter().any(|t| v.eq_ignore_ascii_case(t)));
        if !declared {
            return Err(ErrorCode::PhotoNotImage.into());
        }
        match Bytes::from_request(req, state).await {
            Ok(bytes) => Ok(PhotoUpload(bytes.into())),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ErrorCode::PhotoTooLarge.into())
            }
            Err(e) => {
                tracing::debug!(error = %e, "an upload's body could not be read");
                Err(ErrorCode::BadRequest.into())
            }
        }
    }
}

#[utoipa::path(put, path = "/api/reports/draft/photos/{slot}",
    params(("slot" = String, Path, description = "ektp, kk, selfie_ektp or selfie_kk")),
    request_body(description = "The photo's bytes (at most 2 MiB), declared as what it is", content(("image/jpeg"), ("image/png"), ("image/webp"))),
    responses(
    (status = 200, description = "Stored (replacing the slot's photo): the draft", body = ReportDraft),
    (status = 404, description = "draft_missing: no live draft; not_found: no such slot", body = akun_core::ApiError),
    (status = 413, description = "photo_too_large: more than 2 MiB", body = akun_core::ApiError),
    (status = 415, description = "photo_not_image: not declared or not sniffed as JPEG, PNG or WebP", body = akun_core::ApiError),
    (status = 422, description = "photo_too_many_pixels, photo_unreadable", body = akun_core::ApiError),
    (status = 429, description = "too_many_requests: too many photos in this draft, or uploads from this client address", body = akun_core::ApiError),
    (status = 503, description = "busy: the photo pool is full; retry after the given seconds", body = akun_core::ApiError)
))]
pub async fn upload_photo(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ReportCookie(cookie): ReportCookie,
    Slot(slot): Slot,
    PhotoUpload(bytes): PhotoUpload,
) -> Result<Json<ReportDraft>> {
    Ok(Json(
        photos::upload(&state, ip, cookie.as_deref(), slot, bytes).await?,
    ))
}

#[utoipa::path(post, path = "/api/reports", request_body = CaseRequest, responses(
    (status = 201, description = "The case is received: its number, and where the confirmation went (an SMS went to the mobile number too); the draft cookie is cleared", body = CaseCreated),
    (status = 400, description = "bad_request: not JSON, or not this shape", body = akun_core::ApiError),
    (status = 404, description = "draft_missing: the photos are gone (the draft ended); send them again", body = akun_core::ApiError),
    (status = 409, description = "photo_missing (field: the first missing slot); too_many_open_cases: this NIK has 3 open cases", body = akun_core::ApiError),
    (status = 422, description = "A field is invalid (kind: case_kind_missing; description, email, phone, name, nik, date_of_birth), or captcha_wrong", body = akun_core::ApiError),
    (status = 428, description = "captcha_required: many cases came from this client address; send a solved captcha", body = akun_core::ApiError),
    (status = 429, description = "too_many_requests: too many cases from this client address", body = akun_core::ApiError)
))]
pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Option<Session>,
    ReportCookie(cookie): ReportCookie,
    ApiJson(req): ApiJson<CaseRequest>,
) -> Result<Response> {
    let created = submit::submit(&state, ip, cookie.as_deref(), session.as_ref(), &req).await?;
    let mut response = (StatusCode::CREATED, Json(created)).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        auth::report_cookie(&state, "", Duration::ZERO),
    );
    Ok(response)
}

#[utoipa::path(post, path = "/api/reports/status", request_body = CaseLookup, responses(
    (status = 200, description = "Where the case stands (never its photos, identity or description)", body = CaseView),
    (status = 400, description = "bad_request: neither an email address nor a key", body = akun_core::ApiError),
    (status = 404, description = "case_not_found: no case has this number with this email address or key (one answer for both)", body = akun_core::ApiError),
    (status = 422, description = "case_number_format (field case), or an invalid email address (field email)", body = akun_core::ApiError),
    (status = 429, description = "too_many_requests: too many look-ups from this client address, or wrong answers for this number", body = akun_core::ApiError)
))]
pub async fn case_status(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<CaseLookup>,
) -> Result<Json<CaseView>> {
    Ok(Json(status::status(&state, ip, &req).await?))
}
