"""The outbox (a manager or the DSL): packets the setting sent and where they stand, revoking
one not yet opened, and sending a handover to an organisation a parent consented to."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.errors import Problem
from api.routes import children as children_api
from api.routes import consents as consent_api
from api.routes import handovers as api
from api.routes import inbox as inbox_api
from api.routes import settings_views
from api.schemas.consents import ConsentPublic
from api.schemas.handovers import HandoverCreate, HandoverPublic, InboxItem, RevocationCreate
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import Outcome, attempt, new_form_key
from api.web.managing import managers_only, names_of, org_id, org_name
from api.web.render import render, see_other
from api.web.session import WebUser
from consent.vocabulary import CATEGORY_NAMES, PURPOSE_NAMES, Purpose, Status
from domain.organisations.organisation import Role

router = APIRouter(include_in_schema=False)
STATUS_NAMES = {
    "delivered": "Sent, not opened",
    "opened": "Opened",
    "acknowledged": "Acknowledged",
    "revoked": "Revoked",
    "superseded": "Replaced by a later packet",
    "erased": "Erased by the recipient",
}
DONE = {"sent": "The packet is sealed and sent.", "revoked": "The packet is revoked."}


def _overdue(item: InboxItem, today: date) -> bool:
    due = item.acknowledge_by
    waiting = item.status.value in ("delivered", "opened") and item.acknowledged_at is None
    return due is not None and due < today and waiting


@router.get("/outbox")
def outbox(
    request: Request,
    user: PageUser,
    services: ServicesDep,
    overdue: Annotated[bool, Query()] = False,
    cursor: Annotated[str | None, Query()] = None,
    after: Annotated[int | None, Query(ge=0)] = None,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    managers_only(services, user, "setting-outbox", Role.DSL)
    page = inbox_api.setting_outbox(
        org_id(user), user.principal, services, overdue, cursor=cursor, limit=50, after=after
    )
    today = services.app.today()
    return render(
        request,
        user,
        "web/outbox/list.html",
        page=page,
        names={str(i.school_id): org_name(services, i.school_id or "") for i in page.items},
        late={str(i.id) for i in page.items if _overdue(i, today)},
        overdue=overdue,
        statuses=STATUS_NAMES,
        notice=DONE.get(done or ""),
    )


def _packet(services: Services, user: WebUser, packet_id: UUID) -> HandoverPublic:
    return api.get_handover(packet_id, user.principal, services)


@router.get("/outbox/{packet_id}/revocation")
def revoke_check(
    request: Request, packet_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    """Are you sure? The recipient will no longer be able to open the packet."""
    managers_only(services, user, "handover-revocation", Role.DSL)
    return _revoke_page(request, user, services, packet_id, None)


def _revoke_page(
    request: Request,
    user: WebUser,
    services: Services,
    packet_id: UUID,
    outcome: Outcome[Any] | None,
) -> Response:
    packet = _packet(services, user, packet_id)
    child = children_api.get_child(packet.child_id, user.principal, services)
    return render(
        request,
        user,
        "web/outbox/revoke.html",
        422 if outcome else 200,
        packet=packet,
        child=child,
        recipient=org_name(services, packet.recipient_id),
        outcome=outcome,
        form_key=new_form_key(),
    )


@router.post("/outbox/{packet_id}/revocation")
def revoke(
    request: Request, packet_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    reason = str(form.get("reason") or "").strip() or None
    outcome = attempt(
        user,
        form,
        f"/outbox/{packet_id}/revocation",
        lambda: api.revoke(
            packet_id=packet_id,
            body=RevocationCreate.model_validate({"reason": reason}),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.result is not None:
        return see_other(f"/outbox?after={outcome.result.position}&done=revoked")
    if outcome.replayed:
        return see_other("/outbox")
    return _revoke_page(request, user, services, packet_id, outcome)


def _in_force(consents: list[ConsentPublic]) -> list[ConsentPublic]:
    """Consents a packet may rest on: active, for moving on to school, the integrated review
    at two or the team around the child (a setting caring for the child too enrols it)."""
    return [c for c in consents if c.status is Status.ACTIVE and c.purpose != Purpose.CARE.value]


def _send_page(
    request: Request,
    user: WebUser,
    services: Services,
    child: UUID | None,
    outcome: Outcome[Any] | None = None,
) -> Response:
    """Step 1: which child (the setting's children, by name); step 2: to whom (the
    organisations a consent in force names) and what travels (the consented categories)."""
    children = settings_views.setting_children(
        org_id(user), user.principal, services, sort="name", limit=500
    ).items
    consents = []
    if child is not None:
        consents = _in_force(consent_api.list_consents(child, user.principal, services).items)
    return render(
        request,
        user,
        "web/outbox/new.html",
        422 if outcome else 200,
        children=children,
        chosen=str(child) if child else "",
        consents=consents,
        names=names_of(services, {c.recipient_id for c in consents}),
        categories=CATEGORY_NAMES,
        purposes=PURPOSE_NAMES,
        outcome=outcome,
        form_key=new_form_key(),
    )


@router.get("/outbox/new")
def send_form(
    request: Request,
    user: PageUser,
    services: ServicesDep,
    child: Annotated[str | None, Query()] = None,
) -> Response:
    managers_only(services, user, "handover", Role.DSL)
    return _send_page(request, user, services, _chosen(child))


def _chosen(child: str | None) -> UUID | None:
    """The child picked in the form ("" before one is: the first step)."""
    try:
        return UUID(child) if child else None
    except ValueError:
        return None


def _sealed(services: Services, user: WebUser, body: HandoverCreate) -> HandoverPublic:
    """Seal the packet; a refusal for want of consent (logged by the API) is the form's to show."""
    try:
        return api.create_handover(body=body, principal=user.principal, services=services)
    except Problem as p:
        if p.slug == "no-lawful-basis":
            raise Problem(409, p.detail, slug="no-lawful-basis", refusal=False) from None
        raise


@router.post("/outbox/new")
def send(request: Request, user: FormUser, form: PostedForm, services: ServicesDep) -> Response:
    child = str(form.get("child") or "")
    # The recipient chosen, and the purpose of the consent that names it ("id purpose").
    recipient, _, purpose = str(form.get("recipient") or "").partition(" ")
    typed = {"child_id": child, "recipient_id": recipient} | ({"kind": purpose} if purpose else {})
    outcome = attempt(
        user,
        form,
        "/outbox/new",
        lambda: _sealed(services, user, HandoverCreate.model_validate(typed)),
    )
    if outcome.result is not None:
        return see_other(f"/outbox?after={outcome.result.position}&done=sent")
    if outcome.replayed:
        return see_other("/outbox")
    return _send_page(request, user, services, _chosen(child), outcome)
