"""Release 0.1's DDL for Baton's own tables, copied verbatim from the DDL lists of commit fe059d0
(each module ran its list in its constructor, in this order). The upgrade tests make a store
with it; it is kept apart from the migrations on purpose, so that a change to 0001 cannot change
what "a store made by release 0.1" means.
"""

from __future__ import annotations

from projections.store.db import Dialect

# fe059d0:projections/access_log.py
ACCESS_LOG = {
    "sqlite": [
        """CREATE TABLE IF NOT EXISTS access_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL, actor_id TEXT, actor_org_id TEXT, actor_roles TEXT NOT NULL,
            action TEXT NOT NULL, child_id TEXT, resource TEXT NOT NULL,
            outcome TEXT NOT NULL, purpose TEXT NOT NULL, seq INTEGER UNIQUE, leaf_hash TEXT)""",
    ],
    "postgresql": [
        """CREATE TABLE IF NOT EXISTS access_log (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at TEXT NOT NULL, actor_id TEXT, actor_org_id TEXT, actor_roles TEXT NOT NULL,
            action TEXT NOT NULL, child_id TEXT, resource TEXT NOT NULL,
            outcome TEXT NOT NULL, purpose TEXT NOT NULL, seq BIGINT UNIQUE, leaf_hash TEXT)""",
    ],
    "common": [
        "CREATE INDEX IF NOT EXISTS access_log_child ON access_log (child_id, seq)",
        "CREATE INDEX IF NOT EXISTS access_log_actor ON access_log (actor_id, seq)",
        "CREATE INDEX IF NOT EXISTS access_log_org ON access_log (actor_org_id, seq)",
        # The integrator's queue: entries not yet given a leaf index.
        "CREATE INDEX IF NOT EXISTS access_log_pending ON access_log (id) WHERE seq IS NULL",
    ],
}

# fe059d0:projections/audit_log.py
AUDIT_LOG = [
    """CREATE TABLE IF NOT EXISTS audit_state (
        id INTEGER PRIMARY KEY, size BIGINT NOT NULL, border TEXT NOT NULL)""",
    "INSERT INTO audit_state (id, size, border) VALUES (1, 0, '') ON CONFLICT (id) DO NOTHING",
    """CREATE TABLE IF NOT EXISTS audit_checkpoints (
        size BIGINT PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL,
        signed_at TEXT NOT NULL)""",
]

# fe059d0:projections/idempotency.py
IDEMPOTENCY = [
    """CREATE TABLE IF NOT EXISTS idempotency_keys (
        scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
        status INTEGER, body TEXT, created_at TEXT NOT NULL,
        PRIMARY KEY (scope, key))""",
]

# fe059d0:projections/tracking.py
TRACKING = [
    """CREATE TABLE IF NOT EXISTS projection_state (
        name TEXT NOT NULL, generation INTEGER NOT NULL, position BIGINT NOT NULL,
        active INTEGER NOT NULL, advanced_at TEXT, last_error TEXT, error_at TEXT,
        PRIMARY KEY (name, generation))""",
]


def statements(dialect: Dialect) -> list[str]:
    """Every statement, in the order release 0.1 ran them on ``dialect``."""
    return ACCESS_LOG[dialect] + ACCESS_LOG["common"] + AUDIT_LOG + IDEMPOTENCY + TRACKING
