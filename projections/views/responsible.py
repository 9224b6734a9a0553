"""The children an organisation answers for: those it enrols, and those it received a packet
about (a school's DSL answers for a child from the first packet on)."""

from __future__ import annotations

from uuid import UUID

from projections.store.db import Cursor
from projections.view import serving
from projections.views.handovers import Handovers
from projections.views.setting_children import SettingChildren


def children_of(cur: Cursor, org_id: UUID) -> tuple[str, list[str]]:
    """A subquery selecting their ids from the serving tables, and its parameters."""
    enrolled = serving(cur, SettingChildren)["setting_children"]
    received = serving(cur, Handovers)["handovers"]
    return (
        f"SELECT child_id FROM {enrolled} WHERE setting_id = %s"
        f" UNION SELECT child_id FROM {received} WHERE school_id = %s",
        [str(org_id), str(org_id)],
    )
