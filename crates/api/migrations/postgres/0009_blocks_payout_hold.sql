-- Issue 13: why an account is blocked, and when a newly linked payout
-- account may first be paid.

-- A block reason is a code (`akun_core::BlockReason`), never free text;
-- `blocked_final` is 1 when the block is final, 0 otherwise.
ALTER TABLE accounts ADD COLUMN blocked_reason TEXT;
ALTER TABLE accounts ADD COLUMN blocked_final BIGINT;
ALTER TABLE accounts ADD COLUMN blocked_at BIGINT;

-- A newly linked payout account receives nothing before this time (the
-- provider's cooling-off period), so that an account taken over cannot
-- move an incentive to a new bank account at once.
ALTER TABLE payout_accounts ADD COLUMN usable_from BIGINT;
