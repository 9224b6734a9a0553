"""Handover packets: sealed by a setting, opened and acknowledged by the recipient (a school or
another professional around the child), revocable."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, status

from api.access import Purpose, open_child, open_packet, packet_purpose, record
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.schemas.handovers import (
    Acknowledgement,
    HandoverCreate,
    HandoverPublic,
    RevocationCreate,
)
from api.services import Services
from api.writes import one_transaction
from domain.access_log.entry import Action, Outcome
from domain.consents.commands import purpose_for
from domain.errors import EnvelopeRejected, NoLawfulBasis, NotFound
from domain.handover.packet import HandoverPacket, PacketKind, PacketStatus
from domain.organisations.organisation import OrganisationKind, Role

router = APIRouter(tags=["handovers"])


def public(
    services: Services, packet: HandoverPacket, position: int | None = None
) -> HandoverPublic:
    """A packet's status; ``school_id`` too when its recipient is a school (as before other
    recipients were)."""
    to_school = packet.kind == PacketKind.TRANSITION or (
        services.app.organisation(UUID(packet.school_id)).kind is OrganisationKind.SCHOOL
    )
    return HandoverPublic(
        id=packet.id,
        child_id=UUID(packet.child_id),
        from_id=UUID(packet.from_id),
        recipient_id=UUID(packet.school_id),
        school_id=UUID(packet.school_id) if to_school else None,
        kind=PacketKind(packet.kind),
        status=PacketStatus(packet.status),
        categories=packet.categories,
        content_sha256=packet.content_sha256,
        sealed_at=packet.sealed_at,
        acknowledge_by=packet.acknowledge_by,
        acknowledged_by=UUID(packet.acknowledged_by) if packet.acknowledged_by else None,
        acknowledged_at=packet.acknowledged_at,
        server_can_open=packet.server_can_open,
        position=position,
    )


@router.post("/v1/handovers", status_code=status.HTTP_201_CREATED)
@one_transaction()
def create_handover(
    body: HandoverCreate, principal: PrincipalDep, services: ServicesDep
) -> HandoverPublic:
    """Seal a packet for a school or another professional around the child: what the consents
    allow for its purpose (`transition` to a school, `integrated_review` to a health visiting
    team, `team_around_the_child` to another professional), or a safeguarding file from DSL to
    DSL (no consent needed; justification required)."""
    recipient_id, field = body.recipient()
    safeguarding = body.kind is PacketKind.SAFEGUARDING
    purpose = share_purpose(services, recipient_id, body.kind)
    roles = (Role.DSL,) if safeguarding else (Role.PRACTITIONER, Role.MANAGER)
    open_child(
        services, principal, body.child_id, Action.CREATE, "handover", roles=roles, purpose=purpose
    )
    setting_id, staff_id = principal.staff_ref()
    HandoverPacket.check_fields(
        body.kind or PacketKind.TRANSITION, body.justification, body.information
    )
    try:
        if safeguarding:
            assert body.justification is not None  # check_fields refuses a packet without one
            member = services.app.organisation(setting_id).member(staff_id)
            written = services.app.seal_safeguarding(
                body.child_id,
                recipient_id,
                setting_id,
                staff_id,
                sender_is_dsl=True,
                sender_name=member["name"] if member else "",
                justification=body.justification,
                information=body.information,
                field=field,
            )
        else:
            cap = services.settings.packet_photos_max_bytes
            written = services.app.seal_transition(
                body.child_id,
                recipient_id,
                setting_id,
                staff_id,
                photos=lambda ids: services.photos.for_packet(body.child_id, ids, cap),
                kind=body.kind,
                field=field,
            )
    except NoLawfulBasis as e:
        record(
            services,
            principal,
            Action.CREATE,
            body.child_id,
            "handover-share",
            Outcome.DENIED,
            purpose,
        )
        raise Problem(403, str(e), slug="no-lawful-basis") from None
    return public(services, written.state, written.position)


def share_purpose(services: Services, recipient_id: UUID, kind: PacketKind | None) -> Purpose:
    """Why the packet is shared, for the access log: its kind, else the recipient's own
    purpose (an unknown recipient is refused when sealing)."""
    if kind is not None:
        return Purpose(kind.value)
    try:
        found = services.app.organisation(recipient_id).kind
    except NotFound:
        return Purpose.TRANSITION
    return Purpose(purpose_for(found).value) if found.receives_packets else Purpose.TRANSITION


@router.get("/v1/handovers/{packet_id}")
def get_handover(packet_id: UUID, principal: PrincipalDep, services: ServicesDep) -> HandoverPublic:
    """A packet's status, for the sending setting and the receiving school."""
    packet = open_packet(
        services, principal, packet_id, Action.READ, "handover-status", school=True, sender=True
    )
    return public(services, packet)


@router.get("/v1/handovers/{packet_id}/contents")
def packet_contents(
    packet_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    """Open the packet with the school's server-held key (recorded as an opening)."""
    packet = open_packet(services, principal, packet_id, Action.READ, "handover-contents")
    packet.check_available()
    staff_id = principal.staff_ref()[1]
    try:
        body, _ = services.app.open_packet(packet, staff_id, UUID(packet.school_id))
    except EnvelopeRejected:
        record(
            services,
            principal,
            Action.READ,
            UUID(packet.child_id),
            "handover-verification",
            Outcome.DENIED,
            packet_purpose(packet),
        )
        raise
    return body


@router.get("/v1/handovers/{packet_id}/envelope")
def packet_envelope(
    packet_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    """The sealed envelope, for opening with the school's own key (`baton packet open`)."""
    packet = open_packet(services, principal, packet_id, Action.READ, "handover-envelope")
    staff_id = principal.staff_ref()[1]
    return services.app.fetch_envelope(packet, staff_id, UUID(packet.school_id))


@router.post("/v1/handovers/{packet_id}/acknowledgement")
@one_transaction(200)
def acknowledge(packet_id: UUID, principal: PrincipalDep, services: ServicesDep) -> Acknowledgement:
    """Confirm receipt: who received the packet, and when."""
    open_packet(services, principal, packet_id, Action.UPDATE, "handover-acknowledgement")
    written = services.app.acknowledge_packet(packet_id, principal.staff_ref()[1])
    packet = written.state
    assert packet.acknowledged_by is not None and packet.acknowledged_at is not None
    return Acknowledgement(
        status="acknowledged",
        acknowledged_by=UUID(packet.acknowledged_by),
        acknowledged_at=packet.acknowledged_at,
        position=written.position,
    )


@router.post("/v1/handovers/{packet_id}/revocation")
@one_transaction(200)
def revoke(
    packet_id: UUID, body: RevocationCreate, principal: PrincipalDep, services: ServicesDep
) -> HandoverPublic:
    """Revoke a packet the school has not opened yet (the sending setting)."""
    open_packet(
        services,
        principal,
        packet_id,
        Action.UPDATE,
        "handover-revocation",
        school=False,
        sender=True,
    )
    written = services.app.revoke_packet(packet_id, principal.staff_ref()[1], body.reason)
    return public(services, written.state, written.position)
