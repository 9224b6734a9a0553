"""Every refusal is in the access log, once: recorded here unless the guard already did.

The guard (``api.access``) records the refusals it decides, with the child and resource it
knows. Every other refusal — a 401, a 429, a 403 on an administrative, key or audit endpoint,
a 404 marked as a refusal — reaches the Problem handler unrecorded, and ``record_refusal``
writes it there: the caller if known, the token as its hash prefix (never the token), the
route's path template (no ids but the child's), and the child when the path names one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from domain.access_log.entry import AccessEntry, Action, Outcome

if TYPE_CHECKING:
    from api.auth import Principal
    from api.errors import Problem
    from api.services import Services

PREFIX_HEX = 12  # 48 bits of SHA-256: tells tokens apart in a log, and makes none usable


def token_hash_prefix(token: str) -> str:
    """The first 12 hex digits of the token's SHA-256.

    >>> token_hash_prefix("letmein")
    '1c8bfe8f801d'
    """
    return hashlib.sha256(token.encode()).hexdigest()[:PREFIX_HEX]


@dataclass
class Trail:
    """What this request has told the access log, and who it says it is."""

    principal: Principal | None = None
    token_hash_prefix: str | None = None
    refusal_recorded: bool = False


# Set for each request by ``Trails``; a mutable object, so what a route or dependency notes in
# a worker thread (each runs in a copy of the context) is seen by the Problem handler.
current_trail: ContextVar[Trail | None] = ContextVar("baton_trail", default=None)


def noted(principal: Principal | None = None, token: str | None = None) -> None:
    """Note the caller (and the token, as its hash prefix) for any refusal recorded later."""
    trail = current_trail.get()
    if trail is None:
        return
    if principal is not None:
        trail.principal = principal
    if token:
        trail.token_hash_prefix = token_hash_prefix(token)


def refusal_recorded() -> str | None:
    """Note that a refusal is in the log; the token's hash prefix, for its entry."""
    trail = current_trail.get()
    if trail is None:
        return None
    trail.refusal_recorded = True
    return trail.token_hash_prefix


@contextmanager
def trail_for_request() -> Iterator[Trail]:
    trail = Trail()
    reset = current_trail.set(trail)
    try:
        yield trail
    finally:
        current_trail.reset(reset)


class Trails:
    """ASGI middleware: a fresh Trail for each request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with trail_for_request():
            await self.app(scope, receive, send)


AREAS = (
    ("/v1/audit", "audit"),
    ("/v1/organisations", "administration"),
    ("/v1/handovers", "transition"),
    ("/v1/schools", "transition"),
)


def _entry(request: Request, trail: Trail, status: int) -> AccessEntry:
    route = request.scope.get("route")
    path = str(getattr(route, "path", "") or "unrouted")
    principal = trail.principal
    if status in (401, 429):
        action = Action.EXECUTE  # a failed (or refused) log-on
    else:
        action = Action.READ if request.method in ("GET", "HEAD") else Action.CREATE
    try:
        child_id: UUID | None = UUID(str(request.path_params["child_id"]))
    except (KeyError, ValueError):
        child_id = None
    return AccessEntry(
        at=datetime.now(UTC),
        actor_id=principal.actor_id if principal else None,
        actor_org_id=principal.org_id if principal else None,
        actor_roles=principal.role_names if principal else (),
        action=action,
        child_id=child_id,
        resource=f"{request.method} {path}",
        outcome=Outcome.DENIED,
        purpose=next((p for prefix, p in AREAS if path.startswith(prefix)), "care"),
        token_hash_prefix=trail.token_hash_prefix,
    )


def record_refusal(request: Request, problem: Problem) -> None:
    """Write ``problem`` to the access log if it refuses the caller and nothing has yet.

    A failure to write raises StoreUnavailable (503): no refusal goes unrecorded either.
    """
    trail = current_trail.get()
    if not problem.refusal or trail is None or trail.refusal_recorded:
        return
    services: Services = request.app.state.services
    services.access_log.append(_entry(request, trail, problem.status))
    trail.refusal_recorded = True
