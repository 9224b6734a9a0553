"""Who is asking: the operator (admin token) or a member of staff of one organisation."""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from api.services import Services
from domain.errors import NotFound
from domain.organisations.credentials import hash_secret, parse_token, secret_matches
from domain.organisations.organisation import OrganisationKind, Role, token_expires_at
from projections.store.binding import after_commit


@dataclass(frozen=True)
class Principal:
    kind: Literal["operator", "staff", "parent"]
    staff_id: UUID | None = None
    org_id: UUID | None = None
    org_kind: OrganisationKind | None = None
    roles: frozenset[Role] = frozenset()
    token_expires_at: datetime | None = None  # None: the operator's token, which never expires
    parent_id: UUID | None = None  # a parent or carer signed in on the web (no organisation)

    @property
    def is_operator(self) -> bool:
        return self.kind == "operator"

    @property
    def is_parent(self) -> bool:
        return self.kind == "parent"

    @property
    def actor_id(self) -> UUID | None:
        """Who acts, as the access log names them: a member of staff, or a parent."""
        return self.staff_id if self.staff_id is not None else self.parent_id

    def acts_for(self, org_id: UUID, *roles: Role) -> bool:
        """Staff of ``org_id`` holding any of ``roles`` (any role at all when none are named)."""
        if self.org_id != org_id:
            return False
        return not roles or bool(self.roles & set(roles))

    def staff_ref(self) -> tuple[UUID, UUID]:
        """(organisation id, staff id) of a member of staff; never called for the operator."""
        assert self.org_id is not None and self.staff_id is not None
        return self.org_id, self.staff_id

    @property
    def role_names(self) -> tuple[str, ...]:
        if self.is_operator or self.is_parent:
            return (self.kind,)
        return tuple(sorted(r.value for r in self.roles))


OPERATOR = Principal(kind="operator")
AUTH_CACHE_SIZE = 10_000


def known(services: Services, token: str) -> Principal | None:
    """The principal of a token already known good, without reading the store: the operator's,
    or a staff token checked within BATON_AUTH_CACHE_SECONDS. None says nothing either way."""
    digest = hash_secret(token)
    if services.operator_token_hash and hmac.compare_digest(digest, services.operator_token_hash):
        return OPERATOR
    cached = services.auth_cache.get(digest)
    if (
        cached is not None
        and cached[0] > time.monotonic()
        and not _forgotten(services, cached[2], cached[1])
    ):
        return cached[2]
    return None


def authenticate(services: Services, token: str) -> Principal | None:
    """The principal a bearer token stands for, or None for an unknown or malformed token
    (an expired one is returned: the caller says it expired, see ``Principal.token_expires_at``).

    A staff member's principal is remembered for BATON_AUTH_CACHE_SECONDS (keyed by the token's
    hash), so a burst of requests does not replay the organisation's history for each one. A
    member deactivated, or given a new token, by a request to this process is forgotten at once
    (``forget_member``); other processes forget them within BATON_AUTH_CACHE_SECONDS. A role
    changed takes effect within that time.
    """
    found = known(services, token)
    if found is not None:
        return found
    digest, now = hash_secret(token), time.monotonic()
    principal = _staff(services, token)
    ttl = services.settings.auth_cache_seconds
    if principal is not None and ttl > 0:
        if len(services.auth_cache) >= AUTH_CACHE_SIZE:
            services.auth_cache.clear()
        # Remembered as read at ``now``, before the store was asked: a deactivation committing
        # while this request read the old state is newer, and wins (see ``forget_member``).
        services.auth_cache[digest] = (now + ttl, now, principal)
    return principal


def _forgotten(services: Services, principal: Principal, cached_at: float) -> bool:
    mark = services.auth_forgotten.get(principal.staff_id) if principal.staff_id else None
    return mark is not None and mark >= cached_at


def forget_member(services: Services, staff_id: UUID) -> None:
    """Stop trusting what this process remembers of ``staff_id``'s credentials: now, and again
    once the open write commits (so a request that read the old state meanwhile is not kept)."""

    def mark() -> None:
        now = time.monotonic()
        ttl = services.settings.auth_cache_seconds
        marks = services.auth_forgotten
        for stale in [s for s, at in marks.items() if at < now - ttl]:
            del marks[stale]  # older than any entry still remembered
        marks[staff_id] = now

    mark()
    after_commit(mark)


def _staff(services: Services, token: str) -> Principal | None:
    parsed = parse_token(token)
    if parsed is None:
        return None
    try:
        org = services.app.organisation(parsed.org_id)
    except NotFound:
        return None
    member = org.member(parsed.staff_id)
    if member is None or not secret_matches(parsed.secret, member["token_hash"]):
        return None
    return Principal(
        kind="staff",
        staff_id=parsed.staff_id,
        org_id=parsed.org_id,
        org_kind=org.kind,
        roles=frozenset(Role(r) for r in member["roles"]),
        token_expires_at=token_expires_at(member, services.settings.token_days),
    )
