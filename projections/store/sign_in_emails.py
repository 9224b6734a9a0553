"""Which accounts an email address signs in to, found without the address being stored.

A row holds HMAC-SHA256 of the address (trimmed and case-folded) under a key derived from the
master key, and ids: reading the table reveals no address, and guessing one needs the key. The
row is written in the unit of work of the event that makes the account usable (a password
chosen, a member added), so the two never disagree.
"""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID

from projections.store.db import Database


def normalised(email: str) -> str:
    return email.strip().casefold()


class SignInEmails:
    def __init__(self, db: Database, key: bytes) -> None:
        self.db = db  # the table is made by migration 0010
        self._key = key

    def digest(self, email: str) -> str:
        return hmac.new(self._key, normalised(email).encode(), hashlib.sha256).hexdigest()

    def add(self, email: str, org_id: UUID, staff_id: UUID) -> None:
        """The address signs in to this member of staff (again: no change)."""
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO sign_in_emails (email_hmac, org_id, staff_id) VALUES (%s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (self.digest(email), str(org_id), str(staff_id)),
            )

    def accounts(self, email: str) -> list[tuple[UUID, UUID]]:
        """Every (organisation, member of staff) the address was given for."""
        with self.db.read() as cur:
            cur.execute(
                "SELECT org_id, staff_id FROM sign_in_emails WHERE email_hmac = %s"
                " AND kind = 'staff' ORDER BY org_id, staff_id",
                (self.digest(email),),
            )
            return [(UUID(r[0]), UUID(r[1])) for r in cur.fetchall()]

    def add_parent(self, email: str, parent_id: UUID) -> None:
        """The address signs in to this parent's account (migration 0013)."""
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO sign_in_emails (email_hmac, org_id, staff_id, kind)"
                " VALUES (%s, %s, %s, 'parent') ON CONFLICT DO NOTHING",
                (self.digest(email), str(parent_id), str(parent_id)),
            )

    def parent(self, email: str) -> UUID | None:
        """The parent's account the address signs in to, if any (one per address)."""
        with self.db.read() as cur:
            cur.execute(
                "SELECT staff_id FROM sign_in_emails WHERE email_hmac = %s AND kind = 'parent'"
                " ORDER BY staff_id",
                (self.digest(email),),
            )
            row = cur.fetchone()
        return UUID(row[0]) if row else None
