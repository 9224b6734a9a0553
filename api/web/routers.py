"""Every page's router, in one list for ``api/main.py`` (one line per module of pages)."""

from __future__ import annotations

from fastapi import APIRouter

from api.web import access_history, audit, break_glass, holds, safeguarding, signin

WEB_ROUTERS: list[APIRouter] = [
    signin.router,
    audit.router,
    access_history.router,
    holds.router,
    safeguarding.router,
    break_glass.router,
]
