"""What a page declares: the signed-in person (``PageUser``), or that and a checked form
(``FormUser``: its CSRF token matched)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, cast

from fastapi import Depends, Request
from starlette.datastructures import FormData

from api.deps import ServicesDep
from api.errors import Problem
from api.refusals import noted
from api.services import Services
from api.web.session import WebUser, csrf_matches, signed_in


def current_user(request: Request) -> WebUser | None:
    """Who is signed in, if anyone (remembered for the rest of the request)."""
    if not hasattr(request.state, "web_user"):
        services = cast(Services, request.app.state.services)
        request.state.web_user = signed_in(request, services)
    return cast(WebUser | None, request.state.web_user)


def anyone_signed_in(request: Request) -> WebUser:
    """The signed-in person, staff or parent; not signed in: to the sign-in page (401 becomes
    a redirect)."""
    user = current_user(request)
    if user is None:
        raise Problem(401, "sign in to see this page", slug="unauthenticated")
    noted(principal=user.principal)  # a refusal later in the request names them
    return user


def page_user(request: Request, services: ServicesDep) -> WebUser:
    """A signed-in member of staff: a parent is refused the staff pages (403, logged)."""
    user = anyone_signed_in(request)
    if user.is_parent:
        raise Problem(403, "this page is for the staff of a setting or school", slug="forbidden")
    return user


def family_user(request: Request) -> WebUser:
    """A signed-in parent or carer: staff are refused the family pages (403, logged)."""
    user = anyone_signed_in(request)
    if not user.is_parent:
        raise Problem(403, "this page is for parents and carers", slug="forbidden")
    return user


def _checked(user: WebUser, form: FormData) -> WebUser:
    sent = form.get("csrf")
    if not isinstance(sent, str) or not csrf_matches(user.secret, sent):
        raise Problem(
            403,
            "this form is out of date or came from another site; go back, reload and try again",
            slug="csrf-failed",
        )
    return user


async def posted_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form; its uploads (spooled to temporary files) are closed after the page."""
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


def form_user(
    request: Request,
    services: ServicesDep,
    form: Annotated[FormData, Depends(posted_form)],
) -> WebUser:
    """A member of staff posting a form of this server's (its CSRF token matches)."""
    return _checked(page_user(request, services), form)


def family_form_user(request: Request, form: Annotated[FormData, Depends(posted_form)]) -> WebUser:
    """A parent posting a form of this server's."""
    return _checked(family_user(request), form)


def any_form_user(request: Request, form: Annotated[FormData, Depends(posted_form)]) -> WebUser:
    """Anyone signed in posting a form of this server's (signing out)."""
    return _checked(anyone_signed_in(request), form)


PageUser = Annotated[WebUser, Depends(page_user)]
FormUser = Annotated[WebUser, Depends(form_user)]
PostedForm = Annotated[FormData, Depends(posted_form)]
FamilyUser = Annotated[WebUser, Depends(family_user)]
FamilyForm = Annotated[WebUser, Depends(family_form_user)]
SignedIn = Annotated[WebUser, Depends(anyone_signed_in)]
AnyForm = Annotated[WebUser, Depends(any_form_user)]
