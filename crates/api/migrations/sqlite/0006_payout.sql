-- Issue 7: beneficiaries, payout accounts, changing the mobile number.

-- When the session's owner last proved the password: the full login that
-- created it, or a later `POST /api/reauth`. NULL on sessions from before
-- this column, which count from `created_at`.
ALTER TABLE sessions ADD COLUMN authenticated_at BIGINT;

-- A new mobile number waiting for its SMS code (E.164). The verified
-- number (`phone`, `phone_verified`) stays in use until the code is
-- entered; the code columns of the row carry the change's code.
ALTER TABLE identities ADD COLUMN phone_pending TEXT;

-- Beneficiary status, per programme year (set by staff or an import).
CREATE TABLE beneficiaries (
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    year BIGINT NOT NULL,
    set_at BIGINT NOT NULL,
    -- 'import' or 'staff'.
    set_by TEXT NOT NULL,
    PRIMARY KEY (account_id, year)
);

-- The one payout account linked to an account, if any. `number` is the
-- BNI account number or the e-wallet's E.164 number.
CREATE TABLE payout_accounts (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    kind TEXT NOT NULL CHECK (kind IN ('bni', 'ewallet')),
    provider TEXT,
    number TEXT NOT NULL,
    holder_name TEXT,
    linked_at BIGINT NOT NULL,
    linked_by TEXT NOT NULL
);

-- The account's history: payout accounts linked, unlinked and relinked,
-- and changes of the mobile number, with time and actor ('self', 'staff'
-- or 'import'). `detail` names numbers only masked.
CREATE TABLE account_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);

CREATE INDEX account_events_account ON account_events (account_id, id);
