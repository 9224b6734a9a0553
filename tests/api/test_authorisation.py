"""Who may do what: tokens, roles, organisations, and the access log of every attempt.

Every test runs on embedded SQLite and on PostgreSQL (the ``client`` fixture).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from api.settings import Settings
from domain.organisations.credentials import parse_token
from tests import factories as f
from tests.api.problems import assert_problem, events_stored, journey_size
from tests.conftest import settings_for

PROBLEM = ("type", "title", "status", "detail")


@pytest.fixture
def settings(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """These tests send more bad tokens than a minute's limit allows from one address: they
    are about each refusal, not their rate (tests/api/test_refusals_logged.py has the limit)."""
    return settings_for(store, tmp_path, request).model_copy(update={"auth_failures_per_minute": 0})


def child_data_requests(child_id: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    """(method, path, body) of a read of the child, a read of the journey, and a write to it."""
    return [
        ("GET", f"/v1/children/{child_id}", None),
        ("GET", f"/v1/children/{child_id}/observations", None),
        ("POST", f"/v1/children/{child_id}/observations", f.observation_body()),
    ]


def denied(services: Services, child_id: str) -> list[tuple[str | None, str]]:
    """(actor id, action) of every denied attempt on the child, oldest first."""
    return [
        (str(e.actor_id) if e.actor_id else None, e.action.value)
        for e in services.access_log.for_child(UUID(child_id))
        if e.outcome.value == "denied"
    ]


# -- who is asking --------------------------------------------------------------------------------


def test_missing_token_is_401_asking_for_a_bearer_token(
    client: TestClient, subtests: pytest.Subtests
) -> None:
    _, child_id = f.setting_with_child(client)
    requests = [
        *child_data_requests(child_id),
        ("POST", "/v1/organisations", {"name": "Acorns", "kind": "nursery", "urn": None}),
    ]
    for method, path, body in requests:
        for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer"}):
            with subtests.test(method=method, path=path, headers=str(headers)):
                response = client.request(method, path, headers=headers, json=body)
                assert_problem(response, 401)
                assert response.headers["www-authenticate"].lower().startswith("bearer")


def test_unknown_or_garbled_token_is_401_and_nothing_recorded(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    colleague = f.staff(client, practitioner.org_id, "practitioner")
    parsed = parse_token(practitioner.token)
    assert parsed is not None
    org, me, secret = parsed.org_id.hex, parsed.staff_id.hex, parsed.secret
    tokens = {
        "nonsense": "letmein",
        "empty secret": f"bt_{org}_{me}_",
        "ids not hex": f"bt_zz_yy_{secret}",
        "wrong prefix": f"xx_{org}_{me}_{secret}",
        "secret altered": practitioner.token[:-1] + ("A" if practitioner.token[-1] != "A" else "B"),
        "secret of another staff member": f"bt_{org}_{colleague.id.replace('-', '')}_{secret}",
        "unknown organisation": f"bt_{uuid4().hex}_{me}_{secret}",
        "unknown staff member": f"bt_{org}_{uuid4().hex}_{secret}",
        "operator token with a typo": "adm_test-operator-tokem",
    }
    before = events_stored(services)
    for case, token in tokens.items():
        for method, path, body in child_data_requests(child_id):
            with subtests.test(case, method=method, path=path):
                response = client.request(
                    method, path, headers={"Authorization": f"Bearer {token}"}, json=body
                )
                assert_problem(response, 401)
                assert "www-authenticate" in response.headers
    assert events_stored(services) == before
    assert journey_size(services, child_id) == 0


# -- organisations that do not enrol the child ----------------------------------------------------


def test_staff_of_another_organisation_get_404_and_nothing_is_recorded(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    stranger = f.staff(client, f.organisation(client), "practitioner", "manager", "dsl")
    teacher = f.staff(client, f.organisation(client, kind="school"), "teacher", "dsl")
    before = events_stored(services)
    for who in (stranger, teacher):
        for method, path, body in child_data_requests(child_id):
            response = client.request(method, path, headers=who.headers, json=body)
            # Exactly what a child unknown to Baton gets, so the answer discloses nothing.
            unknown = client.request(
                method, path.replace(child_id, str(uuid4())), headers=who.headers, json=body
            )
            shown, shown_for_unknown = assert_problem(response, 404), assert_problem(unknown, 404)
            assert {k: shown[k] for k in PROBLEM} == {k: shown_for_unknown[k] for k in PROBLEM}
    assert events_stored(services) == before
    assert journey_size(services, child_id) == 0
    assert f.observations_listed(client, practitioner, child_id) == []
    assert denied(services, child_id) == [
        (who.id, action) for who in (stranger, teacher) for action in ("read", "read", "create")
    ]


def test_operator_is_403_on_child_data_and_the_attempt_is_logged(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    before = events_stored(services)
    for method, path, body in child_data_requests(child_id):
        response = client.request(method, path, headers=f.OPERATOR, json=body)
        assert_problem(response, 403)
    assert events_stored(services) == before
    assert f.observations_listed(client, practitioner, child_id) == []
    entries = [
        e for e in services.access_log.for_child(UUID(child_id)) if e.outcome.value == "denied"
    ]
    assert [(e.actor_id, e.actor_roles, e.action.value) for e in entries] == [
        (None, ("operator",), "read"),
        (None, ("operator",), "read"),
        (None, ("operator",), "create"),
    ]


def test_registering_a_child_at_someone_elses_setting_is_403_and_logged(
    client: TestClient, services: Services
) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")
    elsewhere = f.organisation(client)
    before, logged = events_stored(services), services.access_log.count()
    response = client.post(
        "/v1/children", headers=practitioner.headers, json=f.child_body(elsewhere)
    )
    assert_problem(response, 403)
    assert events_stored(services) == before
    assert services.access_log.count() == logged + 1


# -- organisations and staff ----------------------------------------------------------------------


def test_only_the_operator_registers_organisations(client: TestClient, services: Services) -> None:
    org = f.organisation(client)
    manager = f.staff(client, org, "manager")
    body = {"name": "Little Acorns", "kind": "nursery", "urn": "EY123456"}
    before = events_stored(services)
    assert_problem(client.post("/v1/organisations", headers=manager.headers, json=body), 403)
    assert events_stored(services) == before
    created = client.post("/v1/organisations", headers=f.OPERATOR, json=body)
    assert created.status_code == 201, created.text
    assert body.items() <= created.json().items()
    fetched = client.get(f"/v1/organisations/{created.json()['id']}", headers=manager.headers)
    assert fetched.status_code == 200
    assert {**body, "id": created.json()["id"]}.items() <= fetched.json().items()


def staff_body(email: str, *roles: str) -> dict[str, Any]:
    return {"name": "Jo Bloggs", "email": email, "roles": list(roles)}


def test_only_the_operator_or_a_manager_of_the_organisation_adds_staff(
    client: TestClient, services: Services
) -> None:
    org = f.organisation(client)
    manager = f.staff(client, org, "manager")
    practitioner = f.staff(client, org, "practitioner", "dsl")
    other_manager = f.staff(client, f.organisation(client), "manager")
    before = events_stored(services)
    for who in (practitioner, other_manager):
        response = client.post(
            f"/v1/organisations/{org}/staff",
            headers=who.headers,
            json=staff_body("new@acorns.example", "manager"),
        )
        assert_problem(response, 403)
    assert events_stored(services) == before
    assert services.app.organisation(UUID(org)).member_by_email("new@acorns.example") is None

    response = client.post(
        f"/v1/organisations/{org}/staff",
        headers=manager.headers,
        json=staff_body("jo@acorns.example", "practitioner", "dsl"),
    )
    assert response.status_code == 201, response.text
    assert response.json()["org_id"] == org
    assert sorted(response.json()["roles"]) == ["dsl", "practitioner"]

    response = client.post(
        f"/v1/organisations/{uuid4()}/staff",
        headers=f.OPERATOR,
        json=staff_body("ghost@example.org", "manager"),
    )
    assert_problem(response, 404)


def test_staff_token_is_shown_once_stored_only_as_a_hash_and_works(
    client: TestClient, services: Services
) -> None:
    org = f.organisation(client)
    response = client.post(
        f"/v1/organisations/{org}/staff",
        headers=f.OPERATOR,
        json=staff_body("sam@acorns.example", "practitioner"),
    )
    assert response.status_code == 201, response.text
    token = response.json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    # It works: the new member of staff registers a child and reads it back.
    created = client.post("/v1/children", headers=headers, json=f.child_body(org))
    assert created.status_code == 201, created.text
    read = client.get(f"/v1/children/{created.json()['id']}", headers=headers)
    assert read.status_code == 200
    # It is never shown again, and Baton holds only its hash.
    shown = client.get(f"/v1/organisations/{org}", headers=headers)
    assert token not in shown.text
    parsed = parse_token(token)
    assert parsed is not None
    member = services.app.organisation(UUID(org)).member(parsed.staff_id)
    assert member is not None
    assert member["token_hash"] == hashlib.sha256(parsed.secret.encode()).hexdigest()
    assert parsed.secret not in repr(services.app.organisation(UUID(org)).__dict__)


# -- enrolments -----------------------------------------------------------------------------------


def enrol(
    client: TestClient, by: f.Staff, child_id: str, setting_id: str, path: str = "enrolments"
) -> Any:
    return client.post(
        f"/v1/children/{child_id}/{path}",
        headers=by.headers,
        json={"setting_id": setting_id, "started_on": f.days_ago(10)},
    )


def test_both_managers_agree_and_the_second_setting_can_then_read_the_child(
    client: TestClient, services: Services
) -> None:
    first = f.organisation(client)
    manager = f.staff(client, first, "manager")
    child_id = f.child(client, manager)
    second = f.organisation(client, kind="childminder")
    childminder = f.staff(client, second, "practitioner", "manager")
    assert_problem(client.get(f"/v1/children/{child_id}", headers=childminder.headers), 404)

    proposed = enrol(client, manager, child_id, second, "enrolment-proposals")
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["status"] == "proposed"
    assert_problem(client.get(f"/v1/children/{child_id}", headers=childminder.headers), 404)
    response = enrol(client, childminder, child_id, second)
    assert response.status_code == 201, response.text
    assert (response.json()["setting_id"], response.json()["basis"]) == (second, "both_settings")

    read = client.get(f"/v1/children/{child_id}", headers=childminder.headers)
    assert read.status_code == 200, read.text
    assert {e["setting_id"] for e in read.json()["enrolments"]} == {first, second}
    f.observation(client, childminder, child_id)
    allowed = [
        (str(e.actor_id), e.action.value, e.resource)
        for e in services.access_log.for_child(UUID(child_id))
        if e.outcome.value == "allowed"
    ]
    assert (manager.id, "update", "enrolment-proposal") in allowed
    assert (childminder.id, "update", "enrolment") in allowed
    assert (childminder.id, "read", "child") in allowed


def test_practitioner_cannot_enrol_the_child_elsewhere_and_the_attempt_is_logged(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    second = f.organisation(client)
    before = events_stored(services)
    assert_problem(enrol(client, practitioner, child_id, second), 403)
    assert events_stored(services) == before
    assert len(services.app.child(UUID(child_id)).enrolments) == 1
    assert denied(services, child_id) == [(practitioner.id, "update")]


def test_manager_of_a_setting_not_enrolling_the_child_cannot_enrol_it_there(
    client: TestClient, services: Services
) -> None:
    _, child_id = f.setting_with_child(client)
    outsider = f.staff(client, f.organisation(client), "manager")
    elsewhere = f.organisation(client)
    before = events_stored(services)
    # alone: the other setting has proposed nothing, and no parent's consent names it
    assert_problem(enrol(client, outsider, child_id, outsider.org_id), 403)
    # nor for a third setting
    assert_problem(enrol(client, outsider, child_id, elsewhere, "enrolment-proposals"), 404)
    assert events_stored(services) == before
    assert denied(services, child_id) == [(outsider.id, "update"), (outsider.id, "update")]


def test_enrolling_at_a_school_an_unknown_organisation_or_twice_is_refused(
    client: TestClient, services: Services
) -> None:
    manager = f.staff(client, f.organisation(client), "manager")
    child_id = f.child(client, manager)
    school = f.organisation(client, kind="school")
    before = events_stored(services)
    for setting_id in (school, str(uuid4())):
        assert_problem(enrol(client, manager, child_id, setting_id), 422, "setting_id")
    assert_problem(enrol(client, manager, child_id, manager.org_id), 409)
    assert_problem(enrol(client, manager, child_id, manager.org_id, "enrolment-proposals"), 409)
    assert events_stored(services) == before
    assert len(services.app.child(UUID(child_id)).enrolments) == 1


# -- the access log of allowed reads --------------------------------------------------------------


def test_allowed_reads_are_logged_with_the_reader_and_action_read(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    client.get(f"/v1/children/{child_id}", headers=practitioner.headers)
    client.get(f"/v1/children/{child_id}/observations", headers=practitioner.headers)
    reads = [
        e
        for e in services.access_log.for_child(UUID(child_id))
        if e.action.value == "read" and e.outcome.value == "allowed"
    ]
    assert [(str(e.actor_id), str(e.actor_org_id), e.resource) for e in reads] == [
        (practitioner.id, practitioner.org_id, "child"),
        (practitioner.id, practitioner.org_id, "observation"),
    ]
    assert all(e.actor_roles == ("practitioner",) for e in reads)
