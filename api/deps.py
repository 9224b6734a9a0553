"""Typed dependencies the routes declare: the running services and the authenticated principal."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import Principal, authenticate
from api.errors import Problem
from api.services import Services

bearer = HTTPBearer(auto_error=False, description="A staff token, or the operator's admin token.")


def get_services(request: Request) -> Services:
    return cast(Services, request.app.state.services)


ServicesDep = Annotated[Services, Depends(get_services)]


def get_principal(
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Problem(
            401,
            "send Authorization: Bearer <token>",
            slug="unauthenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    principal = authenticate(services, credentials.credentials)
    if principal is None:
        raise Problem(
            401,
            "the token is not known",
            slug="unauthenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    expires = principal.token_expires_at
    if expires is not None and expires <= services.app.clock():
        raise Problem(
            401,
            f"the token expired on {expires.date().isoformat()}; a manager of your "
            "organisation can issue a new one",
            slug="token-expired",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
