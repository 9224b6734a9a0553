"""The learning journey through HTTP, on embedded SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from projections.admin import rebuild
from projections.runner import process_batch
from projections.views.journey_entries import JourneyEntries
from tests import factories as f
from tests.api.problems import assert_problem


def test_observation_recorded_and_listed_newest_first(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    for days, area in ((10, "CL"), (1, "PSED"), (5, "PD")):
        response = client.post(
            f"/v1/children/{child_id}/observations",
            headers=practitioner.headers,
            json=f.observation_body(area=area, observed_on=f.days_ago(days)),
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["setting_id"] == practitioner.org_id
        assert body["recorded_by"] == practitioner.id
    listed = client.get(
        f"/v1/children/{child_id}/observations", headers=practitioner.headers
    ).json()
    assert [o["area"] for o in listed["items"]] == ["PSED", "PD", "CL"]
    summary = client.get(f"/v1/children/{child_id}", headers=practitioner.headers).json()
    assert summary["observations"]["CL"] == 1 and summary["observations"]["EAD"] == 0


def test_goals_are_recorded_by_the_dfes_codes_and_others_refused_naming_the_right_one(
    client: TestClient,
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    recorded = f.observation(client, practitioner, child_id, elgs=["PSE_E03", "COM_E01"])
    assert recorded["elgs"] == ["COM_E01", "PSE_E03"]
    url = f"/v1/children/{child_id}/observations"
    for code, says in (
        ("G01", "G01 is a 2012 EYFS profile code; use the DfE's 2021 codes, COM_E01 to EXP_E17"),
        ("CL_E01", "the DfE's code for listening, attention and understanding is COM_E01"),
    ):
        refused = client.post(
            url, headers=practitioner.headers, json=f.observation_body(elgs=[code])
        )
        assert refused.status_code == 422
        assert any(says in e["message"] for e in refused.json()["errors"]), refused.text
    listed = client.get(url, headers=practitioner.headers).json()
    assert [o["elgs"] for o in listed["items"]] == [["COM_E01", "PSE_E03"]]


def test_correction_keeps_the_original_in_the_history(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    obs = client.post(
        f"/v1/children/{child_id}/observations",
        headers=practitioner.headers,
        json=f.observation_body(text="Amara counted to five."),
    ).json()
    corrected = client.post(
        f"/v1/children/{child_id}/observations/{obs['id']}/corrections",
        headers=practitioner.headers,
        json={"text": "Amara counted to ten.", "reason": "misheard"},
    )
    assert corrected.status_code == 201, corrected.text
    body = corrected.json()
    assert body["text"] == "Amara counted to ten."
    assert body["original_text"] == "Amara counted to five."
    assert body["corrections"][0]["reason"] == "misheard"


def test_withdrawn_entry_stays_in_history_and_cannot_be_withdrawn_twice(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    obs = client.post(
        f"/v1/children/{child_id}/observations",
        headers=practitioner.headers,
        json=f.observation_body(),
    ).json()
    url = f"/v1/children/{child_id}/observations/{obs['id']}/withdrawal"
    first = client.post(url, headers=practitioner.headers, json={"reason": "wrong child"})
    assert first.status_code == 200 and first.json()["status"] == "withdrawn"
    again = client.post(url, headers=practitioner.headers, json={"reason": "again"})
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    listed = client.get(
        f"/v1/children/{child_id}/observations", headers=practitioner.headers
    ).json()
    assert [o["status"] for o in listed["items"]] == ["withdrawn"]


def test_staff_of_another_setting_get_404_and_the_attempt_is_logged(
    client: TestClient, services: Services
) -> None:
    _, child_id = f.setting_with_child(client)
    stranger = f.staff(client, f.organisation(client), "practitioner", "manager")
    response = client.get(f"/v1/children/{child_id}", headers=stranger.headers)
    assert response.status_code == 404
    entries = services.access_log.for_child(UUID(child_id))
    denied = [e for e in entries if e.outcome.value == "denied"]
    assert [str(e.actor_id) for e in denied] == [stranger.id]


def test_send_status_change_is_recorded_and_shown_on_the_child(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    changed = client.post(
        f"/v1/children/{child_id}/send-status",
        headers=practitioner.headers,
        json={"send_status": "sen_support"},
    )
    assert changed.status_code == 200, changed.text
    summary = client.get(f"/v1/children/{child_id}", headers=practitioner.headers).json()
    assert summary["send_status"] == "sen_support"
    wrong = client.post(
        f"/v1/children/{child_id}/send-status",
        headers=practitioner.headers,
        json={"send_status": "statemented"},
    )
    assert wrong.status_code == 422
    assert [e["field"] for e in wrong.json()["errors"]] == ["send_status"]


def _as_listed(answer: dict[str, Any]) -> dict[str, Any]:
    """A write's answer as a list shows the entry: the same, without the write's position."""
    return {**answer, "position": None}


def test_each_entry_is_listed_as_its_last_write_answered_even_after_a_rebuild(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    url = f"/v1/children/{child_id}"
    kept = f.observation(client, practitioner, child_id, text="Sorted the shells by size.")
    corrected = f.observation(client, practitioner, child_id, observed_on=f.days_ago(4))
    for text in ("Counted to seven.", "Counted to nine."):
        corrected = client.post(
            f"{url}/observations/{corrected['id']}/corrections",
            headers=practitioner.headers,
            json={"text": text, "reason": "misheard"},
        ).json()
    withdrawn = client.post(
        f"{url}/observations/{corrected['id']}/withdrawal",
        headers=practitioner.headers,
        json={"reason": "wrong child"},
    ).json()
    voice = f.voice(client, practitioner, child_id)
    expected = {
        "observations": [_as_listed(kept), _as_listed(withdrawn)],
        "voices": [_as_listed(voice)],
        "assessments": [],
    }

    def listed() -> dict[str, list[dict[str, Any]]]:
        return {
            collection: client.get(f"{url}/{collection}", headers=practitioner.headers).json()[
                "items"
            ]
            for collection in expected
        }

    assert listed() == expected
    rebuild(services.db, services.app, JourneyEntries(services.child_keys))
    assert listed() == expected


def test_a_list_waits_for_the_view_to_hold_the_childs_last_write_rather_than_miss_it(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    assert services.worker is not None
    services.worker.stop()
    services.worker = None
    services.settings.read_wait_seconds = 0.2
    recorded = f.observation(client, practitioner, child_id)
    url = f"/v1/children/{child_id}/observations"
    for params in ({}, {"after": recorded["position"]}):
        response = client.get(url, headers=practitioner.headers, params=params)
        body = assert_problem(response, 503)
        assert str(body["type"]).endswith("view-behind")
    while process_batch(services.db, services.app, JourneyEntries(services.child_keys)):
        pass
    for params in ({}, {"after": recorded["position"]}):
        response = client.get(url, headers=practitioner.headers, params=params)
        assert [o["id"] for o in response.json()["items"]] == [recorded["id"]]
