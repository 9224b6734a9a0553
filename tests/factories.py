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


def listed_organisation(client: TestClient, kind: str = "school", name: str | None = None) -> str:
    """An organisation, once the directory lists it (pages offer it by name from then on)."""
    n = next(_numbers)
    body = {"name": name or f"Test {kind} {n}", "kind": kind, "urn": None}
    made = client.post("/v1/organisations", headers=OPERATOR, json=body)
    assert made.status_code == 201, made.text
    after = {"after": made.json()["position"], "limit": 1}
    assert client.get("/v1/organisations", headers=OPERATOR, params=after).status_code == 200
    return str(made.json()["id"])


# The first manager each organisation was given: the operator adds staff only until then.
_managers: dict[str, Staff] = {}


def staff(client: TestClient, org_id: str, *roles: str) -> Staff:
    """A member of staff, added by the organisation's first manager (or, before it has one,
    by the operator, as when an organisation is set up)."""
    n = next(_numbers)
    adder = _managers.get(org_id)
    response = client.post(
        f"/v1/organisations/{org_id}/staff",
        headers=adder.headers if adder else OPERATOR,
        json={
            "name": f"Staff {n}",
            "email": f"staff{n}@example.org",
            "roles": list(roles or ("practitioner",)),
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    made = Staff(id=body["id"], org_id=org_id, token=body["token"])
    if "manager" in roles:
        _managers.setdefault(org_id, made)
    return made


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


def observation(client: TestClient, by: Staff, child_id: str, **overrides: Any) -> dict[str, Any]:
    response = client.post(
        f"/v1/children/{child_id}/observations",
        headers=by.headers,
        json=observation_body(**overrides),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def observations_listed(client: TestClient, by: Staff, child_id: str) -> list[dict[str, Any]]:
    """Every observation of the child, as ``by`` sees them (one page of up to 500)."""
    response = client.get(
        f"/v1/children/{child_id}/observations", headers=by.headers, params={"limit": 500}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def days_ahead(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


def school_with_teacher(client: TestClient) -> tuple[str, Staff]:
    """A school and a reception teacher there."""
    school_id = organisation(client, "school")
    return school_id, staff(client, school_id, "teacher")


def consent_body(recipient_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "given_by": "Grace Okafor",
        "relationship": "mother",
        "recipient_id": recipient_id,
        "purpose": "transition",
        "categories": ["journey", "voices"],
        "evidence": "paper consent form, signed at the setting",
    }
    body.update(overrides)
    return body


def consent(
    client: TestClient, by: Staff, child_id: str, recipient_id: str, **overrides: Any
) -> dict[str, Any]:
    """Record a parent's consent to share with ``recipient_id`` (a school)."""
    response = client.post(
        f"/v1/children/{child_id}/consents",
        headers=by.headers,
        json=consent_body(recipient_id, **overrides),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def voice(client: TestClient, by: Staff, child_id: str, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "kind": "child",
        "text": "I like the big slide and my cat Pip.",
        "recorded_on": days_ago(3),
    }
    payload.update(overrides)
    response = client.post(f"/v1/children/{child_id}/voices", headers=by.headers, json=payload)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def handover(
    client: TestClient, by: Staff, child_id: str, school_id: str, **extra: Any
) -> dict[str, Any]:
    """Seal a packet for ``school_id`` (a transition packet unless ``extra`` says otherwise)."""
    response = client.post(
        "/v1/handovers",
        headers=by.headers,
        json={"child_id": child_id, "school_id": school_id, **extra},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
