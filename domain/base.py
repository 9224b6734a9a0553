"""What every part of the Baton application shares: the store, the clock, load and save."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Transcoding

from consent.calendar import local_date
from domain.errors import NotFound
from domain.journey.child import Child
from domain.organisations.organisation import Organisation

A = TypeVar("A", bound=Aggregate)
# The aggregates one decision has loaded, by id: a request that checks access on a child and
# then changes it loads the child once. A new decision (a retry after a version conflict)
# starts with an empty map, so it decides on what the store holds then.
_loaded: ContextVar[dict[UUID, Aggregate] | None] = ContextVar("baton_loaded", default=None)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass(frozen=True)
class Written(Generic[A]):
    """What a command wrote: the id it concerns, the log position to wait on for views, and the
    aggregate as saved (so a response needs no second load)."""

    id: UUID
    position: int
    state: A


def new(cls: type[A], aggregate_id: UUID | None, created: str = "Registered", **kwargs: Any) -> A:
    """A new aggregate with a chosen id (the demo's stable ids) or a random one."""
    event_class = getattr(cls, created)
    aggregate: A = cls._create(event_class, id=aggregate_id or uuid4(), **kwargs)
    return aggregate


def utc_now() -> datetime:
    return datetime.now(UTC)


class BatonBase(Application[UUID]):
    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = utc_now,
        snapshot_interval: int = 50,
        key_encryption_key: bytes | None = None,
        holidays: frozenset[date] = frozenset(),
    ) -> None:
        super().__init__(env)
        self.clock = clock
        # Wraps organisations' private keys; derived from the master key by the caller. Without
        # one (the in-memory store of unit tests) a random key lives as long as the process.
        self.kek = key_encryption_key or secrets.token_bytes(32)
        self.holidays = holidays
        self._saved_callbacks: list[Callable[[], None]] = []
        # An instance attribute shadows the library's class-level default with the configured one.
        self.snapshotting_intervals = {  # type: ignore[misc]
            cls: snapshot_interval for cls in type(self).snapshotting_intervals
        }

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def today(self) -> date:
        """The date in England, where every setting and school is."""
        return local_date(self.clock())

    @contextmanager
    def decision(self) -> Iterator[None]:
        """One decision: each aggregate it touches is loaded once and the same object changed."""
        token = _loaded.set({})
        try:
            yield
        finally:
            _loaded.reset(token)

    def _load(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        loaded = _loaded.get()
        found: object = loaded.get(aggregate_id) if loaded is not None else None
        if found is None:
            try:
                found = self.repository.get(aggregate_id)
            except AggregateNotFoundError:
                raise NotFound(what) from None
            if loaded is not None and isinstance(found, Aggregate):
                loaded[aggregate_id] = found
        if not isinstance(found, cls):
            raise NotFound(what)
        return found

    def organisation(self, org_id: UUID) -> Organisation:
        return self._load(Organisation, org_id, "the organisation")

    def child(self, child_id: UUID) -> Child:
        return self._load(Child, child_id, "the child")

    def _find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            return self._load(cls, aggregate_id, "")
        except NotFound:
            return None

    def on_saved(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every save in this process (wakes in-process projections)."""
        self._saved_callbacks.append(callback)

    def _save(self, *aggregates: Aggregate) -> int:
        """Save together (one transaction); returns the highest log position written."""
        recordings = self.save(*aggregates)
        for callback in self._saved_callbacks:
            callback()
        return max((r.notification.id for r in recordings), default=0)

    def _retrying(
        self, load: Callable[[], A], change: Callable[[A], list[Aggregate] | None], what: str
    ) -> tuple[int, A]:
        """Load, change, save. ``change`` may return further aggregates to save in the same
        transaction. A version conflict (IntegrityError) is not retried here: the caller's unit
        of work retries the whole decision (access check included) on fresh state, and knows
        whether a commit whose answer was lost had in fact happened."""
        aggregate = load()
        others = change(aggregate) or []
        return self._save(aggregate, *others), aggregate

    def _update(
        self,
        cls: type[A],
        aggregate_id: UUID,
        what: str,
        change: Callable[[A], list[Aggregate] | None],
    ) -> tuple[int, A]:
        return self._retrying(lambda: self._load(cls, aggregate_id, what), change, what)
