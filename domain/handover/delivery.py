"""A sealed packet's life after sealing: the school opening and acknowledging it, the sender
revoking it, and a withdrawn consent revoking what it no longer covers."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from eventsourcing.domain import Aggregate

from consent.consents import ChildConsents, ConsentRecord
from consent.policy import ShareRequest, decide
from consent.vocabulary import Category, Purpose
from domain.base import Written
from domain.consents.commands import ConsentCommands
from domain.errors import EnvelopeRejected
from domain.handover.packet import HandoverPacket, PacketStatus
from domain.organisations.commands import OrganisationCommands
from domain.sealing.envelope import EnvelopeError, Opened
from domain.sealing.keyring import KeyUnavailable
from domain.sealing.verify import verify_envelope


class DeliveryCommands(ConsentCommands, OrganisationCommands):
    def handover(self, packet_id: UUID) -> HandoverPacket:
        return self._load(HandoverPacket, packet_id, "the handover packet")

    def verify_packet(self, packet: HandoverPacket, private_key: X25519PrivateKey) -> Opened:
        """Open the packet's envelope, pinned to this packet: a swapped, replayed or
        re-addressed envelope is refused even when its signature is genuine."""
        try:
            opened = verify_envelope(
                packet.envelope,
                private_key,
                expected_sender_key_id=packet.sender_key_id,
                expected={
                    "packet_id": str(packet.id),
                    "recipient_id": packet.school_id,
                    "sender_id": packet.from_id,
                    "kind": packet.kind,
                },
            )
        except EnvelopeError as e:
            raise EnvelopeRejected(f"the sealed packet failed verification: {e}") from e
        if packet.content_sha256 != packet.envelope.get("body_sha256"):
            raise EnvelopeRejected("the sealed packet does not match what was recorded at sealing")
        return opened

    def open_packet(
        self, packet: HandoverPacket, by: UUID, org_id: UUID
    ) -> tuple[dict[str, Any], int]:
        """Open with the school's server-held key, and record who opened it and when.

        ``packet`` is the one the caller loaded (for its access check): opening it does not load
        its envelope again; recording the opening does, as any write must."""
        packet.check_available()
        school = self.organisation(UUID(packet.school_id))
        key = school.key(packet.recipient_key_id)
        if key is None:
            raise KeyUnavailable("the key this packet was sealed to is not on record")
        opened = self.verify_packet(
            packet, X25519PrivateKey.from_private_bytes(self._private(school, key))
        )
        now = self.clock()
        position, _ = self._update(
            HandoverPacket,
            packet.id,
            "the handover packet",
            lambda p: p.record_access(by, org_id, now, "opened"),
        )
        return opened.body, position

    def fetch_envelope(self, packet: HandoverPacket, by: UUID, org_id: UUID) -> dict[str, Any]:
        """The sealed envelope; for a school holding its own key this is the opening."""
        packet.check_available()
        now = self.clock()
        self._update(
            HandoverPacket,
            packet.id,
            "the handover packet",
            lambda p: p.record_access(by, org_id, now, "envelope"),
        )
        return packet.envelope

    def acknowledge_packet(self, packet_id: UUID, by: UUID) -> Written[HandoverPacket]:
        now = self.clock()
        position, packet = self._update(
            HandoverPacket, packet_id, "the handover packet", lambda p: p.acknowledge(by, now)
        )
        return Written(packet_id, position, packet)

    def revoke_packet(
        self, packet_id: UUID, by: UUID, reason: str | None
    ) -> Written[HandoverPacket]:
        now = self.clock()
        position, packet = self._update(
            HandoverPacket,
            packet_id,
            "the handover packet",
            lambda p: p.revoke(reason, by, "sender", now),
        )
        return Written(packet_id, position, packet)

    def erase_packet(self, packet_id: UUID, by: UUID, org_id: UUID) -> Written[HandoverPacket]:
        now = self.clock()
        position, packet = self._update(
            HandoverPacket, packet_id, "the handover packet", lambda p: p.erase(by, org_id, now)
        )
        return Written(packet_id, position, packet)

    def revocations_for_withdrawal(
        self, consents: ChildConsents, record: ConsentRecord, now: datetime
    ) -> list[Aggregate]:
        """Unopened packets to that recipient, shared for that purpose, that the consents left
        no longer cover.

        Decided again by the policy on the consents as they are after the withdrawal, so a packet
        sealed under an earlier (superseded) consent is revoked too, and one still covered by
        another active consent is not.
        """
        child = self.child(UUID(record["child_id"]))
        remaining = consents.all()
        revoked: list[Aggregate] = []
        for sent in child.handovers:
            if sent["kind"] != record["purpose"] or sent["school_id"] != record["recipient_id"]:
                continue
            packet = self.handover(UUID(sent["packet_id"]))
            if packet.status != PacketStatus.DELIVERED:
                continue
            covered = all(
                decide(
                    ShareRequest(
                        child_id=child.id,
                        category=Category(c),
                        recipient_id=UUID(packet.school_id),
                        purpose=Purpose(packet.kind),
                        at=now,
                        progress_check=c == Category.PROGRESS_CHECK,
                    ),
                    remaining,
                ).allowed
                for c in packet.categories
            )
            if not covered:
                packet.revoke("consent withdrawn", None, "consent_withdrawn", now)
                revoked.append(packet)
        return revoked
