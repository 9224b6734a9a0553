"""The master key: read from BATON_MASTER_KEY_FILE, or made once for the embedded store.

It never encrypts data directly: keys for each purpose are derived from it with HKDF.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import stat
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from api.settings import Settings

KEY_BYTES = 32
log = logging.getLogger("baton")


class ConfigurationError(Exception):
    """Baton cannot start with the settings it was given; the message says what to change."""


def master_key_path(settings: Settings) -> Path:
    if settings.master_key_file is not None:
        return settings.master_key_file
    if settings.uses_postgres:
        raise ConfigurationError(
            "BATON_MASTER_KEY_FILE is required with PostgreSQL: create one with "
            "`baton keys master --out FILE` and keep a copy somewhere safe"
        )
    return settings.data_dir / "master.key"


def write_master_key(path: Path) -> None:
    """A new random key, written so that only its owner can read it (mode 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode() + "\n")


def load_master_key(settings: Settings) -> bytes:
    path = master_key_path(settings)
    if not path.exists():
        if settings.master_key_file is not None:
            raise ConfigurationError(f"BATON_MASTER_KEY_FILE names {path}, which does not exist")
        write_master_key(path)
    owner_only(path)
    try:
        key = base64.b64decode(path.read_text().strip(), validate=True)
    except (ValueError, OSError) as e:
        raise ConfigurationError(f"the master key file {path} could not be read: {e}") from e
    if len(key) != KEY_BYTES:
        raise ConfigurationError(f"the master key file {path} must hold {KEY_BYTES} bytes, base64")
    return key


def owner_only(path: Path) -> None:
    """Narrow a key file that others may read to mode 0600 (where it can be changed: a
    read-only mount stays as it is, with a warning)."""
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        try:
            os.chmod(path, 0o600)
        except OSError:
            log.warning("%s is readable by others and cannot be changed; make it mode 0600", path)


def derive_key(master: bytes, purpose: str) -> bytes:
    """A 256-bit key for one purpose, e.g. ``derive_key(m, "events")``."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=f"baton/{purpose}/v1".encode()
    ).derive(master)
