"""The consent register of each setting: who consented to what, for whom, until when.

Rows are consents recorded by staff of the setting, with their current status; the child's
name comes from the child's own events (kept in a small table of this view). Who gave a consent
and the child's name are sealed under the child's key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from consent.consents import ChildConsents
from consent.vocabulary import Status
from domain.journey.child import Child
from projections import tracking
from projections.keyset import Order
from projections.store.db import Cursor, Database, Dialect
from projections.view import Sealer, Tables, View, opened, record_child_name, topics_of

NAME, GIVEN_BY = "consent_children.name", "consent_register.given_by"  # sealed columns


class ConsentRegister(View):
    name = "consent_register"
    tables = ("consent_register", "consent_children")
    topics = (
        *topics_of(Child, "Registered"),
        *topics_of(
            ChildConsents, "ConsentGiven", "ConsentWithdrawn", "ConsentExpired", "ConsentSuperseded"
        ),
    )

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer

    def ddl(self, dialect: Dialect, t: Tables) -> list[str]:
        register, children = t["consent_register"], t["consent_children"]
        return [
            f"""CREATE TABLE IF NOT EXISTS {register} (
                consent_id TEXT PRIMARY KEY, setting_id TEXT NOT NULL, child_id TEXT NOT NULL,
                given_by TEXT NOT NULL, relationship TEXT NOT NULL, recipient_id TEXT NOT NULL,
                purpose TEXT NOT NULL, categories TEXT NOT NULL, valid_from TEXT NOT NULL,
                valid_until TEXT, status TEXT NOT NULL, recorded_at TEXT NOT NULL,
                changed_at TEXT NOT NULL)""",
            f"CREATE INDEX IF NOT EXISTS {register}_setting ON {register} (setting_id, status)",
            f"CREATE INDEX IF NOT EXISTS {register}_child ON {register} (child_id)",
            f"""CREATE TABLE IF NOT EXISTS {children} (
                child_id TEXT PRIMARY KEY, name TEXT NOT NULL)""",
        ]

    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None:
        for e in events:
            kind = type(e).__name__
            if kind == "Registered":
                record_child_name(cur, t["consent_children"], self.sealer, e, NAME)
            elif kind == "ConsentGiven":
                cur.execute(
                    f"INSERT INTO {t['consent_register']} (consent_id, setting_id, child_id,"
                    " given_by, relationship, recipient_id, purpose, categories, valid_from,"
                    " valid_until, status, recorded_at, changed_at)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (consent_id) DO NOTHING",
                    (
                        str(e.consent_id),
                        str(e.setting_id),
                        str(e.child_id),
                        self.sealer.seal_text(e.child_id, e.given_by, GIVEN_BY),
                        e.relationship,
                        str(e.recipient_id),
                        e.purpose,
                        ",".join(e.categories),
                        e.valid_from.isoformat(),
                        e.valid_until.isoformat() if e.valid_until else None,
                        Status.ACTIVE.value,
                        e.recorded_at.isoformat(),
                        e.recorded_at.isoformat(),
                    ),
                )
            elif kind in STATUS_OF:
                cur.execute(
                    f"UPDATE {t['consent_register']} SET status = %s, changed_at = %s"
                    " WHERE consent_id = %s",
                    (STATUS_OF[kind], e.at.isoformat(), str(e.consent_id)),
                )


NEWEST_FIRST = Order(("r.recorded_at", True), ("r.consent_id", False))
STATUS_OF = {
    "ConsentWithdrawn": Status.WITHDRAWN.value,
    "ConsentExpired": Status.EXPIRED.value,
    "ConsentSuperseded": Status.SUPERSEDED.value,
}


def register(
    db: Database,
    sealer: Sealer,
    setting_id: UUID,
    today: date,
    status: Status | None = None,
    ending_by: date | None = None,
    limit: int = 500,
    after: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """The setting's consents, newest first, after the key ``after`` (a ``consent_key``);
    ``ending_by``: active ones ending on or before it."""
    with db.read() as cur:
        found = tracking.active_generation(cur, ConsentRegister.name)
        if found is None:
            return []
        t = Tables(ConsentRegister.tables, found[0])
        where, params = ["r.setting_id = %s"], [str(setting_id)]
        if status is not None:
            where.append("r.status = %s")
            params.append(status.value)
        if ending_by is not None:
            where.append(
                "r.status = 'active' AND r.valid_until IS NOT NULL AND r.valid_until <= %s"
                " AND r.valid_until >= %s"
            )
            params += [ending_by.isoformat(), today.isoformat()]
        beyond, beyond_params = NEWEST_FIRST.after(after)
        cur.execute(
            "SELECT r.consent_id, r.child_id, c.name, r.given_by, r.relationship, r.recipient_id,"
            " r.purpose, r.categories, r.valid_from, r.valid_until, r.status, r.recorded_at"
            f" FROM {t['consent_register']} r LEFT JOIN {t['consent_children']} c"
            f" ON c.child_id = r.child_id WHERE {' AND '.join(where)} AND {beyond}"
            f" ORDER BY {NEWEST_FIRST.by()} LIMIT %s",
            (*params, *beyond_params, limit),
        )
        rows = cur.fetchall()
    keys = (
        "id",
        "child_id",
        "child_name",
        "given_by",
        "relationship",
        "recipient_id",
        "purpose",
        "categories",
        "valid_from",
        "valid_until",
        "status",
        "recorded_at",
    )
    out = []
    sealer.preload(str(row[1]) for row in rows)
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        item["given_by"] = opened(sealer, item["child_id"], item["given_by"], GIVEN_BY)
        if item["given_by"] is None:
            continue  # the child was erased
        item["child_name"] = opened(sealer, item["child_id"], item["child_name"], NAME)
        item["categories"] = item["categories"].split(",")
        # An active consent past its end is expired now, before the sweep records the event.
        ended = item["valid_until"] is not None and item["valid_until"] < today.isoformat()
        if item["status"] == Status.ACTIVE and ended:
            item["status"] = Status.EXPIRED.value
        out.append(item)
    return out


def consent_key(item: dict[str, Any]) -> tuple[str, str]:
    """A listed consent's place in the register's order, as ``register`` takes it back."""
    return item["recorded_at"], item["id"]


def ended_but_active(db: Database, today: date) -> list[UUID]:
    """Children with a consent still marked active whose period ended before ``today``."""
    with db.read() as cur:
        found = tracking.active_generation(cur, ConsentRegister.name)
        if found is None:
            return []
        table = Tables(ConsentRegister.tables, found[0])["consent_register"]
        cur.execute(
            f"SELECT DISTINCT child_id FROM {table} WHERE status = 'active'"
            " AND valid_until IS NOT NULL AND valid_until < %s",
            (today.isoformat(),),
        )
        rows = cur.fetchall()
    return [UUID(r[0]) for r in rows]
