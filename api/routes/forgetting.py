"""Forgetting: a child leaving a setting, the subject's record, DSLs' holds, and erasure (of a
child's record by a setting, or of a received packet by the school that holds it)."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from fastapi import APIRouter, status

from api import forgetting
from api.access import FORMER_ROLES, Purpose, check_own_setting, open_child, open_packet
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.present import child_public, entry_out
from api.routes.consents import consent_public
from api.routes.handovers import public as packet_public
from api.schemas.forgetting import (
    AccessRecord,
    EnrolmentRecord,
    ErasureCreate,
    ErasurePublic,
    HoldCreate,
    HoldPublic,
    LeavingCreate,
    LeavingRecorded,
    PacketErasurePublic,
    SubjectRecord,
)
from api.services import Services
from api.writes import one_transaction
from domain.access_log.entry import AccessEntry, Action
from domain.journey.child import Child, Hold
from domain.organisations.organisation import Role

router = APIRouter(tags=["forgetting"])
CHILD = "/v1/children/{child_id}"


@router.post(f"{CHILD}/leaving")
@one_transaction(200)
def record_leaving(
    child_id: UUID, body: LeavingCreate, principal: PrincipalDep, services: ServicesDep
) -> LeavingRecorded:
    """The child leaves a setting (a manager of it): from ``left_on`` its practitioners no longer
    read or write the journey; its managers and DSL keep read access to what it recorded."""
    open_child(services, principal, child_id, Action.UPDATE, "leaving", roles=(Role.MANAGER,))
    check_own_setting(services, principal, body.setting_id, child_id, "leaving")
    _, staff_id = principal.staff_ref()
    written = services.app.leave_setting(child_id, body.setting_id, body.left_on, staff_id)
    return LeavingRecorded(
        child_id=child_id,
        setting_id=body.setting_id,
        left_on=body.left_on,
        position=written.position,
    )


@router.get(f"{CHILD}/record")
def subject_record(child_id: UUID, principal: PrincipalDep, services: ServicesDep) -> SubjectRecord:
    """Everything Baton holds about the child, for a manager or DSL of a setting that enrols or
    enrolled them to answer a subject access request (hold reasons are left out)."""
    child = open_child(
        services,
        principal,
        child_id,
        Action.READ,
        "record",
        roles=FORMER_ROLES,
        purpose=Purpose.SUBJECT_ACCESS,
        former=True,
    )
    consents = services.app.consents(child_id)
    today = services.app.today()
    return SubjectRecord(
        child=child_public(child),
        enrolments=[
            EnrolmentRecord(
                setting_id=UUID(e["setting_id"]),
                started_on=e["started_on"],
                left_on=e.get("left_on"),
                enrolled_by=UUID(e["enrolled_by"]),
            )
            for e in child.enrolments
        ],
        entries=[
            entry_out(child.id, child.entries[i], photos=child.photos_of(i))
            for i in child.entry_order
        ],
        consents=[consent_public(r, today) for r in (consents.all() if consents else [])],
        handovers=[
            packet_public(services, services.app.handover(UUID(sent["packet_id"])))
            for sent in child.handovers
        ],
        holds=[hold_public(child, h, shown=False) for h in child.holds.values()],
        access_log=[_access(e) for e in _access_log(services, child_id)],
    )


def _access_log(services: Services, child_id: UUID) -> list[AccessEntry]:
    """Every access-log entry about the child, oldest first (page by page)."""
    found: list[AccessEntry] = []
    while page := services.access_log.for_child(
        child_id, 500, found[-1].row_id or 0 if found else 0
    ):
        found.extend(page)
    return found


def _access(entry: AccessEntry) -> AccessRecord:
    return AccessRecord.model_validate(asdict(entry))


def hold_public(
    child: Child, hold: Hold, position: int | None = None, shown: bool = True
) -> HoldPublic:
    return HoldPublic(
        id=UUID(hold["id"]),
        child_id=child.id,
        status="released" if hold["released_at"] else "on",
        org_id=UUID(hold["org_id"]),
        placed_by=UUID(hold["placed_by"]),
        placed_at=hold["placed_at"],
        released_by=UUID(hold["released_by"]) if hold["released_by"] else None,
        released_at=hold["released_at"],
        reason=hold["reason"] if shown else None,
        position=position,
    )


def open_for_hold(
    services: Services, principal: Principal, child_id: UUID, action: Action = Action.UPDATE
) -> Child:
    """A DSL of an organisation that enrols or enrolled the child, or received a packet (to
    place or release a hold; or, with ``Action.READ``, to see the holds on the record)."""
    return open_child(
        services,
        principal,
        child_id,
        action,
        "hold",
        roles=(Role.DSL,),
        purpose=Purpose.SAFEGUARDING,
        former=True,
        received=True,
    )


@router.post(f"{CHILD}/holds", status_code=status.HTTP_201_CREATED)
@one_transaction()
def place_hold(
    child_id: UUID, body: HoldCreate, principal: PrincipalDep, services: ServicesDep
) -> HoldPublic:
    """Put a hold on the child's record (a DSL): no erasure, by request or retention, while on."""
    open_for_hold(services, principal, child_id)
    org_id, staff_id = principal.staff_ref()
    written = services.app.place_hold(
        child_id, reason=body.reason, org_id=org_id, placed_by=staff_id
    )
    child = written.state
    return hold_public(child, child.holds[str(written.id)], written.position)


@router.post(f"{CHILD}/holds/{{hold_id}}/release")
@one_transaction(200)
def release_hold(
    child_id: UUID, hold_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> HoldPublic:
    """Release a hold (a DSL of the organisation that placed it)."""
    open_for_hold(services, principal, child_id)
    org_id, staff_id = principal.staff_ref()
    written = services.app.release_hold(child_id, hold_id, org_id=org_id, released_by=staff_id)
    child = written.state
    return hold_public(child, child.holds[str(hold_id)], written.position)


@router.post(f"{CHILD}/erasure")
@one_transaction(200)
def erase_child(
    child_id: UUID, body: ErasureCreate, principal: PrincipalDep, services: ServicesDep
) -> ErasurePublic:
    """Erase the child's record (a manager of a setting that enrols or enrolled them): the child's
    key is destroyed, every copy removed; the access log keeps its entries (ids only). A hold
    answers 409."""
    open_child(
        services,
        principal,
        child_id,
        Action.DELETE,
        "erasure",
        roles=(Role.MANAGER,),
        purpose=Purpose.ERASURE,
        former=True,
    )
    org_id, staff_id = principal.staff_ref()
    written = forgetting.erase(
        services, child_id, reason=body.reason, cause="request", by=staff_id, org_id=org_id
    )
    assert written.state.erased_at is not None
    return ErasurePublic(
        child_id=child_id,
        status="erased",
        erased_at=written.state.erased_at,
        position=written.position,
    )


@router.post("/v1/handovers/{packet_id}/erasure")
@one_transaction(200)
def erase_packet(
    packet_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> PacketErasurePublic:
    """The receiving school erases its copy of a packet (its manager or DSL; a safeguarding
    packet, its DSL): the contents answer 410 from then on; the sender keeps its metadata."""
    packet = open_packet(
        services,
        principal,
        packet_id,
        Action.DELETE,
        "packet-erasure",
        school_roles=(Role.MANAGER, Role.DSL),
    )
    org_id, staff_id = principal.staff_ref()
    written = services.app.erase_packet(packet.id, staff_id, org_id)
    return PacketErasurePublic(
        id=packet_id,
        status="erased",
        erased_at=written.state.erasure["at"],
        position=written.position,
    )
