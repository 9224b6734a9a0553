"""Operating the projections: status (position, lag, last error) and rebuild-then-swap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.application import Baton
from projections import tracking
from projections.runner import (
    DEFAULT_OPTIONS,
    RunnerOptions,
    apply_batch,
    ensure_generation,
    head,
    process_batch,
    read_batch,
)
from projections.store.db import Database, lock_clause
from projections.view import Tables, View


@dataclass(frozen=True)
class Status:
    name: str
    generation: int
    position: int
    head: int
    lag_events: int
    lag_seconds: float
    last_error: str | None
    error_at: datetime | None


def status(db: Database, app: Baton, views: list[View]) -> list[Status]:
    for view in views:
        ensure_generation(db, view)
    top = head(app)
    now = datetime.now(UTC)
    found = {s.name: s for s in tracking.states(db) if s.active}
    out = []
    for view in views:
        state = found[view.name]
        lag = max(top - state.position, 0)
        since = state.advanced_at or state.error_at
        seconds = (now - since).total_seconds() if lag and since else (float("inf") if lag else 0.0)
        out.append(
            Status(
                view.name,
                state.generation,
                state.position,
                top,
                lag,
                seconds,
                state.last_error,
                state.error_at,
            )
        )
    return out


def rebuild(
    db: Database,
    app: Baton,
    view: View,
    options: RunnerOptions = DEFAULT_OPTIONS,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Replay the whole log into a new generation of tables, then swap it in.

    The old generation keeps serving (and a running worker keeps it current) until the swap,
    which catches up the last events and flips the active flag in one transaction.
    Returns the new generation.
    """
    ensure_generation(db, view)
    with db.transaction() as cur:
        cur.execute("SELECT generation, active FROM projection_state WHERE name = %s", (view.name,))
        rows = [(int(g), bool(a)) for g, a in cur.fetchall()]
        for generation, active in rows:
            if not active:  # left behind by an interrupted rebuild
                view.drop(cur, Tables(view.tables, generation))
                tracking.forget(cur, view.name, generation)
        new = max(g for g, _ in rows) + 1
        tracking.create_generation(cur, view.name, new, active=False)
        for statement in view.ddl(db.dialect, Tables(view.tables, new)):
            cur.execute(statement)
    total = head(app)
    done = 0
    while covered := process_batch(db, app, view, generation=new, options=options):
        done += covered
        progress(done, max(total, done))
    with db.transaction() as cur:
        old = tracking.active_generation(cur, view.name, lock_clause(db))
        while True:  # the log may have grown since the loop above finished
            position = tracking.generation_position(cur, view.name, new) or 0
            events, reached = read_batch(app, view, position, options.batch_size)
            if reached == position:
                break
            apply_batch(cur, view, Tables(view.tables, new), events)
            tracking.advance(cur, view.name, new, reached)
        tracking.activate(cur, view.name, new)
    if old is not None:
        with db.transaction() as cur:
            view.drop(cur, Tables(view.tables, old[0]))
            tracking.forget(cur, view.name, old[0])
    return new
