"""A partnership's figures: counts per member and in total, over time, never a child.

Read from the views that exist: children on roll from ``setting_children``, observations from
``journey_entries`` (the member that recorded them), packets from ``handovers`` (the member
that sent them). Every figure is worked out with the children it is about, and shown only when
they are at least ``SMALL`` (5): a figure about fewer children is ``None`` (``null``).

Differencing: a total counts only the members whose own figure is shown, so no total minus the
members' shown figures leaves a hidden one. The monthly series (the partnership as a whole, by
calendar month) counts only the members whose 12-week figure of that measure is shown, and each
month is hidden on its own when it is about fewer than 5 children. The headline window (the
last 12 weeks, to today) is never a union of the series' whole months, which end before the
current month.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from consent.calendar import local_date
from domain.handover.packet import add_school_days
from domain.journey.eyfs import Area
from projections.store.db import Cursor, Database
from projections.view import serving
from projections.views.handovers import Handovers
from projections.views.journey_entries import JourneyEntries
from projections.views.setting_children import SettingChildren

SMALL = 5  # a figure about fewer children than this is never shown
WEEKS = 12  # the headline window
MONTHS = 12  # the series: the whole months before the current one
# A transition packet is acknowledged on time within 15 school days of its delivery (a school
# term's first weeks); a safeguarding packet by the date it carries (5 school days).
TRANSITION_SCHOOL_DAYS = 15
AREAS = [a.value for a in Area]
OBSERVATIONS = [*AREAS, "all"]
PACKETS = ["sent", "opened", "acknowledged_on_time"]

# One cell before it is shown: each child it is about, and how many things it counts of them.
Cell = dict[str, int]


@dataclass(frozen=True)
class Window:
    today: date
    since: date  # the headline window's first day
    months: list[str]  # "YYYY-MM", oldest first

    @classmethod
    def ending(cls, today: date) -> Window:
        first = today.replace(day=1)
        months = []
        for _ in range(MONTHS):
            first = (first - timedelta(days=1)).replace(day=1)
            months.append(first.isoformat()[:7])
        return cls(today, today - timedelta(weeks=WEEKS), sorted(months))

    @property
    def series_start(self) -> str:
        return f"{self.months[0]}-01"

    @property
    def series_end(self) -> str:  # the current month's first day (excluded)
        return f"{self.today.isoformat()[:7]}-01"


def _add(cell: Cell, child_id: str, n: int = 1) -> None:
    cell[child_id] = cell.get(child_id, 0) + n


def _value(figure: str, cell: Cell) -> int:
    return len(cell) if figure == "children_on_roll" else sum(cell.values())


def _shown(figure: str, cell: Cell) -> int | None:
    return _value(figure, cell) if len(cell) >= SMALL else None


def _merged(cells: Iterable[Cell]) -> Cell:
    merged: Cell = {}
    for cell in cells:
        for child_id, n in cell.items():
            _add(merged, child_id, n)
    return merged


def _in(ids: Sequence[str]) -> str:
    return ", ".join(["%s"] * len(ids))


def _on_roll(cur: Cursor, members: Sequence[str]) -> dict[str, Cell]:
    table = serving(cur, SettingChildren)["setting_children"]
    cur.execute(
        f"SELECT setting_id, child_id FROM {table} WHERE setting_id IN ({_in(members)})",
        tuple(members),
    )
    cells: dict[str, Cell] = {m: {} for m in members}
    for setting_id, child_id in cur.fetchall():
        _add(cells[str(setting_id)], str(child_id))
    return cells


def _observations(
    cur: Cursor, members: Sequence[str], window: Window
) -> tuple[dict[tuple[str, str], Cell], dict[tuple[str, str], Cell]]:
    """Per (member, area or "all") over the headline window, and per (member, month)."""
    table = serving(cur, JourneyEntries)["journey_entries"]
    start = min(window.since.isoformat(), window.series_start)
    cur.execute(
        f"SELECT setting_id, area, child_id, dated, count(*) FROM {table}"
        f" WHERE entry_type = 'observation' AND withdrawal IS NULL AND dated >= %s"
        f" AND setting_id IN ({_in(members)}) GROUP BY setting_id, area, child_id, dated",
        (start, *members),
    )
    recent: dict[tuple[str, str], Cell] = {}
    monthly: dict[tuple[str, str], Cell] = {}
    since, end = window.since.isoformat(), window.series_end
    for setting_id, area, child_id, dated, n in cur.fetchall():
        member, child, day = str(setting_id), str(child_id), str(dated)
        if day >= since:
            _add(recent.setdefault((member, str(area)), {}), child, int(n))
            _add(recent.setdefault((member, "all"), {}), child, int(n))
        if day < end:
            _add(monthly.setdefault((member, day[:7]), {}), child, int(n))
    return recent, monthly


def _on_time(row: Sequence[Any], holidays: frozenset[date]) -> bool:
    kind, delivered_at, acknowledged_at, acknowledge_by = row[2], row[3], row[5], row[6]
    if acknowledged_at is None:
        return False
    delivered = local_date(datetime.fromisoformat(str(delivered_at)))
    if kind == "safeguarding" and acknowledge_by:
        due = date.fromisoformat(str(acknowledge_by))
    else:
        due = add_school_days(delivered, TRANSITION_SCHOOL_DAYS, holidays)
    return local_date(datetime.fromisoformat(str(acknowledged_at))) <= due


def _packets(
    cur: Cursor, members: Sequence[str], window: Window, holidays: frozenset[date]
) -> tuple[dict[tuple[str, str], Cell], dict[tuple[str, str], Cell]]:
    """Per (member, sent/opened/acknowledged_on_time) over the headline window, and per
    (member, "sent@YYYY-MM" / "acknowledged_on_time@YYYY-MM") by month of delivery."""
    table = serving(cur, Handovers)["handovers"]
    start = min(window.since.isoformat(), window.series_start)
    cur.execute(
        "SELECT from_id, child_id, kind, delivered_at, opened_at, acknowledged_at,"
        f" acknowledge_by FROM {table} WHERE delivered_at >= %s"
        f" AND from_id IN ({_in(members)})",
        (start, *members),
    )
    recent: dict[tuple[str, str], Cell] = {}
    monthly: dict[tuple[str, str], Cell] = {}
    since, end = window.since.isoformat(), window.series_end
    for row in cur.fetchall():
        member, child, day = str(row[0]), str(row[1]), str(row[3])[:10]
        on_time = _on_time(row, holidays)
        reached = {
            "sent": True,
            "opened": row[4] is not None or row[5] is not None,
            "acknowledged_on_time": on_time,
        }
        for figure, counted in reached.items():
            if counted and day >= since:
                _add(recent.setdefault((member, figure), {}), child)
        if day < end:
            _add(monthly.setdefault((member, f"sent@{day[:7]}"), {}), child)
            if on_time:
                _add(monthly.setdefault((member, f"acknowledged_on_time@{day[:7]}"), {}), child)
    return recent, monthly


def _total(members: Sequence[str], figure: str, cell_of: Callable[[str], Cell]) -> int | None:
    """The figure over the members whose own figure is shown (a hidden one is left out)."""
    counted = [cell_of(m) for m in members if _shown(figure, cell_of(m)) is not None]
    return _shown(figure, _merged(counted))


def figures(
    db: Database, members: Sequence[str], today: date, holidays: frozenset[date]
) -> dict[str, Any]:
    """The dashboard's figures: ``members`` (each a member organisation's id) and ``total``
    shaped alike, and ``by_month``; every figure an int, or None when it is about fewer than
    ``SMALL`` children. No child's id leaves this function."""
    window = Window.ending(today)
    with db.read() as cur:
        roll = _on_roll(cur, members) if members else {}
        observed, observed_monthly = _observations(cur, members, window) if members else ({}, {})
        sent, sent_monthly = _packets(cur, members, window, holidays) if members else ({}, {})

    def shaped(
        roll_of: Callable[[], int | None],
        observation_of: Callable[[str], int | None],
        packet_of: Callable[[str], int | None],
    ) -> dict[str, Any]:
        return {
            "children_on_roll": roll_of(),
            "observations": {a: observation_of(a) for a in OBSERVATIONS},
            "packets": {p: packet_of(p) for p in PACKETS},
        }

    def member(m: str) -> dict[str, Any]:
        return shaped(
            lambda: _shown("children_on_roll", roll.get(m, {})),
            lambda a: _shown(a, observed.get((m, a), {})),
            lambda p: _shown(p, sent.get((m, p), {})),
        )

    total = shaped(
        lambda: _total(members, "children_on_roll", lambda m: roll.get(m, {})),
        lambda a: _total(members, a, lambda m: observed.get((m, a), {})),
        lambda p: _total(members, p, lambda m: sent.get((m, p), {})),
    )
    observing = [m for m in members if _shown("all", observed.get((m, "all"), {})) is not None]
    sending = [m for m in members if _shown("sent", sent.get((m, "sent"), {})) is not None]

    def monthly(cells: dict[tuple[str, str], Cell], counted: list[str], key: str) -> int | None:
        return _shown("all", _merged(cells.get((m, key), {}) for m in counted))

    by_month = [
        {
            "month": month,
            "observations": monthly(observed_monthly, observing, month),
            "packets_sent": monthly(sent_monthly, sending, f"sent@{month}"),
            "packets_acknowledged_on_time": monthly(
                sent_monthly, sending, f"acknowledged_on_time@{month}"
            ),
        }
        for month in window.months
    ]
    return {
        "since": window.since,
        "until": today,
        "members": {m: member(m) for m in members},
        "total": total,
        "by_month": by_month,
    }
