"""Factories for a setting's day (through the API, as tests/factories.py): a nursery with its
manager, a practitioner who is key person to a child, and that child's journey so far."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from tests import factories
from tests.factories import Staff, days_ago


@dataclass(frozen=True)
class Nursery:
    org_id: str
    manager: Staff
    practitioner: Staff


def nursery(client: TestClient) -> Nursery:
    org = factories.organisation(client)
    manager = factories.staff(client, org, "manager")
    return Nursery(org, manager, factories.staff(client, org, "practitioner"))


def key_child(client: TestClient, at: Nursery, **overrides: Any) -> str:
    """A child of the nursery whose key person is its practitioner."""
    child_id = factories.child(client, at.practitioner, **overrides)
    response = client.post(
        f"/v1/children/{child_id}/key-person",
        headers=at.manager.headers,
        json={"setting_id": at.org_id, "staff_id": at.practitioner.id},
    )
    assert response.status_code == 200, response.text
    return child_id


def post(client: TestClient, by: Staff, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, headers=by.headers, json=body)
    assert response.status_code in (200, 201), response.text
    made: dict[str, Any] = response.json()
    return made


def journey(client: TestClient, by: Staff, child_id: str) -> dict[str, dict[str, Any]]:
    """A few entries, oldest first: a CL observation with two goals, the child's voice, the
    parent's voice and a transition summary."""
    base = f"/v1/children/{child_id}"
    observation = factories.observation(
        client,
        by,
        child_id,
        elgs=["COM_E01", "COM_E02"],
        characteristics=["playing_and_exploring"],
        observed_on=days_ago(10),
    )
    child_voice = factories.voice(client, by, child_id, recorded_on=days_ago(8))
    parent_voice = factories.voice(
        client,
        by,
        child_id,
        kind="parent",
        text="She sings all the way home.",
        recorded_on=days_ago(6),
    )
    assessment = post(
        client,
        by,
        f"{base}/assessments",
        {
            "kind": "transition_summary",
            "assessed_on": days_ago(4),
            "summary": "Confident talker; building friendships.",
            "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "on_track"},
        },
    )
    return {
        "observation": observation,
        "child_voice": child_voice,
        "parent_voice": parent_voice,
        "assessment": assessment,
    }


def leaves(client: TestClient, at: Nursery, child_id: str) -> None:
    """The child leaves the nursery today (its manager records it)."""
    post(
        client,
        at.manager,
        f"/v1/children/{child_id}/leaving",
        {"setting_id": at.org_id, "left_on": days_ago(0)},
    )
