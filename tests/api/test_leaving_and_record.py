"""A child leaving a setting, and the subject's record, on both stores (the ``client`` fixture)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories as f
from tests.api.forgetting_world import leave, listed, send_packet, world
from tests.api.problems import assert_problem


def test_after_leaving_practitioners_lose_the_journey_and_managers_keep_reading_it(
    client: TestClient,
) -> None:
    w = world(client)
    ours = f.observation(client, w.practitioner, w.child)
    left = leave(client, w)
    assert left["left_on"] == f.days_ago(1)
    journey = f"/v1/children/{w.child}/observations"

    assert_problem(client.get(journey, headers=w.practitioner.headers), 403)
    assert_problem(client.get(f"/v1/children/{w.child}", headers=w.practitioner.headers), 403)
    refused = client.post(journey, headers=w.practitioner.headers, json=f.observation_body())
    assert_problem(refused, 403)
    for keeper in (w.manager, w.dsl):
        response = client.get(journey, headers=keeper.headers)
        assert response.status_code == 200, response.text
        assert [o["id"] for o in response.json()["items"]] == [ours["id"]]
    # read-only for its managers too
    assert_problem(client.post(journey, headers=w.manager.headers, json=f.observation_body()), 403)
    summary = client.get(f"/v1/children/{w.child}", headers=w.manager.headers).json()
    assert summary["enrolments"][0]["left_on"] == f.days_ago(1)
    # and the child is no longer on the setting's list
    path = f"/v1/settings/{w.setting}/children"
    assert w.child not in listed(client, w.manager, path, left["position"])


def test_a_leaving_is_recorded_once_by_the_settings_own_manager_and_never_ahead(
    client: TestClient,
) -> None:
    w = world(client)
    other = world(client)
    url = f"/v1/children/{w.child}/leaving"
    body = {"setting_id": w.setting, "left_on": f.days_ago(1)}
    ahead = client.post(url, headers=w.manager.headers, json={**body, "left_on": f.days_ahead(3)})
    assert_problem(ahead, 422, "left_on")
    before_start = {**body, "left_on": f.days_ago(400)}  # the child started 365 days ago
    assert_problem(client.post(url, headers=w.manager.headers, json=before_start), 422, "left_on")
    assert_problem(client.post(url, headers=w.practitioner.headers, json=body), 403)
    assert_problem(client.post(url, headers=other.manager.headers, json=body), 404)
    elsewhere = {**body, "setting_id": other.setting}
    assert_problem(client.post(url, headers=w.manager.headers, json=elsewhere), 403)
    assert client.post(url, headers=w.manager.headers, json=body).status_code == 200
    assert_problem(client.post(url, headers=w.manager.headers, json=body), 403)


def test_the_subject_record_holds_everything_about_the_child(client: TestClient) -> None:
    w = world(client)
    observation = f.observation(client, w.practitioner, w.child)
    corrected = client.post(
        f"/v1/children/{w.child}/observations/{observation['id']}/corrections",
        headers=w.practitioner.headers,
        json={"text": "Amara told Jo a long story about her dog.", "reason": "misheard"},
    )
    assert corrected.status_code == 201, corrected.text
    voice = f.voice(client, w.practitioner, w.child)
    withdrawn = client.post(
        f"/v1/children/{w.child}/voices/{voice['id']}/withdrawal",
        headers=w.practitioner.headers,
        json={"reason": "recorded for the wrong child"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    packet = send_packet(client, w)
    hold = client.post(
        f"/v1/children/{w.child}/holds", headers=w.dsl.headers, json={"reason": "a s47 enquiry"}
    )
    assert hold.status_code == 201, hold.text
    leave(client, w)  # a setting the child left still answers for what it holds

    response = client.get(f"/v1/children/{w.child}/record", headers=w.manager.headers)
    assert response.status_code == 200, response.text
    record = response.json()
    assert set(record) >= {"child", "enrolments", "entries", "consents", "handovers", "access_log"}
    assert record["child"]["given_name"] == "Amara"
    assert record["enrolments"][0]["setting_id"] == w.setting
    assert record["enrolments"][0]["left_on"] == f.days_ago(1)
    entries = {e["id"]: e for e in record["entries"]}
    assert entries[observation["id"]]["corrections"][0]["reason"] == "misheard"
    assert entries[voice["id"]]["status"] == "withdrawn"
    assert record["consents"][0]["recipient_id"] == w.school
    assert record["consents"][0]["history"]
    assert [h["id"] for h in record["handovers"]] == [packet["id"]]
    assert "envelope" not in record["handovers"][0]
    assert record["holds"][0]["status"] == "on"
    assert record["holds"][0]["reason"] is None  # a safeguarding matter is not the subject's
    done = {(e["action"], e["resource"]) for e in record["access_log"]}
    assert {("create", "observation"), ("create", "voice"), ("update", "leaving")} <= done
    assert all("child_id" not in e or e["child_id"] == w.child for e in record["access_log"])

    assert client.get(f"/v1/children/{w.child}/record", headers=w.dsl.headers).status_code == 200
    other = world(client)
    assert_problem(
        client.get(f"/v1/children/{w.child}/record", headers=w.practitioner.headers), 403
    )
    assert_problem(client.get(f"/v1/children/{w.child}/record", headers=other.manager.headers), 404)
    assert_problem(client.get(f"/v1/children/{w.child}/record", headers=w.teacher.headers), 404)
