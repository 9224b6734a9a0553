"""The mail outbox: notices to a child's parents waiting to be sent, and whom each has reached.

The ``notifications`` view adds a row (``add``) in the transaction that advances it, so a notice
exists exactly when the view has passed its event. The sender (``api/mail.py``) claims due rows
one at a time with a lease (a compare-and-set on ``next_attempt_at``, so two senders never send
the same row at once), records each parent reached, and finishes the row or puts it off.
Ids, times and words only (the tables are made by migration 0014).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from projections.store.db import Cursor, Database


def moment(at: datetime) -> str:
    """A time as stored here: ISO 8601 in UTC with microseconds, so text order is time order."""
    return at.isoformat(timespec="microseconds")


def notice_id(originator_id: UUID, originator_version: int) -> str:
    """The notice an event asks for, named by the event: the same event never asks twice."""
    return str(uuid5(NAMESPACE_URL, f"baton:mail:{originator_id}:{originator_version}"))


def add(cur: Cursor, notice: str, child_id: str, kind: str, at: datetime) -> None:
    """A notice about ``child_id``, due at once (again: no change)."""
    cur.execute(
        "INSERT INTO mail_outbox (id, child_id, kind, created_at, next_attempt_at)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
        (notice, child_id, kind, moment(at), moment(at)),
    )


def forget(cur: Cursor, child_ids: Sequence[str]) -> None:
    """Every notice about these (erased) children, and whom they reached."""
    marks = ", ".join(["%s"] * len(child_ids))
    cur.execute(
        "DELETE FROM mail_deliveries WHERE outbox_id IN"
        f" (SELECT id FROM mail_outbox WHERE child_id IN ({marks}))",
        tuple(child_ids),
    )
    cur.execute(f"DELETE FROM mail_outbox WHERE child_id IN ({marks})", tuple(child_ids))


@dataclass(frozen=True)
class Notice:
    id: str
    child_id: UUID
    kind: str
    created_at: datetime
    attempts: int  # counting the one this claim is for
    next_attempt_at: str  # as stored, for the claim's compare-and-set


class MailOutbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    def due(self, now: datetime, limit: int) -> list[Notice]:
        """Notices due by ``now``, the longest waiting first (not claimed yet)."""
        with self.db.read() as cur:
            cur.execute(
                "SELECT id, child_id, kind, created_at, attempts, next_attempt_at FROM mail_outbox"
                " WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= %s"
                " ORDER BY next_attempt_at, id LIMIT %s",
                (moment(now), limit),
            )
            rows = cur.fetchall()
        return [
            Notice(r[0], UUID(r[1]), r[2], datetime.fromisoformat(r[3]), int(r[4]), r[5])
            for r in rows
        ]

    def claim(self, notice: Notice, until: datetime) -> Notice | None:
        """Take ``notice`` until ``until`` (a sender that dies holding it lets it go then);
        None when another sender took it first."""
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = %s"
                " WHERE id = %s AND next_attempt_at = %s AND sent_at IS NULL",
                (moment(until), notice.id, notice.next_attempt_at),
            )
            if int(cur.rowcount) != 1:
                return None
        return Notice(
            notice.id,
            notice.child_id,
            notice.kind,
            notice.created_at,
            notice.attempts + 1,
            moment(until),
        )

    def reached(self, notice_id: str) -> set[str]:
        """The recipients (their HMACs) the notice was delivered to, or refused for good."""
        with self.db.read() as cur:
            cur.execute(
                "SELECT recipient_hmac FROM mail_deliveries WHERE outbox_id = %s", (notice_id,)
            )
            return {str(r[0]) for r in cur.fetchall()}

    def record(self, notice_id: str, recipient: str, outcome: str, at: datetime) -> None:
        """One recipient done with (unless the notice was forgotten meanwhile: an erasure)."""
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO mail_deliveries (outbox_id, recipient_hmac, outcome, at)"
                " SELECT %s, %s, %s, %s WHERE EXISTS (SELECT 1 FROM mail_outbox WHERE id = %s)"
                " ON CONFLICT (outbox_id, recipient_hmac) DO NOTHING",
                (notice_id, recipient, outcome, moment(at), notice_id),
            )

    def finish(self, notice_id: str, at: datetime, kind: str | None = None) -> None:
        """Finished with: every parent to write to was written to (``kind`` None), or it is
        given up (``kind`` says why)."""
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE mail_outbox SET next_attempt_at = NULL, last_error_kind = %s, sent_at = %s"
                " WHERE id = %s",
                (kind, moment(at) if kind is None else None, notice_id),
            )

    def put_off(self, notice_id: str, until: datetime, kind: str) -> None:
        """Try again from ``until``; ``kind`` names what failed."""
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE mail_outbox SET next_attempt_at = %s, last_error_kind = %s WHERE id = %s",
                (moment(until), kind, notice_id),
            )

    def drop(self, notice_id: str) -> None:
        """A notice about a child no longer in Baton (erased): nothing of it is kept."""
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM mail_deliveries WHERE outbox_id = %s", (notice_id,))
            cur.execute("DELETE FROM mail_outbox WHERE id = %s", (notice_id,))

    def prune(self, before: datetime) -> int:
        """Forget notices made before ``before``, sent or not; how many."""
        with self.db.transaction() as cur:
            cur.execute(
                "DELETE FROM mail_deliveries WHERE outbox_id IN"
                " (SELECT id FROM mail_outbox WHERE created_at < %s) OR at < %s",
                (moment(before), moment(before)),
            )
            cur.execute("DELETE FROM mail_outbox WHERE created_at < %s", (moment(before),))
            return int(cur.rowcount)
