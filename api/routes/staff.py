"""An organisation's staff: who may act for it, with which roles, and for how long.

Every change here is an access-log entry (purpose "administration"), and so is every refusal.
The operator's entries name the organisation acted on as ``actor_org_id`` (the operator belongs
to none), so that organisation's DSLs see them: granting the DSL role is one of their alerts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar
from uuid import UUID

from fastapi import APIRouter, Request, status

from api import cursors
from api.access import Purpose, deny, record
from api.auth import Principal, forget_member
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.pages import DEFAULT_LIMIT, CursorQuery, Limit, page_of
from api.schemas.common import Page
from api.schemas.organisations import (
    InvitationIssued,
    StaffCreate,
    StaffDeactivated,
    StaffMember,
    StaffPublic,
    StaffRoles,
    TokenIssued,
)
from api.services import Services
from api.writes import one_transaction
from domain.access_log.entry import Action, Outcome
from domain.organisations.organisation import Role, StaffRecord, token_expires_at
from projections.store.access_log import DSL_GRANTED

T = TypeVar("T")
router = APIRouter(prefix="/v1/organisations/{org_id}/staff", tags=["organisations"])
STAFF_KEY = (cursors.text, cursors.ident)  # (name folded for sorting, id)
MANAGERS_ONLY = "only a manager of this organisation does this"


def _as_logged(principal: Principal, org_id: UUID) -> Principal:
    """The operator's entries name the organisation acted on; staff's name their own."""
    return replace(principal, org_id=org_id) if principal.is_operator else principal


def _refuse(
    services: Services,
    principal: Principal,
    org_id: UUID,
    action: Action,
    resource: str,
    detail: str,
    status: int = 403,
) -> Problem:
    return deny(
        services,
        _as_logged(principal, org_id),
        action,
        None,
        resource,
        status,
        detail,
        Purpose.ADMINISTRATION,
    )


def _allowed(
    services: Services, principal: Principal, org_id: UUID, action: Action, resource: str
) -> None:
    logged = _as_logged(principal, org_id)
    record(services, logged, action, None, resource, Outcome.ALLOWED, Purpose.ADMINISTRATION)


def _manager(
    services: Services, principal: Principal, org_id: UUID, action: Action, resource: str
) -> None:
    if not principal.acts_for(org_id, Role.MANAGER):
        raise _refuse(services, principal, org_id, action, resource, MANAGERS_ONLY)


def _changing(
    services: Services,
    principal: Principal,
    org_id: UUID,
    staff_id: UUID,
    resource: str,
    change: Callable[[], T],
) -> T:
    """A manager's change to one member of staff (404 for anyone else's), logged; whatever this
    process remembers of the member's credentials is forgotten."""
    _manager(services, principal, org_id, Action.UPDATE, resource)
    if staff_id.hex not in services.app.organisation(org_id).staff:
        detail = "no such member of staff at this organisation"
        raise _refuse(services, principal, org_id, Action.UPDATE, resource, detail, 404)
    result = change()
    forget_member(services, staff_id)
    _allowed(services, principal, org_id, Action.UPDATE, resource)
    return result


def _member(services: Services, record_: StaffRecord) -> StaffMember:
    return StaffMember(
        id=UUID(record_["id"]),
        name=record_["name"],
        email=record_["email"],
        roles=[Role(r) for r in record_["roles"]],
        active=record_["active"],
        token_expires_at=token_expires_at(record_, services.settings.token_days),
    )


def invitation_url(services: Services, request: Request, secret: str) -> str:
    base = services.settings.public_url or str(request.base_url)
    return f"{base.rstrip('/')}/invitations/{secret}"


@router.post("", status_code=status.HTTP_201_CREATED)
@one_transaction()
def add_staff(
    org_id: UUID,
    body: StaffCreate,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
) -> StaffPublic:
    """Add a member of staff and issue their token and invitation link, shown this once.

    A manager of the organisation adds staff; the operator only while the organisation has no
    active manager (setting it up)."""
    org = services.app.organisation(org_id)
    roles = [r.value for r in body.roles]
    resource = DSL_GRANTED if Role.DSL in body.roles else "staff"
    if principal.is_operator and org.has_active_manager():
        raise _refuse(
            services,
            principal,
            org_id,
            Action.CREATE,
            resource,
            "the organisation has a manager: adding staff is its managers' job",
        )
    if not principal.is_operator:
        _manager(services, principal, org_id, Action.CREATE, resource)
    issued = services.app.add_staff(org_id, body.name, body.email, roles)
    if services.sign_in_emails is not None:  # single sign-on finds them by it (no plaintext)
        services.sign_in_emails.add(body.email, org_id, UUID(issued.member["id"]))
    _allowed(services, principal, org_id, Action.CREATE, resource)
    member = issued.member
    return StaffPublic(
        id=UUID(member["id"]),
        org_id=org_id,
        name=member["name"],
        email=member["email"],
        roles=[Role(r) for r in member["roles"]],
        token=issued.token,
        invitation_url=invitation_url(services, request, issued.invitation),
    )


@router.get("")
def list_staff(
    org_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[StaffMember]:
    """Everyone who acts or acted for the organisation, by name (its managers and DSL)."""
    org = services.app.organisation(org_id)
    if not principal.acts_for(org_id, Role.MANAGER, Role.DSL):
        raise _refuse(
            services,
            principal,
            org_id,
            Action.READ,
            "staff",
            "the staff list is for the organisation's managers and DSL",
        )
    start = cursors.decode(cursor, STAFF_KEY)

    def key(member: StaffRecord) -> tuple[str, str]:
        return member["name"].casefold(), member["id"]

    ordered = sorted(org.staff.values(), key=key)
    rows = [m for m in ordered if start is None or key(m) > start][: limit + 1]
    page, next_cursor = page_of(rows, limit, key)
    return Page[StaffMember](items=[_member(services, m) for m in page], next=next_cursor)


@router.post("/{staff_id}/deactivation")
@one_transaction(200)
def deactivate(
    org_id: UUID, staff_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> StaffDeactivated:
    """From this instant every credential of the member answers 401; their record stays."""
    _changing(
        services,
        principal,
        org_id,
        staff_id,
        "staff",
        lambda: services.app.deactivate_staff(org_id, staff_id, principal.staff_id),
    )
    services.web_sessions.close_all(staff_id)  # in this transaction: signed out everywhere
    return StaffDeactivated(id=staff_id)


@router.post("/{staff_id}/token")
@one_transaction(200)
def reissue_token(
    org_id: UUID, staff_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> TokenIssued:
    """A new token for the member, shown this once; the old one answers 401 from now on."""
    token, written = _changing(
        services,
        principal,
        org_id,
        staff_id,
        "staff-token",
        lambda: services.app.new_token(org_id, staff_id),
    )
    member = written.state.staff_record(staff_id)
    expires = token_expires_at(member, services.settings.token_days)
    return TokenIssued(id=staff_id, token=token, token_expires_at=expires)


@router.post("/{staff_id}/invitation")
@one_transaction(200)
def new_invitation(
    org_id: UUID, staff_id: UUID, request: Request, principal: PrincipalDep, services: ServicesDep
) -> InvitationIssued:
    """A new sign-in link for the member (forgot their password, or let the first link lapse),
    shown this once; any earlier link is refused from now on. Choosing a password through it
    replaces theirs and ends their web sessions."""
    secret, _ = _changing(
        services,
        principal,
        org_id,
        staff_id,
        "staff-invitation",
        lambda: services.app.new_invitation(org_id, staff_id),
    )
    return InvitationIssued(id=staff_id, invitation_url=invitation_url(services, request, secret))


@router.post("/{staff_id}/roles")
@one_transaction(200)
def change_roles(
    org_id: UUID, staff_id: UUID, body: StaffRoles, principal: PrincipalDep, services: ServicesDep
) -> StaffMember:
    """Give the member these roles (a manager). Granting the DSL role alerts the DSLs."""
    held = services.app.organisation(org_id).staff.get(staff_id.hex)
    granted = Role.DSL in body.roles and (held is None or Role.DSL.value not in held["roles"])
    written = _changing(
        services,
        principal,
        org_id,
        staff_id,
        DSL_GRANTED if granted else "staff-roles",
        lambda: services.app.change_roles(org_id, staff_id, [r.value for r in body.roles]),
    )
    return _member(services, written.state.staff_record(staff_id))
