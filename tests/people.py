"""People who sign in on the web, for page tests: invited through the API as a manager would,
choosing a password on the invitation page, and signing in with the real form."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pyotp
from fastapi.testclient import TestClient
from httpx import Response

from api.web.session import COOKIE
from tests import factories

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Invited:
    org_id: str
    staff_id: str
    email: str
    path: str  # /invitations/<secret>
    token: str


def invited(client: TestClient, roles: tuple[str, ...] = ("practitioner",)) -> Invited:
    """A new member of staff of a new nursery, with their invitation link."""
    org_id = factories.organisation(client)
    manager = factories.staff(client, org_id, "manager")
    email = f"person{next(factories._numbers)}@example.org"
    answer = client.post(
        f"/v1/organisations/{org_id}/staff",
        headers=manager.headers,
        json={"name": "Rosa Diaz", "email": email, "roles": list(roles)},
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    path = "/invitations/" + body["invitation_url"].rsplit("/invitations/", 1)[1]
    return Invited(org_id, body["id"], email, path, body["token"])


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def choose(client: TestClient, person: Invited, password: str = PASSWORD) -> None:
    page = client.get(person.path)
    assert page.status_code == 200
    answer = client.post(
        person.path,
        data={"csrf": csrf_of(page.text), "password": password, "password_again": password},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    client.cookies.delete(COOKIE)  # signed in by choosing; the tests sign in themselves


def sign_in(client: TestClient, email: str, password: str, **extra: str) -> Response:
    page = client.get("/")
    form = {"csrf": csrf_of(page.text), "email": email, "password": password, "next": "/account"}
    return client.post("/sign-in", data={**form, **extra}, follow_redirects=False)


def next_code(key: str, steps: int = 1) -> str:
    """The code an authenticator app shows ``steps`` steps (30 s each) from now: a code is
    accepted once, so signing in after turning two-step on takes the app's next code (inside
    the window of one step either side that Baton accepts for clocks a little out)."""
    return pyotp.TOTP(key).at(time.time(), counter_offset=steps)
