"""The header's links: each person sees the pages their roles and their organisation have."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.web import web_session


def links(client: TestClient) -> list[str]:
    nav = client.get("/account").text.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav)


def test_the_inbox_is_offered_at_a_school_to_its_teachers_managers_and_dsl(
    client: TestClient, services: Services
) -> None:
    school = f.organisation(client, "school")
    manager, teacher, dsl = (f.staff(client, school, r) for r in ("manager", "teacher", "dsl"))
    web_session(client, services, school, manager.id)
    assert links(client)[:2] == ["Inbox", "Staff"]  # a recipient's manager opens packets too
    web_session(client, services, school, teacher.id)
    assert links(client) == ["Inbox", "Reception class", "Account"]
    web_session(client, services, school, dsl.id)
    assert links(client)[:2] == ["Inbox", "Safeguarding"]


def test_a_setting_has_no_inbox_in_its_header(client: TestClient, services: Services) -> None:
    nursery = f.organisation(client, "nursery")
    for role in ("manager", "dsl"):
        member = f.staff(client, nursery, role)
        web_session(client, services, nursery, member.id)
        shown = links(client)
        assert "Children" in shown and "Inbox" not in shown
    assert client.get("/home", follow_redirects=False).headers["location"] == "/children"
