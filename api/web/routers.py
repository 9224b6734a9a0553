"""Every page's router, in one list for ``api/main.py`` (one line per module of pages)."""

from __future__ import annotations

from fastapi import APIRouter

from api.web import (
    access_history,
    account,
    amendments,
    audit,
    break_glass,
    children,
    entries,
    holds,
    inbox,
    invitations,
    packets,
    safeguarding,
    signin,
    single_sign_on,
    summary,
)

WEB_ROUTERS: list[APIRouter] = [
    signin.router,
    invitations.router,
    account.router,
    single_sign_on.router,
    children.router,
    entries.router,
    amendments.router,
    summary.router,
    inbox.router,
    packets.router,
    audit.router,
    access_history.router,
    holds.router,
    safeguarding.router,
    break_glass.router,
]
