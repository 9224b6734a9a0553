-- Forgetting: erasures that must be finished, and which cached answers concern which child.

-- One row per erased child, written in the transaction that records the erasure event. A row
-- whose finished_at is NULL is an erasure whose key destruction and purge have not happened
-- yet (the process died after the commit): every start and every maintenance sweep finishes it.
CREATE TABLE child_erasures (
    child_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL, finished_at TEXT);
CREATE INDEX child_erasures_unfinished ON child_erasures (erased_at) WHERE finished_at IS NULL;

-- The child a cached answer concerns, so that erasing the child removes it from the cache.
ALTER TABLE idempotency_keys ADD COLUMN child_id TEXT;
CREATE INDEX idempotency_keys_child ON idempotency_keys (child_id) WHERE child_id IS NOT NULL;
