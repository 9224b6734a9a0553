"""Partnerships: membership, the dashboard's figures (never a child), moderation samples."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import In, Name, Reason
from domain.partnerships.partnership import MemberState, PartnershipKind


class PartnershipCreate(In):
    name: Name
    kind: PartnershipKind
    invite: list[UUID] = Field(default_factory=list, max_length=200)
    local_authority_id: UUID | None = None


class PartnershipInvitation(In):
    org_id: UUID


class PartnershipArea(In):
    local_authority_id: UUID | None


class Member(BaseModel):
    org_id: UUID
    name: str
    kind: str
    state: MemberState
    joined_at: datetime | None


class PartnershipPublic(BaseModel):
    id: UUID
    name: str
    kind: PartnershipKind
    members: list[Member]
    local_authority_id: UUID | None = None
    position: int | None = None


class PartnershipListed(BaseModel):
    id: UUID
    name: str
    kind: PartnershipKind
    relation: str  # member, invited or local_authority


class PartnershipList(BaseModel):
    items: list[PartnershipListed]


class Observations(BaseModel):
    """Observations recorded in the last 12 weeks, per area of learning and in all."""

    CL: int | None
    PSED: int | None
    PD: int | None
    L: int | None
    M: int | None
    UW: int | None
    EAD: int | None
    all: int | None


class Packets(BaseModel):
    """Packets sent in the last 12 weeks: how many, how many opened, how many acknowledged
    on time (safeguarding: by their date, 5 school days; transition: within 15 school days)."""

    sent: int | None
    opened: int | None
    acknowledged_on_time: int | None


class Figures(BaseModel):
    children_on_roll: int | None
    observations: Observations
    packets: Packets


class MemberFigures(BaseModel):
    org_id: UUID
    name: str
    figures: Figures


class Month(BaseModel):
    month: str  # YYYY-MM
    observations: int | None
    packets_sent: int | None
    packets_acknowledged_on_time: int | None


class Dashboard(BaseModel):
    """Every figure is a count, or null when it is about fewer than ``small_number`` children.
    A total counts only the members whose own figure is shown."""

    id: UUID
    name: str
    since: date
    until: date
    small_number: int
    members: list[MemberFigures]
    total: Figures
    by_month: list[Month]


class ModerationCreate(In):
    child_id: UUID
    assessment_id: UUID


class ReviewCreate(In):
    agree: bool
    comment: Reason | None = None


class SampleAssessment(BaseModel):
    kind: str | None
    age_band: str
    summary: str
    areas: dict[str, str]


class SampleEvidence(BaseModel):
    area: str | None
    text: str
    weeks_before_assessment: int
    elgs: list[str]
    characteristics: list[str]


class ReviewPublic(BaseModel):
    org_id: UUID
    org_name: str
    agree: bool
    comment: str | None
    reviewed_at: datetime


class SamplePublic(BaseModel):
    """A pseudonymised copy: no name, id or date of birth of the child; the child's names in
    the text are replaced with ``names_replaced_with``."""

    id: UUID
    partnership_id: UUID
    shared_by: UUID
    shared_by_name: str
    shared_at: datetime
    assessment: SampleAssessment
    evidence: list[SampleEvidence]
    names_replaced_with: str
    reviews: list[ReviewPublic]
    position: int | None = None


class SampleList(BaseModel):
    items: list[SamplePublic]
