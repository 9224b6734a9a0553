"""A child's access history for their safeguarding lead: who read or changed what, when and why,
with the holds on the child's record beside it.

The history is the API's own (``GET /v1/audit/children/{id}``): it decides who may read it (a
DSL of an organisation that enrols or enrolled the child, or received a packet about them) and
records the reading. The holds panel opens the child through the API's guard as the hold routes
do, so it is recorded too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import ServicesDep
from api.routes import audit, forgetting
from api.routes.forgetting import hold_public
from api.schemas.audit import Entry
from api.schemas.common import Page
from api.schemas.forgetting import HoldPublic
from api.services import Services
from api.web.audit_words import row, when
from api.web.deps import PageUser
from api.web.forms import new_form_key
from api.web.render import render
from api.web.session import WebUser
from domain.access_log.entry import Action
from domain.journey.child import Child

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
DONE = {
    "hold-placed": "The hold is on. The record cannot be erased until it is released.",
    "hold-released": "The hold is released.",
}


def entries_page(result: Page[Entry] | Any) -> Page[Entry]:
    """An audit route's answer in JSON form (the pages never ask for CSV)."""
    assert isinstance(result, Page), "the pages ask the audit routes for JSON"
    return result


@dataclass
class HoldForm:
    """What the hold form shows again when it could not be placed."""

    reason: str = ""
    message: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    form_key: str = field(default_factory=new_form_key)


def _child_for_holds(services: Services, user: WebUser, child_id: UUID) -> Child | None:
    """The child (name, holds, enrolments) through the guard the hold routes use; None once
    erased (the history outlives the record, the holds do not)."""
    if services.erasures.is_erased(child_id):
        return None
    return forgetting.open_for_hold(services, user.principal, child_id, Action.READ)


def _holds(child: Child, user: WebUser) -> list[dict[str, Any]]:
    """Holds on, newest first; a hold's reason only to the organisation that placed it."""
    shown = []
    for hold in sorted(child.holds.values(), key=lambda h: h["placed_at"], reverse=True):
        if hold["released_at"]:
            continue
        ours = hold["org_id"] == str(user.principal.org_id)
        public: HoldPublic = hold_public(child, hold, shown=ours)
        placed = when(public.placed_at)
        shown.append({"hold": public, "ours": ours, "placed": placed, "key": new_form_key()})
    return shown


def history_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    *,
    cursor: str | None = None,
    denied: bool = False,
    done: str | None = None,
    hold_form: HoldForm | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The page (also shown again by the hold forms, with what was typed)."""
    page = entries_page(
        audit.child_history(
            child_id=child_id,
            principal=user.principal,
            services=services,
            cursor=cursor,
            limit=PER_PAGE,
            format="json",
            denied=denied,
        )
    )
    child = _child_for_holds(services, user, child_id)
    org_id = user.principal.org_id
    return render(
        request,
        user,
        "web/audit/child.html",
        status=status,
        child_id=child_id,
        child_name=child.name if child else None,
        erased=child is None,
        outside=child is not None and org_id is not None and not child.is_enrolled_at(org_id),
        rows=[row(e) for e in page.items],
        next_cursor=page.next,
        first_page=cursor is None,
        denied=denied,
        holds=_holds(child, user) if child else [],
        hold_form=hold_form or HoldForm(),
        done=DONE.get(done or ""),
    )


@router.get("/children/{child_id}/access")
def child_access(
    request: Request,
    child_id: UUID,
    user: PageUser,
    services: ServicesDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    denied: bool = False,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    """Who accessed the child's record, oldest first, page by page; or only refused attempts."""
    return history_page(request, user, services, child_id, cursor=cursor, denied=denied, done=done)
