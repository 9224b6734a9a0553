"""Domain exceptions, each raised by a rule beside the aggregate it protects.

DomainError
 ├── NotFound                 an organisation, child or entry that does not exist
 ├── RuleBroken               a command that would break a rule of the domain
 │    └── InvalidField        one field of the command is wrong (names the field)
 ├── NotEnrolledHere          the acting organisation has no relationship with the child
 └── ConcurrentUpdate         retries ran out against concurrent writers
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class NotFound(DomainError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} was not found")
        self.what = what


class RuleBroken(DomainError):
    """A command that would break a domain rule; the message says which, in users' words."""


class InvalidField(RuleBroken):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotEnrolledHere(DomainError):
    """The acting organisation does not enrol the child."""


class ConcurrentUpdate(DomainError):
    """Too many concurrent writers on one aggregate; the caller may try again."""
