"""What every request and response body shares: text rules, ``In`` (unknown fields refused)
and ``Page``."""

from __future__ import annotations

import re
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

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
