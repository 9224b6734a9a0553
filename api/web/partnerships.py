"""Partnership pages: the organisation's partnerships (and forming one), and a partnership's
page for its members: members and invitations, accepting, the figures as tables, moderation
samples and reviews. Every read and write goes through the API's partnership routes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.routes import partnerships as api
from api.schemas.partnerships import PartnershipCreate, ReviewCreate
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import Outcome, attempt, new_form_key
from api.web.managing import directory, grouped_by_kind, org_id
from api.web.render import render, see_other
from api.web.session import WebUser
from domain.journey.eyfs import AREA_TITLES, Area
from domain.organisations.organisation import Role
from domain.partnerships.partnership import PartnershipKind

router = APIRouter(include_in_schema=False)
KIND_NAMES = {
    PartnershipKind.HUB: "Hub",
    PartnershipKind.ALLIANCE: "Alliance",
    PartnershipKind.ASSOCIATION: "Association",
    PartnershipKind.LOCALITY: "Locality",
}
RELATION_NAMES = {
    "member": "Member",
    "invited": "Invited",
    "local_authority": "In your area",
}
DONE = {
    "formed": "The partnership is formed. Invited organisations join when their manager accepts.",
    "accepted": "Your organisation has joined the partnership.",
    "reviewed": "Your view of the sample is recorded.",
}


def _list_page(
    request: Request,
    user: WebUser,
    services: Services,
    outcome: Outcome[Any] | None = None,
    typed: dict[str, Any] | None = None,
    after: int | None = None,
) -> Response:
    found = api.list_partnerships(user.principal, services, after)
    choices = grouped_by_kind(directory(services), org_id(user)) if user.has(Role.MANAGER) else []
    return render(
        request,
        user,
        "web/partnerships/list.html",
        422 if outcome else 200,
        items=found.items,
        kinds=KIND_NAMES,
        relations=RELATION_NAMES,
        choices=choices,
        outcome=outcome,
        typed=typed or {"invite": []},
        form_key=new_form_key(),
    )


@router.get("/partnerships")
def partnerships(
    request: Request, user: PageUser, services: ServicesDep, after: int | None = None
) -> Response:
    """The partnerships of the user's organisation; a manager forms a new one here."""
    return _list_page(request, user, services, after=after)


@router.post("/partnerships")
def form_partnership(
    request: Request, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    typed = {
        "name": str(form.get("name") or "").strip(),
        "kind": str(form.get("kind") or "").strip(),
        "invite": [i for i in form.getlist("invite") if isinstance(i, str)],
    }
    outcome = attempt(
        user,
        form,
        "/partnerships",
        lambda: api.create_partnership(
            body=PartnershipCreate.model_validate(typed),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.result is not None:
        return see_other(f"/partnerships/{outcome.result.id}?done=formed")
    if outcome.replayed:
        return see_other("/partnerships")
    return _list_page(request, user, services, outcome, typed)


def _page(
    request: Request,
    user: WebUser,
    services: Services,
    partnership_id: UUID,
    done: str | None = None,
    outcome: Outcome[Any] | None = None,
) -> Response:
    partnership = api.get_partnership(partnership_id, user.principal, services)
    mine = next((m for m in partnership.members if m.org_id == user.principal.org_id), None)
    member = mine is not None and mine.state.value == "member"
    dashboard = (
        api.dashboard_of(services, user.principal, partnership_id)
        if member or partnership.local_authority_id == user.principal.org_id
        else None
    )
    samples = (
        api.samples_of(services, user.principal, services.app.partnership(partnership_id))
        if member
        else []
    )
    return render(
        request,
        user,
        "web/partnerships/partnership.html",
        422 if outcome else 200,
        partnership=partnership,
        kinds=KIND_NAMES,
        mine=mine,
        member=member,
        dashboard=dashboard,
        samples=samples,
        areas=[(a.value, AREA_TITLES[a]) for a in Area],
        notice=DONE.get(done or ""),
        outcome=outcome,
        form_key=new_form_key(),
    )


@router.get("/partnerships/{partnership_id}")
def partnership_page(
    request: Request,
    partnership_id: UUID,
    user: PageUser,
    services: ServicesDep,
    done: str | None = None,
) -> Response:
    """Members and invitations, the figures (never a child), moderation samples."""
    return _page(request, user, services, partnership_id, done)


@router.post("/partnerships/{partnership_id}/members/{member_id}/acceptance")
def accept(
    request: Request,
    partnership_id: UUID,
    member_id: UUID,
    user: FormUser,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    outcome = attempt(
        user,
        form,
        f"/partnerships/{partnership_id}/members/{member_id}/acceptance",
        lambda: api.accept_membership(
            partnership_id=partnership_id,
            org_id=member_id,
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return see_other(f"/partnerships/{partnership_id}?done=accepted")
    return _page(request, user, services, partnership_id, outcome=outcome)


@router.post("/partnerships/{partnership_id}/moderation/{sample_id}/reviews")
def review(
    request: Request,
    partnership_id: UUID,
    sample_id: UUID,
    user: FormUser,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    typed = {
        "agree": form.get("agree") == "yes",
        "comment": str(form.get("comment") or "").strip() or None,
    }
    outcome = attempt(
        user,
        form,
        f"/partnerships/{partnership_id}/moderation/{sample_id}/reviews",
        lambda: api.review_sample(
            partnership_id=partnership_id,
            sample_id=sample_id,
            body=ReviewCreate.model_validate(typed),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return see_other(f"/partnerships/{partnership_id}?done=reviewed#moderation")
    return _page(request, user, services, partnership_id, outcome=outcome)
