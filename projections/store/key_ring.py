"""The key-encryption keys (KEKs) that wrap children's data keys, by version, and their rotation.

A KEK is derived from the master key and a random secret of its version, kept in the key ring
file beside the master key (``api/key_ring_file.py``), never in the database. The database holds
each version's check value (``key_encryption_keys``), so a process given another ring than the one
the keys were wrapped under refuses to start rather than wrap keys nobody else can unwrap.

Rotating (``rotate``) wraps every live data key again under a new version; once no key is left
under an old version, that version's secret can be deleted from the ring, and then every copy of
the database made while it was current (a backup) holds the keys of children erased since only
under a KEK that no longer exists.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.sealing.keyring import KeyUnavailable
from projections.store.db import Database

NONCE_BYTES = 12


class RingMismatch(Exception):
    """The key ring is not the one the database's keys were wrapped under."""


class KeyRing:
    """KEKs by version; the highest wraps new keys. ``reload`` reads the ring again when a key
    wrapped under a version this process does not know turns up (another process rotated)."""

    def __init__(
        self,
        keks: Mapping[int, bytes],
        reload: Callable[[], Mapping[int, bytes]] | None = None,
    ) -> None:
        if not keks:
            raise RingMismatch("the key ring holds no key-encryption key")
        self._keks = dict(keks)
        self._reload = reload
        self._lock = threading.Lock()

    def versions(self) -> list[int]:
        return sorted(self._keks)

    def current(self) -> tuple[int, bytes]:
        version = max(self._keks)
        return version, self._keks[version]

    def refresh(self) -> None:
        """Read the ring again (another process rotated it)."""
        if self._reload is not None:
            with self._lock:
                self._keks = dict(self._reload())

    def kek(self, version: int) -> bytes:
        found = self._keks.get(version)
        if found is None:
            self.refresh()
            found = self._keks.get(version)
        if found is None:
            raise KeyUnavailable(
                f"a child's key is wrapped under key-encryption key version {version}, which"
                " the key ring does not hold"
            )
        return found


def _aad(child_id: str, data_class: str) -> bytes:
    return f"baton/child-key/{child_id}/{data_class}".encode()


def wrap(kek: bytes, key: bytes, child_id: str, data_class: str) -> str:
    """``key`` under ``kek`` (AES-256-GCM; the child and class as associated data), as base64."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = nonce + AESGCM(kek).encrypt(nonce, key, _aad(child_id, data_class))
    return base64.b64encode(sealed).decode()


def unwrap(kek: bytes, wrapped: str, child_id: str, data_class: str) -> bytes:
    raw = base64.b64decode(wrapped)
    try:
        return AESGCM(kek).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(child_id, data_class))
    except InvalidTag as e:
        raise KeyUnavailable("a child's key did not unwrap with the key ring") from e


def check_value(kek: bytes) -> str:
    """What the database keeps of a KEK: enough to recognise it, nothing to recover it."""
    return hmac.new(kek, b"baton/child-keys/check", hashlib.sha256).hexdigest()[:32]


def register(db: Database, ring: KeyRing) -> None:
    """Check ``ring`` against the check values on record, and record those of its new versions.

    Raises ``RingMismatch`` when a version's KEK differs from the one on record, or when live
    keys are wrapped under a version the ring no longer holds."""
    now = datetime.now(UTC).isoformat()
    with db.transaction() as cur:
        cur.execute("SELECT version, check_value FROM key_encryption_keys")
        known = {int(v): str(c) for v, c in cur.fetchall()}
        for version in ring.versions():
            value = check_value(ring.kek(version))
            if version in known and not hmac.compare_digest(known[version], value):
                raise RingMismatch(
                    f"key-encryption key version {version} is not the one this database's keys"
                    " are wrapped under: give every process the same key ring file"
                )
            if version not in known:
                cur.execute(
                    "INSERT INTO key_encryption_keys (version, check_value, created_at)"
                    " VALUES (%s, %s, %s) ON CONFLICT (version) DO NOTHING",
                    (version, value, now),
                )
    missing = set(in_use(db)) - set(ring.versions())
    if missing:
        raise RingMismatch(
            f"children's keys are wrapped under key-encryption key version {min(missing)}, which"
            " the key ring does not hold: restore the ring file that has it"
        )


def newest(db: Database) -> int:
    """The newest version on record (0: none yet)."""
    with db.read() as cur:
        cur.execute("SELECT max(version) FROM key_encryption_keys")
        row = cur.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def in_use(db: Database) -> dict[int, int]:
    """KEK version -> how many live (not destroyed) data keys it wraps."""
    with db.read() as cur:
        cur.execute(
            "SELECT key_version, count(*) FROM child_keys WHERE wrapped_key IS NOT NULL"
            " GROUP BY key_version"
        )
        return {int(v): int(n) for v, n in cur.fetchall()}


def rewrap(db: Database, ring: KeyRing, batch: int = 500) -> int:
    """Wrap every live data key under the ring's current version; returns how many moved.

    Each batch is its own transaction, and a row is only changed if it is still as read (a
    concurrent erasure wins), so this can run while Baton serves."""
    version, kek = ring.current()
    moved = 0
    while True:
        with db.transaction() as cur:
            cur.execute(
                "SELECT child_id, data_class, key_version, wrapped_key FROM child_keys"
                " WHERE wrapped_key IS NOT NULL AND key_version <> %s"
                " ORDER BY child_id, data_class LIMIT %s",
                (version, batch),
            )
            rows = cur.fetchall()
            for child, data_class, old, wrapped in rows:
                key = unwrap(ring.kek(int(old)), str(wrapped), str(child), str(data_class))
                cur.execute(
                    "UPDATE child_keys SET key_version = %s, wrapped_key = %s"
                    " WHERE child_id = %s AND data_class = %s AND wrapped_key = %s",
                    (version, wrap(kek, key, child, data_class), child, data_class, wrapped),
                )
                moved += cur.rowcount
        if len(rows) < batch:
            return moved


def retire(db: Database, versions: list[int]) -> None:
    """Record that ``versions`` were deleted from the ring (their check values go too)."""
    with db.transaction() as cur:
        for version in versions:
            cur.execute("DELETE FROM key_encryption_keys WHERE version = %s", (version,))
