"""Rendering a page: the templates, the page's security policy, and errors as pages.

Every page is ``web/base.html`` filled in; it loads only this server's stylesheet (and, where a
page needs one, a script of this server's), and posts its forms only here.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from api.errors import Problem
from api.web.nav import FAMILY, NavItem, items_for
from api.web.session import WebUser

STATIC = Path(__file__).parent / "static"
templates = Environment(
    loader=PackageLoader("api", "templates"), autoescape=select_autoescape(), trim_blocks=True
)
templates.filters["day"] = lambda iso: date.fromisoformat(str(iso)[:10]).strftime("%-d %b %Y")
# Nothing but this server: its stylesheet, scripts and images (photos are served by Baton), and
# forms that post only here. Inline styles and scripts are refused.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Paths that are not pages: the API and its documents answer problem+json, never HTML.
NOT_PAGES = ("/v1/", "/docs", "/openapi.json", "/health", "/ready", "/static/")


def render(
    request: Request,
    user: WebUser | None,
    template: str,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The page ``template`` (under ``api/templates/``) for ``user`` (None: signed out)."""
    nav = nav_items(user)
    html = templates.get_template(template).render(
        request=request, user=user, nav=nav, path=request.url.path, **context
    )
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": PAGE_POLICY})


def nav_items(user: WebUser | None) -> list[NavItem]:
    """The header's links: a parent's family pages, or a member of staff's by role."""
    if user is None:
        return []
    if user.is_parent:
        return FAMILY
    return items_for(user.principal.roles, user.is_setting, user.is_school)


def json_download(body: Any, filename: str, media_type: str = "application/json") -> Response:
    """``body`` as a JSON file to save (never cached: it holds a child's record)."""
    return Response(
        json.dumps(jsonable_encoder(body), indent=2, ensure_ascii=False),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def see_other(url: str) -> RedirectResponse:
    """After a form is posted: the browser GETs ``url`` (so a reload does not post again)."""
    return RedirectResponse(url, status_code=303)


def is_page(request: Request) -> bool:
    path = request.url.path
    return path != "/v1" and not any(path.startswith(p) for p in NOT_PAGES)


def local_next(target: str | None) -> str:
    """Where to go after signing in: a path on this server only (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/home"
    return target


def problem_page(request: Request, problem: Problem) -> Response | None:
    """A problem as a page for a browser's page request (None: the API's problem+json).
    Not signed in: to the sign-in page, coming back here afterwards."""
    if not is_page(request):
        return None
    if problem.status == 401:
        target = request.url.path if request.method == "GET" else "/home"
        return RedirectResponse(f"/?next={target}", status_code=303)
    from api.web.deps import current_user  # the error page shows the header of who is signed in

    response = render(
        request, current_user(request), "web/error.html", status=problem.status, problem=problem
    )
    for name, value in (problem.headers or {}).items():
        if name.lower() == "retry-after":
            response.headers[name] = value
    return response
