"""The sender keys a school trusts: what an envelope's signer is checked against when no key id
is pinned (``baton packet open``, docs/envelope.md section 5.1).

A trusted-keys file is text, one key a line: its key id, its Ed25519 public key (base64, as
``GET /v1/organisations/{id}/keys`` lists it), the organisation whose envelopes it may sign
(``*``: any), and a note. ``#`` starts a comment. The key id is written out so that a reader can
compare it with what the sender told them; it must be the one the key has.

>>> key = "lFF09pS3IZPZ2Mm4lBpsMZl2eLIertYVzlFKfWjv6gs="
>>> line = trusted_key(key, None, "Acorns").line()
>>> line
'9004e6fb309bacd5fcb5498eefc766ea lFF09pS3IZPZ2Mm4lBpsMZl2eLIertYVzlFKfWjv6gs= * Acorns'
>>> parse_trusted_keys(line).get("9004e6fb309bacd5fcb5498eefc766ea").note
'Acorns'
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain.sealing.envelope import key_id_of

FILE_HEADER = (
    "# Baton trusted sender keys: <key id> <Ed25519 public key, base64> "
    "<sender organisation id, or * for any> [note]"
)
ANY_SENDER = "*"


@dataclass(frozen=True)
class TrustedKey:
    key_id: str
    public_key: str  # base64 of the raw Ed25519 public key
    sender_id: str | None  # the only sender whose envelopes it may sign; None: any
    note: str = ""

    def line(self) -> str:
        sender = self.sender_id or ANY_SENDER
        return f"{self.key_id} {self.public_key} {sender} {self.note}".rstrip()


@dataclass(frozen=True)
class TrustedKeys:
    by_id: Mapping[str, TrustedKey] = field(default_factory=dict)

    def get(self, key_id: object) -> TrustedKey | None:
        return self.by_id.get(key_id) if isinstance(key_id, str) else None


def trusted_key(public_key: str, sender_id: str | None, note: str = "") -> TrustedKey:
    """A key to trust, from the text of its public key; ValueError if it is not an Ed25519 key
    in canonical base64, or the sender is not an organisation id."""
    try:
        raw = base64.b64decode(public_key, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise ValueError("the key is not an Ed25519 public key (32 bytes of base64)") from None
    if base64.b64encode(raw).decode() != public_key:
        raise ValueError("the key is not in canonical base64")
    if sender_id is not None:
        try:
            sender_id = str(UUID(sender_id))
        except ValueError:
            raise ValueError(f"{sender_id!r} is not an organisation id") from None
    if any(c in note for c in "\r\n"):
        raise ValueError("a note is one line")
    return TrustedKey(key_id_of(raw), public_key, sender_id, note.strip())


def _parse_line(line: str) -> TrustedKey:
    parts = line.split(maxsplit=3)
    if len(parts) < 3:
        raise ValueError("expected: <key id> <public key> <sender id or *> [note]")
    key_id, public_key, sender = parts[:3]
    key = trusted_key(public_key, None if sender == ANY_SENDER else sender, "".join(parts[3:]))
    if key.key_id != key_id:
        raise ValueError(f"the key id of that public key is {key.key_id}, not {key_id}")
    return key


def parse_trusted_keys(text: str) -> TrustedKeys:
    """Every key in a trusted-keys file; ValueError names the first line that is wrong (a
    file that cannot be read in full is not trusted in part)."""
    found: dict[str, TrustedKey] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            key = _parse_line(line)
        except ValueError as e:
            raise ValueError(f"line {number}: {e}") from None
        if key.key_id in found and found[key.key_id] != key:
            raise ValueError(f"line {number}: key {key.key_id} is listed twice, differently")
        found[key.key_id] = key
    return TrustedKeys(found)
