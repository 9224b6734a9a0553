"""The access log's table: every read and write of a child's data, allowed or denied.

``id`` is the row's insertion number; the gapless leaf index (``seq``) that makes the log
verifiable is assigned by the audit integrator, one writer, after the entry is durable.
Writes are synchronous: an entry is committed before the answer it concerns leaves the service.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.access import AccessEntry, Action, Outcome
from projections.db import Database, Row

DDL = {
    "sqlite": [
        """CREATE TABLE IF NOT EXISTS access_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL, actor_id TEXT, actor_org_id TEXT, actor_roles TEXT NOT NULL,
            action TEXT NOT NULL, child_id TEXT, resource TEXT NOT NULL,
            outcome TEXT NOT NULL, purpose TEXT NOT NULL)""",
    ],
    "postgresql": [
        """CREATE TABLE IF NOT EXISTS access_log (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at TEXT NOT NULL, actor_id TEXT, actor_org_id TEXT, actor_roles TEXT NOT NULL,
            action TEXT NOT NULL, child_id TEXT, resource TEXT NOT NULL,
            outcome TEXT NOT NULL, purpose TEXT NOT NULL)""",
    ],
    "common": ["CREATE INDEX IF NOT EXISTS access_log_child ON access_log (child_id, id)"],
}

COLUMNS = (
    "id, at, actor_id, actor_org_id, actor_roles, action, child_id, resource, outcome, purpose"
)


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def _entry(row: Row) -> AccessEntry:
    row_id, at, actor_id, org_id, roles, action, child_id, resource, outcome, purpose = row
    return AccessEntry(
        row_id=int(row_id),
        at=datetime.fromisoformat(at),
        actor_id=UUID(actor_id) if actor_id else None,
        actor_org_id=UUID(org_id) if org_id else None,
        actor_roles=tuple(r for r in roles.split(",") if r),
        action=Action(action),
        child_id=UUID(child_id) if child_id else None,
        resource=resource,
        outcome=Outcome(outcome),
        purpose=purpose,
    )


class SqlAccessLog:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as cur:
            for statement in DDL[db.dialect] + DDL["common"]:
                cur.execute(statement)

    def append(self, entry: AccessEntry) -> int:
        return self.append_many([entry])[-1]

    def append_many(self, entries: list[AccessEntry]) -> list[int]:
        """Write entries in one transaction (one commit for a list page's worth of reads)."""
        ids = []
        with self.db.transaction() as cur:
            for entry in entries:
                cur.execute(
                    "INSERT INTO access_log (at, actor_id, actor_org_id, actor_roles, action,"
                    " child_id, resource, outcome, purpose)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                    (
                        entry.at.isoformat(),
                        _text(entry.actor_id),
                        _text(entry.actor_org_id),
                        ",".join(entry.actor_roles),
                        entry.action.value,
                        _text(entry.child_id),
                        entry.resource,
                        entry.outcome.value,
                        entry.purpose,
                    ),
                )
                row = cur.fetchone()
                assert row is not None
                ids.append(int(row[0]))
        return ids

    def for_child(self, child_id: UUID, limit: int = 500, after: int = 0) -> list[AccessEntry]:
        with self.db.transaction() as cur:
            cur.execute(
                f"SELECT {COLUMNS} FROM access_log WHERE child_id = %s AND id > %s"
                " ORDER BY id LIMIT %s",
                (str(child_id), after, limit),
            )
            rows = cur.fetchall()
        return [_entry(row) for row in rows]

    def count(self) -> int:
        with self.db.transaction() as cur:
            cur.execute("SELECT count(*) FROM access_log")
            row = cur.fetchone()
        return int(row[0]) if row else 0
