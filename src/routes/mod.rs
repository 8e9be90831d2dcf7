//! One module per page.

pub mod change_phone;
pub mod check_email;
pub mod code;
pub mod dashboard;
pub mod forgot;
pub mod help;
pub mod home;
pub mod identity;
pub mod login;
pub mod misuse;
pub mod not_found;
pub mod password;
pub mod payout;
pub mod phone;
pub mod reauth;
pub mod register;
pub mod reset;
pub mod security;
pub mod sessions;
pub mod terms;
pub mod verify;
