"""What every read model is: named tables (per generation) and a batch of events applied to them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Protocol
from uuid import UUID

from eventsourcing.domain import DomainEvent
from eventsourcing.utils import get_topic

from domain.errors import ChildErased
from domain.journey.child import display_name
from projections import tracking
from projections.store.db import Cursor, Dialect


def topics_of(aggregate: type, *events: str) -> tuple[str, ...]:
    """The stored topics of ``aggregate``'s ``events``: what a view selects from the log."""
    return tuple(get_topic(getattr(aggregate, event)) for event in events)


def every_topic_of(aggregate: type) -> tuple[str, ...]:
    """The stored topics of every event ``aggregate`` records (its own ``Event`` subclasses),
    so a view that must see them all cannot miss one added later."""
    base = aggregate.Event  # type: ignore[attr-defined]
    return tuple(
        get_topic(cls)
        for cls in vars(aggregate).values()
        if isinstance(cls, type) and issubclass(cls, DomainEvent) and issubclass(cls, base)
        if cls is not base
    )


class Sealer(Protocol):
    """Encrypts a view's personal columns under each child's key (``ChildKeys`` is one)."""

    def seal_text(self, child_id: UUID | str, text: str, column: str) -> str: ...
    def open_text(self, child_id: UUID | str, token: str, column: str) -> str: ...
    def preload(self, child_ids: Iterable[str]) -> None: ...


def opened(sealer: Sealer, child_id: UUID | str, token: str | None, column: str) -> str | None:
    """A sealed column's text; None when it is NULL, or when the child was erased (whose rows
    a list leaves out until the view has caught up with the erasure)."""
    if token is None:
        return None
    try:
        return sealer.open_text(child_id, token, column)
    except ChildErased:
        return None


def record_child_name(
    cur: Cursor, table: str, sealer: Sealer, registered: Any, column: str
) -> None:
    """Keep a newly registered child's name, sealed under the child's key, in ``table`` (the
    views that list children by name keep one such table each)."""
    name = display_name(registered.given_name, registered.preferred_name, registered.family_name)
    child_id = registered.originator_id
    cur.execute(
        f"INSERT INTO {table} (child_id, name) VALUES (%s, %s) ON CONFLICT (child_id) DO NOTHING",
        (str(child_id), sealer.seal_text(child_id, name, column)),
    )


class ViewNotReady(Exception):
    """The view has no tables yet (no worker has run)."""


class Tables:
    """Real table names of one generation: ``t["setting_children"]`` is ``setting_children_g2``."""

    def __init__(self, bases: Sequence[str], generation: int) -> None:
        self.generation = generation
        self._names = {base: f"{base}_g{generation}" for base in bases}

    def __getitem__(self, base: str) -> str:
        return self._names[base]

    def all(self) -> list[str]:
        return list(self._names.values())


class View(ABC):
    """A read model: ``ddl`` makes its tables, ``apply`` folds a batch of events into them.

    ``apply`` runs inside the transaction that also advances the view's position, so it must
    only write through the cursor it is given. Table names come from ``Tables``, never from
    input, which is why they may be formatted into SQL.
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    topics: ClassVar[tuple[str, ...]] = ()
    # Whether its tables key rows by child_id (what erasing a child removes); a view about
    # no child (the organisation directory) has nothing to forget.
    about_children: ClassVar[bool] = True

    @abstractmethod
    def ddl(self, dialect: Dialect, t: Tables) -> list[str]: ...

    @abstractmethod
    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None: ...

    def forget(self, cur: Cursor, t: Tables, child_ids: Sequence[str]) -> None:
        """Remove every row about these (erased) children: each table keys rows by child_id."""
        if not self.about_children:
            return
        marks = ", ".join(["%s"] * len(child_ids))
        for table in t.all():
            cur.execute(f"DELETE FROM {table} WHERE child_id IN ({marks})", tuple(child_ids))

    def drop(self, cur: Cursor, t: Tables) -> None:
        for table in t.all():
            cur.execute(f"DROP TABLE IF EXISTS {table}")


def serving(cur: Cursor, view: type[View]) -> Tables:
    """The tables of ``view``'s active generation, the ones reads go to."""
    found = tracking.active_generation(cur, view.name)
    if found is None:
        raise ViewNotReady
    return Tables(view.tables, found[0])
