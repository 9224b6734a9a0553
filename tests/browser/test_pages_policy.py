"""A guard over every page, present and to come: each GET page outside /v1 answers HTML that runs
under the strict policy (no 'unsafe-inline'), carries no inline script, style block or style=""
attribute, and fits a phone (a viewport meta tag).

The routes are read from the app itself, so a page added later is walked too. Path ids are ones
made through the API where the name is known (a child, the setting, a member of staff...), and a
random id otherwise: a page then answers its "not found" page, which must meet the same rules.
Answers that are not HTML (the OpenAPI document, /health, a PDF or a photo) are left out, and so
is a redirect to another site (single sign-on's provider).
(A TestClient test: it sits with the browser tests only because tests/web.py is a module.)
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.routes import filled, get_paths
from tests.web import web_session

SIGNED_OUT_PAGES = ("/", "/docs")


class PageMarkup(HTMLParser):
    """What a page's markup holds that the policy refuses, and whether it has a viewport."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []
        self.viewport = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value for name, value in attrs}
        if tag == "style":
            self.refused.append("<style> block")
        if tag == "script":
            self._in_script = "src" not in names
        if "style" in names:
            self.refused.append(f'style="" on <{tag}>')
        self.refused += [f"{n}= on <{tag}>" for n in names if n.startswith("on")]
        if tag == "meta" and (names.get("name") or "").lower() == "viewport":
            self.viewport = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.refused.append("inline <script>")


def page_paths(client: TestClient) -> list[str]:
    """Every GET path outside the JSON API (path ids left as {name})."""
    every = get_paths(client.app.routes)  # type: ignore[attr-defined]
    return sorted({p for p in every if p != "/v1" and not p.startswith("/v1/")})


def known_ids(client: TestClient) -> dict[str, str]:
    """Ids made through the API for the path parameters whose names say what they are."""
    practitioner, child_id = f.setting_with_child(client)
    observation = f.observation(client, practitioner, child_id)
    school_id, _teacher = f.school_with_teacher(client)
    return {
        "org_id": practitioner.org_id,
        "setting_id": practitioner.org_id,
        "staff_id": practitioner.id,
        "child_id": child_id,
        "observation_id": str(observation["id"]),
        "entry_id": str(observation["id"]),
        "school_id": school_id,
    }


def assert_meets_the_policy(client: TestClient, path: str) -> bool:
    """Checks the page at ``path``; False when it answers no HTML (not a page)."""
    answer = client.get(path, follow_redirects=False)
    for _ in range(5):  # a page that sends the person on: follow it here, never to another site
        target = answer.headers.get("location", "")
        if not answer.is_redirect or not target.startswith("/") or target.startswith("//"):
            break
        answer = client.get(target, follow_redirects=False)
    assert answer.status_code < 500, (path, answer.status_code)
    if not answer.headers.get("content-type", "").startswith("text/html"):
        return False
    policy = answer.headers.get("content-security-policy", "")
    assert "default-src 'none'" in policy, (path, policy)
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, (path, policy)
    markup = PageMarkup()
    markup.feed(answer.text)
    assert markup.refused == [], (path, markup.refused)
    assert markup.viewport, (path, "no <meta name=viewport>")
    return True


def test_every_page_runs_under_the_strict_policy_and_fits_a_phone(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    ids = known_ids(client)
    manager = f.staff(client, ids["org_id"], "manager", "dsl")
    ids["staff_id"] = manager.id
    web_session(client, services, ids["org_id"], manager.id)
    checked = []
    for path in page_paths(client):
        with subtests.test(path=path):
            if assert_meets_the_policy(client, filled(path, ids)):
                checked.append(path)
    client.cookies.clear()
    for path in SIGNED_OUT_PAGES:
        with subtests.test(path=path, signed_out=True):
            assert assert_meets_the_policy(client, path)
    # Found through the app's routes, so a change in how FastAPI keeps them cannot empty the walk.
    assert {"/", "/docs", "/home"} <= set(checked), checked
