"""Which commands have committed: the answer to a COMMIT whose reply was lost.

Each write request's unit of work records its command id in the same transaction as its events.
When the connection fails while COMMIT is in flight, the id's presence says whether the write
happened, so it is neither lost (reported as failed though it committed) nor applied twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from projections.store.db import Database

KEEP = timedelta(days=1)


class CommandLog:
    def __init__(self, db: Database) -> None:
        self.db = db  # the table is made by migration 0002

    def record(self, command_id: str, now: datetime) -> None:
        """In the caller's unit of work."""
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO commands (command_id, committed_at) VALUES (%s, %s)",
                (command_id, now.isoformat()),
            )

    def committed(self, command_id: str) -> bool:
        with self.db.read() as cur:
            cur.execute("SELECT 1 FROM commands WHERE command_id = %s", (command_id,))
            return cur.fetchone() is not None

    def forget_before(self, now: datetime) -> int:
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM commands WHERE committed_at < %s", ((now - KEEP).isoformat(),))
            return int(cur.rowcount)
