"""Where each projection is: its active generation of tables, its position, its last error.

A projection's view tables carry a generation suffix (``setting_children_g1``). A rebuild fills
generation n+1 from the start of the log while generation n keeps serving, then swaps the active
flag in one transaction. The position is updated in the same transaction as the view rows, so a
batch is applied exactly once however a worker dies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from projections.store.db import Cursor, Database


@dataclass(frozen=True)
class State:
    name: str
    generation: int
    position: int
    active: bool
    advanced_at: datetime | None
    last_error: str | None
    error_at: datetime | None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def now_text() -> str:
    return datetime.now(UTC).isoformat()


def states(db: Database) -> list[State]:
    with db.read() as cur:
        cur.execute(
            "SELECT name, generation, position, active, advanced_at, last_error, error_at"
            " FROM projection_state ORDER BY name, generation"
        )
        rows = cur.fetchall()
    return [
        State(r[0], int(r[1]), int(r[2]), bool(r[3]), _when(r[4]), r[5], _when(r[6])) for r in rows
    ]


def active_generation(cur: Cursor, name: str, suffix: str = "") -> tuple[int, int] | None:
    """(generation, position) of the serving tables; ``suffix`` may lock the row (lock_clause)."""
    cur.execute(
        "SELECT generation, position FROM projection_state WHERE name = %s AND active = 1" + suffix,
        (name,),
    )
    row = cur.fetchone()
    return (int(row[0]), int(row[1])) if row else None


def generation_position(cur: Cursor, name: str, generation: int, suffix: str = "") -> int | None:
    cur.execute(
        "SELECT position FROM projection_state WHERE name = %s AND generation = %s" + suffix,
        (name, generation),
    )
    row = cur.fetchone()
    return int(row[0]) if row else None


def create_generation(cur: Cursor, name: str, generation: int, active: bool) -> None:
    cur.execute(
        "INSERT INTO projection_state (name, generation, position, active) VALUES (%s, %s, 0, %s)"
        " ON CONFLICT (name, generation) DO NOTHING",
        (name, generation, 1 if active else 0),
    )


def advance(cur: Cursor, name: str, generation: int, position: int) -> None:
    cur.execute(
        "UPDATE projection_state SET position = %s, advanced_at = %s, last_error = NULL"
        " WHERE name = %s AND generation = %s",
        (position, now_text(), name, generation),
    )


def record_error(db: Database, name: str, message: str) -> None:
    with db.transaction() as cur:
        cur.execute(
            "UPDATE projection_state SET last_error = %s, error_at = %s"
            " WHERE name = %s AND active = 1",
            (message[:500], now_text(), name),
        )


def activate(cur: Cursor, name: str, generation: int) -> None:
    cur.execute(
        "UPDATE projection_state SET active = CASE WHEN generation = %s THEN 1 ELSE 0 END"
        " WHERE name = %s",
        (generation, name),
    )


def forget(cur: Cursor, name: str, generation: int) -> None:
    cur.execute(
        "DELETE FROM projection_state WHERE name = %s AND generation = %s", (name, generation)
    )
