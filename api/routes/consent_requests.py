"""Requests for consent: staff of a setting enrolling the child ask the parents to decide (the
parents are told by email, and answer on their family pages); the request is open until a
parent gives or declines it, or the setting cancels it."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from api.access import open_child
from api.deps import PrincipalDep, ServicesDep
from api.schemas.consents import (
    ConsentRequestCancellation,
    ConsentRequestCreate,
    ConsentRequestList,
    ConsentRequestPublic,
)
from api.writes import one_transaction
from consent.consents import ChildConsents, ConsentRequest
from domain.access_log.entry import Action

router = APIRouter(prefix="/v1/children/{child_id}/consent-requests", tags=["consent"])
RESOURCE = "consent-request"


def request_public(asked: ConsentRequest, position: int | None = None) -> ConsentRequestPublic:
    return ConsentRequestPublic.model_validate({**asked, "position": position})


def requests_of(consents: ChildConsents | None) -> list[ConsentRequestPublic]:
    """The child's requests for consent, oldest first."""
    return [request_public(r) for r in (consents.requests.values() if consents else [])]


@router.post("", status_code=status.HTTP_201_CREATED)
@one_transaction()
def request_consent(
    child_id: UUID, body: ConsentRequestCreate, principal: PrincipalDep, services: ServicesDep
) -> ConsentRequestPublic:
    """Ask the child's parents for a consent: to share these categories with this school
    (transition) or early-years setting (care). One open request per recipient and purpose."""
    open_child(services, principal, child_id, Action.CREATE, RESOURCE)
    setting_id, staff_id = principal.staff_ref()
    written = services.app.request_consent(
        child_id,
        recipient_id=body.recipient_id,
        purpose=body.purpose.value,
        categories=[c.value for c in body.categories],
        setting_id=setting_id,
        requested_by=staff_id,
    )
    return request_public(written.state.request(written.id), written.position)


@router.get("")
def list_consent_requests(
    child_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> ConsentRequestList:
    """Every request for consent made for the child, oldest first, with where it stands."""
    open_child(services, principal, child_id, Action.READ, RESOURCE)
    return ConsentRequestList(items=requests_of(services.app.consents(child_id)))


@router.post("/{request_id}/cancellation")
@one_transaction(200)
def cancel_consent_request(
    child_id: UUID,
    request_id: UUID,
    body: ConsentRequestCancellation,
    principal: PrincipalDep,
    services: ServicesDep,
) -> ConsentRequestPublic:
    """The setting that asked no longer asks (its parents' page stops showing the request)."""
    open_child(services, principal, child_id, Action.UPDATE, RESOURCE)
    setting_id, staff_id = principal.staff_ref()
    written = services.app.cancel_consent_request(
        child_id, request_id, setting_id=setting_id, cancelled_by=staff_id, reason=body.reason
    )
    return request_public(written.state.request(request_id), written.position)
