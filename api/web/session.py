"""Who is signed in to the web pages: a session cookie, and the CSRF token its forms carry.

The cookie holds a 256-bit secret (``HttpOnly``, ``SameSite=Lax``, ``Secure`` over HTTPS); the
store keeps its SHA-256 only (``projections/store/web_sessions.py``). Each request checks the
member is still active, so a deactivation ends their sessions at once. Every form carries a
token derived from the session's secret (HMAC), checked on every POST: another site can make a
browser send the cookie, but cannot read the token.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from fastapi import Request, Response

from api.auth import Principal
from api.services import Services
from domain.errors import NotFound
from domain.organisations.organisation import OrganisationKind, Role

COOKIE = "baton_session"
STAFF, PARENT = "staff", "parent"  # who a session is for


@dataclass(frozen=True)
class WebUser:
    """A signed-in person: their principal (as a bearer token's), and what the pages show."""

    principal: Principal
    name: str
    org_name: str
    secret: str  # the cookie's secret: the CSRF token is derived from it

    @property
    def csrf(self) -> str:
        return csrf_token(self.secret)

    @property
    def is_parent(self) -> bool:
        return self.principal.is_parent

    @property
    def is_setting(self) -> bool:
        """Works at an early-years setting (not a school or other recipient)."""
        kind = self.principal.org_kind
        return kind is not None and kind.is_setting

    @property
    def is_school(self) -> bool:
        return self.principal.org_kind is OrganisationKind.SCHOOL

    def has(self, *roles: Role) -> bool:
        return bool(self.principal.roles & set(roles))


def csrf_token(secret: str) -> str:
    return hmac.new(secret.encode(), b"baton-csrf", hashlib.sha256).hexdigest()


def csrf_matches(secret: str, sent: str) -> bool:
    return hmac.compare_digest(csrf_token(secret), sent)


def secure(request: Request, services: Services) -> bool:
    configured = services.settings.secure_cookies
    return request.url.scheme == "https" if configured is None else configured


def start_session(
    request: Request,
    response: Response,
    services: Services,
    org_id: UUID,
    staff_id: UUID,
    kind: str = STAFF,
) -> str:
    """Sign a member of staff in (or a parent: ``kind`` PARENT, both ids the parent's): a new
    session, its cookie set on ``response``."""
    hours = services.settings.session_hours
    secret, _ = services.web_sessions.open(
        kind, org_id, staff_id, services.app.clock(), timedelta(hours=hours)
    )
    response.set_cookie(
        COOKIE,
        secret,
        max_age=int(hours * 3600),
        httponly=True,
        samesite="lax",
        secure=secure(request, services),
        path="/",
    )
    return secret


def end_session(request: Request, response: Response, services: Services) -> None:
    secret = request.cookies.get(COOKIE)
    if secret:
        services.web_sessions.close(secret)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")


def signed_in(request: Request, services: Services) -> WebUser | None:
    """The person the request's cookie stands for, or None (no cookie, unknown, expired, or a
    member no longer active)."""
    secret = request.cookies.get(COOKIE)
    if not secret:
        return None
    session = services.web_sessions.find(secret, services.app.clock())
    if session is None:
        return None
    if session.kind == PARENT:
        return _parent(services, session.member_id, secret)
    try:
        org = services.app.organisation(session.org_id)
    except NotFound:
        return None
    member = org.member(session.member_id)
    if member is None or not member["active"]:
        return None
    principal = Principal(
        kind="staff",
        staff_id=session.member_id,
        org_id=session.org_id,
        org_kind=org.kind,
        roles=frozenset(Role(r) for r in member["roles"]),
    )
    return WebUser(principal, member["name"], org.name, secret)


def _parent(services: Services, parent_id: UUID, secret: str) -> WebUser | None:
    try:
        parent = services.app.parent(parent_id)
    except NotFound:
        return None
    return WebUser(Principal(kind="parent", parent_id=parent_id), parent.name, "", secret)
