"""The access log as the API gives it: entries, signed checkpoints and proofs."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field


class Entry(BaseModel):
    seq: int
    at: datetime
    actor_id: UUID | None
    actor_org_id: UUID | None
    actor_roles: list[str]
    action: str
    child_id: UUID | None
    resource: str
    outcome: Literal["allowed", "denied"]
    purpose: str
    actor_name: str | None = Field(
        default=None, description="the member of staff's name (none for the operator)"
    )
    actor_org_name: str | None = Field(default=None, description="their organisation's name")
    token_hash_prefix: str | None = Field(
        default=None,
        description="a refusal's token: the first 12 hex digits of its SHA-256, never the token",
    )


class CheckpointPublic(BaseModel):
    size: int
    root: str = Field(description="lowercase hex")
    signature: str = Field(description="base64 Ed25519 signature over the note's text")
    key_id: str = Field(description="the signed-note key id, hex")
    note: str = Field(description="the C2SP tlog-checkpoint signed note")
    verifier_key: str = Field(description="pin this to check checkpoints yourself")


class Proof(BaseModel):
    leaf_index: int
    tree_size: int
    leaf_hash: str
    proof: list[str]
