"""A partnership made through the API: members with children, observations, an assessment."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from tests import factories as f

AREAS = {"PSED": "on_track", "CL": "on_track", "PD": "on_track", "L": "on_track"}
AREAS |= {"M": "on_track", "UW": "on_track", "EAD": "on_track"}


def unique_name() -> str:
    """A name no other test uses (on PostgreSQL one database serves the run): letters only."""
    return "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8]).capitalize()


@dataclass
class Seeded:
    """A member setting, its manager and practitioner, and its children (id, names, dob)."""

    org_id: str
    manager: f.Staff
    practitioner: f.Staff
    children: list[dict[str, str]] = field(default_factory=list)
    position: int = 0


def seeded_setting(client: TestClient, children: int, observed: int | None = None) -> Seeded:
    """A nursery with ``children`` children, ``observed`` of them (all by default) observed
    once in CL within the last 12 weeks."""
    org_id = f.organisation(client)
    manager = f.staff(client, org_id, "manager")
    practitioner = f.staff(client, org_id, "practitioner")
    seeded = Seeded(org_id, manager, practitioner)
    for n in range(children):
        given, family = unique_name(), unique_name()
        dob = f.days_ago(3 * 365 + 17 * n + 3)
        made = client.post(
            "/v1/children",
            headers=practitioner.headers,
            json=f.child_body(org_id, given_name=given, family_name=family, date_of_birth=dob),
        )
        assert made.status_code == 201, made.text
        child = {"id": made.json()["id"], "given": given, "family": family, "dob": dob}
        seeded.children.append(child)
        seeded.position = max(seeded.position, int(made.json().get("position") or 0))
        if n < (children if observed is None else observed):
            obs = f.observation(
                client,
                practitioner,
                child["id"],
                area="CL",
                text=f"{given} told {given} {family}'s friend a story about the cat.",
                observed_on=f.days_ago(3),
            )
            seeded.position = max(seeded.position, int(obs.get("position") or 0))
    return seeded


def assessment(client: TestClient, by: f.Staff, child_id: str, summary: str) -> dict[str, Any]:
    made = client.post(
        f"/v1/children/{child_id}/assessments",
        headers=by.headers,
        json={
            "kind": "transition_summary",
            "assessed_on": f.days_ago(1),
            "summary": summary,
            "areas": AREAS,
        },
    )
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


def partnership(client: TestClient, by: f.Staff, invite: list[str], **extra: Any) -> dict[str, Any]:
    made = client.post(
        "/v1/partnerships",
        headers=by.headers,
        json={"name": f"Riverside {unique_name()} hub", "kind": "hub", "invite": invite, **extra},
    )
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


def accept(client: TestClient, by: f.Staff, partnership_id: str) -> dict[str, Any]:
    done = client.post(
        f"/v1/partnerships/{partnership_id}/members/{by.org_id}/acceptance", headers=by.headers
    )
    assert done.status_code == 200, done.text
    body: dict[str, Any] = done.json()
    return body


def leaks(text: str, children: list[dict[str, str]]) -> list[str]:
    """Whatever of the children's names, ids and dates of birth ``text`` holds (any case)."""
    lowered = text.lower()
    found = []
    for c in children:
        for value in (c["id"], c["given"], c["family"], c["dob"]):
            if value.lower() in lowered:
                found.append(value)
    return found
