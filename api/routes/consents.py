"""Consent: staff of a setting record what a parent or carer decided, and its withdrawal."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, status

from api.access import open_child
from api.deps import PrincipalDep, ServicesDep
from api.schemas.consents import (
    ConsentCreate,
    ConsentList,
    ConsentPublic,
    ConsentWithdrawal,
)
from api.writes import one_transaction
from consent.consents import ConsentRecord, status_at
from domain.access_log.entry import Action

router = APIRouter(prefix="/v1/children/{child_id}/consents", tags=["consent"])


def consent_public(
    record: ConsentRecord, today: date, position: int | None = None
) -> ConsentPublic:
    fields = {k: v for k, v in record.items() if k != "status"}
    return ConsentPublic.model_validate(
        {**fields, "status": status_at(record, today), "position": position}
    )


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
