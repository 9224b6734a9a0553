"""The erasure ledger: which children were erased, and which erasures are not finished yet.

A row is written in the unit of work that records the child's erasure event, so it exists if
and only if that event committed. ``finished_at`` is set once the child's key is destroyed and
every copy purged (projections/forgetting.py); a row without it is finished by the next sweep.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from uuid import UUID

from projections.store.db import Cursor, Database


class Erasures:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, child_id: UUID, at: datetime) -> None:
        """Note the erasure (in the caller's unit of work, beside the erasure event)."""
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO child_erasures (child_id, erased_at) VALUES (%s, %s)"
                " ON CONFLICT (child_id) DO NOTHING",
                (str(child_id), at.isoformat()),
            )

    def is_erased(self, child_id: UUID) -> bool:
        with self.db.read() as cur:
            return bool(erased_among(cur, [str(child_id)]))

    def unfinished(self) -> list[UUID]:
        """Erased children whose key destruction and purge have not been done (a crash)."""
        with self.db.read() as cur:
            cur.execute(
                "SELECT child_id FROM child_erasures WHERE finished_at IS NULL ORDER BY erased_at"
            )
            return [UUID(row[0]) for row in cur.fetchall()]


def erased_among(cur: Cursor, child_ids: Collection[str]) -> set[str]:
    """Which of ``child_ids`` are erased (one indexed look-up for a batch's worth of ids)."""
    if not child_ids:
        return set()
    marks = ", ".join(["%s"] * len(child_ids))
    cur.execute(
        f"SELECT child_id FROM child_erasures WHERE child_id IN ({marks})",
        tuple(child_ids),
    )
    return {str(row[0]) for row in cur.fetchall()}


def mark_finished(cur: Cursor, child_id: UUID) -> None:
    cur.execute(
        "UPDATE child_erasures SET finished_at = %s WHERE child_id = %s",
        (datetime.now(UTC).isoformat(), str(child_id)),
    )
