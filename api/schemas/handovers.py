"""Handover packets: sealing one, its status, acknowledging and revoking, a school's inbox."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.schemas.common import In, Reason, no_control
from domain.handover.packet import PacketKind, PacketStatus

Justification = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=10, max_length=5_000),
    AfterValidator(no_control),
]

Information = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
    AfterValidator(no_control),
]


class HandoverCreate(In):
    child_id: UUID
    school_id: UUID
    kind: PacketKind = PacketKind.TRANSITION
    justification: Justification | None = Field(
        default=None, description="safeguarding only: why this is shared (recorded)"
    )
    information: Information | None = Field(
        default=None, description="safeguarding only: what the receiving DSL needs to know"
    )


class HandoverPublic(BaseModel):
    id: UUID
    child_id: UUID
    from_id: UUID
    school_id: UUID
    kind: PacketKind
    status: PacketStatus
    categories: list[str]
    content_sha256: str
    sealed_at: datetime
    acknowledge_by: date | None
    acknowledged_by: UUID | None
    acknowledged_at: datetime | None
    server_can_open: bool = Field(description="false when the school holds its own key")
    position: int | None = None


class Acknowledgement(BaseModel):
    status: Literal["acknowledged"]
    acknowledged_by: UUID
    acknowledged_at: datetime
    position: int


class RevocationCreate(In):
    reason: Reason | None = None


class InboxItem(BaseModel):
    id: UUID
    child_id: UUID
    child_name: str | None
    from_id: UUID
    school_id: UUID | None = Field(default=None, description="the recipient organisation")
    kind: PacketKind
    status: PacketStatus
    delivered_at: datetime
    acknowledge_by: date | None
    opened_at: datetime | None = None
    acknowledged_at: datetime | None = None
