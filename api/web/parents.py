"""A child's parents and carers, for the child's setting: who follows the child on the web,
inviting one (their sign-in link shown once, with what to do with it), a new sign-in link, and
for a manager, ending one's access after a page that asks first.

Every read and write is the API's own route function (``api/routes/parents.py``), so its
authorisation, access log and one-transaction writes apply: staff of a setting with no
relationship to the child get 404, and a practitioner's post to end access is refused (403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.access import deny
from api.deps import ServicesDep
from api.routes import children as child_routes
from api.routes import parents as api
from api.schemas.journey import ChildPublic
from api.schemas.parents import AccessEnding, ParentInvite, ParentInvited, ParentListed
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import Outcome, attempt, new_form_key
from api.web.managing import managers_only, shown_once
from api.web.render import render, see_other
from api.web.session import WebUser
from api.web.timeline import RELATIONSHIPS
from domain.access_log.entry import Action
from domain.organisations.organisation import Role

router = APIRouter(include_in_schema=False)
DONE = {
    "ended": "Their access is ended: they no longer see the child in Baton.",
}
GROUP_PHOTOS = {
    True: "Agreed: photos with other children may reach those children's families",
    False: "Not agreed: photos showing other children too stay in the setting",
    None: "No answer yet: photos showing other children too stay in the setting",
}


# What to say of a field of the invitation that is wrong (pydantic's words are for programmers).
INVITE_ERRORS = {
    "name": "Write their full name",
    "email": "Write their email address, such as name@example.org",
    "relationship": "Choose their relationship to the child",
}


def _friendlier(outcome: Outcome[Any] | None) -> Outcome[Any] | None:
    """The outcome with each invitation field's error in plain words."""
    if outcome is None or not outcome.errors:
        return outcome
    errors = {k: INVITE_ERRORS.get(k, v) for k, v in outcome.errors.items()}
    return Outcome(message=outcome.message, errors=errors)


def _text(form: PostedForm, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _records_here(child: ChildPublic, user: WebUser) -> bool:
    """Whether the viewer's setting enrols the child now (and so invites its parents)."""
    own_org, _ = user.principal.staff_ref()
    return any(e.setting_id == own_org and e.left_on is None for e in child.enrolments)


def _parents_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    *,
    outcome: Outcome[Any] | None = None,
    typed: dict[str, str] | None = None,
    notice: str | None = None,
) -> Response:
    parents = api.list_parents(child_id, user.principal, services).items
    return _page(
        request,
        user,
        services,
        child_id,
        "list.html",
        _friendlier(outcome),
        parents=parents,
        group_photos=GROUP_PHOTOS,
        may_end=user.has(Role.MANAGER),
        typed=typed or {"relationship": ""},
        notice=notice,
        link_keys={p.id: new_form_key() for p in parents},  # each form a key of its own
    )


def _page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    template: str,
    outcome: Outcome[Any] | None,
    **context: Any,
) -> Response:
    """A page about the child's parents (422 when it shows a problem with a form)."""
    child = child_routes.get_child(child_id, user.principal, services)
    return render(
        request,
        user,
        f"web/parents/{template}",
        status=422 if outcome else 200,
        child=child,
        relationships=RELATIONSHIPS,
        may_invite=_records_here(child, user),
        outcome=outcome,
        form_key=new_form_key(),
        **context,
    )


@router.get("/children/{child_id}/parents")
def parents_list(
    request: Request,
    child_id: UUID,
    user: PageUser,
    services: ServicesDep,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """The child's parents and carers, and a form to invite one."""
    return _parents_page(request, user, services, child_id, notice=DONE.get(done or ""))


def _link_shown_once(
    request: Request,
    user: WebUser,
    form: PostedForm,
    services: Services,
    child_id: UUID,
    call: Callable[[], ParentInvited],
    template: str,
    typed: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    """Post ``form`` to the API's ``call`` (an invitation, or a new link): the sign-in link it
    answers is on ``template``, this once; the same form again goes back to the list (its
    link is not shown twice); a problem comes back on the list, with what was typed."""
    outcome = attempt(user, form, request.url.path, call)
    if outcome.replayed:
        return see_other(f"/children/{child_id}/parents")
    if outcome.result is None:
        return _parents_page(request, user, services, child_id, outcome=outcome, typed=typed)
    child = child_routes.get_child(child_id, user.principal, services)
    page = render(request, user, template, child=child, issued=outcome.result, **context)
    return shown_once(page)


@router.post("/children/{child_id}/parents")
def invite_parent(
    request: Request, child_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    """Invite a parent or carer; their sign-in link is on the page that answers, this once."""
    typed = {f: _text(form, f) for f in ("name", "email", "relationship")}
    return _link_shown_once(
        request,
        user,
        form,
        services,
        child_id,
        lambda: api.invite_parent(
            child_id=child_id,
            body=ParentInvite.model_validate(typed),
            request=request,
            principal=user.principal,
            services=services,
        ),
        "web/parents/invited.html",
        typed,
        name=typed["name"],
        email=typed["email"],
    )


def _parent(services: Services, user: WebUser, child_id: UUID, parent_id: UUID) -> ParentListed:
    """One of the child's parents, as the API lists them (404, logged, for any other id)."""
    for parent in api.list_parents(child_id, user.principal, services).items:
        if parent.id == parent_id:
            return parent
    detail = "the parent or carer was not found"
    raise deny(services, user.principal, Action.READ, child_id, api.RESOURCE, 404, detail)


@router.post("/children/{child_id}/parents/{parent_id}/invitation")
def new_sign_in_link(
    request: Request,
    child_id: UUID,
    parent_id: UUID,
    user: FormUser,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    """A new sign-in link for the parent, shown this once; any earlier link stops working."""
    return _link_shown_once(
        request,
        user,
        form,
        services,
        child_id,
        lambda: api.new_parent_link(
            child_id=child_id,
            parent_id=parent_id,
            request=request,
            principal=user.principal,
            services=services,
        ),
        "web/parents/link.html",
        parent=_parent(services, user, child_id, parent_id),
    )


def _ending_page(
    request: Request,
    user: WebUser,
    services: Services,
    ids: tuple[UUID, UUID],
    outcome: Outcome[Any] | None = None,
    reason: str = "",
) -> Response:
    child_id, parent_id = ids
    managers_only(services, user, api.RESOURCE)
    parent = _parent(services, user, child_id, parent_id)
    return _page(
        request, user, services, child_id, "end_access.html", outcome, parent=parent, reason=reason
    )


@router.get("/children/{child_id}/parents/{parent_id}/access-end")
def end_access_check(
    request: Request, child_id: UUID, parent_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    """Are you sure? From then on they see nothing of the child in Baton."""
    return _ending_page(request, user, services, (child_id, parent_id))


@router.post("/children/{child_id}/parents/{parent_id}/access-end")
def end_access(
    request: Request,
    child_id: UUID,
    parent_id: UUID,
    user: FormUser,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    reason = _text(form, "reason")
    outcome = attempt(
        user,
        form,
        request.url.path,
        lambda: api.end_parent_access(
            child_id=child_id,
            parent_id=parent_id,
            body=AccessEnding.model_validate({"reason": reason or None}),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return see_other(f"/children/{child_id}/parents?done=ended")
    return _ending_page(request, user, services, (child_id, parent_id), outcome, reason)
