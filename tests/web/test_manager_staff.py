"""A manager's staff pages: adding someone shows their invitation link once, roles change,
tokens are reissued, a new sign-in link is sent, members are deactivated; no one else gets
in."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.manager_pages import form, refused, sign_in, signed_in_manager, text
from tests.people import invited


def test_adding_a_member_shows_their_invitation_link_once_and_the_token_only_when_asked(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    answer = client.post(
        "/staff/new",
        data=form(s.csrf, name="Priya Shah", email="priya@example.org", roles=["practitioner"]),
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert "/invitations/" in answer.text and "single-use" not in answer.text.lower()
    assert "works once, for 7 days" in text(answer.text)
    assert "<details" in answer.text  # the token sits behind "Show their API token"
    listed = text(client.get("/staff").text)
    assert "Priya Shah" in listed and "priya@example.org" in listed and "Practitioner" in listed
    assert "/invitations/" not in client.get("/staff").text


def test_a_mistake_in_the_form_comes_back_with_what_was_typed(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    answer = client.post("/staff/new", data=form(s.csrf, name="Priya Shah", email="not-an-email"))
    assert answer.status_code == 422
    assert 'value="Priya Shah"' in answer.text and 'aria-invalid="true"' in answer.text
    assert 'id="roles-error"' in answer.text  # no role chosen


def test_roles_change_a_token_is_reissued_and_a_member_is_deactivated(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    member = f.staff(client, s.org_id, "practitioner")
    page = client.post(
        f"/staff/{member.id}/roles", data=form(s.csrf, roles=["practitioner", "dsl"])
    )
    assert page.status_code == 200 and "Their roles are changed." in page.text
    assert "Designated safeguarding lead" in text(client.get("/staff").text)

    issued = client.post(f"/staff/{member.id}/token", data=form(s.csrf))
    assert issued.status_code == 200 and issued.headers["cache-control"] == "no-store"
    old = client.get(f"/v1/organisations/{s.org_id}", headers=member.headers)
    assert old.status_code == 401  # the token they had stops working at once

    check = client.get(f"/staff/{member.id}/deactivation")
    assert "Yes, deactivate" in check.text
    done = client.post(f"/staff/{member.id}/deactivation", data=form(s.csrf))
    assert "They are deactivated" in done.text
    assert "Deactivated" in text(client.get("/staff").text)


def test_a_practitioner_is_refused_the_staff_pages_and_it_is_logged(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    practitioner = f.staff(client, s.org_id, "practitioner")
    sign_in(client, services, practitioner)
    assert client.get("/staff").status_code == 403
    assert client.get("/staff/new").status_code == 403
    assert refused(services, practitioner) == ["staff", "staff"]


def test_another_settings_manager_gets_not_found_for_this_settings_staff_and_it_is_logged(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    member = f.staff(client, s.org_id, "practitioner")
    other = signed_in_manager(client, services)
    assert client.get(f"/staff/{member.id}").status_code == 404
    answer = client.post(f"/staff/{member.id}/deactivation", data=form(other.csrf))
    assert answer.status_code == 404 and "Not found" in answer.text
    assert refused(services, other.manager) == ["staff", "staff"]
    assert client.get(f"/v1/organisations/{s.org_id}/staff", headers=s.manager.headers).json()[
        "items"
    ][1]["active"]


def test_a_new_sign_in_link_is_shown_once_and_the_earlier_link_stops_working(
    client: TestClient, services: Services
) -> None:
    person = invited(client)
    manager = f._managers[person.org_id]
    csrf = sign_in(client, services, manager)
    assert "Send a new sign-in link" in client.get(f"/staff/{person.staff_id}").text
    sent = form(csrf)
    answer = client.post(f"/staff/{person.staff_id}/invitation", data=sent)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    words = text(answer.text)
    assert "A new sign-in link for Rosa Diaz" in words and "works once, for 7 days" in words
    fresh = re.search(r"(/invitations/[^<\s]+)", answer.text)
    assert fresh is not None and fresh.group(1) != person.path
    twice = client.post(f"/staff/{person.staff_id}/invitation", data=sent, follow_redirects=False)
    assert twice.status_code == 303  # a double tap: one link, shown once
    assert client.get(person.path).status_code == 410
    assert client.get(fresh.group(1)).status_code == 200
    assert "/invitations/" not in client.get(f"/staff/{person.staff_id}").text


def test_a_practitioner_cannot_send_a_new_sign_in_link_and_it_is_logged(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    member = f.staff(client, s.org_id, "practitioner")
    practitioner = f.staff(client, s.org_id, "practitioner")
    csrf = sign_in(client, services, practitioner)
    answer = client.post(f"/staff/{member.id}/invitation", data=form(csrf))
    assert answer.status_code == 403 and "/invitations/" not in answer.text
    assert refused(services, practitioner) == ["staff-invitation"]
    other = signed_in_manager(client, services)
    answer = client.post(f"/staff/{member.id}/invitation", data=form(other.csrf))
    assert answer.status_code == 404
    assert refused(services, other.manager) == ["staff-invitation"]
