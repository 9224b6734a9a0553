"""Private keys at rest: wrapped (AES-256-GCM) under a key-encryption key the service derives
from its master key, bound to the organisation and key id so a wrapped key cannot be moved."""

from __future__ import annotations

import secrets
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.sealing.envelope import EnvelopeError, b64, key_id_of, raw_private, raw_public, unb64


class KeyUnavailable(Exception):
    """No usable key: the organisation holds its own, or a wrapped key does not unwrap."""


def _aad(org_id: UUID, key_id: str) -> bytes:
    return f"baton-key-wrap-v1:{org_id}:{key_id}".encode()


def wrap(kek: bytes, org_id: UUID, key_id: str, private_raw: bytes) -> str:
    nonce = secrets.token_bytes(12)
    return b64(nonce + AESGCM(kek).encrypt(nonce, private_raw, _aad(org_id, key_id)))


def unwrap(kek: bytes, org_id: UUID, key_id: str, wrapped: str) -> bytes:
    try:
        blob = unb64(wrapped)
        return AESGCM(kek).decrypt(blob[:12], blob[12:], _aad(org_id, key_id))
    except (InvalidTag, ValueError, EnvelopeError) as e:
        raise KeyUnavailable("a stored private key does not unwrap with this master key") from e


def new_encryption_key(kek: bytes, org_id: UUID) -> tuple[str, str, str]:
    """(key id, public key base64, wrapped private key) of a fresh X25519 key."""
    key = X25519PrivateKey.generate()
    public_raw = raw_public(key.public_key())
    key_id = key_id_of(public_raw)
    return key_id, b64(public_raw), wrap(kek, org_id, key_id, raw_private(key))


def new_signing_key(kek: bytes, org_id: UUID) -> tuple[str, str, str]:
    """(key id, public key base64, wrapped private key) of a fresh Ed25519 key."""
    key = Ed25519PrivateKey.generate()
    public_raw = raw_public(key.public_key())
    key_id = key_id_of(public_raw)
    return key_id, b64(public_raw), wrap(kek, org_id, key_id, raw_private(key))
