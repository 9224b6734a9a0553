"""Reading a page of a list: wait for the caller's own write, page by key, record each read.

Every list reads ``limit + 1`` rows after the cursor's key and hands back one ``next`` cursor,
the key of the last row shown (``api/cursors.py``). Every list of several children's data goes
through ``read_page``, so none can forget the access log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Query

from api import cursors
from api.access import deny, record_many
from api.auth import Principal
from api.errors import Problem
from api.services import Services
from domain.access_log.entry import Action, Outcome
from domain.organisations.organisation import Role
from projections.runner import wait_for_position, wait_until
from projections.view import ViewNotReady

R = TypeVar("R")
Row = dict[str, Any]

DEFAULT_LIMIT, MAX_LIMIT = 50, 500
# What every list takes: ``?cursor=`` (the ``next`` of the page before), ``?limit=`` and, for a
# list read from a view, ``?after=`` (a write's ``position``, to read one's own writes).
CursorQuery = Annotated[
    str | None, Query(description="the `next` of the previous page; absent: the first page")
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
After = Annotated[
    int | None,
    Query(ge=0, description="wait until the view holds this log position (a write's `position`)"),
]


def require_staff(
    services: Services,
    principal: Principal,
    org_id: UUID,
    roles: tuple[Role, ...],
    resource: str,
    detail: str,
) -> None:
    if not principal.acts_for(org_id, *roles):
        raise deny(services, principal, Action.READ, None, resource, 403, detail)


def view_behind(detail: str) -> Problem:
    return Problem(503, detail, slug="view-behind", headers={"Retry-After": "1"})


def caught_up(services: Services, view: str, after: int | None) -> None:
    """Read-your-writes: wait (bounded) until ``view`` holds the write at ``after``."""
    if after is None:
        return
    if not wait_for_position(services.db, [view], after, services.settings.read_wait_seconds):
        raise view_behind(f"the view has not reached position {after} yet; try again")


def wait_for(services: Services, ready: Callable[[], bool]) -> None:
    """Wait (bounded) until the view is ``ready`` for this read; 503 if it never is."""
    if not wait_until(reading(ready), services.settings.read_wait_seconds):
        raise view_behind("the view has not caught up with this child yet; try again")


def reading(fetch: Callable[[], R]) -> Callable[[], R]:
    """``fetch``, answering 503 while the view has no tables yet."""

    def read() -> R:
        try:
            return fetch()
        except ViewNotReady:
            raise view_behind("the view is being built; try again") from None

    return read


def page_of(
    rows: list[R], limit: int, key: Callable[[R], Sequence[cursors.KeyPart]]
) -> tuple[list[R], str | None]:
    """The first ``limit`` of ``rows`` (read as ``limit + 1``) and the cursor of the rest."""
    page = rows[:limit]
    more = len(rows) > limit and page
    return page, cursors.encode(key(page[-1])) if more else None


def read_page(
    services: Services,
    principal: Principal,
    *,
    view: str,
    resource: str,
    cursor: str | None,
    limit: int,
    after: int | None,
    shape: cursors.Shape,
    fetch: Callable[[cursors.Key | None, int], list[Row]],
    key: Callable[[Row], Sequence[cursors.KeyPart]],
) -> tuple[list[Row], str | None]:
    """``fetch(start, n)``: ``n`` rows of ``view`` after the key ``start`` (None: from the
    top). With ``after``, first waits until that view (no other) holds the write. Every child
    on the page is an access-log entry."""
    start = cursors.decode(cursor, shape)
    caught_up(services, view, after)
    page, next_cursor = page_of(reading(lambda: fetch(start, limit + 1))(), limit, key)
    record_many(
        services,
        principal,
        Action.READ,
        [UUID(str(r["child_id"])) for r in page],
        resource,
        Outcome.ALLOWED,
    )
    return page, next_cursor
