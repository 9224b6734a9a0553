"""The safeguarding lead's overview of the access log: alerts, refused attempts, finding a child's
history by name, and saving a signed checkpoint to verify the log with later.

Everything is read through the API's audit routes, which allow DSLs only and record each
reading. A child is found by name on the server (the name is posted, never put in an address)
among the children the organisation has on roll and those it received a packet about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from api.access import Purpose
from api.deps import ServicesDep
from api.errors import Problem
from api.routes import audit, inbox, settings_views
from api.schemas.audit import CheckpointPublic
from api.schemas.common import Page
from api.services import Services
from api.web.access_history import entries_page
from api.web.audit_words import Row, row
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.render import render
from api.web.safeguarding import dsl_only
from api.web.session import WebUser

router = APIRouter(include_in_schema=False)
SHOWN = 50  # the newest alerts and refusals shown
BATCH, MOST_BATCHES = 500, 20  # reading a long list: pages of 500, at most 10,000 items
T = TypeVar("T", bound=BaseModel)


def _every(read: Callable[[str | None], Page[T]]) -> Iterator[T]:
    """Every item of a paged API list, page after page (bounded)."""
    cursor: str | None = None
    for _ in range(MOST_BATCHES):
        page = read(cursor)
        yield from page.items
        cursor = page.next
        if cursor is None:
            return


def _newest(read: Callable[[str | None], Any]) -> list[Row]:
    """The newest ``SHOWN`` entries of an audit list (the API lists them oldest first)."""
    rows = [row(e) for e in _every(lambda c: entries_page(read(c)))]
    return rows[::-1][:SHOWN]


@dataclass(frozen=True)
class Found:
    child_id: UUID
    name: str
    how: str  # why the organisation answers for them


def find_children(services: Services, user: WebUser, wanted: str) -> list[Found]:
    """Children whose name holds ``wanted``: on roll here, or in a packet received here."""
    wanted = " ".join(wanted.split()).casefold()
    org_id = user.principal.org_id
    assert org_id is not None
    found: dict[UUID, Found] = {}
    if user.is_setting:
        for child in _every(
            lambda c: settings_views.setting_children(
                setting_id=org_id,
                principal=user.principal,
                services=services,
                cursor=c,
                limit=BATCH,
            )
        ):
            if wanted in child.name.casefold():
                found[child.child_id] = Found(child.child_id, child.name, "on roll here")
    for packet in _every(
        lambda c: inbox.school_inbox(
            school_id=org_id, principal=user.principal, services=services, cursor=c, limit=BATCH
        )
    ):
        name = packet.child_name or ""
        if wanted in name.casefold() and packet.child_id not in found:
            found[packet.child_id] = Found(packet.child_id, name, "a packet was received")
    return sorted(found.values(), key=lambda f: f.name.casefold())


def _checkpoint(user: WebUser, services: Services) -> CheckpointPublic | None:
    try:
        return audit.checkpoint(principal=user.principal, services=services)
    except Problem as p:
        if p.status != 404:  # no checkpoint yet: the log is empty
            raise
        return None


def _overview(
    request: Request,
    user: WebUser,
    services: Services,
    search: str = "",
    found: list[Found] | None = None,
    error: str | None = None,
) -> HTMLResponse:
    p = user.principal
    alerts = _newest(lambda c: audit.alerts(principal=p, services=services, cursor=c, limit=BATCH))
    refused = _newest(
        lambda c: audit.denied_attempts(principal=p, services=services, cursor=c, limit=BATCH)
    )
    return render(
        request,
        user,
        "web/audit/overview.html",
        status=422 if error else 200,
        alerts=alerts,
        refused=refused,
        shown=SHOWN,
        checkpoint=_checkpoint(user, services),
        search=search,
        found=found,
        error=error,
    )


@router.get("/audit")
def overview(request: Request, user: PageUser, services: ServicesDep) -> HTMLResponse:
    """Alerts and refused attempts, newest first; a form to find a child's history."""
    return _overview(request, user, services)


@router.post("/audit/find")
def find(request: Request, user: FormUser, form: PostedForm, services: ServicesDep) -> HTMLResponse:
    """Find a child's access history by name (posted, so the name stays out of addresses)."""
    wanted = str(form.get("name") or "").strip()
    if len(wanted) < 2 or len(wanted) > 100:
        error = "Enter at least 2 letters of the child's name."
        return _overview(request, user, services, search=wanted[:100], error=error)
    dsl_only(
        services,
        user,
        "audit-find",
        Purpose.AUDIT,
        "finding a child's access history is for designated safeguarding leads",
    )
    found = find_children(services, user, wanted)
    return _overview(request, user, services, search=wanted, found=found)


@router.get("/audit/checkpoint")
def save_checkpoint(user: PageUser, services: ServicesDep) -> Response:
    """The latest signed checkpoint as a text file, for ``baton audit verify --checkpoint``."""
    checkpoint = audit.checkpoint(principal=user.principal, services=services)
    return Response(
        checkpoint.note,
        media_type="text/plain; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="baton-checkpoint-{checkpoint.size}.txt"'
            ),
            "Cache-Control": "no-store",
        },
    )
