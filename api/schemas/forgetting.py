"""Leaving a setting, holds, erasure and the subject's record, as the API takes and gives them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import In, Reason
from api.schemas.consents import ConsentPublic
from api.schemas.handovers import HandoverPublic
from api.schemas.journey import AssessmentPublic, ChildPublic, ObservationPublic, VoicePublic


class LeavingCreate(In):
    setting_id: UUID
    left_on: date = Field(description="the child's last day there; today or earlier")


class LeavingRecorded(BaseModel):
    child_id: UUID
    setting_id: UUID
    left_on: date
    position: int


class HoldCreate(In):
    reason: Reason


class HoldPublic(BaseModel):
    id: UUID
    child_id: UUID
    status: Literal["on", "released"]
    org_id: UUID
    placed_by: UUID
    placed_at: datetime
    released_by: UUID | None
    released_at: datetime | None
    reason: str | None = Field(description="shown to DSLs; never in the subject's record")
    position: int | None = None


class ErasureCreate(In):
    reason: Reason


class ErasurePublic(BaseModel):
    child_id: UUID
    status: Literal["erased"]
    erased_at: datetime
    position: int


class PacketErasurePublic(BaseModel):
    id: UUID
    status: Literal["erased"]
    erased_at: datetime
    position: int


class EnrolmentRecord(BaseModel):
    setting_id: UUID
    started_on: date
    left_on: date | None
    enrolled_by: UUID


class AccessRecord(BaseModel):
    """One access-log entry about the child (``seq`` is null until it is integrated)."""

    seq: int | None
    at: datetime
    actor_id: UUID | None
    actor_org_id: UUID | None
    actor_roles: list[str]
    action: str
    resource: str
    outcome: Literal["allowed", "denied"]
    purpose: str


class SubjectRecord(BaseModel):
    """Everything Baton holds about the child: what answers a subject access request."""

    child: ChildPublic
    enrolments: list[EnrolmentRecord]
    entries: list[ObservationPublic | VoicePublic | AssessmentPublic]
    consents: list[ConsentPublic]
    handovers: list[HandoverPublic]
    holds: list[HoldPublic]
    access_log: list[AccessRecord]
