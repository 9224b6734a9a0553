"""The front door: a person arriving at Baton finds the sign-in page, and pages need signing in."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import Live, look, session_cookie


def test_the_address_opens_the_sign_in_page(live: Live, page: Page, store: str) -> None:
    page.goto(live.url + "/")
    expect(page.get_by_role("heading", name="Sign in to Baton")).to_be_visible()
    expect(page.get_by_label("Email address")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    look(page, "sign-in", store)


def test_a_page_needs_signing_in_and_comes_back_after(live: Live, page: Page) -> None:
    page.goto(live.url + "/home")
    expect(page).to_have_url(live.url + "/?next=/home")
    expect(page.get_by_role("heading", name="Sign in to Baton")).to_be_visible()


def test_signing_out_ends_the_session(live: Live, page: Page) -> None:
    org = factories.organisation(live.api)
    member = factories.staff(live.api, org, "practitioner")
    session_cookie(live, page.context, org, member.id)
    page.goto(live.url + "/no-such-page")  # even a page not found has the header
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Baton")).to_be_visible()
    page.goto(live.url + "/home")
    expect(page).to_have_url(live.url + "/?next=/home")
