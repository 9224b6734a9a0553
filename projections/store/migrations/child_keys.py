"""Migration 0005, both stores: a key per child, and no personal data left readable at rest.

- ``child_keys``: each child's data keys, one per class of data, stored only wrapped (and NULL
  once destroyed); ``key_encryption_keys``: the check value of each version of the key ring that
  wraps them (projections/store/key_ring.py); ``child_keys_steps``: one-off steps done.
- The views' personal columns (names, dates of birth, parents' names, the journey's text) are
  now encrypted under each child's key. Their plaintext rows are dropped here, with every
  generation of the views' tables as this release knows them, and each view is built again from
  the event log by the next worker (or ``baton serve`` on the embedded store).

A Python step because the views' tables carry a generation number in their names. The cached
answers to idempotent requests are sealed when the service next starts (it holds the key this
step does not): ``IdempotencyKeys.seal_plaintext``.
"""

from __future__ import annotations

from projections.store.db import Cursor, Database

TABLES = (
    """CREATE TABLE IF NOT EXISTS child_keys (
        child_id TEXT NOT NULL, data_class TEXT NOT NULL, key_version INTEGER NOT NULL,
        wrapped_key TEXT, created_at TEXT NOT NULL, destroyed_at TEXT,
        PRIMARY KEY (child_id, data_class))""",
    "CREATE INDEX IF NOT EXISTS child_keys_version ON child_keys (key_version)"
    " WHERE wrapped_key IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS key_encryption_keys (
        version INTEGER PRIMARY KEY, check_value TEXT NOT NULL, created_at TEXT NOT NULL)""",
    # One-off steps done on the first start with keys (the children recorded before: keyed).
    """CREATE TABLE IF NOT EXISTS child_keys_steps (
        step TEXT PRIMARY KEY, done_at TEXT NOT NULL)""",
)
# Each view of this release and its tables (frozen here: a later view is not this step's).
VIEWS = {
    "setting_children": (
        "setting_children",
        "journey_observations",
        "child_consent_status",
        "setting_packets",
    ),
    "consent_register": ("consent_register", "consent_children"),
    "handovers": ("handovers", "handover_children"),
    "journey_entries": ("journey_entries", "journey_versions"),
}


def apply(cur: Cursor, db: Database) -> None:
    for statement in TABLES:
        cur.execute(statement)
    for view, tables in VIEWS.items():
        cur.execute("SELECT generation FROM projection_state WHERE name = %s", (view,))
        for (generation,) in cur.fetchall():
            for table in tables:
                # Names from the constants above and a stored integer, never from input.
                cur.execute(f"DROP TABLE IF EXISTS {table}_g{int(generation)}")
        cur.execute("DELETE FROM projection_state WHERE name = %s", (view,))
