"""The account page: changing the password (ends other sessions) and two-step sign-in with an
authenticator app's codes (pyotp computes them here as the app would)."""

from __future__ import annotations

import re

import pyotp
from fastapi.testclient import TestClient

from api.services import Services
from api.web.session import COOKIE
from tests.people import PASSWORD, choose, csrf_of, invited, next_code, sign_in


def signed_in(client: TestClient) -> str:
    person = invited(client)
    choose(client, person)
    assert sign_in(client, person.email, PASSWORD).status_code == 303
    return person.email


def turn_on_two_step(client: TestClient) -> str:
    page = client.get("/account/two-step")
    assert page.status_code == 200
    assert "<svg" in page.text and "style=" not in page.text.split("<svg", 1)[1].split("</svg>")[0]
    secret = re.search(r'class="totp-key">([A-Z2-7 ]+)<', page.text)
    assert secret
    key = secret.group(1).replace(" ", "")
    wrong = client.post("/account/two-step", data={"csrf": csrf_of(page.text), "code": "000000"})
    assert wrong.status_code == 422
    code = pyotp.TOTP(key).now()
    right = client.post("/account/two-step", data={"csrf": csrf_of(page.text), "code": code})
    assert right.status_code == 200 and "Two-step sign-in is on" in right.text
    return key


def test_two_step_sign_in_asks_for_a_code_after_the_password(client: TestClient) -> None:
    email = signed_in(client)
    key = turn_on_two_step(client)
    client.cookies.delete(COOKIE)
    first = sign_in(client, email, PASSWORD)
    assert first.status_code == 303 and first.headers["location"] == "/sign-in/code"
    assert client.get("/account", follow_redirects=False).status_code == 303  # not yet in
    step = client.get("/sign-in/code")
    assert "Enter your code" in step.text
    wrong = client.post("/sign-in/code", data={"csrf": csrf_of(step.text), "code": "123456"})
    assert wrong.status_code == 401
    code = next_code(key)
    done = client.post(
        "/sign-in/code", data={"csrf": csrf_of(step.text), "code": code}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/account"
    assert client.get("/account").status_code == 200


def test_a_code_is_accepted_once_and_an_older_one_never_after_it(client: TestClient) -> None:
    email = signed_in(client)
    key = turn_on_two_step(client)  # used the code of this step
    client.cookies.delete(COOKIE)
    sign_in(client, email, PASSWORD)
    step = client.get("/sign-in/code")
    again = client.post(
        "/sign-in/code", data={"csrf": csrf_of(step.text), "code": pyotp.TOTP(key).now()}
    )
    assert again.status_code == 401  # the code that turned two-step on, seen, cannot sign in
    done = client.post(
        "/sign-in/code",
        data={"csrf": csrf_of(step.text), "code": next_code(key)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    client.cookies.delete(COOKIE)
    sign_in(client, email, PASSWORD)
    step = client.get("/sign-in/code")
    replayed = client.post(
        "/sign-in/code", data={"csrf": csrf_of(step.text), "code": next_code(key)}
    )
    assert replayed.status_code == 401  # the same code a second time
    older = client.post(
        "/sign-in/code", data={"csrf": csrf_of(step.text), "code": next_code(key, steps=-1)}
    )
    assert older.status_code == 401  # nor one from before the last accepted


def test_wrong_codes_lock_out(client: TestClient, services: Services) -> None:
    email = signed_in(client)
    key = turn_on_two_step(client)
    client.cookies.delete(COOKIE)
    sign_in(client, email, PASSWORD)
    step = client.get("/sign-in/code")
    for _ in range(services.settings.sign_in_failures):
        client.post("/sign-in/code", data={"csrf": csrf_of(step.text), "code": "000000"})
    code = next_code(key)
    locked = client.post("/sign-in/code", data={"csrf": csrf_of(step.text), "code": code})
    assert locked.status_code == 429 and "retry-after" in locked.headers


def test_two_step_turns_off_with_the_password(client: TestClient) -> None:
    signed_in(client)
    turn_on_two_step(client)
    page = client.get("/account")
    bad = client.post(
        "/account/two-step/off", data={"csrf": csrf_of(page.text), "current_password": "nope"}
    )
    assert bad.status_code == 422
    off = client.post(
        "/account/two-step/off", data={"csrf": csrf_of(page.text), "current_password": PASSWORD}
    )
    assert "Two-step sign-in is off" in off.text


def test_changing_the_password_ends_other_sessions(client: TestClient) -> None:
    email = signed_in(client)
    other = TestClient(client.app)
    assert sign_in(other, email, PASSWORD).status_code == 303
    page = client.get("/account")
    new = "a brand new password for Baton"
    wrong = client.post(
        "/account/password",
        data={
            "csrf": csrf_of(page.text),
            "current_password": "nope",
            "password": new,
            "password_again": new,
        },
    )
    assert wrong.status_code == 422 and "not your current password" in wrong.text
    changed = client.post(
        "/account/password",
        data={
            "csrf": csrf_of(page.text),
            "current_password": PASSWORD,
            "password": new,
            "password_again": new,
        },
    )
    assert changed.status_code == 200 and "Your password is changed" in changed.text
    assert other.get("/account", follow_redirects=False).status_code == 303  # signed out there
    assert sign_in(other, email, PASSWORD).status_code == 401
    assert sign_in(other, email, new).status_code == 303


def test_the_account_page_needs_signing_in(client: TestClient) -> None:
    answer = client.get("/account", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/?next=/account"
