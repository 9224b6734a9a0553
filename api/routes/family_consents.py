"""Consent in the parent's own hands: what the family pages call (a parent signs in on the web
only, so these have no JSON paths of their own). Each is guarded by ``open_family_child`` (404,
logged, for anyone but a parent whose access to the child is open), and each write is one
transaction, as an API route's: the decision is an event naming the parent as its actor."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from api.access import open_family_child
from api.auth import Principal
from api.routes.consent_requests import request_public
from api.routes.consents import consent_fhir, consent_public, the_consent
from api.schemas.consents import (
    ConsentPublic,
    ConsentRequestPublic,
    ParentConsentCreate,
    ParentDecision,
)
from api.services import Services
from api.writes import one_transaction
from consent.consents import ConsentRecord
from consent.vocabulary import RequestStatus
from domain.access_log.entry import Action
from domain.journey.child import Child

RESOURCE = "consent"


def _parent(principal: Principal) -> UUID:
    assert principal.parent_id is not None  # open_family_child let only a parent through
    return principal.parent_id


@dataclass(frozen=True)
class FamilyConsents:
    """What a parent sees of their child's consents: every consent, whoever recorded it, and
    the setting's requests still waiting for an answer."""

    child: Child
    consents: list[ConsentPublic]
    open_requests: list[ConsentRequestPublic]
    may_decide: bool  # their relationship carries parental responsibility


def family_consents(child_id: UUID, principal: Principal, services: Services) -> FamilyConsents:
    child = open_family_child(services, principal, child_id, Action.READ, RESOURCE)
    consents, today = services.app.consents(child_id), services.app.today()
    requests = consents.requests.values() if consents else []
    return FamilyConsents(
        child=child,
        consents=[consent_public(r, today) for r in (consents.all() if consents else [])],
        open_requests=[request_public(r) for r in requests if r["status"] == RequestStatus.OPEN],
        may_decide=services.app.parent_may_decide(child, _parent(principal)),
    )


def family_consent(
    child_id: UUID, consent_id: UUID, principal: Principal, services: Services
) -> tuple[Child, ConsentRecord]:
    """One consent of the child's, for its receipt."""
    child = open_family_child(services, principal, child_id, Action.READ, RESOURCE)
    return child, the_consent(services, child_id, consent_id)


def family_consent_fhir(
    child_id: UUID, consent_id: UUID, principal: Principal, services: Services
) -> dict[str, object]:
    """The receipt as a FHIR R4 Consent resource (the same staff get)."""
    _, record = family_consent(child_id, consent_id, principal, services)
    return consent_fhir(services, record)


@one_transaction()
def give_consent(
    child_id: UUID, body: ParentConsentCreate, principal: Principal, services: Services
) -> ConsentPublic:
    """The parent consents: to this recipient, for this purpose, these categories."""
    open_family_child(services, principal, child_id, Action.CREATE, RESOURCE)
    written = services.app.parent_gives_consent(
        child_id,
        _parent(principal),
        recipient_id=body.recipient_id,
        purpose=body.purpose.value,
        categories=[c.value for c in body.categories],
        valid_until=body.valid_until,
        request_id=body.request_id,
    )
    return consent_public(written.state.consent(written.id), services.app.today(), written.position)


@one_transaction(200)
def withdraw_consent(
    child_id: UUID,
    consent_id: UUID,
    body: ParentDecision,
    principal: Principal,
    services: Services,
) -> ConsentPublic:
    """The parent withdraws a consent: sharing under it stops now, and what it covered that
    was not opened yet is revoked in the same transaction."""
    open_family_child(services, principal, child_id, Action.UPDATE, RESOURCE)
    written = services.app.parent_withdraws_consent(
        child_id, consent_id, _parent(principal), body.reason
    )
    return consent_public(written.state.consent(consent_id), services.app.today(), written.position)


@one_transaction(200)
def decline_request(
    child_id: UUID,
    request_id: UUID,
    body: ParentDecision,
    principal: Principal,
    services: Services,
) -> ConsentRequestPublic:
    """The parent says no to the setting's request."""
    open_family_child(services, principal, child_id, Action.UPDATE, RESOURCE)
    written = services.app.parent_declines_request(
        child_id, request_id, _parent(principal), body.reason
    )
    return request_public(written.state.request(request_id), written.position)
