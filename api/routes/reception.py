"""The reception year: a school's EYFS profile of a child, its CTF export for the school's MIS,
and the aggregate return for the local authority.

A school records the profile once it enrols the child (``POST .../enrolments`` by its manager,
after acknowledging a transition packet). The CTF carries the child's names and date of birth
from the school's own record, for the school's own MIS: never cached, never logged.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from fastapi.responses import Response

from api import ctf
from api.access import Purpose, deny, open_child, record, record_many
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.pages import After, caught_up, require_staff
from api.schemas.common import Page
from api.schemas.handovers import InboxItem
from api.schemas.reception import EyfsProfileCreate, EyfsProfilePublic, EyfsReturn, GoalCount
from api.services import Services
from api.writes import one_transaction
from domain.access_log.entry import Action, Outcome
from domain.errors import ChildErased, NotFound
from domain.handover.packet import PacketStatus
from domain.journey.child import Child, EyfsProfile
from domain.journey.eyfs import EARLY_LEARNING_GOALS, ProfileResult, good_level_of_development
from domain.organisations.organisation import OrganisationKind, Role
from projections.views.children_list import list_children
from projections.views.handovers import Handovers, inbox
from projections.views.setting_children import SettingChildren

router = APIRouter(tags=["reception year"])
RECORDERS = (Role.TEACHER, Role.MANAGER)
READERS = (Role.TEACHER, Role.MANAGER, Role.DSL)
SMALL = 5  # fewer children than this in a count: null
Year = Annotated[
    int | None,
    Query(ge=2021, le=2100, description="academic year (its first calendar year); default: now"),
]


def profile_public(
    child: Child, profile: EyfsProfile, position: int | None = None
) -> EyfsProfilePublic:
    return EyfsProfilePublic(
        id=UUID(profile["id"]),
        child_id=child.id,
        school_id=UUID(profile["setting_id"]),
        assessed_on=profile["assessed_on"],
        goals={code: ProfileResult(v) for code, v in profile["goals"].items()},
        good_level_of_development=good_level_of_development(profile["goals"]),
        comments=profile["comments"],
        recorded_by=UUID(profile["recorded_by"]),
        recorded_at=profile["recorded_at"],
        replaces=UUID(profile["replaces"]) if profile["replaces"] else None,
        position=position,
    )


def _at_school(
    services: Services, principal: Principal, child_id: UUID | None, action: Action, resource: str
) -> None:
    """The profile is a school's: staff of anything else are refused (whatever the child)."""
    if principal.org_kind is not OrganisationKind.SCHOOL:
        raise deny(
            services,
            principal,
            action,
            child_id,
            resource,
            403,
            "the EYFS profile is recorded by the child's school, in the reception year",
        )


def school_child(
    services: Services,
    principal: Principal,
    child_id: UUID,
    action: Action,
    resource: str,
    roles: tuple[Role, ...],
) -> Child:
    """The child, for ``roles`` at a school enrolling them; a school that has not taken the
    child on (no acknowledged packet, no enrolment) gets 404, as for any other child."""
    _at_school(services, principal, child_id, action, resource)
    return open_child(services, principal, child_id, action, resource, roles=roles)


@router.post("/v1/children/{child_id}/eyfs-profile", status_code=status.HTTP_201_CREATED)
@one_transaction()
def record_eyfs_profile(
    child_id: UUID, body: EyfsProfileCreate, principal: PrincipalDep, services: ServicesDep
) -> EyfsProfilePublic:
    """Record the child's EYFS profile (a teacher or manager of the school enrolling the child,
    in the reception year): all 17 goals, each expected or emerging. Baton works out the good
    level of development. A later profile corrects the earlier one; both are kept."""
    school_child(services, principal, child_id, Action.CREATE, "eyfs-profile", RECORDERS)
    school_id, staff_id = principal.staff_ref()
    written = services.app.record_eyfs_profile(
        child_id,
        assessed_on=body.assessed_on,
        goals=body.goals,
        comments=body.comments,
        school_id=school_id,
        recorded_by=staff_id,
    )
    child: Child = written.state
    profile = child.current_eyfs_profile(school_id)
    assert profile is not None
    return profile_public(child, profile, written.position)


@router.get("/v1/children/{child_id}/eyfs-profile")
def get_eyfs_profile(
    child_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> EyfsProfilePublic:
    """The school's current EYFS profile of the child (its latest correction)."""
    child = school_child(services, principal, child_id, Action.READ, "eyfs-profile", READERS)
    profile = child.current_eyfs_profile(principal.staff_ref()[0])
    if profile is None:
        raise NotFound("the EYFS profile (none is recorded yet)")
    return profile_public(child, profile)


def _school(services: Services, school_id: UUID) -> ctf.CtfSchool:
    org = services.app.organisation(school_id)
    return ctf.CtfSchool(name=org.name, urn=org.urn)


def _pupil(child: Child, profile: EyfsProfile) -> ctf.CtfPupil:
    return ctf.CtfPupil(
        surname=child.family_name,
        forename=child.given_name,
        date_of_birth=child.date_of_birth,
        assessed_on=profile["assessed_on"],
        goals=dict(profile["goals"]),
    )


def _download(document: bytes, name: str) -> Response:
    return Response(
        document,
        media_type=ctf.MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.get(
    "/v1/children/{child_id}/eyfs-profile/ctf",
    response_class=Response,
    responses={200: {"content": {ctf.MEDIA_TYPE: {}}}},
)
def child_profile_ctf(child_id: UUID, principal: PrincipalDep, services: ServicesDep) -> Response:
    """The child's current profile as a Common Transfer File (CTF 21, the EYFSP block), for the
    school's MIS: an attachment, never cached."""
    child = school_child(services, principal, child_id, Action.READ, "eyfs-profile-ctf", RECORDERS)
    school_id = principal.staff_ref()[0]
    profile = child.current_eyfs_profile(school_id)
    if profile is None:
        raise NotFound("the EYFS profile (none is recorded yet)")
    school, now = _school(services, school_id), services.app.clock()
    return _download(
        ctf.build_ctf(school, [_pupil(child, profile)], now), ctf.file_name(school, now)
    )


def _year_of(day: date) -> int:
    return int(ctf.academic_year(day))


def _profiles_of_year(
    services: Services, school_id: UUID, year: int
) -> list[tuple[Child, EyfsProfile]]:
    """The current profiles, assessed in academic ``year``, of the children the school enrols."""
    found = []
    for row in list_children(services.db, services.child_keys, school_id, limit=100_000):
        try:
            child = services.app.child(UUID(str(row["child_id"])))
        except (NotFound, ChildErased):
            continue
        profile = child.current_eyfs_profile(school_id)
        if profile is not None and _year_of(profile["assessed_on"]) == year:
            found.append((child, profile))
    return sorted(found, key=lambda cp: (cp[0].family_name, cp[0].given_name, str(cp[0].id)))


def _school_staff(
    services: Services,
    principal: Principal,
    school_id: UUID,
    roles: tuple[Role, ...],
    resource: str,
) -> None:
    _at_school(services, principal, None, Action.READ, resource)
    require_staff(
        services, principal, school_id, roles, resource, "only the school's own staff read this"
    )


@router.get(
    "/v1/schools/{school_id}/eyfs-profiles/ctf",
    response_class=Response,
    responses={200: {"content": {ctf.MEDIA_TYPE: {}}}},
)
def school_profiles_ctf(
    school_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    academic_year: Year = None,
    after: After = None,
) -> Response:
    """Every current profile of the year at the school, in one CTF for its MIS (a teacher or
    manager of the school): each child exported is in the access log."""
    _school_staff(services, principal, school_id, RECORDERS, "eyfs-profiles-ctf")
    caught_up(services, SettingChildren.name, after)
    now = services.app.clock()
    year = academic_year or _year_of(services.app.today())
    profiles = _profiles_of_year(services, school_id, year)
    record_many(
        services,
        principal,
        Action.READ,
        [child.id for child, _ in profiles],
        "eyfs-profile-ctf",
        Outcome.ALLOWED,
    )
    school = _school(services, school_id)
    pupils = [_pupil(child, profile) for child, profile in profiles]
    return _download(ctf.build_ctf(school, pupils, now), ctf.file_name(school, now))


def _shown(part: int, total: int) -> bool:
    """A count is shown only when it and the rest of ``total`` each count ``SMALL`` children
    or more: a count of fewer is null, and so is its complement, which would give it away by
    subtraction from the total."""
    return part >= SMALL and total - part >= SMALL


@router.get("/v1/schools/{school_id}/eyfs-profiles/return")
def eyfs_return(
    school_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    academic_year: Year = None,
    after: After = None,
) -> EyfsReturn:
    """The year's EYFS profile results at the school, for the local authority (its manager):
    counts per goal and of a good level of development, with no child's name, id or date of
    birth; any count of fewer than 5 children is null."""
    _school_staff(services, principal, school_id, (Role.MANAGER,), "eyfs-return")
    caught_up(services, SettingChildren.name, after)
    year = academic_year or _year_of(services.app.today())
    goals = [profile["goals"] for _, profile in _profiles_of_year(services, school_id, year)]
    record(services, principal, Action.READ, None, "eyfs-return", Outcome.ALLOWED)
    total = len(goals)
    gld = sum(good_level_of_development(g) for g in goals)
    counts = []
    for code, (_, title) in EARLY_LEARNING_GOALS.items():
        expected = sum(g[code] == ProfileResult.EXPECTED for g in goals)
        shown = _shown(expected, total)
        counts.append(
            GoalCount(
                code=code,
                title=title,
                expected=expected if shown else None,
                emerging=total - expected if shown else None,
            )
        )
    return EyfsReturn(
        school_id=school_id,
        academic_year=year,
        children=total if total >= SMALL else None,
        good_level_of_development=gld if _shown(gld, total) else None,
        good_level_of_development_percentage=(
            round(100 * gld / total, 1) if _shown(gld, total) else None
        ),
        goals=counts,
    )


@router.get("/v1/schools/{school_id}/reception/waiting")
def waiting_to_join(
    school_id: UUID, principal: PrincipalDep, services: ServicesDep, after: After = None
) -> Page[InboxItem]:
    """Children whose transition packet the school acknowledged and whom it does not enrol yet
    (its manager enrols them with ``POST /v1/children/{child_id}/enrolments``)."""
    _school_staff(services, principal, school_id, READERS, "reception-waiting")
    caught_up(services, Handovers.name, after)
    rows = inbox(services.db, services.child_keys, school_id, safeguarding=False, limit=1000)
    items, seen = [], set()
    for row in rows:
        item = InboxItem.model_validate(row)
        if item.status is not PacketStatus.ACKNOWLEDGED or item.child_id in seen:
            continue
        try:
            if services.app.child(item.child_id).is_enrolled_at(school_id):
                continue
        except (NotFound, ChildErased):
            continue
        seen.add(item.child_id)
        items.append(item)
    record_many(
        services,
        principal,
        Action.READ,
        [i.child_id for i in items],
        "reception-waiting",
        Outcome.ALLOWED,
        Purpose.TRANSITION,
    )
    return Page[InboxItem](items=items, next=None)
