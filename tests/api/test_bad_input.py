"""Bad input gets the documented 4xx as problem+json, names the field, and changes nothing.

Every test runs on embedded SQLite and on PostgreSQL (the ``client`` fixture).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.services import Services
from tests import factories as f
from tests.api.problems import PROBLEM_JSON, assert_problem, events_stored, journey_size

# psycopg_pool opens connections in its own threads and jitters their lifetime with the random
# module's shared generator; when that happens while hypothesis draws a body, hypothesis takes it
# for a strategy using ``random``. None of the strategies here does.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies"
    ":hypothesis.errors.HypothesisDeprecationWarning"
)

ONE_MIB = 1_048_576


def post_observation(client: TestClient, by: f.Staff, child_id: str, body: Any) -> Any:
    return client.post(f"/v1/children/{child_id}/observations", headers=by.headers, json=body)


def assert_nothing_recorded(
    client: TestClient, services: Services, by: f.Staff, child_id: str, events_before: int
) -> None:
    """No new event in the store, no entry on the child, an empty list, zero counts."""
    assert events_stored(services) == events_before
    assert journey_size(services, child_id) == 0
    assert f.observations_listed(client, by, child_id) == []
    summary = client.get(f"/v1/children/{child_id}", headers=by.headers).json()
    assert set(summary["observations"].values()) == {0}


# -- observations refused by their content ------------------------------------------------------

INVALID_OBSERVATIONS: list[tuple[str, dict[str, Any], str]] = [
    ("unknown area", {"area": "MUSIC"}, "area"),
    ("area in lower case", {"area": "cl"}, "area"),
    ("empty text", {"text": ""}, "text"),
    ("whitespace-only text", {"text": " \t\n  "}, "text"),
    ("100 kB text", {"text": "x" * 100_000}, "text"),
    ("text null", {"text": None}, "text"),
    ("area a number", {"area": 5}, "area"),
    ("date in words", {"observed_on": "yesterday"}, "observed_on"),
    ("no such date", {"observed_on": "2024-02-30"}, "observed_on"),
    ("elgs a string, not a list", {"elgs": "COM_E01"}, "elgs"),
    ("2012 profile goal code", {"elgs": ["G01"]}, "elgs"),
    ("Baton's own pre-DfE goal code", {"elgs": ["CL_E01"]}, "elgs"),
    ("no such goal code", {"elgs": ["COM_E99"]}, "elgs"),
    ("unknown characteristic", {"characteristics": ["being_good"]}, "characteristics"),
    ("unknown field", {"colour": "blue"}, "colour"),
]


def test_invalid_observation_is_refused_naming_the_field_and_nothing_recorded(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    before = events_stored(services)
    for case, overrides, field in INVALID_OBSERVATIONS:
        with subtests.test(case):
            body = f.observation_body(**overrides)
            assert_problem(post_observation(client, practitioner, child_id, body), 422, field)
            assert_nothing_recorded(client, services, practitioner, child_id, before)


def test_observation_missing_a_required_field_is_refused_naming_it(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    before = events_stored(services)
    for missing in ("area", "text", "observed_on"):
        with subtests.test(missing):
            body = f.observation_body()
            del body[missing]
            assert_problem(post_observation(client, practitioner, child_id, body), 422, missing)
            assert_nothing_recorded(client, services, practitioner, child_id, before)


def test_observation_in_the_future_is_refused_and_nothing_recorded(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    before = events_stored(services)
    response = post_observation(
        client, practitioner, child_id, f.observation_body(observed_on=f.days_ago(-2))
    )
    body = assert_problem(response, 422, "observed_on")
    assert "future" in str(body["detail"])
    assert_nothing_recorded(client, services, practitioner, child_id, before)


def test_observation_before_the_child_was_born_is_refused_but_on_the_day_of_birth_recorded(
    client: TestClient, services: Services
) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")
    born = date.today() - timedelta(days=400)
    child_id = f.child(
        client, practitioner, date_of_birth=born.isoformat(), started_on=f.days_ago(100)
    )
    before = events_stored(services)
    day_before_birth = (born - timedelta(days=1)).isoformat()
    response = post_observation(
        client, practitioner, child_id, f.observation_body(observed_on=day_before_birth)
    )
    body = assert_problem(response, 422, "observed_on")
    assert "birth" in str(body["detail"])
    assert_nothing_recorded(client, services, practitioner, child_id, before)
    # The boundary the refusal must not overshoot.
    recorded = f.observation(client, practitioner, child_id, observed_on=born.isoformat())
    assert recorded["observed_on"] == born.isoformat()


MALFORMED = [
    ("truncated", b'{"area": "CL", "text": "unfinished'),
    ("single quotes", b"{'area': 'CL'}"),
    ("prose", b"not json at all"),
    ("binary", b"\xff\xfe\x00garbage"),
    ("empty", b""),
]


def test_malformed_json_is_refused_as_problem_json_and_nothing_recorded(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    before = events_stored(services)
    for case, raw in MALFORMED:
        with subtests.test(case):
            response = client.post(
                f"/v1/children/{child_id}/observations",
                headers={**practitioner.headers, "Content-Type": "application/json"},
                content=raw,
            )
            assert_problem(response, 422, "body")
            assert_nothing_recorded(client, services, practitioner, child_id, before)


def test_body_that_is_not_an_object_is_refused(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    before = events_stored(services)
    for body in ([], "CL", None, 5, [f.observation_body()]):
        with subtests.test(body=repr(body)[:40]):
            assert_problem(post_observation(client, practitioner, child_id, body), 422)
            assert_nothing_recorded(client, services, practitioner, child_id, before)


def test_body_over_one_mebibyte_is_refused_with_413_and_nothing_recorded(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    before = events_stored(services)
    payload = json.dumps(f.observation_body(text="x" * (ONE_MIB + 10))).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(payload), 64 * 1024):
            yield payload[start : start + 64 * 1024]

    for case, content in (("with its length", payload), ("in chunks, no length", chunks())):
        with subtests.test(case):
            response = client.post(
                f"/v1/children/{child_id}/observations",
                headers={**practitioner.headers, "Content-Type": "application/json"},
                content=content,
            )
            assert_problem(response, 413)
            assert_nothing_recorded(client, services, practitioner, child_id, before)


# -- children refused at registration -------------------------------------------------------------


INVALID_CHILDREN: list[tuple[str, dict[str, Any], str]] = [
    (
        "born in the future",
        {"date_of_birth": f.days_ago(-30), "started_on": f.days_ago(-10)},
        "date_of_birth",
    ),
    ("six and over", {"date_of_birth": f.days_ago(6 * 365 + 30)}, "date_of_birth"),
    (
        "started before birth",
        {"date_of_birth": f.days_ago(400), "started_on": f.days_ago(401)},
        "started_on",
    ),
    ("starting over a year ahead", {"started_on": f.days_ago(-400)}, "started_on"),
    ("blank given name", {"given_name": "  "}, "given_name"),
    ("date in words", {"date_of_birth": "yesterday"}, "date_of_birth"),
    ("unknown SEND status", {"send_status": "unknown"}, "send_status"),
    ("unknown field", {"nickname": "Mimi"}, "nickname"),
]


def test_invalid_child_is_refused_naming_the_field_and_nothing_stored(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")
    before = events_stored(services)
    for case, overrides, field in INVALID_CHILDREN:
        with subtests.test(case):
            response = client.post(
                "/v1/children",
                headers=practitioner.headers,
                json=f.child_body(practitioner.org_id, **overrides),
            )
            assert_problem(response, 422, field)
            assert events_stored(services) == before
    with subtests.test("just under six, the boundary the refusal must not overshoot"):
        response = client.post(
            "/v1/children",
            headers=practitioner.headers,
            json=f.child_body(practitioner.org_id, date_of_birth=f.days_ago(6 * 365 - 45)),
        )
        assert response.status_code == 201, response.text


# -- unknown ids ----------------------------------------------------------------------------------


def test_unknown_child_is_404_and_a_malformed_id_422_and_nothing_stored(
    client: TestClient, services: Services
) -> None:
    practitioner, _ = f.setting_with_child(client)
    before = events_stored(services)
    nobody = uuid4()
    for response in (
        client.get(f"/v1/children/{nobody}", headers=practitioner.headers),
        client.get(f"/v1/children/{nobody}/observations", headers=practitioner.headers),
        post_observation(client, practitioner, str(nobody), f.observation_body()),
    ):
        assert_problem(response, 404)
    assert_problem(client.get("/v1/children/amara", headers=practitioner.headers), 422, "child_id")
    assert events_stored(services) == before


def test_unknown_entry_is_404_and_nothing_stored(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    observation_id = f.observation(client, practitioner, child_id)["id"]
    before = events_stored(services)
    amendments = {
        "corrections": {"text": "Amara counted to ten.", "reason": "misheard"},
        "withdrawal": {"reason": "wrong child"},
    }
    cases = [
        ("observations", str(uuid4())),
        ("voices", str(uuid4())),
        ("voices", observation_id),  # an observation addressed as a voice
    ]
    for collection, entry_id in cases:
        for action, body in amendments.items():
            with subtests.test(collection=collection, entry=entry_id, action=action):
                response = client.post(
                    f"/v1/children/{child_id}/{collection}/{entry_id}/{action}",
                    headers=practitioner.headers,
                    json=body,
                )
                assert_problem(response, 404)
                assert events_stored(services) == before
    listed = f.observations_listed(client, practitioner, child_id)
    assert [(o["status"], o["corrections"]) for o in listed] == [("current", [])]


# -- assessments ----------------------------------------------------------------------------------


def progress_check(assessed_on: str) -> dict[str, Any]:
    return {
        "kind": "progress_check_at_two",
        "assessed_on": assessed_on,
        "summary": "Settled, chatty, climbing confidently.",
        "areas": {"CL": "on_track", "PSED": "on_track", "PD": "exceeding"},
    }


def test_progress_check_at_two_outside_24_to_36_months_is_refused_and_nothing_recorded(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")
    born = date.today() - timedelta(days=4 * 365 + 30)
    child_id = f.child(client, practitioner, date_of_birth=born.isoformat())
    url = f"/v1/children/{child_id}/assessments"
    before = events_stored(services)
    for case, age_in_days in (("at thirteen months", 400), ("at four years", 4 * 365 + 30)):
        with subtests.test(case):
            assessed_on = (born + timedelta(days=age_in_days)).isoformat()
            response = client.post(
                url, headers=practitioner.headers, json=progress_check(assessed_on)
            )
            assert_problem(response, 422, "assessed_on")
            assert events_stored(services) == before
            assert journey_size(services, child_id) == 0
    with subtests.test("at thirty months, the boundary the refusal must not overshoot"):
        at_thirty_months = (born + timedelta(days=30 * 30 + 20)).isoformat()
        response = client.post(
            url, headers=practitioner.headers, json=progress_check(at_thirty_months)
        )
        assert response.status_code == 201, response.text
    summary = client.get(f"/v1/children/{child_id}", headers=practitioner.headers).json()
    assert summary["assessments"] == 1


# -- lists: cursors and limits --------------------------------------------------------------------


def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


INVALID_CURSORS = [
    ("prose", "not-a-cursor"),
    ("punctuation", "!!!!"),
    ("not ascii", "é"),
    ("an object", _b64({"after": "2024-01-01"})),
    ("numbers", _b64([1, 2, 3])),
    ("a string", _b64("2024-01-01")),
]


def test_invalid_cursor_is_refused_naming_it(client: TestClient, subtests: pytest.Subtests) -> None:
    practitioner, child_id = f.setting_with_child(client)
    f.observation(client, practitioner, child_id)
    for case, cursor in INVALID_CURSORS:
        with subtests.test(case):
            response = client.get(
                f"/v1/children/{child_id}/observations",
                headers=practitioner.headers,
                params={"cursor": cursor},
            )
            assert_problem(response, 422, "cursor")


def test_limit_outside_1_to_500_is_refused_naming_it(
    client: TestClient, subtests: pytest.Subtests
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    f.observation(client, practitioner, child_id)
    for limit in ("0", "501", "-1", "ten", "2.5"):
        with subtests.test(limit=limit):
            response = client.get(
                f"/v1/children/{child_id}/observations",
                headers=practitioner.headers,
                params={"limit": limit},
            )
            assert_problem(response, 422, "limit")
    for limit in ("1", "500"):
        with subtests.test(limit=limit):
            response = client.get(
                f"/v1/children/{child_id}/observations",
                headers=practitioner.headers,
                params={"limit": limit},
            )
            assert response.status_code == 200, response.text
            assert len(response.json()["items"]) == 1


# -- no request, however malformed, gets a 500 ----------------------------------------------------


# No NUL: a name holding one halts the PostgreSQL views of the whole (shared) test database;
# test_poisoned_views.py covers it, on a database of its own.
def text(min_size: int = 0, max_size: int = 20) -> st.SearchStrategy[str]:
    # Lone surrogates (category Cs) cannot be encoded as UTF-8 by any client, so they are never
    # in a request; invalid bytes on the wire are tested directly below.
    alphabet = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
    return st.text(alphabet, min_size=min_size, max_size=max_size)


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
RECENT = st.dates(min_value=date.today() - timedelta(days=5 * 365), max_value=date.today())
DATES = (RECENT | RECENT | st.dates()).map(date.isoformat)  # mostly days a journey could hold
PLAUSIBLE_STRINGS = st.sampled_from(
    ["CL", "PSED", "EAD", "cl", "", " ", "COM_E01", "CL_E01", "G01"]
)
GOALS = st.lists(
    st.sampled_from(["COM_E01", "PHY_E07", "EXP_E17", "CL_E01", "G01", "XX"]), max_size=3
)
CHARACTERISTICS = st.lists(st.sampled_from(["active_learning", "playing", ""]), max_size=2)


def nearly(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies with the schema's field names, each present or not, holding odd values too."""
    value_of = {name: strategy | JSONISH for name, strategy in fields.items()}
    return st.fixed_dictionaries({}, optional=value_of).flatmap(
        lambda body: st.dictionaries(text(max_size=8), JSONISH, max_size=1).map(
            lambda extra: {**extra, **body}
        )
    )


def well_formed(
    required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies that pass the schema, so that the fuzzing reaches the rules and the store."""
    return st.fixed_dictionaries(required, optional=optional)


OBSERVATION_BODIES = (
    JSONISH
    | nearly(
        {
            "area": PLAUSIBLE_STRINGS,
            "text": text(max_size=40),
            "observed_on": DATES,
            "elgs": st.lists(PLAUSIBLE_STRINGS, max_size=3),
            "characteristics": CHARACTERISTICS,
        }
    )
    | well_formed(
        {
            "area": st.sampled_from(["CL", "PSED", "PD", "L", "M", "UW", "EAD"]),
            "text": text(min_size=1, max_size=40),
            "observed_on": RECENT.map(date.isoformat),
        },
        {"elgs": GOALS, "characteristics": CHARACTERISTICS},
    )
)


def child_bodies(setting_id: str) -> st.SearchStrategy[Any]:
    names = text(min_size=1, max_size=20)
    return (
        JSONISH
        | nearly(
            {
                "setting_id": st.sampled_from([setting_id, str(uuid4()), "not-a-uuid"]),
                "given_name": text(max_size=20),
                "family_name": text(max_size=20),
                "date_of_birth": DATES,
                "started_on": DATES,
                "preferred_name": st.none() | text(max_size=10),
                "home_languages": st.lists(text(max_size=8), max_size=3),
                "send_status": st.sampled_from(["none", "sen_support", "ehc_plan", "EHC"]),
            }
        )
        | well_formed(
            {
                "setting_id": st.just(setting_id),
                "given_name": names,
                "family_name": names,
                "date_of_birth": RECENT.map(date.isoformat),
                "started_on": RECENT.map(date.isoformat),
            },
            {
                "preferred_name": st.none() | names,
                "home_languages": st.lists(names, max_size=3),
                "send_status": st.sampled_from(["none", "sen_support", "ehc_plan"]),
            },
        )
    )


def assert_answered_without_a_server_error(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
        assert response.json()["status"] == response.status_code


# derandomize: the same examples on every run, so a fresh clone in CI is as green as the last run
# here; widen the search locally with --hypothesis-seed or more max_examples.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def test_no_observation_body_gets_a_server_error(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)

    @FUZZ
    @given(body=OBSERVATION_BODIES)
    def post(body: Any) -> None:
        response = post_observation(client, practitioner, child_id, body)
        assert_answered_without_a_server_error(response)

    post()


def test_no_child_body_gets_a_server_error(client: TestClient) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")

    @FUZZ
    @given(body=child_bodies(practitioner.org_id))
    def post(body: Any) -> None:
        response = client.post("/v1/children", headers=practitioner.headers, json=body)
        assert_answered_without_a_server_error(response)

    post()


def test_a_body_that_is_not_utf8_is_refused_naming_the_body(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)
    before = f.observations_listed(client, practitioner, child_id)
    response = client.post(
        f"/v1/children/{child_id}/observations",
        headers={**practitioner.headers, "content-type": "application/json"},
        content=b'{"area": "CL", "text": "\xed\xa0\x80 a lone surrogate",'
        b' "observed_on": "2025-01-01"}',
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert f.observations_listed(client, practitioner, child_id) == before
