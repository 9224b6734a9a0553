"""Signing in as a person does: choosing a password through the invitation link, a wrong
password, two-step sign-in with an authenticator app's code, single sign-on through a real
OpenID provider on loopback, and signing out."""

from __future__ import annotations

from collections.abc import Iterator

import pyotp
import pytest
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Page, expect
from pydantic import SecretStr

from tests.browser.conftest import Live, look, sign_in
from tests.people import PASSWORD, invited, next_code


def choose_password(page: Page, live: Live) -> str:
    person = invited(live.api)
    page.goto(live.url + person.path)
    expect(page.get_by_role("heading", name="Choose a password")).to_be_visible()
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    return person.email


def test_choosing_a_password_through_the_invitation_then_signing_in(
    live: Live, page: Page, store: str
) -> None:
    email = choose_password(page, live)
    look(page, "invitation", store)
    page.get_by_role("button", name="Save password and sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Baton")).to_be_visible()
    sign_in(page, live, email, PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(live.url + "/account")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    look(page, "account", store)


def test_a_wrong_password_says_so(live: Live, page: Page, store: str) -> None:
    email = choose_password(page, live)
    page.get_by_role("button", name="Save password and sign in").click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live, email, "not my password at all")
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    look(page, "sign-in-wrong-password", store)


def test_two_step_sign_in_with_an_authenticator_code(live: Live, page: Page, store: str) -> None:
    email = choose_password(page, live)
    page.get_by_role("button", name="Save password and sign in").click()
    page.goto(live.url + "/account")
    page.get_by_role("link", name="Set up two-step sign-in").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    look(page, "account-two-step", store)
    key = page.locator(".totp-key").inner_text().replace(" ", "")
    page.get_by_label("6-digit code").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("status")).to_contain_text("Two-step sign-in is on")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live, email, PASSWORD)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    look(page, "sign-in-code", store)
    page.get_by_label("6-digit code").fill(next_code(key))  # the app's next code
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.fixture
def provider(live: Live) -> Iterator[str]:
    with run_server_in_thread(require_nonce=True) as server:
        issuer = f"http://localhost:{server.server_port}"
        settings = live.services.settings
        settings.oidc_issuer, settings.oidc_client_id = issuer, "baton"
        settings.oidc_client_secret = SecretStr("the client secret")
        settings.oidc_name = "Trust Login"
        yield issuer


def test_single_sign_on_through_the_provider(live: Live, page: Page, provider: str) -> None:
    import httpx

    person = invited(live.api)
    httpx.put(f"{provider}/users/rosa", json={"email": person.email, "email_verified": True})
    page.goto(live.url + "/")
    page.get_by_role("link", name="Sign in with Trust Login").click()
    page.locator("input[name=sub]").fill("rosa")  # the provider's own sign-in page
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(live.url + "/account")
    expect(page.get_by_text(person.email)).to_be_visible()
