"""The reception year, made through the API: a nursery hands a five-year-old on to a school,
whose teacher acknowledges the packet and whose manager enrols the child, and the profile the
school records at the end of the year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from domain.journey.eyfs import EARLY_LEARNING_GOALS
from tests import factories as f
from tests.journeys import Nursery, nursery

FIVE = f.days_ago(5 * 365)


@dataclass(frozen=True)
class School:
    org_id: str
    manager: f.Staff
    teacher: f.Staff


def school(client: TestClient, name: str | None = None) -> School:
    org = f.organisation(client, "school", name=name)
    return School(org, f.staff(client, org, "manager"), f.staff(client, org, "teacher"))


def handed(client: TestClient, at: Nursery, to: School, **child: Any) -> tuple[str, str]:
    """A five-year-old at the nursery and the transition packet sent to the school."""
    child_id = f.child(client, at.practitioner, **({"date_of_birth": FIVE} | child))
    f.consent(client, at.practitioner, child_id, to.org_id)
    packet = f.handover(client, at.practitioner, child_id, to.org_id)
    return child_id, str(packet["id"])


def acknowledge(client: TestClient, to: School, packet_id: str) -> None:
    answer = client.post(f"/v1/handovers/{packet_id}/acknowledgement", headers=to.teacher.headers)
    assert answer.status_code == 200, answer.text


def enrol(client: TestClient, to: School, child_id: str) -> dict[str, Any]:
    answer = client.post(
        f"/v1/children/{child_id}/enrolments",
        headers=to.manager.headers,
        json={"setting_id": to.org_id, "started_on": f.days_ago(200)},
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def in_reception(
    client: TestClient, at: Nursery | None = None, to: School | None = None, **child: Any
) -> tuple[Nursery, School, str]:
    """A child the school took on: packet acknowledged, child enrolled at the school."""
    at, to = at or nursery(client), to or school(client)
    child_id, packet_id = handed(client, at, to, **child)
    acknowledge(client, to, packet_id)
    enrol(client, to, child_id)
    return at, to, child_id


def goals(**judged: str) -> dict[str, str]:
    """All 17 goals expected, but for those named (``LIT_E09="emerging"``)."""
    return dict.fromkeys(EARLY_LEARNING_GOALS, "expected") | judged


def profile(client: TestClient, by: f.Staff, child_id: str, **body: Any) -> dict[str, Any]:
    answer = client.post(
        f"/v1/children/{child_id}/eyfs-profile",
        headers=by.headers,
        json={"assessed_on": f.days_ago(3), "goals": goals()} | body,
    )
    assert answer.status_code == 201, answer.text
    made: dict[str, Any] = answer.json()
    return made
