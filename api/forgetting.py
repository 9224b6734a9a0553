"""Erasure as the API and the retention sweep decide it, and finishing it once committed.

The erasure's event and its ledger row commit in the decision's one transaction; only then is
the child's key destroyed and every copy purged (``finish``). A process that dies in between
leaves a ledger row without ``finished_at``, which every start and every maintenance sweep
finishes (``finish_pending``).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING
from uuid import UUID

import psycopg

from domain.access_log.entry import AccessEntry, Action, Outcome
from domain.base import Written
from domain.errors import ChildErased, NotFound, OnHold
from domain.journey.child import Child
from projections import forgetting
from projections.store.binding import after_commit
from projections.store.db import StoreUnavailable
from projections.views.retention import add_years, ended

if TYPE_CHECKING:
    from api.services import Services

log = logging.getLogger("baton.forgetting")
RETENTION = "retention"


def erase(
    services: Services,
    child_id: UUID,
    *,
    reason: str,
    cause: str,
    by: UUID | None = None,
    org_id: UUID | None = None,
) -> Written[Child]:
    """Record the erasure (inside a unit of work); its key is destroyed once it commits."""
    written = services.app.erase_child(
        child_id, reason=reason, cause=cause, erased_by=by, org_id=org_id
    )
    assert written.state.erased_at is not None
    services.erasures.record(child_id, written.state.erased_at)
    after_commit(lambda: finish_quietly(services, child_id))
    return written


FINISH_ATTEMPTS = 3


def finish_quietly(services: Services, child_id: UUID) -> None:
    """Finish now; if the store fails, the next sweep will (the erasure has committed)."""
    for attempt in range(FINISH_ATTEMPTS):
        try:
            forgetting.finish(services.db, services.child_keys, services.views, child_id)
            return
        except (StoreUnavailable, sqlite3.Error, psycopg.Error) as e:
            # A view's batch holding the same rows (or a deadlock with it) passes; try again
            # shortly, then leave it to the sweep, which finishes every interrupted erasure.
            if attempt == FINISH_ATTEMPTS - 1:
                log.warning(
                    "an erasure is left for the next sweep to finish (%s)", type(e).__name__
                )
            else:
                threading.Event().wait(0.2 * (attempt + 1))


def finish_pending(services: Services) -> int:
    return forgetting.finish_pending(services.db, services.child_keys, services.views)


def _erase_when_due(services: Services, child_id: UUID) -> bool:
    """One retention decision: erase the child if the record itself says it is due."""
    child = services.app.child(child_id)
    left = [e.get("left_on") for e in child.enrolments]
    if any(day is None for day in left):
        return False
    last = max(day for day in left if day is not None)
    if add_years(last, services.settings.retention_years) >= services.app.today():
        return False
    services.access_log.append(
        AccessEntry(
            at=datetime.now(UTC),
            actor_id=None,
            actor_org_id=None,
            actor_roles=(RETENTION,),
            action=Action.DELETE,
            child_id=child_id,
            resource="erasure",
            outcome=Outcome.ALLOWED,
            purpose=RETENTION,
        )
    )
    erase(services, child_id, reason="retention period over", cause=RETENTION)
    return True


def run_retention(services: Services) -> int:
    """Erase every child retention says is due and no hold keeps; how many were erased."""
    today, erased = services.app.today(), 0
    for found in ended(services.db, services.settings.retention_years):
        if found.held or found.due_on > today:
            continue
        try:
            done = services.writes.run(partial(_erase_when_due, services, found.child_id), str)
        except (OnHold, ChildErased, NotFound):
            continue  # a hold placed since the view was written; or already gone
        erased += bool(done)
    if erased:
        log.info("retention erased %d record(s)", erased)
    return erased
