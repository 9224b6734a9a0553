"""The access log's entry: who touched which child's data, how, and whether it was allowed.

Entries carry ids, never names, so erasing a child later never breaks the log's integrity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class Action(StrEnum):
    """FHIR AuditEvent actions: create, read, update, delete, execute."""

    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    EXECUTE = "execute"


class Outcome(StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    actor_id: UUID | None
    actor_org_id: UUID | None
    actor_roles: tuple[str, ...]
    action: Action
    child_id: UUID | None
    resource: str
    outcome: Outcome
    purpose: str
    # A refusal's token, as the first 12 hex digits of its SHA-256 (never the token): ties
    # refused attempts to one token, known or not, without making any of them usable.
    token_hash_prefix: str | None = None
    row_id: int | None = None
    seq: int | None = None  # the leaf index, once the integrator has given it one
