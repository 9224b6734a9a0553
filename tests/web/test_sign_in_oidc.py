"""Single sign-on against a real OpenID Connect provider, started here on loopback
(oidc-provider-mock: authlib's own authorization server in a Flask app), never a stub of Baton's
code: the authorization code flow with PKCE, state and nonce, and the ID token verified against
the provider's keys."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from oidc_provider_mock import run_server_in_thread
from pydantic import SecretStr

from api.services import Services
from tests.people import invited
from tests.web import last_log_id, log_rows_since

SUB = "rosa-at-the-trust"


@pytest.fixture
def provider(services: Services) -> Iterator[str]:
    """The provider, and Baton configured for it (BATON_OIDC_*)."""
    with run_server_in_thread(require_nonce=True) as server:
        issuer = f"http://localhost:{server.server_port}"
        settings = services.settings
        settings.oidc_issuer, settings.oidc_client_id = issuer, "baton"
        settings.oidc_name = "Trust Login"
        settings.oidc_client_secret = SecretStr("the client secret")
        yield issuer


def through_provider(client: TestClient, issuer: str, email: str, verified: bool) -> httpx.Response:
    """Click "Sign in with ...", sign in at the provider as ``email``, come back to Baton."""
    httpx.put(f"{issuer}/users/{SUB}", json={"email": email, "email_verified": verified})
    assert 'href="/sign-in/oidc"' in client.get("/").text
    start = client.get("/sign-in/oidc", follow_redirects=False)
    assert start.status_code == 303
    authorize = start.headers["location"]
    assert "code_challenge=" in authorize and "nonce=" in authorize and "state=" in authorize
    back = httpx.post(authorize, data={"sub": SUB})
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["location"])
    return client.get(f"{callback.path}?{callback.query}", follow_redirects=False)


def test_a_member_signs_in_with_their_verified_email(client: TestClient, provider: str) -> None:
    person = invited(client)
    back = through_provider(client, provider, person.email, verified=True)
    assert back.status_code == 303 and back.headers["location"] == "/home"
    assert person.email in client.get("/account").text


def test_an_unknown_or_unverified_email_is_refused_and_logged(
    client: TestClient, provider: str, services: Services
) -> None:
    before = last_log_id(services)
    unknown = through_provider(client, provider, "stranger@example.org", verified=True)
    assert unknown.status_code == 403 and "not a member of staff" in unknown.text
    person = invited(client)
    unverified = through_provider(client, provider, person.email, verified=False)
    assert unverified.status_code == 403
    rows = log_rows_since(services, before, "%/sign-in/oidc%")
    assert len(rows) == 2 and "stranger" not in repr(rows)


def test_a_callback_that_did_not_start_here_is_refused(client: TestClient, provider: str) -> None:
    answer = client.get("/sign-in/oidc/callback?code=x&state=y", follow_redirects=False)
    assert answer.status_code == 403 and "did not start here" in answer.text
