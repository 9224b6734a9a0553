"""What a parent or carer posts on the family pages, and their own copy of the record."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import In, Text


class MomentCreate(In):
    """A moment from home, or the parent's view of their child."""

    text: Text
    recorded_on: date


class MomentRecorded(BaseModel):
    id: UUID
    photos: list[UUID]
    position: int


class YouRecord(BaseModel):
    """The parent's own account, as Baton holds it."""

    id: UUID
    name: str
    email: str
    relationship: str = Field(description="to this child, as the setting recorded it")
    group_photos: bool | None = Field(
        description="their answer: may photos showing this child with other children be "
        "shown to those children's families (null: not answered yet)"
    )


class SettingAttended(BaseModel):
    name: str
    started_on: date
    left_on: date | None


class ChildRecord(BaseModel):
    id: UUID
    given_name: str
    family_name: str
    preferred_name: str | None
    date_of_birth: date
    settings: list[SettingAttended]


class PhotoRecord(BaseModel):
    id: UUID
    url: str = Field(description="the photo, for the signed-in parent")


class EntryRecord(BaseModel):
    """An entry shared with the child's parents, or a parent's own moment, as it now stands."""

    id: UUID
    what: str = Field(description="observation, All about me, from home, assessment...")
    dated: date
    recorded_at: datetime
    by: str = Field(description="the setting's name, or the parent who wrote it")
    text: str
    area: str | None = None
    early_learning_goals: list[str] = []
    characteristics: list[str] = []
    judgements: dict[str, str] = {}
    photos: list[PhotoRecord] = []


class ConsentStep(BaseModel):
    event: str
    at: datetime
    detail: str | None


class ConsentRecord(BaseModel):
    id: UUID
    recipient: str
    purpose: str
    categories: list[str]
    status: str
    given_by: str
    relationship: str
    valid_from: date
    valid_until: date | None
    evidence: str | None
    withdrawn_by: str | None
    withdrawal_reason: str | None
    history: list[ConsentStep]


class FamilyRecord(BaseModel):
    """What Baton holds that the parent may have: their account, their child's details, the
    journal shared with them and the consents about the child (never safeguarding matters,
    entries kept among staff, or anything of another child)."""

    made_at: datetime
    you: YouRecord
    child: ChildRecord
    entries: list[EntryRecord]
    consents: list[ConsentRecord]
