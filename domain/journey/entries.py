"""The entries of a learning journey (observations, voices, assessments) and their rules.

An entry is never edited in place: a correction or a withdrawal is added to it, and the history
keeps both. The ``Child`` aggregate records them; these are the shapes and checks it uses.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, NotRequired, TypedDict
from uuid import UUID

from domain.errors import InvalidField
from domain.journey.eyfs import (
    PRIME_AREAS,
    Area,
    AssessmentKind,
    Characteristic,
    Judgement,
    goal_code_problem,
    member_of,
)

EntryType = Literal["observation", "voice", "assessment"]


class Correction(TypedDict):
    id: str
    text: str
    reason: str | None
    corrected_by: str
    setting_id: str
    corrected_at: datetime


class Withdrawal(TypedDict):
    reason: str | None
    withdrawn_by: str
    setting_id: str
    withdrawn_at: datetime


class Entry(TypedDict):
    """What every entry shares; ``text`` is an assessment's summary."""

    id: str
    type: EntryType
    kind: str | None
    area: str | None
    text: str
    dated: date
    setting_id: str
    recorded_by: str
    recorded_at: datetime
    corrections: list[Correction]
    withdrawal: Withdrawal | None
    elgs: NotRequired[list[str]]
    characteristics: NotRequired[list[str]]
    areas: NotRequired[dict[str, str]]
    # Shown to the child's parents (the setting shared it, or a parent wrote it).
    shared_with_parents: NotRequired[bool]
    # Written by a parent or carer on the web (a moment from home, or their view).
    recorded_by_parent: NotRequired[bool]


def current_text(entry: Entry) -> str:
    """An entry's text as it now stands: its latest correction's, else its own."""
    return entry["corrections"][-1]["text"] if entry["corrections"] else entry["text"]


def new_entry(
    entry_type: EntryType,
    entry_id: UUID,
    kind: str | None,
    area: str | None,
    text: str,
    dated: date,
    setting_id: UUID,
    recorded_by: UUID,
    recorded_at: datetime,
) -> Entry:
    return Entry(
        id=str(entry_id),
        type=entry_type,
        kind=kind,
        area=area,
        text=text,
        dated=dated,
        setting_id=str(setting_id),
        recorded_by=str(recorded_by),
        recorded_at=recorded_at,
        corrections=[],
        withdrawal=None,
    )


def check_observation(elgs: list[str], characteristics: list[str]) -> None:
    """Every goal code is one of the 17 early learning goals; every characteristic is known."""
    for code in elgs:
        problem = goal_code_problem(code)
        if problem:
            raise InvalidField("elgs", problem)
    for c in characteristics:
        member_of(Characteristic, "characteristics", c)


def check_assessment(kind: AssessmentKind, age_months: int, areas: dict[str, str]) -> None:
    """A progress check at two: at 24 to 36 months, on exactly the prime areas; a transition
    summary: at least the prime areas."""
    judged = {member_of(Area, "areas", a) for a in areas}
    for value in areas.values():
        member_of(Judgement, "areas", value)
    if kind is AssessmentKind.PROGRESS_CHECK_AT_TWO:
        if not 24 <= age_months <= 36:
            raise InvalidField(
                "assessed_on",
                f"the progress check at two is made between 24 and 36 months; "
                f"the child was {age_months} months old",
            )
        if judged != PRIME_AREAS:
            raise InvalidField("areas", "the progress check at two covers exactly CL, PSED and PD")
    elif not judged >= PRIME_AREAS:
        raise InvalidField(
            "areas", "a transition summary covers at least the prime areas CL, PSED and PD"
        )
