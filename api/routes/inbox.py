"""A school's inbox and a setting's outbox of handover packets, read from the handovers view."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import PrincipalDep, ServicesDep
from api.pages import read_page, require_staff
from api.present import DEFAULT_LIMIT, MAX_LIMIT
from api.schemas.handovers import Inbox, InboxItem
from domain.organisations.organisation import Role
from projections.views.handovers import Handovers, inbox, outbox

router = APIRouter(tags=["handovers"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


@router.get("/v1/schools/{school_id}/handovers")
def school_inbox(
    school_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    cursor: str | None = None,
    limit: Limit = DEFAULT_LIMIT,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> Inbox:
    """Packets delivered to the school, newest first (safeguarding packets to its DSL only)."""
    require_staff(
        services,
        principal,
        school_id,
        (Role.TEACHER, Role.DSL),
        "school-inbox",
        "only teachers and the DSL of this school see its inbox",
    )
    page, after_cursor = read_page(
        services,
        principal,
        view=Handovers.name,
        resource="school-inbox",
        cursor=cursor,
        limit=limit,
        after=after,
        fetch=lambda offset, n: inbox(
            services.db, school_id, safeguarding=Role.DSL in principal.roles, limit=n, offset=offset
        ),
    )
    return Inbox(items=[InboxItem.model_validate(r) for r in page], next=after_cursor)


@router.get("/v1/settings/{setting_id}/handovers")
def setting_outbox(
    setting_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    overdue: bool = False,
    cursor: str | None = None,
    limit: Limit = DEFAULT_LIMIT,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> Inbox:
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
    page, after_cursor = read_page(
        services,
        principal,
        view=Handovers.name,
        resource="setting-outbox",
        cursor=cursor,
        limit=limit,
        after=after,
        fetch=lambda offset, n: outbox(
            services.db,
            setting_id,
            safeguarding=Role.DSL in principal.roles,
            overdue_on=services.app.today() if overdue else None,
            limit=n,
            offset=offset,
        ),
    )
    return Inbox(items=[InboxItem.model_validate(r) for r in page], next=after_cursor)
