"""Break-glass through the API: only for a DSL of an organisation with a recorded link to the
child, it shows the whole journey while open, and the DSLs of the child's settings are alerted.

Every test runs on embedded SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.api.problems import assert_problem, events_stored
from tests.api.test_audit_api import JUSTIFICATION, history, settle, wait_until, world


def break_glass(client: TestClient, by: f.Staff, child_id: str) -> Any:
    return client.post(
        f"/v1/children/{child_id}/break-glass",
        headers=by.headers,
        json={"justification": JUSTIFICATION},
    )


def listed(client: TestClient, by: f.Staff, child_id: str, collection: str) -> Any:
    return client.get(
        f"/v1/children/{child_id}/{collection}", headers=by.headers, params={"limit": 500}
    )


def test_a_dsl_with_no_recorded_link_to_the_child_cannot_break_the_glass(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    stranger = f.staff(client, f.organisation(client, "school"), "dsl")
    before = events_stored(services)
    assert_problem(break_glass(client, stranger, w.child_id), 404)
    assert events_stored(services) == before
    assert_problem(client.get(f"/v1/children/{w.child_id}", headers=stranger.headers), 404)
    settle(services)
    tried = [e for e in history(client, w.dsl, w.child_id) if e["actor_id"] == stranger.id]
    assert [(e["resource"], e["outcome"], e["purpose"]) for e in tried] == [
        ("break-glass", "denied", "break-glass"),
        ("child", "denied", "care"),
    ]


def test_a_packet_received_or_a_consent_naming_the_organisation_is_a_link(
    client: TestClient,
) -> None:
    w = world(client)
    f.consent(client, w.practitioner, w.child_id, w.school)
    f.handover(client, w.practitioner, w.child_id, w.school)
    named = f.organisation(client, "school")
    f.consent(client, w.practitioner, w.child_id, named)
    for dsl in (w.school_dsl, f.staff(client, named, "dsl")):
        opened = break_glass(client, dsl, w.child_id)
        assert opened.status_code == 201, opened.text
        read = client.get(f"/v1/children/{w.child_id}", headers=dsl.headers)
        assert read.status_code == 200, read.text


def test_while_open_break_glass_shows_the_whole_journey_and_alerts_the_childs_settings(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    recorded = {
        "observations": f.observation(client, w.practitioner, w.child_id)["id"],
        "voices": f.voice(client, w.practitioner, w.child_id)["id"],
    }
    f.consent(client, w.practitioner, w.child_id, w.school)
    for collection in recorded:
        assert_problem(listed(client, w.school_dsl, w.child_id, collection), 404)

    assert break_glass(client, w.school_dsl, w.child_id).status_code == 201
    for collection, entry_id in recorded.items():
        response = listed(client, w.school_dsl, w.child_id, collection)
        assert response.status_code == 200, response.text
        assert [e["id"] for e in response.json()["items"]] == [entry_id]
    # reading, never writing
    wrote = client.post(
        f"/v1/children/{w.child_id}/observations",
        headers=w.school_dsl.headers,
        json=f.observation_body(),
    )
    assert_problem(wrote, 404)
    settle(services)

    flagged = {
        e["seq"]
        for e in history(client, w.dsl, w.child_id)
        if e["actor_id"] == w.school_dsl.id and e["purpose"] == "break-glass"
    }
    assert len(flagged) == 1 + len(recorded)  # the opening and each list read
    # the nursery's DSL sees who, by name, from which organisation (the log holds ids only)
    school = client.get(f"/v1/organisations/{w.school}", headers=w.dsl.headers).json()["name"]
    staff = client.get(f"/v1/organisations/{w.school}/staff", headers=w.school_dsl.headers)
    name = next(m["name"] for m in staff.json()["items"] if m["id"] == w.school_dsl.id)
    assert {
        (e["actor_name"], e["actor_org_name"])
        for e in history(client, w.dsl, w.child_id)
        if e["seq"] in flagged
    } == {(name, school)}

    def alerted() -> bool:
        response = client.get("/v1/audit/alerts", headers=w.dsl.headers, params={"limit": 500})
        assert response.status_code == 200, response.text
        return flagged <= {e["seq"] for e in response.json()["items"]}

    wait_until(alerted, "every break-glass entry among the nursery DSL's alerts")
