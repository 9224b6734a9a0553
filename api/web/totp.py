"""Checking a two-step code: it matches the secret now (or a step either side), and its step
is newer than any this member used before (``projections/store/totp_steps.py``)."""

from __future__ import annotations

from uuid import UUID

import pyotp
from pyotp.exceptions import OTPVerificationError

from api.services import Services

WINDOW = 1  # steps either side of now that are accepted, for clocks a little out


def code_step(secret: str, code: str, services: Services) -> int | None:
    """The time step ``code`` belongs to, if it is the secret's code near now (pyotp's own
    check, which also names the step, for this purpose)."""
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(
            code, for_time=services.app.clock(), valid_window=WINDOW
        )
    except (OTPVerificationError, ValueError):
        return None


def accept_code(services: Services, member_id: UUID, secret: str, code: str) -> bool:
    """True once for a right code: never again for it, nor for one of an older step."""
    step = code_step(secret, code, services)
    return step is not None and services.totp_steps.claim(member_id, step)
