"""What a request shares with every database call it makes: one bound connection, one deadline.

A unit of work binds one connection, in one open transaction, to the current context (a
``ContextVar``, so each request thread has its own); the event store and Baton's own tables then
write through it, and it commits once. The deadline bounds all of a request's database calls
together, so that an unreachable or hung server costs a client seconds, not minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

DEFAULT_TIMEOUT = 10.0


class StoreUnavailable(Exception):
    """The database could not be reached or did not answer."""


class CommitUnknown(StoreUnavailable):
    """The connection failed while COMMIT was in flight: the transaction may or may not have
    committed, and only the store itself can now say which."""


@dataclass
class Bound:
    """The connection a unit of work holds, with what to write just before COMMIT and what to
    run once it has committed (waking the views and the access log's integrator)."""

    dialect: str
    connection: Any
    before_commit: list[Callable[[Any], None]] = field(default_factory=list)
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    # Access-log entries this decision made: written just before COMMIT, or, when the decision
    # is refused or fails, on their own afterwards (a denial is recorded all the same).
    access_entries: list[Any] = field(default_factory=list)


class Pool(Protocol):
    def check(self) -> None: ...


_pools: list[Pool] = []


def watch_pool(pool: Pool) -> None:
    """Remember ``pool``, so that one dropped connection purges every pool (``connection_lost``)."""
    _pools.append(pool)


def forget_pool(pool: Pool) -> None:
    if pool in _pools:
        _pools.remove(pool)


def connection_lost() -> None:
    """A connection failed: check every idle pooled connection now and drop the dead ones.

    After a server restart or failover every pooled connection is dead. The pool would find that
    out one checkout at a time, pausing a growing interval (from 1 s) after each, so the first
    requests after the fault would each wait seconds; checking them all at once costs one empty
    query per idle connection, and only ever on this path.
    """
    for pool in list(_pools):
        with suppress(Exception):  # a pool being closed may refuse; nothing to purge then
            pool.check()


_bound: ContextVar[Bound | None] = ContextVar("baton_bound_connection", default=None)
_deadline: ContextVar[float | None] = ContextVar("baton_deadline", default=None)


def bound() -> Bound | None:
    """The unit of work open in this context, if any."""
    return _bound.get()


@contextmanager
def binding(connection: Bound) -> Iterator[Bound]:
    token = _bound.set(connection)
    try:
        yield connection
    finally:
        _bound.reset(token)


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the open unit of work commits, or now if none is open."""
    shared = bound()
    if shared is None:
        callback()
    else:
        shared.after_commit.append(callback)


@contextmanager
def deadline_in(seconds: float) -> Iterator[None]:
    """Bound every database call made inside to ``seconds`` from now, all together."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining(default: float = DEFAULT_TIMEOUT) -> float:
    """Seconds left before the current deadline (``default`` outside a request).

    >>> with deadline_in(5):
    ...     0 < remaining() <= 5
    True
    """
    deadline = _deadline.get()
    if deadline is None:
        return default
    left = deadline - time.monotonic()
    if left <= 0:
        raise StoreUnavailable("the database did not answer in time")
    return left
