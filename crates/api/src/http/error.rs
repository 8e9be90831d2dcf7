//! How an [`Error`] is answered, and `Json<T>` whose rejections answer in
//! the same error body instead of axum's plain text.

use akun_core::ErrorCode;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::Error;

/// The status comes from the code (`ErrorCode::http_status`); a wait is
/// also sent as `Retry-After`. Internal causes are logged here, once.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match &self {
            Error::Database(e) => tracing::error!(error = ?e, "database error"),
            Error::Internal(e) => tracing::error!(error = ?e, "internal error"),
            Error::Refused(_) => {}
        }
        let body = self.body();
        let status = StatusCode::from_u16(body.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(&body)).into_response();
        if let Some(seconds) = body.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// `Json<T>` whose rejections answer in the API's error body.
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
                Err(ErrorCode::PayloadTooLarge.into())
            }
            Err(e) => {
                tracing::debug!(error = %without_digits(&e.body_text()), "rejected JSON body");
                Err(ErrorCode::BadRequest.into())
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
    fn busy_answers_503_with_retry_after() {
        let response = Error::retry_after(ErrorCode::Busy, 3).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "3");
    }

    #[test]
    fn the_status_comes_from_the_code() {
        let gone = Error::from(ErrorCode::TokenUsed).into_response();
        assert_eq!(gone.status(), StatusCode::GONE);
        let field = Error::field(ErrorCode::PhoneTaken, "phone").into_response();
        assert_eq!(field.status(), StatusCode::CONFLICT);
        let internal = Error::Internal(anyhow::anyhow!("x")).into_response();
        assert_eq!(internal.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
