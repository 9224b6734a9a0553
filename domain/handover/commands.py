"""Handover commands: sealing a packet for a school or another professional (``delivery`` has
the rest of its life)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.domain import Aggregate

from consent.calendar import local_date
from consent.policy import ShareRequest, decide
from consent.vocabulary import Category, Purpose
from domain.base import Written, new
from domain.consents.commands import RECIPIENT_RULES, RECIPIENTS, purpose_for
from domain.errors import InvalidField, NoLawfulBasis, RuleBroken
from domain.handover.content import PhotoSource, safeguarding_body, transition_body
from domain.handover.delivery import DeliveryCommands
from domain.handover.packet import HandoverPacket, PacketKind, add_school_days
from domain.journey.child import Child
from domain.organisations.organisation import KeyRecord, Organisation, OrganisationKind
from domain.sealing.envelope import Recipient, parse_public_key, seal

SAFEGUARDING_SCHOOL_DAYS = 5


class HandoverCommands(DeliveryCommands):
    """Sealing a packet for a school or another professional around the child: what the
    consents allow for its purpose, or a safeguarding file from DSL to DSL."""

    def _recipient(self, recipient_id: UUID, field: str = "recipient_id") -> Organisation:
        """An organisation that receives packets (a school or another professional; a setting
        receives a child by enrolling it). Named by ``school_id``, it must be a school."""
        found = self._find(Organisation, recipient_id)
        if field == "school_id":
            if found is None or found.kind is not OrganisationKind.SCHOOL:
                raise InvalidField("school_id", "is not a school")
        elif found is None:
            raise InvalidField(field, "no such organisation")
        elif not found.kind.receives_packets:
            raise InvalidField(
                field,
                "is an early-years setting: it receives the child's record by enrolling the "
                "child (consent for care), not as a packet",
            )
        return found

    @staticmethod
    def packet_kind(recipient: Organisation, kind: PacketKind | None) -> PacketKind:
        """What a packet to ``recipient`` is for: ``kind`` when asked (it must suit the
        recipient), else its kind's own purpose (a health visiting team's: the integrated
        review at two)."""
        if kind is None:
            return PacketKind(purpose_for(recipient.kind).value)
        if recipient.kind not in RECIPIENTS.get(Purpose(kind.value), frozenset()):
            rule = RECIPIENT_RULES[Purpose(kind.value)]
            raise InvalidField("kind", f"is not for {recipient.name}: {rule}")
        return kind

    def seal_transition(
        self,
        child_id: UUID,
        school_id: UUID,
        from_id: UUID,
        sealed_by: UUID,
        photos: PhotoSource | None = None,
        *,
        kind: PacketKind | None = None,
        field: str = "school_id",
    ) -> Written[HandoverPacket]:
        """Seal what the consent policy allows this recipient to have for the packet's purpose,
        as of now (with the photos of the entries it carries, as ``photos`` gives them).
        ``field``: how the request named the recipient (``school_id``: a school)."""
        child, recipient, sender = (
            self.child(child_id),
            self._recipient(school_id, field),
            self.organisation(from_id),
        )
        child.check_enrolled_at(from_id)
        purpose = self.packet_kind(recipient, kind)
        allowed, consent_ids = self._consented_categories(
            child_id, recipient, Purpose(purpose.value), self.clock()
        )
        key_person = child.key_persons.get(str(from_id))
        member = sender.member(UUID(key_person)) if key_person else None

        def body(packet_id: UUID, sealed_at: datetime) -> dict[str, Any]:
            return transition_body(
                packet_id,
                child,
                sender,
                allowed,
                sealed_at,
                member["name"] if member else None,
                photos,
                kind=purpose.value,
            )

        return self._seal(
            child,
            recipient,
            sender,
            purpose,
            body,
            sealed_by,
            categories=[c.value for c in allowed],
            consent_ids=consent_ids,
            justification=None,
        )

    def _consented_categories(
        self, child_id: UUID, recipient: Organisation, purpose: Purpose, now: datetime
    ) -> tuple[list[Category], list[str]]:
        """What the consents allow this recipient for ``purpose``, and the consents that allow
        it; NoLawfulBasis when they allow nothing."""
        consents = self.consents(child_id)
        records = consents.all() if consents else []
        allowed, consent_ids, reasons = [], set(), []
        for category in Category:
            decision = decide(
                consents=records,
                request=ShareRequest(
                    child_id=child_id,
                    category=category,
                    recipient_id=recipient.id,
                    purpose=purpose,
                    at=now,
                    progress_check=category is Category.PROGRESS_CHECK,
                ),
            )
            if decision.allowed:
                allowed.append(category)
                if decision.consent_id:
                    consent_ids.add(str(decision.consent_id))
            else:
                reasons.append(decision.reason)
        if not allowed:
            raise NoLawfulBasis(f"no active consent covers {recipient.name}: {reasons[0]}")
        return allowed, sorted(consent_ids)

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
        field: str = "school_id",
    ) -> Written[HandoverPacket]:
        """A safeguarding file, DSL to DSL: no consent needed; the justification is recorded.
        The receiving DSL may be a school's or another professional's (a family hub's early
        help, the local authority's, a health visiting team's): never a setting's."""
        child, school, sender = (
            self.child(child_id),
            self._recipient(school_id, field),
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
        envelope = _sealed_envelope(
            content, packet_id, now, kind, sender, school, signing, signing_private, encryption
        )
        due = (
            add_school_days(local_date(now), SAFEGUARDING_SCHOOL_DAYS, self.holidays)
            if kind is PacketKind.SAFEGUARDING
            else None
        )
        sealed: list[HandoverPacket] = []

        def change(current: Child) -> list[Aggregate]:
            current.check_enrolled_at(sender.id)
            replaced = self._replace_earlier(current, school.id, sender.id, kind, packet_id, now)
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

    def _replace_earlier(
        self,
        child: Child,
        school_id: UUID,
        from_id: UUID,
        kind: PacketKind,
        packet_id: UUID,
        now: datetime,
    ) -> list[Aggregate]:
        """Record the new packet on the child, superseding the live packets it replaces.

        Each setting of the child's day sends its own packet: a nursery's new packet replaces
        the nursery's older one, never the childminder's."""
        replaced: list[Aggregate] = []
        for earlier in child.live_handovers(school_id, from_id, kind.value):
            old = self.handover(UUID(earlier))
            if old.is_live:
                old.supersede(by_packet_id=packet_id, at=now)
                replaced.append(old)
        child.record_handover(
            packet_id=packet_id,
            school_id=school_id,
            from_id=from_id,
            kind=kind.value,
            replaces=child.live_handovers(school_id, from_id, kind.value),
        )
        return replaced


def _sealed_envelope(
    content: dict[str, Any],
    packet_id: UUID,
    now: datetime,
    kind: PacketKind,
    sender: Organisation,
    school: Organisation,
    signing: KeyRecord,
    signing_private: Ed25519PrivateKey,
    encryption: KeyRecord,
) -> dict[str, Any]:
    """The packet's body sealed to the school's key and signed with the sender's. A key that
    could not keep the packet secret (a low-order point stored before such keys were refused)
    refuses the sealing: nothing is sealed to it."""
    try:
        recipient = parse_public_key("baton-x25519-public-v1:" + encryption["public_key"])
    except ValueError as e:
        raise RuleBroken(
            f"the school's encryption key {encryption['key_id']} cannot be sealed to ({e}); "
            "the school must register a new key or rotate (POST /v1/organisations/"
            f"{school.id}/keys or .../keys/rotation)"
        ) from None
    return seal(
        content,
        header={
            "packet_id": str(packet_id),
            "kind": kind.value,
            "sender_id": str(sender.id),
            "recipient_id": str(school.id),
            "sealed_at": now.isoformat(),
        },
        recipients=[Recipient(encryption["key_id"], recipient)],
        signing_key=signing_private,
        signing_key_id=signing["key_id"],
    )
