"""Per-setting views, read from projections (never by replaying aggregates)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.access import SETTING_ROLES, deny, record_many
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.present import DEFAULT_LIMIT, MAX_LIMIT, decode_cursor, encode_cursor
from api.services import Services
from consent.vocabulary import Status
from domain.access import Action, Outcome
from domain.eyfs import Area
from projections.consent_register import register
from projections.runner import wait_for_position
from projections.setting_children import ViewNotReady, caseloads, list_children

router = APIRouter(prefix="/v1/settings/{setting_id}", tags=["setting views"])
Sort = Literal["name", "date_of_birth", "last_observed_on", "-last_observed_on"]


class SettingChild(BaseModel):
    child_id: UUID
    name: str
    date_of_birth: date
    key_person_id: UUID | None
    observations: dict[str, int]
    last_observed_on: date | None
    consent: Literal["active", "none", "withdrawn"]
    handover: Literal["delivered", "opened", "acknowledged", "revoked"] | None


class SettingChildren(BaseModel):
    items: list[SettingChild]
    next: str | None


class CaseloadChild(BaseModel):
    child_id: UUID
    name: str


class Caseload(BaseModel):
    staff_id: UUID | None
    name: str | None
    children: list[CaseloadChild]


class Caseloads(BaseModel):
    items: list[Caseload]
    next: str | None = None


def _guard(services: Services, principal: Principal, setting_id: UUID, resource: str) -> None:
    if not principal.acts_for(setting_id, *SETTING_ROLES):
        raise deny(
            services,
            principal,
            Action.READ,
            None,
            resource,
            403,
            "only staff of this setting see its children",
        )


def caught_up(services: Services, after: int | None) -> None:
    """Read-your-writes: wait (bounded) until the view holds the write at ``after``."""
    if after is None:
        return
    names = [view.name for view in services.views]
    if not wait_for_position(services.db, names, after, services.settings.read_wait_seconds):
        raise Problem(
            503,
            f"the view has not reached position {after} yet; try again",
            slug="view-behind",
            headers={"Retry-After": "1"},
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
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    after: Annotated[
        int | None,
        Query(
            ge=0,
            description="wait until the view holds this log position (from a write's `position`)",
        ),
    ] = None,
) -> SettingChildren:
    """The children a setting enrols, with observation counts per area and status."""
    _guard(services, principal, setting_id, "setting-children")
    caught_up(services, after)
    offset = _offset(cursor)
    since = services.app.today() - timedelta(weeks=weeks) if area_gap else None
    try:
        rows = list_children(
            services.db,
            setting_id,
            gap_area=area_gap,
            gap_since=since,
            sort=sort,
            offset=offset,
            limit=limit + 1,
        )
    except ViewNotReady:
        raise Problem(503, "the view is being built; try again", slug="view-behind") from None
    page = rows[:limit]
    record_many(
        services,
        principal,
        Action.READ,
        [r["child_id"] for r in page],
        "setting-children",
        Outcome.ALLOWED,
    )
    more = len(rows) > limit
    return SettingChildren(
        items=[SettingChild.model_validate(r) for r in page],
        next=encode_cursor([str(offset + limit)]) if more else None,
    )


@router.get("/key-persons")
def key_person_caseloads(
    setting_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> Caseloads:
    """Each key person's caseload at the setting; children with none yet come last."""
    _guard(services, principal, setting_id, "key-persons")
    loads = caseloads(services.db, setting_id)
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
    return Caseloads(items=items)


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    key = decode_cursor(cursor)
    if len(key) != 1 or not key[0].isdigit():
        raise Problem(
            422,
            "the cursor is not one this service gave out",
            slug="validation",
            errors=[{"field": "cursor", "message": "is not a valid cursor"}],
        )
    return int(key[0])


class RegisterEntry(BaseModel):
    id: UUID
    child_id: UUID
    child_name: str | None
    given_by: str
    relationship: str
    recipient_id: UUID
    purpose: str
    categories: list[str]
    valid_from: date
    valid_until: date | None
    status: Status
    recorded_at: datetime


class Register(BaseModel):
    items: list[RegisterEntry]
    next: str | None


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
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> Register:
    """The setting's consent register: who consented to what, for whom, until when."""
    _guard(services, principal, setting_id, "consent-register")
    caught_up(services, after)
    offset = _offset(cursor)
    ending_by = (
        services.app.today() + timedelta(days=expiring_within_days)
        if expiring_within_days is not None
        else None
    )
    rows = register(
        services.db, setting_id, status=status, ending_by=ending_by, limit=limit + 1, offset=offset
    )
    page = rows[:limit]
    record_many(
        services,
        principal,
        Action.READ,
        [UUID(r["child_id"]) for r in page],
        "consent-register",
        Outcome.ALLOWED,
    )
    return Register(
        items=[RegisterEntry.model_validate(r) for r in page],
        next=encode_cursor([str(offset + limit)]) if len(rows) > limit else None,
    )
