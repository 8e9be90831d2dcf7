//! The Report Form: a person who is blocked, cannot log in, never gets
//! their code or was flagged for fraud sends four photos and a few
//! fields, without a session, and gets a case number and a status page.
//! Staff review cases (a later issue).
//!
//! Rules that hold here:
//! - **Drafts** ([`draft`]): the photos sent so far belong to a draft held
//!   by a cookie (256 random bits, stored as their SHA-256; `http::auth`
//!   writes it `HttpOnly; SameSite=Strict`). A draft lives
//!   [`draft::DRAFT_LIFETIME`] from its creation, never longer however it
//!   is used, so a reload, a lost connection or a phone that slept loses
//!   nothing sent within the day. Opening a draft with a live cookie
//!   returns that draft; starting one counts against
//!   [`Rule::ReportDraftsPerClient`].
//! - **Photos** ([`photos`]): one photo a slot (`ektp`, `kk`,
//!   `selfie_ektp`, `selfie_kk`); a new one replaces the old, whose object
//!   is deleted. Each goes through the photo pipeline (size, magic bytes,
//!   pixel limits, re-encoding without EXIF, sealing; `busy` when the pool
//!   is full). At most [`Rule::ReportUploadsPerDraft`] photos are stored in
//!   a draft (retakes included; a refused or busy upload costs nothing)
//!   and [`Rule::ReportUploadsPerClient`] uploads an hour come from one
//!   client address.
//! - **No orphan, no missing photo**: every object has a row in the
//!   `case_photos` ledger before it is written (`pending`), becomes
//!   `stored` in the transaction that gives it to a draft's slot, and
//!   `doomed` when it is replaced or its draft expires. The [`sweeper`]
//!   dooms what stayed `pending` past [`sweeper::PENDING_GRACE`] (a crash
//!   between storing and recording) and deletes each doomed object before
//!   its row. A case takes its draft's four `stored` photos in the
//!   transaction that creates it, so a case never names a photo that is
//!   not stored, and nothing the sweeper deletes was ever a case's.
//! - **Submitting** ([`submit`]): every field is checked with akun-core's
//!   validators and refused at its own `field`; all four photos are
//!   needed (`photo_missing`, at the first missing slot). A signed-in
//!   person whose identity is complete files under the account's identity
//!   (from the civil registry); the body's `name`, `nik` and
//!   `date_of_birth` are then ignored. Anyone else gives all three, the NIK
//!   agreeing with the date of birth. After
//!   [`Rule::CasesWithoutCaptcha`] cases from one client address in a day
//!   each needs a captcha, and [`Rule::CasesPerClient`] caps them; a NIK
//!   has at most [`submit::MAX_OPEN_CASES`] cases open at once
//!   (`too_many_open_cases`). The case, its photos, the end of the draft
//!   and the email and SMS with the number and the status link are one
//!   transaction.
//! - **Identity at rest**: name, NIK, date of birth and description are
//!   sealed with the vault, bound to the case's number; the NIK's keyed
//!   look-up hash (the one `identities` uses) counts a NIK's open cases.
//!   The description is sealed too: people write what happened in their
//!   own words, with numbers, names and health or family matters in it.
//!   Email and mobile number are kept in clear: they are where the answer
//!   goes, and the email is what the status page is opened with.
//! - **Case numbers** ([`number`]): 40 random bits from the OS's CSPRNG
//!   (`PK-7Q4M-2KXD`), unique by index, drawn again on a collision; they
//!   neither count cases nor can be guessed.
//! - **Status** ([`status`]): a case is shown for its number with either
//!   its email address (compared as registration compares addresses,
//!   ignoring case) or the key of the emailed link, an HMAC of the number
//!   under a key of its own derived from the secret, never stored. A wrong
//!   answer and an unknown number get the same `case_not_found`; wrong
//!   answers are counted per number ([`Rule::CaseStatusFailures`]) and
//!   look-ups per client address. The answer never holds the photos, the
//!   identity or the description.
//!
//! Like [`crate::account`], this module knows nothing of HTTP: cookies,
//! headers and statuses are `http::report`'s. It may use `account` (the
//! captcha gate, the signed-in identity); `account` never uses it.

pub mod draft;
pub mod number;
pub mod photos;
pub mod status;
pub mod submit;
pub mod sweeper;

#[cfg(doc)]
use crate::limits::Rule;
