"""Per-setting views, read from projections (never by replaying aggregates)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from api import cursors
from api.access import SETTING_ROLES, record_many
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.pages import DEFAULT_LIMIT, After, CursorQuery, Limit, read_page, require_staff
from api.schemas.common import Page
from api.schemas.settings_views import Caseload, CaseloadChild, RegisterEntry, SettingChild
from api.services import Services
from consent.vocabulary import Status
from domain.access_log.entry import Action, Outcome
from domain.journey.eyfs import Area
from projections.keyset import BadCursor
from projections.views.children_list import caseloads, child_key, list_children
from projections.views.consent_register import ConsentRegister, consent_key, register
from projections.views.setting_children import SettingChildren as ChildrenView

router = APIRouter(prefix="/v1/settings/{setting_id}", tags=["setting views"])
Sort = Literal["name", "date_of_birth", "last_observed_on", "-last_observed_on"]
CHILD_KEYS: dict[str, cursors.Shape] = {  # see children_list.child_key
    "name": (cursors.text, cursors.ident),  # sealed under the child's key
    "date_of_birth": (cursors.text, cursors.ident),
    "last_observed_on": (cursors.day_or_none, cursors.ident),
    "-last_observed_on": (cursors.day_or_none, cursors.ident),
}


def _staff_only(services: Services, principal: Principal, setting_id: UUID, resource: str) -> None:
    require_staff(
        services,
        principal,
        setting_id,
        SETTING_ROLES,
        resource,
        "only staff of this setting see its children",
    )


@router.get("/children")
def setting_children(
    setting_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    area_gap: Annotated[
        Area | None,
        Query(description="only children with no observation in this area for `weeks` weeks"),
    ] = None,
    weeks: Annotated[int, Query(ge=1, le=104)] = 6,
    sort: Sort = "name",
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    after: After = None,
) -> Page[SettingChild]:
    """The children a setting enrols, with observation counts per area and status."""
    return children_page(
        services, principal, setting_id, area_gap, weeks, sort, cursor, limit, after
    )


def children_page(
    services: Services,
    principal: Principal,
    setting_id: UUID,
    area_gap: Area | None = None,
    weeks: int = 6,
    sort: str = "name",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    after: int | None = None,
    named: str | None = None,
) -> Page[SettingChild]:
    """One page of the setting's children; ``named``: only those whose name holds it (the web
    page's search, posted in a form: a name never travels in a URL)."""
    _staff_only(services, principal, setting_id, "setting-children")
    since = services.app.today() - timedelta(weeks=weeks) if area_gap else None
    page, next_cursor = read_page(
        services,
        principal,
        view=ChildrenView.name,
        resource="setting-children",
        cursor=cursor,
        limit=limit,
        after=after,
        shape=CHILD_KEYS[sort],
        key=lambda row: child_key(services.child_keys, sort, row),
        fetch=lambda start, n: _children(
            services, setting_id, area_gap, since, sort, start, n, named
        ),
    )
    return Page[SettingChild](
        items=[SettingChild.model_validate(r) for r in page], next=next_cursor
    )


def _children(
    services: Services,
    setting_id: UUID,
    area_gap: Area | None,
    since: date | None,
    sort: str,
    start: cursors.Key | None,
    n: int,
    named: str | None = None,
) -> list[dict[str, Any]]:
    try:
        return list_children(
            services.db,
            services.child_keys,
            setting_id,
            gap_area=area_gap,
            gap_since=since,
            sort=sort,
            after=start,
            limit=n,
            named=named,
        )
    except BadCursor:
        raise cursors.invalid() from None


@router.get("/key-persons")
def key_person_caseloads(
    setting_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> Page[Caseload]:
    """Each key person's caseload at the setting; children with none yet come last."""
    _staff_only(services, principal, setting_id, "key-persons")
    loads = caseloads(services.db, services.child_keys, setting_id)
    org = services.app.organisation(setting_id)
    items = []
    for staff_id, children in sorted(loads.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        member = org.member(UUID(staff_id)) if staff_id else None
        items.append(
            Caseload(
                staff_id=UUID(staff_id) if staff_id else None,
                name=member["name"] if member else None,
                children=[CaseloadChild(child_id=c, name=n) for c, n in children],
            )
        )
    record_many(
        services,
        principal,
        Action.READ,
        [c.child_id for i in items for c in i.children],
        "key-persons",
        Outcome.ALLOWED,
    )
    return Page[Caseload](items=items, next=None)


@router.get("/consents")
def consent_register(
    setting_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    status: Status | None = None,
    expiring_within_days: Annotated[
        int | None,
        Query(ge=0, le=366, description="only active consents ending within this many days"),
    ] = None,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    after: After = None,
) -> Page[RegisterEntry]:
    """The setting's consent register: who consented to what, for whom, until when."""
    _staff_only(services, principal, setting_id, "consent-register")
    ending_by = (
        services.app.today() + timedelta(days=expiring_within_days)
        if expiring_within_days is not None
        else None
    )
    page, next_cursor = read_page(
        services,
        principal,
        view=ConsentRegister.name,
        resource="consent-register",
        cursor=cursor,
        limit=limit,
        after=after,
        shape=(cursors.instant, cursors.ident),  # see consent_register.consent_key
        key=consent_key,
        fetch=lambda start, n: register(
            services.db,
            services.child_keys,
            setting_id,
            services.app.today(),
            status=status,
            ending_by=ending_by,
            limit=n,
            after=start,
        ),
    )
    return Page[RegisterEntry](
        items=[RegisterEntry.model_validate(r) for r in page], next=next_cursor
    )
