"""Erasure, holds and a school erasing its copy of a packet, on both stores.

After an erasure everything about the child answers 404 or 410 to everyone, lists no longer
show them, the answer cache no longer holds them, the access log records the erasure (ids
only), and ``baton audit verify`` and ``baton projections rebuild`` still succeed.
"""

from __future__ import annotations

import subprocess
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api import forgetting
from api.services import build_services
from tests import factories as f
from tests.api.forgetting_world import (
    BATON,
    REASON,
    Fresh,
    cached_answers_about,
    erase,
    fresh,
    listed,
    send_packet,
    view_rows_about,
    wait_until,
    world,
)
from tests.api.problems import assert_problem
from tests.conftest import cli_env

__all__ = ["fresh"]  # the fixture, shared with the retention tests


def baton(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BATON, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_after_erasure_nothing_of_the_child_is_readable_and_the_log_still_verifies(
    fresh: Fresh,
) -> None:
    client, services = fresh.client, fresh.services
    w = world(client)
    kept = f.child(client, w.practitioner, given_name="Bilal")
    key = {"Idempotency-Key": "obs-1"}
    body = f.observation_body()
    first = client.post(
        f"/v1/children/{w.child}/observations", headers={**w.practitioner.headers, **key}, json=body
    )
    assert first.status_code == 201, first.text
    f.voice(client, w.practitioner, w.child)
    packet = send_packet(client, w)
    assert cached_answers_about(services, w.child) == 1

    response = erase(client, w.manager, w.child, **{"Idempotency-Key": "erase-1"})
    assert response.status_code == 200, response.text
    erased = response.json()
    assert erased["child_id"] == w.child and erased["status"] == "erased" and erased["erased_at"]

    child = f"/v1/children/{w.child}"
    someone_else = world(client)
    for by in (w.manager, w.practitioner, w.dsl, someone_else.manager):
        for path in ("", "/observations", "/voices", "/consents", "/record"):
            assert_problem(client.get(f"{child}{path}", headers=by.headers), 410)
    assert_problem(
        client.get(f"/v1/handovers/{packet['id']}/contents", headers=w.teacher.headers), 410
    )
    # a retried observation is not answered from the cache: the child is gone
    again = client.post(
        f"{child}/observations", headers={**w.practitioner.headers, **key}, json=body
    )
    assert_problem(again, 410)
    # the erasure's own answer holds ids only, and a retry gets it again
    assert erase(client, w.manager, w.child, **{"Idempotency-Key": "erase-1"}).json() == erased
    assert_problem(erase(client, w.manager, w.child), 410)

    position = erased["position"]
    children = listed(client, w.manager, f"/v1/settings/{w.setting}/children", position)
    assert kept in children and w.child not in children
    inbox = listed(client, w.teacher, f"/v1/schools/{w.school}/handovers", position)
    assert packet["id"] not in inbox
    assert view_rows_about(services, w.child) == 0
    assert cached_answers_about(services, w.child) == 0
    assert services.child_keys.is_destroyed(UUID(w.child))

    def erasure_logged() -> bool:
        response = client.get(
            f"/v1/audit/children/{w.child}", headers=w.dsl.headers, params={"limit": 500}
        )
        assert response.status_code == 200, response.text
        return any(
            e["action"] == "delete" and e["resource"] == "erasure" and e["actor_id"] == w.manager.id
            for e in response.json()["items"]
        )

    wait_until(erasure_logged, "the erasure in the child's access history")
    unrelated = f.staff(client, someone_else.setting, "dsl")
    assert_problem(client.get(f"/v1/audit/children/{w.child}", headers=unrelated.headers), 404)

    env = cli_env(fresh.settings)
    verified = baton(env, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    rebuilt = baton(env, "projections", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert view_rows_about(services, w.child) == 0
    children = listed(client, w.manager, f"/v1/settings/{w.setting}/children", position)
    assert kept in children and w.child not in children
    assert baton(env, "audit", "verify").returncode == 0


def test_a_hold_stops_erasure_until_the_dsl_releases_it(client: TestClient) -> None:
    w = world(client)
    holds = f"/v1/children/{w.child}/holds"
    reason = {"reason": "child protection enquiry open"}
    for not_a_dsl in (w.practitioner, w.manager):
        assert_problem(client.post(holds, headers=not_a_dsl.headers, json=reason), 403)
    placed = client.post(holds, headers=w.dsl.headers, json=reason)
    assert placed.status_code == 201, placed.text
    hold = placed.json()
    assert hold["id"] and hold["status"] == "on" and hold["reason"] == reason["reason"]

    refused = assert_problem(erase(client, w.manager, w.child), 409)
    assert refused["type"] == "/problems/on-hold"
    assert client.get(f"/v1/children/{w.child}", headers=w.manager.headers).status_code == 200

    release = f"{holds}/{hold['id']}/release"
    assert_problem(client.post(release, headers=world(client).dsl.headers), 404)
    assert_problem(client.post(release, headers=w.manager.headers), 403)
    released = client.post(release, headers=w.dsl.headers)
    assert released.status_code == 200, released.text
    assert released.json()["status"] == "released"
    assert_problem(client.post(release, headers=w.dsl.headers), 409)
    assert_problem(client.post(f"{holds}/{w.setting}/release", headers=w.dsl.headers), 404)

    assert erase(client, w.manager, w.child).status_code == 200
    assert_problem(client.get(f"/v1/children/{w.child}", headers=w.manager.headers), 410)


def test_only_a_manager_of_a_setting_that_enrols_or_enrolled_the_child_erases(
    client: TestClient,
) -> None:
    w = world(client)
    for refused, status in ((w.practitioner, 403), (w.dsl, 403), (world(client).manager, 404)):
        assert_problem(erase(client, refused, w.child), status)
    assert_problem(
        client.post(f"/v1/children/{w.child}/erasure", headers=f.OPERATOR, json=REASON), 403
    )
    assert_problem(
        client.post(f"/v1/children/{w.child}/erasure", headers=w.manager.headers, json={}), 422
    )
    response = client.post(
        f"/v1/children/{w.child}/leaving",
        headers=w.manager.headers,
        json={"setting_id": w.setting, "left_on": f.days_ago(1)},
    )
    assert response.status_code == 200, response.text
    assert erase(client, w.manager, w.child).status_code == 200


def test_the_receiving_schools_dsl_may_hold_the_record_it_received(client: TestClient) -> None:
    w = world(client)
    send_packet(client, w)
    holds = f"/v1/children/{w.child}/holds"
    reason = {"reason": "the school must keep what it received"}
    assert_problem(client.post(holds, headers=w.teacher.headers, json=reason), 403)
    assert client.post(holds, headers=w.school_dsl.headers, json=reason).status_code == 201
    assert_problem(erase(client, w.manager, w.child), 409)


def test_a_school_erases_its_copy_of_a_packet_and_the_setting_keeps_its_record(
    client: TestClient,
) -> None:
    w = world(client)
    packet = send_packet(client, w)
    url = f"/v1/handovers/{packet['id']}"
    assert client.get(f"{url}/contents", headers=w.teacher.headers).status_code == 200
    assert_problem(client.post(f"{url}/erasure", headers=w.teacher.headers), 404)
    assert_problem(client.post(f"{url}/erasure", headers=w.practitioner.headers), 404)

    response = client.post(f"{url}/erasure", headers=w.school_dsl.headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "erased"
    for part in ("contents", "envelope"):
        assert_problem(client.get(f"{url}/{part}", headers=w.teacher.headers), 410)
    inbox = listed(
        client, w.teacher, f"/v1/schools/{w.school}/handovers", response.json()["position"]
    )
    assert packet["id"] not in inbox
    assert client.get(url, headers=w.practitioner.headers).json()["status"] == "erased"
    assert client.get(f"/v1/children/{w.child}", headers=w.practitioner.headers).status_code == 200
    assert_problem(client.post(f"{url}/erasure", headers=w.school_dsl.headers), 410)


def test_an_erasure_a_crash_interrupted_after_its_commit_is_finished_on_restart(
    fresh: Fresh, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, services = fresh.client, fresh.services
    w = world(client)
    observed = client.post(
        f"/v1/children/{w.child}/observations",
        headers={**w.practitioner.headers, "Idempotency-Key": "obs-crash"},
        json=f.observation_body(),
    )
    assert observed.status_code == 201, observed.text
    # The process "dies" right after the erasure commits: nothing after COMMIT runs.
    monkeypatch.setattr(forgetting, "finish_quietly", lambda services, child_id: None)
    assert erase(client, w.manager, w.child).status_code == 200
    monkeypatch.undo()
    child_id = UUID(w.child)
    assert_problem(client.get(f"/v1/children/{w.child}", headers=w.manager.headers), 410)
    assert not services.child_keys.is_destroyed(child_id)
    assert cached_answers_about(services, w.child) == 1

    restarted = build_services(fresh.settings)
    try:
        restarted.start_projections()
    finally:
        restarted.close()
    assert services.child_keys.is_destroyed(child_id)
    assert cached_answers_about(services, w.child) == 0
    assert view_rows_about(services, w.child) == 0
