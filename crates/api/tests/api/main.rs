//! API integration tests: one binary, each test on its own fresh database
//! (SQLite by default; PostgreSQL when `AKUN_TEST_DB=postgres`).

mod helpers;
mod smtp_sink;

mod attacks;
mod codes;
mod health;
mod limits;
mod login;
mod mailbox;
mod mobile;
mod outbox;
mod profile;
mod register;
mod reports;
mod reset;
mod security;
mod storage;
