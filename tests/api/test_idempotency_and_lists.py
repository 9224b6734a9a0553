"""Retries with an Idempotency-Key record once; cursor pages neither repeat nor skip.

Every test runs on embedded SQLite and on PostgreSQL (the ``client`` fixture).
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.api.problems import assert_problem, events_stored, journey_size


def post_observation(
    client: TestClient, by: f.Staff, child_id: str, body: dict[str, Any], key: str
) -> Any:
    return client.post(
        f"/v1/children/{child_id}/observations",
        headers={**by.headers, "Idempotency-Key": key},
        json=body,
    )


# -- Idempotency-Key ------------------------------------------------------------------------------


def test_same_key_and_body_answers_the_first_response_again_and_records_once(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    body = f.observation_body()
    first = post_observation(client, practitioner, child_id, body, "tablet-7-obs-1")
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    after_first = events_stored(services)

    again = post_observation(client, practitioner, child_id, body, "tablet-7-obs-1")
    assert again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()

    assert events_stored(services) == after_first
    assert journey_size(services, child_id) == 1
    assert [o["id"] for o in f.observations_listed(client, practitioner, child_id)] == [
        first.json()["id"]
    ]


def test_same_key_registering_a_child_registers_one_child(
    client: TestClient, services: Services
) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")
    headers = {**practitioner.headers, "Idempotency-Key": "register-amara"}
    body = f.child_body(practitioner.org_id)
    first = client.post("/v1/children", headers=headers, json=body)
    assert first.status_code == 201, first.text
    after_first = events_stored(services)
    again = client.post("/v1/children", headers=headers, json=body)
    assert (again.status_code, again.json()["id"]) == (201, first.json()["id"])
    assert again.headers["idempotent-replayed"] == "true"
    assert events_stored(services) == after_first


def test_same_key_with_a_different_body_is_409_and_records_nothing(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    first = post_observation(client, practitioner, child_id, f.observation_body(), "k-1")
    assert first.status_code == 201, first.text
    after_first = events_stored(services)
    changed = f.observation_body(text="Amara built a tower of nine bricks.", area="M")
    assert_problem(post_observation(client, practitioner, child_id, changed, "k-1"), 409)
    assert events_stored(services) == after_first
    assert [o["text"] for o in f.observations_listed(client, practitioner, child_id)] == [
        first.json()["text"]
    ]


def test_same_key_for_another_child_is_409_not_the_first_childs_answer(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    sibling_id = f.child(client, practitioner, given_name="Tobi")
    body = f.observation_body()
    assert post_observation(client, practitioner, child_id, body, "k-2").status_code == 201
    assert_problem(post_observation(client, practitioner, sibling_id, body, "k-2"), 409)
    assert journey_size(services, sibling_id) == 0


def test_same_key_from_another_token_is_a_separate_request(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    colleague = f.staff(client, practitioner.org_id, "practitioner")
    body = f.observation_body()
    mine = post_observation(client, practitioner, child_id, body, "shared-key")
    theirs = post_observation(client, colleague, child_id, body, "shared-key")
    assert (mine.status_code, theirs.status_code) == (201, 201), theirs.text
    assert "idempotent-replayed" not in theirs.headers
    assert mine.json()["id"] != theirs.json()["id"]
    assert theirs.json()["recorded_by"] == colleague.id
    assert journey_size(services, child_id) == 2


def test_refused_request_does_not_use_up_its_key(client: TestClient, services: Services) -> None:
    practitioner, child_id = f.setting_with_child(client)
    refused = post_observation(
        client, practitioner, child_id, f.observation_body(area="MUSIC"), "retry-me"
    )
    assert_problem(refused, 422, "area")
    corrected = post_observation(client, practitioner, child_id, f.observation_body(), "retry-me")
    assert corrected.status_code == 201, corrected.text
    assert "idempotent-replayed" not in corrected.headers
    replayed = post_observation(client, practitioner, child_id, f.observation_body(), "retry-me")
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json()["id"] == corrected.json()["id"]
    assert journey_size(services, child_id) == 1


# -- cursor pages ---------------------------------------------------------------------------------


def pages(client: TestClient, by: f.Staff, child_id: str, limit: int) -> list[dict[str, Any]]:
    """Every page of the child's observations, following ``next`` until it is null."""
    found, cursor = [], None
    for _ in range(100):
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        response = client.get(
            f"/v1/children/{child_id}/observations", headers=by.headers, params=params
        )
        assert response.status_code == 200, response.text
        page = response.json()
        found.append(page)
        cursor = page["next"]
        if cursor is None:
            return found
    raise AssertionError("the cursor never ran out")


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def test_seven_observations_in_pages_of_three_come_newest_first_without_gaps_or_repeats(
    client: TestClient,
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    recorded = [
        f.observation(client, practitioner, child_id, observed_on=f.days_ago(d), text=f"day {d}")
        for d in (5, 1, 7, 3, 2, 6, 4)
    ]
    listed = pages(client, practitioner, child_id, limit=3)
    assert [len(p["items"]) for p in listed] == [3, 3, 1]
    assert [p["next"] is None for p in listed] == [False, False, True]
    seen = [item for p in listed for item in p["items"]]
    assert [o["text"] for o in seen] == [f"day {d}" for d in range(1, 8)]
    assert sorted(o["id"] for o in seen) == sorted(o["id"] for o in recorded)


def test_observations_of_the_same_day_page_without_gaps_or_repeats(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    recorded = [f.observation(client, practitioner, child_id, text=f"n{n}") for n in range(7)]
    listed = pages(client, practitioner, child_id, limit=3)
    assert [len(p["items"]) for p in listed] == [3, 3, 1]
    seen = [i for p in listed for i in ids(p)]
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == {o["id"] for o in recorded}
    # Recorded later on the same day counts as newer.
    assert [o["text"] for p in listed for o in p["items"]] == [f"n{n}" for n in range(6, -1, -1)]


def test_observations_recorded_while_paging_cause_no_repeats_and_no_gaps(
    client: TestClient,
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    originals = {
        f.observation(client, practitioner, child_id, observed_on=f.days_ago(d))["id"]
        for d in range(1, 8)
    }
    url = f"/v1/children/{child_id}/observations"
    first = client.get(url, headers=practitioner.headers, params={"limit": 3}).json()
    newest = f.observation(client, practitioner, child_id, observed_on=f.days_ago(0))
    oldest = f.observation(client, practitioner, child_id, observed_on=f.days_ago(30))
    seen, cursor = ids(first), first["next"]
    while cursor:
        page = client.get(
            url, headers=practitioner.headers, params={"limit": 3, "cursor": cursor}
        ).json()
        seen += ids(page)
        cursor = page["next"]
    assert len(seen) == len(set(seen)), "an observation was listed twice"
    assert originals <= set(seen), "an observation was skipped"
    assert newest["id"] not in seen  # it sorts before the pages already read
    assert seen[-1] == oldest["id"]


def test_short_and_empty_lists_have_no_next_page(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    url = f"/v1/children/{child_id}/observations"
    assert client.get(url, headers=practitioner.headers).json() == {"items": [], "next": None}
    f.observation(client, practitioner, child_id)
    f.observation(client, practitioner, child_id)
    page = client.get(url, headers=practitioner.headers, params={"limit": 2}).json()
    assert len(page["items"]) == 2 and page["next"] is None
