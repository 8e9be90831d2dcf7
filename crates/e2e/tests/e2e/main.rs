//! End-to-end tests: headless Chromium, driven over WebDriver, uses the
//! release build of the SPA served by the real API on a fresh SQLite
//! database, at a 360x640 phone viewport.

mod harness;

mod forgot;
mod login;
mod mobile;
mod profile;
mod registration;
mod report;
mod routing;
mod shell;
