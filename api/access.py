"""The guard in front of every child's data: decide, record the decision, then allow or refuse.

No audit, no access: the entry is written (durably) before any data is touched or returned; if
it cannot be written the request fails with 503 and nothing else happens.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from api.auth import Principal
from api.errors import Problem
from api.refusals import refusal_recorded
from api.services import Services
from domain.access_log.entry import AccessEntry, Action, Outcome
from domain.errors import ChildErased, NotFound
from domain.handover.packet import HandoverPacket
from domain.journey.child import Child
from domain.organisations.organisation import Role

# Who records a child's journey where the child is enrolled: a school's teacher does, as a
# setting's practitioner does, once the school enrols the child for the reception year.
SETTING_ROLES = (Role.PRACTITIONER, Role.TEACHER, Role.MANAGER, Role.DSL)
# Who opens what an organisation received: at a school its teachers, managers and DSL; at
# another professional (a family hub, a health visiting team...) its practitioners, managers
# and DSL. Safeguarding packets: the DSL only.
RECIPIENT_ROLES = (Role.PRACTITIONER, Role.TEACHER, Role.MANAGER, Role.DSL)
# What a setting the child has left keeps: its managers and DSL read what it recorded.
FORMER_ROLES = (Role.MANAGER, Role.DSL)


class Purpose(StrEnum):
    """Why data is used (FHIR purpose of use, in the service's own words)."""

    CARE = "care"  # a setting keeping the learning journey of a child it looks after
    TRANSITION = "transition"
    INTEGRATED_REVIEW = "integrated_review"  # the progress check at two, to the health visitor
    TEAM_AROUND_THE_CHILD = "team_around_the_child"  # to another professional around the child
    SAFEGUARDING = "safeguarding"
    AUDIT = "audit"  # a DSL reviewing who accessed what
    BREAK_GLASS = "break-glass"  # emergency access outside the normal relationship, flagged
    ADMINISTRATION = "administration"  # who may act for an organisation: staff, roles, tokens
    SUBJECT_ACCESS = "subject-access"  # everything held about the child, for its subject
    ERASURE = "erasure"  # a controller erasing what it holds
    FAMILY = "family"  # a parent or carer following their own child
    MODERATION = "moderation"  # a pseudonymised sample shared with a partnership's members


def record(
    services: Services,
    principal: Principal,
    action: Action,
    child_id: UUID | None,
    resource: str,
    outcome: Outcome,
    purpose: Purpose = Purpose.CARE,
) -> None:
    record_many(services, principal, action, [child_id], resource, outcome, purpose)


def record_many(
    services: Services,
    principal: Principal,
    action: Action,
    child_ids: list[UUID | None],
    resource: str,
    outcome: Outcome,
    purpose: Purpose = Purpose.CARE,
) -> None:
    """One entry per child, committed together (a list read touches every child it shows).
    A refusal names the request's token by its hash prefix, and is not recorded again."""
    at = datetime.now(UTC)
    prefix = refusal_recorded() if outcome is Outcome.DENIED else None
    services.access_log.append_many(
        [
            AccessEntry(
                at=at,
                actor_id=principal.actor_id,
                actor_org_id=principal.org_id,
                actor_roles=principal.role_names,
                action=action,
                child_id=child_id,
                resource=resource,
                outcome=outcome,
                purpose=purpose.value,
                token_hash_prefix=prefix,
            )
            for child_id in child_ids
        ]
    )


def deny(
    services: Services,
    principal: Principal,
    action: Action,
    child_id: UUID | None,
    resource: str,
    status: int,
    detail: str,
    purpose: Purpose = Purpose.CARE,
) -> Problem:
    record(services, principal, action, child_id, resource, Outcome.DENIED, purpose)
    return Problem(status, detail, slug="forbidden" if status == 403 else None)


def check_own_setting(
    services: Services, principal: Principal, setting_id: UUID, child_id: UUID, resource: str
) -> None:
    """A manager changes what concerns their own setting only (its key persons, its leavings)."""
    if setting_id != principal.org_id:
        raise deny(
            services,
            principal,
            Action.UPDATE,
            child_id,
            resource,
            403,
            f"a manager records the {resource} of their own setting only",
        )


def open_child(
    services: Services,
    principal: Principal,
    child_id: UUID,
    action: Action,
    resource: str,
    roles: tuple[Role, ...] = SETTING_ROLES,
    purpose: Purpose = Purpose.CARE,
    former: bool = False,
    received: bool = False,
) -> Child:
    """The child, for staff holding ``roles`` at a setting that enrols them; else 404 or 403.

    A setting the child has left keeps read access for its managers and DSL (``FORMER_ROLES``);
    ``former`` lets such a setting do more (erase, hold) with ``roles``, and ``received`` counts
    an organisation that received a packet about the child as related too. Staff of an
    organisation with no relationship get 404, as for a child that does not exist: a 403 would
    tell them the child is known to Baton. An erased child answers 410 to everyone.
    """

    def refuse(status: int, detail: str) -> Problem:
        return deny(services, principal, action, child_id, resource, status, detail, purpose)

    if principal.is_operator:
        raise refuse(403, "the operator administers Baton and does not read children's records")
    if principal.is_parent:  # a parent reads through the family pages only (api/family.py)
        raise refuse(404, "the child was not found")
    try:
        child = services.app.child(child_id)
    except NotFound:
        raise refuse(404, "the child was not found") from None
    except ChildErased as e:
        record(services, principal, action, child_id, resource, Outcome.DENIED, purpose)
        raise Problem(410, str(e), slug="child-erased") from None
    if action is Action.READ and under_break_glass(services, principal, child):
        record(
            services, principal, action, child_id, resource, Outcome.ALLOWED, Purpose.BREAK_GLASS
        )
        return child
    org_id, _ = principal.staff_ref()
    if not child.is_enrolled_at(org_id):
        related = child.has_enrolled_at(org_id) or (received and child.received_by(org_id))
        if not related:
            raise refuse(404, "the child was not found")
        if not former and action is not Action.READ:
            raise refuse(403, "the child has left this setting; its record here is read-only")
        if not former:
            roles = tuple(r for r in roles if r in FORMER_ROLES)
            if not principal.roles & set(roles):
                raise refuse(
                    403, "the child has left this setting; only its managers and DSL read it"
                )
    if not principal.roles & set(roles):
        needed = " or ".join(r.value for r in roles)
        raise refuse(403, f"this needs the role {needed} at a setting where the child is enrolled")
    record(services, principal, action, child_id, resource, Outcome.ALLOWED, purpose)
    return child


def under_break_glass(services: Services, principal: Principal, child: Child) -> bool:
    """A DSL outside the normal relationship whose break-glass access to the child is open:
    they read (never write) the whole record, every read flagged."""
    org_id, staff_id = principal.staff_ref()
    return not child.is_enrolled_at(org_id) and child.break_glass_active(
        staff_id, services.app.clock()
    )


def packet_purpose(packet: HandoverPacket) -> Purpose:
    """What the packet was shared for: its kind (transition, integrated_review,
    team_around_the_child, safeguarding)."""
    return Purpose(packet.kind)


def open_packet(
    services: Services,
    principal: Principal,
    packet_id: UUID,
    action: Action,
    resource: str,
    *,
    school: bool = True,
    sender: bool = False,
    school_roles: tuple[Role, ...] = RECIPIENT_ROLES,
) -> HandoverPacket:
    """The packet, for the receiving organisation's ``school_roles`` (``school``: a school or
    another professional) and/or the sending setting's staff (``sender``); safeguarding packets
    for DSLs only. Others get 404."""
    try:
        packet = services.app.handover(packet_id)
    except NotFound:
        raise deny(
            services, principal, action, None, resource, 404, "the packet was not found"
        ) from None
    child_id = UUID(packet.child_id)
    purpose = packet_purpose(packet)
    if services.erasures.is_erased(child_id):
        record(services, principal, action, child_id, resource, Outcome.DENIED, purpose)
        raise Problem(410, "the child's record was erased", slug="child-erased")
    wanted = (Role.DSL,) if packet.is_safeguarding else None
    allowed = False
    if school and principal.org_id == UUID(packet.school_id):
        allowed = bool(principal.roles & set(wanted or school_roles))
    if sender and principal.org_id == UUID(packet.from_id):
        allowed = allowed or bool(principal.roles & set(wanted or SETTING_ROLES))
    if not allowed:
        record(services, principal, action, child_id, resource, Outcome.DENIED, purpose)
        if packet.is_safeguarding and principal.org_id in (
            UUID(packet.school_id),
            UUID(packet.from_id),
        ):
            raise Problem(
                403,
                "safeguarding packets are for designated safeguarding leads only",
                slug="forbidden",
            )
        raise Problem(404, "the packet was not found")
    record(services, principal, action, child_id, resource, Outcome.ALLOWED, purpose)
    return packet


def open_family_child(
    services: Services,
    principal: Principal,
    child_id: UUID,
    action: Action,
    resource: str,
    purpose: Purpose = Purpose.FAMILY,
) -> Child:
    """The child, for a parent or carer whose access to it is open; 404 to anyone else (a
    parent learns nothing of a child not theirs, not even that it exists, nor that it was
    erased). ``purpose``: SUBJECT_ACCESS for the parent's own download of the record."""

    def refuse() -> Problem:
        return deny(
            services,
            principal,
            action,
            child_id,
            resource,
            404,
            "the child was not found",
            purpose,
        )

    if not principal.is_parent or principal.parent_id is None:
        raise refuse()
    try:
        child = services.app.child(child_id)
    except (NotFound, ChildErased):
        raise refuse() from None
    if not child.parent_may_see(principal.parent_id):
        raise refuse()
    record(services, principal, action, child_id, resource, Outcome.ALLOWED, purpose)
    return child
