"""The transition summary and its PDF, for the API's callers and for a teacher in a browser.

``/v1/handovers/{id}/summary`` (and ``.pdf``) answer a bearer token as the API always has, and
also a signed-in teacher who followed a link with no token: they get the page, not a 401 in
JSON; a browser with neither is sent to sign in. ``/packets/{id}/summary`` (and ``.pdf``) are the
same for the pages, whose errors are pages too. ``?part=summary`` gives page 1 alone; the
default is the whole document (page 1, then the full journey from page 2).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials

from api.auth import Principal
from api.deps import ServicesDep, bearer, get_principal
from api.refusals import noted
from api.routes.summary import Part, summary_html, summary_policy
from api.services import Services
from api.summary_pdf import pdf_of
from api.web.deps import PageUser, current_user

router = APIRouter(tags=["handovers"])
PartQuery = Annotated[
    Part, Query(description="`summary`: page 1 alone; `all` (default): with the full journey")
]
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def summary_page(packet_id: UUID, principal: Principal, services: Services, part: Part) -> Response:
    html = summary_html(packet_id, principal, services, part)
    return HTMLResponse(html, headers={"Content-Security-Policy": summary_policy()})


def summary_pdf(packet_id: UUID, principal: Principal, services: Services, part: Part) -> Response:
    pdf = pdf_of(summary_html(packet_id, principal, services, part))
    name = f"transition-summary-{str(packet_id)[:8]}{'-page-1' if part == 'summary' else ''}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def caller(request: Request, services: Services, credentials: Bearer) -> Principal | None:
    """The bearer token's principal; without a token, the signed-in person; None for a browser
    that is neither (it is sent to sign in). Anyone else gets the API's 401."""
    if credentials is None:
        user = current_user(request)
        if user is not None:
            noted(principal=user.principal)
            return user.principal
        if "text/html" in request.headers.get("accept", ""):
            return None
    return get_principal(request, services, credentials)


def sign_in_first(request: Request) -> Response:
    return RedirectResponse(f"/?next={request.url.path}", status_code=303)


@router.get("/v1/handovers/{packet_id}/summary", response_class=HTMLResponse)
def transition_summary(
    packet_id: UUID,
    request: Request,
    services: ServicesDep,
    credentials: Bearer,
    part: PartQuery = "all",
) -> Response:
    """The packet's transition summary as a printable page: one A4 page, then the full journey
    (HTML with print CSS; opened with the school's key, and recorded)."""
    principal = caller(request, services, credentials)
    if principal is None:
        return sign_in_first(request)
    return summary_page(packet_id, principal, services, part)


@router.get(
    "/v1/handovers/{packet_id}/summary.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def transition_summary_pdf(
    packet_id: UUID,
    request: Request,
    services: ServicesDep,
    credentials: Bearer,
    part: PartQuery = "all",
) -> Response:
    """The same summary as an A4 PDF (``?part=summary``: the one page alone)."""
    principal = caller(request, services, credentials)
    if principal is None:
        return sign_in_first(request)
    return summary_pdf(packet_id, principal, services, part)


@router.get("/packets/{packet_id}/summary", include_in_schema=False)
def summary_for_teacher(
    packet_id: UUID, user: PageUser, services: ServicesDep, part: PartQuery = "all"
) -> Response:
    return summary_page(packet_id, user.principal, services, part)


@router.get("/packets/{packet_id}/summary.pdf", include_in_schema=False)
def summary_pdf_for_teacher(
    packet_id: UUID, user: PageUser, services: ServicesDep, part: PartQuery = "all"
) -> Response:
    return summary_pdf(packet_id, user.principal, services, part)
