-- Issue 14: the Report Form. A person without a session sends four photos
-- into a draft held by a cookie, then submits the draft as a case.

-- A draft: the photos sent so far. Only a SHA-256 of the cookie's token is
-- kept. A draft lives 24 hours from its creation (not sliding); the
-- sweeper (`case::sweeper`) deletes it and its photos afterwards.
CREATE TABLE report_drafts (
    id TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX report_drafts_expires ON report_drafts (expires_at);

-- A case. Its number is 40 random bits (`PK-7Q4M-2KXD`); its UNIQUE index
-- decides a collision, and the insert retries with new bits.
--
-- Name, NIK, date of birth and description are sealed with the vault
-- (`v1:` + hex), bound to the case's number; `nik_hash` is the NIK's keyed
-- look-up hash, the same as `identities.nik_hash`, for the open cases a
-- NIK may have. Email and phone are kept in clear: they are where the
-- answer goes. `account_id` is the account of a signed-in submitter.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('blocked', 'cannot_log_in', 'code_never_arrives', 'fraud_appeal', 'contact_lost', 'other')),
    status TEXT NOT NULL CHECK (status IN ('received', 'in_review', 'more_info', 'resolved', 'rejected')),
    account_id INTEGER REFERENCES accounts (id),
    name_sealed TEXT NOT NULL,
    nik_hash TEXT NOT NULL,
    nik_sealed TEXT NOT NULL,
    date_of_birth_sealed TEXT NOT NULL,
    description_sealed TEXT NOT NULL,
    -- Normalised by akun_core::Email; E.164.
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    -- The language of the messages about the case.
    lang TEXT NOT NULL,
    -- What the reviewer asks for (`more_info`): CaseNeed codes, comma
    -- separated; what a resolved case did; why a case was rejected.
    needed TEXT NOT NULL DEFAULT '',
    outcome TEXT,
    reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX cases_number ON cases (number);
CREATE INDEX cases_nik ON cases (nik_hash);
CREATE INDEX cases_account ON cases (account_id);

-- One row a NIK that has filed a case: the row a submission locks (an
-- upsert) before it counts the NIK's open cases, so that two submissions
-- for one NIK at once cannot both see room for one more.
CREATE TABLE case_niks (
    nik_hash TEXT PRIMARY KEY,
    last_case_at BIGINT NOT NULL
);

-- The ledger of every photo object the Report Form stores, written BEFORE
-- the object is: `pending` while it is being stored, `stored` once it is
-- (and then held by a draft's slot, or by a case), `doomed` when it is to
-- be deleted (replaced, its draft expired, or pending too long: a crash
-- between storing and recording). The sweeper deletes a doomed object and
-- only then its row, so no object outlives its row and none is forgotten.
CREATE TABLE case_photos (
    -- The object's name (`photos/` + 32 random hex digits).
    object TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('pending', 'stored', 'doomed')),
    slot TEXT NOT NULL CHECK (slot IN ('ektp', 'kk', 'selfie_ektp', 'selfie_kk')),
    -- The draft the photo was sent to (no foreign key: the ledger outlives
    -- the draft until the sweeper is done), or the case that holds it.
    draft_id TEXT,
    case_id INTEGER REFERENCES cases (id),
    -- The stored object: sealed bytes, and the re-encoded photo's size.
    stored_bytes BIGINT,
    width BIGINT,
    height BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (draft_id IS NULL OR case_id IS NULL)
);

-- One stored photo a slot, in a draft and in a case.
CREATE UNIQUE INDEX case_photos_draft_slot ON case_photos (draft_id, slot) WHERE state = 'stored' AND draft_id IS NOT NULL;
CREATE UNIQUE INDEX case_photos_case_slot ON case_photos (case_id, slot) WHERE state = 'stored' AND case_id IS NOT NULL;
CREATE INDEX case_photos_draft ON case_photos (draft_id);
CREATE INDEX case_photos_state ON case_photos (state, created_at);
