"""Signing a member of staff in to the web pages for a TestClient (for page tests that need no
browser): a session opened in the store, its cookie set on the client, and the CSRF token its
forms carry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
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


def last_log_id(services: Services) -> int:
    """The newest access-log row's id: on PostgreSQL every test of a session shares one
    database, so a test counts only the rows written after this."""
    with services.db.read() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM access_log")
        row = cur.fetchone()
    return int(row[0]) if row else 0


def log_rows_since(services: Services, since: int, resource_like: str) -> list[Any]:
    """Access-log rows written after ``since`` whose resource is LIKE ``resource_like``."""
    with services.db.read() as cur:
        cur.execute(
            "SELECT * FROM access_log WHERE id > %s AND resource LIKE %s", (since, resource_like)
        )
        return list(cur.fetchall())
