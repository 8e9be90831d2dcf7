//! One module per page.

pub mod help;
pub mod home;
pub mod login;
pub mod not_found;
pub mod register;
pub mod security;
