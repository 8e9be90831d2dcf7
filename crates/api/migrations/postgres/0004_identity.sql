-- The identity an account completed against the civil registry, and the
-- verification of its mobile number. One row per account, written once:
-- no statement changes the name, the NIK or the KK afterwards.
--
-- NIK and KK are never stored in clear: `*_sealed` is `v1:` and the hex of
-- an XChaCha20-Poly1305 nonce and ciphertext, `nik_hash` a keyed HMAC for
-- look-ups. Its UNIQUE index is what keeps one NIK to one account, also
-- under concurrent requests.
CREATE TABLE identities (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id),
    nik_hash TEXT NOT NULL,
    nik_sealed TEXT NOT NULL,
    kk_hash TEXT NOT NULL,
    kk_sealed TEXT NOT NULL,
    -- From the registry, upper case as on the e-KTP.
    name TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    -- YYYY-MM-DD.
    date_of_birth TEXT NOT NULL,
    completed_at BIGINT NOT NULL,
    -- The mobile number in E.164; pending until `phone_verified_at`.
    phone TEXT NOT NULL,
    -- The same number once verified, NULL before: its UNIQUE index keeps a
    -- verified number to one account.
    phone_verified TEXT,
    phone_verified_at BIGINT,
    -- The current SMS code (a keyed hash bound to account and number), its
    -- wrong tries (at most 5) and the outbox row that carries it.
    code_hash TEXT,
    code_expires_at BIGINT,
    code_failures BIGINT NOT NULL DEFAULT 0,
    code_outbox_id BIGINT,
    -- Codes sent since the last wait: the first is free, then 5 new codes,
    -- then none until `codes_locked_until`.
    codes_sent BIGINT NOT NULL DEFAULT 0,
    codes_locked_until BIGINT
);

CREATE UNIQUE INDEX identities_nik ON identities (nik_hash);
CREATE UNIQUE INDEX identities_phone_verified ON identities (phone_verified);
CREATE INDEX identities_phone ON identities (phone);
CREATE INDEX identities_kk ON identities (kk_hash);
