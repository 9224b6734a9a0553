"""Retention: when each child's enrolments ended, and the DSLs' holds on their records.

A child whose every enrolment ended more than the retention period ago, and who has no hold, is
due for erasure. Ids and dates only: nothing here names a child.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.journey.child import Child
from projections.store.db import Cursor, Database, Dialect
from projections.view import Tables, View, serving, topics_of


@dataclass(frozen=True)
class Ended:
    """A child none of whose enrolments is open any more."""

    child_id: UUID
    last_left_on: date
    due_on: date  # the first day the child's record is due for erasure
    held: bool  # a DSL's hold stops it


class Retention(View):
    name = "retention"
    tables = ("retention_enrolments", "retention_holds")
    topics = topics_of(Child, "Registered", "Enrolled", "Left", "HoldPlaced", "HoldReleased")

    def ddl(self, dialect: Dialect, t: Tables) -> list[str]:
        enrolments, holds = t["retention_enrolments"], t["retention_holds"]
        return [
            f"""CREATE TABLE IF NOT EXISTS {enrolments} (
                child_id TEXT NOT NULL, setting_id TEXT NOT NULL, started_on TEXT NOT NULL,
                left_on TEXT, PRIMARY KEY (child_id, setting_id, started_on))""",
            f"""CREATE TABLE IF NOT EXISTS {holds} (
                hold_id TEXT PRIMARY KEY, child_id TEXT NOT NULL,
                released INTEGER NOT NULL DEFAULT 0)""",
            f"CREATE INDEX IF NOT EXISTS {holds}_child ON {holds} (child_id)",
        ]

    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None:
        enrolments, holds = t["retention_enrolments"], t["retention_holds"]
        for e in events:
            kind, child_id = type(e).__name__, str(e.originator_id)
            if kind in ("Registered", "Enrolled"):
                cur.execute(
                    f"INSERT INTO {enrolments} (child_id, setting_id, started_on)"
                    " VALUES (%s, %s, %s) ON CONFLICT (child_id, setting_id, started_on)"
                    " DO NOTHING",
                    (child_id, str(e.setting_id), _day(e.started_on)),
                )
            elif kind == "Left":
                cur.execute(
                    f"UPDATE {enrolments} SET left_on = %s"
                    " WHERE child_id = %s AND setting_id = %s AND left_on IS NULL",
                    (_day(e.left_on), child_id, str(e.setting_id)),
                )
            elif kind == "HoldPlaced":
                cur.execute(
                    f"INSERT INTO {holds} (hold_id, child_id) VALUES (%s, %s)"
                    " ON CONFLICT (hold_id) DO NOTHING",
                    (str(e.hold_id), child_id),
                )
            elif kind == "HoldReleased":
                cur.execute(
                    f"UPDATE {holds} SET released = 1 WHERE hold_id = %s", (str(e.hold_id),)
                )


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 1 March).

    >>> add_years(date(2024, 2, 29), 3)
    datetime.date(2027, 3, 1)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def ended(db: Database, years: int) -> list[Ended]:
    """Every child whose enrolments have all ended, soonest due first, with its due date: the
    day after the last enrolment ended plus ``years``."""
    with db.read() as cur:
        t = serving(cur, Retention)
        enrolments, holds = t["retention_enrolments"], t["retention_holds"]
        cur.execute(
            f"SELECT e.child_id, MAX(e.left_on), (SELECT COUNT(*) FROM {holds} h"
            " WHERE h.child_id = e.child_id AND h.released = 0)"
            f" FROM {enrolments} e GROUP BY e.child_id"
            " HAVING COUNT(*) = COUNT(e.left_on) ORDER BY MAX(e.left_on), e.child_id"
        )
        rows = cur.fetchall()
    out = []
    for child_id, last, held in rows:
        last_left_on = date.fromisoformat(str(last))
        due_on = add_years(last_left_on, years) + timedelta(days=1)
        out.append(Ended(UUID(child_id), last_left_on, due_on, bool(held)))
    return out


def _day(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
