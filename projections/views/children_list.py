"""A setting's children from the setting_children view: a page in any order, and caseloads.

Names and dates of birth are sealed under each child's key, so SQL cannot order by them. A
setting has a few hundred children: a list by name or by date of birth reads the setting's rows
(its part of the (setting_id, child_id) key), opens them, and orders and pages them here; by
date last observed the database orders and pages as before and only the page is opened. A
cursor carries a name or a date of birth only sealed under the child's key, so no URL holds one.
Names are ordered as people read them (case aside), then by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import ChildErased
from domain.journey.eyfs import Area
from projections.keyset import BadCursor, Order
from projections.store.db import Database, Row
from projections.view import Sealer, opened, serving
from projections.views.setting_children import AREA_COLUMNS, BORN, NAME, SettingChildren

LAST_OBSERVED = "COALESCE(last_observed_on, '')"  # never observed: first, in both stores
SQL_SORTS = {
    "last_observed_on": Order((LAST_OBSERVED, False), ("child_id", False)),
    "-last_observed_on": Order((LAST_OBSERVED, True), ("child_id", False)),
}
# Sorts on sealed columns, and the column a cursor's sealed value is bound to.
SEALED_SORTS = {"name": "cursor.name", "date_of_birth": "cursor.date_of_birth"}
SORTS = (*SEALED_SORTS, *SQL_SORTS)
COLUMNS = (
    "child_id, name, date_of_birth, key_person_id, last_observed_on, consent, handover, "
    + ", ".join(count for count, _ in AREA_COLUMNS.values())
)


def _opened(sealer: Sealer, rows: Sequence[Row]) -> list[dict[str, Any]]:
    """Rows of ``SELECT {COLUMNS}`` as the contract's items, opened (erased children left out)."""
    sealer.preload(str(row[0]) for row in rows)
    out = []
    for row in rows:
        child_id, name, born, key_person, last_observed, consent, handover, *counts = row
        name_text, born_text = (
            opened(sealer, child_id, name, NAME),
            opened(sealer, child_id, born, BORN),
        )
        if name_text is None or born_text is None:
            continue
        out.append(
            {
                "child_id": UUID(child_id),
                "name": name_text,
                "date_of_birth": date.fromisoformat(born_text),
                "key_person_id": UUID(key_person) if key_person else None,
                "observations": {area.value: int(n) for area, n in zip(Area, counts, strict=True)},
                "last_observed_on": date.fromisoformat(last_observed) if last_observed else None,
                "consent": consent,
                "handover": handover,
            }
        )
    return out


def _order(sort: str, row: dict[str, Any]) -> tuple[str, ...]:
    if sort == "name":
        return row["name"].casefold(), row["name"], str(row["child_id"])
    return row["date_of_birth"].isoformat(), str(row["child_id"])


def _start(sealer: Sealer, sort: str, after: Sequence[Any]) -> tuple[str, ...]:
    """The place a cursor of a sealed sort stands for; ``BadCursor`` if it does not open."""
    token, child_id = after
    try:
        value = sealer.open_text(child_id, str(token), SEALED_SORTS[sort])
    except (ValueError, ChildErased) as e:
        raise BadCursor("the cursor does not open") from e
    if sort == "name":
        return value.casefold(), value, str(child_id)
    return value, str(child_id)


def list_children(
    db: Database,
    sealer: Sealer,
    setting_id: UUID,
    *,
    gap_area: Area | None = None,
    gap_since: date | None = None,
    sort: str = "name",
    after: Sequence[Any] | None = None,
    limit: int = 50,
    named: str | None = None,
) -> list[dict[str, Any]]:
    """One page of a setting's children in ``sort`` order, after the key ``after`` (a
    ``child_key``); with ``gap_area``, only those with no current observation in that area
    since ``gap_since``; with ``named`` (sorted by name or date of birth), only those whose name
    holds it, case aside: names are sealed, so it reads and opens the setting's rows, as those
    sorts do."""
    where, params = ["setting_id = %s"], [str(setting_id)]
    if gap_area is not None and gap_since is not None:
        last_column = AREA_COLUMNS[gap_area][1]
        where.append(f"({last_column} IS NULL OR {last_column} < %s)")
        params.append(gap_since.isoformat())
    order = SQL_SORTS.get(sort)
    beyond, beyond_params = order.after(after) if order else ("1 = 1", [])
    paged = f" AND {beyond} ORDER BY {order.by()} LIMIT %s" if order else ""
    with db.read() as cur:
        table = serving(cur, SettingChildren)["setting_children"]
        cur.execute(
            f"SELECT {COLUMNS} FROM {table} WHERE {' AND '.join(where)}{paged}",
            (*params, *beyond_params, limit) if order else tuple(params),
        )
        rows = cur.fetchall()
    items = _opened(sealer, rows)
    if order is not None:
        return items
    if named:
        wanted = named.casefold()
        items = [row for row in items if wanted in row["name"].casefold()]
    items.sort(key=lambda row: _order(sort, row))
    if after is not None:
        start = _start(sealer, sort, after)
        items = [row for row in items if _order(sort, row) > start]
    return items[:limit]


def child_key(sealer: Sealer, sort: str, row: dict[str, Any]) -> tuple[str, str]:
    """A listed child's place in the ``sort`` order, as ``list_children`` takes it back."""
    child_id = str(row["child_id"])
    if sort in SEALED_SORTS:
        value = row["name"] if sort == "name" else row["date_of_birth"].isoformat()
        return sealer.seal_text(child_id, value, SEALED_SORTS[sort]), child_id
    last = row["last_observed_on"]
    return (last.isoformat() if last else ""), child_id


def caseloads(
    db: Database, sealer: Sealer, setting_id: UUID
) -> dict[str | None, list[tuple[UUID, str]]]:
    """Key person id (None: no key person yet) → the children in their care, by name."""
    with db.read() as cur:
        table = serving(cur, SettingChildren)["setting_children"]
        cur.execute(
            f"SELECT key_person_id, child_id, name FROM {table} WHERE setting_id = %s",
            (str(setting_id),),
        )
        rows = cur.fetchall()
    sealer.preload(str(row[1]) for row in rows)
    named = []
    for key_person, child_id, sealed in rows:
        name = opened(sealer, child_id, sealed, NAME)
        if name is not None:  # None: the child was erased
            named.append((name.casefold(), name, str(child_id), key_person))
    loads: dict[str | None, list[tuple[UUID, str]]] = {}
    for _, name, child_id, key_person in sorted(named):
        loads.setdefault(key_person, []).append((UUID(child_id), name))
    return loads
