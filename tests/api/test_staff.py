"""Staff and their access over time, through the API: the staff list, deactivation, a new token,
roles, the operator's bootstrap, invitations and tokens that expire.

Every test runs on embedded SQLite and on PostgreSQL. The auth cache is on (5 s, the default),
so "at once" means in spite of it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlparse
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.cli.main import main as cli_main
from api.services import Services
from api.settings import Settings
from tests import factories as f
from tests.api.problems import assert_problem, events_stored
from tests.api.test_audit_api import settle
from tests.conftest import cli_env


def team(client: TestClient) -> tuple[str, f.Staff, f.Staff, f.Staff]:
    """A nursery with its manager, its DSL and a practitioner."""
    org = f.organisation(client)
    manager = f.staff(client, org, "manager")
    return org, manager, f.staff(client, org, "dsl"), f.staff(client, org, "practitioner")


def staff_list(client: TestClient, by: f.Staff, org: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"/v1/organisations/{org}/staff", headers=by.headers, params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def works(client: TestClient, token: str, org: str) -> int:
    """The status a request with ``token`` gets (200 when the token works)."""
    headers = {"Authorization": f"Bearer {token}"}
    return client.get(f"/v1/settings/{org}/children", headers=headers).status_code


def deactivate(client: TestClient, by: dict[str, str], org: str, staff_id: str) -> Any:
    return client.post(f"/v1/organisations/{org}/staff/{staff_id}/deactivation", headers=by)


def new_token(client: TestClient, by: dict[str, str], org: str, staff_id: str) -> Any:
    return client.post(f"/v1/organisations/{org}/staff/{staff_id}/token", headers=by)


def add(client: TestClient, by: dict[str, str], org: str, *roles: str, email: str) -> Any:
    return client.post(
        f"/v1/organisations/{org}/staff",
        headers=by,
        json={"name": "Kemi Adeyemi", "email": email, "roles": list(roles)},
    )


def set_roles(client: TestClient, by: dict[str, str], org: str, staff_id: str, *roles: str) -> Any:
    return client.post(
        f"/v1/organisations/{org}/staff/{staff_id}/roles", headers=by, json={"roles": list(roles)}
    )


def audit_of(client: TestClient, dsl: f.Staff, path: str) -> list[dict[str, Any]]:
    response = client.get(f"/v1/audit/{path}", headers=dsl.headers, params={"limit": 500})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


# -- the staff list ---------------------------------------------------------------------------


def test_managers_and_the_dsl_list_their_staff_page_by_page(client: TestClient) -> None:
    org = f.organisation(client)
    manager = f.staff(client, org, "manager")
    dsl = f.staff(client, org, "dsl")
    others = [f.staff(client, org, "practitioner") for _ in range(3)]
    every = {s.id for s in (manager, dsl, *others)}

    listed = staff_list(client, dsl, org)
    assert {m["id"] for m in listed} == every
    assert all({"id", "name", "email", "roles", "active"} <= m.keys() for m in listed)
    assert [m["name"] for m in listed] == sorted(m["name"] for m in listed)
    assert all(m["active"] for m in listed)
    assert all("token" not in m and "token_hash" not in m for m in listed)

    paged: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        response = client.get(
            f"/v1/organisations/{org}/staff", headers=manager.headers, params=params
        )
        assert response.status_code == 200, response.text
        paged += [m["id"] for m in response.json()["items"]]
        cursor = response.json()["next"]
        if cursor is None:
            break
    assert paged == [m["id"] for m in listed]


def test_practitioners_other_organisations_and_the_operator_cannot_list_staff(
    client: TestClient, services: Services
) -> None:
    org = f.organisation(client)
    dsl = f.staff(client, org, "dsl")
    practitioner = f.staff(client, org, "practitioner")
    outsider = f.staff(client, f.organisation(client), "manager", "dsl")
    for who in (practitioner.headers, outsider.headers, f.OPERATOR):
        assert_problem(client.get(f"/v1/organisations/{org}/staff", headers=who), 403)
    settle(services)
    refused = [(e["actor_id"], e["resource"]) for e in audit_of(client, dsl, "denied")]
    assert (practitioner.id, "staff") in refused
    assert (None, "staff") in refused  # the operator's attempt, on this organisation


# -- deactivation and a new token -------------------------------------------------------------


def test_a_deactivated_member_is_refused_at_once_and_listed_inactive(
    client: TestClient, services: Services
) -> None:
    org = f.organisation(client)
    manager = f.staff(client, org, "manager")
    leaver = f.staff(client, org, "practitioner")
    assert works(client, leaver.token, org) == 200  # and now remembered by the auth cache

    response = deactivate(client, manager.headers, org, leaver.id)
    assert response.status_code == 200, response.text
    assert response.json() == {"id": leaver.id, "active": False}

    refused = client.get(f"/v1/settings/{org}/children", headers=leaver.headers)
    assert_problem(refused, 401)
    listed = {m["id"]: m["active"] for m in staff_list(client, manager, org)}
    assert listed[leaver.id] is False
    dsl = f.staff(client, org, "dsl")
    assert client.get(f"/v1/audit/staff/{leaver.id}", headers=dsl.headers).status_code == 200
    assert_problem(deactivate(client, manager.headers, org, leaver.id), 409)
    assert_problem(new_token(client, manager.headers, org, leaver.id), 409)
    # a new member with the leaver's address is welcome again
    assert add(client, manager.headers, org, "practitioner", email="x@y.org").status_code == 201


def test_a_new_token_works_and_the_old_one_is_refused_at_once(client: TestClient) -> None:
    org = f.organisation(client)
    manager = f.staff(client, org, "manager")
    member = f.staff(client, org, "practitioner")
    assert works(client, member.token, org) == 200

    response = new_token(client, manager.headers, org, member.id)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == member.id and body["token"] != member.token
    assert works(client, member.token, org) == 401
    assert works(client, body["token"], org) == 200
    # a manager renews their own token too
    own = new_token(client, manager.headers, org, manager.id)
    assert own.status_code == 200, own.text
    assert works(client, manager.token, org) == 401
    assert works(client, own.json()["token"], org) == 200


def test_only_a_manager_of_the_organisation_deactivates_or_reissues(
    client: TestClient, services: Services
) -> None:
    org, manager, dsl, member = team(client)
    other_manager = f.staff(client, f.organisation(client), "manager")
    before = events_stored(services)
    for who in (dsl.headers, member.headers, other_manager.headers, f.OPERATOR):
        assert_problem(deactivate(client, who, org, member.id), 403)
        assert_problem(new_token(client, who, org, member.id), 403)
    assert events_stored(services) == before
    assert works(client, member.token, org) == 200
    # another organisation's member is not found here
    assert_problem(deactivate(client, manager.headers, org, other_manager.id), 404)
    assert works(client, other_manager.token, other_manager.org_id) == 200
    settle(services)
    refused = [
        e for e in audit_of(client, dsl, "denied") if e["resource"] in ("staff", "staff-token")
    ]
    assert {e["actor_id"] for e in refused} >= {dsl.id, member.id}
    assert [e["action"] for e in refused if e["actor_id"] == manager.id] == ["update"]  # the 404
    assert len([e for e in refused if e["actor_id"] is None]) == 2  # the operator, twice


# -- the operator sets an organisation up, then its managers take over ------------------------


def test_the_operator_adds_staff_only_while_the_organisation_has_no_active_manager(
    client: TestClient, services: Services
) -> None:
    org = f.organisation(client)
    assert add(client, f.OPERATOR, org, "dsl", email="dsl@acorns.example").status_code == 201
    first = add(client, f.OPERATOR, org, "manager", email="boss@acorns.example")
    assert first.status_code == 201, first.text
    manager = f.Staff(first.json()["id"], org, first.json()["token"])

    before = events_stored(services)
    assert_problem(add(client, f.OPERATOR, org, "manager", email="me@operator.example"), 403)
    assert events_stored(services) == before
    assert "me@operator.example" not in {m["email"] for m in staff_list(client, manager, org)}

    assert deactivate(client, manager.headers, org, manager.id).status_code == 200
    again = add(client, f.OPERATOR, org, "manager", email="new.boss@acorns.example")
    assert again.status_code == 201, again.text


# -- the access log: staff added, roles changed, the DSL role granted ------------------------


def test_staff_added_and_roles_changed_are_in_the_access_log_and_a_new_dsl_alerts(
    client: TestClient, services: Services
) -> None:
    org, manager, dsl, member = team(client)
    response = set_roles(client, manager.headers, org, member.id, "practitioner", "dsl")
    assert response.status_code == 200, response.text
    assert sorted(response.json()["roles"]) == ["dsl", "practitioner"]
    added = add(client, manager.headers, org, "manager", email="deputy@acorns.example")
    assert added.status_code == 201, added.text
    response = set_roles(
        client, manager.headers, org, added.json()["id"], "manager", "practitioner"
    )
    assert response.status_code == 200, response.text
    settle(services)

    done = [(e["action"], e["resource"]) for e in audit_of(client, dsl, f"staff/{manager.id}")]
    assert done == [
        ("create", "dsl-role"),  # the DSL added by this manager
        ("create", "staff"),  # the practitioner
        ("update", "dsl-role"),  # the practitioner made a DSL
        ("create", "staff"),  # the deputy
        ("update", "staff-roles"),
    ]
    alerts = [(e["actor_id"], e["resource"]) for e in audit_of(client, dsl, "alerts")]
    assert alerts == [(manager.id, "dsl-role"), (manager.id, "dsl-role")]
    # the DSL role is granted, not kept: changing other roles of a DSL alerts no one
    set_roles(client, manager.headers, org, member.id, "dsl")
    settle(services)
    assert len(audit_of(client, dsl, "alerts")) == 2


def test_a_practitioner_cannot_give_themselves_the_dsl_role(
    client: TestClient, services: Services
) -> None:
    org, manager, dsl, member = team(client)
    response = set_roles(client, member.headers, org, member.id, "dsl")
    assert_problem(response, 403)
    settle(services)
    alerts = [(e["actor_id"], e["resource"], e["outcome"]) for e in audit_of(client, dsl, "alerts")]
    assert alerts == [(manager.id, "dsl-role", "allowed"), (member.id, "dsl-role", "denied")]
    assert (
        "dsl" not in next(m for m in staff_list(client, dsl, org) if m["id"] == member.id)["roles"]
    )


# -- invitations and tokens that expire --------------------------------------------------------


def test_a_new_member_gets_a_single_invitation_link_holding_no_personal_data(
    client: TestClient, services: Services
) -> None:
    org = f.organisation(client)
    response = add(client, f.OPERATOR, org, "manager", email="grace.okafor@acorns.example")
    assert response.status_code == 201, response.text
    url = response.json()["invitation_url"]
    parsed = urlparse(url)
    assert parsed.scheme in ("http", "https") and parsed.path.startswith("/invitations/")
    for personal in ("grace", "okafor", "kemi", "adeyemi", "acorns"):
        assert personal not in url.lower()
    secret = parsed.path.rsplit("/", 1)[-1]
    assert secret.split("_", 3)[3] not in str(vars(services.app.organisation(UUID(org))))
    redeemed = services.app.redeem_invitation(secret)
    assert str(redeemed.staff_id) == response.json()["id"]


def test_an_expired_token_is_refused_saying_so_and_a_new_one_works(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = f.organisation(client)
    manager = f.staff(client, org, "manager")
    member = f.staff(client, org, "practitioner")
    assert works(client, member.token, org) == 200
    now = services.app.clock()
    days = services.settings.token_days

    monkeypatch.setattr(services.app, "clock", lambda: now + timedelta(days=days - 1))
    assert works(client, member.token, org) == 200
    renewed = new_token(client, manager.headers, org, member.id)
    assert renewed.status_code == 200, renewed.text

    monkeypatch.setattr(services.app, "clock", lambda: now + timedelta(days=days, seconds=1))
    body = assert_problem(client.get(f"/v1/organisations/{org}", headers=manager.headers), 401)
    assert body["type"] == "/problems/token-expired"
    assert "expired" in str(body["detail"])
    assert works(client, renewed.json()["token"], org) == 200


def test_a_locked_out_organisation_gets_a_managers_token_from_the_server(
    client: TestClient,
    services: Services,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every manager's token expired: only someone on the server can issue a new one."""
    org, manager, dsl, _ = team(client)
    for name, value in cli_env(settings).items():
        monkeypatch.setenv(name, value)
    assert cli_main(["staff", "token", org, manager.id]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("bt_") and token != manager.token
    assert works(client, token, org) == 200
    # another process: the server forgets the old token within BATON_AUTH_CACHE_SECONDS
    services.auth_cache.clear()
    assert works(client, manager.token, org) == 401
    settle(services)
    alerts = [(e["actor_roles"], e["resource"]) for e in audit_of(client, dsl, "alerts")]
    assert alerts[-1] == (["command-line"], "staff-token-from-server")
    assert cli_main(["staff", "token", org, str(UUID(int=7))]) == 1
