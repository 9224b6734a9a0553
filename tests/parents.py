"""Parents and carers for tests: invited by a setting through the API, choosing a password on
their link's page, signing in with the real form."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from api.web.session import COOKIE
from tests import factories
from tests.factories import Staff
from tests.people import PASSWORD, csrf_of


@dataclass(frozen=True)
class InvitedParent:
    id: str
    child_id: str
    email: str
    path: str  # /invitations/<secret>


def invite(
    client: TestClient,
    by: Staff,
    child_id: str,
    email: str | None = None,
    name: str = "Maya Okafor",
    relationship: str = "mother",
) -> InvitedParent:
    email = email or f"parent{next(factories._numbers)}@example.org"
    answer = client.post(
        f"/v1/children/{child_id}/parents",
        headers=by.headers,
        json={"name": name, "email": email, "relationship": relationship},
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    path = "/invitations/" + body["invitation_url"].rsplit("/invitations/", 1)[1]
    return InvitedParent(body["id"], child_id, email, path)


def joined(client: TestClient, parent: InvitedParent, password: str = PASSWORD) -> str:
    """The parent chooses a password through their link; signed in after, as the page does.
    Returns the page the link led to."""
    page = client.get(parent.path)
    assert page.status_code == 200, page.text
    answer = client.post(
        parent.path,
        data={"csrf": csrf_of(page.text), "password": password, "password_again": password},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def signed_out(client: TestClient) -> None:
    client.cookies.delete(COOKIE)
