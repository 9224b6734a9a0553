"""The Early Years Foundation Stage vocabulary: areas, early learning goals, characteristics.

The DfE's codes for the 2021 early learning goals (``COM_E01`` to ``EXP_E17``) are the only goal
codes accepted; the 2012 profile's ``G01`` to ``G17`` measured different goals and must never be
mixed in.
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

# Code -> (area, title): the DfE's codes for the 2021 early learning goals (EYFS profile).
EARLY_LEARNING_GOALS: Final[dict[str, tuple[Area, str]]] = {
    "COM_E01": (Area.CL, "Listening, attention and understanding"),
    "COM_E02": (Area.CL, "Speaking"),
    "PSE_E03": (Area.PSED, "Self-regulation"),
    "PSE_E04": (Area.PSED, "Managing self"),
    "PSE_E05": (Area.PSED, "Building relationships"),
    "PHY_E06": (Area.PD, "Gross motor skills"),
    "PHY_E07": (Area.PD, "Fine motor skills"),
    "LIT_E08": (Area.L, "Comprehension"),
    "LIT_E09": (Area.L, "Word reading"),
    "LIT_E10": (Area.L, "Writing"),
    "MAT_E11": (Area.M, "Number"),
    "MAT_E12": (Area.M, "Numerical patterns"),
    "UTW_E13": (Area.UW, "Past and present"),
    "UTW_E14": (Area.UW, "People, culture and communities"),
    "UTW_E15": (Area.UW, "The natural world"),
    "EXP_E16": (Area.EAD, "Creating with materials"),
    "EXP_E17": (Area.EAD, "Being imaginative and expressive"),
}

# Before it took the DfE's codes Baton made its own: the area's letters and the same number
# (``CL_E01`` for ``COM_E01``). Events stored with them read back with the DfE's code.
BATON_CODES_TO_DFE: Final[dict[str, str]] = {
    f"{area.value}_{code.partition('_')[2]}": code
    for code, (area, _) in EARLY_LEARNING_GOALS.items()
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

# The 2012 EYFS profile numbered its goals G01 to G17; they measured other things.
_CODE_2012 = re.compile(r"^(?:[A-Z]+_)?G(?:0[1-9]|1[0-7])$")
_DFE_RANGE = "COM_E01 to EXP_E17"


def goal_code_problem(code: str) -> str | None:
    """Why ``code`` is not one of the DfE's early learning goal codes, or None when it is.

    >>> goal_code_problem("COM_E01") is None
    True
    >>> goal_code_problem("G01")
    "G01 is a 2012 EYFS profile code; use the DfE's 2021 codes, COM_E01 to EXP_E17"
    >>> goal_code_problem("CL_E01")
    "CL_E01 is not a DfE code; the DfE's code for listening, attention and understanding is COM_E01"
    """
    if code in EARLY_LEARNING_GOALS:
        return None
    if code in BATON_CODES_TO_DFE:
        dfe = BATON_CODES_TO_DFE[code]
        title = EARLY_LEARNING_GOALS[dfe][1].lower()
        return f"{code} is not a DfE code; the DfE's code for {title} is {dfe}"
    if _CODE_2012.match(code):
        return f"{code} is a 2012 EYFS profile code; use the DfE's 2021 codes, {_DFE_RANGE}"
    return f"{code} is not an early learning goal; the DfE's 2021 codes are {_DFE_RANGE}"


def dfe_goal_codes(codes: list[str]) -> list[str]:
    """``codes`` as stored, each of Baton's own earlier codes read as the DfE's.

    >>> dfe_goal_codes(["CL_E01", "PSE_E03"])
    ['COM_E01', 'PSE_E03']
    """
    return sorted({BATON_CODES_TO_DFE.get(code, code) for code in codes})


def member_of(enum: type[E], field: str, value: str) -> E:
    """``value`` as a member of ``enum``, or InvalidField naming ``field`` and the choices."""
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InvalidField(field, f"{value!r} is not one of {choices}") from None


# -- the EYFS profile at the end of the reception year ----------------------------------------


class ProfileResult(StrEnum):
    """A goal's judgement in the EYFS profile (the 2021 profile has no "exceeding")."""

    EXPECTED = "expected"
    EMERGING = "emerging"


# A good level of development: ``expected`` in the 12 goals of the prime areas (CL, PSED, PD),
# literacy and mathematics; understanding the world and expressive arts do not count towards it.
GLD_AREAS: Final[frozenset[Area]] = PRIME_AREAS | {Area.L, Area.M}
GLD_GOALS: Final[tuple[str, ...]] = tuple(
    code for code, (area, _) in EARLY_LEARNING_GOALS.items() if area in GLD_AREAS
)

# The reception year: a child is four when it starts and the profile is completed in the final
# term of the year in which the child turns five, so every child is 4 or 5 when assessed.
RECEPTION_FROM_MONTHS: Final = 48
RECEPTION_BEFORE_MONTHS: Final = 72


def check_profile_goals(goals: dict[str, str]) -> dict[str, str]:
    """All 17 goals, each ``expected`` or ``emerging``, in the DfE's order; else InvalidField
    naming the goal (``goals.G01``) and why."""
    for code in goals:
        problem = goal_code_problem(code)
        if problem is not None:
            raise InvalidField(f"goals.{code}", problem)
    missing = [code for code in EARLY_LEARNING_GOALS if code not in goals]
    if missing:
        raise InvalidField(
            f"goals.{missing[0]}",
            "the profile judges all 17 early learning goals; missing: " + ", ".join(missing),
        )
    return {
        code: member_of(ProfileResult, f"goals.{code}", goals[code]).value
        for code in EARLY_LEARNING_GOALS
    }


def good_level_of_development(goals: dict[str, str]) -> bool:
    """Expected in each of the 12 goals of CL, PSED, PD, literacy and mathematics.

    >>> goals = dict.fromkeys(EARLY_LEARNING_GOALS, "expected") | {"UTW_E13": "emerging"}
    >>> good_level_of_development(goals)
    True
    >>> good_level_of_development(goals | {"MAT_E12": "emerging"})
    False
    """
    return all(goals.get(code) == ProfileResult.EXPECTED for code in GLD_GOALS)
