"""Handovers as each side sees them: a recipient's inbox and a setting's outbox (with deadlines).
``school_id`` names the recipient, a school or another professional.

The child's name is sealed under the child's key."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from domain.handover.packet import HandoverPacket, PacketStatus
from domain.journey.child import Child
from projections import tracking
from projections.keyset import Order
from projections.store.db import Cursor, Database, Dialect
from projections.view import Sealer, Tables, View, opened, record_child_name, topics_of

PACKET_EVENTS = ("Sealed", "Accessed", "Acknowledged", "Revoked", "Superseded", "Erased")
COLUMNS = (
    "id",
    "child_id",
    "child_name",
    "from_id",
    "school_id",
    "kind",
    "status",
    "delivered_at",
    "acknowledge_by",
    "opened_at",
    "acknowledged_at",
    "acknowledged_by",
)
NAME = "handover_children.name"  # a sealed column


class Handovers(View):
    name = "handovers"
    tables = ("handovers", "handover_children")
    topics = (*topics_of(Child, "Registered"), *topics_of(HandoverPacket, *PACKET_EVENTS))

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer

    def ddl(self, dialect: Dialect, t: Tables) -> list[str]:
        packets, children = t["handovers"], t["handover_children"]
        return [
            f"""CREATE TABLE IF NOT EXISTS {packets} (
                packet_id TEXT PRIMARY KEY, child_id TEXT NOT NULL, from_id TEXT NOT NULL,
                school_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
                delivered_at TEXT NOT NULL, acknowledge_by TEXT, opened_at TEXT,
                acknowledged_at TEXT, acknowledged_by TEXT)""",
            f"CREATE INDEX IF NOT EXISTS {packets}_school ON {packets} (school_id, delivered_at)",
            f"CREATE INDEX IF NOT EXISTS {packets}_from ON {packets} (from_id, delivered_at)",
            f"""CREATE TABLE IF NOT EXISTS {children} (
                child_id TEXT PRIMARY KEY, name TEXT NOT NULL)""",
        ]

    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None:
        packets = t["handovers"]
        for e in events:
            kind = type(e).__name__
            if kind == "Registered":
                record_child_name(cur, t["handover_children"], self.sealer, e, NAME)
            elif kind == "Sealed":
                cur.execute(
                    f"INSERT INTO {packets} (packet_id, child_id, from_id, school_id, kind, status,"
                    " delivered_at, acknowledge_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (packet_id) DO NOTHING",
                    (
                        str(e.originator_id),
                        str(e.child_id),
                        str(e.from_id),
                        str(e.school_id),
                        e.kind,
                        PacketStatus.DELIVERED.value,
                        e.sealed_at.isoformat(),
                        e.acknowledge_by.isoformat() if e.acknowledge_by else None,
                    ),
                )
            elif kind == "Accessed":
                cur.execute(
                    f"UPDATE {packets} SET opened_at = COALESCE(opened_at, %s),"
                    " status = CASE WHEN status = 'delivered' THEN 'opened' ELSE status END"
                    " WHERE packet_id = %s",
                    (e.at.isoformat(), str(e.originator_id)),
                )
            elif kind == "Acknowledged":
                cur.execute(
                    f"UPDATE {packets} SET status = 'acknowledged', acknowledged_at = %s,"
                    " acknowledged_by = %s WHERE packet_id = %s",
                    (e.at.isoformat(), str(e.by), str(e.originator_id)),
                )
            elif kind == "Erased":  # the school erased its copy: it leaves both lists
                cur.execute(f"DELETE FROM {packets} WHERE packet_id = %s", (str(e.originator_id),))
            elif kind in ("Revoked", "Superseded"):
                status = PacketStatus.REVOKED if kind == "Revoked" else PacketStatus.SUPERSEDED
                cur.execute(
                    f"UPDATE {packets} SET status = %s WHERE packet_id = %s",
                    (status.value, str(e.originator_id)),
                )


NEWEST_FIRST = Order(("h.delivered_at", True), ("h.packet_id", False))


def packet_key(item: dict[str, Any]) -> tuple[str, str]:
    """A listed packet's place in the newest-first order, as the lists take it back."""
    return item["delivered_at"], item["id"]


def _rows(
    db: Database,
    sealer: Sealer,
    where: str,
    params: Sequence[Any],
    limit: int,
    after: Sequence[Any] | None,
) -> list[dict[str, Any]]:
    beyond, beyond_params = NEWEST_FIRST.after(after)
    with db.read() as cur:
        found = tracking.active_generation(cur, Handovers.name)
        if found is None:
            return []
        t = Tables(Handovers.tables, found[0])
        cur.execute(
            "SELECT h.packet_id, h.child_id, c.name, h.from_id, h.school_id, h.kind, h.status,"
            " h.delivered_at, h.acknowledge_by, h.opened_at, h.acknowledged_at, h.acknowledged_by"
            f" FROM {t['handovers']} h LEFT JOIN {t['handover_children']} c"
            f" ON c.child_id = h.child_id WHERE {where} AND {beyond}"
            f" ORDER BY {NEWEST_FIRST.by()} LIMIT %s",
            (*params, *beyond_params, limit),
        )
        rows = cur.fetchall()
    sealer.preload(str(row[1]) for row in rows)
    items = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
    for item in items:
        item["child_name"] = opened(sealer, item["child_id"], item["child_name"], NAME)
        item["recipient_id"] = item["school_id"]  # the recipient, of whatever kind
    return items


def inbox(
    db: Database,
    sealer: Sealer,
    school_id: UUID,
    *,
    safeguarding: bool,
    limit: int = 50,
    after: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """Packets delivered to an organisation (a school or another professional), newest first;
    safeguarding ones only for its DSL."""
    where = "h.school_id = %s" + ("" if safeguarding else " AND h.kind <> 'safeguarding'")
    return _rows(db, sealer, where, (str(school_id),), limit, after)


def outbox(
    db: Database,
    sealer: Sealer,
    setting_id: UUID,
    *,
    safeguarding: bool,
    overdue_on: date | None = None,
    limit: int = 50,
    after: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """Packets a setting sent; with ``overdue_on``, only those past their acknowledge-by date."""
    where, params = ["h.from_id = %s"], [str(setting_id)]
    if not safeguarding:
        where.append("h.kind <> 'safeguarding'")
    if overdue_on is not None:
        where.append(
            "h.acknowledge_by IS NOT NULL AND h.acknowledge_by < %s"
            " AND h.acknowledged_at IS NULL AND h.status IN ('delivered', 'opened')"
        )
        params.append(overdue_on.isoformat())
    return _rows(db, sealer, " AND ".join(where), params, limit, after)
