//! The API's one error type. Every domain operation and handler returns
//! `Result<_, Error>`. A refusal carries the [`akun_core::ApiError`] body as
//! it is sent, and its code decides the HTTP status (see
//! [`ErrorCode::http_status`]), so nothing here knows about HTTP; internal
//! details are logged, never returned (`http::error` does both).

use akun_core::{ApiError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A refusal the person can act on: a code, and the field, the wait or
    /// the tries left that go with it.
    #[error("refused: {}", .0.code)]
    Refused(ApiError),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Error {
        Error::Refused(ApiError::new(code))
    }
}

impl Error {
    /// A refusal about one request field, shown next to that field.
    pub fn field(code: ErrorCode, field: &str) -> Error {
        Error::Refused(ApiError::field(code, field))
    }

    /// A refusal that tells the client how many seconds to wait before it
    /// tries again (also sent as `Retry-After`).
    pub fn retry_after(code: ErrorCode, seconds: u32) -> Error {
        Error::Refused(ApiError {
            retry_after: Some(seconds),
            ..ApiError::new(code)
        })
    }

    /// The code this error answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Refused(body) => body.code,
            Error::Database(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Whether this is a refusal with `code`.
    pub fn is(&self, code: ErrorCode) -> bool {
        self.code() == code
    }

    /// The body sent for this error: never the cause of an internal one.
    pub fn body(&self) -> ApiError {
        match self {
            Error::Refused(body) => body.clone(),
            Error::Database(_) | Error::Internal(_) => ApiError::new(ErrorCode::Internal),
        }
    }
}

/// `.field("email")?` on a validator's result: its code becomes a refusal
/// about that request field.
pub trait InField<T> {
    fn field(self, field: &str) -> Result<T>;
}

impl<T> InField<T> for std::result::Result<T, ErrorCode> {
    fn field(self, field: &str) -> Result<T> {
        self.map_err(|code| Error::field(code, field))
    }
}

/// `.on_unique(|| refusal)?` on a statement's result: a UNIQUE index that
/// refused the change becomes `refusal`; any other failure stays a database
/// error. Lets the index decide between concurrent requests.
pub trait OnUnique<T> {
    fn on_unique(self, refusal: impl FnOnce() -> Error) -> Result<T>;
}

impl<T> OnUnique<T> for std::result::Result<T, sqlx::Error> {
    fn on_unique(self, refusal: impl FnOnce() -> Error) -> Result<T> {
        match self {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(refusal()),
            other => Ok(other?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_reveal_their_cause() {
        let err = Error::Internal(anyhow::anyhow!(
            "connection to 10.0.0.5 refused, password=xyz"
        ));
        let body = serde_json::to_string(&err.body()).unwrap();
        assert_eq!(body, r#"{"code":"internal"}"#);
    }

    #[test]
    fn refusals_carry_their_field_and_wait() {
        let err = Err::<(), _>(ErrorCode::EmailInvalid)
            .field("email")
            .unwrap_err();
        assert_eq!(
            err.body(),
            ApiError::field(ErrorCode::EmailInvalid, "email")
        );
        let err = Error::retry_after(ErrorCode::Busy, 3);
        assert!(err.is(ErrorCode::Busy));
        assert_eq!(err.body().retry_after, Some(3));
    }
}
