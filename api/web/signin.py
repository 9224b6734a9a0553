"""The front door: ``/`` signs people in, ``/home`` opens their first page, sign-out ends it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.web.deps import FormUser, PageUser, current_user
from api.web.nav import items_for
from api.web.render import local_next, render, see_other
from api.web.session import end_session

router = APIRouter(include_in_schema=False)


@router.get("/")
def sign_in_page(
    request: Request, next_: Annotated[str | None, Query(alias="next")] = None
) -> Response:
    """The sign-in page (already signed in: straight to where they were going)."""
    if current_user(request) is not None:
        return see_other(local_next(next_))
    return render(request, None, "web/signin.html", next=local_next(next_))


@router.get("/home")
def home(user: PageUser) -> Response:
    nav = items_for(
        user.principal.roles, bool(user.principal.org_kind and user.principal.org_kind.is_setting)
    )
    return see_other(nav[0].path if nav else "/account")


@router.post("/sign-out")
def sign_out(request: Request, user: FormUser, services: ServicesDep) -> Response:
    response = see_other("/")
    end_session(request, response, services)
    return response
