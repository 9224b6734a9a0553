"""Partnerships (hubs, alliances, associations, localities): membership by acceptance, the
figures of every member and in total (never a child), and moderation samples with reviews.

Who sees what: staff of a member organisation see the partnership, its dashboard and its
samples; staff of an invited organisation see the partnership (to accept); staff of the local
authority whose area it is in see the partnership and its dashboard, never a sample. Anyone
else gets 404, as for a partnership that does not exist, and the refusal is logged.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, status

from api.access import Purpose, deny, open_child, record, record_many
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.pages import After, caught_up, reading
from api.schemas.partnerships import (
    Dashboard,
    Member,
    MemberFigures,
    ModerationCreate,
    PartnershipArea,
    PartnershipCreate,
    PartnershipInvitation,
    PartnershipList,
    PartnershipListed,
    PartnershipPublic,
    ReviewCreate,
    ReviewPublic,
    SampleList,
    SamplePublic,
)
from api.services import Services
from api.writes import one_transaction
from domain.access_log.entry import Action, Outcome
from domain.errors import ChildErased, NotFound
from domain.organisations.organisation import OrganisationKind, Role
from domain.partnerships.partnership import Partnership
from domain.partnerships.sample import ModerationSample
from projections.views.handovers import Handovers
from projections.views.journey_entries import JourneyEntries
from projections.views.partnership_figures import SMALL, figures
from projections.views.partnerships import PartnershipMembers, partnerships_of
from projections.views.setting_children import SettingChildren

router = APIRouter(prefix="/v1/partnerships", tags=["partnerships"])
RESOURCE, DASHBOARD, SAMPLE = "partnership", "partnership-dashboard", "moderation-sample"
NOT_FOUND = "the partnership was not found"


def _org_name(services: Services, org_id: UUID | str) -> str:
    try:
        return services.app.organisation(UUID(str(org_id))).name
    except NotFound:
        return "an organisation no longer in Baton"


def partnership_public(
    services: Services, partnership: Partnership, position: int | None = None
) -> PartnershipPublic:
    members = []
    for m in partnership.members.values():
        org = services.app.organisation(UUID(m["org_id"]))
        joined = m["joined_at"]
        members.append(
            Member(
                org_id=org.id,
                name=org.name,
                kind=org.kind_code,
                state=m["state"],
                joined_at=datetime.fromisoformat(joined) if joined else None,
            )
        )
    la = partnership.local_authority_id
    return PartnershipPublic(
        id=partnership.id,
        name=partnership.name,
        kind=partnership.kind,
        members=members,
        local_authority_id=UUID(la) if la else None,
        position=position,
    )


def open_partnership(
    services: Services,
    principal: Principal,
    partnership_id: UUID,
    action: Action,
    resource: str,
    *,
    invited: bool = False,
    local_authority: bool = False,
    roles: tuple[Role, ...] = (),
) -> Partnership:
    """The partnership, for staff of a member organisation (of an invited one too with
    ``invited``, of its local authority with ``local_authority``) holding any of ``roles``
    (any role when none are named); 404 to anyone unrelated, 403 to the wrong role."""

    def refuse(status_code: int, detail: str) -> Problem:
        return deny(services, principal, action, None, resource, status_code, detail)

    if principal.is_operator or principal.is_parent or principal.org_id is None:
        raise refuse(404, NOT_FOUND)
    try:
        partnership = services.app.partnership(partnership_id)
    except NotFound:
        raise refuse(404, NOT_FOUND) from None
    org_id = principal.org_id
    related = (
        partnership.is_member(org_id)
        or (invited and partnership.is_invited(org_id))
        or (local_authority and partnership.in_area_of(org_id))
    )
    if not related:
        raise refuse(404, NOT_FOUND)
    if roles and not principal.roles & set(roles):
        needed = " or ".join(r.value for r in roles)
        raise refuse(403, f"this needs the role {needed} at a member organisation")
    return partnership


def _manager(services: Services, principal: Principal, detail: str) -> tuple[UUID, UUID]:
    if principal.is_operator or principal.is_parent or Role.MANAGER not in principal.roles:
        raise deny(services, principal, Action.CREATE, None, RESOURCE, 403, detail)
    return principal.staff_ref()


@router.post("", status_code=status.HTTP_201_CREATED)
@one_transaction()
def create_partnership(
    body: PartnershipCreate, principal: PrincipalDep, services: ServicesDep
) -> PartnershipPublic:
    """Form a partnership (a `manager`): the manager's organisation is a member at once, and
    each organisation in `invite` joins when one of its managers accepts.

    Example: `{"name": "Riverside hub", "kind": "hub", "invite": ["<org id>"]}` → 201
    `{"id", "name", "kind", "members": [{"org_id", "name", "kind", "state", "joined_at"}]}`."""
    org_id, staff_id = _manager(services, principal, "a manager forms a partnership")
    if principal.org_kind is OrganisationKind.LOCAL_AUTHORITY:
        raise deny(
            services,
            principal,
            Action.CREATE,
            None,
            RESOURCE,
            403,
            "a local authority reads the figures of partnerships in its area; settings and "
            "schools form them",
        )
    written = services.app.form_partnership(
        body.name,
        body.kind.value,
        founder_id=org_id,
        formed_by=staff_id,
        invite=body.invite,
        local_authority_id=body.local_authority_id,
    )
    return partnership_public(services, written.state, written.position)


@router.get("")
def list_partnerships(
    principal: PrincipalDep, services: ServicesDep, after: After = None
) -> PartnershipList:
    """The partnerships the caller's organisation is a member of, is invited to, or (a local
    authority) has in its area."""
    if principal.is_operator or principal.is_parent or principal.org_id is None:
        return PartnershipList(items=[])
    caught_up(services, PartnershipMembers.name, after)
    found = reading(lambda: partnerships_of(services.db, principal.org_id))()  # type: ignore[arg-type]
    items = []
    for pid, relation in found:
        try:
            p = services.app.partnership(UUID(pid))
        except NotFound:
            continue
        items.append(PartnershipListed(id=p.id, name=p.name, kind=p.kind, relation=relation))
    return PartnershipList(items=items)


@router.get("/{partnership_id}")
def get_partnership(
    partnership_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> PartnershipPublic:
    """The partnership and its members (state `invited` or `member`)."""
    partnership = open_partnership(
        services,
        principal,
        partnership_id,
        Action.READ,
        RESOURCE,
        invited=True,
        local_authority=True,
    )
    return partnership_public(services, partnership)


@router.post("/{partnership_id}/members", status_code=status.HTTP_201_CREATED)
@one_transaction()
def invite_member(
    partnership_id: UUID,
    body: PartnershipInvitation,
    principal: PrincipalDep,
    services: ServicesDep,
) -> PartnershipPublic:
    """Invite another organisation (a manager of a member)."""
    open_partnership(
        services, principal, partnership_id, Action.UPDATE, RESOURCE, roles=(Role.MANAGER,)
    )
    _, staff_id = principal.staff_ref()
    written = services.app.invite_to_partnership(partnership_id, body.org_id, staff_id)
    return partnership_public(services, written.state, written.position)


@router.post("/{partnership_id}/members/{org_id}/acceptance")
@one_transaction(200)
def accept_membership(
    partnership_id: UUID, org_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> PartnershipPublic:
    """The invited organisation joins: only one of its own managers accepts."""
    partnership = open_partnership(
        services, principal, partnership_id, Action.UPDATE, RESOURCE, invited=True
    )
    if principal.org_id != org_id or Role.MANAGER not in principal.roles:
        raise deny(
            services,
            principal,
            Action.UPDATE,
            None,
            RESOURCE,
            403,
            "only a manager of the invited organisation accepts its invitation",
        )
    if not partnership.members.get(str(org_id)):
        raise Problem(404, "the invitation was not found")
    _, staff_id = principal.staff_ref()
    written = services.app.accept_partnership(partnership_id, org_id, staff_id)
    return partnership_public(services, written.state, written.position)


@router.post("/{partnership_id}/local-authority")
@one_transaction(200)
def set_local_authority(
    partnership_id: UUID, body: PartnershipArea, principal: PrincipalDep, services: ServicesDep
) -> PartnershipPublic:
    """The local authority whose area the partnership is in (a manager of a member); its staff
    read the dashboard. `null` takes it away."""
    open_partnership(
        services, principal, partnership_id, Action.UPDATE, RESOURCE, roles=(Role.MANAGER,)
    )
    _, staff_id = principal.staff_ref()
    written = services.app.set_partnership_area(partnership_id, body.local_authority_id, staff_id)
    return partnership_public(services, written.state, written.position)


def dashboard_of(
    services: Services, principal: Principal, partnership_id: UUID, after: int | None = None
) -> Dashboard:
    partnership = open_partnership(
        services, principal, partnership_id, Action.READ, DASHBOARD, local_authority=True
    )
    for view in (SettingChildren.name, JourneyEntries.name, Handovers.name):
        caught_up(services, view, after)
    members = [str(m) for m in partnership.member_ids()]
    found = reading(
        lambda: figures(services.db, members, services.app.today(), services.app.holidays)
    )()
    record(services, principal, Action.READ, None, DASHBOARD, Outcome.ALLOWED)
    return Dashboard.model_validate(
        {
            "id": partnership.id,
            "name": partnership.name,
            "since": found["since"],
            "until": found["until"],
            "small_number": SMALL,
            "members": [
                MemberFigures.model_validate(
                    {"org_id": m, "name": _org_name(services, m), "figures": f}
                )
                for m, f in found["members"].items()
            ],
            "total": found["total"],
            "by_month": found["by_month"],
        }
    )


@router.get("/{partnership_id}/dashboard")
def get_dashboard(
    partnership_id: UUID, principal: PrincipalDep, services: ServicesDep, after: After = None
) -> Dashboard:
    """Figures per member and in total, and by month over the last 12 months: children on
    roll, observations per area in the last 12 weeks, packets sent, opened and acknowledged on
    time. No child's name, id or date of birth; any figure about fewer than 5 children is
    `null`, and a total counts only the members whose own figure is shown."""
    return dashboard_of(services, principal, partnership_id, after)


def sample_public(
    services: Services, sample: ModerationSample, position: int | None = None
) -> SamplePublic:
    content = sample.content
    reviews = [
        ReviewPublic(
            org_id=UUID(r["org_id"]),
            org_name=_org_name(services, r["org_id"]),
            agree=r["agree"],
            comment=r["comment"],
            reviewed_at=datetime.fromisoformat(r["reviewed_at"]),
        )
        for r in sample.reviews.values()
    ]
    return SamplePublic.model_validate(
        {
            "id": sample.id,
            "partnership_id": sample.partnership_id,
            "shared_by": sample.shared_by_org,
            "shared_by_name": _org_name(services, sample.shared_by_org),
            "shared_at": sample.shared_at,
            "assessment": content["assessment"],
            "evidence": content["evidence"],
            "names_replaced_with": content["names_replaced_with"],
            "reviews": reviews,
            "position": position,
        }
    )


@router.post("/{partnership_id}/moderation", status_code=status.HTTP_201_CREATED)
@one_transaction()
def share_sample(
    partnership_id: UUID, body: ModerationCreate, principal: PrincipalDep, services: ServicesDep
) -> SamplePublic:
    """Share a pseudonymised copy of one of the setting's assessments of a child it enrols, with
    its evidence (the setting's observations in the assessment's areas in the 12 weeks before
    it), for the other members to review (a `manager` of a member). The copy holds no name, id
    or date of birth of the child: the age is a band of months, and the child's names in the
    text read "the child". The access log records the sharing as a read of the child."""
    open_partnership(
        services, principal, partnership_id, Action.CREATE, SAMPLE, roles=(Role.MANAGER,)
    )
    open_child(
        services,
        principal,
        body.child_id,
        Action.READ,
        SAMPLE,
        roles=(Role.MANAGER,),
        purpose=Purpose.MODERATION,
    )
    org_id, staff_id = principal.staff_ref()
    written = services.app.share_for_moderation(
        partnership_id, body.child_id, body.assessment_id, org_id=org_id, shared_by=staff_id
    )
    return sample_public(services, written.state, written.position)


def samples_of(
    services: Services, principal: Principal, partnership: Partnership
) -> list[SamplePublic]:
    """The partnership's samples, newest first; one of an erased child is gone. Each read is
    an access-log entry about the child it was drawn from (never shown to the reader)."""
    found: list[ModerationSample] = []
    for sample_id in reversed(partnership.samples):
        try:
            found.append(services.app.moderation_sample(UUID(sample_id)))
        except (ChildErased, NotFound):
            continue
    record_many(
        services,
        principal,
        Action.READ,
        [UUID(s.child_id) for s in found],
        SAMPLE,
        Outcome.ALLOWED,
        Purpose.MODERATION,
    )
    return [sample_public(services, s) for s in found]


@router.get("/{partnership_id}/moderation")
def list_samples(
    partnership_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> SampleList:
    """Every moderation sample shared in the partnership, newest first, with its reviews."""
    partnership = open_partnership(services, principal, partnership_id, Action.READ, SAMPLE)
    return SampleList(items=samples_of(services, principal, partnership))


def sample_in(
    services: Services, principal: Principal, partnership_id: UUID, sample_id: UUID
) -> ModerationSample:
    try:
        sample = services.app.moderation_sample(sample_id)
    except (ChildErased, NotFound):
        raise deny(
            services, principal, Action.UPDATE, None, SAMPLE, 404, "the sample was not found"
        ) from None
    if sample.partnership_id != str(partnership_id):
        raise deny(
            services, principal, Action.UPDATE, None, SAMPLE, 404, "the sample was not found"
        )
    return sample


@router.post(
    "/{partnership_id}/moderation/{sample_id}/reviews", status_code=status.HTTP_201_CREATED
)
@one_transaction()
def review_sample(
    partnership_id: UUID,
    sample_id: UUID,
    body: ReviewCreate,
    principal: PrincipalDep,
    services: ServicesDep,
) -> SamplePublic:
    """A member's view of a sample: agree with the judgements or not, and why. One view per
    member organisation (a later one replaces it); the member that shared it does not review."""
    open_partnership(services, principal, partnership_id, Action.UPDATE, SAMPLE)
    sample = sample_in(services, principal, partnership_id, sample_id)
    org_id, staff_id = principal.staff_ref()
    record(
        services,
        principal,
        Action.UPDATE,
        UUID(sample.child_id),
        SAMPLE,
        Outcome.ALLOWED,
        Purpose.MODERATION,
    )
    written = services.app.review_sample(
        sample_id, org_id=org_id, reviewed_by=staff_id, agree=body.agree, comment=body.comment
    )
    return sample_public(services, written.state, written.position)
