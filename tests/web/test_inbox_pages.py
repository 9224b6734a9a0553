"""The reception teacher's pages: the inbox by child and sending setting, opening a packet,
acknowledging it; and who is refused (another school, a safeguarding file, a withdrawn packet),
with every refusal in the access log. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from api.web import inbox
from tests import factories as f
from tests import teacher_world as tw
from tests.web import web_session


def entries(services: Services, child_id: str, actor: f.Staff, outcome: str) -> list[str]:
    return [
        e.resource
        for e in services.access_log.for_child(UUID(child_id))
        if e.outcome.value == outcome and str(e.actor_id) == actor.id
    ]


def status_of(client: TestClient, by: f.Staff, packet_id: str) -> str:
    answer = client.get(f"/v1/handovers/{packet_id}", headers=by.headers)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["status"])


def second_packet(client: TestClient, first: tw.Handed, given_name: str) -> dict[str, object]:
    """Another child of the same nursery, sent to the same school (newer than ``first``)."""
    child_id = f.child(client, first.practitioner, given_name=given_name, family_name="Hussain")
    f.consent(client, first.practitioner, child_id, first.school_id, categories=["journey"])
    return f.handover(client, first.practitioner, child_id, first.school_id)


def listed_names(html: str) -> list[str]:
    return re.findall(r'<a href="/packets/[0-9a-f-]+">([^<]+)</a>', html)


def test_the_inbox_lists_each_packet_by_child_and_setting_newest_first(
    client: TestClient, services: Services
) -> None:
    first = tw.handed_over(client)
    newer = second_packet(client, first, "Zainab")
    web_session(client, services, first.school_id, first.teacher.id)

    page = client.get("/inbox", params={"after": newer["position"]})
    assert page.status_code == 200, page.text
    assert listed_names(page.text) == ["Zainab Hussain", "Amara Okafor"]
    assert "Little Acorns Nursery" in page.text
    assert page.text.count(">New</span>") == 2
    assert set(entries(services, first.child_id, first.teacher, "allowed")) == {"school-inbox"}


def test_finding_a_child_by_name_is_posted_so_the_name_stays_out_of_the_address(
    client: TestClient, services: Services
) -> None:
    first = tw.handed_over(client)
    newer = second_packet(client, first, "Zainab")
    csrf = web_session(client, services, first.school_id, first.teacher.id)
    client.get("/inbox", params={"after": newer["position"]})

    found = client.post("/inbox", data={"csrf": csrf, "name": "  zAIN "})
    assert found.status_code == 200, found.text
    assert listed_names(found.text) == ["Zainab Hussain"]
    assert "1 packet for a child whose name contains" in found.text
    nobody = client.post("/inbox", data={"csrf": csrf, "name": "Nobody"})
    assert listed_names(nobody.text) == []
    assert "No packet for a child with that name" in nobody.text
    assert client.post("/inbox", data={"name": "zain"}).status_code == 403  # no CSRF token


def test_the_inbox_pages_back_through_older_packets_with_and_without_a_name(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbox, "PAGE", 2)
    first = tw.handed_over(client, observations=1)
    second_packet(client, first, "Zainab")
    last = second_packet(client, first, "Zara")
    csrf = web_session(client, services, first.school_id, first.teacher.id)

    page = client.get("/inbox", params={"after": last["position"]})
    assert listed_names(page.text) == ["Zara Hussain", "Zainab Hussain"]
    older = re.search(r'href="(/inbox\?cursor=[^"]+)"', page.text)
    assert older, "a link to older packets"
    assert listed_names(client.get(older.group(1).replace("&amp;", "&")).text) == ["Amara Okafor"]

    found = client.post("/inbox", data={"csrf": csrf, "name": "a"})
    assert listed_names(found.text) == ["Zara Hussain", "Zainab Hussain"]
    cursor = re.search(r'name="cursor" value="([^"]+)"', found.text)
    assert cursor, "a button to look further back"
    further = client.post("/inbox", data={"csrf": csrf, "name": "a", "cursor": cursor.group(1)})
    assert listed_names(further.text) == ["Amara Okafor"]


def test_opening_a_packet_shows_what_it_holds_and_marks_it_opened(
    client: TestClient, services: Services
) -> None:
    h = tw.handed_over(client)
    web_session(client, services, h.school_id, h.teacher.id)
    assert status_of(client, h.teacher, h.packet_id) == "delivered"

    page = client.get(f"/packets/{h.packet_id}")
    assert page.status_code == 200, page.text
    html = page.text
    assert "<h1>Amara Okafor</h1>" in html
    for shown in (
        "Transition packet from Little Acorns Nursery",
        "Jo Baker",  # the key person
        "Amara is sociable and curious",  # the key person's summary
        "I like the big slide and my cat Pip.",
        "She loves bedtime stories",
        "Observation 8: waited for a turn",
        "Exceeding",  # CL, in the table of areas
        "Progress check at two",
        f'href="/packets/{h.packet_id}/summary"',
        f'href="/packets/{h.packet_id}/summary.pdf"',
        ">Acknowledge</button>",
    ):
        assert shown in html, shown
    consented = re.search(r"<dt>Shared with consent</dt><dd>([^<]*)</dd>", html)
    assert consented is not None  # the consent's categories, in words
    assert "learning journey" in consented.group(1) and "SEND status" in consented.group(1)
    assert html.index("Personal, social and emotional development") < html.index(
        "Physical development"
    )
    assert status_of(client, h.teacher, h.packet_id) == "opened"
    assert "handover-contents" in entries(services, h.child_id, h.teacher, "allowed")


def test_acknowledging_tells_the_sender_once_and_shows_who_and_when(
    client: TestClient, services: Services
) -> None:
    h = tw.handed_over(client, observations=1)
    csrf = web_session(client, services, h.school_id, h.teacher.id)
    client.get(f"/packets/{h.packet_id}")
    form = {"csrf": csrf, "form_key": "ack-1"}
    path = f"/packets/{h.packet_id}/acknowledgement"

    assert client.post(path, data={"form_key": "ack-0"}).status_code == 403  # no CSRF token
    assert status_of(client, h.practitioner, h.packet_id) == "opened"
    done = client.post(path, data=form, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"].startswith(f"/packets/{h.packet_id}?acknowledged=1&after=")
    shown = client.get(done.headers["location"]).text
    assert "can now see that the packet arrived" in shown
    assert re.search(r"Acknowledged</span> on \d+ \w+ \d{4} by Staff \d+", shown)
    assert ">Acknowledge</button>" not in shown
    assert status_of(client, h.practitioner, h.packet_id) == "acknowledged"

    again = client.post(path, data=form, follow_redirects=False)  # a double tap
    assert again.status_code == 303
    later = client.post(path, data={"csrf": csrf, "form_key": "ack-2"})
    assert later.status_code == 200
    assert "already acknowledged" in later.text


def test_another_schools_teacher_finds_no_such_packet_and_is_logged(
    client: TestClient, services: Services
) -> None:
    h = tw.handed_over(client, observations=1)
    other_school, stranger = f.school_with_teacher(client)
    csrf = web_session(client, services, other_school, stranger.id)

    page = client.get(f"/packets/{h.packet_id}")
    assert page.status_code == 404
    assert "<h1>Not found</h1>" in page.text
    ack = client.post(f"/packets/{h.packet_id}/acknowledgement", data={"csrf": csrf})
    assert ack.status_code == 404
    assert client.get(f"/packets/{h.packet_id}/summary.pdf").status_code == 404
    assert entries(services, h.child_id, stranger, "denied") == [
        "handover-contents",
        "handover-acknowledgement",
        "handover-summary",
    ]
    assert status_of(client, h.teacher, h.packet_id) == "delivered"


def test_a_packet_the_setting_withdrew_says_so_and_shows_nothing(
    client: TestClient, services: Services
) -> None:
    h = tw.handed_over(client, observations=1)
    revoked = client.post(
        f"/v1/handovers/{h.packet_id}/revocation",
        headers=h.practitioner.headers,
        json={"reason": "sent to the wrong school"},
    )
    assert revoked.status_code == 200, revoked.text
    web_session(client, services, h.school_id, h.teacher.id)

    page = client.get(f"/packets/{h.packet_id}")
    assert page.status_code == 410
    assert "no longer available" in page.text
    assert "sent to the wrong school" in page.text
    assert "Observation 1" not in page.text


def test_a_safeguarding_file_is_for_the_dsl_and_a_teacher_is_refused_and_logged(
    client: TestClient, services: Services
) -> None:
    h = tw.handed_over(client, observations=1)
    packet, school_dsl = tw.safeguarding_file(client, h)
    web_session(client, services, h.school_id, h.teacher.id)
    refused = client.get(f"/packets/{packet['id']}")
    assert refused.status_code == 403
    assert "designated safeguarding leads only" in refused.text
    assert entries(services, h.child_id, h.teacher, "denied") == ["handover-contents"]

    web_session(client, services, h.school_id, school_dsl.id)
    page = client.get(f"/packets/{packet['id']}")
    assert page.status_code == 200, page.text
    assert "Safeguarding file from Little Acorns Nursery" in page.text
    assert tw.JUSTIFICATION.replace("'", "&#39;") in page.text
    assert "Please call me before the first day." in page.text


def test_the_inbox_needs_signing_in_and_is_for_those_the_api_lets_read_it(
    client: TestClient, services: Services
) -> None:
    gone = client.get("/inbox", follow_redirects=False)
    assert gone.status_code == 303
    assert gone.headers["location"] == "/?next=/inbox"

    h = tw.handed_over(client, observations=1)
    web_session(client, services, h.practitioner.org_id, h.practitioner.id)
    refused = client.get("/inbox")
    assert refused.status_code == 403
    assert "an early-years setting has no inbox" in refused.text
