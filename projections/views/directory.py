"""The directory of organisations: every nursery, pre-school, childminder and school in Baton,
so that people choose one by its name rather than type its id.

One row per organisation, from its ``Registered`` event. The name is sealed (a childminder's
setting is often named after the childminder) under the service's key for it (``Sealer``, a
``ServiceSeal``), so SQL can neither sort nor search by it: a read takes the rows of the kinds
asked for, opens their names, then searches, sorts and pages in Python. The list is one of
organisations, not children: a few thousand rows at the most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.organisations.organisation import Organisation
from projections.keyset import BadCursor
from projections.store.db import Cursor, Database, Dialect
from projections.view import Sealer, Tables, View, serving, topics_of

NAME = "organisation_directory.name"  # the sealed column


@dataclass(frozen=True)
class Listed:
    id: str
    name: str
    kind: str
    urn: str | None


class Directory(View):
    name = "organisation_directory"
    tables = ("organisation_directory",)
    topics = topics_of(Organisation, "Registered")
    about_children = False  # an erasure leaves the directory as it is

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer

    def ddl(self, dialect: Dialect, t: Tables) -> list[str]:
        table = t["organisation_directory"]
        return [
            f"""CREATE TABLE IF NOT EXISTS {table} (
                org_id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, urn TEXT)""",
            f"CREATE INDEX IF NOT EXISTS {table}_kind ON {table} (kind)",
        ]

    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None:
        for e in events:
            org_id = str(e.originator_id)
            cur.execute(
                f"INSERT INTO {t['organisation_directory']} (org_id, name, kind, urn)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (org_id) DO NOTHING",
                (org_id, self.sealer.seal_text(org_id, e.name, NAME), e.kind, e.urn),
            )


def _order(item: Listed) -> tuple[str, str]:
    return item.name.casefold(), item.id


def directory(
    db: Database,
    sealer: Sealer,
    kinds: Sequence[str] = (),
    named: str = "",
    after: str | None = None,
    limit: int = 500,
) -> list[Listed]:
    """Up to ``limit`` organisations by name, of ``kinds`` (every kind without any) and whose
    name holds ``named`` (any case), after the one whose id is ``after``; ``BadCursor`` when
    that one is not in the list (an altered cursor, or another list's)."""
    with db.read() as cur:
        table = serving(cur, Directory)["organisation_directory"]
        where, params = "1 = 1", list[str]()
        if kinds:
            where = f"kind IN ({', '.join(['%s'] * len(kinds))})"
            params = list(kinds)
        cur.execute(f"SELECT org_id, name, kind, urn FROM {table} WHERE {where}", tuple(params))
        rows = cur.fetchall()
    wanted = named.casefold()
    found = [Listed(r[0], sealer.open_text(r[0], r[1], NAME), r[2], r[3]) for r in rows]
    ordered = sorted((o for o in found if wanted in o.name.casefold()), key=_order)
    start = 0
    if after is not None:
        ids = [o.id for o in ordered]
        if after not in ids:
            raise BadCursor("the cursor names no organisation of this list")
        start = ids.index(after) + 1
    return ordered[start : start + limit]
