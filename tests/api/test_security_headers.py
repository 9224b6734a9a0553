"""Answers holding a child's data are never cached, framed, sniffed or sent on in a Referer, and
the pages allow exactly what they need to show themselves (on embedded SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import hashlib
import re
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from api.main import create_app
from api.services import Services
from tests import factories as f

EXPECTED = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def policy(response: Response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy, directive → sources."""
    directives = [d.split() for d in response.headers["content-security-policy"].split(";")]
    return {d[0]: d[1:] for d in directives if d}


def assert_protected(response: Response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.request.url)
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'none'"]


def test_every_kind_of_answer_is_not_cached_framed_or_sniffed(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    dsl = f.staff(client, practitioner.org_id, "dsl")
    h = practitioner.headers
    answers = {
        "child read": client.get(f"/v1/children/{child_id}", headers=h),
        "journey list": client.get(f"/v1/children/{child_id}/observations", headers=h),
        "write": client.post(
            f"/v1/children/{child_id}/observations", headers=h, json=f.observation_body()
        ),
        "setting list": client.get(f"/v1/settings/{practitioner.org_id}/children", headers=h),
        "audit csv": client.get(
            f"/v1/audit/children/{child_id}", headers=dsl.headers, params={"format": "csv"}
        ),
        "401": client.get(f"/v1/children/{child_id}"),
        "404": client.get("/v1/nowhere", headers=h),
        "422": client.post("/v1/children", headers=h, json={}),
        "413 (from the request guard)": client.post(
            "/v1/children", headers=h, content=b"x" * (services.settings.max_body_bytes + 1)
        ),
        "openapi": client.get("/openapi.json"),
        "health": client.get("/health"),
    }
    for name, response in answers.items():
        with subtests.test(name):
            assert response.status_code < 500, response.text
            assert_protected(response)


def test_hsts_is_sent_only_over_tls(services: Services) -> None:
    with TestClient(create_app(services=services), base_url="https://baton.test") as tls:
        assert tls.get("/health").headers["strict-transport-security"].startswith("max-age=")
    with TestClient(create_app(services=services)) as plain:
        assert "strict-transport-security" not in plain.get("/health").headers


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_blocks(html: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.DOTALL)


def test_the_summary_page_runs_nothing_and_allows_only_its_own_style(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    school_id, teacher = f.school_with_teacher(client)
    f.consent(client, practitioner, child_id, school_id, categories=["journey", "voices"])
    packet = f.handover(client, practitioner, child_id, school_id)
    page = client.get(f"/v1/handovers/{packet['id']}/summary", headers=teacher.headers)
    assert page.status_code == 200, page.text
    assert_protected(page)
    csp = policy(page)
    assert "script-src" not in csp  # default-src 'none': no script at all
    styles = inline_blocks(page.text, "style")
    assert styles, "the page keeps its print styles"
    assert csp["style-src"] == [_sha256(s) for s in styles]
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    assert not re.search(r"\sstyle=|<script|<link|<img", page.text)


def test_docs_page_is_served_whole_by_baton_under_a_policy_of_this_server_only(
    client: TestClient,
) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert_protected(page)
    csp = policy(page)
    html = page.text
    assert not re.findall(r"https?://", html), "the page names another site"
    for directive in ("script-src", "style-src", "connect-src"):
        assert csp[directive] == ["'self'"], directive
    assert not inline_blocks(html, "script") and not inline_blocks(html, "style")
    assert "<script>" not in html and not re.search(r"\sstyle=", html)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    assert any(a.endswith("swagger-ui.css") for a in assets), assets
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        assert client.get(asset).status_code == 200, asset
    spec_url = re.search(r'data-openapi="([^"]+)"', html)
    assert spec_url is not None and client.get(spec_url.group(1)).status_code == 200
    assert client.get("/redoc").status_code == 404


def test_even_the_last_resort_500_carries_them(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a fault no handler expects")

    monkeypatch.setattr(services.app, "organisation", broken)
    app = create_app(services=services)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"/v1/organisations/{uuid4()}", headers=f.OPERATOR)
    assert response.status_code == 500
    assert_protected(response)
