"""Which events tell a child's parents by email that there is something new for them in Baton.

Read from the log like any view, each event exactly once: a notice is a row of the mail outbox
(``projections/store/mail_outbox.py``), added in the transaction that advances this view, and
the sender (``api/mail.py``) writes to the parents later. What asks for a notice:

- a moment a setting shared with the child's parents (``Child.EntrySharedWithParents``);
- a consent the setting asks the parents for (``ChildConsents.ConsentRequested``, named by its
  stored topic: any event of a child's record that names its child can be a trigger);
- the recipient (a school, a health visiting team, a family hub...) opening a packet shared on
  consent about the child, the first time only. A safeguarding
  packet is never a trigger: a parent is never told of a safeguarding transfer, so this view
  does not even keep such packets.

The outbox is one table (not one per generation): its rows are named by the event that asked
for them, so a rebuild replaying the log adds no notice twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.utils import get_topic

from domain.handover.packet import HandoverPacket, PacketKind
from domain.journey.child import Child
from projections.store import mail_outbox
from projections.store.db import Cursor, Dialect
from projections.view import Tables, View, topics_of

SHARED, CONSENT, OPENED = "shared", "consent", "opened"  # the kinds of notice
# Stored topic of the consent the setting asks for (recorded on the child's consents).
CONSENT_REQUESTED = "consent.consents:ChildConsents.ConsentRequested"
(ENTRY_SHARED,) = topics_of(Child, "EntrySharedWithParents")
PACKET_SEALED, PACKET_ACCESSED = topics_of(HandoverPacket, "Sealed", "Accessed")


@dataclass(frozen=True)
class Trigger:
    kind: str
    child_of: Callable[[Any], object]  # the child an event is about


def _originator(e: Any) -> object:
    return e.originator_id


def _named_child(e: Any) -> object:
    return e.child_id


TRIGGERS = {
    ENTRY_SHARED: Trigger(SHARED, _originator),
    CONSENT_REQUESTED: Trigger(CONSENT, _named_child),
}


def notice(cur: Cursor, kind: str, child_id: object, e: Any) -> None:
    mail_outbox.add(
        cur,
        mail_outbox.notice_id(e.originator_id, e.originator_version),
        str(child_id),
        kind,
        e.timestamp,
    )


class Notifications(View):
    name = "notifications"
    tables = ("notification_packets",)
    topics = (*TRIGGERS, PACKET_SEALED, PACKET_ACCESSED)

    def ddl(self, dialect: Dialect, t: Tables) -> list[str]:
        return [
            f"""CREATE TABLE IF NOT EXISTS {t["notification_packets"]} (
                packet_id TEXT PRIMARY KEY, child_id TEXT NOT NULL,
                opened INTEGER NOT NULL DEFAULT 0)""",
            f"""CREATE INDEX IF NOT EXISTS {t["notification_packets"]}_child
                ON {t["notification_packets"]} (child_id)""",
        ]

    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None:
        packets = t["notification_packets"]
        for e in events:
            topic = get_topic(type(e))
            trigger = TRIGGERS.get(topic)
            if trigger is not None:
                notice(cur, trigger.kind, trigger.child_of(e), e)
            elif topic == PACKET_SEALED and e.kind != PacketKind.SAFEGUARDING:
                cur.execute(
                    f"INSERT INTO {packets} (packet_id, child_id) VALUES (%s, %s)"
                    " ON CONFLICT (packet_id) DO NOTHING",
                    (str(e.originator_id), str(e.child_id)),
                )
            elif topic == PACKET_ACCESSED:
                self._opened(cur, packets, e)

    @staticmethod
    def _opened(cur: Cursor, packets: str, e: Any) -> None:
        """The first opening of a packet shared on consent (a safeguarding packet is not in the
        table)."""
        packet_id = str(e.originator_id)
        cur.execute(
            f"SELECT child_id FROM {packets} WHERE packet_id = %s AND opened = 0", (packet_id,)
        )
        row = cur.fetchone()
        if row is None:
            return
        cur.execute(f"UPDATE {packets} SET opened = 1 WHERE packet_id = %s", (packet_id,))
        notice(cur, OPENED, row[0], e)

    def forget(self, cur: Cursor, t: Tables, child_ids: Sequence[str]) -> None:
        super().forget(cur, t, child_ids)
        mail_outbox.forget(cur, child_ids)
