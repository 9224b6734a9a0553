"""Web sign-in sessions: a cookie's secret stands for one person until it expires or they sign out.

Only the SHA-256 of the secret is kept (as for bearer tokens: a 256-bit random secret needs no
slow hash), so reading this table signs nobody in. A row names ids only.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from projections.store.db import Database

SECRET_BYTES = 32


@dataclass(frozen=True)
class WebSession:
    kind: str  # "staff"
    org_id: UUID
    member_id: UUID
    expires_at: datetime


def session_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class WebSessions:
    def __init__(self, db: Database) -> None:
        self.db = db  # the table is made by migration 0009

    def open(
        self, kind: str, org_id: UUID, member_id: UUID, now: datetime, lasts: timedelta
    ) -> tuple[str, WebSession]:
        """A new session and its secret (for the cookie; never stored)."""
        secret = secrets.token_urlsafe(SECRET_BYTES)
        session = WebSession(kind, org_id, member_id, now + lasts)
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO web_sessions (session_hash, kind, org_id, member_id, created_at,"
                " expires_at) VALUES (%s, %s, %s, %s, %s, %s)",
                (
                    session_hash(secret),
                    kind,
                    str(org_id),
                    str(member_id),
                    now.isoformat(),
                    session.expires_at.isoformat(),
                ),
            )
        return secret, session

    def find(self, secret: str, now: datetime) -> WebSession | None:
        """The live session a cookie's secret stands for, or None (unknown, or expired)."""
        with self.db.read() as cur:
            cur.execute(
                "SELECT kind, org_id, member_id, expires_at FROM web_sessions"
                " WHERE session_hash = %s",
                (session_hash(secret),),
            )
            row = cur.fetchone()
        if row is None:
            return None
        expires = datetime.fromisoformat(row[3])
        if expires <= now:
            return None
        return WebSession(row[0], UUID(row[1]), UUID(row[2]), expires)

    def close(self, secret: str) -> None:
        """Sign out: the secret stops working at once."""
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM web_sessions WHERE session_hash = %s", (session_hash(secret),))

    def close_all(self, member_id: UUID) -> int:
        """Every session of a person (deactivated, or their password changed)."""
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM web_sessions WHERE member_id = %s", (str(member_id),))
            return int(cur.rowcount)

    def forget_expired(self, now: datetime) -> int:
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM web_sessions WHERE expires_at <= %s", (now.isoformat(),))
            return int(cur.rowcount)
