"""Envelope v1: a packet body sealed to a school's keys and signed by the sending setting.

Laid out like age: one random 256-bit data key encrypts the canonical JSON body once with
AES-256-GCM; the data key is HPKE-sealed (base mode, X25519 / HKDF-SHA256 / AES-256-GCM) once
per recipient key, with ``info`` binding packet, sender, recipient and key; the sender's Ed25519
signature covers a transcript of the version, the ids, the body's hash, every recipient stanza
and a commitment to the data key (AES-GCM alone does not commit to its key). docs/envelope.md
is the specification; this module is its reference implementation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "baton-envelope-v1"
SUITE = "HPKE-base/X25519/HKDF-SHA256/AES-256-GCM"
_HPKE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
HEADER_FIELDS = ("version", "suite", "packet_id", "kind", "sender_id", "recipient_id", "sealed_at")


class EnvelopeError(Exception):
    """The envelope cannot be opened: tampered, wrongly addressed, or the wrong key."""


@dataclass(frozen=True)
class Recipient:
    key_id: str
    public_key: X25519PublicKey


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: Any) -> bytes:
    """Strict base64: only the one canonical spelling of each byte string is accepted, so an
    envelope cannot be re-spelt (e.g. unused padding bits flipped) and still verify."""
    if not isinstance(text, str):
        raise EnvelopeError("a binary field is not base64 text")
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError as e:
        raise EnvelopeError("a binary field is not valid base64") from e
    if base64.b64encode(raw).decode() != text:
        raise EnvelopeError("a binary field is not canonical base64")
    return raw


def canonical(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no insignificant white space, UTF-8 (RFC 8785 for our types)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def key_id_of(public_raw: bytes) -> str:
    """A key's id: the first 16 bytes of SHA-256 of its raw public key, in hex."""
    return hashlib.sha256(public_raw).hexdigest()[:32]


def raw_public(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def raw_private(key: X25519PrivateKey | Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def hpke_info(header: dict[str, Any], key_id: str) -> bytes:
    return b"\n".join(
        [
            VERSION.encode(),
            header["packet_id"].encode(),
            header["sender_id"].encode(),
            header["recipient_id"].encode(),
            key_id.encode(),
        ]
    )


def key_commitment(data_key: bytes) -> str:
    return hmac.new(data_key, b"baton-envelope-v1 key commitment", hashlib.sha256).hexdigest()


def transcript(envelope: dict[str, Any]) -> bytes:
    """What the sender signs: every field of the envelope but the signature, canonically."""
    return (
        VERSION.encode()
        + b"\n"
        + canonical({k: v for k, v in envelope.items() if k != "signature"})
    )


def seal(
    body: dict[str, Any],
    *,
    header: dict[str, str],
    recipients: list[Recipient],
    signing_key: Ed25519PrivateKey,
    signing_key_id: str,
) -> dict[str, Any]:
    """Seal ``body`` to every recipient key and sign it. ``header`` holds HEADER_FIELDS but
    version and suite, which are set here."""
    full_header = {**header, "version": VERSION, "suite": SUITE}
    missing = [f for f in HEADER_FIELDS if f not in full_header]
    if missing or not recipients:
        raise ValueError(f"cannot seal: missing {missing or 'recipients'}")
    plaintext = canonical(body)
    data_key, nonce = secrets.token_bytes(32), secrets.token_bytes(12)
    aad = canonical({k: full_header[k] for k in HEADER_FIELDS})
    envelope: dict[str, Any] = {
        **{k: full_header[k] for k in HEADER_FIELDS},
        "body_sha256": hashlib.sha256(plaintext).hexdigest(),
        "key_commitment": key_commitment(data_key),
        "nonce": b64(nonce),
        "ciphertext": b64(AESGCM(data_key).encrypt(nonce, plaintext, aad)),
        "recipients": [
            {
                "key_id": r.key_id,
                "sealed_key": b64(
                    _HPKE.encrypt(data_key, r.public_key, info=hpke_info(full_header, r.key_id))
                ),
            }
            for r in recipients
        ],
        "sender_key_id": signing_key_id,
        "sender_public_key": b64(raw_public(signing_key.public_key())),
    }
    envelope["signature"] = b64(signing_key.sign(transcript(envelope)))
    return envelope


@dataclass(frozen=True)
class Opened:
    body: dict[str, Any]
    header: dict[str, str]
    sender_key_id: str


def verify_signature(envelope: dict[str, Any]) -> None:
    """Check the sender's signature over the transcript (and the key id of the signing key)."""
    if not isinstance(envelope, dict) or envelope.get("version") != VERSION:
        raise EnvelopeError(f"not a {VERSION} envelope")
    public_raw = unb64(envelope.get("sender_public_key"))
    if key_id_of(public_raw) != envelope.get("sender_key_id"):
        raise EnvelopeError("the sender key id does not match the sender's public key")
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(
            unb64(envelope.get("signature")), transcript(envelope)
        )
    except (InvalidSignature, ValueError) as e:
        raise EnvelopeError("the signature does not verify: the envelope was altered") from e


def open_envelope(
    envelope: dict[str, Any],
    private_key: X25519PrivateKey,
    *,
    expected_sender_key_id: str | None = None,
    expected: dict[str, str] | None = None,
) -> Opened:
    """Verify and open. ``expected`` pins header fields (packet id, recipient…): a replayed or
    re-addressed envelope fails here even though its signature is genuine. Without
    ``expected_sender_key_id`` any self-signed envelope verifies: pin the sender's key id
    (from ``GET /v1/organisations/{id}/keys``) whenever it is known.

    Whatever the input, failure is EnvelopeError: an envelope is untrusted data.
    """
    try:
        return _open(envelope, private_key, expected_sender_key_id, expected or {})
    except EnvelopeError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError) as e:
        raise EnvelopeError(f"the envelope is malformed ({type(e).__name__})") from e


def _open(
    envelope: dict[str, Any],
    private_key: X25519PrivateKey,
    expected_sender_key_id: str | None,
    expected: dict[str, str],
) -> Opened:
    verify_signature(envelope)
    if expected_sender_key_id is not None and envelope["sender_key_id"] != expected_sender_key_id:
        raise EnvelopeError("the envelope was signed by a key other than the sender's")
    header = {k: envelope.get(k) for k in HEADER_FIELDS}
    if any(not isinstance(v, str) for v in header.values()) or header["suite"] != SUITE:
        raise EnvelopeError("the envelope header is incomplete or of another suite")
    for field, value in expected.items():
        if header.get(field) != value:
            raise EnvelopeError(
                f"the envelope's {field} is not the one expected (replayed or re-addressed)"
            )
    key_id = key_id_of(raw_public(private_key.public_key()))
    stanza = next(
        (
            r
            for r in envelope.get("recipients", [])
            if isinstance(r, dict) and r.get("key_id") == key_id
        ),
        None,
    )
    if stanza is None:
        raise EnvelopeError("the envelope is not sealed to this key")
    try:
        data_key = _HPKE.decrypt(
            unb64(stanza.get("sealed_key")), private_key, info=hpke_info(header, key_id)
        )
    except (InvalidTag, ValueError) as e:
        raise EnvelopeError("the data key cannot be unsealed with this key") from e
    if not hmac.compare_digest(key_commitment(data_key), str(envelope.get("key_commitment"))):
        raise EnvelopeError("the data key does not match its commitment")
    aad = canonical({k: header[k] for k in HEADER_FIELDS})
    try:
        plaintext = AESGCM(data_key).decrypt(
            unb64(envelope.get("nonce")), unb64(envelope.get("ciphertext")), aad
        )
    except (InvalidTag, ValueError) as e:
        raise EnvelopeError("the body does not decrypt: the envelope was altered") from e
    if hashlib.sha256(plaintext).hexdigest() != envelope.get("body_sha256"):
        raise EnvelopeError("the body does not match its hash")
    body = json.loads(plaintext)
    if not isinstance(body, dict):
        raise EnvelopeError("the body is not a JSON object")
    return Opened(
        body=body,
        header={k: str(v) for k, v in header.items()},
        sender_key_id=envelope["sender_key_id"],
    )


# -- key text formats (what `baton keys generate` writes and the keys endpoint takes) ----------

PUBLIC_PREFIX = "baton-x25519-public-v1:"
PRIVATE_PREFIX = "baton-x25519-private-v1:"


def public_key_text(key: X25519PublicKey) -> str:
    return PUBLIC_PREFIX + b64(raw_public(key))


def private_key_text(key: X25519PrivateKey) -> str:
    return PRIVATE_PREFIX + b64(raw_private(key))


def parse_public_key(text: str) -> X25519PublicKey:
    """A recipient key from its text; ValueError for anything that is not a usable X25519 key
    (``usable_public_key``)."""
    text = text.strip()
    if not text.startswith(PUBLIC_PREFIX):
        raise ValueError(f"a public key starts with {PUBLIC_PREFIX}")
    try:
        raw = base64.b64decode(text[len(PUBLIC_PREFIX) :], validate=True)
        key = X25519PublicKey.from_public_bytes(raw)
    except ValueError as e:
        raise ValueError("the public key is not 32 bytes of base64") from e
    return usable_public_key(key)


_P = 2**255 - 19  # Curve25519's field prime
_A = 486662  # its Montgomery coefficient: y^2 = x^3 + A x^2 + x


def usable_public_key(key: X25519PublicKey) -> X25519PublicKey:
    """``key``, if something sealed to it can only be opened with its private key.

    Refused (ValueError): a non-canonical encoding (u >= p, or the unused top bit set), which no
    key generator writes; a point on the twist, which no private key has as its public key; and
    the low-order points (0, 1, p-1 and the two of order 8, RFC 7748 section 6.1), with which
    every X25519 shared secret is all zeros, so anything sealed to them is readable by anyone
    (and HPKE refuses to seal at all).
    """
    u = int.from_bytes(raw_public(key), "little")
    if u >= _P:
        raise ValueError("the public key is not a canonical X25519 encoding")
    if pow((u * u * u + _A * u * u + u) % _P, (_P - 1) // 2, _P) == _P - 1:
        raise ValueError("the public key is not a point on Curve25519: no private key matches it")
    try:
        X25519PrivateKey.from_private_bytes(bytes([7] * 32)).exchange(key)
    except ValueError:
        raise ValueError(
            "the public key is a low-order point: anything sealed to it could be read by anyone"
        ) from None
    return key


def parse_private_key(text: str) -> X25519PrivateKey:
    text = text.strip()
    if not text.startswith(PRIVATE_PREFIX):
        raise ValueError(f"a private key file starts with {PRIVATE_PREFIX}")
    try:
        return X25519PrivateKey.from_private_bytes(
            base64.b64decode(text[len(PRIVATE_PREFIX) :], validate=True)
        )
    except ValueError as e:
        raise ValueError("the private key is not 32 bytes of base64") from e
