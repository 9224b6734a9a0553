"""The safeguarding lead's pages: a child's access history with names, holds, alerts, finding a
child, the signed checkpoint, break-glass and the safeguarding channel; and who is refused.

Every test runs on embedded SQLite and on PostgreSQL (the ``client`` fixture).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from projections.store import audit_log
from tests import factories as f
from tests.api.test_audit_api import JUSTIFICATION, World, settle, world
from tests.web import web_session

FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def signed_in(client: TestClient, services: Services, who: f.Staff) -> str:
    return web_session(client, services, who.org_id, who.id)


def refusals(services: Services, who: f.Staff) -> list[tuple[str, str]]:
    """(resource, outcome) of ``who``'s refused attempts, as the log holds them."""
    settle(services)
    found = audit_log.entries(services.db, actor_id=UUID(who.id), limit=500)
    return [(e.resource, e.purpose) for e in found if e.outcome.value == "denied"]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_childs_access_history_names_who_read_it_and_can_show_refusals_only(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    f.observation(client, w.practitioner, w.child_id)
    client.get(f"/v1/children/{w.child_id}", headers=w.teacher.headers)  # refused: 404
    settle(services)
    signed_in(client, services, w.dsl)
    page = client.get(f"/children/{w.child_id}/access")
    assert page.status_code == 200, page.text
    shown = text(page.text)
    assert "Amara Okafor" in shown  # the child's name, in the heading
    assert "Added: observations" in shown and "Refused" in shown
    teacher_org = client.get(f"/v1/organisations/{w.school}", headers=f.OPERATOR).json()["name"]
    assert teacher_org in shown  # the refused person's organisation, by name
    only = text(client.get(f"/children/{w.child_id}/access", params={"denied": True}).text)
    assert "Refused" in only and "Added: observations" not in only


def test_a_dsl_places_and_releases_a_hold_and_a_reason_is_required(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    csrf = signed_in(client, services, w.dsl)
    url = f"/children/{w.child_id}/holds"
    empty = client.post(url, data={"csrf": csrf, "form_key": "k0", "reason": "  "})
    assert empty.status_code == 422 and 'aria-invalid="true"' in empty.text
    placed = client.post(
        url, data={"csrf": csrf, "form_key": "k1", "reason": "Section 47 enquiry open"}
    )
    assert placed.status_code == 200, placed.text  # followed the 303 to the history
    assert "Section 47 enquiry open" in placed.text and "Hold on" in placed.text
    erase = client.post(
        f"/v1/children/{w.child_id}/erasure",
        headers=f.staff(client, w.setting, "manager").headers,
        json={"reason": "parent asked"},
    )
    assert erase.status_code == 409  # the hold stops erasure
    hold_id = re.search(r"/holds/([0-9a-f-]{36})/release", placed.text)
    assert hold_id is not None
    released = client.post(
        f"{url}/{hold_id.group(1)}/release", data={"csrf": csrf, "form_key": "k2"}
    )
    assert released.status_code == 200 and "The hold is released." in released.text
    assert "Hold on" not in released.text


def test_the_overview_shows_alerts_linking_to_the_child_and_finds_a_child_by_name(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    stranger = f.staff(client, f.organisation(client, "nursery"), "practitioner")
    client.get(f"/v1/children/{w.child_id}", headers=stranger.headers)  # refused
    settle(services)
    csrf = signed_in(client, services, w.dsl)
    overview = client.get("/audit")
    assert overview.status_code == 200
    assert f'href="/children/{w.child_id}/access"' in overview.text
    assert "Save the signed checkpoint" in overview.text
    found = client.post("/audit/find", data={"csrf": csrf, "name": "okaf"})
    assert found.status_code == 200
    assert "Amara Okafor" in found.text and f"/children/{w.child_id}/access" in found.text
    assert "okaf" not in str(found.url)  # the name is posted, never in the address
    nobody = client.post("/audit/find", data={"csrf": csrf, "name": "Zebedee"})
    assert "0 children found" in text(nobody.text)


def test_the_signed_checkpoint_downloads_as_a_text_file(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    settle(services)
    signed_in(client, services, w.dsl)
    saved = client.get("/audit/checkpoint")
    assert saved.status_code == 200
    assert saved.headers["content-type"].startswith("text/plain")
    assert re.match(
        r'attachment; filename="baton-checkpoint-\d+\.txt"', saved.headers["content-disposition"]
    )
    assert saved.text.splitlines()[1].isdigit()  # origin, size, root, then the signature


@pytest.mark.parametrize("roles", [("practitioner",), ("teacher",), ("manager",)])
def test_staff_without_the_dsl_role_are_refused_and_the_refusal_is_logged(
    client: TestClient, services: Services, roles: tuple[str, ...]
) -> None:
    w = world(client)
    org = w.school if roles == ("teacher",) else w.setting
    member = f.staff(client, org, *roles)
    signed_in(client, services, member)
    for path in ("/audit", f"/children/{w.child_id}/access", "/safeguarding"):
        page = client.get(path)
        assert page.status_code == 403, path
        assert "Not allowed" in page.text
    tried = refusals(services, member)
    assert ("audit-alerts", "audit") in tried
    assert ("audit-child", "audit") in tried
    assert ("safeguarding-channel", "safeguarding") in tried


def test_a_dsl_of_another_organisation_gets_not_found_for_a_child_not_theirs(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    other = f.staff(client, f.organisation(client, "nursery"), "dsl")
    signed_in(client, services, other)
    page = client.get(f"/children/{w.child_id}/access")
    assert page.status_code == 404 and "Not found" in page.text
    held = client.post(
        f"/children/{w.child_id}/holds",
        data={"csrf": signed_in(client, services, other), "reason": "x"},
    )
    assert held.status_code == 404
    assert ("audit-child", "audit") in refusals(services, other)
    assert ("hold", "safeguarding") in refusals(services, other)


def test_break_glass_needs_a_reason_then_opens_the_record_flagged(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    f.observation(client, w.practitioner, w.child_id)
    f.consent(client, w.practitioner, w.child_id, w.school)  # a recorded link to the school
    csrf = signed_in(client, services, w.school_dsl)
    form = client.get(f"/children/{w.child_id}/break-glass")
    assert form.status_code == 200 and "flagged" in form.text
    short = client.post(
        f"/children/{w.child_id}/break-glass",
        data={"csrf": csrf, "form_key": "b1", "justification": "urgent"},
    )
    assert short.status_code == 422 and 'aria-invalid="true"' in short.text
    opened = client.post(
        f"/children/{w.child_id}/break-glass",
        data={"csrf": csrf, "form_key": "b2", "justification": JUSTIFICATION},
    )
    assert opened.status_code == 200, opened.text
    assert "Break-glass" in opened.text and "Amara Okafor" in opened.text
    assert "told Jo a long story" in opened.text
    settle(services)
    signed_in(client, services, w.dsl)
    history = text(client.get(f"/children/{w.child_id}/access").text)
    assert "Break-glass" in history and "Used: break-glass access" in history


def test_a_practitioner_cannot_break_the_glass(client: TestClient, services: Services) -> None:
    w = world(client)
    signed_in(client, services, w.practitioner)
    assert client.get(f"/children/{w.child_id}/break-glass").status_code == 403
    assert ("break-glass", "safeguarding") in refusals(services, w.practitioner)


def safeguarding_packet(client: TestClient, w: World) -> dict[str, Any]:
    sender = f.staff(client, w.setting, "dsl")
    return f.handover(
        client,
        sender,
        w.child_id,
        w.school,
        kind="safeguarding",
        justification=JUSTIFICATION,
        information="Open child protection plan; social worker named in the file.",
    ) | {"sender": sender}


def test_the_safeguarding_channel_marks_overdue_packets_in_words_and_acknowledges(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(client)
    now = {"at": FRIDAY}
    monkeypatch.setattr(services.app, "clock", lambda: now["at"])
    packet = safeguarding_packet(client, w)
    now["at"] = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # the Monday after the due day
    signed_in(client, services, packet["sender"])
    sent = text(client.get("/safeguarding", params={"after": packet["position"]}).text)
    assert "Overdue was due 27 Nov 2026" in sent and "1 overdue packet" in sent
    csrf = signed_in(client, services, w.school_dsl)
    received = client.get("/safeguarding", params={"after": packet["position"]})
    assert f"/safeguarding/packets/{packet['id']}" in received.text
    opened = client.get(f"/safeguarding/packets/{packet['id']}")
    assert opened.status_code == 200 and "Open child protection plan" in opened.text
    done = client.post(
        f"/safeguarding/packets/{packet['id']}/acknowledgement",
        data={"csrf": csrf, "form_key": "a1"},
    )
    assert done.status_code == 200 and "The packet is acknowledged" in done.text
    assert "Overdue" not in text(done.text).replace("overdue packet", "")


def test_a_teacher_never_sees_a_safeguarding_file(client: TestClient, services: Services) -> None:
    w = world(client)
    packet = safeguarding_packet(client, w)
    signed_in(client, services, w.teacher)
    assert client.get(f"/safeguarding/packets/{packet['id']}").status_code == 403
    assert ("safeguarding-channel", "safeguarding") in refusals(services, w.teacher)
