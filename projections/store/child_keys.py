"""A key per child: what protects each child's events, snapshots, view rows and cached answers.

Each child has a random 256-bit data key per class of data (``journey``: the learning record;
``safeguarding``: what travels DSL to DSL, whose retention differs). A data key is stored only
wrapped (AES-256-GCM, the child's id and the class as associated data) under a key-encryption
key (KEK) from the key ring (``projections/store/key_ring.py``). Destroying a child's keys
(``destroy``) overwrites the wrapped keys with NULL: from then on nothing encrypted under them
can be read, by anyone, from this database or from any copy of it once the KEK that wrapped them
is gone.

Unwrapped keys are kept in a bounded cache for ``cache_seconds``, so a list of a setting's few
hundred children does not unwrap each key on each request; ``destroy`` drops the child's
entries at once, and another process's cache forgets them within ``cache_seconds``.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.base import JOURNEY, SAFEGUARDING
from domain.errors import ChildErased
from projections.store.binding import after_commit, bound
from projections.store.db import Cursor, Database
from projections.store.key_ring import KeyRing, newest, unwrap, wrap

__all__ = ["DATA_CLASSES", "ChildErased", "ChildKeys", "KeyMissing"]

DATA_CLASSES = (JOURNEY, SAFEGUARDING)
NONCE_BYTES = 12
IN_CLAUSE = 500  # ids per SELECT ... IN (...): well under SQLite's limit on bound values


class KeyMissing(LookupError):
    """No key was ever made for this child and class (nothing was stored under one)."""


@dataclass(frozen=True)
class _Entry:
    key: bytes
    aead: AESGCM
    until: float


class ChildKeys:
    """The store of children's data keys (table ``child_keys``, migration 0005)."""

    def __init__(
        self,
        db: Database,
        ring: KeyRing,
        reader: Database | None = None,
        cache_size: int = 16384,
        cache_seconds: float = 60.0,
    ) -> None:
        self.db = db  # writes, and reads inside a unit of work (which see its own new keys)
        # Reads outside one: on SQLite a second connection, since a projection's thread holds a
        # transaction open on its own while it reads and seals a batch.
        self.reader = reader or db
        self.ring = ring
        self.cache_size = cache_size
        self.cache_seconds = cache_seconds
        self._cache: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    # -- the keys ----------------------------------------------------------------------------

    def key_for(self, child_id: UUID | str, data_class: str = JOURNEY) -> bytes:
        """The child's key for ``data_class``, made now if the child has none yet.

        Inside a unit of work the new key is written in its transaction (and forgotten with it
        on a rollback). Raises ``ChildErased`` once the child's keys are destroyed."""
        return self._entry(str(child_id), data_class, create=True).key

    def destroy(self, child_id: UUID | str) -> None:
        """Overwrite every wrapped key of the child with NULL and record when (idempotent).

        Runs in the caller's unit of work, if one is open. A class that had no key yet gets a
        destroyed row too, so no new key can ever be made for an erased child."""
        child, now = str(child_id), datetime.now(UTC).isoformat()
        self._forget(child)
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE child_keys SET wrapped_key = NULL,"
                " destroyed_at = COALESCE(destroyed_at, %s) WHERE child_id = %s",
                (now, child),
            )
            cur.executemany(
                "INSERT INTO child_keys (child_id, data_class, key_version, wrapped_key,"
                " created_at, destroyed_at) VALUES (%s, %s, 0, NULL, %s, %s)"
                " ON CONFLICT (child_id, data_class) DO NOTHING",
                [(child, data_class, now, now) for data_class in DATA_CLASSES],
            )
        after_commit(lambda: self._forget(child))  # and again, past any read meanwhile

    def is_destroyed(self, child_id: UUID | str) -> bool:
        with self._reading() as cur:
            cur.execute(
                "SELECT 1 FROM child_keys WHERE child_id = %s AND destroyed_at IS NOT NULL",
                (str(child_id),),
            )
            return cur.fetchone() is not None

    def preload(self, child_ids: Iterable[str], data_class: str = JOURNEY) -> None:
        """Unwrap the keys of many children with one query per few hundred (a list, a batch of
        events), rather than one query each. Children without a key are left out; inside a
        unit of work it does nothing (what it read might not be committed)."""
        if bound() is not None:
            return
        wanted = sorted({c for c in child_ids if self._cached((c, data_class)) is None})
        for start in range(0, len(wanted), IN_CLAUSE):
            chunk = wanted[start : start + IN_CLAUSE]
            marks = ", ".join(["%s"] * len(chunk))
            with self._reading() as cur:
                cur.execute(
                    "SELECT child_id, key_version, wrapped_key FROM child_keys"
                    f" WHERE data_class = %s AND child_id IN ({marks})"
                    " AND wrapped_key IS NOT NULL",
                    (data_class, *chunk),
                )
                rows = cur.fetchall()
            for child, version, wrapped in rows:
                self._remember(
                    (child, data_class), self._unwrap(child, data_class, version, wrapped)
                )

    def create_missing(self, child_ids: Iterable[str], data_class: str = JOURNEY) -> int:
        """Make keys for those of ``child_ids`` that have none (one transaction per few
        hundred); returns how many were asked for."""
        version, kek = self.ring.current()
        now, ids = datetime.now(UTC).isoformat(), sorted(set(child_ids))
        for start in range(0, len(ids), IN_CLAUSE):
            rows = [
                (
                    child,
                    data_class,
                    version,
                    wrap(kek, secrets.token_bytes(32), child, data_class),
                    now,
                )
                for child in ids[start : start + IN_CLAUSE]
            ]
            with self.db.transaction() as cur:
                cur.executemany(
                    "INSERT INTO child_keys (child_id, data_class, key_version, wrapped_key,"
                    " created_at) VALUES (%s, %s, %s, %s, %s)"
                    " ON CONFLICT (child_id, data_class) DO NOTHING",
                    rows,
                )
        return len(ids)

    def step_done(self, step: str) -> bool:
        with self.db.read() as cur:
            cur.execute("SELECT 1 FROM child_keys_steps WHERE step = %s", (step,))
            return cur.fetchone() is not None

    def mark_done(self, step: str) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO child_keys_steps (step, done_at) VALUES (%s, %s)"
                " ON CONFLICT (step) DO NOTHING",
                (step, datetime.now(UTC).isoformat()),
            )

    # -- encrypting under them ---------------------------------------------------------------

    def seal(
        self, child_id: UUID | str, plain: bytes, aad: bytes, data_class: str = JOURNEY
    ) -> bytes:
        """AES-256-GCM under the child's key (made if need be): nonce, then ciphertext."""
        entry = self._entry(str(child_id), data_class, create=True)
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + entry.aead.encrypt(nonce, plain, aad)

    def open(
        self, child_id: UUID | str, sealed: bytes, aad: bytes, data_class: str = JOURNEY
    ) -> bytes:
        """What ``seal`` sealed. Raises ``ChildErased``, ``KeyMissing`` or ``InvalidTag``."""
        entry = self._entry(str(child_id), data_class, create=False)
        return entry.aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)

    def seal_text(self, child_id: UUID | str, text: str, column: str) -> str:
        """``text`` for a view's column: base64 of AES-GCM under the child's journey key, bound
        to the column and the child (a value moved to another row or column does not open).
        NUL is dropped, as from any text a view stores (``db.clean``)."""
        plain = text.replace("\x00", "").encode()
        sealed = self.seal(child_id, plain, _column_aad(column, child_id))
        return base64.b64encode(sealed).decode()

    def open_text(self, child_id: UUID | str, token: str, column: str) -> str:
        """What ``seal_text`` sealed. Raises ``ChildErased`` once the child's keys are gone."""
        try:
            sealed = base64.b64decode(token, validate=True)
            return self.open(child_id, sealed, _column_aad(column, child_id)).decode()
        except (ValueError, InvalidTag) as e:
            raise ValueError(f"a sealed {column} did not open") from e

    # -- inside ------------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Cursor]:
        with (self.db if bound() is not None else self.reader).read() as cur:
            yield cur

    def _entry(self, child: str, data_class: str, create: bool) -> _Entry:
        if data_class not in DATA_CLASSES:
            raise ValueError(f"no class of data is called {data_class!r}")
        cached = self._cached((child, data_class))
        if cached is not None:
            return cached
        found = self._read(child, data_class)
        if found is None:
            if not create:
                raise KeyMissing(f"no {data_class} key was made for this child")
            found = self._create(child, data_class)
        entry = self._unwrap(child, data_class, *found)
        # Remembered once committed (at once outside a unit of work): a key made by a decision
        # that rolls back must never be used again.
        after_commit(lambda: self._remember((child, data_class), entry))
        return entry

    def _read(self, child: str, data_class: str) -> tuple[int, str] | None:
        with self._reading() as cur:
            cur.execute(
                "SELECT data_class, key_version, wrapped_key, destroyed_at FROM child_keys"
                " WHERE child_id = %s",
                (child,),
            )
            rows = cur.fetchall()
        if any(destroyed is not None for *_, destroyed in rows):
            raise ChildErased(child)
        found = [(int(v), str(w)) for c, v, w, _ in rows if c == data_class]
        return found[0] if found else None

    def _create(self, child: str, data_class: str) -> tuple[int, str]:
        if newest(self.db) > self.ring.current()[0]:
            self.ring.refresh()  # rotated since this process read the ring
        version, kek = self.ring.current()
        wrapped = wrap(kek, secrets.token_bytes(32), child, data_class)
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO child_keys (child_id, data_class, key_version, wrapped_key,"
                " created_at) VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (child_id, data_class) DO NOTHING",
                (child, data_class, version, wrapped, datetime.now(UTC).isoformat()),
            )
        found = self._read(child, data_class)  # ours, or the one a concurrent writer made first
        if found is None:
            raise ChildErased(child)
        return found

    def _unwrap(self, child: str, data_class: str, version: Any, wrapped: Any) -> _Entry:
        key = unwrap(self.ring.kek(int(version)), str(wrapped), child, data_class)
        return _Entry(key, AESGCM(key), time.monotonic() + self.cache_seconds)

    def _cached(self, slot: tuple[str, str]) -> _Entry | None:
        with self._lock:
            entry = self._cache.get(slot)
            if entry is None:
                return None
            if entry.until < time.monotonic():
                del self._cache[slot]
                return None
            self._cache.move_to_end(slot)
            return entry

    def _remember(self, slot: tuple[str, str], entry: _Entry) -> None:
        with self._lock:
            self._cache[slot] = entry
            self._cache.move_to_end(slot)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def _forget(self, child: str) -> None:
        with self._lock:
            for data_class in DATA_CLASSES:
                self._cache.pop((child, data_class), None)


def _column_aad(column: str, child_id: UUID | str) -> bytes:
    return f"baton/view/{column}/{child_id}".encode()
