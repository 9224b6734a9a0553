"""A school's inbox and a setting's outbox of handover packets, read from the handovers view."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.access import deny, record_many
from api.deps import PrincipalDep, ServicesDep
from api.present import DEFAULT_LIMIT, MAX_LIMIT, encode_cursor
from api.routes.handovers import Inbox, InboxItem
from api.routes.settings_views import _offset, caught_up
from domain.access import Action, Outcome
from domain.organisation import Role
from projections.handovers import inbox, outbox

router = APIRouter(tags=["handovers"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def _page(rows: list[dict[str, object]], offset: int, limit: int) -> Inbox:
    page = rows[:limit]
    return Inbox(
        items=[InboxItem.model_validate(r) for r in page],
        next=encode_cursor([str(offset + limit)]) if len(rows) > limit else None,
    )


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
    if not principal.acts_for(school_id, Role.TEACHER, Role.DSL):
        raise deny(
            services,
            principal,
            Action.READ,
            None,
            "school-inbox",
            403,
            "only teachers and the DSL of this school see its inbox",
        )
    caught_up(services, after)
    offset = _offset(cursor)
    rows = inbox(
        services.db,
        school_id,
        safeguarding=Role.DSL in principal.roles,
        limit=limit + 1,
        offset=offset,
    )
    result = _page(rows, offset, limit)
    record_many(
        services,
        principal,
        Action.READ,
        [i.child_id for i in result.items],
        "school-inbox",
        Outcome.ALLOWED,
    )
    return result


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
    if not principal.acts_for(setting_id, Role.PRACTITIONER, Role.MANAGER, Role.DSL):
        raise deny(
            services,
            principal,
            Action.READ,
            None,
            "setting-outbox",
            403,
            "only staff of this setting see what it sent",
        )
    caught_up(services, after)
    offset = _offset(cursor)
    rows = outbox(
        services.db,
        setting_id,
        safeguarding=Role.DSL in principal.roles,
        overdue_on=services.app.today() if overdue else None,
        limit=limit + 1,
        offset=offset,
    )
    result = _page(rows, offset, limit)
    record_many(
        services,
        principal,
        Action.READ,
        [i.child_id for i in result.items],
        "setting-outbox",
        Outcome.ALLOWED,
    )
    return result
