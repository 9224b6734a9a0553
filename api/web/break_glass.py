"""Break-glass: a safeguarding lead's emergency read access to a child outside their normal
relationship, the way the NHS Summary Care Record works.

The API decides (``POST /v1/children/{id}/break-glass``): only a DSL of an organisation with a
recorded link to the child; the justification is recorded, every read while it is open is
flagged in the access log and alerts the DSLs of the child's settings, and it lapses after 24
hours. The record page reads through the API's routes, so each of its reads is flagged too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.access import under_break_glass
from api.deps import ServicesDep
from api.routes import children, journey
from api.schemas.journey import BreakGlass
from api.web.audit_words import when
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import attempt, new_form_key
from api.web.render import render, see_other
from api.web.safeguarding import dsl_only
from api.web.session import WebUser

router = APIRouter(include_in_schema=False)
RECENT = 20  # observations shown on the emergency record


def _form(
    request: Request,
    user: WebUser,
    child_id: UUID,
    justification: str = "",
    message: str | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request,
        user,
        "web/safeguarding/break_glass.html",
        status=422 if message else 200,
        child_id=child_id,
        justification=justification,
        message=message,
        errors=errors or {},
        form_key=new_form_key(),
    )


@router.get("/children/{child_id}/break-glass")
def break_glass_form(
    request: Request, child_id: UUID, user: PageUser, services: ServicesDep
) -> HTMLResponse:
    """The warning, and the reason the DSL must give before the record opens."""
    dsl_only(services, user, "break-glass")
    return _form(request, user, child_id)


@router.post("/children/{child_id}/break-glass")
def break_glass(
    request: Request, child_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    justification = str(form.get("justification") or "")
    outcome = attempt(
        user,
        form,
        request.url.path,
        lambda: children.break_glass(
            child_id=child_id,
            body=BreakGlass(justification=justification),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return see_other(f"/children/{child_id}/break-glass/record")
    return _form(request, user, child_id, justification, outcome.message, outcome.errors)


def _observations(child_id: UUID, user: WebUser, services: ServicesDep) -> list[Any]:
    """The newest observations, through the API's list (flagged as a break-glass read)."""
    # The list routes are made once per collection, so the route is found by its name.
    route = next(r for r in journey.router.routes if getattr(r, "name", "") == "list_observations")
    page = route.endpoint(  # type: ignore[attr-defined]
        child_id=child_id,
        principal=user.principal,
        services=services,
        cursor=None,
        limit=RECENT,
        after=None,
    )
    return list(page.items)


@router.get("/children/{child_id}/break-glass/record")
def emergency_record(
    request: Request, child_id: UUID, user: PageUser, services: ServicesDep
) -> HTMLResponse:
    """The child's record while break-glass is open: every read here is flagged."""
    child = children.get_child(child_id=child_id, principal=user.principal, services=services)
    aggregate = services.app.child(child_id)  # read above, under the same access entry
    flagged = under_break_glass(services, user.principal, aggregate)
    mine = str(user.principal.staff_id)
    until = [
        datetime.fromisoformat(g["until"]) for g in aggregate.break_glass if g["staff_id"] == mine
    ]
    return render(
        request,
        user,
        "web/safeguarding/record.html",
        child=child,
        flagged=flagged,
        until=when(max(until)) if until and flagged else None,
        observations=_observations(child_id, user, services),
    )
