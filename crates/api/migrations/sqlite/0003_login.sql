-- Captcha challenges: only a hash of the lower-cased answer is kept.
CREATE TABLE captchas (
    id TEXT PRIMARY KEY,
    answer_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

-- A login between the password step and the one-time code. The client
-- holds a random handle; only its hash is stored. The code is bound to the
-- attempt, and the attempt to the account.
CREATE TABLE login_attempts (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    code_hash TEXT,
    code_expires_at BIGINT,
    -- The outbox row that carries the current code, to tell when it failed.
    code_outbox_id BIGINT,
    -- Wrong tries on the current code (at most 5), and on the whole
    -- attempt (never reset by a new code).
    code_failures BIGINT NOT NULL DEFAULT 0,
    failures BIGINT NOT NULL DEFAULT 0,
    user_agent TEXT NOT NULL,
    lang TEXT NOT NULL,
    completed_at BIGINT
);

CREATE INDEX login_attempts_account ON login_attempts (account_id);

-- Per-account guards that must hold across tabs, browsers and instances.
CREATE TABLE account_guards (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    -- One-time codes sent since the last successful login or the last
    -- wait; the first is free, the next five are "new codes".
    codes_sent BIGINT NOT NULL DEFAULT 0,
    codes_locked_until BIGINT
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie value.
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    user_agent TEXT NOT NULL,
    device TEXT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX sessions_account ON sessions (account_id);
