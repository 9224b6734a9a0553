"""Idempotency keys: the first response to a create, kept so that a retry gets it back unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from projections.store.db import Database


@dataclass(frozen=True)
class Claim:
    """``new``: go ahead; ``replay``: answer with status and body; the others: 409."""

    state: Literal["new", "replay", "mismatch", "in_progress"]
    status: int = 0
    body: str = ""


class IdempotencyKeys:
    def __init__(self, db: Database) -> None:
        self.db = db

    def claim(self, scope: str, key: str, request_hash: str) -> Claim:
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO idempotency_keys (scope, key, request_hash, created_at)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (scope, key) DO NOTHING",
                (scope, key, request_hash, datetime.now(UTC).isoformat()),
            )
            if cur.rowcount == 1:
                return Claim("new")
            cur.execute(
                "SELECT request_hash, status, body FROM idempotency_keys"
                " WHERE scope = %s AND key = %s",
                (scope, key),
            )
            row = cur.fetchone()
        if row is None:  # released between the two statements: the caller may simply retry
            return Claim("in_progress")
        stored_hash, status, body = row
        if stored_hash != request_hash:
            return Claim("mismatch")
        if status is None:
            return Claim("in_progress")
        return Claim("replay", int(status), str(body))

    def complete(self, scope: str, key: str, status: int, body: str) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE idempotency_keys SET status = %s, body = %s WHERE scope = %s AND key = %s",
                (status, body, scope, key),
            )

    def release(self, scope: str, key: str) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "DELETE FROM idempotency_keys WHERE scope = %s AND key = %s AND status IS NULL",
                (scope, key),
            )
