"""Parents' and carers' decisions about sharing, as the API takes and gives them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.schemas.common import In, Name, Reason, no_control
from consent.vocabulary import Category, Purpose, Relationship, Status

Evidence = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(no_control),
]


class ConsentCreate(In):
    given_by: Name
    relationship: Relationship
    recipient_id: UUID
    purpose: Purpose
    categories: Annotated[list[Category], Field(min_length=1, max_length=4)]
    evidence: Evidence | None = Field(
        default=None,
        description="where the decision is written down, e.g. the paper form's reference",
    )
    parental_responsibility: bool = True
    valid_from: date | None = Field(
        default=None, description="defaults to today; never in the future"
    )
    valid_until: date | None = None


class ConsentWithdrawal(In):
    withdrawn_by: Name
    reason: Reason | None = None


class HistoryEntry(BaseModel):
    event: str
    at: datetime
    by: UUID | None
    detail: str | None


class ConsentPublic(BaseModel):
    id: UUID
    child_id: UUID
    status: Status
    given_by: str
    relationship: str
    parental_responsibility: bool
    recipient_id: UUID
    purpose: str
    categories: list[str]
    valid_from: date
    valid_until: date | None
    evidence: str | None
    setting_id: UUID
    recorded_by: UUID
    recorded_at: datetime
    withdrawn_by: str | None
    withdrawal_reason: str | None
    history: list[HistoryEntry]
    position: int | None = None


class ConsentList(BaseModel):
    items: list[ConsentPublic]
    next: str | None = None
