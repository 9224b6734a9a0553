"""Reading a page of a view: wait for the caller's own write, page by cursor, record each read.

Every list of children's data goes through ``read_page``, so none can forget the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from api.access import deny, record_many
from api.auth import Principal
from api.errors import Problem
from api.present import decode_cursor, encode_cursor
from api.services import Services
from domain.access_log.entry import Action, Outcome
from domain.organisations.organisation import Role
from projections.runner import wait_for_position
from projections.views.setting_children import ViewNotReady

Row = dict[str, Any]


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


def caught_up(services: Services, view: str, after: int | None) -> None:
    """Read-your-writes: wait (bounded) until ``view`` holds the write at ``after``."""
    if after is None:
        return
    if not wait_for_position(services.db, [view], after, services.settings.read_wait_seconds):
        raise Problem(
            503,
            f"the view has not reached position {after} yet; try again",
            slug="view-behind",
            headers={"Retry-After": "1"},
        )


def offset_of(cursor: str | None) -> int:
    if not cursor:
        return 0
    key = decode_cursor(cursor)
    if len(key) != 1 or not key[0].isdigit():
        raise Problem(
            422,
            "the cursor is not one this service gave out",
            slug="validation",
            errors=[{"field": "cursor", "message": "is not a valid cursor"}],
        )
    return int(key[0])


def read_page(
    services: Services,
    principal: Principal,
    *,
    view: str,
    resource: str,
    cursor: str | None,
    limit: int,
    after: int | None,
    fetch: Callable[[int, int], list[Row]],
) -> tuple[list[Row], str | None]:
    """``fetch(offset, limit)`` one page of ``view`` past ``cursor``; returns the rows and the
    next cursor. With ``after``, first waits until that view (no other) holds the write."""
    caught_up(services, view, after)
    offset = offset_of(cursor)
    try:
        rows = fetch(offset, limit + 1)
    except ViewNotReady:
        raise Problem(503, "the view is being built; try again", slug="view-behind") from None
    page = rows[:limit]
    record_many(
        services,
        principal,
        Action.READ,
        [UUID(str(r["child_id"])) for r in page],
        resource,
        Outcome.ALLOWED,
    )
    return page, encode_cursor([str(offset + limit)]) if len(rows) > limit else None
