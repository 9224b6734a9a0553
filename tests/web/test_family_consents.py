"""The family's consent pages (issue 12), on SQLite and on PostgreSQL: what a parent reads and
decides about their own child's consents; never another child's, never a safeguarding matter;
and the manager asking the parents on the child's page."""

from __future__ import annotations

import re
from uuid import uuid4

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.consenting import family, given_id, parent_gives, parent_withdraws, posted
from tests.manager_pages import form, sign_in, text
from tests.people import PASSWORD
from tests.people import sign_in as signed_in_as
from tests.web import last_log_id, log_rows_since

JUSTIFICATION = "Disclosure made to the key person on Tuesday; social care informed."


def name_of(client: TestClient, org_id: str) -> str:
    answer = client.get(f"/v1/organisations/{org_id}", headers=f.OPERATOR)
    name: str = answer.json()["name"]
    return name


def test_the_page_shows_requests_current_and_past_consents_whoever_recorded_them(
    client: TestClient,
) -> None:
    fam = family(client)
    school = name_of(client, fam.school_id)
    care = f.listed_organisation(client, "childminder", name="Jo's Childminding")
    asked_for = f.listed_organisation(client, "school", name="Hill Top Primary")
    f.consent(client, fam.at.practitioner, fam.child_id, fam.school_id, evidence="form 7")
    mine = given_id(parent_gives(client, fam.child_id, care, ("voices",)))
    parent_withdraws(client, fam.child_id, mine, "Changed my mind")
    asked = client.post(
        f"/v1/children/{fam.child_id}/consent-requests",
        headers=fam.at.practitioner.headers,
        json={"recipient_id": asked_for, "purpose": "transition", "categories": ["journey"]},
    )
    assert asked.status_code == 201, asked.text

    page = client.get(fam.consents_path)
    assert page.status_code == 200
    shown = text(page.text)
    assert "Who may see Amara Okafor's record" in shown
    assert "you can withdraw your consent at any time" in shown
    asks = shown[shown.index("The setting asks") : shown.index("Consent in force")]
    assert "May Hill Top Primary receive Amara Okafor's record?" in asks
    current = shown[shown.index("Consent in force") : shown.index("Give consent to")]
    assert (
        school in current and "Grace Okafor (mother), recorded by the setting (form 7)" in current
    )
    assert "Learning journey (observations)" in current
    past = shown[shown.index("Past decisions") :]
    assert "Jo's Childminding" in past and "Withdrawn" in past
    assert "Maya Okafor (mother): you, signed in" in past
    # A recipient is chosen by name, from the directory (never an id typed in).
    choice = page.text[page.text.index('<select id="recipient_id"') :]
    assert f'<option value="{asked_for}">Hill Top Primary</option>' in choice
    assert f'<option value="{fam.at.org_id}">' not in choice  # not the child's own setting
    assert 'type="checkbox" name="categories" value="journey" checked' not in page.text


def test_the_receipt_says_who_decided_when_for_whom_what_and_how_to_withdraw(
    client: TestClient,
) -> None:
    fam = family(client)
    school = name_of(client, fam.school_id)
    answer = parent_gives(client, fam.child_id, fam.school_id, ("journey", "send"))
    consent_id = given_id(answer)
    receipt = client.get(answer.headers["location"])
    assert receipt.status_code == 200
    shown = text(receipt.text)
    assert "Your consent is recorded. This page is your receipt." in shown
    assert f"Consent receipt {school}, for Amara Okafor" in shown
    assert "Who decided Maya Okafor (mother): you" in shown
    assert "How On the web, signed in to Baton" in shown
    assert f"Who may receive it {school}" in shown
    assert "Why Moving on to school: so that the school knows Amara Okafor" in shown
    assert "Special educational needs (SEND)" in shown and "Assessments" not in shown
    assert f"Reference {consent_id}" in shown
    assert "recorded by you, signed in Given by Maya Okafor (mother) on the web" in shown
    assert "You can withdraw this consent at any time" in shown
    assert f'href="{fam.consents_path}/{consent_id}/withdrawal"' in receipt.text
    assert f'href="{fam.consents_path}/{consent_id}/receipt.json" download' in receipt.text


def test_withdrawing_asks_first_then_the_receipt_shows_it_withdrawn(client: TestClient) -> None:
    fam = family(client)
    school = name_of(client, fam.school_id)
    consent_id = given_id(parent_gives(client, fam.child_id, fam.school_id))
    confirm = client.get(f"{fam.consents_path}/{consent_id}/withdrawal")
    shown = text(confirm.text)
    assert f"Withdraw your consent for {school}?" in shown
    assert f"Anything {school} has not opened yet is taken back." in shown
    assert "Yes, withdraw my consent" in shown and "No, keep it" in shown
    assert client.get(f"{fam.consents_path}/{consent_id}/receipt.json").json()["status"] == "active"

    answer = parent_withdraws(client, fam.child_id, consent_id, "We moved away")
    receipt = text(client.get(answer.headers["location"]).text)
    assert "Your consent is withdrawn." in receipt
    assert f"Withdrawn Nothing more goes to {school} under this consent." in receipt
    said = "recorded by you, signed in Withdrawn by Maya Okafor on the web: We moved away"
    assert said in receipt
    again = text(client.get(f"{fam.consents_path}/{consent_id}/withdrawal").text)
    assert "This consent is withdrawn" in again and "Yes, withdraw" not in again
    twice = parent_withdraws(client, fam.child_id, consent_id)
    assert twice.status_code == 422 and "already withdrawn" in twice.text


def test_a_form_with_nothing_ticked_comes_back_with_what_was_chosen(client: TestClient) -> None:
    fam = family(client)
    answer = parent_gives(client, fam.child_id, fam.school_id, ())
    assert answer.status_code == 422
    assert "Please check the fields marked below." in answer.text
    assert f'<option value="{fam.school_id}" selected>' in answer.text
    path = fam.consents_path
    page = client.get(path)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    twice = {
        "csrf": csrf,
        "form_key": "one-tap",
        "recipient": fam.school_id,
        "categories": "voices",
    }
    assert client.post(path, data=twice, follow_redirects=False).status_code == 303
    assert client.post(path, data=twice, follow_redirects=False).status_code == 303
    listed = client.get(f"/v1/children/{fam.child_id}/consents", headers=fam.at.manager.headers)
    assert len(listed.json()["items"]) == 1  # a double tap records once


def test_another_childs_consents_are_not_found_and_each_refusal_is_logged(
    client: TestClient, services: Services
) -> None:
    fam = family(client)
    other = f.child(client, fam.at.practitioner, given_name="Zara", family_name="Bell")
    theirs = f.consent(client, fam.at.practitioner, other, fam.school_id, given_by="Sam Bell")
    since = last_log_id(services)
    for path in (
        f"/family/children/{other}/consents",
        f"/family/children/{other}/consents/{theirs['id']}",
        f"/family/children/{other}/consents/{theirs['id']}/receipt.json",
        f"/family/children/{other}/consents/{theirs['id']}/withdrawal",
        f"/family/children/{fam.child_id}/consents/{theirs['id']}",  # theirs, under my child
        f"/family/children/{uuid4()}/consents",
    ):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Zara" not in answer.text and "Sam Bell" not in answer.text
    mine = fam.consents_path  # her own page's form, aimed at the other child
    withdraw = f"/family/children/{other}/consents/{theirs['id']}/withdrawal"
    assert posted(client, mine, withdraw, {"reason": ""}).status_code == 404
    give = {"recipient": fam.school_id, "categories": ["journey"]}
    assert posted(client, mine, f"/family/children/{other}/consents", give).status_code == 404
    assert log_rows_since(services, since, "consent")
    with services.db.read() as cur:
        cur.execute(
            "SELECT child_id, outcome, purpose FROM access_log WHERE id > %s AND actor_id = %s"
            " AND resource = 'consent'",
            (since, fam.parent.id),
        )
        rows = [(str(r[0]), r[1], r[2]) for r in cur.fetchall()]
    assert rows.count((other, "denied", "family")) == 6  # four reads, a withdrawal, a consent
    assert [r for r in rows if r[0] == other and r[1] != "denied"] == []
    assert (
        client.get(f"/v1/children/{other}/consents", headers=fam.at.manager.headers).json()[
            "items"
        ][0]["status"]
        == "active"
    )


def test_staff_are_refused_the_family_pages(client: TestClient, services: Services) -> None:
    fam = family(client)
    consent_id = given_id(parent_gives(client, fam.child_id, fam.school_id))
    client.cookies.clear()  # the parent signs out; the manager signs in
    sign_in(client, services, fam.at.manager)
    for path in (fam.consents_path, f"{fam.consents_path}/{consent_id}"):
        answer = client.get(path)
        assert answer.status_code == 403 and "for parents and carers" in answer.text


def test_the_family_pages_never_show_a_safeguarding_packet(client: TestClient) -> None:
    fam = family(client)
    consent_id = given_id(parent_gives(client, fam.child_id, fam.school_id))
    elsewhere = f.listed_organisation(client, "school", name="Riverside Primary")
    dsl = f.staff(client, fam.at.org_id, "dsl")
    for school_id in (fam.school_id, elsewhere):
        f.staff(client, school_id, "dsl")
        f.handover(
            client, dsl, fam.child_id, school_id, kind="safeguarding", justification=JUSTIFICATION
        )
    for path in (
        fam.consents_path,
        f"{fam.consents_path}/{consent_id}",
        f"{fam.consents_path}/{consent_id}/withdrawal",
    ):
        page = client.get(path)
        assert page.status_code == 200
        assert "Riverside Primary" not in page.text.replace(
            f'<option value="{elsewhere}">Riverside Primary</option>', ""
        )  # offered as a school to choose, never as one that received anything
        assert JUSTIFICATION not in page.text and "social care" not in page.text
        assert "packet" not in page.text.lower()
    receipt = client.get(f"{fam.consents_path}/{consent_id}/receipt.json").text
    assert "safeguarding" not in receipt.lower() and "Riverside" not in receipt


def test_a_manager_asks_the_parents_on_the_childs_page_and_sees_the_answer(
    client: TestClient, services: Services
) -> None:
    fam = family(client)
    school = name_of(client, fam.school_id)
    client.cookies.clear()  # the parent signs out; the manager signs in
    csrf = sign_in(client, services, fam.at.manager)
    manage = f"/children/{fam.child_id}/manage"
    page = client.get(manage)
    assert "Ask the parents" in page.text
    ask_form = page.text[page.text.index('<select id="ask-recipient"') :]
    assert f'<option value="{fam.school_id}">{school}</option>' in ask_form
    asked = client.post(
        f"/children/{fam.child_id}/consent-requests",
        data=form(csrf, recipient=fam.school_id, purpose="transition", categories=["journey"]),
    )
    shown = text(asked.text)
    assert "The parents are asked." in shown and "Waiting for an answer" in shown
    again = client.post(
        f"/children/{fam.child_id}/consent-requests",
        data=form(csrf, recipient=fam.school_id, purpose="transition", categories=["journey"]),
    )
    assert again.status_code == 422 and "already asked" in again.text

    parent_client_view = f"/family/children/{fam.child_id}/consent-requests"
    request_id = re.findall(r"/consent-requests/([0-9a-f-]{36})/cancellation", asked.text)[0]
    client.cookies.clear()
    signed_in_as(client, fam.parent.email, PASSWORD, next="/home")
    request_page = text(client.get(f"{parent_client_view}/{request_id}").text)
    assert f"May {school} receive Amara Okafor's record?" in request_page
    assert "saying no changes nothing" in request_page
    answer = posted(
        client,
        f"{parent_client_view}/{request_id}",
        fam.consents_path,
        {
            "request_id": request_id,
            "recipient": fam.school_id,
            "purpose": "transition",
            "categories": ["journey"],
        },
    )
    given_id(answer)
    client.cookies.clear()
    sign_in(client, services, fam.at.manager)
    after = text(client.get(manage).text)
    assert "Given" in after and "On the web, signed in" in after and "Waiting" not in after
    closed = text(client.get(f"{parent_client_view}/{request_id}").text)
    assert "for parents and carers" in closed  # staff never reach the family's page


def test_a_parent_chooses_a_health_visiting_team_or_a_family_hub_in_plain_words(
    client: TestClient,
) -> None:
    fam = family(client)
    team = f.listed_organisation(client, "health_visiting", name="Riverside Health Visitors")
    hub = f.listed_organisation(client, "family_hub", name="Riverside Family Hub")

    html = client.get(fam.consents_path).text
    for group, name in (
        ("Health visiting teams", "Riverside Health Visitors"),
        ("Family hubs", "Riverside Family Hub"),
    ):
        offered = html[html.index(f'<optgroup label="{group}">') :]
        assert name in offered[: offered.index("</optgroup>")]
    offered = text(html)[text(html).index("Who may receive it") :]
    assert "a health visiting team, for the review at two" in offered
    assert "The progress check at two the progress check at two alone" in offered

    to_team = given_id(parent_gives(client, fam.child_id, team, ("progress_check",)))
    to_hub = given_id(parent_gives(client, fam.child_id, hub, ("voices",)))

    listed = client.get(f"/v1/children/{fam.child_id}/consents", headers=fam.at.manager.headers)
    purposes = {c["id"]: (c["purpose"], c["categories"]) for c in listed.json()["items"]}
    assert purposes[to_team] == ("integrated_review", ["progress_check"])
    assert purposes[to_hub] == ("team_around_the_child", ["voices"])
    current = text(client.get(fam.consents_path).text)
    assert "The health visitor's review at two" in current
    assert "Working with other professionals around the child" in current
