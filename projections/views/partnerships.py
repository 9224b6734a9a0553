"""Which organisations belong to which partnership: the list a member of staff starts from.

One row per (partnership, organisation) and how it is related: ``invited``, ``member``, or
``local_authority`` (the partnership is in its area). Ids only: names are read from the
aggregates, and no row is about a child.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from domain.partnerships.partnership import Partnership
from projections.store.db import Cursor, Database, Dialect
from projections.view import Tables, View, serving, topics_of

LOCAL_AUTHORITY = "local_authority"


class PartnershipMembers(View):
    name = "partnership_members"
    tables = ("partnership_members",)
    topics = topics_of(Partnership, "Registered", "Invited", "Accepted", "LocalAuthoritySet")
    about_children = False

    def ddl(self, dialect: Dialect, t: Tables) -> list[str]:
        table = t["partnership_members"]
        return [
            f"""CREATE TABLE IF NOT EXISTS {table} (
                partnership_id TEXT NOT NULL, org_id TEXT NOT NULL, relation TEXT NOT NULL,
                PRIMARY KEY (partnership_id, org_id, relation))""",
            f"CREATE INDEX IF NOT EXISTS {table}_org ON {table} (org_id)",
        ]

    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None:
        table = t["partnership_members"]

        def put(partnership_id: Any, org_id: Any, relation: str) -> None:
            cur.execute(
                f"INSERT INTO {table} (partnership_id, org_id, relation) VALUES (%s, %s, %s)"
                " ON CONFLICT (partnership_id, org_id, relation) DO NOTHING",
                (str(partnership_id), str(org_id), relation),
            )

        for e in events:
            kind, pid = type(e).__name__, e.originator_id
            if kind == "Registered":
                put(pid, e.founder_id, "member")
                for org_id in e.invited:
                    put(pid, org_id, "invited")
                if e.local_authority_id:
                    put(pid, e.local_authority_id, LOCAL_AUTHORITY)
            elif kind == "Invited":
                put(pid, e.org_id, "invited")
            elif kind == "Accepted":
                cur.execute(
                    f"DELETE FROM {table} WHERE partnership_id = %s AND org_id = %s"
                    " AND relation = 'invited'",
                    (str(pid), str(e.org_id)),
                )
                put(pid, e.org_id, "member")
            elif kind == "LocalAuthoritySet":
                cur.execute(
                    f"DELETE FROM {table} WHERE partnership_id = %s AND relation = %s",
                    (str(pid), LOCAL_AUTHORITY),
                )
                if e.local_authority_id:
                    put(pid, e.local_authority_id, LOCAL_AUTHORITY)


def partnerships_of(db: Database, org_id: UUID) -> list[tuple[str, str]]:
    """(partnership id, relation) of every partnership the organisation is related to."""
    with db.read() as cur:
        table = serving(cur, PartnershipMembers)["partnership_members"]
        cur.execute(
            f"SELECT partnership_id, relation FROM {table} WHERE org_id = %s"
            " ORDER BY partnership_id",
            (str(org_id),),
        )
        return [(str(r[0]), str(r[1])) for r in cur.fetchall()]
