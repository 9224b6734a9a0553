"""A child joins another setting: both settings' managers agree, or a parent's consent names it.

``POST .../enrolment-proposals`` proposes (a manager of a setting the child attends, or of the
setting it would join); ``POST .../enrolments`` (the published call) agrees to the other side's
proposal, or enrols at once on the parent's consent. One manager alone never enrols.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from fastapi import APIRouter, status

from api.access import deny, record
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.schemas.journey import EnrolmentCreate, EnrolmentCreated, EnrolmentProposed
from api.services import Services
from api.writes import one_transaction
from domain.access_log.entry import Action, Outcome
from domain.errors import AgreementNeeded, NotEnrolledHere, NotFound
from domain.journey.enrolments import EnrolmentDecided
from domain.organisations.organisation import Role

router = APIRouter(prefix="/v1/children/{child_id}", tags=["children"])


def _decided(
    services: Services, principal: Principal, child_id: UUID, body: EnrolmentCreate, propose: bool
) -> EnrolmentDecided:
    """A proposal (``propose``) or an agreement, for a manager on either side of the enrolment;
    anyone else is refused (404 to those on neither side, as for a child that does not exist),
    and so is an agreement that lacks the other side's proposal or the parent's consent. Each
    refusal is recorded."""
    resource = "enrolment-proposal" if propose else "enrolment"

    def refuse(status: int, detail: str) -> Problem:
        return deny(services, principal, Action.UPDATE, child_id, resource, status, detail)

    if principal.is_operator:
        raise refuse(403, "the operator administers Baton and does not enrol children")
    org_id, staff_id = principal.staff_ref()
    if not propose and org_id == body.setting_id and services.app.is_school(org_id):
        return _continued_at_school(services, principal, child_id, body, refuse)
    try:
        side = services.app.enrolment_side(services.app.child(child_id), body.setting_id, org_id)
    except NotFound:
        side = None
    if side is None:
        raise refuse(404, "the child was not found")
    if Role.MANAGER not in principal.roles:
        raise refuse(403, "enrolling a child at another setting needs a manager")
    try:
        decide = services.app.propose_enrolment if propose else services.app.agree_enrolment
        decided = decide(child_id, body.setting_id, body.started_on, staff_id, org_id)
    except (AgreementNeeded, NotEnrolledHere) as e:
        raise refuse(403, str(e)) from None
    record(services, principal, Action.UPDATE, child_id, resource, Outcome.ALLOWED)
    return decided


def _continued_at_school(
    services: Services,
    principal: Principal,
    child_id: UUID,
    body: EnrolmentCreate,
    refuse: Callable[[int, str], Problem],
) -> EnrolmentDecided:
    """The reception year: a school's manager enrols the child once the school acknowledged a
    transition packet about them. A school with no packet about the child gets 404, as for a
    child that does not exist; one whose packet waits unacknowledged, 403."""
    org_id, staff_id = principal.staff_ref()
    try:
        received = services.app.child(child_id).received_by(org_id)
    except NotFound:
        received = False
    if not received:
        raise refuse(404, "the child was not found")
    if Role.MANAGER not in principal.roles:
        raise refuse(403, "enrolling a child at the school needs one of its managers")
    try:
        decided = services.app.continue_at_school(child_id, org_id, body.started_on, staff_id)
    except AgreementNeeded as e:
        raise refuse(403, str(e)) from None
    record(services, principal, Action.UPDATE, child_id, "enrolment", Outcome.ALLOWED)
    return decided


@router.post("/enrolments", status_code=status.HTTP_201_CREATED)
@one_transaction()
def enrol_child(
    child_id: UUID, body: EnrolmentCreate, principal: PrincipalDep, services: ServicesDep
) -> EnrolmentCreated:
    """Enrol the child at another setting too: a manager of one side agreeing to the other
    side's proposal, or either side's manager on a parent's consent naming that setting. A
    school's manager enrols the child for the reception year once the school acknowledged a
    transition packet about them (``basis`` "acknowledged_transition")."""
    decided = _decided(services, principal, child_id, body, propose=False)
    assert decided.basis is not None
    return EnrolmentCreated(
        child_id=child_id,
        setting_id=body.setting_id,
        started_on=body.started_on,
        position=decided.position,
        basis=decided.basis.value,
    )


@router.post("/enrolment-proposals", status_code=status.HTTP_201_CREATED)
@one_transaction()
def propose_enrolment(
    child_id: UUID, body: EnrolmentCreate, principal: PrincipalDep, services: ServicesDep
) -> EnrolmentProposed:
    """Propose enrolling the child at ``setting_id`` (a manager of a setting the child attends,
    or of ``setting_id``); a manager of the other side agrees with ``POST .../enrolments``."""
    decided = _decided(services, principal, child_id, body, propose=True)
    return EnrolmentProposed(
        child_id=child_id,
        setting_id=body.setting_id,
        started_on=body.started_on,
        status="proposed" if decided.basis is None else "enrolled",
        basis=decided.basis.value if decided.basis else None,
        position=decided.position,
    )
