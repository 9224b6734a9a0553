"""A store from before keys per child, brought under them once, at its first start after 0005.

- Every child registered before gets its keys (``key_earlier_children``), before a view needs
  them to seal its rows.
- Every event and snapshot of a child's record stored under the global events key is sealed
  again under the child's key (``seal_earlier_events``): the same event, in the same place in
  the log, so that destroying an earlier child's keys reaches its whole record too. One pass in
  log order tells whose each event is: a consent or a packet names its child in its first event.

Each is recorded as done in ``child_keys_steps``; two processes starting at once do no harm (a
row is only rewritten if it is still as read).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.base import CHILD_RECORDS, BatonBase, DataOwner, OwnerUnknown, owner_of_event
from domain.journey.child import Child
from projections.store.child_keys import ChildKeys
from projections.store.db import Database
from projections.store.event_keys import MARKER, ChildKeyMapper

log = logging.getLogger("baton")
EARLIER_CHILDREN, EARLIER_EVENTS = "earlier-children-keyed", "earlier-events-sealed"
PAGE = 1000


def key_earlier_children(app: BatonBase, keys: ChildKeys) -> int:
    """A key for every child registered before; returns how many children were looked at."""
    if keys.step_done(EARLIER_CHILDREN):
        return 0
    topics = [get_topic(Child.Registered)]  # type: ignore[attr-defined]
    top = app.recorder.max_notification_id() or 0
    position = count = 0
    while position < top:
        notes = app.recorder.select_notifications(
            start=position + 1, limit=PAGE, stop=top, topics=topics
        )
        count += keys.create_missing(str(n.originator_id) for n in notes)
        if len(notes) < PAGE:
            break
        position = notes[-1].id
    keys.mark_done(EARLIER_CHILDREN)
    return count


def seal_earlier_events(app: BatonBase, keys: ChildKeys, db: Database) -> int:
    """Seal again, under each child's key, its events and snapshots stored under the global
    key; returns how many were sealed."""
    mapper = app.mapper
    if keys.step_done(EARLIER_EVENTS) or not isinstance(mapper, ChildKeyMapper):
        return 0
    owners: dict[UUID, DataOwner] = {}
    top = app.recorder.max_notification_id() or 0
    position = sealed = 0
    while position < top:
        notes = app.recorder.select_notifications(start=position + 1, limit=PAGE, stop=top)
        if not notes:
            break
        table = app.recorder.events_table_name  # type: ignore[attr-defined]
        sealed += _reseal(db, table, mapper, notes, owners)
        position = notes[-1].id
        log.info("sealing earlier events under children's keys: %d of %d", position, top)
    if app.snapshots is not None:
        table = app.snapshots.recorder.events_table_name  # type: ignore[attr-defined]
        sealed += _reseal(db, table, mapper, _snapshots(db, table), owners)
    keys.mark_done(EARLIER_EVENTS)
    return sealed


def _reseal(
    db: Database,
    table: str,
    mapper: ChildKeyMapper,
    stored: Sequence[StoredEvent],
    owners: dict[UUID, DataOwner],
) -> int:
    """Rewrite those of ``stored`` that belong to a child and are not yet under its key."""
    changes = []
    for old in stored:
        if old.state.startswith(MARKER) or not _of_a_child(old.topic):
            continue
        event = mapper.to_domain_event(old)
        owner = _owner(event, owners)
        if owner is None:
            continue  # whose it is cannot be told: it stays readable as it was
        new = mapper.sealed(owner, mapper.plain.to_stored_event(event))
        changes.append((new.state, _id(db, old.originator_id), old.originator_version, old.state))
    if changes:
        with db.transaction() as cur:
            # The library's table names, never input.
            cur.executemany(
                f"UPDATE {table} SET state = %s"
                " WHERE originator_id = %s AND originator_version = %s AND state = %s",
                changes,
            )
    return len(changes)


def _of_a_child(topic: str) -> bool:
    """A child's event, or any snapshot (whose aggregate only its state tells)."""
    return topic.rsplit(".", 1)[0] in CHILD_RECORDS or topic.endswith(":Snapshot")


def _owner(event: Any, owners: dict[UUID, DataOwner]) -> DataOwner | None:
    try:
        owner = owner_of_event(event)
    except OwnerUnknown:
        return owners.get(event.originator_id)
    if owner is not None:
        owners[event.originator_id] = owner
    return owner


def _id(db: Database, originator_id: Any) -> Any:
    """An id as the library's table holds it: uuid on PostgreSQL, hex text on SQLite."""
    uuid = UUID(str(originator_id))
    return uuid if db.dialect == "postgresql" else uuid.hex


def _snapshots(db: Database, table: str) -> list[StoredEvent]:
    with db.read() as cur:
        cur.execute(f"SELECT originator_id, originator_version, topic, state FROM {table}")
        rows = cur.fetchall()
    return [StoredEvent(UUID(str(i)), int(v), str(t), bytes(s)) for i, v, t, s in rows]
