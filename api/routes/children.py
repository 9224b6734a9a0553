"""Children: registration at a setting, their record summary, key persons and break-glass
(enrolments at another setting are in ``enrolments.py``)."""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import UUID, uuid4

from fastapi import APIRouter, status

from api.access import SETTING_ROLES, Purpose, check_own_setting, deny, open_child, record
from api.deps import PrincipalDep, ServicesDep
from api.present import child_public
from api.schemas.journey import (
    BreakGlass,
    BreakGlassOpened,
    ChildCreate,
    ChildPublic,
    KeyPersonAssign,
    SendStatusChange,
)
from api.writes import one_transaction
from domain.access_log.entry import Action, Outcome
from domain.errors import NotFound
from domain.journey.child import Child
from domain.organisations.organisation import Role

router = APIRouter(prefix="/v1/children", tags=["children"])
log = logging.getLogger("baton.api")


@router.post("", status_code=status.HTTP_201_CREATED)
@one_transaction()
def register_child(
    body: ChildCreate, principal: PrincipalDep, services: ServicesDep
) -> ChildPublic:
    """Register a child and enrol them at ``setting_id`` from ``started_on``."""
    if not principal.acts_for(body.setting_id, *SETTING_ROLES):
        raise deny(
            services,
            principal,
            Action.CREATE,
            None,
            "child",
            403,
            "only staff of that setting may register a child there",
        )
    child_id = uuid4()
    assert principal.staff_id is not None
    # No audit, no access: check the registration, record the access, and only then write.
    services.app.check_registration(
        body.setting_id, body.send_status.value, body.date_of_birth, body.started_on
    )
    record(services, principal, Action.CREATE, child_id, "child", Outcome.ALLOWED)
    written = services.app.register_child(
        child_id=child_id,
        given_name=body.given_name,
        family_name=body.family_name,
        preferred_name=body.preferred_name,
        date_of_birth=body.date_of_birth,
        home_languages=body.home_languages,
        send_status=body.send_status.value,
        setting_id=body.setting_id,
        started_on=body.started_on,
        registered_by=principal.staff_id,
    )
    return child_public(written.state, written.position)


@router.get("/{child_id}")
def get_child(child_id: UUID, principal: PrincipalDep, services: ServicesDep) -> ChildPublic:
    """The child's record summary, for staff of a setting where the child is enrolled."""
    return child_public(open_child(services, principal, child_id, Action.READ, "child"))


@router.post("/{child_id}/key-person")
@one_transaction(200)
def assign_key_person(
    child_id: UUID, body: KeyPersonAssign, principal: PrincipalDep, services: ServicesDep
) -> ChildPublic:
    """Name the child's key person at the caller's setting (a manager of that setting)."""
    open_child(services, principal, child_id, Action.UPDATE, "key-person", roles=(Role.MANAGER,))
    check_own_setting(services, principal, body.setting_id, child_id, "key-person")
    written = services.app.assign_key_person(child_id, body.setting_id, body.staff_id)
    return child_public(written.state, written.position)


@router.post("/{child_id}/send-status")
@one_transaction(200)
def change_send_status(
    child_id: UUID, body: SendStatusChange, principal: PrincipalDep, services: ServicesDep
) -> ChildPublic:
    """Record the child's SEND status (none, SEN support, EHC plan) as it now stands."""
    open_child(
        services,
        principal,
        child_id,
        Action.UPDATE,
        "send-status",
        roles=(Role.MANAGER, Role.DSL, Role.PRACTITIONER),
    )
    setting_id, staff_id = principal.staff_ref()
    written = services.app.change_send_status(
        child_id, body.send_status.value, setting_id, staff_id
    )
    return child_public(written.state, written.position)


@router.post("/{child_id}/break-glass", status_code=status.HTTP_201_CREATED)
@one_transaction()
def break_glass(
    child_id: UUID, body: BreakGlass, principal: PrincipalDep, services: ServicesDep
) -> BreakGlassOpened:
    """Emergency read access to a child's record for a DSL outside the normal relationship, of
    an organisation with a recorded link to the child (a past enrolment, a packet received, a
    consent naming it): the justification is recorded, every read is flagged and alerts the
    DSLs of the child's settings, and it lapses after 24 hours."""
    if not Child.may_break_glass(principal.roles):
        raise deny(
            services,
            principal,
            Action.EXECUTE,
            child_id,
            "break-glass",
            403,
            "only a designated safeguarding lead may break the glass",
            purpose=Purpose.BREAK_GLASS,
        )
    org_id, staff_id = principal.staff_ref()
    try:
        child = services.app.child(child_id)
        if not services.app.linked(child, org_id):
            raise NotFound("the child")  # as for a child that does not exist
    except NotFound:
        raise deny(
            services,
            principal,
            Action.EXECUTE,
            child_id,
            "break-glass",
            404,
            "the child was not found",
            purpose=Purpose.BREAK_GLASS,
        ) from None
    record(
        services,
        principal,
        Action.EXECUTE,
        child_id,
        "break-glass",
        Outcome.ALLOWED,
        Purpose.BREAK_GLASS,
    )
    written = services.app.open_break_glass(
        child_id, staff_id=staff_id, org_id=org_id, justification=body.justification
    )
    log.warning("break-glass access opened to a child's record by a DSL (see the access log)")
    until = datetime.fromisoformat(written.state.break_glass[-1]["until"])
    return BreakGlassOpened(child_id=child_id, until=until, position=written.position)
