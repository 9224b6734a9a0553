"""One cursor scheme for every list: the key of the page's last row, as base64url JSON.

Each list names the parts of its key (``Shape``); a cursor decodes only into a key of that
shape, each part checked, so an edited, made-up or other list's cursor is a 422 naming
``cursor`` and never reaches the store as a value it would refuse (a 500).

    >>> decode(encode((41,)), (seq,))
    (41,)
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from api.errors import Problem

KeyPart = int | str
Key = tuple[KeyPart, ...]
Part = Callable[[Any], KeyPart]  # checks one part of a decoded key; ValueError if it is not one
Shape = Sequence[Part]

MAX_CURSOR = 4096  # characters: room for a key holding a long name, escaped and encoded
MAX_TEXT = 1000
BIGINT = 2**63 - 1  # the largest number either store's integer columns hold


def encode(key: Sequence[KeyPart]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode(cursor: str | None, shape: Shape) -> Key | None:
    """The key ``cursor`` holds (None without one); 422 unless it is a key of ``shape``."""
    if cursor is None:
        return None
    try:
        if len(cursor) > MAX_CURSOR:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        parts = json.loads(raw)
        if not isinstance(parts, list) or len(parts) != len(shape):
            raise ValueError("not a key of this list")
        return tuple(check(part) for check, part in zip(shape, parts, strict=True))
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise invalid() from None


def invalid() -> Problem:
    """The answer to a cursor this list did not give out (or can no longer place)."""
    return Problem(
        422,
        "the cursor is not one this list gave out",
        slug="validation",
        errors=[{"field": "cursor", "message": "is not a valid cursor"}],
    )


def seq(value: Any) -> int:
    """A position or counter: a whole number the stores can hold, from 0 (never a bool)."""
    if type(value) is not int or not 0 <= value <= BIGINT:
        raise ValueError("not a number in range")
    return value


def signed(value: Any) -> int:
    """A whole number of either sign the stores can hold (such as microseconds since 1970)."""
    if type(value) is not int or not -BIGINT <= value <= BIGINT:
        raise ValueError("not a number in range")
    return value


def text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ValueError("not text")
    return value


def ident(value: Any) -> str:
    """An id, in the one spelling the store keeps."""
    if not isinstance(value, str) or str(UUID(value)) != value:
        raise ValueError("not an id")
    return value


def day(value: Any) -> str:
    """A date as the store keeps it (YYYY-MM-DD)."""
    if not isinstance(value, str) or date.fromisoformat(value).isoformat() != value:
        raise ValueError("not a date")
    return value


def day_or_none(value: Any) -> str:
    """A date, or "" for none (how a list sorts rows without one)."""
    return value if value == "" else day(value)


def instant(value: Any) -> str:
    """A moment as the store keeps it (ISO 8601 with its offset)."""
    if not isinstance(value, str) or datetime.fromisoformat(value).isoformat() != value:
        raise ValueError("not a moment")
    return value
