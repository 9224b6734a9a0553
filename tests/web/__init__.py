"""Signing a member of staff in to the web pages for a TestClient (for page tests that need no
browser): a session opened in the store, its cookie set on the client, and the CSRF token its
forms carry."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from api.web.session import COOKIE, csrf_token


def web_session(client: TestClient, services: Services, org_id: str, staff_id: str) -> str:
    """Sets the session cookie on ``client``; returns the CSRF token for its forms."""
    secret, _ = services.web_sessions.open(
        "staff", UUID(org_id), UUID(staff_id), services.app.clock(), timedelta(hours=1)
    )
    client.cookies.set(COOKIE, secret)
    return csrf_token(secret)
