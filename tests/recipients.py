"""A child with a whole record at a nursery, and recipients of every kind, made through the API
(issue 13: any recipient, not only schools)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from tests import factories as f

CHECK = "Talks in short sentences; plays alongside others; climbs the steps with confidence."
SUMMARY = "Ready for school: confident, kind, loves stories."
PRIME = {"CL": "on_track", "PSED": "exceeding", "PD": "not_yet"}
MOMENT = "Built a tower of ten bricks and counted them."


@dataclass(frozen=True)
class Child:
    """A nursery's practitioner and DSL, and a child there with a whole record: observations,
    voices, a progress check at two and a transition summary."""

    practitioner: f.Staff
    dsl: f.Staff
    child_id: str


def child_with_record(client: TestClient, setting_name: str | None = None) -> Child:
    setting = f.organisation(client, "nursery", setting_name)
    practitioner = f.staff(client, setting, "practitioner")
    child_id = f.child(client, practitioner)
    dsl = f.staff(client, practitioner.org_id, "dsl")
    f.observation(client, practitioner, child_id, text=MOMENT)
    f.voice(client, practitioner, child_id)
    path = f"/v1/children/{child_id}/assessments"
    for body in (
        {"kind": "progress_check_at_two", "assessed_on": f.days_ago(300), "summary": CHECK}
        | {"areas": PRIME},
        {"kind": "transition_summary", "assessed_on": f.days_ago(2), "summary": SUMMARY}
        | {"areas": dict.fromkeys(("CL", "PSED", "PD", "L", "M", "UW", "EAD"), "on_track")},
    ):
        made = client.post(path, headers=practitioner.headers, json=body)
        assert made.status_code == 201, made.text
    return Child(practitioner, dsl, child_id)


def recipient(
    client: TestClient, kind: str, *roles: str, name: str | None = None
) -> tuple[str, f.Staff]:
    """An organisation of ``kind`` and a member of its staff holding ``roles``."""
    org = f.organisation(client, kind, name)
    return org, f.staff(client, org, *(roles or ("practitioner",)))
