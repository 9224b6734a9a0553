"""Small factories for example data (Eventide's habit): each makes one thing through the API."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import ADMIN_TOKEN

OPERATOR = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Staff:
    id: str
    org_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def days_ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def organisation(client: TestClient, kind: str = "nursery", name: str | None = None) -> str:
    n = next(_numbers)
    response = client.post(
        "/v1/organisations",
        headers=OPERATOR,
        json={"name": name or f"Test {kind} {n}", "kind": kind, "urn": None},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def staff(client: TestClient, org_id: str, *roles: str) -> Staff:
    n = next(_numbers)
    response = client.post(
        f"/v1/organisations/{org_id}/staff",
        headers=OPERATOR,
        json={
            "name": f"Staff {n}",
            "email": f"staff{n}@example.org",
            "roles": list(roles or ("practitioner",)),
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return Staff(id=body["id"], org_id=org_id, token=body["token"])


def child_body(setting_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "setting_id": setting_id,
        "given_name": "Amara",
        "family_name": "Okafor",
        "date_of_birth": days_ago(3 * 365),
        "started_on": days_ago(365),
    }
    body.update(overrides)
    return body


def child(client: TestClient, by: Staff, **overrides: Any) -> str:
    response = client.post(
        "/v1/children", headers=by.headers, json=child_body(by.org_id, **overrides)
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def observation_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "area": "CL",
        "observed_on": days_ago(2),
        "text": "Amara told Jo a long story about her cat, using 'because' twice.",
    }
    body.update(overrides)
    return body


def setting_with_child(client: TestClient) -> tuple[Staff, str]:
    """A nursery, a practitioner there, and a child enrolled there."""
    org = organisation(client)
    practitioner = staff(client, org, "practitioner")
    return practitioner, child(client, practitioner)
