"""A child's parents and carers, as the child's setting sees them on the web: who follows the
child, inviting one (the link shown once, with what to do with it), a new sign-in link, and
ending one's access, which only a manager may do, after a page that asks first."""

from __future__ import annotations

import re
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories
from tests.journeys import Nursery, nursery
from tests.parents import invite, joined, signed_out
from tests.people import csrf_of
from tests.web import last_log_id, log_rows_since, web_session


def link_on(html: str) -> str:
    """The sign-in link a page shows, as a path."""
    found = re.search(r"https?://[^<\s]+(/invitations/pv_[^<\s]+)</textarea>", html)
    assert found, "the page shows no sign-in link"
    return found.group(1)


def a_child_with_a_parent(client: TestClient) -> tuple[Nursery, str, str]:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    return at, child_id, invite(client, at.practitioner, child_id).id


def test_the_childs_page_leads_to_its_parents_and_says_where_each_stands(
    client: TestClient, services: Services
) -> None:
    at, child_id, parent_id = a_child_with_a_parent(client)
    services.app.decide_group_photos(UUID(child_id), UUID(parent_id), False)
    web_session(client, services, at.org_id, at.practitioner.id)
    child_page = client.get(f"/children/{child_id}").text
    assert f'href="/children/{child_id}/parents">Parents and carers</a>' in child_page

    page = client.get(f"/children/{child_id}/parents")

    assert page.status_code == 200, page.text
    card = page.text[page.text.index("Maya Okafor") :]
    for shown in ("Mother", "Not yet: they have not used their link", "Active", "Not agreed"):
        assert shown in card, shown
    assert "Send a new sign-in link" in card
    assert "/invitations/" not in page.text  # a link is shown once, when it is made
    elsewhere = nursery(client)
    web_session(client, services, elsewhere.org_id, elsewhere.manager.id)
    assert client.get(f"/children/{child_id}/parents").status_code == 404


def test_a_parent_invited_from_the_page_gets_a_link_shown_once_that_works(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    web_session(client, services, at.org_id, at.practitioner.id)
    form = client.get(f"/children/{child_id}/parents").text
    assert "Invite a parent or carer" in form and ">Foster carer</option>" in form
    fields = {
        "csrf": csrf_of(form),
        "form_key": "invite-1",
        "name": "Sam Cole",
        "email": "sam.cole@example.org",
        "relationship": "father",
    }

    answer = client.post(f"/children/{child_id}/parents", data=fields)

    assert answer.status_code == 200, answer.text
    assert "Sam Cole is invited" in answer.text and "It is shown only now" in answer.text
    assert "works once, for 7 days" in answer.text and "sam.cole@example.org" in answer.text
    path = link_on(answer.text)
    again = client.post(f"/children/{child_id}/parents", data=fields, follow_redirects=False)
    assert again.status_code == 303  # a double tap: invited once, and the link not shown again
    listed = client.get(f"/children/{child_id}/parents").text
    assert "Sam Cole" in listed and "Father" in listed and "/invitations/" not in listed
    assert len(services.app.child(UUID(child_id)).parents) == 1
    client.cookies.clear()
    assert "Welcome, Sam Cole" in client.get(path).text


def test_an_invitation_with_a_mistake_comes_back_with_what_was_typed(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    csrf = web_session(client, services, at.org_id, at.practitioner.id)
    fields = {"csrf": csrf, "form_key": "k1", "name": "Sam Cole", "email": "not an address"}

    answer = client.post(f"/children/{child_id}/parents", data={**fields, "relationship": ""})

    assert answer.status_code == 422
    assert 'value="Sam Cole"' in answer.text and 'value="not an address"' in answer.text
    assert 'id="email-error"' in answer.text
    assert "Choose their relationship to the child" in answer.text
    assert "Write their email address, such as name@example.org" in answer.text
    assert not services.app.child(UUID(child_id)).parents


def test_a_new_sign_in_link_replaces_the_first(client: TestClient, services: Services) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    first = invite(client, at.practitioner, child_id)
    web_session(client, services, at.org_id, at.practitioner.id)
    page = client.get(f"/children/{child_id}/parents").text
    fields = {"csrf": csrf_of(page), "form_key": "new-link"}

    answer = client.post(f"/children/{child_id}/parents/{first.id}/invitation", data=fields)

    assert answer.status_code == 200, answer.text
    assert "A new sign-in link for Maya Okafor" in answer.text
    path = link_on(answer.text)
    client.cookies.clear()
    assert client.get(first.path).status_code == 410
    assert "Welcome, Maya Okafor" in client.get(path).text


def test_only_a_manager_ends_a_parents_access_after_being_asked(
    client: TestClient, services: Services
) -> None:
    at, child_id, parent_id = a_child_with_a_parent(client)
    ending = f"/children/{child_id}/parents/{parent_id}/access-end"
    csrf = web_session(client, services, at.org_id, at.practitioner.id)
    assert "End access" not in client.get(f"/children/{child_id}/parents").text
    before = last_log_id(services)
    assert client.get(ending).status_code == 403
    refused = client.post(ending, data={"csrf": csrf, "form_key": "p1", "reason": "court order"})
    assert refused.status_code == 403 and "Not allowed" in refused.text
    assert len(log_rows_since(services, before, "parents")) == 2
    assert services.app.child(UUID(child_id)).parent_may_see(UUID(parent_id))

    csrf = web_session(client, services, at.org_id, at.manager.id)
    listed = client.get(f"/children/{child_id}/parents").text
    assert f'href="{ending}">End access' in listed
    check = client.get(ending).text
    assert "End Maya Okafor's access to Amara Okafor?" in check
    ended = client.post(ending, data={"csrf": csrf, "form_key": "m1", "reason": "court order"})

    assert ended.status_code == 200, ended.text  # followed to the list
    assert "Their access is ended" in ended.text
    card = ended.text[ended.text.index("Maya Okafor") :]
    assert "Ended" in card and "End access" not in card and "Send a new sign-in link" not in card
    assert not services.app.child(UUID(child_id)).parent_may_see(UUID(parent_id))


def test_a_parent_who_signed_up_is_shown_so(client: TestClient, services: Services) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    parent = invite(client, at.practitioner, child_id)
    joined(client, parent)
    signed_out(client)
    web_session(client, services, at.org_id, at.practitioner.id)
    page = client.get(f"/children/{child_id}/parents").text
    assert "Yes, they chose a password" in page and "No answer yet" in page
