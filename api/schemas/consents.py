"""Parents' and carers' decisions about sharing, as the API takes and gives them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.schemas.common import In, Name, Reason, no_control
from consent.vocabulary import Category, Purpose, Relationship, RequestStatus, Status

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
    given_by_parent_id: UUID | None = Field(
        default=None, description="the parent who gave it on the web, signed in as themselves"
    )
    recorded_by_parent: bool = Field(
        default=False, description="given by the parent on the web (not recorded by staff)"
    )
    withdrawn_by_parent_id: UUID | None = Field(
        default=None, description="the parent who withdrew it on the web"
    )
    request_id: UUID | None = Field(
        default=None, description="the setting's request for consent that it answers"
    )
    position: int | None = None


class ConsentList(BaseModel):
    items: list[ConsentPublic]
    next: str | None = None


Categories = Annotated[list[Category], Field(min_length=1, max_length=4)]


class ConsentRequestCreate(In):
    """What a setting asks the parents to agree to: one recipient, a purpose, categories."""

    recipient_id: UUID
    purpose: Purpose
    categories: Categories


class ConsentRequestCancellation(In):
    reason: Reason | None = None


class ConsentRequestPublic(BaseModel):
    id: UUID
    child_id: UUID
    recipient_id: UUID
    purpose: str
    categories: list[str]
    setting_id: UUID
    requested_by: UUID
    requested_at: datetime
    status: RequestStatus
    consent_id: UUID | None = Field(description="the consent that answered it (status given)")
    closed_by: UUID | None = Field(
        description="the parent who answered, the member of staff who recorded the answer, or "
        "who cancelled it"
    )
    closed_at: datetime | None
    reason: str | None = Field(description="why it was declined or cancelled, if they said")
    position: int | None = None


class ConsentRequestList(BaseModel):
    items: list[ConsentRequestPublic]
    next: str | None = None


class ParentConsentCreate(In):
    """A parent's own consent, on the family pages (their name and relationship are their
    account's and their link's, never typed)."""

    recipient_id: UUID
    purpose: Purpose
    categories: Categories
    valid_until: date | None = None
    request_id: UUID | None = None


class ParentDecision(In):
    """A parent withdrawing a consent, or declining a request, with their reason if they wish."""

    reason: Reason | None = None
