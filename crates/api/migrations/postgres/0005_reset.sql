-- Forgot password. A request is written as it arrives, the same way
-- whether or not an account matches, and answered at once; a worker
-- (`http::reset::process_pending`) looks the account up later and sends
-- what the rules say. `lookup` is the normalised email, the E.164 number
-- or the NIK's keyed hash (never the NIK itself); it and the date of birth
-- are cleared when the request is processed.
CREATE TABLE reset_requests (
    id BIGSERIAL PRIMARY KEY,
    way TEXT NOT NULL CHECK (way IN ('email', 'phone', 'nik')),
    lookup TEXT,
    -- YYYY-MM-DD, for the phone and NIK ways.
    date_of_birth TEXT,
    lang TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    processed_at BIGINT,
    -- What processing did: sent, limited, blocked, unverified, no_account
    -- or no_match (for operations; it names no one once lookup is cleared).
    outcome TEXT
);

CREATE INDEX reset_requests_pending ON reset_requests (processed_at, id);

-- Reset links. Only a SHA-256 of the token is stored. A link is bound to
-- the account and to the address it was sent to; a newer link ends the
-- older ones (their expires_at is moved to the time the new one was made).
CREATE TABLE reset_tokens (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    token_hash TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE UNIQUE INDEX reset_tokens_hash ON reset_tokens (token_hash);
CREATE INDEX reset_tokens_account ON reset_tokens (account_id);
