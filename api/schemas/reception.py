"""The reception year: the EYFS profile a school records, and its return to the local authority."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.common import In, Text
from domain.journey.eyfs import ProfileResult

GoalCode = Annotated[str, StringConstraints(max_length=20)]
Judgement = Annotated[str, StringConstraints(max_length=20)]


class EyfsProfileCreate(In):
    assessed_on: date
    goals: Annotated[
        dict[GoalCode, Judgement],
        Field(
            max_length=40,
            description="each of the 17 early learning goals by its DfE code (COM_E01 to "
            'EXP_E17), "expected" or "emerging"',
        ),
    ]
    comments: Text | None = None


class EyfsProfilePublic(BaseModel):
    id: UUID
    child_id: UUID
    school_id: UUID
    assessed_on: date
    goals: dict[str, ProfileResult]
    good_level_of_development: bool = Field(
        description="expected in the 12 goals of CL, PSED, PD, literacy and mathematics"
    )
    comments: str | None
    recorded_by: UUID
    recorded_at: datetime
    replaces: UUID | None = Field(description="the profile this one corrects, if any")
    position: int | None = None


class GoalCount(BaseModel):
    code: str
    title: str
    expected: int | None
    emerging: int | None


class EyfsReturn(BaseModel):
    """Counts only: no child's name, id or date of birth. A count of fewer than 5 children is
    null, and so is its complement (else it could be worked out from the total)."""

    school_id: UUID
    academic_year: int = Field(description="the academic year beginning 1 September of this year")
    children: int | None
    good_level_of_development: int | None
    good_level_of_development_percentage: float | None
    goals: list[GoalCount]
    suppressed_below: int = 5
