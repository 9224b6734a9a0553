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
from eventsourcing.domain import Aggregate, CanSnapshotAggregate
from eventsourcing.persistence import JSONTranscoder, Mapper, Recording, Transcoding
from eventsourcing.utils import get_topic

from consent.calendar import local_date
from consent.consents import ChildConsents
from domain.errors import NotFound
from domain.handover.packet import HandoverPacket, PacketKind
from domain.journey.child import Child
from domain.organisations.organisation import Organisation
from domain.partnerships.sample import ModerationSample

A = TypeVar("A", bound=Aggregate)
# The aggregates one decision has loaded, by id: a request that checks access on a child and
# then changes it loads the child once. A new decision (a retry after a version conflict)
# starts with an empty map, so it decides on what the store holds then.
_loaded: ContextVar[dict[UUID, Aggregate] | None] = ContextVar("baton_loaded", default=None)

# The classes of a child's data, each under a key of its own (so that each can be forgotten on
# its own schedule): the learning record, and what travels between DSLs.
JOURNEY, SAFEGUARDING = "journey", "safeguarding"


@dataclass(frozen=True)
class DataOwner:
    """Whose personal data an aggregate's events hold, and of which class."""

    child_id: UUID
    data_class: str


class OwnerUnknown(Exception):
    """An event of a child's record whose child cannot be told: never stored under a shared key."""


# The owners of the aggregates being saved, by id (set by ``BatonBase.save``), for events that do
# not name their child themselves (a consent withdrawn, a packet opened).
_owners: ContextVar[dict[UUID, DataOwner] | None] = ContextVar("baton_owners", default=None)
CHILD_RECORDS = {
    get_topic(cls): cls for cls in (Child, ChildConsents, HandoverPacket, ModerationSample)
}


def data_owner(aggregate: object) -> DataOwner | None:
    """The child whose personal data ``aggregate`` holds; None for an organisation."""
    if isinstance(aggregate, Child):
        return DataOwner(aggregate.id, JOURNEY)
    if isinstance(aggregate, ChildConsents):
        return DataOwner(UUID(aggregate.child_id), JOURNEY)
    if isinstance(aggregate, HandoverPacket):
        return DataOwner(UUID(aggregate.child_id), _packet_class(aggregate.kind))
    if isinstance(aggregate, ModerationSample):  # drawn from the child's learning record
        return DataOwner(UUID(aggregate.child_id), JOURNEY)
    return None


def _packet_class(kind: object) -> str:
    return SAFEGUARDING if kind == PacketKind.SAFEGUARDING else JOURNEY


def owner_of_event(event: Any) -> DataOwner | None:
    """The child whose key must protect ``event`` (or snapshot) at rest; None: not a child's.

    Raises ``OwnerUnknown`` for an event of a child's record saved other than through
    ``BatonBase.save`` that does not name its child: it is never written under a shared key."""
    saving = _owners.get() or {}
    if event.originator_id in saving:
        return saving[event.originator_id]
    if isinstance(event, CanSnapshotAggregate):
        record, state = event.topic, event.state
    else:
        record, state = get_topic(type(event)).rsplit(".", 1)[0], vars(event)
    cls = CHILD_RECORDS.get(record)
    if cls is None:
        return None
    if cls is Child:
        return DataOwner(UUID(str(event.originator_id)), JOURNEY)
    if state.get("child_id") is None:
        raise OwnerUnknown(f"an event of {record} was saved without its child")
    return DataOwner(UUID(str(state["child_id"])), _packet_class(state.get("kind")))


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
        mapper: Callable[[Mapper[UUID]], Mapper[UUID]] | None = None,
    ) -> None:
        # Wraps the library's mapper (the store's per-child keys); set before the library
        # constructs its event stores with it.
        self._wrap_mapper = mapper
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

    def construct_mapper(self) -> Mapper[UUID]:
        mapper = super().construct_mapper()
        return self._wrap_mapper(mapper) if self._wrap_mapper is not None else mapper

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's save, telling the mapper whose data each aggregate's events hold."""
        owners = {o.id: owner for o in objs if (owner := data_owner(o)) is not None}
        token = _owners.set({**(_owners.get() or {}), **owners})
        try:
            return super().save(*objs, **kwargs)
        finally:
            _owners.reset(token)

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
