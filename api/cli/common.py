"""What the ``baton`` commands share: settings, recording a command as an access, and how a
command that cannot go on says why."""

from __future__ import annotations

import logging
import sys
from typing import Any, NoReturn
from uuid import UUID

from pydantic import ValidationError

from api.master_key import ConfigurationError
from api.settings import Settings

log = logging.getLogger("baton")


def record_command(
    services: Any,
    resource: str,
    *,
    org_id: UUID | None = None,
    action: str = "execute",
    purpose: str = "operations",
) -> None:
    """A command that reads every child's data is an access too: one entry, no single child
    (``org_id``: the organisation a command acted on, whose DSLs may then see it)."""
    from datetime import UTC, datetime

    from domain.access_log.entry import AccessEntry, Action, Outcome

    services.access_log.append(
        AccessEntry(
            at=datetime.now(UTC),
            actor_id=None,
            actor_org_id=org_id,
            actor_roles=("command-line",),
            action=Action(action),
            child_id=None,
            resource=resource,
            outcome=Outcome.ALLOWED,
            purpose=purpose,
        )
    )


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as e:
        raise ConfigurationError(f"a BATON_ setting is invalid: {e}") from e


class CommandError(Exception):
    """The command cannot go on; ``code`` is the exit status and the message says why."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int) -> NoReturn:
    raise CommandError(message, code)


def report(error: CommandError) -> int:
    print(f"baton: {error}", file=sys.stderr)
    return error.code
