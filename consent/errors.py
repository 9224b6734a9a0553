"""Errors of the consent rules.

ConsentError
 ├── ConsentNotFound
 ├── InvalidConsent       a field is wrong (names the field)
 ├── ConsentNotActive     withdrawn twice, or withdrawn after it ended
 └── RequestNotOpen       a request for consent answered or cancelled already (or asked twice)
"""

from __future__ import annotations


class ConsentError(Exception):
    pass


class ConsentNotFound(ConsentError):
    pass


class InvalidConsent(ConsentError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ConsentNotActive(ConsentError):
    pass


class RequestNotOpen(ConsentError):
    pass
