-- Release 0.1's access log on SQLite: its id and seq columns are the only SQL of the baseline
-- that differs between the stores; 0001_baseline.sql, run after this, holds the rest.

-- The access log: every read and write of a child's data, allowed or denied. ``seq`` is the
-- gapless leaf index the audit integrator assigns.
CREATE TABLE IF NOT EXISTS access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL, actor_id TEXT, actor_org_id TEXT, actor_roles TEXT NOT NULL,
    action TEXT NOT NULL, child_id TEXT, resource TEXT NOT NULL,
    outcome TEXT NOT NULL, purpose TEXT NOT NULL, seq INTEGER UNIQUE, leaf_hash TEXT);
