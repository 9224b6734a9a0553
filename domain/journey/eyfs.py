"""The Early Years Foundation Stage vocabulary: areas, early learning goals, characteristics.

The 2021 EYFS profile codes (``…_E01`` to ``…_E17``) are the only goal codes accepted; the
pre-2021 ``…_G01`` codes measured different goals and must never be mixed in.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final, TypeVar

from domain.errors import InvalidField


class Area(StrEnum):
    """An area of learning; the first three are the prime areas."""

    CL = "CL"
    PSED = "PSED"
    PD = "PD"
    L = "L"
    M = "M"
    UW = "UW"
    EAD = "EAD"


AREA_TITLES: Final[dict[Area, str]] = {
    Area.CL: "Communication and language",
    Area.PSED: "Personal, social and emotional development",
    Area.PD: "Physical development",
    Area.L: "Literacy",
    Area.M: "Mathematics",
    Area.UW: "Understanding the world",
    Area.EAD: "Expressive arts and design",
}

PRIME_AREAS: Final[frozenset[Area]] = frozenset({Area.CL, Area.PSED, Area.PD})

# Code -> (area, title). Codes follow the 2021 profile numbering, prefixed by area.
EARLY_LEARNING_GOALS: Final[dict[str, tuple[Area, str]]] = {
    "CL_E01": (Area.CL, "Listening, attention and understanding"),
    "CL_E02": (Area.CL, "Speaking"),
    "PSED_E03": (Area.PSED, "Self-regulation"),
    "PSED_E04": (Area.PSED, "Managing self"),
    "PSED_E05": (Area.PSED, "Building relationships"),
    "PD_E06": (Area.PD, "Gross motor skills"),
    "PD_E07": (Area.PD, "Fine motor skills"),
    "L_E08": (Area.L, "Comprehension"),
    "L_E09": (Area.L, "Word reading"),
    "L_E10": (Area.L, "Writing"),
    "M_E11": (Area.M, "Number"),
    "M_E12": (Area.M, "Numerical patterns"),
    "UW_E13": (Area.UW, "Past and present"),
    "UW_E14": (Area.UW, "People, culture and communities"),
    "UW_E15": (Area.UW, "The natural world"),
    "EAD_E16": (Area.EAD, "Creating with materials"),
    "EAD_E17": (Area.EAD, "Being imaginative and expressive"),
}


class Characteristic(StrEnum):
    """A characteristic of effective learning, written up as narrative, never scored."""

    PLAYING_AND_EXPLORING = "playing_and_exploring"
    ACTIVE_LEARNING = "active_learning"
    CREATING_AND_THINKING_CRITICALLY = "creating_and_thinking_critically"


class SendStatus(StrEnum):
    NONE = "none"
    SEN_SUPPORT = "sen_support"
    EHC_PLAN = "ehc_plan"


class AssessmentKind(StrEnum):
    PROGRESS_CHECK_AT_TWO = "progress_check_at_two"
    TRANSITION_SUMMARY = "transition_summary"


class Judgement(StrEnum):
    NOT_YET = "not_yet"
    ON_TRACK = "on_track"
    EXCEEDING = "exceeding"


class VoiceKind(StrEnum):
    CHILD = "child"
    PARENT = "parent"


E = TypeVar("E", bound=StrEnum)

_OLD_GOAL_CODE = re.compile(r"^[A-Z]+_G\d{2}$")


def goal_code_problem(code: str) -> str | None:
    """Why ``code`` is not an early learning goal, or None when it is.

    >>> goal_code_problem("CL_G01")
    'CL_G01 is a pre-2021 profile code; use the 2021 codes CL_E01 to EAD_E17'
    """
    if code in EARLY_LEARNING_GOALS:
        return None
    if _OLD_GOAL_CODE.match(code):
        return f"{code} is a pre-2021 profile code; use the 2021 codes CL_E01 to EAD_E17"
    return f"{code} is not an early learning goal; codes run CL_E01 to EAD_E17"


def member_of(enum: type[E], field: str, value: str) -> E:
    """``value`` as a member of ``enum``, or InvalidField naming ``field`` and the choices."""
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InvalidField(field, f"{value!r} is not one of {choices}") from None
