"""A setting shares journey entries with the child's parents and carers (on embedded SQLite and
on PostgreSQL): as it records one, or later, once; only the setting that recorded it; and every
entry says whether it is shared, and a parent's own moment from home says it is theirs."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.api.problems import assert_problem
from tests.journeys import nursery
from tests.parents import invite

COLLECTIONS = ("observations", "voices", "assessments")


def bodies() -> dict[str, dict[str, Any]]:
    return {
        "observations": f.observation_body(),
        "voices": {"kind": "child", "text": "I like the big slide.", "recorded_on": f.days_ago(1)},
        "assessments": {
            "kind": "transition_summary",
            "assessed_on": f.days_ago(1),
            "summary": "Confident talker.",
            "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"},
        },
    }


def listed(client: TestClient, by: f.Staff, child_id: str, collection: str) -> dict[str, Any]:
    """The collection's entries as ``by`` lists them, by id."""
    answer = client.get(f"/v1/children/{child_id}/{collection}", headers=by.headers)
    assert answer.status_code == 200, answer.text
    return {e["id"]: e for e in answer.json()["items"]}


def test_an_entry_recorded_as_shared_is_shared_at_once_and_listed_so(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    for collection, body in bodies().items():
        url = f"/v1/children/{child_id}/{collection}"
        shared = client.post(
            url, headers=practitioner.headers, json={**body, "shared_with_parents": True}
        )
        assert shared.status_code == 201, shared.text
        assert shared.json()["shared_with_parents"] is True
        kept = client.post(url, headers=practitioner.headers, json=body)
        assert kept.json()["shared_with_parents"] is False
        found = listed(client, practitioner, child_id, collection)
        assert found[shared.json()["id"]]["shared_with_parents"] is True
        assert found[kept.json()["id"]]["shared_with_parents"] is False
    child = services.app.child(UUID(child_id))
    shared_ids = {i for i, e in child.entries.items() if e.get("shared_with_parents")}
    assert len(shared_ids) == 3  # the record itself, not just the answer


def test_recording_and_sharing_are_one_save(client: TestClient, services: Services) -> None:
    practitioner, child_id = f.setting_with_child(client)
    before = services.app.child(UUID(child_id)).version
    saves: list[int] = []
    services.app.on_saved(lambda: saves.append(1))
    recorded = client.post(
        f"/v1/children/{child_id}/observations",
        headers=practitioner.headers,
        json={**f.observation_body(), "shared_with_parents": True},
    )
    assert recorded.status_code == 201, recorded.text
    assert len(saves) == 1
    events = services.app.repository.event_store.get(UUID(child_id), gt=before)
    assert [type(e).__name__ for e in events] == ["ObservationRecorded", "EntrySharedWithParents"]


def test_an_entry_is_shared_later_once_and_a_second_time_is_a_conflict(
    client: TestClient,
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    for collection, body in bodies().items():
        url = f"/v1/children/{child_id}/{collection}"
        entry = client.post(url, headers=practitioner.headers, json=body).json()
        assert entry["shared_with_parents"] is False
        sharing = f"{url}/{entry['id']}/sharing"
        shared = client.post(sharing, headers=practitioner.headers)
        assert shared.status_code == 200, shared.text
        assert shared.json()["id"] == entry["id"] and shared.json()["shared_with_parents"] is True
        assert listed(client, practitioner, child_id, collection)[entry["id"]][
            "shared_with_parents"
        ]
        again = assert_problem(client.post(sharing, headers=practitioner.headers), 409)
        assert "already shared" in str(again["detail"])


def test_an_entry_is_shared_through_its_own_collection_only(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    observation = f.observation(client, practitioner, child_id)
    wrong = f"/v1/children/{child_id}/voices/{observation['id']}/sharing"
    assert_problem(client.post(wrong, headers=practitioner.headers), 404)


def test_a_withdrawn_entry_is_not_shared(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    observation = f.observation(client, practitioner, child_id)
    url = f"/v1/children/{child_id}/observations/{observation['id']}"
    withdrawn = client.post(f"{url}/withdrawal", headers=practitioner.headers, json={})
    assert withdrawn.status_code == 200, withdrawn.text
    assert_problem(client.post(f"{url}/sharing", headers=practitioner.headers), 409)


def test_only_the_setting_that_recorded_an_entry_shares_it(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = f.child(client, at.practitioner)
    observation = f.observation(client, at.practitioner, child_id)
    sharing = f"/v1/children/{child_id}/observations/{observation['id']}/sharing"
    stranger = f.staff(client, f.organisation(client), "manager")
    assert_problem(client.post(sharing, headers=stranger.headers), 404)  # not their child
    # A second setting of the child's day reads the journey, but shares only what it recorded.
    childminder = f.staff(client, f.organisation(client, "childminder"), "manager")
    services.app.enrol_child(
        UUID(child_id), UUID(childminder.org_id), date.today(), UUID(childminder.id)
    )
    refused = assert_problem(client.post(sharing, headers=childminder.headers), 409)
    assert "only the setting that recorded" in str(refused["detail"])
    still = listed(client, at.practitioner, child_id, "observations")[observation["id"]]
    assert still["shared_with_parents"] is False


def test_a_parents_moment_from_home_is_listed_as_theirs_and_shared(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = f.child(client, at.practitioner)
    parent = invite(client, at.practitioner, child_id)
    moment = services.app.record_home_moment(
        UUID(child_id),
        UUID(parent.id),
        text="She fed the ducks at the park.",
        recorded_on=date.today(),
    )
    staff_voice = f.voice(client, at.practitioner, child_id, kind="parent")
    voices = listed(client, at.practitioner, child_id, "voices")
    theirs = voices[str(moment.id)]
    assert theirs["text"] == "She fed the ducks at the park."
    assert theirs["kind"] == "parent" and theirs["recorded_by"] == parent.id
    assert theirs["recorded_by_parent"] is True and theirs["shared_with_parents"] is True
    assert theirs["setting_id"] == at.org_id
    ours = voices[staff_voice["id"]]
    assert ours["recorded_by_parent"] is False and ours["recorded_by"] == at.practitioner.id


def test_a_parents_moment_is_withdrawn_by_the_setting_but_never_reworded(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = f.child(client, at.practitioner)
    parent = invite(client, at.practitioner, child_id)
    moment = services.app.record_home_moment(
        UUID(child_id), UUID(parent.id), text="Her words, not ours.", recorded_on=date.today()
    )
    base = f"/v1/children/{child_id}/voices/{moment.id}"
    reworded = client.post(
        f"{base}/corrections", headers=at.practitioner.headers, json={"text": "Our words."}
    )
    assert reworded.status_code == 409 and "own words" in reworded.json()["detail"]
    assert listed(client, at.practitioner, child_id, "voices")[str(moment.id)]["text"] == (
        "Her words, not ours."
    )
    withdrawn = client.post(
        f"{base}/withdrawal", headers=at.practitioner.headers, json={"reason": "not about her"}
    )
    assert withdrawn.status_code == 200, withdrawn.text
