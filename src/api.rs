//! A small typed client for the akun API.
//!
//! The SPA and the API share one origin (`/api/...`), so requests are
//! same-origin and carry the session cookie. Bodies are encoded with
//! `serde-wasm-bindgen` and the browser's own `JSON`, never `serde_json`,
//! which would add about 10 KB to the wasm that every applicant downloads.

use akun_core::{ApiError, ErrorCode};
use gloo_net::http::Request;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal, RequestCredentials};

/// Why a request did not produce the answer asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The API answered with an error body (or a status we turned into one).
    Api(ApiError),
    /// No answer at all: offline, a dropped connection, a timeout, or an
    /// answer that was not the JSON we expected.
    Network,
}

/// Sends `body` as JSON to `path` with `POST` and decodes the answer.
///
/// A non-2xx answer becomes [`ClientError::Api`]: see [`post_ok`].
pub async fn post<Req, Res>(path: &str, body: &Req) -> Result<Res, ClientError>
where
    Req: Serialize + ?Sized,
    Res: DeserializeOwned,
{
    let text = send(path, body).await?;
    // An empty body (204 No Content) reads as `null`, which decodes into
    // `()` or an `Option`.
    let js = js_sys::JSON::parse(if text.is_empty() { "null" } else { &text })
        .map_err(|_| ClientError::Network)?;
    serde_wasm_bindgen::from_value(js).map_err(|_| ClientError::Network)
}

/// Like [`post`], for callers that only need to know that it worked.
///
/// A non-2xx answer becomes [`ClientError::Api`], read from the body when it
/// is an [`ApiError`] and derived from the status otherwise (a proxy or load
/// balancer answers without our body). For `503`, `retry_after` comes from
/// the body or else from the `Retry-After` header.
///
/// Neither this nor the error path instantiates serde's decoder: its error
/// messages alone bring `f64` formatting (+6 KB) into the bundle.
pub async fn post_ok<Req: Serialize + ?Sized>(path: &str, body: &Req) -> Result<(), ClientError> {
    send(path, body).await.map(drop)
}

/// Like [`post_ok`], and hands back the answer's JSON to be read field by
/// field with [`Body`], still without serde's decoder.
pub async fn post_read<Req: Serialize + ?Sized>(
    path: &str,
    body: &Req,
) -> Result<Body, ClientError> {
    post_json(path, &to_json(body)?).await
}

/// [`post_read`] for a body already encoded with [`to_json`]. Not generic,
/// so that the request machinery is compiled once, not once per body type.
pub async fn post_json(path: &str, json: &str) -> Result<Body, ClientError> {
    let text = send_json(path, Some(json)).await?;
    Ok(Body::parse(&text))
}

/// `GET path`, the answer to be read with [`Body`].
pub async fn get(path: &str) -> Result<Body, ClientError> {
    let text = send_json(path, None).await?;
    Ok(Body::parse(&text))
}

/// A JSON answer, parsed by the browser's `JSON` and read one field at a
/// time with `Reflect`. A missing field, a field of another type, or a body
/// that is not JSON at all reads as `None`.
pub struct Body(JsValue);

impl Body {
    /// Parses a JSON text; anything else reads as an empty body.
    pub fn parse(text: &str) -> Self {
        Self(js_sys::JSON::parse(text).unwrap_or(JsValue::NULL))
    }

    fn get(&self, key: &str) -> Option<JsValue> {
        if !self.0.is_object() {
            return None;
        }
        js_sys::Reflect::get(&self.0, &JsValue::from_str(key)).ok()
    }

    pub fn string(&self, key: &str) -> Option<String> {
        self.get(key)?.as_string()
    }

    pub fn number(&self, key: &str) -> Option<f64> {
        self.get(key)?.as_f64()
    }

    /// A field holding an object, to be read in turn; `None` for `null`.
    pub fn object(&self, key: &str) -> Option<Body> {
        self.get(key).filter(JsValue::is_object).map(Body)
    }

    pub fn flag(&self, key: &str) -> bool {
        self.get(key).and_then(|v| v.as_bool()).unwrap_or(false)
    }

    /// The items of an answer that is a JSON array; empty for anything
    /// else.
    pub fn items(&self) -> Vec<Body> {
        if !js_sys::Array::is_array(&self.0) {
            return Vec::new();
        }
        js_sys::Array::from(&self.0).iter().map(Body).collect()
    }

    /// A field holding a whole number of seconds (or a count).
    pub fn seconds(&self, key: &str) -> Option<u32> {
        self.get(key)?.as_f64().and_then(whole_seconds)
    }
}

// The answers, read field by field. Each reader names the `akun-core`
// type the API writes, and a component test writes that type with serde
// and reads it back here, so a renamed field fails a test, not a screen.

/// The signed-in account, from `GET /api/me` ([`akun_core::api::Me`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Me {
    pub email: String,
    /// For the greeting.
    pub first_name: Option<String>,
    /// `BUDI S****** W******`: the registry's name, mostly hidden.
    pub name_masked: Option<String>,
    pub identity_complete: bool,
    /// Masked by the API: `3201********0001`.
    pub nik: Option<String>,
    pub kk: Option<String>,
    pub date_of_birth: Option<String>,
    pub phone: Option<String>,
    pub phone_verified: bool,
    /// A beneficiary of this programme year.
    pub beneficiary: bool,
}

pub fn read_me(body: &Body) -> Option<Me> {
    let text = |key| body.string(key).filter(|v| !v.is_empty());
    Some(Me {
        email: body.string("email")?,
        first_name: text("first_name"),
        name_masked: text("name_masked"),
        identity_complete: body.flag("identity_complete"),
        nik: text("nik_masked"),
        kk: text("kk_masked"),
        date_of_birth: text("date_of_birth"),
        phone: text("phone_masked"),
        phone_verified: body.flag("phone_verified"),
        beneficiary: body.flag("beneficiary_this_year"),
    })
}

/// One signed-in device, from `GET /api/sessions`
/// ([`akun_core::api::SessionInfo`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    pub id: String,
    pub name: String,
    /// Unix ms.
    pub created_at: f64,
    pub last_seen_at: f64,
    pub current: bool,
}

/// The devices of `GET /api/sessions`; an item that does not read is left
/// out.
pub fn read_sessions(body: &Body) -> Vec<Device> {
    let device = |body: &Body| {
        Some(Device {
            id: body.string("id")?,
            name: body.string("device")?,
            created_at: body.number("created_at")?,
            last_seen_at: body.number("last_seen_at")?,
            current: body.flag("current"),
        })
    };
    body.items().iter().filter_map(device).collect()
}

/// The linked payout account of `GET /api/payout`
/// ([`akun_core::api::PayoutStatus`]), `None` when nothing is linked.
#[derive(Debug, Clone, PartialEq)]
pub struct Linked {
    /// The e-wallet's wire name (`gopay`), or `None` for a BNI account.
    pub provider: Option<String>,
    pub masked_number: String,
    /// From when incentives may be paid to it (Unix ms).
    pub usable_from: f64,
}

pub fn read_payout(body: &Body) -> Option<Linked> {
    let linked = body.object("linked")?;
    Some(Linked {
        provider: linked.string("provider"),
        masked_number: linked.string("masked_number").unwrap_or_default(),
        usable_from: linked.number("usable_from").unwrap_or_default(),
    })
}

/// Where a one-time code stands and where it went, as the login's
/// ([`akun_core::api::CodeStatus`]) and the phone's
/// ([`akun_core::api::PhoneStatus`]) answers both say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAnswer {
    pub sent_to: String,
    pub state: akun_core::api::CodeState,
}

pub fn read_code_state(body: &Body) -> Option<CodeAnswer> {
    Some(CodeAnswer {
        sent_to: body.string("sent_to")?,
        state: akun_core::api::CodeState {
            code_expires_in: body.seconds("code_expires_in")?,
            new_codes_left: body.seconds("new_codes_left")?,
            codes_locked_for: body.seconds("codes_locked_for"),
            delivery_failed: body.flag("delivery_failed"),
        },
    })
}

/// The login attempt's handle ([`akun_core::api::CodeStatus`]).
pub fn read_attempt(body: &Body) -> Option<String> {
    body.string("attempt")
}

/// Whether the number is verified ([`akun_core::api::PhoneStatus`]).
pub fn read_phone_verified(body: &Body) -> bool {
    body.flag("verified")
}

/// A captcha's id and picture ([`akun_core::api::CaptchaResponse`]).
pub fn read_captcha(body: &Body) -> Option<(String, String)> {
    Some((body.string("id")?, body.string("image")?))
}

/// Where the verification link went and when a new one may be asked for
/// ([`akun_core::api::RegisterResponse`]).
pub fn read_registered(body: &Body) -> Option<(String, u32)> {
    Some((body.string("sent_to")?, body.seconds("resend_after")?))
}

/// When another link may be asked for ([`akun_core::api::ResendResponse`]).
pub fn read_resend_after(body: &Body) -> Option<u32> {
    body.seconds("resend_after")
}

/// The address of the account a link verified
/// ([`akun_core::api::VerifyResponse`]).
pub fn read_verified_email(body: &Body) -> Option<String> {
    body.string("email")
}

/// The masked address of the account a reset link is for
/// ([`akun_core::api::ResetCheckResponse`]).
pub fn read_reset_account(body: &Body) -> Option<String> {
    body.string("email_masked")
}

/// Posts and returns the body of a 2xx answer.
/// The photo slots the draft holds ([`akun_core::api::ReportDraft`]); a
/// slot name this page does not know is left out.
pub fn read_draft_photos(body: &Body) -> Vec<akun_core::case::PhotoSlot> {
    let Some(photos) = body.get("photos") else {
        return Vec::new();
    };
    Body(photos)
        .items()
        .iter()
        .filter_map(|item| akun_core::case::PhotoSlot::from_wire(&item.0.as_string()?))
        .collect()
}

/// The case number and where its confirmation went
/// ([`akun_core::api::CaseCreated`]).
pub fn read_case_created(body: &Body) -> Option<(String, String)> {
    Some((body.string("case")?, body.string("email")?))
}

/// A case as its status page shows it ([`akun_core::api::CaseView`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub case: String,
    pub kind: akun_core::case::CaseKind,
    pub status: akun_core::case::CaseStatus,
    /// Unix ms.
    pub submitted_at: f64,
    pub updated_at: f64,
    pub needed: Vec<akun_core::case::CaseNeed>,
    pub outcome: Option<akun_core::case::CaseOutcome>,
    pub reason: Option<akun_core::case::RejectReason>,
}

pub fn read_case(body: &Body) -> Option<CaseView> {
    use akun_core::case::{CaseKind, CaseNeed, CaseOutcome, CaseStatus, RejectReason};
    let needed = body
        .get("needed")
        .map(|list| {
            Body(list)
                .items()
                .iter()
                .filter_map(|item| CaseNeed::from_wire(&item.0.as_string()?))
                .collect()
        })
        .unwrap_or_default();
    Some(CaseView {
        case: body.string("case")?,
        kind: CaseKind::from_wire(&body.string("kind")?)?,
        status: CaseStatus::from_wire(&body.string("status")?)?,
        submitted_at: body.number("submitted_at")?,
        updated_at: body.number("updated_at")?,
        needed,
        outcome: body
            .string("outcome")
            .and_then(|o| CaseOutcome::from_wire(&o)),
        reason: body
            .string("reason")
            .and_then(|r| RejectReason::from_wire(&r)),
    })
}

async fn send<Req: Serialize + ?Sized>(path: &str, body: &Req) -> Result<String, ClientError> {
    send_json(path, Some(&to_json(body)?)).await
}

/// Posts a JSON body (or, without one, gets) and returns the body of a 2xx
/// answer.
async fn send_json(path: &str, json: Option<&str>) -> Result<String, ClientError> {
    let abort = abort_after(TIMEOUT_MS);
    let request = match json {
        Some(_) => Request::post(path).header("Content-Type", "application/json"),
        None => Request::get(path),
    }
    .credentials(RequestCredentials::Include)
    .header("Accept", "application/json")
    .abort_signal(abort.as_ref());
    let request = match json {
        Some(json) => request.body(json),
        None => request.build(),
    };
    let response = request
        .map_err(|_| ClientError::Network)?
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    let text = response.text().await.map_err(|_| ClientError::Network)?;
    if response.ok() {
        return Ok(text);
    }
    let mut error =
        error_from_json(&text).unwrap_or_else(|| ApiError::new(code_for_status(response.status())));
    if error.retry_after.is_none() {
        error.retry_after = response
            .headers()
            .get("Retry-After")
            .and_then(|value| parse_retry_after(&value));
    }
    Err(ClientError::Api(error))
}

/// How long a request may take before the person is told to try again; on
/// a slow mobile network a request must never hang for ever.
const TIMEOUT_MS: i32 = 30_000;

/// A signal that aborts the request after `ms`. `AbortSignal.timeout` would
/// be shorter but is missing from the older Android WebViews many applicants
/// use, so this binds `AbortController.abort` to a plain `setTimeout`.
fn abort_after(ms: i32) -> Option<AbortSignal> {
    let controller = AbortController::new().ok()?;
    let abort = js_sys::Reflect::get(&controller, &JsValue::from_str("abort")).ok()?;
    let abort = abort
        .dyn_into::<js_sys::Function>()
        .ok()?
        .bind0(&controller);
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(&abort, ms)
        .ok()?;
    Some(controller.signal())
}

/// Encodes a request body as JSON text, through the browser's `JSON`.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, ClientError> {
    // `json_compatible` writes maps as plain objects and 64-bit integers as
    // numbers, which is what `JSON.stringify` can handle.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let js = value
        .serialize(&serializer)
        .map_err(|_| ClientError::Network)?;
    js_sys::JSON::stringify(&js)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(ClientError::Network)
}

/// Reads an [`ApiError`] body field by field, without serde (see
/// [`post_ok`]); public so that a test holds it to core's `ApiError`. An unknown `code`, from an API newer than this page, makes
/// the caller fall back to the status.
pub fn error_from_json(text: &str) -> Option<ApiError> {
    let body = Body::parse(text);
    let code = code_from_wire(&body.string("code")?)?;
    let blocked = body.object("blocked").and_then(|b| {
        Some(akun_core::Blocked {
            reason: akun_core::BlockReason::from_wire(&b.string("reason")?)?,
            is_final: b.flag("final"),
        })
    });
    Some(ApiError {
        code,
        field: body.string("field"),
        retry_after: body.seconds("retry_after"),
        left: body.seconds("left"),
        blocked,
    })
}

/// The [`ErrorCode`] whose wire name is `wire`.
pub fn code_from_wire(wire: &str) -> Option<ErrorCode> {
    ErrorCode::from_wire(wire)
}

/// A whole, non-negative number of seconds; JSON numbers arrive as `f64`.
fn whole_seconds(value: f64) -> Option<u32> {
    let in_range = (0.0..=f64::from(u32::MAX)).contains(&value);
    // The cast is exact: the value is whole and within `u32`.
    (in_range && value.fract() == 0.0).then_some(value as u32)
}

/// The code for an error answer that did not carry our JSON body.
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        400 | 405 | 415 | 422 => ErrorCode::BadRequest,
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::CsrfRejected,
        404 => ErrorCode::NotFound,
        413 => ErrorCode::PayloadTooLarge,
        429 => ErrorCode::TooManyRequests,
        502..=504 => ErrorCode::Busy,
        _ => ErrorCode::Internal,
    }
}

/// Reads a `Retry-After` header in its delay-seconds form. The HTTP-date
/// form is not used by our API and is ignored.
pub fn parse_retry_after(value: &str) -> Option<u32> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_without_a_body_get_a_sensible_code() {
        assert_eq!(code_for_status(404), ErrorCode::NotFound);
        assert_eq!(code_for_status(429), ErrorCode::TooManyRequests);
        assert_eq!(code_for_status(503), ErrorCode::Busy);
        assert_eq!(code_for_status(502), ErrorCode::Busy);
        assert_eq!(code_for_status(422), ErrorCode::BadRequest);
        assert_eq!(code_for_status(500), ErrorCode::Internal);
        assert_eq!(code_for_status(418), ErrorCode::Internal);
    }

    #[test]
    fn retry_after_reads_seconds_only() {
        assert_eq!(parse_retry_after("5"), Some(5));
        assert_eq!(parse_retry_after(" 120 "), Some(120));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after(""), None);
    }

    #[test]
    fn retry_after_in_the_body_must_be_whole_seconds() {
        assert_eq!(whole_seconds(30.0), Some(30));
        assert_eq!(whole_seconds(0.0), Some(0));
        assert_eq!(whole_seconds(1.5), None);
        assert_eq!(whole_seconds(-1.0), None);
        assert_eq!(whole_seconds(f64::NAN), None);
        assert_eq!(whole_seconds(1e12), None);
    }

    #[test]
    fn every_code_is_read_back_from_its_wire_name() {
        for code in akun_core::ErrorCode::ALL {
            assert_eq!(code_from_wire(code.as_str()), Some(code));
        }
        assert_eq!(code_from_wire("not_a_code_yet"), None);
    }
}
