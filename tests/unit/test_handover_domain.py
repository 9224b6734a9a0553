"""Handover packets in the domain (in-memory store, fixed clock): a stored envelope that was
tampered with, re-addressed or replayed is refused when the packet is opened; safeguarding
deadlines count school days."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from domain.application import Baton
from domain.errors import EnvelopeRejected
from domain.handover.packet import HandoverPacket, add_school_days
from domain.sealing import envelope as sealing
from domain.sealing.keyring import unwrap

FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Sent:
    app: Baton
    nursery: UUID
    school: UUID
    staff: UUID
    children: tuple[UUID, UUID]
    packets: tuple[HandoverPacket, HandoverPacket]  # one per child, both to the same school


def _child(app: Baton, nursery: UUID, staff: UUID, school: UUID, name: str) -> UUID:
    child_id = app.register_child(
        given_name=name,
        family_name="Okafor",
        preferred_name=None,
        date_of_birth=date(2022, 5, 3),
        home_languages=["english"],
        send_status="none",
        setting_id=nursery,
        started_on=date(2024, 9, 2),
        registered_by=staff,
    ).id
    app.record_observation(
        child_id,
        area="PSED",
        text=f"{name} took turns on the bikes.",
        observed_on=date(2026, 11, 18),
        elgs=[],
        characteristics=[],
        setting_id=nursery,
        recorded_by=staff,
    )
    parent_consents(app, child_id, school, nursery, staff)
    return child_id


def parent_consents(
    app: Baton,
    child_id: UUID,
    recipient_id: UUID,
    setting_id: UUID,
    recorded_by: UUID,
    purpose: str = "transition",
) -> None:
    """A mother's consent to share the journey with ``recipient_id``, recorded at a setting."""
    app.give_consent(
        child_id,
        given_by="Grace Okafor",
        relationship="mother",
        parental_responsibility=True,
        recipient_id=recipient_id,
        purpose=purpose,
        categories=["journey"],
        valid_from=None,
        valid_until=None,
        evidence=None,
        setting_id=setting_id,
        recorded_by=recorded_by,
    )


@pytest.fixture(scope="module")
def sent() -> Iterator[Sent]:
    app = Baton(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=lambda: FRIDAY)
    nursery = app.create_organisation("Little Acorns", "nursery", None).id
    school = app.create_organisation("St Mary's Primary", "school", None).id
    staff = UUID(app.add_staff(nursery, "Jo", "jo@example.org", ["practitioner"]).member["id"])
    children = (
        _child(app, nursery, staff, school, "Amara"),
        _child(app, nursery, staff, school, "Ben"),
    )
    packets = tuple(app.seal_transition(c, school, nursery, staff).state for c in children)
    assert len(packets) == 2
    yield Sent(app, nursery, school, staff, children, (packets[0], packets[1]))
    app.close()


def school_key(app: Baton, packet: HandoverPacket) -> X25519PrivateKey:
    """The school's private key, as the service holds it: unwrapped with the key-encryption key."""
    school = app.organisation(UUID(packet.school_id))
    key = school.key(packet.recipient_key_id)
    assert key is not None and key["wrapped_private_key"] is not None
    raw = unwrap(app.kek, school.id, key["key_id"], key["wrapped_private_key"])
    return X25519PrivateKey.from_private_bytes(raw)


def sender_signing_key(app: Baton, packet: HandoverPacket) -> Ed25519PrivateKey:
    sender = app.organisation(UUID(packet.from_id))
    key = sender.key(packet.sender_key_id)
    assert key is not None and key["wrapped_private_key"] is not None
    raw = unwrap(app.kek, sender.id, key["key_id"], key["wrapped_private_key"])
    return Ed25519PrivateKey.from_private_bytes(raw)


def with_envelope(packet: HandoverPacket, envelope: dict[str, Any]) -> HandoverPacket:
    """The packet as it would load had its stored envelope been replaced by ``envelope``."""
    altered = copy.deepcopy(packet)
    altered.envelope = envelope
    return altered


def test_an_untouched_envelope_opens_to_the_sealed_body(sent: Sent) -> None:
    packet = sent.packets[0]
    opened = sent.app.verify_packet(packet, school_key(sent.app, packet))
    assert opened.body["packet_id"] == str(packet.id)
    assert opened.body["child"]["id"] == str(sent.children[0])
    assert [o["text"] for o in opened.body["observations"]] == ["Amara took turns on the bikes."]


# -- a flipped bit anywhere --------------------------------------------------------------------

B64 = "b64"
HEX = "hex"
TEXT = "text"
FIELDS: list[tuple[tuple[str | int, ...], str]] = [
    (("nonce",), B64),
    (("ciphertext",), B64),
    (("recipients", 0, "sealed_key"), B64),
    (("signature",), B64),
    (("sender_public_key",), B64),
    (("body_sha256",), HEX),
    (("key_commitment",), HEX),
    (("sender_key_id",), HEX),
    (("recipients", 0, "key_id"), HEX),
    (("version",), TEXT),
    (("suite",), TEXT),
    (("packet_id",), TEXT),
    (("kind",), TEXT),
    (("sender_id",), TEXT),
    (("recipient_id",), TEXT),
    (("sealed_at",), TEXT),
]
WHERE: dict[str, Callable[[int], int]] = {
    "first": lambda n: 0,
    "middle": lambda n: n // 2,
    "last": lambda n: n - 1,
}


def flip(value: str, encoding: str, where: str) -> str:
    """``value`` with one bit flipped at ``where`` in the bytes it encodes."""
    if encoding == B64:
        data = bytearray(base64.b64decode(value))
    elif encoding == HEX:
        data = bytearray(bytes.fromhex(value))
    else:
        data = bytearray(value.encode("ascii"))
    i = WHERE[where](len(data))
    # the high bit for binary fields; a low bit for text, which must stay ASCII
    data[i] ^= 0x01 if encoding == TEXT else 0x80
    if encoding == B64:
        return base64.b64encode(bytes(data)).decode()
    if encoding == HEX:
        return bytes(data).hex()
    return bytes(data).decode("ascii")


@pytest.mark.parametrize("where", list(WHERE))
@pytest.mark.parametrize(
    ("path", "encoding"), FIELDS, ids=[".".join(map(str, p)) for p, _ in FIELDS]
)
def test_a_flipped_bit_in_the_stored_envelope_is_rejected(
    sent: Sent, path: tuple[str | int, ...], encoding: str, where: str
) -> None:
    packet = sent.packets[0]
    envelope = copy.deepcopy(packet.envelope)
    holder: Any = envelope
    for step in path[:-1]:
        holder = holder[step]
    original = holder[path[-1]]
    holder[path[-1]] = flip(original, encoding, where)
    assert holder[path[-1]] != original

    with pytest.raises(EnvelopeRejected):
        sent.app.verify_packet(with_envelope(packet, envelope), school_key(sent.app, packet))


# -- re-addressed and replayed -----------------------------------------------------------------


def test_a_re_addressed_envelope_is_rejected(sent: Sent) -> None:
    packet = sent.packets[0]
    elsewhere = str(sent.app.create_organisation("Other Primary", "school", None).id)
    envelope = copy.deepcopy(packet.envelope)
    envelope["recipient_id"] = elsewhere

    with pytest.raises(EnvelopeRejected):
        sent.app.verify_packet(with_envelope(packet, envelope), school_key(sent.app, packet))


def test_a_re_addressed_envelope_is_rejected_even_when_signed_again_by_the_sender(
    sent: Sent,
) -> None:
    """A genuine signature over a changed address must not be enough: the packet pins it."""
    packet = sent.packets[0]
    elsewhere = str(sent.app.create_organisation("Third Primary", "school", None).id)
    envelope = {k: v for k, v in copy.deepcopy(packet.envelope).items() if k != "signature"}
    envelope["recipient_id"] = elsewhere
    signer = sender_signing_key(sent.app, packet)
    envelope["signature"] = sealing.b64(signer.sign(sealing.transcript(envelope)))
    sealing.verify_signature(envelope)  # the signature itself is genuine

    with pytest.raises(EnvelopeRejected, match="recipient_id"):
        sent.app.verify_packet(with_envelope(packet, envelope), school_key(sent.app, packet))


def test_a_replayed_envelope_from_another_packet_to_the_same_school_is_rejected(
    sent: Sent,
) -> None:
    first, second = sent.packets
    assert first.school_id == second.school_id and first.from_id == second.from_id
    key = school_key(sent.app, second)
    sent.app.verify_packet(first, key)  # packet A's envelope is genuine and opens with this key

    with pytest.raises(EnvelopeRejected):
        sent.app.verify_packet(with_envelope(second, copy.deepcopy(first.envelope)), key)


# -- school days -------------------------------------------------------------------------------


def test_school_days_skip_the_weekend() -> None:
    friday = date(2026, 11, 20)
    assert add_school_days(friday, 1) == date(2026, 11, 23)
    assert add_school_days(friday, 5) == date(2026, 11, 27)
    assert add_school_days(date(2026, 11, 21), 1) == date(2026, 11, 23)  # from a Saturday
    assert add_school_days(date(2026, 11, 18), 5) == date(2026, 11, 25)  # Wednesday to Wednesday


def test_school_days_skip_a_configured_holiday_as_well_as_the_weekend() -> None:
    friday = date(2026, 11, 20)
    inset_day = frozenset({date(2026, 11, 23)})
    assert add_school_days(friday, 1, inset_day) == date(2026, 11, 24)
    assert add_school_days(friday, 5, inset_day) == date(2026, 11, 30)
    half_term = frozenset(date(2027, 2, d) for d in range(15, 20))
    assert add_school_days(date(2027, 2, 12), 5, half_term) == date(2027, 2, 26)


def test_safeguarding_packet_sealed_before_a_weekend_and_holiday_is_due_after_both() -> None:
    app = Baton(
        env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
        clock=lambda: FRIDAY,
        holidays=frozenset({date(2026, 11, 23)}),
    )
    try:
        nursery = app.create_organisation("Little Acorns", "nursery", None).id
        school = app.create_organisation("St Mary's Primary", "school", None).id
        dsl = UUID(app.add_staff(nursery, "Sam", "sam@example.org", ["dsl"]).member["id"])
        child_id = app.register_child(
            given_name="Amara",
            family_name="Okafor",
            preferred_name=None,
            date_of_birth=date(2022, 5, 3),
            home_languages=[],
            send_status="none",
            setting_id=nursery,
            started_on=date(2024, 9, 2),
            registered_by=dsl,
        ).id
        packet = app.seal_safeguarding(
            child_id,
            school,
            nursery,
            dsl,
            sender_is_dsl=True,
            sender_name="Sam",
            justification="Open child protection plan; the school's DSL must know.",
            information=None,
        ).state
    finally:
        app.close()
    assert packet.acknowledge_by == date(2026, 11, 30)
    assert not packet.is_overdue(date(2026, 11, 30))
    assert packet.is_overdue(date(2026, 12, 1))
