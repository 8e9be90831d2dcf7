//! Types and validators shared by the akun SPA (wasm32) and API (native).
//!
//! Every validator is a parse-don't-validate newtype: the only way to get an
//! [`Email`] is [`Email::parse`], so a value of that type is always valid.
//! The crate has no web, database, regex or date-library dependency, so the
//! browser bundle stays small and both sides check input with the same code.

pub mod api;
pub mod case;
pub mod date;
pub mod error;
pub mod glossary;
pub mod validate;

pub use case::{CaseDescription, CaseNumber};
pub use date::Date;
pub use error::{ApiError, BlockReason, Blocked, ErrorCode};
pub use validate::{
    DateOfBirth, Email, KkNumber, Nik, OtpCode, Password, PersonName, PhoneNumber, Sex,
};
