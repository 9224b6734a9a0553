"""Keyset paging: a list's order, and the rows that come after a key in it.

A page reads ``WHERE <filters> AND <after key> ORDER BY <order> LIMIT n``: an index walk from
the last row shown, however deep the page, with no row repeated or skipped when rows are added
meanwhile (as OFFSET would). The last column must make the order total (an id).

    >>> Order(("dated", True), ("entry_id", True)).after(("2026-01-02", "a"))
    ('(dated, entry_id) < (%s, %s)', ['2026-01-02', 'a'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class BadCursor(ValueError):
    """A cursor whose key cannot be placed in its list (one that was altered or made up)."""


class Order:
    """Columns (SQL expressions named by code, never by input), each descending or not."""

    def __init__(self, *columns: tuple[str, bool]) -> None:
        self.columns = columns

    def by(self) -> str:
        return ", ".join(f"{c} DESC" if desc else c for c, desc in self.columns)

    def after(self, key: Sequence[Any] | None) -> tuple[str, list[Any]]:
        """A condition true of the rows after ``key`` (always true without one)."""
        if key is None:
            return "1 = 1", []
        if len(key) != len(self.columns):
            raise ValueError(f"a key of {len(self.columns)} parts was expected")
        names = [c for c, _ in self.columns]
        directions = {desc for _, desc in self.columns}
        if len(directions) == 1:  # one direction: a row comparison, which an index serves
            sign = "<" if directions.pop() else ">"
            marks = ", ".join(["%s"] * len(key))
            return f"({', '.join(names)}) {sign} ({marks})", list(key)
        return self._expanded(list(key))

    def _expanded(self, key: list[Any]) -> tuple[str, list[Any]]:
        """Mixed directions: a > x OR (a = x AND (b < y OR (b = y AND ...)))."""
        sql, params = "", list[Any]()
        for (column, desc), value in reversed(list(zip(self.columns, key, strict=True))):
            beyond = f"{column} {'<' if desc else '>'} %s"
            if not sql:
                sql, params = beyond, [value]
            else:
                sql, params = f"({beyond} OR ({column} = %s AND {sql}))", [value, value, *params]
        return sql, params
