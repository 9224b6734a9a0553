"""Dates in Baton are dates in England: an instant's date is its date in Europe/London.

>>> local_date(datetime(2026, 6, 1, 23, 30, tzinfo=UTC))   # 00:30 on 2 June in BST
datetime.date(2026, 6, 2)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

ENGLAND = ZoneInfo("Europe/London")

__all__ = ["ENGLAND", "UTC", "local_date"]


def local_date(at: datetime) -> date:
    """The date in England at the instant ``at`` (which must be timezone-aware)."""
    return at.astimezone(ENGLAND).date()
