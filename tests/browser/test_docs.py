"""/docs in a browser that can reach nothing but Baton: Swagger UI still draws every operation."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Live, look

# Swagger UI wraps each operation's summary (itself a button) around its copy-path button: one
# interactive control inside another, in markup that Swagger UI renders and Baton cannot change.
# Every other rule, contrast included (swagger-baton.css darkens its colours), is checked.
SWAGGER_UI_MARKUP = ("nested-interactive",)


def test_docs_draws_every_operation_without_any_other_site(
    live: Live, page: Page, store: str
) -> None:
    elsewhere: list[str] = []

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.goto(live.url + "/docs")
    create = page.get_by_role("button", name="POST /v1/organisations", exact=False).first
    expect(create).to_be_visible()
    expect(page.get_by_role("heading", name="Baton")).to_be_visible()
    create.click()
    expect(page.get_by_role("button", name="Try it out")).to_be_visible()
    look(page, "api-docs", store, not_ours=SWAGGER_UI_MARKUP)

    # Trying a request: the page's policy lets it reach Baton (connect-src 'self').
    health = page.locator("#operations-health-health_health_get")
    health.get_by_role("button", name="GET /health Health").click()
    health.get_by_role("button", name="Try it out").click()
    health.get_by_role("button", name="Execute").click()
    status = health.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")
    assert elsewhere == []
