"""Signed checkpoints of the access log: C2SP tlog-checkpoint bodies in C2SP signed notes.

A checkpoint body is ``<origin>\\n<size>\\n<base64 root>\\n`` plus optional extension lines
(https://c2sp.org/tlog-checkpoint). A signed note is the body, a blank line, then signature lines
``— <key name> <base64(key ID || signature)>\\n`` (https://c2sp.org/signed-note). With Ed25519
(signature type 0x01) the key ID is SHA-256(key name || 0x0A || 0x01 || public key)[:4] and the
signature covers the body's bytes. Verifiers ignore signatures from keys they do not know (another
name, or the same name with another key ID), reject the note if a known key's signature fails,
and require at least one good signature from the known key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from domain.access_log.merkle import HASH_SIZE

ED25519 = 0x01
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
MAX_SIGNATURES = 100
MAX_TREE_SIZE = 2**64 - 1
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class CheckpointError(ValueError):
    """A checkpoint or signed note is malformed, or not signed by the expected key."""


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: who (origin), how many leaves (size), and their Merkle root."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require_line(self.origin, "origin")
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise CheckpointError(f"tree size {self.size} is out of range")
        if len(self.root) != HASH_SIZE:
            raise CheckpointError(f"root hash must be {HASH_SIZE} bytes")
        for line in self.extensions:
            _require_line(line, "extension line")

    def body(self) -> str:
        """The note text: origin, size, base64 root, extension lines, each ending in newline."""
        lines = [self.origin, str(self.size), _b64(self.root), *self.extensions]
        return "".join(line + "\n" for line in lines)

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        """Parse a note text strictly: canonical decimal size, canonical base64 32-byte root."""
        if not body.endswith("\n"):
            raise CheckpointError("checkpoint body must end in a newline")
        lines = body[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointError("checkpoint body needs origin, size and root lines")
        origin, size_text, root_text, *extensions = lines
        if not _DECIMAL.fullmatch(size_text):
            raise CheckpointError("tree size must be decimal without leading zeros")
        root = _b64decode(root_text, "root hash")
        if _b64(root) != root_text:
            raise CheckpointError("root hash is not canonical base64")
        return cls(origin, int(size_text), root, tuple(extensions))


# --- keys ------------------------------------------------------------------------------------


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key_name: str, public_key: Ed25519PublicKey) -> bytes:
    """The 4-byte signed-note key ID: SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    _require_key_name(key_name)
    material = key_name.encode() + b"\n" + bytes([ED25519]) + _raw_public(public_key)
    return hashlib.sha256(material).digest()[:4]


def verifier_key(key_name: str, public_key: Ed25519PublicKey) -> str:
    """The standard verifier key text ``<name>+<hex key ID>+<base64(0x01 || public key)>``."""
    encoded = _b64(bytes([ED25519]) + _raw_public(public_key))
    return f"{key_name}+{key_id(key_name, public_key).hex()}+{encoded}"


def parse_verifier_key(vkey: str) -> tuple[str, Ed25519PublicKey]:
    """Read a verifier key back into its name and Ed25519 public key, checking its key ID."""
    parts = vkey.split("+", 2)
    if len(parts) != 3:
        raise CheckpointError("verifier key must be <name>+<key ID>+<key>")
    key_name, id_hex, key_text = parts
    _require_key_name(key_name)
    if not re.fullmatch(r"[0-9a-f]{8}", id_hex):
        raise CheckpointError("verifier key ID must be 8 lowercase hex digits")
    material = _b64decode(key_text, "verifier key")
    if len(material) != 33 or material[0] != ED25519:
        raise CheckpointError("verifier key must be an Ed25519 (0x01) key of 32 bytes")
    public_key = Ed25519PublicKey.from_public_bytes(material[1:])
    if key_id(key_name, public_key).hex() != id_hex:
        raise CheckpointError("verifier key ID does not match its name and key")
    return key_name, public_key


# --- signed notes ----------------------------------------------------------------------------


def sign_note(text: str, key_name: str, private_key: Ed25519PrivateKey) -> str:
    """A signed note: ``text``, a blank line, and one Ed25519 signature line over ``text``."""
    _check_note_chars(text)
    if not text.endswith("\n"):
        raise CheckpointError("note text must end in a newline")
    kid = key_id(key_name, private_key.public_key())
    signature = private_key.sign(text.encode())
    return f"{text}\n{SIGNATURE_PREFIX}{key_name} {_b64(kid + signature)}\n"


def verify_note(note: str, key_name: str, public_key: Ed25519PublicKey) -> str:
    """Return the text of ``note`` once a signature by (``key_name``, ``public_key``) verifies.

    Raises ``CheckpointError`` if the note is malformed, has no signature from that key, or any
    signature from that key fails. Signatures from other keys are ignored, but must be well formed.
    """
    _require_key_name(key_name)
    _check_note_chars(note)
    split = note.rfind("\n\n")
    if split < 0:
        raise CheckpointError("note has no blank line before its signatures")
    text, signatures = note[: split + 1], note[split + 2 :]
    if not signatures.endswith("\n"):
        raise CheckpointError("note has no signature lines, or they do not end in a newline")
    lines = signatures[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise CheckpointError("note has too many signatures")
    wanted = key_id(key_name, public_key)
    verified = False
    for line in lines:
        if not line.startswith(SIGNATURE_PREFIX):
            raise CheckpointError("signature line must start with an em dash and a space")
        name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
        _require_key_name(name)
        blob = _b64decode(encoded, "signature")
        if len(blob) < 5:
            raise CheckpointError("signature is too short")
        if name != key_name or blob[:4] != wanted:
            continue
        try:
            public_key.verify(blob[4:], text.encode())
        except InvalidSignature:
            raise CheckpointError(f"signature by {key_name} does not verify") from None
        verified = True
    if not verified:
        raise CheckpointError(f"note is not signed by {key_name}")
    return text


# --- checkpoints -----------------------------------------------------------------------------


def sign_checkpoint(cp: Checkpoint, key_name: str, private_key: Ed25519PrivateKey) -> str:
    """The full signed-note text of the checkpoint, signed with Ed25519."""
    return sign_note(cp.body(), key_name, private_key)


def verify_checkpoint(
    note: str, key_name: str, public_key: Ed25519PublicKey, *, origin: str | None = None
) -> Checkpoint:
    """Verify the note's signature by the key, then parse its body (and check ``origin``)."""
    cp = Checkpoint.parse(verify_note(note, key_name, public_key))
    if origin is not None and cp.origin != origin:
        raise CheckpointError(f"checkpoint is for {cp.origin!r}, not {origin!r}")
    return cp


# --- helpers ---------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64decode(text: str, what: str) -> bytes:
    if not text:
        raise CheckpointError(f"{what} is empty")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise CheckpointError(f"{what} is not base64") from None


def _check_note_chars(note: str) -> None:
    """Signed notes are UTF-8 with no ASCII control characters other than newline."""
    try:
        note.encode("utf-8")
    except UnicodeEncodeError:
        raise CheckpointError("note is not valid UTF-8") from None
    if any(ch < " " and ch != "\n" for ch in note):
        raise CheckpointError("note contains a control character")


def _require_line(line: str, what: str) -> None:
    if not line:
        raise CheckpointError(f"{what} must not be empty")
    if "\n" in line:
        raise CheckpointError(f"{what} must be a single line")
    _check_note_chars(line)


def _require_key_name(name: str) -> None:
    """Key names are non-empty, with no Unicode spaces and no plus signs."""
    if not name or "+" in name or any(ch.isspace() for ch in name):
        raise CheckpointError(f"invalid key name {name!r}")
    _check_note_chars(name)
