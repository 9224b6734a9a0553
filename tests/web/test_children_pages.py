"""The practitioner's children: their key children, the setting's list, a child's journey; and
who is refused (with the refusal in the access log)."""

from __future__ import annotations

import re
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from domain.access_log.entry import Outcome
from tests import factories, journeys
from tests.web import web_session


def denied(services: Services, child_id: str, actor_id: str) -> list[str]:
    """The resources ``actor_id`` was refused about the child, from the access log."""
    return [
        e.resource
        for e in services.access_log.for_child(UUID(child_id))
        if e.outcome is Outcome.DENIED and str(e.actor_id) == actor_id
    ]


def test_my_key_children_come_first_then_the_settings_children(
    client: TestClient, services: Services
) -> None:
    at = journeys.nursery(client)
    mine = journeys.key_child(client, at, given_name="Zara", family_name="Ali")
    factories.child(client, at.manager, given_name="Ben", family_name="Cole")
    factories.observation(client, at.practitioner, mine, area="PSED")
    web_session(client, services, at.org_id, at.practitioner.id)

    page = client.get("/children")

    assert page.status_code == 200
    html = page.text
    assert html.index("My key children") < html.index("Zara Ali") < html.index("All children")
    listed = html[html.index("All children") :]
    assert listed.index("Ben Cole") < listed.index("Zara Ali")  # by name
    assert f'href="/children/{mine}"' in listed
    assert re.search(r"<td data-label=\"Age\">[23] years? \d+ months?</td>", listed)
    assert "No consent yet" in listed
    # Zara has a PSED observation; Ben has none in any area
    zara_row = listed[listed.index("Zara Ali") :]
    assert 'title="Personal, social and emotional development"' not in zara_row.split("</tr>")[0]


def test_a_search_by_name_is_posted_and_finds_only_those_children(
    client: TestClient, services: Services
) -> None:
    at = journeys.nursery(client)
    factories.child(client, at.practitioner, given_name="Priya", family_name="Shah")
    factories.child(client, at.practitioner, given_name="Oliver", family_name="Smith")
    csrf = web_session(client, services, at.org_id, at.practitioner.id)

    found = client.post("/children", data={"csrf": csrf, "name": "priya"})

    assert found.status_code == 200
    listed = found.text[found.text.index("All children") :]
    assert "Priya Shah" in listed and "Oliver Smith" not in listed
    assert client.post("/children", data={"name": "priya"}).status_code == 403  # no CSRF token


def test_a_setting_with_more_children_than_a_page_pages_them(
    client: TestClient, services: Services, monkeypatch: object
) -> None:
    from api.web import children as pages

    at = journeys.nursery(client)
    for name in ("Ava", "Bea", "Cal"):
        factories.child(client, at.practitioner, given_name=name, family_name="Test")
    web_session(client, services, at.org_id, at.practitioner.id)
    setattr(pages, "PAGE", 2)  # noqa: B010
    try:
        first = client.get("/children")
        assert "Ava Test" in first.text and "Cal Test" not in first.text
        more = first.text.split('href="/children?cursor=')[1].split('"')[0]
        second = client.get(f"/children?cursor={more}")
    finally:
        setattr(pages, "PAGE", 50)  # noqa: B010
    assert "Cal Test" in second.text and "Ava Test" not in second.text


def test_the_childs_page_shows_the_journey_newest_first(
    client: TestClient, services: Services
) -> None:
    at = journeys.nursery(client)
    child_id = journeys.key_child(client, at)
    made = journeys.journey(client, at.practitioner, child_id)
    web_session(client, services, at.org_id, at.practitioner.id)

    html = client.get(f"/children/{child_id}").text

    assert "<h1>Amara Okafor</h1>" in html
    order = [
        html.index("Transition summary"),
        html.index("Parent&#39;s voice"),
        html.index("All about me (the child"),
        html.index("Observation: Communication and language"),
    ]
    assert order == sorted(order)
    assert "Listening, attention and understanding" in html and "COM_E01" in html
    assert "Speaking" in html and "Playing and exploring" in html
    assert "Exceeding" in html  # the summary's judgement of CL
    assert f"/children/{child_id}/observations/{made['observation']['id']}/correction" in html
    assert "/manage" not in html and "/access" not in html  # a practitioner's page only


def test_corrections_and_withdrawals_show_on_the_entry(
    client: TestClient, services: Services
) -> None:
    at = journeys.nursery(client)
    child_id = journeys.key_child(client, at)
    made = journeys.journey(client, at.practitioner, child_id)
    base = f"/v1/children/{child_id}/observations/{made['observation']['id']}"
    journeys.post(
        client,
        at.practitioner,
        f"{base}/corrections",
        {"text": "Told Jo a story.", "reason": "typo"},
    )
    voice = f"/v1/children/{child_id}/voices/{made['child_voice']['id']}/withdrawal"
    journeys.post(client, at.practitioner, voice, {"reason": "wrong child"})
    web_session(client, services, at.org_id, at.practitioner.id)

    html = client.get(f"/children/{child_id}").text

    assert "Told Jo a story." in html and "Text as first recorded" in html
    assert "Corrected on" in html and ": typo" in html
    assert "Withdrawn</span>" in html and "wrong child" in html
    assert f"voices/{made['child_voice']['id']}/withdrawal" not in html  # withdrawn: no actions


def test_managers_and_dsls_see_links_to_their_pages_about_the_child(
    client: TestClient, services: Services
) -> None:
    at = journeys.nursery(client)
    child_id = journeys.key_child(client, at)
    dsl = factories.staff(client, at.org_id, "dsl")

    web_session(client, services, at.org_id, at.manager.id)
    as_manager = client.get(f"/children/{child_id}").text
    web_session(client, services, at.org_id, dsl.id)
    as_dsl = client.get(f"/children/{child_id}").text

    assert "Enrolment, consent and records" in as_manager and "Access history" not in as_manager
    assert "Access history" in as_dsl and f"/children/{child_id}/access" in as_dsl
    assert "Enrolment, consent and records" not in as_dsl


def test_another_settings_practitioner_finds_no_such_child_and_it_is_logged(
    client: TestClient, services: Services
) -> None:
    at = journeys.nursery(client)
    child_id = journeys.key_child(client, at)
    elsewhere = journeys.nursery(client)
    web_session(client, services, elsewhere.org_id, elsewhere.practitioner.id)

    page = client.get(f"/children/{child_id}")

    assert page.status_code == 404
    assert "Not found" in page.text and "Amara" not in page.text
    assert denied(services, child_id, elsewhere.practitioner.id) == ["child"]


def test_a_teacher_sees_only_the_reception_class_and_no_other_childs_page(
    client: TestClient, services: Services
) -> None:
    at = journeys.nursery(client)
    child_id = journeys.key_child(client, at)
    school_id, teacher = factories.school_with_teacher(client)
    web_session(client, services, school_id, teacher.id)

    reception = client.get("/children")  # the school's own class: no one taken on yet
    assert reception.status_code == 200 and "Amara" not in reception.text
    page = client.get(f"/children/{child_id}")

    assert page.status_code == 404 and "Amara" not in page.text
    assert denied(services, child_id, teacher.id) == ["child"]
    with services.db.read() as cur:
        cur.execute(
            "SELECT resource FROM access_log WHERE actor_id = %s AND outcome = 'denied'",
            (teacher.id,),
        )
        assert sorted(row[0] for row in cur.fetchall()) == ["child"]


def test_a_practitioner_whose_child_left_cannot_open_the_journey(
    client: TestClient, services: Services
) -> None:
    at = journeys.nursery(client)
    child_id = journeys.key_child(client, at)
    journeys.leaves(client, at, child_id)
    web_session(client, services, at.org_id, at.practitioner.id)

    assert client.get(f"/children/{child_id}").status_code == 403
    assert "Amara" not in client.get("/children").text
