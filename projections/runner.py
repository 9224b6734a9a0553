"""Keeps every view up to date with the event log, in batches, exactly once.

eventsourcing's ProjectionRunner commits once per event; here a batch of events and the new
position are written in one transaction, which makes a rebuild many times faster. The events are
read through the application's own recorder and mapper (so they are decrypted as the application
decrypts them), and on PostgreSQL the runner wakes on the library's LISTEN/NOTIFY channel.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from domain.application import Baton
from projections import tracking
from projections.store.binding import after_commit
from projections.store.db import Cursor, Database, lock_clause
from projections.store.erasures import erased_among
from projections.store.event_keys import readable
from projections.view import Tables, View

log = logging.getLogger("baton.projections")


@dataclass(frozen=True)
class RunnerOptions:
    batch_size: int = 500
    idle_wait: float = 1.0  # the longest a runner sleeps without a wake-up
    max_backoff: float = 60.0
    pause_before_commit: float = 0.0  # for fault-injection tests only


DEFAULT_OPTIONS = RunnerOptions()


def ensure_generation(db: Database, view: View) -> int:
    """The active generation of ``view``, creating generation 1 on first use."""
    with db.transaction() as cur:
        found = tracking.active_generation(cur, view.name)
        if found is None:
            tracking.create_generation(cur, view.name, 1, active=True)
            for statement in view.ddl(db.dialect, Tables(view.tables, 1)):
                cur.execute(statement)
            return 1
        return found[0]


def head(app: Baton) -> int:
    return app.recorder.max_notification_id() or 0


def read_batch(app: Baton, view: View, position: int, limit: int) -> tuple[list[Any], int]:
    """Up to ``limit`` events after ``position`` and the position they bring the view to (those
    of erased children left out)."""
    top = head(app)
    if top <= position:
        return [], position
    notes = app.recorder.select_notifications(
        start=position + 1, limit=limit, stop=top, topics=view.topics
    )
    # An erased child's events no longer decrypt: they are left out, never a stopped view.
    events = readable(app.mapper, notes)
    # With a topic filter, a short page means nothing else of interest up to ``top``.
    reached = notes[-1].id if len(notes) == limit else top
    return events, reached


def apply_batch(cur: Cursor, view: View, t: Tables, events: list[Any]) -> None:
    """Fold ``events`` into the view, then drop whatever they wrote about an erased child: an
    event read before its child's key was destroyed (or during a rebuild) leaves no row."""
    view.apply(cur, t, events)
    named = {str(e.originator_id) for e in events}
    named.update(str(e.child_id) for e in events if getattr(e, "child_id", None) is not None)
    erased = erased_among(cur, named)
    if erased:
        view.forget(cur, t, sorted(erased))


def process_batch(
    db: Database,
    app: Baton,
    view: View,
    generation: int | None = None,
    options: RunnerOptions = DEFAULT_OPTIONS,
) -> int:
    """Apply the next batch; returns how many events it covered (0 when caught up).

    The view's state row is locked for the transaction, so a second worker started by mistake
    waits, then finds the position already moved and applies nothing twice.
    """
    with db.transaction() as cur:
        lock = lock_clause(db)
        if generation is None:
            found = tracking.active_generation(cur, view.name, lock)
            if found is None:
                return 0
            generation, position = found
        else:
            position_or_none = tracking.generation_position(cur, view.name, generation, lock)
            if position_or_none is None:
                return 0
            position = position_or_none
        events, reached = read_batch(app, view, position, options.batch_size)
        if reached == position:
            return 0
        apply_batch(cur, view, Tables(view.tables, generation), events)
        tracking.advance(cur, view.name, generation, reached)
        if options.pause_before_commit:
            threading.Event().wait(options.pause_before_commit)
    return reached - position


class Waker:
    """Wakes every view's runner when events are written: on PostgreSQL through one LISTEN
    connection on the event store's NOTIFY channel, and in-process after each save."""

    LISTEN_POLL = 0.1  # seconds between checks for a stop while no NOTIFY arrives

    def __init__(self, app: Baton, database_url: str | None, names: Sequence[str]) -> None:
        self.events = {name: threading.Event() for name in names}
        self.channel = getattr(app.recorder, "channel_name", None)
        self.database_url = database_url
        app.on_saved(lambda: after_commit(self.wake_all))

    def wake_all(self) -> None:
        for event in self.events.values():
            event.set()

    def listen(self, stop: threading.Event) -> None:
        """On PostgreSQL, turn NOTIFYs into wake-ups until ``stop`` is set."""
        if not self.database_url or not self.channel:
            return
        while not stop.is_set():
            try:
                with psycopg.connect(self.database_url, autocommit=True) as conn:
                    conn.execute(
                        psycopg.sql.SQL("LISTEN {}").format(psycopg.sql.Identifier(self.channel))
                    )
                    while not stop.is_set():
                        for _ in conn.notifies(timeout=self.LISTEN_POLL, stop_after=1):
                            self.wake_all()
            except psycopg.Error as e:
                log.warning(
                    "LISTEN connection lost (%s); polling until it is back", type(e).__name__
                )
                stop.wait(1.0)

    def wait(self, name: str, timeout: float) -> None:
        event = self.events[name]
        event.wait(timeout)
        event.clear()


class ProjectionWorker:
    """Runs every view in one thread each, restarting a failing view with exponential backoff."""

    def __init__(
        self,
        db: Database,
        app: Baton,
        views: Sequence[View],
        database_url: str | None,
        options: RunnerOptions = DEFAULT_OPTIONS,
    ) -> None:
        self.db, self.app, self.views, self.options = db, app, list(views), options
        self.stop_event = threading.Event()
        self.waker = Waker(app, database_url, [v.name for v in self.views])
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        self.threads.append(
            threading.Thread(
                target=self.waker.listen, args=(self.stop_event,), name="listen", daemon=True
            )
        )
        for view in self.views:
            ensure_generation(self.db, view)
            self.threads.append(
                threading.Thread(
                    target=self._run, args=(view,), name=f"projection-{view.name}", daemon=True
                )
            )
        for thread in self.threads:
            thread.start()

    def _run(self, view: View) -> None:
        backoff = 1.0
        while not self.stop_event.is_set():
            try:
                while process_batch(self.db, self.app, view, options=self.options):
                    if self.stop_event.is_set():
                        return
                backoff = 1.0
            except Exception as e:  # noqa: BLE001 - a failing view must not stop the others
                message = f"{type(e).__name__}: {e}"
                log.error(
                    "projection %s failed (%s); retrying in %.0fs",
                    view.name,
                    type(e).__name__,
                    backoff,
                )
                self._record_error(view, message)
                self.stop_event.wait(backoff)
                backoff = min(backoff * 2, self.options.max_backoff)
                continue
            self.waker.wait(view.name, self.options.idle_wait)

    def _record_error(self, view: View, message: str) -> None:
        try:
            tracking.record_error(self.db, view.name, message)
        except Exception:  # noqa: BLE001 - the store itself may be what failed
            log.warning("could not record the error of projection %s", view.name)

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_event.set()
        self.waker.wake_all()
        for thread in self.threads:
            thread.join(timeout)


def wait_until(ready: Callable[[], bool], timeout: float) -> bool:
    """Poll ``ready`` (bounded by ``timeout`` seconds) until it is true; False if it never was."""
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() >= deadline:
            return False
        pause.wait(0.01)
    return True


def wait_for_position(db: Database, names: Sequence[str], position: int, timeout: float) -> bool:
    """Wait (bounded) until each named view has applied the log up to ``position``."""

    def reached() -> bool:
        found = {s.name: s.position for s in tracking.states(db) if s.active}
        return all(found.get(name, 0) >= position for name in names)

    return wait_until(reached, timeout)
