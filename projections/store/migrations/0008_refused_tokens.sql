-- Refusals name the token they were refused for, as the first 12 hex digits of its SHA-256
-- (never the token): a 401 has no other actor to record. NULL in every entry written before, and
-- in a leaf only when set, so their leaves and signed checkpoints are unchanged.
ALTER TABLE access_log ADD COLUMN token_hash_prefix TEXT;
