"""Consent: staff of a setting record what a parent or carer decided, and its withdrawal."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from api.access import open_child
from api.deps import PrincipalDep, ServicesDep
from api.schemas.consents import (
    ConsentCreate,
    ConsentList,
    ConsentPublic,
    ConsentWithdrawal,
)
from api.services import Services
from api.writes import one_transaction
from consent.consents import ConsentRecord, status_at
from consent.fhir import fhir_consent
from domain.access_log.entry import Action
from domain.errors import NotFound

router = APIRouter(prefix="/v1/children/{child_id}/consents", tags=["consent"])


def consent_public(
    record: ConsentRecord, today: date, position: int | None = None
) -> ConsentPublic:
    fields = {k: v for k, v in record.items() if k != "status"}
    return ConsentPublic.model_validate(
        {
            **fields,
            "status": status_at(record, today),
            "recorded_by_parent": record.get("given_by_parent_id") is not None,
            "position": position,
        }
    )


FHIR_JSON = "application/fhir+json"


def organisation_name(services: Services, org_id: str) -> str:
    try:
        return services.app.organisation(UUID(org_id)).name
    except NotFound:
        return "an organisation no longer in Baton"


def consent_fhir(services: Services, record: ConsentRecord) -> dict[str, object]:
    """The consent as a FHIR R4 Consent resource (the one mapping: ``consent/fhir.py``)."""
    return fhir_consent(
        record,
        services.app.today(),
        recipient_name=organisation_name(services, record["recipient_id"]),
        setting_name=organisation_name(services, record["setting_id"]),
    )


def the_consent(services: Services, child_id: UUID, consent_id: UUID) -> ConsentRecord:
    """One consent of the child's (404 when the child has none of that id)."""
    consents = services.app.consents(child_id)
    if consents is None:
        raise NotFound("the consent")
    return consents.consent(consent_id)


@router.post("", status_code=status.HTTP_201_CREATED)
@one_transaction()
def give_consent(
    child_id: UUID, body: ConsentCreate, principal: PrincipalDep, services: ServicesDep
) -> ConsentPublic:
    """Record a parent's or carer's consent to share categories of the record with one school."""
    open_child(services, principal, child_id, Action.CREATE, "consent")
    setting_id, staff_id = principal.staff_ref()
    written = services.app.give_consent(
        child_id,
        given_by=body.given_by,
        relationship=body.relationship.value,
        parental_responsibility=body.parental_responsibility,
        recipient_id=body.recipient_id,
        purpose=body.purpose.value,
        categories=[c.value for c in body.categories],
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        evidence=body.evidence,
        setting_id=setting_id,
        recorded_by=staff_id,
    )
    return consent_public(written.state.consent(written.id), services.app.today(), written.position)


@router.post("/{consent_id}/withdrawal")
@one_transaction(200)
def withdraw_consent(
    child_id: UUID,
    consent_id: UUID,
    body: ConsentWithdrawal,
    principal: PrincipalDep,
    services: ServicesDep,
) -> ConsentPublic:
    """Withdraw a consent: sharing stops at once; what was shared before stays on record."""
    open_child(services, principal, child_id, Action.UPDATE, "consent")
    setting_id, staff_id = principal.staff_ref()
    written = services.app.withdraw_consent(
        child_id,
        consent_id,
        withdrawn_by=body.withdrawn_by,
        reason=body.reason,
        setting_id=setting_id,
        recorded_by=staff_id,
    )
    return consent_public(written.state.consent(consent_id), services.app.today(), written.position)


@router.get("")
def list_consents(child_id: UUID, principal: PrincipalDep, services: ServicesDep) -> ConsentList:
    """Every consent recorded for the child, oldest first, each with its full history."""
    open_child(services, principal, child_id, Action.READ, "consent")
    consents = services.app.consents(child_id)
    today = services.app.today()
    return ConsentList(
        items=[consent_public(r, today) for r in (consents.all() if consents else [])]
    )


@router.get(
    "/{consent_id}/fhir",
    response_class=JSONResponse,
    responses={200: {"content": {FHIR_JSON: {}}, "description": "a FHIR R4 Consent resource"}},
)
def consent_as_fhir(
    child_id: UUID, consent_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> JSONResponse:
    """One consent as a FHIR R4 Consent resource (the same the parent downloads as a receipt):
    the child by id only, the grantor with their relationship, the recipient, purpose and
    categories, the period, and whether it is still in force."""
    open_child(services, principal, child_id, Action.READ, "consent")
    record = the_consent(services, child_id, consent_id)
    return JSONResponse(consent_fhir(services, record), media_type=FHIR_JSON)
