"""A setting invites a parent or carer; they choose a password through their link and sign in
with the same form as staff; a manager can end their access; a parent never reaches a staff
page."""

from __future__ import annotations

from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories
from tests.journeys import nursery
from tests.parents import invite, joined, signed_out
from tests.people import PASSWORD, sign_in
from tests.web import last_log_id, log_rows_since


def test_an_invited_parent_chooses_a_password_and_signs_in_to_the_family_pages(
    client: TestClient,
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    parent = invite(client, at.practitioner, child_id)
    page = client.get(parent.path)
    assert "Welcome, Maya Okafor" in page.text and "learning journal" in page.text
    assert joined(client, parent) == "/family"
    signed_out(client)
    answer = sign_in(client, parent.email, PASSWORD, next="/home")
    assert answer.status_code == 303, answer.text
    assert client.get("/home", follow_redirects=False).headers["location"] == "/family"
    again = client.get(parent.path)
    assert again.status_code == 410 and "already been used" in again.text


def test_a_parent_is_refused_every_staff_page_and_the_refusal_is_logged(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    parent = invite(client, at.practitioner, child_id)
    joined(client, parent)
    before = last_log_id(services)
    for path in ("/children", f"/children/{child_id}", "/staff", "/consents", "/audit"):
        answer = client.get(path)
        assert answer.status_code == 403, (path, answer.status_code)
        assert "for the staff" in answer.text
    assert len(log_rows_since(services, before, "GET /%")) >= 5


def test_the_same_email_for_a_second_child_adds_the_child_to_one_account(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    first = factories.child(client, at.practitioner)
    second = factories.child(client, at.practitioner, given_name="Ada")
    parent = invite(client, at.practitioner, first)
    answer = client.post(
        f"/v1/children/{second}/parents",
        headers=at.practitioner.headers,
        json={"name": "Maya Okafor", "email": parent.email.upper(), "relationship": "mother"},
    )
    assert answer.status_code == 201 and answer.json()["id"] == parent.id
    assert answer.json()["new_account"] is False
    account = services.app.parent(UUID(parent.id))
    assert account.child_ids == [UUID(first), UUID(second)]


def test_only_staff_of_a_setting_enrolling_the_child_invite_its_parents(
    client: TestClient,
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    elsewhere = nursery(client)
    body = {"name": "A Stranger", "email": "stranger@example.org", "relationship": "father"}
    answer = client.post(
        f"/v1/children/{child_id}/parents", headers=elsewhere.practitioner.headers, json=body
    )
    assert answer.status_code == 404
    bad = client.post(
        f"/v1/children/{child_id}/parents",
        headers=at.practitioner.headers,
        json={**body, "relationship": "neighbour"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "relationship"


def test_a_manager_ends_a_parents_access_and_their_sessions_end(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    parent = invite(client, at.practitioner, child_id)
    joined(client, parent)
    assert client.get("/home", follow_redirects=False).headers["location"] == "/family"
    path = f"/v1/children/{child_id}/parents/{parent.id}/access-end"
    refused = client.post(path, headers=at.practitioner.headers, json={"reason": "court order"})
    assert refused.status_code == 403
    ended = client.post(path, headers=at.manager.headers, json={"reason": "court order"})
    assert ended.status_code == 200 and ended.json()["active"] is False
    assert client.get("/home", follow_redirects=False).headers["location"].startswith("/")
    assert not services.app.child(UUID(child_id)).parent_may_see(UUID(parent.id))
    listed = client.get(f"/v1/children/{child_id}/parents", headers=at.manager.headers).json()
    assert [(p["name"], p["active"], p["signed_up"]) for p in listed["items"]] == [
        ("Maya Okafor", False, True)
    ]
