"""Handover packets: sealing one, its status, acknowledging and revoking, a recipient's inbox."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.schemas.common import In, Reason, no_control
from domain.errors import InvalidField
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
    recipient_id: UUID | None = Field(
        default=None,
        description="the receiving organisation, of any kind that receives packets: a school, "
        "a family hub, a health visiting team, a speech and language therapy service, a local "
        "authority",
    )
    school_id: UUID | None = Field(
        default=None, description="the receiving school (in place of recipient_id)"
    )
    kind: PacketKind | None = Field(
        default=None,
        description="what the packet is for; by default the recipient's own purpose "
        "(transition to a school, integrated_review to a health visiting team, "
        "team_around_the_child to another professional); safeguarding: DSL to DSL",
    )
    justification: Justification | None = Field(
        default=None, description="safeguarding only: why this is shared (recorded)"
    )
    information: Information | None = Field(
        default=None, description="safeguarding only: what the receiving DSL needs to know"
    )

    def recipient(self) -> tuple[UUID, str]:
        """The receiving organisation, and the field that named it."""
        if self.recipient_id and self.school_id and self.recipient_id != self.school_id:
            raise InvalidField("recipient_id", "names another organisation than school_id")
        if self.recipient_id:
            return self.recipient_id, "recipient_id"
        if self.school_id:
            return self.school_id, "school_id"
        raise InvalidField("recipient_id", "is required (or school_id, for a school)")


class HandoverPublic(BaseModel):
    id: UUID
    child_id: UUID
    from_id: UUID
    recipient_id: UUID
    school_id: UUID | None = Field(description="the recipient, when it is a school")
    kind: PacketKind
    status: PacketStatus
    categories: list[str]
    content_sha256: str
    sealed_at: datetime
    acknowledge_by: date | None
    acknowledged_by: UUID | None
    acknowledged_at: datetime | None
    server_can_open: bool = Field(description="false when the recipient holds its own key")
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
    recipient_id: UUID | None = Field(default=None, description="the recipient organisation")
    kind: PacketKind
    status: PacketStatus
    delivered_at: datetime
    acknowledge_by: date | None
    opened_at: datetime | None = None
    acknowledged_at: datetime | None = None
