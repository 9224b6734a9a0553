"""A child, their enrolments and key person, and the entries of their learning journey."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.schemas.common import In, Language, Name, Reason, Text, no_control
from domain.journey.eyfs import (
    Area,
    AssessmentKind,
    Characteristic,
    Judgement,
    SendStatus,
    VoiceKind,
)


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
    left_on: date | None = None


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
    basis: Literal["both_settings", "parental_consent", "acknowledged_transition"] = Field(
        description="both settings agreed, a parent's consent names the setting, or (a school, "
        "for the reception year) the school acknowledged a transition packet about the child"
    )


class EnrolmentProposed(EnrolmentPublic):
    """A proposal: ``enrolled`` once the other side had proposed the same (or a parent's
    consent names the setting), else ``proposed`` until a manager there agrees."""

    child_id: UUID
    status: Literal["proposed", "enrolled"]
    basis: Literal["both_settings", "parental_consent", "acknowledged_transition"] | None
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
    photos: list[UUID] = Field(
        default=[], description="the entry's photos: GET /v1/children/{child_id}/photos/{id}"
    )
    shared_with_parents: bool = Field(
        default=False,
        description="the child's parents and carers see it on their pages (the setting that "
        "recorded it shared it, or a parent wrote it)",
    )


GOALS = (
    "early learning goals by the DfE's 2021 codes, COM_E01 to EXP_E17 (the 2012 profile's "
    "G01 to G17 are refused)"
)


class ObservationCreate(In):
    area: Area
    text: Text
    observed_on: date
    elgs: Annotated[
        list[str], Field(max_length=17, description=GOALS, examples=[["COM_E01", "COM_E02"]])
    ] = []
    characteristics: Annotated[list[Characteristic], Field(max_length=3)] = []
    shared_with_parents: bool = Field(
        default=False,
        description="share it with the child's parents and carers as it is recorded (later: "
        "POST .../{entry_id}/sharing)",
    )


class ObservationPublic(EntryPublic):
    area: Area
    text: str
    observed_on: date
    elgs: list[str] = Field(description=GOALS, examples=[["COM_E01", "COM_E02"]])
    characteristics: list[Characteristic]


class VoiceCreate(In):
    kind: VoiceKind
    text: Text
    recorded_on: date
    shared_with_parents: bool = Field(
        default=False,
        description="share it with the child's parents and carers as it is recorded (later: "
        "POST .../{entry_id}/sharing)",
    )


class VoicePublic(EntryPublic):
    kind: VoiceKind
    text: str
    recorded_on: date
    recorded_by_parent: bool = Field(
        default=False,
        description="written by a parent or carer on the web (a moment from home, or their "
        "view): ``recorded_by`` is then the parent's id",
    )


class AssessmentCreate(In):
    kind: AssessmentKind
    assessed_on: date
    summary: Text
    areas: dict[Area, Judgement]
    shared_with_parents: bool = Field(
        default=False,
        description="share it with the child's parents and carers as it is recorded (later: "
        "POST .../{entry_id}/sharing)",
    )


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


class BreakGlass(In):
    justification: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=20, max_length=2_000),
        AfterValidator(no_control),
    ]


class BreakGlassOpened(BaseModel):
    child_id: UUID
    until: datetime
    position: int
