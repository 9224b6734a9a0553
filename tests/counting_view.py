"""A view whose apply is NOT idempotent, so the exactly-once tests can fail.

Every view Baton ships is written so that applying an event again changes nothing (upserts and
recounts), which also means none of them can show that the runner applied something twice.
EventCounter adds one, per aggregate, for every event it is given: a batch applied twice, a batch
replayed because its rows were committed without its position, or two workers applying the same
batch each leave a count above the log's, and a lost batch leaves one below.

Run as ``python -m tests.counting_view`` it is ``baton worker`` as shipped, with EventCounter
registered among its views (the SIGKILL test kills and restarts that process).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

from domain.application import Baton
from projections import registry, tracking
from projections.runner import ensure_generation, head
from projections.store.db import Cursor, Database, Dialect
from projections.view import Tables, View


class EventCounter(View):
    """``applied`` per originator: one more for every event applied, never an upsert."""

    name = "test_event_counter"
    tables = ("test_event_counts",)

    def __init__(self, suffix: str = "") -> None:
        if suffix:  # a counter of its own, in a database other tests share
            self.name = f"{EventCounter.name}_{suffix}"
            self.tables = (f"{EventCounter.tables[0]}_{suffix}",)

    def ddl(self, dialect: Dialect, t: Tables) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {t[self.tables[0]]} ("
            " originator_id TEXT PRIMARY KEY, applied BIGINT NOT NULL)"
        ]

    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None:
        table = t[self.tables[0]]
        for event in events:
            cur.execute(
                f"INSERT INTO {table} (originator_id, applied) VALUES (%s, 1)"
                f" ON CONFLICT (originator_id) DO UPDATE SET applied = {table}.applied + 1",
                (str(event.originator_id),),
            )


def counter_from_now(db: Database, app: Baton, suffix: str) -> tuple[EventCounter, int]:
    """A new counter that starts at the head of the log (the log before it is not counted)."""
    view = EventCounter(suffix)
    generation = ensure_generation(db, view)
    start = head(app)
    with db.transaction() as cur:
        tracking.advance(cur, view.name, generation, start)
    return view, start


def counted(db: Database, view: EventCounter) -> dict[str, int]:
    """What the counter says: events applied per originator."""
    with db.read() as cur:
        found = tracking.active_generation(cur, view.name)
        assert found is not None, f"{view.name} has no tables"
        cur.execute(f"SELECT originator_id, applied FROM {Tables(view.tables, found[0]).all()[0]}")
        return {str(originator): int(applied) for originator, applied in cur.fetchall()}


def logged(app: Baton, after: int = 0, upto: int | None = None) -> dict[str, int]:
    """The truth: events in the log after position ``after`` (up to ``upto``), per originator."""
    top, position = head(app) if upto is None else upto, after
    counts: Counter[str] = Counter()
    while position < top:
        notes = app.recorder.select_notifications(start=position + 1, limit=1000, stop=top)
        if not notes:
            break
        counts.update(str(n.originator_id) for n in notes)
        position = notes[-1].id
    return dict(counts)


def worker_with_counter() -> int:
    """``baton worker`` exactly as shipped, with EventCounter among every view it keeps."""
    if "api.services" in sys.modules:
        raise RuntimeError("register the counter before api.services reads the registry")
    shipped = registry.all_views
    registry.all_views = lambda *seals: [*shipped(*seals), EventCounter()]
    from api.cli import main

    return main(["worker"])


if __name__ == "__main__":
    sys.exit(worker_with_counter())
