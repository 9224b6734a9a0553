"""Consent (issue 4) through HTTP, on embedded SQLite and on PostgreSQL: recording what a parent
decided, withdrawing it, the setting's consent register, and sharing across the child's day."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.api.problems import assert_problem


def consents_of(client: TestClient, by: f.Staff, child_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/v1/children/{child_id}/consents", headers=by.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def withdraw(client: TestClient, by: f.Staff, child_id: str, consent_id: str, **body: Any) -> Any:
    return client.post(
        f"/v1/children/{child_id}/consents/{consent_id}/withdrawal",
        headers=by.headers,
        json={"withdrawn_by": "Grace Okafor", **body},
    )


def test_recorded_consent_is_active_and_listed_with_its_history(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    school_id = f.organisation(client, "school")
    response = client.post(
        f"/v1/children/{child_id}/consents",
        headers=practitioner.headers,
        json=f.consent_body(school_id, categories=["voices", "journey"]),
    )
    assert response.status_code == 201, response.text
    given = response.json()
    assert given["status"] == "active"
    assert given["recipient_id"] == school_id
    assert given["child_id"] == child_id
    assert given["setting_id"] == practitioner.org_id
    assert given["recorded_by"] == practitioner.id
    assert sorted(given["categories"]) == ["journey", "voices"]
    assert [h["event"] for h in given["history"]] == ["given"]
    assert given["history"][0]["by"] == practitioner.id
    assert "Grace Okafor" in given["history"][0]["detail"]

    listed = consents_of(client, practitioner, child_id)
    assert [c["id"] for c in listed] == [given["id"]]
    assert listed[0]["status"] == "active"
    assert [h["event"] for h in listed[0]["history"]] == ["given"]


def test_withdrawn_consent_shows_withdrawn_with_both_events_and_cannot_be_withdrawn_again(
    client: TestClient,
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    given = f.consent(client, practitioner, child_id, f.organisation(client, "school"))

    first = withdraw(client, practitioner, child_id, given["id"], reason="moving away")
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["status"] == "withdrawn"
    assert body["withdrawn_by"] == "Grace Okafor"
    assert body["withdrawal_reason"] == "moving away"
    assert [h["event"] for h in body["history"]] == ["given", "withdrawn"]
    assert "moving away" in body["history"][1]["detail"]

    again = withdraw(client, practitioner, child_id, given["id"])
    assert_problem(again, 409)

    listed = consents_of(client, practitioner, child_id)
    assert [c["status"] for c in listed] == ["withdrawn"]
    assert [h["event"] for h in listed[0]["history"]] == ["given", "withdrawn"]


def test_consent_with_an_invalid_field_is_refused_naming_it_and_nothing_is_recorded(
    client: TestClient,
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    school_id = f.organisation(client, "school")
    f.consent(client, practitioner, child_id, school_id)
    before = consents_of(client, practitioner, child_id)
    refused = {
        "recipient_id": f.consent_body(f.organisation(client, "nursery")),
        "categories": f.consent_body(school_id, categories=["journey", "photos"]),
        "valid_from": f.consent_body(school_id, valid_from=f.days_ahead(1)),
    }
    for field, body in refused.items():
        response = client.post(
            f"/v1/children/{child_id}/consents", headers=practitioner.headers, json=body
        )
        assert_problem(response, 422, field)
        assert consents_of(client, practitioner, child_id) == before, field


def test_staff_of_a_setting_the_child_does_not_attend_get_404_and_are_logged_denied(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    stranger = f.staff(client, f.organisation(client), "practitioner", "manager")
    response = client.post(
        f"/v1/children/{child_id}/consents",
        headers=stranger.headers,
        json=f.consent_body(f.organisation(client, "school")),
    )
    assert_problem(response, 404)
    assert consents_of(client, practitioner, child_id) == []
    denied = [
        e for e in services.access_log.for_child(UUID(child_id)) if e.outcome.value == "denied"
    ]
    assert [(str(e.actor_id), e.resource) for e in denied] == [(stranger.id, "consent")]


def test_new_consent_for_the_same_school_supersedes_the_earlier_one(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    school_id = f.organisation(client, "school")
    earlier = f.consent(client, practitioner, child_id, school_id, categories=["journey"])
    later = f.consent(
        client, practitioner, child_id, school_id, categories=["journey", "assessments"]
    )

    by_id = {c["id"]: c for c in consents_of(client, practitioner, child_id)}
    assert by_id[earlier["id"]]["status"] == "superseded"
    assert by_id[later["id"]]["status"] == "active"
    history = by_id[earlier["id"]]["history"]
    assert [h["event"] for h in history] == ["given", "superseded"]
    assert later["id"] in history[1]["detail"]
    assert [h["event"] for h in by_id[later["id"]]["history"]] == ["given"]


def test_consent_register_lists_statuses_and_filters_withdrawn_and_expiring(
    client: TestClient,
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    url = f"/v1/settings/{practitioner.org_id}/consents"
    ending_soon = f.consent(
        client,
        practitioner,
        child_id,
        f.organisation(client, "school"),
        valid_until=f.days_ahead(20),
    )
    ending_later = f.consent(
        client,
        practitioner,
        child_id,
        f.organisation(client, "school"),
        valid_until=f.days_ahead(100),
    )
    open_ended = f.consent(client, practitioner, child_id, f.organisation(client, "school"))
    withdrawn_soon = f.consent(
        client,
        practitioner,
        child_id,
        f.organisation(client, "school"),
        valid_until=f.days_ahead(10),
    )
    response = withdraw(client, practitioner, child_id, withdrawn_soon["id"])
    assert response.status_code == 200, response.text
    last = response.json()["position"]

    everything = client.get(url, headers=practitioner.headers, params={"after": last})
    assert everything.status_code == 200, everything.text
    statuses = {i["id"]: i["status"] for i in everything.json()["items"]}
    assert statuses == {
        ending_soon["id"]: "active",
        ending_later["id"]: "active",
        open_ended["id"]: "active",
        withdrawn_soon["id"]: "withdrawn",
    }
    assert {i["child_name"] for i in everything.json()["items"]} == {"Amara Okafor"}

    withdrawn = client.get(url, headers=practitioner.headers, params={"status": "withdrawn"})
    assert [i["id"] for i in withdrawn.json()["items"]] == [withdrawn_soon["id"]]

    expiring = client.get(url, headers=practitioner.headers, params={"expiring_within_days": 30})
    assert expiring.status_code == 200, expiring.text
    assert [i["id"] for i in expiring.json()["items"]] == [ending_soon["id"]]


def test_children_view_shows_whether_each_child_has_consent(client: TestClient) -> None:
    practitioner, with_consent = f.setting_with_child(client)
    withdrawn_child = f.child(client, practitioner, given_name="Ben")
    without_consent = f.child(client, practitioner, given_name="Cleo")
    school_id = f.organisation(client, "school")
    f.consent(client, practitioner, with_consent, school_id)
    given = f.consent(client, practitioner, withdrawn_child, school_id)
    response = withdraw(client, practitioner, withdrawn_child, given["id"])
    assert response.status_code == 200, response.text

    listed = client.get(
        f"/v1/settings/{practitioner.org_id}/children",
        headers=practitioner.headers,
        params={"after": response.json()["position"]},
    )
    assert listed.status_code == 200, listed.text
    consent = {i["child_id"]: i["consent"] for i in listed.json()["items"]}
    assert consent == {
        with_consent: "active",
        withdrawn_child: "withdrawn",
        without_consent: "none",
    }


def test_settings_of_the_childs_day_share_observations_but_not_the_progress_check_at_two(
    client: TestClient,
) -> None:
    nursery = f.staff(client, f.organisation(client, "nursery"), "practitioner", "manager")
    child_id = f.child(
        client, nursery, date_of_birth=f.days_ago(30 * 30), started_on=f.days_ago(200)
    )
    childminder = f.staff(client, f.organisation(client, "childminder"), "practitioner")
    f.consent(client, nursery, child_id, childminder.org_id, purpose="care")
    enrolled = client.post(
        f"/v1/children/{child_id}/enrolments",
        headers=nursery.headers,
        json={"setting_id": childminder.org_id, "started_on": f.days_ago(100)},
    )
    assert enrolled.status_code == 201, enrolled.text
    at_nursery = f.observation(client, nursery, child_id, text="Built a tower with Sam.")
    at_childminder = f.observation(
        client, childminder, child_id, area="PD", text="Climbed the frame at the park."
    )
    check = client.post(
        f"/v1/children/{child_id}/assessments",
        headers=nursery.headers,
        json={
            "kind": "progress_check_at_two",
            "assessed_on": f.days_ago(1),
            "summary": "Talks in short sentences; still settling at drop-off.",
            "areas": {"CL": "on_track", "PSED": "not_yet", "PD": "on_track"},
        },
    )
    assert check.status_code == 201, check.text
    summary = client.post(
        f"/v1/children/{child_id}/assessments",
        headers=nursery.headers,
        json={
            "kind": "transition_summary",
            "assessed_on": f.days_ago(1),
            "summary": "A confident, curious child.",
            "areas": {"CL": "on_track", "PSED": "on_track", "PD": "exceeding"},
        },
    )
    assert summary.status_code == 201, summary.text

    both = {at_nursery["id"], at_childminder["id"]}
    for viewer in (nursery, childminder):
        seen = {o["id"] for o in f.observations_listed(client, viewer, child_id)}
        assert seen == both

    def assessments_seen_by(viewer: f.Staff) -> set[str]:
        response = client.get(f"/v1/children/{child_id}/assessments", headers=viewer.headers)
        assert response.status_code == 200, response.text
        return {a["id"] for a in response.json()["items"]}

    assert assessments_seen_by(nursery) == {check.json()["id"], summary.json()["id"]}
    assert assessments_seen_by(childminder) == {summary.json()["id"]}
