-- Accounts, the one-time links emailed to them, and the counters behind
-- every rate limit (kept in the database so that all API instances share
-- them).
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Normalised (trimmed, lower case) by akun_core::Email.
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('unverified', 'active', 'blocked')),
    -- The language messages to this account are written in.
    lang TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    verified_at BIGINT
);

CREATE UNIQUE INDEX accounts_email ON accounts (email);

-- Links sent by email. Only a SHA-256 of the token is stored. A link is
-- bound to the account and to the address it was sent to; a verification
-- link also carries the password hash of the registration that asked for
-- it, so the address's owner decides which registration becomes the account.
CREATE TABLE email_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('verify')),
    token_hash TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE UNIQUE INDEX email_tokens_hash ON email_tokens (token_hash);
CREATE INDEX email_tokens_account ON email_tokens (account_id, purpose);

-- Fixed-window counters: one row per limit key (the key never holds
-- personal data in clear: emails are keyed hashes).
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL
);
