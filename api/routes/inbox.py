"""An organisation's inbox (a school's, or any other recipient's) and a setting's outbox of
handover packets, read from the handovers view."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api import cursors
from api.access import RECIPIENT_ROLES
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.pages import DEFAULT_LIMIT, After, CursorQuery, Limit, read_page, require_staff
from api.schemas.common import Page
from api.schemas.handovers import InboxItem
from api.services import Services
from domain.organisations.organisation import OrganisationKind, Role
from projections.views.handovers import Handovers, inbox, outbox, packet_key

router = APIRouter(tags=["handovers"])
PACKET_KEY = (cursors.instant, cursors.ident)  # see handovers.packet_key


@router.get("/v1/schools/{school_id}/handovers")
def school_inbox(
    school_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    after: After = None,
) -> Page[InboxItem]:
    """Packets delivered to the school, newest first (safeguarding packets to its DSL only):
    the school's inbox, as `GET /v1/organisations/{id}/inbox` lists it."""
    return received(services, principal, school_id, cursor, limit, after)


@router.get("/v1/organisations/{org_id}/inbox")
def organisation_inbox(
    org_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    after: After = None,
) -> Page[InboxItem]:
    """Packets delivered to any organisation (a school, a family hub, a health visiting team, a
    speech and language therapy service, a local authority), newest first, for its
    practitioners, teachers, managers and DSL (safeguarding packets to its DSL only)."""
    return received(services, principal, org_id, cursor, limit, after)


def received(
    services: Services,
    principal: Principal,
    org_id: UUID,
    cursor: str | None,
    limit: int,
    after: int | None,
) -> Page[InboxItem]:
    """One page of what ``org_id`` received, for its own staff (a setting's is empty: it
    receives a child's record by enrolling the child)."""
    kind = services.app.organisation(org_id).kind if principal.org_id == org_id else None
    resource = "school-inbox" if kind is OrganisationKind.SCHOOL else "inbox"
    require_staff(
        services,
        principal,
        org_id,
        RECIPIENT_ROLES,
        resource,
        "only the staff of this organisation see what it received",
    )
    page, next_cursor = read_page(
        services,
        principal,
        view=Handovers.name,
        resource=resource,
        cursor=cursor,
        limit=limit,
        after=after,
        shape=PACKET_KEY,
        key=packet_key,
        fetch=lambda start, n: inbox(
            services.db,
            services.child_keys,
            org_id,
            safeguarding=Role.DSL in principal.roles,
            limit=n,
            after=start,
        ),
    )
    return Page[InboxItem](items=[InboxItem.model_validate(r) for r in page], next=next_cursor)


@router.get("/v1/settings/{setting_id}/handovers")
def setting_outbox(
    setting_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    overdue: bool = False,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    after: After = None,
) -> Page[InboxItem]:
    """Packets the setting sent; `overdue=true`: those past their acknowledge-by date
    (safeguarding packets to the setting's DSL only)."""
    require_staff(
        services,
        principal,
        setting_id,
        (Role.PRACTITIONER, Role.MANAGER, Role.DSL),
        "setting-outbox",
        "only staff of this setting see what it sent",
    )
    page, next_cursor = read_page(
        services,
        principal,
        view=Handovers.name,
        resource="setting-outbox",
        cursor=cursor,
        limit=limit,
        after=after,
        shape=PACKET_KEY,
        key=packet_key,
        fetch=lambda start, n: outbox(
            services.db,
            services.child_keys,
            setting_id,
            safeguarding=Role.DSL in principal.roles,
            overdue_on=services.app.today() if overdue else None,
            limit=n,
            after=start,
        ),
    )
    return Page[InboxItem](items=[InboxItem.model_validate(r) for r in page], next=next_cursor)
