"""What the API takes (``…Create``) and gives (``…Public``); field names are the contract's."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Generic, Literal, TypeVar
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from domain.journey.eyfs import (
    Area,
    AssessmentKind,
    Characteristic,
    Judgement,
    SendStatus,
    VoiceKind,
)
from domain.organisations.organisation import OrganisationKind, Role

T = TypeVar("T")
MAX_TEXT = 10_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def no_control(value: str) -> str:
    """Text may hold line breaks and tabs, never other control characters (NUL above all:
    PostgreSQL cannot store it, and a record is no place for it)."""
    if _CONTROL.search(value):
        raise ValueError("contains a control character (such as NUL), which text may not hold")
    return value


def one_line(value: str) -> str:
    """A name or a reference: no line breaks or control characters of any kind."""
    if _LINE_BREAKING.search(value):
        raise ValueError("must be one line, without control characters")
    return value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(one_line),
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT),
    AfterValidator(no_control),
]
Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000),
    AfterValidator(no_control),
]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
Language = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=60),
    AfterValidator(one_line),
]
Urn = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
    AfterValidator(one_line),
]


class In(BaseModel):
    """A request body: unknown fields are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None


class OrganisationCreate(In):
    name: Name
    kind: OrganisationKind
    urn: Urn | None = None


class OrganisationPublic(BaseModel):
    id: UUID
    name: str
    kind: OrganisationKind
    urn: str | None


class StaffCreate(In):
    name: Name
    email: Email
    roles: Annotated[list[Role], Field(min_length=1, max_length=4)]


class StaffPublic(BaseModel):
    id: UUID
    org_id: UUID
    name: str
    email: str
    roles: list[Role]
    token: str = Field(description="Shown once; Baton stores only its hash.")


class ChildCreate(In):
    setting_id: UUID
    given_name: Name
    family_name: Name
    date_of_birth: date
    started_on: date
    preferred_name: Name | None = None
    home_languages: Annotated[list[Language], Field(max_length=10)] = []
    send_status: SendStatus = SendStatus.NONE


class EnrolmentPublic(BaseModel):
    setting_id: UUID
    started_on: date


class ChildPublic(BaseModel):
    id: UUID
    given_name: str
    family_name: str
    preferred_name: str | None
    name: str
    date_of_birth: date
    home_languages: list[str]
    send_status: SendStatus
    enrolments: list[EnrolmentPublic]
    key_persons: dict[str, UUID] = Field(description="setting id -> staff id of the key person")
    observations: dict[str, int] = Field(description="current observations per area of learning")
    voices: int
    assessments: int
    position: int | None = Field(default=None, description="log position of the write, if one")


class EnrolmentCreate(In):
    setting_id: UUID
    started_on: date


class EnrolmentCreated(EnrolmentPublic):
    child_id: UUID
    position: int


class KeyPersonAssign(In):
    setting_id: UUID
    staff_id: UUID


class SendStatusChange(In):
    send_status: SendStatus


class CorrectionPublic(BaseModel):
    id: UUID
    text: str
    reason: str | None
    corrected_by: UUID
    corrected_at: datetime


class WithdrawalPublic(BaseModel):
    reason: str | None
    withdrawn_by: UUID
    withdrawn_at: datetime


class EntryPublic(BaseModel):
    """What every journey entry shows: its current text, and the history that led to it."""

    id: UUID
    child_id: UUID
    setting_id: UUID
    recorded_by: UUID
    recorded_at: datetime
    status: Literal["current", "withdrawn"]
    original_text: str | None = Field(
        description="the text as first recorded, when corrected since"
    )
    corrections: list[CorrectionPublic]
    withdrawal: WithdrawalPublic | None
    position: int | None = None


class ObservationCreate(In):
    area: Area
    text: Text
    observed_on: date
    elgs: Annotated[list[str], Field(max_length=17)] = []
    characteristics: Annotated[list[Characteristic], Field(max_length=3)] = []


class ObservationPublic(EntryPublic):
    area: Area
    text: str
    observed_on: date
    elgs: list[str]
    characteristics: list[Characteristic]


class VoiceCreate(In):
    kind: VoiceKind
    text: Text
    recorded_on: date


class VoicePublic(EntryPublic):
    kind: VoiceKind
    text: str
    recorded_on: date


class AssessmentCreate(In):
    kind: AssessmentKind
    assessed_on: date
    summary: Text
    areas: dict[Area, Judgement]


class AssessmentPublic(EntryPublic):
    kind: AssessmentKind
    assessed_on: date
    summary: str
    areas: dict[Area, Judgement]


class CorrectionCreate(In):
    text: Text
    reason: Reason | None = None


class WithdrawalCreate(In):
    reason: Reason | None = None
