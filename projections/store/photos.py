"""Photos on journey entries, in the database (table ``photos``, migration 0011), sealed.

Why the database and not files: one backup holds the whole record; the pixels are written in
the same transaction as the ``PhotoAttached`` event (never an event without its photo, nor a
photo without its event); and both stores behave alike. The image, the thumbnail and the
description are AES-256-GCM under the child's journey key (``child_keys.py``), bound to the
photo's id, the child's id and which of the three it is, so a copy of the table shows nothing,
a sealed value moved to another row does not open, and once the child's key is destroyed
nothing decrypts. Erasure deletes the rows as well (``forget_child``).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from projections.store.child_keys import IN_CLAUSE, ChildKeys
from projections.store.db import Cursor, Database

Part = Literal["image", "thumbnail", "description"]


@dataclass(frozen=True)
class PhotoToKeep:
    """What ``PhotoStore.keep`` writes: the plain bytes, sealed on the way in."""

    photo_id: UUID
    child_id: UUID
    entry_id: UUID
    content_type: str
    width: int
    height: int
    image: bytes
    thumbnail: bytes
    description: str | None
    attached_at: datetime


@dataclass(frozen=True)
class KeptPhoto:
    """A photo's row, its sealed parts still sealed (``PhotoStore.open`` opens one)."""

    photo_id: UUID
    child_id: UUID
    entry_id: UUID
    content_type: str
    width: int
    height: int
    image_bytes: int
    sealed: dict[str, bytes | None]


class PhotoStore:
    def __init__(self, db: Database, keys: ChildKeys) -> None:
        self.db = db
        self.keys = keys

    def keep(self, photo: PhotoToKeep) -> None:
        """Write the photo, sealed (in the caller's unit of work, beside its event)."""

        def sealed(part: Part, plain: bytes) -> bytes:
            return self.keys.seal(photo.child_id, plain, _aad(photo.photo_id, photo.child_id, part))

        description = photo.description.encode() if photo.description else None
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO photos (photo_id, child_id, entry_id, content_type, width, height,"
                " image_bytes, image, thumbnail, description, attached_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    str(photo.photo_id),
                    str(photo.child_id),
                    str(photo.entry_id),
                    photo.content_type,
                    photo.width,
                    photo.height,
                    len(photo.image),
                    sealed("image", photo.image),
                    sealed("thumbnail", photo.thumbnail),
                    sealed("description", description) if description else None,
                    photo.attached_at.isoformat(),
                ),
            )

    def find(self, child_id: UUID, photo_id: UUID) -> KeptPhoto | None:
        """The child's photo (None: no such photo of this child)."""
        found = self._select("photo_id = %s AND child_id = %s", (str(photo_id), str(child_id)))
        return found[0] if found else None

    def of_entry(self, child_id: UUID, entry_id: UUID) -> list[KeptPhoto]:
        """An entry's photos, in the order they were attached."""
        return self._select("child_id = %s AND entry_id = %s", (str(child_id), str(entry_id)))

    def _select(self, where: str, params: tuple[str, ...]) -> list[KeptPhoto]:
        with self.db.read() as cur:
            cur.execute(
                "SELECT photo_id, child_id, entry_id, content_type, width, height, image_bytes,"
                f" image, thumbnail, description FROM photos WHERE {where}"
                " ORDER BY attached_at, photo_id",
                params,
            )
            rows = cur.fetchall()
        return [_kept(row) for row in rows]

    def open(self, photo: KeptPhoto, part: Part) -> bytes | None:
        """One part of the photo in the clear. Raises ``ChildErased`` once the key is gone."""
        sealed = photo.sealed[part]
        if sealed is None:
            return None
        return self.keys.open(photo.child_id, sealed, _aad(photo.photo_id, photo.child_id, part))

    def for_packet(
        self, child_id: UUID, photo_ids: Sequence[str], max_bytes: int
    ) -> dict[str, dict[str, str | None]]:
        """The photos a packet carries, by id, in the order given: each as its resized image
        while the total stays within ``max_bytes``, else as its thumbnail, else left out."""
        carried: dict[str, dict[str, str | None]] = {}
        total = 0
        for photo_id in photo_ids:
            photo = self.find(child_id, UUID(photo_id))
            if photo is None:
                continue
            for part in ("image", "thumbnail"):
                data = self.open(photo, part)
                if data is not None and total + len(data) <= max_bytes:
                    total += len(data)
                    carried[photo_id] = _carried(self, photo, part, data)
                    break
        return carried

    def ids_by_entry(self, child_id: UUID, entry_ids: Sequence[str]) -> dict[str, list[str]]:
        """The photo ids of each of ``entry_ids`` (of one child), in the order attached."""
        found: dict[str, list[str]] = {}
        for start in range(0, len(entry_ids), IN_CLAUSE):
            chunk = list(entry_ids[start : start + IN_CLAUSE])
            marks = ", ".join(["%s"] * len(chunk))
            with self.db.read() as cur:
                cur.execute(
                    "SELECT entry_id, photo_id FROM photos WHERE child_id = %s"
                    f" AND entry_id IN ({marks}) ORDER BY attached_at, photo_id",
                    (str(child_id), *chunk),
                )
                for entry_id, photo_id in cur.fetchall():
                    found.setdefault(str(entry_id), []).append(str(photo_id))
        return found


def _carried(store: PhotoStore, photo: KeptPhoto, part: str, data: bytes) -> dict[str, str | None]:
    description = store.open(photo, "description")
    return {
        "id": str(photo.photo_id),
        "entry_id": str(photo.entry_id),
        "content_type": photo.content_type,
        "size": part,
        "description": description.decode() if description else None,
        "data": base64.b64encode(data).decode(),
    }


def _kept(row: Sequence[Any]) -> KeptPhoto:
    parts = dict(zip(("image", "thumbnail", "description"), row[7:], strict=True))
    return KeptPhoto(
        UUID(row[0]),
        UUID(row[1]),
        UUID(row[2]),
        str(row[3]),
        int(row[4]),
        int(row[5]),
        int(row[6]),
        {k: bytes(v) if v is not None else None for k, v in parts.items()},
    )


def forget_child(cur: Cursor, child_id: UUID) -> int:
    """Delete every photo of an erased child (already unreadable: its key is destroyed)."""
    cur.execute("DELETE FROM photos WHERE child_id = %s", (str(child_id),))
    return int(cur.rowcount)


def _aad(photo_id: UUID, child_id: UUID, part: Part) -> bytes:
    return f"baton/photo/{part}/{photo_id}/{child_id}".encode()
