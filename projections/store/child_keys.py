"""Per-child keys: a minimal stand-in with the interface of the real key store.

The real store (a key per child and data class, wrapped under a key-encryption key, the events,
snapshots, views and caches encrypted under it) replaces this module; erasure is written
against these names only: ``key_for``, ``destroy``, ``is_destroyed`` and ``ChildErased``.
Here a key is derived from the key-encryption key, so destroying it only records that it may no
longer be handed out; the real store deletes the wrapped key itself.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain.errors import ChildErased
from projections.store.db import Database

__all__ = ["ChildErased", "ChildKeys"]


class ChildKeys:
    def __init__(self, db: Database, kek: bytes) -> None:
        self.db = db
        self._kek = kek

    def key_for(self, child_id: UUID, data_class: str = "journey") -> bytes:
        """The child's 32-byte key for one class of data; ``ChildErased`` once destroyed."""
        if self.is_destroyed(child_id):
            raise ChildErased()
        info = f"baton child key {child_id} {data_class}".encode()
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(self._kek)

    def destroy(self, child_id: UUID) -> None:
        """Destroy every key of the child (repeating it changes nothing)."""
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO child_keys_destroyed (child_id, destroyed_at) VALUES (%s, %s)"
                " ON CONFLICT (child_id) DO NOTHING",
                (str(child_id), datetime.now(UTC).isoformat()),
            )

    def is_destroyed(self, child_id: UUID) -> bool:
        with self.db.read() as cur:
            cur.execute("SELECT 1 FROM child_keys_destroyed WHERE child_id = %s", (str(child_id),))
            return cur.fetchone() is not None
