"""Typed dependencies the routes declare: the running services and the authenticated principal."""

from __future__ import annotations

import time
from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import Principal, authenticate, known
from api.errors import Problem
from api.refusals import noted
from api.services import Services
from domain.organisations.credentials import hash_secret, parse_token

bearer = HTTPBearer(auto_error=False, description="A staff token, or the operator's admin token.")


def get_services(request: Request) -> Services:
    return cast(Services, request.app.state.services)


ServicesDep = Annotated[Services, Depends(get_services)]


def _unauthenticated(detail: str) -> Problem:
    return Problem(401, detail, slug="unauthenticated", headers={"WWW-Authenticate": "Bearer"})


def failure_keys(request: Request, token: str | None) -> list[str]:
    """What failed authentication is counted against: the source address, and the staff id a
    ``bt_<org>_<staff>_<secret>`` token claims (whoever sends it)."""
    keys = [f"source:{request.client.host if request.client else '-'}"]
    parsed = parse_token(token) if token else None
    if parsed is not None:
        keys.append(f"staff:{parsed.staff_id}")
    return keys


def _hold_back(services: Services, keys: list[str], token_hash: str, now: float) -> None:
    """429 while any of ``keys`` has too many recent failures, unless the token is vouched for
    (it authenticated recently: failures sent in a person's name never lock them out)."""
    if services.failures.vouched(token_hash, now):
        return
    wait = services.failures.retry_after(keys, now)
    if wait:
        raise Problem(
            429,
            f"too many failed attempts to authenticate; try again in {wait} seconds",
            slug="too-many-attempts",
            headers={"Retry-After": str(wait)},
        )


def get_principal(
    request: Request,
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """Who is asking. A token already known good, or vouched for by a recent success, is
    never held back; otherwise, while its source or its staff id has too many recent failures,
    429 (with Retry-After) before anything is checked."""
    token = (
        credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else None
    )
    noted(token=token)
    principal = known(services, token) if token else None
    if principal is None:
        keys, now = failure_keys(request, token), time.monotonic()
        digest = hash_secret(token) if token else ""
        _hold_back(services, keys, digest, now)
        principal = authenticate(services, token) if token else None
        if principal is None:
            services.failures.failed(keys, now)
            raise _unauthenticated(
                "the token is not known" if token else "send Authorization: Bearer <token>"
            )
        services.failures.succeeded(digest, now)
    expires = principal.token_expires_at
    if expires is not None and expires <= services.app.clock():
        raise Problem(
            401,
            f"the token expired on {expires.date().isoformat()}; a manager of your "
            "organisation can issue a new one",
            slug="token-expired",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    noted(principal=principal)
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
