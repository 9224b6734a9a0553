-- Web sign-in sessions. The cookie holds a 256-bit secret; only its SHA-256 is kept here, so a
-- copy of this table signs nobody in. Ids only: no name or email of anyone.
CREATE TABLE IF NOT EXISTS web_sessions (
    session_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,          -- 'staff' (parents join in a later release)
    org_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    created_at TEXT NOT NULL,    -- ISO 8601, UTC
    expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS web_sessions_member ON web_sessions (member_id);
