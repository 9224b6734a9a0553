"""A family for the consent tests: a nursery with its child, a school with a teacher, and the
child's mother signed in on the client; her decisions are posted through the family pages' own
forms (CSRF token taken from the page, a fresh form key each time)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

import httpx
from fastapi.testclient import TestClient

from tests import factories as f
from tests.journeys import Nursery, nursery
from tests.parents import InvitedParent, invite, joined
from tests.people import csrf_of


@dataclass(frozen=True)
class Family:
    at: Nursery
    child_id: str
    parent: InvitedParent
    school_id: str
    teacher: f.Staff

    @property
    def consents_path(self) -> str:
        return f"/family/children/{self.child_id}/consents"


def family(client: TestClient, relationship: str = "mother", **child: str) -> Family:
    """The family, the mother (or ``relationship``) signed in on ``client``."""
    at = nursery(client)
    child_id = f.child(client, at.practitioner, **child)
    school_id = f.listed_organisation(client, "school", name=f"Oakfield Primary {uuid4().hex[:4]}")
    teacher = f.staff(client, school_id, "teacher")
    parent = invite(client, at.practitioner, child_id, relationship=relationship)
    joined(client, parent)
    return Family(at, child_id, parent, school_id, teacher)


def posted(client: TestClient, page: str, action: str, data: dict[str, object]) -> httpx.Response:
    """The form at ``action``, posted from ``page`` (its CSRF token) with a new form key."""
    shown = client.get(page)
    assert shown.status_code == 200, shown.text
    body = {"csrf": csrf_of(shown.text), "form_key": uuid4().hex, **data}
    return client.post(action, data=body, follow_redirects=False)


def parent_gives(
    client: TestClient,
    child_id: str,
    recipient_id: str,
    categories: tuple[str, ...] = ("journey", "voices"),
    **fields: str,
) -> httpx.Response:
    path = f"/family/children/{child_id}/consents"
    return posted(
        client, path, path, {"recipient": recipient_id, "categories": list(categories), **fields}
    )


def given_id(answer: httpx.Response) -> str:
    """The consent a successful "give" led to (its receipt's address)."""
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.endswith("?done=given"), location
    return location.split("/consents/", 1)[1].split("?", 1)[0]


def parent_withdraws(
    client: TestClient, child_id: str, consent_id: str, reason: str = ""
) -> httpx.Response:
    path = f"/family/children/{child_id}/consents/{consent_id}/withdrawal"
    return posted(client, f"/family/children/{child_id}/consents", path, {"reason": reason})


def staff_consents(client: TestClient, by: f.Staff, child_id: str) -> list[dict[str, object]]:
    answer = client.get(f"/v1/children/{child_id}/consents", headers=by.headers)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, object]] = answer.json()["items"]
    return items
