"""Staff (a manager): who works here, adding someone (their invitation link shown once),
changing roles, reissuing a token, sending a new sign-in link, deactivating.

Every write is the API's own route function, so its authorisation, access log and idempotency
apply; a manager of another organisation asking for one of this one's staff gets 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.access import deny
from api.deps import ServicesDep
from api.routes import staff as api
from api.schemas.organisations import StaffCreate, StaffMember, StaffRoles
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import Outcome, attempt, new_form_key
from api.web.managing import ROLE_NAMES, managers_only, org_id, shown_once
from api.web.render import render, see_other
from api.web.session import WebUser
from domain.access_log.entry import Action

router = APIRouter(include_in_schema=False)
DONE = {
    "roles": "Their roles are changed.",
    "deactivated": "They are deactivated: they can no longer sign in or use a token.",
}


def _text(form: PostedForm, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _roles(form: PostedForm) -> list[str]:
    return [r for r in form.getlist("roles") if isinstance(r, str)]


def _member(services: Services, user: WebUser, staff_id: UUID) -> StaffMember:
    """One member of the manager's own organisation (404, logged, for anyone else's)."""
    cursor = None
    while True:
        page = api.list_staff(org_id(user), user.principal, services, cursor=cursor, limit=500)
        for member in page.items:
            if member.id == staff_id:
                return member
        if not (cursor := page.next):
            detail = "no such member of staff at this organisation"
            raise deny(services, user.principal, Action.READ, None, "staff", 404, detail)


def _page(
    request: Request, user: WebUser, template: str, status: int = 200, **ctx: Any
) -> Response:
    return render(request, user, f"web/staff/{template}", status, role_names=ROLE_NAMES, **ctx)


@router.get("/staff")
def staff_list(
    request: Request,
    user: PageUser,
    services: ServicesDep,
    cursor: Annotated[str | None, Query()] = None,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    managers_only(services, user, "staff")
    page = api.list_staff(org_id(user), user.principal, services, cursor=cursor, limit=50)
    return _page(request, user, "list.html", page=page, notice=DONE.get(done or ""))


@router.get("/staff/new")
def add_form(request: Request, user: PageUser, services: ServicesDep) -> Response:
    managers_only(services, user, "staff")
    return _page(request, user, "new.html", form_key=new_form_key(), typed={}, outcome=None)


@router.post("/staff/new")
def add_member(
    request: Request, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    """Add the member; the answer, shown this once, holds their invitation link."""
    typed = {"name": _text(form, "name"), "email": _text(form, "email"), "roles": _roles(form)}
    outcome = attempt(
        user,
        form,
        "/staff/new",
        lambda: api.add_staff(
            org_id=org_id(user),
            body=StaffCreate.model_validate(typed),
            request=request,
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.replayed:
        return see_other("/staff")
    if outcome.result is None:
        key = new_form_key()
        return _page(request, user, "new.html", 422, form_key=key, typed=typed, outcome=outcome)
    return shown_once(_page(request, user, "added.html", added=outcome.result))


@router.get("/staff/{staff_id}")
def member_page(
    request: Request,
    staff_id: UUID,
    user: PageUser,
    services: ServicesDep,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    managers_only(services, user, "staff")
    member = _member(services, user, staff_id)
    return _member_page(request, user, member, None, notice=DONE.get(done or ""))


def _member_page(
    request: Request,
    user: WebUser,
    member: StaffMember,
    outcome: Outcome[Any] | None,
    notice: str | None = None,
) -> Response:
    held = [r.value for r in member.roles]
    return _page(
        request,
        user,
        "member.html",
        422 if outcome else 200,
        member=member,
        held=held,
        outcome=outcome,
        notice=notice,
        form_key=new_form_key(),
        link_key=new_form_key(),  # its own: a key posted to two actions is refused
        is_self=member.id == user.principal.staff_id,
    )


@router.post("/staff/{staff_id}/roles")
def change_roles(
    request: Request, staff_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    outcome = attempt(
        user,
        form,
        f"/staff/{staff_id}/roles",
        lambda: api.change_roles(
            org_id=org_id(user),
            staff_id=staff_id,
            body=StaffRoles.model_validate({"roles": _roles(form)}),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return see_other(f"/staff/{staff_id}?done=roles")
    return _member_page(request, user, _member(services, user, staff_id), outcome)


@router.get("/staff/{staff_id}/deactivation")
def deactivation_check(
    request: Request, staff_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    """Are you sure? Deactivating ends every session and token of theirs at once."""
    managers_only(services, user, "staff")
    member = _member(services, user, staff_id)
    return _page(request, user, "deactivate.html", member=member, form_key=new_form_key())


@router.post("/staff/{staff_id}/deactivation")
def deactivate(
    request: Request, staff_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    outcome = attempt(
        user,
        form,
        f"/staff/{staff_id}/deactivation",
        lambda: api.deactivate(
            org_id=org_id(user), staff_id=staff_id, principal=user.principal, services=services
        ),
    )
    if outcome.ok:
        return see_other("/staff?done=deactivated")
    return _member_page(request, user, _member(services, user, staff_id), outcome)


@router.post("/staff/{staff_id}/token")
def reissue_token(
    request: Request, staff_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    """A new token, shown this once; their old one stops working now."""
    return _issue(request, staff_id, user, form, services, "token", api.reissue_token)


@router.post("/staff/{staff_id}/invitation")
def new_sign_in_link(
    request: Request, staff_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    """A new sign-in link (they forgot their password, or never used the first), shown this
    once; any earlier link stops working now."""
    route = partial(api.new_invitation, request=request)
    return _issue(request, staff_id, user, form, services, "invitation", route)


def _issue(
    request: Request,
    staff_id: UUID,
    user: WebUser,
    form: PostedForm,
    services: Services,
    what: str,
    route: Callable[..., Any],
) -> Response:
    """A new credential for the member (``what``: a token, a sign-in link) from the API's
    ``route``, shown on the page ``what``.html this once; a replayed form goes back to their
    page."""
    outcome = attempt(
        user,
        form,
        f"/staff/{staff_id}/{what}",
        lambda: route(
            org_id=org_id(user), staff_id=staff_id, principal=user.principal, services=services
        ),
    )
    member = _member(services, user, staff_id)
    if outcome.result is None:
        return (
            see_other(f"/staff/{staff_id}")
            if outcome.replayed
            else _member_page(request, user, member, outcome)
        )
    return shown_once(_page(request, user, f"{what}.html", member=member, issued=outcome.result))
