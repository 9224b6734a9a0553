"""A write request's one transaction: decide once, commit once.

``Writes.run`` opens a unit of work, looks up the request's idempotency key, lets the caller
decide (load each aggregate once, check access, apply the rule, save), then commits the events,
the access-log entries, the idempotency record and the command's id together:

- a version conflict (or a concurrent request with the same key) rolls everything back and
  decides again on fresh state, with jittered backoff;
- a COMMIT whose answer was lost is settled by asking the store for the command's id: found, the
  write happened and its answer stands; not found, nothing happened and the client is told 503;
- a refused or failed decision still records its access-log entries (denials included).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from domain.base import BatonBase
from domain.errors import ConcurrentUpdate
from projections.store.access_log import SqlAccessLog
from projections.store.binding import Bound, CommitUnknown, StoreUnavailable
from projections.store.commands import CommandLog
from projections.store.db import Database
from projections.store.idempotency import Claim, IdempotencyKeys, Replay

T = TypeVar("T")
ATTEMPTS = 30
BACKOFF_CAP = 0.05  # seconds; jittered, so that writers that collided spread out


class Writes:
    def __init__(
        self,
        db: Database,
        app: BatonBase,
        access_log: SqlAccessLog,
        keys: IdempotencyKeys,
        commands: CommandLog,
    ) -> None:
        self.db = db
        self.app = app
        self.access_log = access_log
        self.keys = keys
        self.commands = commands

    def run(
        self,
        decide: Callable[[], T],
        encode: Callable[[T], str],
        status: int = 201,
        claim: Claim | None = None,
    ) -> T | Replay:
        """``decide``'s result once committed, or the stored answer to the same request."""
        command_id = uuid4().hex
        pause = threading.Event()
        for attempt in range(ATTEMPTS):
            try:
                return self._once(decide, encode, status, claim, command_id)
            except IntegrityError:
                pause.wait(random.uniform(0, min(BACKOFF_CAP, 0.001 * 2**attempt)))  # noqa: S311
        raise ConcurrentUpdate("the record is being changed by many writers at once; try again")

    def _once(
        self,
        decide: Callable[[], T],
        encode: Callable[[T], str],
        status: int,
        claim: Claim | None,
        command_id: str,
    ) -> T | Replay:
        unit: Bound | None = None
        try:
            with self.db.unit_of_work() as unit, self.app.decision():
                now = datetime.now(UTC)
                replay = self.keys.find(claim, now) if claim is not None else None
                if replay is not None:
                    return replay
                result = decide()
                if claim is not None and not self.keys.record(
                    claim, status, encode(result), now, only_child(unit)
                ):
                    raise IntegrityError("a request with this key committed meanwhile")
                self.commands.record(command_id, now)
        except CommitUnknown:
            if self._committed(command_id):
                return result
            raise
        except (IntegrityError, StoreUnavailable):
            raise
        except BaseException:
            # Refused, or the rule said no: what was accessed, and what was denied, is recorded
            # all the same, on its own; the decision's events are gone with the rollback.
            if unit is not None and unit.access_entries:
                self.access_log.append_many(unit.access_entries)
            raise
        return result

    def _committed(self, command_id: str) -> bool:
        try:
            return self.commands.committed(command_id)
        except StoreUnavailable:
            return False  # unknown still: the client is told 503 and retries with its key


def only_child(unit: Bound) -> UUID | None:
    """The one child this decision concerns (its answer is sealed under the child's key), or
    None when it concerns none, or several."""
    children = {e.child_id for e in unit.access_entries if e.child_id is not None}
    return children.pop() if len(children) == 1 else None
