-- Baton's own tables as release 0.1 created them (CREATE TABLE IF NOT EXISTS in each module's
-- constructor). Every statement is idempotent, so a database that release made is adopted as it
-- is and this migration is only recorded. The event store's tables belong to eventsourcing.
-- The access log's table itself is in 0001_baseline.<dialect>.sql, which runs first.

CREATE INDEX IF NOT EXISTS access_log_child ON access_log (child_id, seq);
CREATE INDEX IF NOT EXISTS access_log_actor ON access_log (actor_id, seq);
CREATE INDEX IF NOT EXISTS access_log_org ON access_log (actor_org_id, seq);
-- The integrator's queue: entries not yet given a leaf index.
CREATE INDEX IF NOT EXISTS access_log_pending ON access_log (id) WHERE seq IS NULL;

-- The audit integrator's state (tree size and right border) and its signed checkpoints.
CREATE TABLE IF NOT EXISTS audit_state (
    id INTEGER PRIMARY KEY, size BIGINT NOT NULL, border TEXT NOT NULL);
INSERT INTO audit_state (id, size, border) VALUES (1, 0, '') ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS audit_checkpoints (
    size BIGINT PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL,
    signed_at TEXT NOT NULL);

-- The first response to a create, kept so that a retry gets it back unchanged.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
    status INTEGER, body TEXT, created_at TEXT NOT NULL,
    PRIMARY KEY (scope, key));

-- Where each projection is: its generations of view tables, position and last error.
CREATE TABLE IF NOT EXISTS projection_state (
    name TEXT NOT NULL, generation INTEGER NOT NULL, position BIGINT NOT NULL,
    active INTEGER NOT NULL, advanced_at TEXT, last_error TEXT, error_at TEXT,
    PRIMARY KEY (name, generation));
