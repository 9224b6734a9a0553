-- The write path's schema: idempotency keys that expire, and the commands already committed.

-- When a key may be forgotten (an ISO-8601 instant); keys written before this are NULL.
ALTER TABLE idempotency_keys ADD COLUMN expires_at TEXT;
-- Keys left "in progress" (no status) by a crash under the old release could never complete:
-- a retry with the same key would be refused forever.
DELETE FROM idempotency_keys WHERE status IS NULL;

-- One row per command whose events are committed, written in the same transaction.
CREATE TABLE commands (
    command_id TEXT PRIMARY KEY, committed_at TEXT NOT NULL);
