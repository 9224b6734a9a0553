"""Handover commands: sealing packets for a school, opening, acknowledging, revoking."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from eventsourcing.domain import Aggregate

from consent.calendar import local_date
from consent.consents import ChildConsents, ConsentRecord
from consent.policy import ShareRequest, decide
from consent.vocabulary import Category, Purpose
from domain.base import Written, new
from domain.consents.commands import ConsentCommands
from domain.errors import EnvelopeRejected, InvalidField, NoLawfulBasis
from domain.handover.content import safeguarding_body, transition_body
from domain.handover.packet import HandoverPacket, PacketKind, PacketStatus, add_school_days
from domain.journey.child import Child
from domain.organisations.commands import OrganisationCommands
from domain.organisations.organisation import Organisation, OrganisationKind
from domain.sealing.envelope import EnvelopeError, Opened, Recipient, parse_public_key, seal
from domain.sealing.keyring import KeyUnavailable
from domain.sealing.verify import verify_envelope

SAFEGUARDING_SCHOOL_DAYS = 5


class HandoverCommands(ConsentCommands, OrganisationCommands):
    # -- sealing ----------------------------------------------------------------------------

    def handover(self, packet_id: UUID) -> HandoverPacket:
        return self._load(HandoverPacket, packet_id, "the handover packet")

    def _school(self, school_id: UUID) -> Organisation:
        school = self._find(Organisation, school_id)
        if school is None or school.kind is not OrganisationKind.SCHOOL:
            raise InvalidField("school_id", "is not a school")
        return school

    def seal_transition(
        self, child_id: UUID, school_id: UUID, from_id: UUID, sealed_by: UUID
    ) -> Written[HandoverPacket]:
        """Seal what the consent policy allows this school to have, as of now."""
        child, school, sender = (
            self.child(child_id),
            self._school(school_id),
            self.organisation(from_id),
        )
        child.check_enrolled_at(from_id)
        now = self.clock()
        consents = self.consents(child_id)
        records = consents.all() if consents else []
        allowed, consent_ids, reasons = [], set(), []
        for category in Category:
            decision = decide(
                consents=records,
                request=ShareRequest(
                    child_id=child_id,
                    category=category,
                    recipient_id=school_id,
                    purpose=Purpose.TRANSITION,
                    at=now,
                ),
            )
            if decision.allowed:
                allowed.append(category)
                if decision.consent_id:
                    consent_ids.add(str(decision.consent_id))
            else:
                reasons.append(decision.reason)
        if not allowed:
            raise NoLawfulBasis(f"no active consent covers {school.name}: {reasons[0]}")
        key_person = child.key_persons.get(str(from_id))
        member = sender.member(UUID(key_person)) if key_person else None

        def body(packet_id: UUID, sealed_at: datetime) -> dict[str, Any]:
            return transition_body(
                packet_id, child, sender, allowed, sealed_at, member["name"] if member else None
            )

        return self._seal(
            child,
            school,
            sender,
            PacketKind.TRANSITION,
            body,
            sealed_by,
            categories=[c.value for c in allowed],
            consent_ids=sorted(consent_ids),
            justification=None,
        )

    def seal_safeguarding(
        self,
        child_id: UUID,
        school_id: UUID,
        from_id: UUID,
        sealed_by: UUID,
        *,
        sender_is_dsl: bool,
        sender_name: str,
        justification: str,
        information: str | None,
    ) -> Written[HandoverPacket]:
        """A safeguarding file, DSL to DSL: no consent needed; the justification is recorded."""
        child, school, sender = (
            self.child(child_id),
            self._school(school_id),
            self.organisation(from_id),
        )
        child.check_enrolled_at(from_id)
        decision = self.decide(
            ShareRequest(
                child_id=child_id,
                category=Category.JOURNEY,
                recipient_id=school_id,
                purpose=Purpose.SAFEGUARDING,
                at=self.clock(),
                actor_is_dsl=sender_is_dsl,
                justification=justification,
            )
        )
        if not decision.allowed:
            raise NoLawfulBasis(decision.reason)

        def body(packet_id: UUID, sealed_at: datetime) -> dict[str, Any]:
            return safeguarding_body(
                packet_id, child, sender, sealed_at, sender_name, justification, information
            )

        return self._seal(
            child,
            school,
            sender,
            PacketKind.SAFEGUARDING,
            body,
            sealed_by,
            categories=[],
            consent_ids=[],
            justification=justification,
        )

    def _seal(
        self,
        child: Child,
        school: Organisation,
        sender: Organisation,
        kind: PacketKind,
        body: Any,
        sealed_by: UUID,
        *,
        categories: list[str],
        consent_ids: list[str],
        justification: str | None,
    ) -> Written[HandoverPacket]:
        signing, encryption = self._key(sender, "ed25519"), self._key(school, "x25519")
        signing_private = Ed25519PrivateKey.from_private_bytes(self._private(sender, signing))
        packet_id, now = uuid4(), self.clock()
        content = body(packet_id, now)
        envelope = seal(
            content,
            header={
                "packet_id": str(packet_id),
                "kind": kind.value,
                "sender_id": str(sender.id),
                "recipient_id": str(school.id),
                "sealed_at": now.isoformat(),
            },
            recipients=[
                Recipient(
                    encryption["key_id"],
                    parse_public_key("baton-x25519-public-v1:" + encryption["public_key"]),
                )
            ],
            signing_key=signing_private,
            signing_key_id=signing["key_id"],
        )
        due = (
            add_school_days(local_date(now), SAFEGUARDING_SCHOOL_DAYS, self.holidays)
            if kind is PacketKind.SAFEGUARDING
            else None
        )
        sealed: list[HandoverPacket] = []

        def change(current: Child) -> list[Aggregate]:
            current.check_enrolled_at(sender.id)
            replaced = []
            # Each setting of the child's day sends its own packet: a nursery's new packet
            # replaces the nursery's older one, never the childminder's.
            for earlier in current.live_handovers(school.id, sender.id, kind.value):
                old = self.handover(UUID(earlier))
                if old.is_live:
                    old.supersede(by_packet_id=packet_id, at=now)
                    replaced.append(old)
            current.record_handover(
                packet_id=packet_id,
                school_id=school.id,
                from_id=sender.id,
                kind=kind.value,
                replaces=current.live_handovers(school.id, sender.id, kind.value),
            )
            packet = new(
                HandoverPacket,
                packet_id,
                created="Sealed",
                child_id=current.id,
                from_id=sender.id,
                school_id=school.id,
                kind=kind.value,
                categories=categories,
                content_sha256=envelope["body_sha256"],
                envelope=envelope,
                recipient_key_id=encryption["key_id"],
                sender_key_id=signing["key_id"],
                sealed_by=sealed_by,
                sealed_at=now,
                acknowledge_by=due,
                justification=justification,
                consent_ids=consent_ids,
                server_can_open=encryption["wrapped_private_key"] is not None,
            )
            sealed[:] = [packet]
            return [packet, *replaced]

        position, _ = self._update(Child, child.id, "the child", change)
        return Written(packet_id, position, sealed[0])

    # -- the school's side ------------------------------------------------------------------

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

    def revocations_for_withdrawal(
        self, consents: ChildConsents, record: ConsentRecord, now: datetime
    ) -> list[Aggregate]:
        """Unopened transition packets to that school that the consents left no longer cover.

        Decided again by the policy on the consents as they are after the withdrawal, so a packet
        sealed under an earlier (superseded) consent is revoked too, and one still covered by
        another active consent is not.
        """
        child = self.child(UUID(record["child_id"]))
        remaining = consents.all()
        revoked: list[Aggregate] = []
        for sent in child.handovers:
            if sent["kind"] != PacketKind.TRANSITION or sent["school_id"] != record["recipient_id"]:
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
                        purpose=Purpose.TRANSITION,
                        at=now,
                    ),
                    remaining,
                ).allowed
                for c in packet.categories
            )
            if not covered:
                packet.revoke("consent withdrawn", None, "consent_withdrawn", now)
                revoked.append(packet)
        return revoked
