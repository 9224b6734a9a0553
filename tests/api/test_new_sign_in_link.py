"""A new sign-in link for a member of staff who forgot their password or let the first link
lapse: a manager's only, logged either way; the old link and password stop working, their
sessions end, and two-step sign-in still asks for its code.

Every test runs on embedded SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pyotp
from fastapi.testclient import TestClient

from api.services import Services
from api.web.session import COOKIE
from tests import factories as f
from tests.api.problems import assert_problem
from tests.api.test_audit_api import settle
from tests.api.test_staff import audit_of, deactivate
from tests.manager_pages import refused
from tests.people import PASSWORD, Invited, choose, csrf_of, invited, sign_in
from tests.web import web_session

NEW_PASSWORD = "a different long passphrase"


def new_link(client: TestClient, by: dict[str, str], org: str, staff_id: str) -> Any:
    return client.post(f"/v1/organisations/{org}/staff/{staff_id}/invitation", headers=by)


def relinked(client: TestClient, person: Invited) -> Invited:
    """The person with a new sign-in link from their manager."""
    manager = f._managers[person.org_id]
    answer = new_link(client, manager.headers, person.org_id, person.staff_id)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"id", "invitation_url"} and body["id"] == person.staff_id
    path = "/invitations/" + body["invitation_url"].rsplit("/invitations/", 1)[1]
    return Invited(person.org_id, person.staff_id, person.email, path, person.token)


def test_a_manager_gets_a_new_link_and_the_unused_one_stops_working(client: TestClient) -> None:
    person = invited(client)
    fresh = relinked(client, person)
    assert fresh.path != person.path
    old = client.get(person.path)
    assert old.status_code == 410 and "not known" in old.text
    choose(client, fresh)
    assert sign_in(client, person.email, PASSWORD).status_code == 303


def test_a_new_link_replaces_the_password_and_ends_every_session_of_theirs(
    client: TestClient, services: Services
) -> None:
    person = invited(client)
    choose(client, person)
    web_session(client, services, person.org_id, person.staff_id)  # signed in somewhere
    assert client.get("/account", follow_redirects=False).status_code == 200
    fresh = relinked(client, person)
    assert client.get("/account", follow_redirects=False).status_code == 200  # not yet
    other_session = client.cookies.get(COOKIE)
    client.cookies.delete(COOKIE)
    page = client.get(fresh.path)
    assert "replaces your old one" in page.text
    choose(client, fresh, NEW_PASSWORD)
    client.cookies.set(COOKIE, other_session or "")
    assert client.get("/account", follow_redirects=False).status_code == 303  # signed out
    client.cookies.delete(COOKIE)
    assert sign_in(client, person.email, PASSWORD).status_code == 401
    assert sign_in(client, person.email, NEW_PASSWORD).status_code == 303
    assert client.get(fresh.path).status_code == 410  # used once


def test_only_a_manager_of_the_organisation_sends_a_new_link_and_refusals_are_logged(
    client: TestClient, services: Services
) -> None:
    person = invited(client)
    org = person.org_id
    practitioner = f.staff(client, org, "practitioner")
    dsl = f.staff(client, org, "dsl")
    other_manager = f.staff(client, f.organisation(client), "manager")
    assert_problem(new_link(client, practitioner.headers, org, person.staff_id), 403)
    assert_problem(new_link(client, other_manager.headers, org, person.staff_id), 403)
    manager = f._managers[org]
    assert_problem(new_link(client, manager.headers, org, other_manager.id), 404)
    assert client.get(person.path).status_code == 200  # refusals changed nothing
    for who in (practitioner, other_manager, manager):
        assert refused(services, who) == ["staff-invitation"]
    settle(services)
    seen = [e for e in audit_of(client, dsl, "denied") if e["resource"] == "staff-invitation"]
    assert {e["actor_id"] for e in seen} == {practitioner.id, manager.id}  # their own staff's


def test_another_organisations_manager_gets_not_found_for_a_member_of_their_own_org_id(
    client: TestClient, services: Services
) -> None:
    """Asked under their own organisation for someone else's member: 404, logged."""
    person = invited(client)
    other_org = f.organisation(client)
    other_manager = f.staff(client, other_org, "manager")
    assert_problem(new_link(client, other_manager.headers, other_org, person.staff_id), 404)
    assert refused(services, other_manager) == ["staff-invitation"]


def test_a_deactivated_member_gets_no_new_link_and_the_write_is_idempotent(
    client: TestClient,
) -> None:
    person = invited(client)
    manager = f._managers[person.org_id]
    keyed = {**manager.headers, "Idempotency-Key": "new-link-1"}
    first = new_link(client, keyed, person.org_id, person.staff_id)
    again = new_link(client, keyed, person.org_id, person.staff_id)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()  # one link, answered twice
    assert deactivate(client, manager.headers, person.org_id, person.staff_id).status_code == 200
    assert_problem(new_link(client, manager.headers, person.org_id, person.staff_id), 409)


def test_a_new_link_does_not_skip_two_step_sign_in(client: TestClient, services: Services) -> None:
    person = invited(client)
    choose(client, person)
    services.app.set_totp(UUID(person.org_id), UUID(person.staff_id), pyotp.random_base32())
    fresh = relinked(client, person)
    page = client.get(fresh.path)
    form = {"csrf": csrf_of(page.text), "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    answer = client.post(fresh.path, data=form, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in/code"
    assert client.get("/account", follow_redirects=False).status_code == 303  # not signed in
