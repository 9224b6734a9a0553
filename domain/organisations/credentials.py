"""Bearer tokens and invitation links for staff: issued once, stored only as a SHA-256 hash.

A token is ``bt_<org id>_<staff id>_<secret>``, an invitation ``iv_<org id>_<staff id>_<secret>``.
The ids (not personal data) let the service find the one hash to compare against without an
index; the 256-bit secret is what proves possession, and a fast hash is enough for a secret of
that strength (as for API keys generally, unlike passwords).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from uuid import UUID

PREFIX = "bt"
INVITATION_PREFIX = "iv"


@dataclass(frozen=True)
class ParsedToken:
    org_id: UUID
    staff_id: UUID
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    org_id: UUID, staff_id: UUID, secret: str | None = None, prefix: str = PREFIX
) -> tuple[str, str]:
    """A new token and the hash to store. ``secret`` is given only for derived demo tokens."""
    secret = secret or secrets.token_urlsafe(32)
    return f"{prefix}_{org_id.hex}_{staff_id.hex}_{secret}", hash_secret(secret)


def parse_token(token: str, prefix: str = PREFIX) -> ParsedToken | None:
    parts = token.split("_", 3)
    if len(parts) != 4 or parts[0] != prefix or not parts[3]:
        return None
    try:
        return ParsedToken(UUID(hex=parts[1]), UUID(hex=parts[2]), parts[3])
    except ValueError:
        return None


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
