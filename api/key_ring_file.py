"""The key ring file: the random secret of each version of the key that wraps children's keys.

One line per version, ``<version> <base64 secret>``, mode 0600, beside the master key unless
``BATON_KEY_RING_FILE`` says otherwise. A version's key-encryption key is derived from the master
key with the version's secret as salt, so neither file alone unwraps anything; and unlike the
master key, a version's secret can be destroyed (``baton keys rotate``), after which no copy of
the database made while it was current can give up the keys of children erased since.

A missing ring is made (version 1) on first start; a process given a ring that does not match
the one the database's keys are wrapped under refuses to start (projections/store/key_ring.py).
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from api.master_key import KEY_BYTES, ConfigurationError, master_key_path, owner_only
from api.settings import Settings
from projections.store.key_ring import KeyRing

RING_NAME = "child-keys.ring"


def ring_path(settings: Settings) -> Path:
    if settings.key_ring_file is not None:
        return settings.key_ring_file
    return master_key_path(settings).with_name(RING_NAME)


def read_ring(path: Path) -> dict[int, bytes]:
    """Each version's secret; ConfigurationError if the file is not a ring."""
    found: dict[int, bytes] = {}
    try:
        lines = path.read_text().splitlines()
    except OSError as e:
        raise ConfigurationError(f"the key ring file {path} could not be read: {e}") from e
    for line in filter(None, (raw.strip() for raw in lines)):
        if line.startswith("#"):
            continue
        try:
            version, text = line.split()
            secret = base64.b64decode(text, validate=True)
            if len(secret) != KEY_BYTES or int(version) < 1:
                raise ValueError("not a ring line")
            found[int(version)] = secret
        except ValueError as e:
            raise ConfigurationError(f"the key ring file {path} is not a key ring") from e
    if not found:
        raise ConfigurationError(f"the key ring file {path} holds no version")
    return found


def write_ring(path: Path, ring: Mapping[int, bytes], new: bool = False) -> None:
    """Write ``ring`` to ``path`` (mode 0600) in one step: a new file moved over the old one.
    ``new``: only if there is none yet (two processes starting at once make one between them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Baton's key ring: keep it with the master key; see README, Keys and encryption.\n"
    text += "".join(f"{v} {base64.b64encode(ring[v]).decode()}\n" for v in sorted(ring))
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if new:
            os.link(temporary, path)  # fails if another process made one first
        else:
            os.replace(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)


def new_secret() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def keks(master: bytes, ring: Mapping[int, bytes]) -> dict[int, bytes]:
    """Each version's key-encryption key."""
    return {
        version: HKDF(
            algorithm=hashes.SHA256(),
            length=KEY_BYTES,
            salt=secret,
            info=f"baton/child-keys/{version}/v1".encode(),
        ).derive(master)
        for version, secret in ring.items()
    }


def load_key_ring(settings: Settings, master: bytes) -> KeyRing:
    """The ring of ``settings`` (made, at version 1, if there is none yet)."""
    path = ring_path(settings)
    if not path.exists():
        write_ring(path, {1: new_secret()}, new=True)
    owner_only(path)
    return KeyRing(keks(master, read_ring(path)), reload=lambda: keks(master, read_ring(path)))
