"""Every page's router, in one list for ``api/main.py`` (one line per module of pages)."""

from __future__ import annotations

from fastapi import APIRouter

from api.web import photos, signin

WEB_ROUTERS: list[APIRouter] = [
    signin.router,
    photos.router,
]
