"""Any ``?cursor=`` a client can send, on every list, gets a page or a 4xx problem: never a 500.

Every test runs on embedded SQLite and on PostgreSQL (the ``client`` fixture).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories as f
from tests.api.problems import PROBLEM_JSON, assert_problem


def every_list(client: TestClient) -> list[tuple[str, f.Staff]]:
    """Every list that takes ``?cursor=``, each with a member of staff allowed to read it."""
    nursery = f.organisation(client, "nursery")
    practitioner = f.staff(client, nursery, "practitioner")
    dsl = f.staff(client, nursery, "dsl")
    child_id = f.child(client, practitioner)
    f.observation(client, practitioner, child_id)
    f.voice(client, practitioner, child_id)
    school, teacher = f.school_with_teacher(client)
    f.consent(client, practitioner, child_id, school)
    f.handover(client, practitioner, child_id, school)
    return [
        (f"/v1/children/{child_id}/observations", practitioner),
        (f"/v1/children/{child_id}/voices", practitioner),
        (f"/v1/children/{child_id}/assessments", practitioner),
        (f"/v1/settings/{nursery}/children", practitioner),
        (f"/v1/settings/{nursery}/consents", practitioner),
        (f"/v1/settings/{nursery}/handovers", practitioner),
        (f"/v1/schools/{school}/handovers", teacher),
        (f"/v1/audit/children/{child_id}", dsl),
        (f"/v1/audit/staff/{practitioner.id}", dsl),
        ("/v1/audit/denied", dsl),
        ("/v1/audit/alerts", dsl),
    ]


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def b64_json(value: Any) -> str:
    return b64(json.dumps(value).encode())


# What a key could hold, and what it never should: huge and negative numbers, floats, odd text,
# dates that are not dates, ids that are not ids.
KEY_PARTS = (
    st.integers()
    | st.integers(min_value=2**62, max_value=2**70)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.text(max_size=40)
    | st.dates().map(str)
    | st.datetimes().map(str)
    | st.uuids().map(str)
    | st.sampled_from(["", "²", "٣", "9" * 40, "-1", "2024-13-45", "\x00", "' OR 1=1 --"])
)
JSONISH = st.recursive(
    KEY_PARTS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
CURSORS = (
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
    | st.lists(KEY_PARTS, max_size=4).map(b64_json)
    | JSONISH.map(b64_json)
    | st.binary(max_size=60).map(b64)
    | st.sampled_from(["²", "9" * 400, "[" * 5000, b64(b"[" * 5000), "=", "%", "A" * 5000])
)


def test_no_cursor_on_any_list_gets_a_server_error(client: TestClient) -> None:
    endpoints = every_list(client)

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(endpoint=st.sampled_from(endpoints), cursor=CURSORS)
    def read(endpoint: tuple[str, f.Staff], cursor: str) -> None:
        path, by = endpoint
        response = client.get(path, headers=by.headers, params={"cursor": cursor})
        assert response.status_code < 500, (path, cursor, response.text)
        if response.status_code != 200:
            assert response.status_code in (400, 422), (path, cursor, response.text)
            assert response.headers["content-type"].startswith(PROBLEM_JSON)

    read()


@pytest.mark.parametrize(
    "cursor",
    ["²", "9" * 40, b64_json([2**70]), b64_json([-5]), b64_json(["²"]), b64(b"[" * 5000)],
)
def test_a_cursor_no_list_gave_out_is_refused_naming_it_on_every_list(
    client: TestClient, cursor: str
) -> None:
    for path, by in every_list(client):
        response = client.get(path, headers=by.headers, params={"cursor": cursor})
        assert_problem(response, 422, "cursor")


# -- keyset pages join up, whatever is written meanwhile -------------------------------------------


def read_all(
    client: TestClient, path: str, by: f.Staff, limit: int, **params: Any
) -> list[list[dict[str, Any]]]:
    """Every page of a list, following ``next`` until it is null."""
    pages, cursor = [], None
    for _ in range(50):
        response = client.get(
            path,
            headers=by.headers,
            params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})},
        )
        assert response.status_code == 200, response.text
        pages.append(response.json()["items"])
        cursor = response.json()["next"]
        if cursor is None:
            return pages
    raise AssertionError("the cursor never ran out")


def test_pages_of_two_join_up_to_the_whole_list_on_every_list_read_from_a_view(
    client: TestClient,
) -> None:
    nursery = f.organisation(client, "nursery")
    practitioner = f.staff(client, nursery, "practitioner")
    school, teacher = f.school_with_teacher(client)
    children = [f.child(client, practitioner, given_name=n) for n in ("Cara", "Ben", "Abi")]
    for child_id in children[:2]:  # Abi has never been observed
        f.observation(client, practitioner, child_id)
    for child_id in children:
        f.consent(client, practitioner, child_id, school)
        last = f.handover(client, practitioner, child_id, school)["position"]
    lists = [
        *((f"/v1/settings/{nursery}/children", practitioner, {"sort": s}) for s in SORTS),
        (f"/v1/settings/{nursery}/consents", practitioner, {}),
        (f"/v1/settings/{nursery}/handovers", practitioner, {}),
        (f"/v1/schools/{school}/handovers", teacher, {}),
    ]
    for path, by, params in lists:
        whole = read_all(client, path, by, 500, after=last, **params)
        assert len(whole) == 1 and len(whole[0]) == 3, (path, params)
        paged = read_all(client, path, by, 2, after=last, **params)
        assert [len(p) for p in paged] == [2, 1], (path, params)
        assert [i for p in paged for i in p] == whole[0], (path, params)


SORTS = ("name", "date_of_birth", "last_observed_on", "-last_observed_on")


def test_a_child_registered_between_pages_is_neither_repeated_nor_skipped(
    client: TestClient,
) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")
    for name in ("Cara", "Ben", "Abi"):
        last = client.post(
            "/v1/children",
            headers=practitioner.headers,
            json=f.child_body(practitioner.org_id, given_name=name),
        ).json()["position"]
    path = f"/v1/settings/{practitioner.org_id}/children"
    first = client.get(path, headers=practitioner.headers, params={"limit": 2, "after": last})
    assert [c["name"] for c in first.json()["items"]] == ["Abi Okafor", "Ben Okafor"]
    aaron = client.post(
        "/v1/children",
        headers=practitioner.headers,
        json=f.child_body(practitioner.org_id, given_name="Aaron"),
    ).json()
    rest = client.get(
        path,
        headers=practitioner.headers,
        params={"limit": 2, "cursor": first.json()["next"], "after": aaron["position"]},
    )
    assert [c["name"] for c in rest.json()["items"]] == ["Cara Okafor"]
    assert rest.json()["next"] is None
