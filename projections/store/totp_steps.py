"""Two-step codes are used once: the newest time step each member signed in with.

A code from an authenticator app is good for its 30-second step and, to allow for clocks, the
steps either side. Without this, whoever saw a code typed could use it again within that minute
and a half; with it, a code is accepted only if its step is newer than the last one accepted
(RFC 6238, section 5.2). The check and the record are one statement, so two requests racing
with the same code cannot both pass.
"""

from __future__ import annotations

from uuid import UUID

from projections.store.db import Database


class TotpSteps:
    def __init__(self, db: Database) -> None:
        self.db = db  # the table is made by migration 0012

    def claim(self, member_id: UUID, step: int) -> bool:
        """Record ``step`` as used by ``member_id``; False if it, or a newer one, was used."""
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO totp_last_step (member_id, step) VALUES (%s, %s)"
                " ON CONFLICT (member_id) DO UPDATE SET step = excluded.step"
                " WHERE totp_last_step.step < excluded.step",
                (str(member_id), step),
            )
            return int(cur.rowcount) == 1
