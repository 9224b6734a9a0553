"""Signing in with an email and password: chosen through the invitation link, refused without
saying whether the address exists, logged, locked out after repeated failures, and never for a
deactivated member."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories
from tests.factories import OPERATOR
from tests.people import PASSWORD, Invited, choose, csrf_of, invited, sign_in
from tests.web import last_log_id, log_rows_since


def test_a_password_chosen_through_the_invitation_signs_in(client: TestClient) -> None:
    person = invited(client)
    page = client.get(person.path)
    assert "Rosa Diaz" in page.text and "Choose a password" in page.text
    choose(client, person)
    answer = sign_in(client, person.email.upper(), PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/account"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    account = client.get("/account")
    assert account.status_code == 200 and person.email in account.text


def test_the_session_cookie_is_secure_when_configured(
    client: TestClient, services: Services
) -> None:
    person = invited(client)
    choose(client, person)
    form = {"csrf": csrf_of(client.get("/").text), "email": person.email, "password": PASSWORD}
    services.settings.secure_cookies = True  # BATON_SECURE_COOKIES=true (e.g. behind a proxy)
    answer = client.post("/sign-in", data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert "Secure" in answer.headers["set-cookie"]


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer_and_are_logged(
    client: TestClient, services: Services
) -> None:
    person = invited(client)
    choose(client, person)
    before = last_log_id(services)
    wrong = sign_in(client, person.email, "not the password at all")
    unknown = sign_in(client, "nobody@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "do not match an account" in wrong.text
    assert wrong.text.replace(person.email, "X") == unknown.text.replace("nobody@example.org", "X")
    rows = log_rows_since(services, before, "POST /sign-in")
    assert len(rows) == 2 and all("denied" in r for r in rows)
    assert person.email not in repr(rows) and "nobody@" not in repr(rows)


def test_the_forms_need_their_csrf_token_and_this_site_as_origin(client: TestClient) -> None:
    person = invited(client)
    choose(client, person)
    client.get("/")
    bare = {"email": person.email, "password": PASSWORD}
    assert client.post("/sign-in", data=bare, follow_redirects=False).status_code == 403
    forged = sign_in(client, person.email, PASSWORD, csrf="forged")
    assert forged.status_code == 403
    page = client.get("/")
    other_site = client.post(
        "/sign-in",
        data={**bare, "csrf": csrf_of(page.text)},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert other_site.status_code == 403
    assert sign_in(client, person.email, PASSWORD).status_code == 303
    changed = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": "x" * 20, "password_again": "x" * 20},
    )
    assert changed.status_code == 403  # signed in, but no CSRF token


def test_repeated_failures_lock_the_account_out_with_retry_after(
    client: TestClient, services: Services
) -> None:
    person = invited(client)
    choose(client, person)
    for _ in range(services.settings.sign_in_failures):
        assert sign_in(client, person.email, "a wrong password").status_code == 401
    locked = sign_in(client, person.email, PASSWORD)  # even the right password, for now
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    assert "Too many attempts to sign in" in locked.text


def test_a_deactivated_member_cannot_sign_in_and_their_session_ends(
    client: TestClient, services: Services
) -> None:
    person = invited(client)
    choose(client, person)
    assert sign_in(client, person.email, PASSWORD).status_code == 303
    token = factories._managers[person.org_id].token
    gone = client.post(
        f"/v1/organisations/{person.org_id}/staff/{person.staff_id}/deactivation",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert gone.status_code == 200
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert sign_in(client, person.email, PASSWORD).status_code == 401


def test_used_expired_and_unknown_invitations_get_a_clear_page(
    client: TestClient, services: Services
) -> None:
    used = invited(client)
    choose(client, used)
    again = client.get(used.path)
    assert again.status_code == 410 and "already been used" in again.text
    assert client.get("/invitations/iv_nonsense").status_code == 410
    late = invited(client)
    real_clock = services.app.clock
    services.app.clock = lambda: real_clock() + timedelta(days=8)
    try:
        expired = client.get(late.path)
    finally:
        services.app.clock = real_clock
    assert expired.status_code == 410 and "expired" in expired.text


def test_a_weak_or_mistyped_password_is_refused(client: TestClient) -> None:
    person = invited(client)
    page = client.get(person.path)
    for password, again, says in (
        ("short", "short", "at least 12"),
        ("password1234", "password1234", "too common"),
        ("a long enough password", "a long enough passwort", "not the same"),
    ):
        answer = client.post(
            person.path,
            data={"csrf": csrf_of(page.text), "password": password, "password_again": again},
        )
        assert answer.status_code == 422 and says in answer.text
    assert client.get(person.path).status_code == 200  # still usable


def test_no_email_address_is_stored_in_plaintext(client: TestClient, services: Services) -> None:
    person = invited(client)
    choose(client, person)
    with services.db.read() as cur:
        cur.execute("SELECT email_hmac, org_id, staff_id FROM sign_in_emails")
        rows = cur.fetchall()
    assert (person.org_id, person.staff_id) in [(r[1], r[2]) for r in rows]
    dump = repr(rows).lower()
    assert person.email.lower() not in dump and person.email.split("@")[0] not in dump


def test_staff_of_two_organisations_sign_in_to_the_one_whose_password_it_is(
    client: TestClient,
) -> None:
    first = invited(client)
    choose(client, first, "first organisation password")
    second_org = factories.organisation(client)
    answer = client.post(
        f"/v1/organisations/{second_org}/staff",
        headers=OPERATOR,
        json={"name": "Rosa Diaz", "email": first.email, "roles": ["manager"]},
    )
    path = "/invitations/" + answer.json()["invitation_url"].rsplit("/invitations/", 1)[1]
    second = Invited(second_org, answer.json()["id"], first.email, path, "")
    choose(client, second, "second organisation password")
    sign_in(client, first.email, "second organisation password")
    assert "Test nursery" in client.get("/account").text
    assert "manager" in client.get("/account").text


def test_demo_people_sign_in_with_the_printed_passwords(
    client: TestClient, services: Services
) -> None:
    import io

    from api.cli.demo.loader import DemoLoader

    loader = DemoLoader(services, io.StringIO())
    loader.organisations()
    loader.staff()
    email, password, roles, _ = loader.people[0]
    again = DemoLoader(services, io.StringIO())
    again.organisations()
    again.staff()
    assert again.people == loader.people  # the same on every run
    assert sign_in(client, email, password).status_code == 303
    assert roles.split(", ")[0] in client.get("/account").text
