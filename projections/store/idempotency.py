"""Idempotency keys: the first response to a create, kept so that a retry gets it back unchanged.

A key's record is written in the same transaction as the write it answers, so there is no
"in progress" state for a crash to strand: either the write and its answer committed together,
or neither did and a retry simply decides afresh. Records expire (``BATON_IDEMPOTENCY_HOURS``).

An answer may hold a child's record, or a new member of staff's bearer token, so none is kept
in plaintext: an answer about one child is sealed under that child's key (and cannot be read
once the child is erased), any other under a key derived from the master key
(AES-256-GCM, bound to the scope and key it answers).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from projections.store.child_keys import ChildKeys
from projections.store.db import Cursor, Database

SERVICE, CHILD = "s1:", "c1:"  # how a stored answer is sealed: the service's key, a child's
NONCE_BYTES = 12


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


class AnswerUnreadable(Exception):
    """A stored answer failed its integrity check (altered at rest, or another key)."""


class IdempotencyKeys:
    def __init__(
        self,
        db: Database,
        key: bytes,
        child_keys: ChildKeys,
        ttl: timedelta = timedelta(hours=24),
    ) -> None:
        self.db = db
        self.ttl = ttl
        self.aead = AESGCM(key)
        self.child_keys = child_keys

    def _seal(self, claim: Claim, body: str, child_id: UUID | None) -> str:
        aad = _aad(claim.scope, claim.key)
        if child_id is not None:
            sealed = self.child_keys.seal(child_id, body.encode(), aad)
            return f"{CHILD}{child_id}:{base64.b64encode(sealed).decode()}"
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = nonce + self.aead.encrypt(nonce, body.encode(), aad)
        return SERVICE + base64.b64encode(sealed).decode()

    def _open(self, scope: str, key: str, stored: str) -> str:
        aad = _aad(scope, key)
        try:
            if stored.startswith(CHILD):
                child_id, _, text = stored[len(CHILD) :].partition(":")
                raw = base64.b64decode(text, validate=True)
                return self.child_keys.open(UUID(child_id), raw, aad).decode()
            raw = base64.b64decode(stored.removeprefix(SERVICE), validate=True)
            return self.aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad).decode()
        except (ValueError, InvalidTag) as e:
            raise AnswerUnreadable("a stored answer failed its integrity check") from e

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
        return Replay(int(row[1]), self._open(claim.scope, claim.key, str(row[2])))

    def record(
        self, claim: Claim, status: int, body: str, now: datetime, child_id: UUID | None = None
    ) -> bool:
        """Keep the answer (in the caller's transaction), sealed under ``child_id``'s key when
        it is about that one child. False when a live record for the key appeared meanwhile:
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
                    self._seal(claim, body, child_id),
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

    def seal_plaintext(self) -> int:
        """Seal the answers an earlier release stored in plaintext (run at every start; after
        the first, finds none)."""
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT scope, key, body FROM idempotency_keys WHERE body IS NOT NULL"
                " AND body NOT LIKE %s AND body NOT LIKE %s",
                (SERVICE + "%", CHILD + "%"),
            )
            rows = cur.fetchall()
            for scope, key, body in rows:
                cur.execute(
                    "UPDATE idempotency_keys SET body = %s WHERE scope = %s AND key = %s",
                    (self._seal(Claim(scope, key, ""), str(body), None), scope, key),
                )
        return len(rows)


def _aad(scope: str, key: str) -> bytes:
    return f"baton/idempotency/{scope}/{key}".encode()


def forget_child(cur: Cursor, child_id: UUID) -> int:
    """Remove every cached answer about an erased child."""
    cur.execute("DELETE FROM idempotency_keys WHERE child_id = %s", (str(child_id),))
    return int(cur.rowcount)
