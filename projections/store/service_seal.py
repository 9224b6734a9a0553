"""Sealing a view's column that is personal but about no child, under a service key.

The organisation directory keeps names, and a childminder's setting is often named after the
childminder. A child's key would be wrong for it: an organisation is no child, is never erased
with one, and would put organisation ids among the children's keys. So such a column is sealed
(AES-256-GCM) under a key derived from the master key for this one purpose, as the events it
is read from are (under their own derived key): a copy of the database alone does not show it.
Each value is bound to its column and its row's id (a value moved to another row or column
does not open). ``ServiceSeal`` has the shape of the views' ``Sealer``.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


class ServiceSeal:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal_text(self, owner_id: UUID | str, text: str, column: str) -> str:
        """``text`` for ``column`` of the row of ``owner_id``: base64 of nonce and ciphertext."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        plain = text.replace("\x00", "").encode()  # NUL is dropped, as from any view's text
        sealed = nonce + self._aead.encrypt(nonce, plain, _aad(owner_id, column))
        return base64.b64encode(sealed).decode()

    def open_text(self, owner_id: UUID | str, token: str, column: str) -> str:
        try:
            sealed = base64.b64decode(token, validate=True)
            aad = _aad(owner_id, column)
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad).decode()
        except (ValueError, InvalidTag) as e:
            raise ValueError(f"a sealed {column} did not open") from e

    def preload(self, owner_ids: Iterable[str]) -> None:
        """Nothing to fetch: one key serves every row."""


def _aad(owner_id: UUID | str, column: str) -> bytes:
    return f"service-seal/{column}/{owner_id}".encode()
