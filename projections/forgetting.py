"""Finishing an erasure once its event has committed: destroy the child's key, then remove the
child's rows from every view (every generation, a rebuild's included), the answer cache and
the photos.

Each step may be repeated, so an erasure interrupted anywhere (the process killed after the
commit) is finished by the next sweep (``finish_pending``: at every start and in the worker's
maintenance loop), and meanwhile the runner already drops whatever it writes about the child.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from uuid import UUID

from projections.store.child_keys import ChildKeys
from projections.store.db import Database
from projections.store.erasures import Erasures, mark_finished
from projections.store.idempotency import forget_child
from projections.store.photos import forget_child as forget_photos
from projections.view import Tables, View

log = logging.getLogger("baton.forgetting")


def finish(db: Database, keys: ChildKeys, views: Sequence[View], child_id: UUID) -> None:
    """Destroy the erased child's key and purge every copy; safe to repeat."""
    keys.destroy(child_id)
    with db.transaction() as cur:
        for view in views:
            cur.execute("SELECT generation FROM projection_state WHERE name = %s", (view.name,))
            for (generation,) in cur.fetchall():
                view.forget(cur, Tables(view.tables, int(generation)), [str(child_id)])
        forget_child(cur, child_id)
        forget_photos(cur, child_id)
        mark_finished(cur, child_id)


def finish_pending(db: Database, keys: ChildKeys, views: Sequence[View]) -> int:
    """Finish every erasure whose key destruction or purge did not happen; how many."""
    pending = Erasures(db).unfinished()
    for child_id in pending:
        finish(db, keys, views, child_id)
    if pending:
        log.warning("finished %d interrupted erasure(s)", len(pending))
    return len(pending)
