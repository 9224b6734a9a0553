"""Every page's router, in one list for ``api/main.py`` (one line per module of pages)."""

from __future__ import annotations

from fastapi import APIRouter

from api.web import account, invitations, signin, single_sign_on

WEB_ROUTERS: list[APIRouter] = [
    signin.router,
    invitations.router,
    account.router,
    single_sign_on.router,
]
