"""Every refusal is in the access log exactly once — unknown tokens, wrong roles, too many failed
attempts — naming the token only by its hash prefix; and failed authentication is limited per
source address and per staff id (on embedded SQLite and on PostgreSQL)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from api.main import create_app
from api.services import Services
from api.settings import Settings
from domain.access_log.entry import AccessEntry
from projections.store.access_log import COLUMNS, _entry
from tests import factories as f
from tests.api.problems import assert_problem
from tests.api.test_audit_api import settle
from tests.conftest import settings_for

Request = tuple[str, str, dict[str, Any] | None]
LIMIT = 3


@pytest.fixture
def settings(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    return settings_for(store, tmp_path, request).model_copy(
        # No cache of checked tokens: what lets a good token through is the limit's own memory
        # of tokens that authenticated, not the cache.
        update={"auth_failures_per_minute": LIMIT, "auth_cache_seconds": 0}
    )


def prefix(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def last_id(services: Services) -> int:
    with services.db.read() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM access_log")
        row = cur.fetchone()
    return int(row[0]) if row else 0


def written_since(services: Services, after: int) -> list[tuple[AccessEntry, tuple[Any, ...]]]:
    """Each entry written after row ``after``, with its raw row (to look for the token)."""
    with services.db.read() as cur:
        cur.execute(f"SELECT {COLUMNS} FROM access_log WHERE id > %s ORDER BY id", (after,))
        rows = cur.fetchall()
    return [(_entry(row), tuple(row)) for row in rows]


def refused_once(services: Services, client: TestClient, request: Request, headers: Any) -> Any:
    """Send ``request``; its one new access-log entry, which must be a refusal."""
    method, path, body = request
    before = last_id(services)
    response = client.request(method, path, headers=headers, json=body)
    assert response.status_code in (401, 403, 404, 429), (path, response.text)
    new = written_since(services, before)
    assert [e.outcome.value for e, _ in new] == ["denied"], (path, new)
    return response, *new[0]


@pytest.fixture
def world(client: TestClient) -> dict[str, Any]:
    practitioner, child_id = f.setting_with_child(client)
    school_id, teacher = f.school_with_teacher(client)
    return {"practitioner": practitioner, "child": child_id, "school": school_id, "org": teacher}


def admin_key_and_audit_requests(w: dict[str, Any]) -> list[Request]:
    org, child = w["practitioner"].org_id, w["child"]
    return [
        ("POST", "/v1/organisations", {"name": "Elms", "kind": "nursery", "urn": None}),
        (
            "POST",
            f"/v1/organisations/{org}/staff",
            {"name": "A", "email": "a@example.org", "roles": ["manager"]},
        ),
        ("POST", f"/v1/organisations/{org}/keys", {"public_key": "x"}),
        ("POST", f"/v1/organisations/{org}/keys/rotation", None),
        ("GET", "/v1/audit/denied", None),
        ("GET", "/v1/audit/alerts", None),
        ("GET", f"/v1/audit/staff/{w['practitioner'].id}", None),
        ("GET", f"/v1/audit/children/{child}", None),
        ("GET", "/v1/audit/checkpoint", None),
        ("GET", "/v1/audit/consistency?from=1&to=2", None),
    ]


def child_and_handover_requests(w: dict[str, Any]) -> list[Request]:
    child, school = w["child"], w["school"]
    # Asked by the school's teacher: none of these is theirs to read or do.
    return [
        ("GET", f"/v1/children/{child}", None),
        ("POST", f"/v1/children/{child}/observations", f.observation_body()),
        ("GET", f"/v1/settings/{w['practitioner'].org_id}/children", None),
        ("POST", "/v1/handovers", {"child_id": child, "school_id": school}),
        ("GET", f"/v1/schools/{w['practitioner'].org_id}/handovers", None),
        ("GET", f"/v1/handovers/{uuid4()}", None),
    ]


def test_an_unknown_token_is_refused_and_logged_by_its_hash_prefix_on_every_kind_of_endpoint(
    client: TestClient, services: Services, world: dict[str, Any], subtests: pytest.Subtests
) -> None:
    services.failures.limit = 0  # this test sends more than a minute's bad tokens
    practitioner = world["practitioner"]
    for request in admin_key_and_audit_requests(world) + child_and_handover_requests(world):
        for token in ("letmein", f"{practitioner.token}x", f"bt_{uuid4().hex}_{uuid4().hex}_s"):
            with subtests.test(request[1], token=token[:12]):
                response, entry, row = refused_once(
                    services, client, request, {"Authorization": f"Bearer {token}"}
                )
                assert_problem(response, 401)
                assert entry.token_hash_prefix == prefix(token)
                assert not any(token in str(value) for value in row)
                assert (entry.actor_id, entry.actor_org_id, entry.action.value) == (
                    None,
                    None,
                    "execute",
                )
                assert entry.resource.startswith(request[0] + " /v1/")
                ids = (world["child"], world["school"], practitioner.org_id, practitioner.id)
                assert not any(i in entry.resource for i in ids)  # the route, not the URL
                if f"/children/{world['child']}" in request[1]:
                    assert entry.child_id == UUID(world["child"])
    missing = refused_once(services, client, ("GET", "/v1/audit/denied", None), {})
    assert missing[1].token_hash_prefix is None


def test_a_wrong_role_is_refused_and_logged_once_with_who_asked(
    client: TestClient, services: Services, world: dict[str, Any], subtests: pytest.Subtests
) -> None:
    practitioner = world["practitioner"]
    teacher = world["org"]
    cases = [(practitioner, r) for r in admin_key_and_audit_requests(world)] + [
        (teacher, r) for r in child_and_handover_requests(world)
    ]
    for who, request in cases:
        with subtests.test(request[1], by="practitioner" if who is practitioner else "teacher"):
            response, entry, _ = refused_once(services, client, request, who.headers)
            assert response.status_code in (403, 404)
            assert (str(entry.actor_id), str(entry.actor_org_id)) == (who.id, who.org_id)
            assert entry.token_hash_prefix == prefix(who.token)
    # The operator on a child's record: the guard's own entry, not a second one.
    response, entry, _ = refused_once(
        services, client, ("GET", f"/v1/children/{world['child']}", None), f.OPERATOR
    )
    assert_problem(response, 403)
    assert (entry.actor_roles, entry.resource) == (("operator",), "child")


def test_a_dsl_sees_an_unknown_tokens_attempt_on_a_child_in_the_alerts(
    client: TestClient, services: Services, world: dict[str, Any]
) -> None:
    dsl = f.staff(client, world["practitioner"].org_id, "dsl")
    token = "bt_stolen-or-guessed"
    assert_problem(client.get(f"/v1/children/{world['child']}", headers=bad(token)), 401)
    settle(services)
    response = client.get("/v1/audit/alerts", headers=dsl.headers, params={"limit": 500})
    assert response.status_code == 200, response.text
    refused = [e for e in response.json()["items"] if e["token_hash_prefix"] == prefix(token)]
    assert [(e["child_id"], e["actor_id"], e["outcome"]) for e in refused] == [
        (world["child"], None, "denied")
    ]


# -- the limit on failed authentication ---------------------------------------------------------


@pytest.fixture
def elsewhere(services: Services) -> Iterator[TestClient]:
    """A second client, from another address."""
    with TestClient(create_app(services=services), client=("192.0.2.7", 40000)) as other:
        yield other


def bad(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_too_many(response: Response) -> None:
    assert_problem(response, 429)
    assert response.json()["type"] == "/problems/too-many-attempts"
    assert 1 <= int(response.headers["retry-after"]) <= 60


def test_failures_from_one_address_get_429_and_known_tokens_still_pass(
    client: TestClient, services: Services, elsewhere: TestClient, world: dict[str, Any]
) -> None:
    practitioner, child = world["practitioner"], world["child"]
    assert client.get(f"/v1/children/{child}", headers=practitioner.headers).status_code == 200
    path = f"/v1/children/{child}"
    for n in range(LIMIT):
        assert_problem(client.get(path, headers=bad(f"guess-{n}")), 401)
    before = last_id(services)
    refused = client.get(path, headers=bad("guess-again"))
    assert_too_many(refused)
    [(entry, _)] = written_since(services, before)
    assert (entry.outcome.value, entry.token_hash_prefix) == ("denied", prefix("guess-again"))
    assert entry.child_id == UUID(child)
    assert_too_many(client.get(path))  # no token at all is no way round it

    # Not slowed: the operator, and a token that authenticated before, from the same address.
    assert client.get(f"/v1/organisations/{world['school']}", headers=f.OPERATOR).status_code == 200
    assert client.get(path, headers=practitioner.headers).status_code == 200
    # Another address is not held back by this one's failures.
    assert_problem(elsewhere.get(path, headers=bad("letmein")), 401)


def test_failures_claiming_one_staff_id_get_429_from_any_address(
    client: TestClient, services: Services, elsewhere: TestClient, world: dict[str, Any]
) -> None:
    practitioner = world["practitioner"]
    claimed = practitioner.token.rsplit("_", 1)[0]  # bt_<org>_<staff>: the secret is guessed
    path = f"/v1/children/{world['child']}"
    for n in range(LIMIT):
        sender = client if n % 2 else elsewhere
        assert_problem(sender.get(path, headers=bad(f"{claimed}_guess{n}")), 401)
    assert_too_many(elsewhere.get(path, headers=bad(f"{claimed}_guess-again")))
    # Failures in their name do not lock the person out: their token authenticated before.
    assert elsewhere.get(path, headers=practitioner.headers).status_code == 200
    # A colleague is not held back by that staff id's failures (nor by the addresses', below
    # the limit on each: the two clients shared the failures between them).
    colleague = f.staff(client, practitioner.org_id, "practitioner")
    assert client.get(path, headers=colleague.headers).status_code == 200
