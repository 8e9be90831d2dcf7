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
                tracing::debug!(category = category(&e), "rejected JSON body");
                Err(ErrorCode::BadRequest.into())
            }
        }
    }
}

/// What kind of problem a refused body had, and nothing of its content.
/// serde's messages quote the value they refused (`invalid type: string
/// "hunter2", expected a boolean`), so a password or a NIK typed into the
/// wrong field would reach the logs through them: they are never logged.
fn category(rejection: &axum::extract::rejection::JsonRejection) -> &'static str {
    use axum::extract::rejection::JsonRejection;
    match rejection {
        // Valid JSON, but not the shape the route takes.
        JsonRejection::JsonDataError(_) => "shape",
        JsonRejection::JsonSyntaxError(_) => "syntax",
        JsonRejection::MissingJsonContentType(_) => "content_type",
        JsonRejection::BytesRejection(_) => "body",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log writer the test can read.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_refused_body_is_logged_by_its_category_never_its_content() {
        use akun_core::api::RegisterRequest;
        use axum::body::Body;
        use axum::extract::FromRequest;

        let logs = Captured::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let bodies = [
            // Each secret in a field of another type: serde quotes it.
            (
                "application/json",
                r#"{"email":"a@b.id","password":"x","accept_terms":"hunter2-secret"}"#,
            ),
            (
                "application/json",
                r#"{"email":"a@b.id","password":"x","accept_terms":true,"lang":"hunter2-secret"}"#,
            ),
            (
                "application/json",
                r#"{"email":"a@b.id","password":3201011708900001,"accept_terms":true}"#,
            ),
            ("application/json", r#"{"password": "hunter2-secret""#),
            ("text/plain", r#"{"password": "hunter2-secret"}"#),
        ];
        for (content_type, body) in bodies {
            let request = axum::http::Request::builder()
                .method("POST")
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))
                .unwrap();
            let refused = ApiJson::<RegisterRequest>::from_request(request, &()).await;
            assert!(matches!(refused, Err(Error::Refused(_))), "{body}");
        }
        let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
        for secret in ["hunter2", "3201011708900001", "a@b.id"] {
            assert!(!text.contains(secret), "{secret} logged: {text}");
        }
        for category in ["shape", "syntax", "content_type"] {
            assert!(text.contains(category), "{category} missing: {text}");
        }
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
