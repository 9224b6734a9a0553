"""Idempotency keys: the first response to a create, kept so that a retry gets it back unchanged.

A key's record is written in the same transaction as the write it answers, so there is no
"in progress" state for a crash to strand: either the write and its answer committed together,
or neither did and a retry simply decides afresh. Records expire (``BATON_IDEMPOTENCY_HOURS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from projections.store.db import Cursor, Database


@dataclass(frozen=True)
class Claim:
    """What a request says of itself: who sent it (``scope``), its key, and a hash of it."""

    scope: str
    key: str
    request_hash: str


@dataclass(frozen=True)
class Replay:
    """The answer a key already has: the same request gets it again."""

    status: int
    body: str


class KeyReused(Exception):
    """The key was used before with a different request."""


class IdempotencyKeys:
    def __init__(self, db: Database, ttl: timedelta = timedelta(hours=24)) -> None:
        self.db = db
        self.ttl = ttl

    def find(self, claim: Claim, now: datetime) -> Replay | None:
        """The stored answer for this key, if it has one that has not expired."""
        with self.db.read() as cur:
            cur.execute(
                "SELECT request_hash, status, body FROM idempotency_keys"
                " WHERE scope = %s AND key = %s AND status IS NOT NULL"
                " AND (expires_at IS NULL OR expires_at > %s)"
                # An erased child's answer is never given again, even before the erasure's
                # purge has removed it: the request is decided afresh, and answers 410.
                " AND (child_id IS NULL OR child_id NOT IN (SELECT child_id FROM child_erasures))",
                (claim.scope, claim.key, now.isoformat()),
            )
            row = cur.fetchone()
        if row is None:
            return None
        if row[0] != claim.request_hash:
            raise KeyReused("this Idempotency-Key was used with a different request")
        return Replay(int(row[1]), str(row[2]))

    def record(
        self,
        claim: Claim,
        status: int,
        body: str,
        now: datetime,
        child_id: UUID | None = None,
    ) -> bool:
        """Keep the answer (in the caller's transaction), noting the child it concerns so that
        erasing the child removes it. False when a live record for the key appeared meanwhile:
        the caller must roll back and decide again."""
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO idempotency_keys"
                " (scope, key, request_hash, status, body, created_at, expires_at, child_id)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash,"
                " status = excluded.status, body = excluded.body,"
                " created_at = excluded.created_at, expires_at = excluded.expires_at,"
                " child_id = excluded.child_id"
                " WHERE idempotency_keys.status IS NULL"
                " OR idempotency_keys.expires_at <= excluded.created_at",
                (
                    claim.scope,
                    claim.key,
                    claim.request_hash,
                    status,
                    body,
                    now.isoformat(),
                    (now + self.ttl).isoformat(),
                    str(child_id) if child_id else None,
                ),
            )
            return bool(cur.rowcount == 1)

    def forget_expired(self, now: datetime) -> int:
        with self.db.transaction() as cur:
            cur.execute(
                "DELETE FROM idempotency_keys WHERE expires_at <= %s OR status IS NULL",
                (now.isoformat(),),
            )
            return int(cur.rowcount)


def forget_child(cur: Cursor, child_id: UUID) -> int:
    """Remove every cached answer about an erased child."""
    cur.execute("DELETE FROM idempotency_keys WHERE child_id = %s", (str(child_id),))
    return int(cur.rowcount)
