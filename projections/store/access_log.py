"""The access log's table: every read and write of a child's data, allowed or denied.

``id`` is the row's insertion number; the gapless leaf index (``seq``) that makes the log
verifiable is assigned by the audit integrator, one writer, after the entry is durable.
Writes are synchronous: an entry is committed before the answer it concerns leaves the service.
The table is made by the migrations (projections/store/migrations).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

import psycopg

from domain.access_log.entry import AccessEntry, Action, Outcome
from domain.access_log.leaf import STORED_FIELDS, stored_form
from projections.store.binding import bound
from projections.store.db import Database, Row, StoreUnavailable

# What the DSL's alerts select (GET /v1/audit/alerts): refusals, and readings under break-glass
# (api.access.Purpose.BREAK_GLASS). Written into the SQL rather than bound, so that PostgreSQL
# matches the partial indexes below to the queries: alerts are few among many reads.
DENIED = f"outcome = '{Outcome.DENIED.value}'"
ALERTING = f"({DENIED} OR purpose = 'break-glass')"
# Entries about an organisation's staff that alert its DSLs: the DSL role granted (a member
# added with it, or given it), since a DSL may break the glass on the organisation's children;
# and a token issued from the server's command line, outside the API's managers.
DSL_GRANTED = "dsl-role"
ISSUED_FROM_SERVER = "staff-token-from-server"
STAFF_ALERTING = f"({DENIED} OR resource IN ('{DSL_GRANTED}', '{ISSUED_FROM_SERVER}'))"

# The row's id, then the stored text its leaf is built from; ``seq`` (and ``leaf_hash``), when
# selected, come after them, at SEQ.
COLUMNS = "id, " + ", ".join(STORED_FIELDS)
SEQ = 1 + len(STORED_FIELDS)


INSERT_CHUNK = 500  # rows per statement, well under SQLite's limit on bound values
ROW_VALUES = "(" + ", ".join(["%s"] * len(STORED_FIELDS)) + ")"


def _row(entry: AccessEntry) -> tuple[str | None, ...]:
    """The entry as the table stores it: the same text its audit leaf is built from."""
    stored = stored_form(entry)
    return tuple(stored[field] for field in STORED_FIELDS)


def _entry(row: Row) -> AccessEntry:
    at, actor_id, org_id, roles, action, child_id, resource, outcome, purpose, prefix = row[1:SEQ]
    return AccessEntry(
        row_id=int(row[0]),
        seq=int(row[SEQ]) if len(row) > SEQ and row[SEQ] is not None else None,
        at=datetime.fromisoformat(at),
        actor_id=UUID(actor_id) if actor_id else None,
        actor_org_id=UUID(org_id) if org_id else None,
        actor_roles=tuple(r for r in roles.split(",") if r),
        action=Action(action),
        child_id=UUID(child_id) if child_id else None,
        resource=resource,
        outcome=Outcome(outcome),
        purpose=purpose,
        token_hash_prefix=prefix,
    )


class SqlAccessLog:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.on_append: list[Callable[[], None]] = []

    def append(self, entry: AccessEntry) -> None:
        self.append_many([entry])

    def append_many(self, entries: list[AccessEntry]) -> None:
        """Write entries in one transaction (one commit for a list page's worth of reads).

        Inside a unit of work they are written with its events, just before its COMMIT.
        No audit, no access: any failure to write is StoreUnavailable, which answers 503.
        """
        unit = bound()
        if unit is not None:
            if not unit.access_entries:
                unit.before_commit.append(lambda _cur: self._write(unit.access_entries))
                unit.after_commit.extend(self.on_append)
            unit.access_entries.extend(entries)
            return
        self._write(entries)
        for callback in self.on_append:
            callback()

    def _write(self, entries: list[AccessEntry]) -> None:
        try:
            self._insert(entries)
        except (sqlite3.Error, psycopg.Error) as e:
            raise StoreUnavailable(f"the access log cannot be written: {type(e).__name__}") from e

    def _insert(self, entries: list[AccessEntry]) -> list[int]:
        """One multi-row INSERT per chunk: a page of 50 children is one round trip, not 50."""
        ids: list[int] = []
        with self.db.transaction() as cur:
            for start in range(0, len(entries), INSERT_CHUNK):
                chunk = entries[start : start + INSERT_CHUNK]
                cur.execute(
                    f"INSERT INTO access_log ({', '.join(STORED_FIELDS)}) VALUES "
                    + ", ".join([ROW_VALUES] * len(chunk))
                    + " RETURNING id",
                    [value for entry in chunk for value in _row(entry)],
                )
                ids.extend(sorted(int(row[0]) for row in cur.fetchall()))
        return ids

    def for_child(self, child_id: UUID, limit: int = 500, after: int = 0) -> list[AccessEntry]:
        with self.db.read() as cur:
            cur.execute(
                f"SELECT {COLUMNS}, seq FROM access_log WHERE child_id = %s AND id > %s"
                " ORDER BY id LIMIT %s",
                (str(child_id), after, limit),
            )
            rows = cur.fetchall()
        return [_entry(row) for row in rows]

    def acted_on(self, child_id: UUID, org_id: UUID) -> bool:
        """Whether staff of ``org_id`` were ever allowed to touch the child's record: what is
        left of a relationship once the child's record is erased."""
        with self.db.read() as cur:
            cur.execute(
                "SELECT 1 FROM access_log WHERE child_id = %s AND actor_org_id = %s"
                " AND outcome = 'allowed' LIMIT 1",
                (str(child_id), str(org_id)),
            )
            return cur.fetchone() is not None

    def count(self) -> int:
        with self.db.read() as cur:
            cur.execute("SELECT count(*) FROM access_log")
            row = cur.fetchone()
        return int(row[0]) if row else 0
