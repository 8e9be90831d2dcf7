//! The API's one error type. Every handler returns `Result<_, Error>`; the
//! response body is always [`akun_core::ApiError`], and internal details are
//! logged, never returned.

use akun_core::{ApiError, ErrorCode};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request field failed validation.
    #[error("invalid field {field}: {code}")]
    Field {
        code: ErrorCode,
        field: &'static str,
    },
    #[error("bad request")]
    BadRequest,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unauthorized")]
    Unauthorized,
    #[error("cross-site request refused")]
    Csrf,
    #[error("not found")]
    NotFound,
    /// A one-time link or code that was real but can no longer be used.
    #[error("gone: {0}")]
    Gone(ErrorCode),
    #[error("too many requests; retry after {retry_after}s")]
    TooManyRequests { retry_after: u32 },
    /// The service is saturated; the client waits and retries.
    #[error("busy; retry after {retry_after}s")]
    Busy { retry_after: u32 },
    /// Any other refusal, with its status and body as they are.
    #[error("refused: {1:?}")]
    Api(StatusCode, ApiError),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::Field { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::BadRequest => StatusCode::BAD_REQUEST,
            Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::Csrf => StatusCode::FORBIDDEN,
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Gone(_) => StatusCode::GONE,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::Api(status, _) => *status,
            Error::Database(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self) -> ApiError {
        match self {
            Error::Field { code, field } => ApiError::field(*code, *field),
            Error::BadRequest => ApiError::new(ErrorCode::BadRequest),
            Error::PayloadTooLarge => ApiError::new(ErrorCode::PayloadTooLarge),
            Error::Unauthorized => ApiError::new(ErrorCode::Unauthorized),
            Error::Csrf => ApiError::new(ErrorCode::CsrfRejected),
            Error::NotFound => ApiError::new(ErrorCode::NotFound),
            Error::Gone(code) => ApiError::new(*code),
            Error::TooManyRequests { retry_after } => ApiError {
                retry_after: Some(*retry_after),
                ..ApiError::new(ErrorCode::TooManyRequests)
            },
            Error::Busy { retry_after } => ApiError {
                retry_after: Some(*retry_after),
                ..ApiError::new(ErrorCode::Busy)
            },
            Error::Api(_, body) => body.clone(),
            Error::Database(_) | Error::Internal(_) => ApiError::new(ErrorCode::Internal),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match &self {
            Error::Database(e) => tracing::error!(error = ?e, "database error"),
            Error::Internal(e) => tracing::error!(error = ?e, "internal error"),
            _ => {}
        }
        let body = self.body();
        let mut response = (self.status(), Json(&body)).into_response();
        if let Some(seconds) = body.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// `Json<T>` whose rejections answer in the API's error body instead of
/// axum's plain text.
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Error> {
        use axum::extract::rejection::JsonRejection;
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::BytesRejection(e))
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Err(Error::PayloadTooLarge)
            }
            Err(e) => {
                tracing::debug!(error = %without_digits(&e.body_text()), "rejected JSON body");
                Err(Error::BadRequest)
            }
        }
    }
}

/// `text` with every digit replaced by `#`. serde's messages quote the
/// value they refused (`invalid type: integer `3201011708900001``), and a
/// NIK, KK or phone number sent as a number must not reach the logs.
fn without_digits(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_bodies_are_logged_without_their_numbers() {
        let message =
            "invalid type: integer `3201011708900001`, expected a string at line 1 column 9";
        assert_eq!(
            without_digits(message),
            "invalid type: integer `################`, expected a string at line # column #"
        );
    }

    #[test]
    fn internal_errors_never_reveal_their_cause() {
        let err = Error::Internal(anyhow::anyhow!(
            "connection to 10.0.0.5 refused, password=xyz"
        ));
        let body = serde_json::to_string(&err.body()).unwrap();
        assert_eq!(body, r#"{"code":"internal"}"#);
    }

    #[test]
    fn busy_answers_503_with_retry_after() {
        let response = Error::Busy { retry_after: 3 }.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "3");
    }
}
