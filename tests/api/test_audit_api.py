"""The access log through the API: what a DSL sees of who touched a child's record, break-glass,
and "no audit, no access".

Every test runs on embedded SQLite and on PostgreSQL (the ``client`` fixture). The background
integrator is stopped and the log integrated by hand, so what is listed is known exactly.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.routes.audit import CSV_FIELDS
from api.services import Services
from projections.runner import wait_for_position
from projections.store import audit_log
from projections.store.sqlite import SqliteDatabase
from tests import factories as f
from tests.api.problems import PROBLEM_JSON, assert_problem, events_stored, journey_size

CONTRACT_FIELDS = {
    "seq",
    "at",
    "actor_id",
    "actor_org_id",
    "action",
    "child_id",
    "resource",
    "outcome",
    "purpose",
}
JUSTIFICATION = "Police called: the child may be at risk tonight; we need the contacts."


def settle(services: Services) -> None:
    """Stop the background integrator (if any) and integrate every pending entry."""
    if services.integrator is not None:
        services.integrator.stop()
        services.integrator = None
    while audit_log.integrate(services.db, services.audit_signer):
        pass


def history(client: TestClient, by: f.Staff, child_id: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(
        f"/v1/audit/children/{child_id}", headers=by.headers, params={"limit": 500, **params}
    )
    assert response.status_code == 200, response.text
    assert response.json()["next"] is None
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@dataclass(frozen=True)
class World:
    setting: str
    practitioner: f.Staff
    dsl: f.Staff
    child_id: str
    position: int
    school: str
    teacher: f.Staff
    school_dsl: f.Staff


def world(client: TestClient) -> World:
    """A nursery (practitioner, DSL) enrolling a child, and a school (teacher, DSL)."""
    setting = f.organisation(client, "nursery")
    practitioner = f.staff(client, setting, "practitioner")
    dsl = f.staff(client, setting, "dsl")
    response = client.post("/v1/children", headers=practitioner.headers, json=f.child_body(setting))
    assert response.status_code == 201, response.text
    school = f.organisation(client, "school")
    return World(
        setting=setting,
        practitioner=practitioner,
        dsl=dsl,
        child_id=response.json()["id"],
        position=int(response.json().get("position") or 0),
        school=school,
        teacher=f.staff(client, school, "teacher"),
        school_dsl=f.staff(client, school, "dsl"),
    )


def send_packet(client: TestClient, w: World) -> str:
    """Consent to share the journey with the school, then a transition packet to it."""
    consent = client.post(
        f"/v1/children/{w.child_id}/consents",
        headers=w.practitioner.headers,
        json={
            "given_by": "Ngozi Okafor",
            "relationship": "mother",
            "recipient_id": w.school,
            "purpose": "transition",
            "categories": ["journey", "assessments", "voices"],
            "evidence": "paper form 2024-17",
        },
    )
    assert consent.status_code == 201, consent.text
    packet = client.post(
        "/v1/handovers",
        headers=w.practitioner.headers,
        json={"child_id": w.child_id, "school_id": w.school},
    )
    assert packet.status_code == 201, packet.text
    return str(packet.json()["id"])


def wait_until(condition: Any, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def setting_view_lists(client: TestClient, by: f.Staff, setting: str, child_id: str) -> bool:
    response = client.get(
        f"/v1/settings/{setting}/children", headers=by.headers, params={"limit": 500}
    )
    return response.status_code == 200 and any(
        r["child_id"] == child_id for r in response.json()["items"]
    )


# -- every read leaves an entry, listed for the DSL ----------------------------------------------


def test_every_read_of_a_child_is_listed_oldest_first_for_the_enrolling_dsl(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    f.observation(client, w.practitioner, w.child_id)
    packet = send_packet(client, w)
    wait_until(
        lambda: setting_view_lists(client, w.practitioner, w.setting, w.child_id),
        "the setting's children view to list the child",
    )
    settle(services)
    already = {e["seq"] for e in history(client, w.dsl, w.child_id)}

    reads = [
        (w.practitioner, f"/v1/children/{w.child_id}", "child"),
        (w.practitioner, f"/v1/children/{w.child_id}/observations", "observation"),
        (w.practitioner, f"/v1/settings/{w.setting}/children", "setting-children"),
        (w.practitioner, f"/v1/children/{w.child_id}/consents", "consent"),
        (w.teacher, f"/v1/handovers/{packet}/contents", "handover-contents"),
        (w.dsl, f"/v1/children/{w.child_id}", "child"),
    ]
    for by, path, _ in reads:
        response = client.get(path, headers=by.headers)
        assert response.status_code == 200, (path, response.text)
    settle(services)

    items = history(client, w.dsl, w.child_id)
    assert items, "the child's history is empty"
    for item in items:
        assert item.keys() >= CONTRACT_FIELDS, item
        assert item["child_id"] == w.child_id
        assert item["outcome"] in ("allowed", "denied")
    seqs = [e["seq"] for e in items]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), "not oldest first"
    ats = [e["at"] for e in items]
    assert [_instant(a) for a in ats] == sorted(_instant(a) for a in ats)

    new = [e for e in items if e["seq"] not in already]
    seen = [(e["actor_id"], e["resource"], e["action"], e["outcome"]) for e in new]
    # first the DSL's own read of the history (taken for ``already``), then every read above
    wanted = [(w.dsl.id, "audit-child", "read", "allowed")]
    wanted += [(by.id, resource, "read", "allowed") for by, _, resource in reads]
    assert seen == wanted
    purposes = {e["resource"]: e["purpose"] for e in new}
    assert purposes == {
        "audit-child": "audit",
        "child": "care",
        "observation": "care",
        "setting-children": "care",
        "consent": "care",
        "handover-contents": "transition",
    }
    contents = next(e for e in new if e["resource"] == "handover-contents")
    assert contents["actor_org_id"] == w.school
    assert {e["actor_org_id"] for e in new if e["resource"] != "handover-contents"} == {w.setting}
    # The creation of the child and the observation are in it too, before every read.
    creations = [e for e in items if e["action"] == "create"]
    assert {e["resource"] for e in creations} >= {"child"}
    assert min(e["seq"] for e in creations) < min(e["seq"] for e in new)


def _instant(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def test_history_pages_join_up_to_the_whole_history(client: TestClient, services: Services) -> None:
    w = world(client)
    for _ in range(5):
        assert client.get(f"/v1/children/{w.child_id}", headers=w.practitioner.headers).is_success
    settle(services)
    whole = history(client, w.dsl, w.child_id)
    paged: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(20):
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        response = client.get(
            f"/v1/audit/children/{w.child_id}", headers=w.dsl.headers, params=params
        )
        assert response.status_code == 200, response.text
        paged += response.json()["items"]
        cursor = response.json()["next"]
        if cursor is None:
            break
    # the DSL's own audit reads are logged meanwhile, but not integrated: the pages match
    assert [e["seq"] for e in paged] == [e["seq"] for e in whole]


def test_a_dsl_of_an_unrelated_organisation_gets_404_and_the_attempt_is_logged(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    other = f.organisation(client, "school")
    stranger = f.staff(client, other, "dsl")
    response = client.get(f"/v1/audit/children/{w.child_id}", headers=stranger.headers)
    assert_problem(response, 404)
    settle(services)
    refused = [
        e
        for e in history(client, w.dsl, w.child_id)
        if e["actor_id"] == stranger.id and e["resource"] == "audit-child"
    ]
    assert [(e["outcome"], e["purpose"], e["actor_org_id"]) for e in refused] == [
        ("denied", "audit", other)
    ]


def test_a_practitioner_who_is_not_a_dsl_gets_403_and_it_is_logged(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    for staff in (w.practitioner, f.staff(client, w.setting, "manager")):
        assert_problem(client.get(f"/v1/audit/children/{w.child_id}", headers=staff.headers), 403)
        assert_problem(
            client.get(
                f"/v1/audit/children/{w.child_id}", headers=staff.headers, params={"format": "csv"}
            ),
            403,
        )
    settle(services)
    refused = [
        e
        for e in history(client, w.dsl, w.child_id)
        if e["actor_id"] == w.practitioner.id and e["resource"] == "audit-child"
    ]
    assert [e["outcome"] for e in refused] == ["denied", "denied"]


def test_the_operator_cannot_read_a_childs_history(client: TestClient) -> None:
    w = world(client)
    assert_problem(client.get(f"/v1/audit/children/{w.child_id}", headers=f.OPERATOR), 403)


def test_the_receiving_schools_dsl_may_read_the_history_after_a_packet(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    assert_problem(
        client.get(f"/v1/audit/children/{w.child_id}", headers=w.school_dsl.headers), 404
    )
    send_packet(client, w)
    settle(services)
    items = history(client, w.school_dsl, w.child_id)
    assert items
    assert [e["seq"] for e in items] == [e["seq"] for e in history(client, w.dsl, w.child_id)]
    # ... and its own refused attempt before the packet is in it
    assert any(e["actor_id"] == w.school_dsl.id and e["outcome"] == "denied" for e in items), items
    # the school's teacher is not a DSL
    assert_problem(client.get(f"/v1/audit/children/{w.child_id}", headers=w.teacher.headers), 403)


def test_csv_export_has_a_header_and_one_row_per_entry(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    f.observation(client, w.practitioner, w.child_id)
    for _ in range(3):
        assert client.get(f"/v1/children/{w.child_id}", headers=w.practitioner.headers).is_success
    settle(services)
    items = history(client, w.dsl, w.child_id)
    response = client.get(
        f"/v1/audit/children/{w.child_id}",
        headers=w.dsl.headers,
        params={"format": "csv", "limit": 500},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0].split(",") == list(CSV_FIELDS)
    assert set(CSV_FIELDS) == CONTRACT_FIELDS
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(items) == len(lines) - 1
    for row, item in zip(rows, items, strict=True):
        assert int(row["seq"]) == item["seq"]
        for name in CONTRACT_FIELDS - {"seq"}:
            assert row[name] == ("" if item[name] is None else str(item[name])), name


def test_staff_history_and_denied_attempts_are_the_dsls_own_organisations(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    elsewhere = world(client)
    for _ in range(2):
        assert client.get(f"/v1/children/{w.child_id}", headers=w.practitioner.headers).is_success
    refused = client.get(f"/v1/children/{elsewhere.child_id}", headers=w.practitioner.headers)
    assert_problem(refused, 404)
    settle(services)

    response = client.get(
        f"/v1/audit/staff/{w.practitioner.id}", headers=w.dsl.headers, params={"limit": 500}
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items and {e["actor_id"] for e in items} == {w.practitioner.id}
    assert [e["seq"] for e in items] == sorted(e["seq"] for e in items)
    assert [e["child_id"] for e in items if e["outcome"] == "denied"] == [elsewhere.child_id]
    # another organisation's staff, and a non-DSL asking
    assert_problem(
        client.get(f"/v1/audit/staff/{elsewhere.practitioner.id}", headers=w.dsl.headers), 404
    )
    assert_problem(
        client.get(f"/v1/audit/staff/{w.practitioner.id}", headers=w.practitioner.headers), 403
    )

    response = client.get("/v1/audit/denied", headers=w.dsl.headers, params={"limit": 500})
    assert response.status_code == 200, response.text
    denied = response.json()["items"]
    assert {e["outcome"] for e in denied} == {"denied"}
    assert {e["actor_org_id"] for e in denied} == {w.setting}
    assert any(e["child_id"] == elsewhere.child_id for e in denied)
    response = client.get("/v1/audit/denied", headers=elsewhere.dsl.headers)
    assert response.status_code == 200, response.text
    assert not [e for e in response.json()["items"] if e["actor_id"] == w.practitioner.id]
    # ... but the other setting's DSL is alerted to the refused read of its child
    response = client.get("/v1/audit/alerts", headers=elsewhere.dsl.headers, params={"limit": 500})
    assert response.status_code == 200, response.text
    wait_until(
        lambda: any(
            e["actor_id"] == w.practitioner.id
            for e in client.get(
                "/v1/audit/alerts", headers=elsewhere.dsl.headers, params={"limit": 500}
            ).json()["items"]
        ),
        "the refused read among the other setting's alerts",
    )


def test_alerts_come_in_pages_that_join_up_listing_each_entry_once(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    elsewhere = world(client)
    for _ in range(2):  # refused reads by the DSL's own staff, of another setting's child
        assert_problem(
            client.get(f"/v1/children/{elsewhere.child_id}", headers=w.practitioner.headers), 404
        )
    # refused to its own staff, about its own child: an alert both ways, listed once
    own = client.post(
        f"/v1/children/{w.child_id}/key-person",
        headers=w.practitioner.headers,
        json={"setting_id": w.setting, "staff_id": w.practitioner.id},
    )
    assert_problem(own, 403)
    # refused to another setting's staff, about the DSL's child
    assert_problem(
        client.get(f"/v1/children/{w.child_id}", headers=elsewhere.practitioner.headers), 404
    )
    settle(services)
    assert wait_for_position(services.db, ["setting_children"], events_stored(services), 10)

    def alerts(limit: int, cursor: str | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get("/v1/audit/alerts", headers=w.dsl.headers, params=params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    whole = alerts(500)["items"]
    assert [(e["actor_id"], e["child_id"]) for e in whole] == [
        (None, None),  # the operator setting the nursery up granted the DSL role
        (w.practitioner.id, elsewhere.child_id),
        (w.practitioner.id, elsewhere.child_id),
        (w.practitioner.id, w.child_id),
        (elsewhere.practitioner.id, w.child_id),
    ]
    paged, cursor = [], None
    for _ in range(10):
        page = alerts(1, cursor)
        paged += page["items"]
        cursor = page["next"]
        if cursor is None:
            break
    assert paged == whole


# -- break-glass ---------------------------------------------------------------------------------


def test_break_glass_opens_a_flagged_read_that_the_enrolling_dsl_is_alerted_to(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    other = f.organisation(client, "school")
    stranger = f.staff(client, other, "dsl")
    f.consent(client, w.practitioner, w.child_id, other)  # a link: the parent named the school
    assert_problem(client.get(f"/v1/children/{w.child_id}", headers=stranger.headers), 404)

    opened = client.post(
        f"/v1/children/{w.child_id}/break-glass",
        headers=stranger.headers,
        json={"justification": JUSTIFICATION},
    )
    assert opened.status_code == 201, opened.text
    assert opened.json()["child_id"] == w.child_id
    read = client.get(f"/v1/children/{w.child_id}", headers=stranger.headers)
    assert read.status_code == 200, read.text
    assert read.json()["id"] == w.child_id
    settle(services)

    mine = [e for e in history(client, w.dsl, w.child_id) if e["actor_id"] == stranger.id]
    assert [(e["action"], e["resource"], e["outcome"], e["purpose"]) for e in mine] == [
        ("read", "child", "denied", "care"),
        ("execute", "break-glass", "allowed", "break-glass"),
        ("read", "child", "allowed", "break-glass"),
    ]
    # the break-glass entries, and the refused read before them, are what the DSL must see
    flagged = {e["seq"] for e in mine}

    def alerted() -> bool:
        response = client.get("/v1/audit/alerts", headers=w.dsl.headers, params={"limit": 500})
        assert response.status_code == 200, response.text
        return flagged <= {e["seq"] for e in response.json()["items"]}

    wait_until(alerted, "the break-glass and refused entries among the enrolling DSL's alerts")
    # the stranger's organisation is not alerted about a child it does not look after
    response = client.get("/v1/audit/alerts", headers=stranger.headers, params={"limit": 500})
    assert response.status_code == 200, response.text
    assert not [
        e
        for e in response.json()["items"]
        if e["child_id"] == w.child_id and e["actor_org_id"] != other
    ]


def test_break_glass_needs_a_real_justification_and_a_dsl(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    other = f.organisation(client, "school")
    stranger = f.staff(client, other, "dsl")
    for short in ("urgent", "   needed right now   ", "x" * 19):
        response = client.post(
            f"/v1/children/{w.child_id}/break-glass",
            headers=stranger.headers,
            json={"justification": short},
        )
        assert_problem(response, 422, "justification")
    assert_problem(client.get(f"/v1/children/{w.child_id}", headers=stranger.headers), 404)

    teacher = f.staff(client, other, "teacher")
    for staff in (teacher, w.practitioner):
        response = client.post(
            f"/v1/children/{w.child_id}/break-glass",
            headers=staff.headers,
            json={"justification": JUSTIFICATION},
        )
        assert_problem(response, 403)
    assert_problem(client.get(f"/v1/children/{w.child_id}", headers=teacher.headers), 404)
    settle(services)
    refused = [
        e
        for e in history(client, w.dsl, w.child_id)
        if e["actor_id"] == teacher.id and e["resource"] == "break-glass"
    ]
    assert [(e["outcome"], e["purpose"]) for e in refused] == [("denied", "break-glass")]


# -- no audit, no access ---------------------------------------------------------------------------


@contextmanager
def access_log_unwritable(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if services.db.dialect == "sqlite":
        assert isinstance(services.db, SqliteDatabase)
        path = services.db.path
        readonly = SqliteDatabase(path)
        connections: list[Any] = []

        def connect() -> Any:
            conn = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
            connections.append(conn)
            return conn

        monkeypatch.setattr(readonly, "_connection", connect)
        monkeypatch.setattr(services.access_log, "db", readonly)
        try:
            yield
        finally:
            monkeypatch.undo()
            for conn in connections:
                conn.close()
            readonly.close()
        return
    url = services.settings.database_url_value()
    assert url
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE access_log RENAME TO access_log_gone")
    try:
        yield
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ALTER TABLE access_log_gone RENAME TO access_log")


def test_no_audit_no_access(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(client)
    settle(services)
    given, family = f.child_body(w.setting)["given_name"], f.child_body(w.setting)["family_name"]
    before = services.access_log.count()
    with access_log_unwritable(services, monkeypatch):
        for by, path in (
            (w.practitioner, f"/v1/children/{w.child_id}"),
            (w.practitioner, f"/v1/children/{w.child_id}/observations"),
            (w.dsl, f"/v1/children/{w.child_id}/consents"),
        ):
            response = client.get(path, headers=by.headers)
            assert response.status_code == 503, (path, response.text)
            assert response.headers["content-type"].startswith(PROBLEM_JSON)
            body = response.json()
            assert body["status"] == 503 and body["detail"]
            assert w.child_id not in response.text
            assert given not in response.text and family not in response.text
    assert services.access_log.count() == before
    response = client.get(f"/v1/children/{w.child_id}", headers=w.practitioner.headers)
    assert response.status_code == 200, response.text
    assert response.json()["given_name"] == given
    assert services.access_log.count() == before + 1


def test_no_audit_no_write_to_a_journey(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write whose entry cannot be recorded answers 503 and changes nothing."""
    w = world(client)
    settle(services)
    stored, journey = events_stored(services), journey_size(services, w.child_id)
    with access_log_unwritable(services, monkeypatch):
        response = client.post(
            f"/v1/children/{w.child_id}/observations",
            headers=w.practitioner.headers,
            json=f.observation_body(),
        )
        assert response.status_code == 503, response.text
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert events_stored(services) == stored
    assert journey_size(services, w.child_id) == journey


def test_no_audit_no_child_registered(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """POST /v1/children when its access entry cannot be written must register nothing: a
    503 that leaves a child behind is a write with no audit (and a retry registers a second)."""
    w = world(client)
    settle(services)
    stored = events_stored(services)
    with access_log_unwritable(services, monkeypatch):
        response = client.post(
            "/v1/children",
            headers=w.practitioner.headers,
            json=f.child_body(w.setting, given_name="Unlogged"),
        )
        assert response.status_code == 503, response.text
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    if events_stored(services) == stored:
        return

    def registered() -> list[dict[str, Any]]:
        response = client.get(
            f"/v1/settings/{w.setting}/children",
            headers=w.practitioner.headers,
            params={"limit": 500},
        )
        assert response.status_code == 200, response.text
        return [r for r in response.json()["items"] if r["name"].startswith("Unlogged")]

    wait_until(registered, "the unaudited child to show in the setting's view")
    unaudited = registered()[0]["child_id"]
    creations = [
        e for e in services.access_log.for_child(UUID(unaudited)) if e.action.value == "create"
    ]
    raise AssertionError(
        f"POST /v1/children answered 503 but registered child {unaudited} "
        f"({events_stored(services) - stored} event(s) stored) with no access-log entry for its "
        f"creation (creation entries: {creations})"
    )


def test_the_audit_endpoints_themselves_fail_closed(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the log is itself an access: no audit of the audit read, no history either."""
    w = world(client)
    settle(services)
    with access_log_unwritable(services, monkeypatch):
        response = client.get(f"/v1/audit/children/{w.child_id}", headers=w.dsl.headers)
        assert response.status_code == 503, response.text
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
        assert w.practitioner.id not in response.text


def test_checkpoint_is_for_the_operator_and_dsls(client: TestClient, services: Services) -> None:
    w = world(client)
    settle(services)
    for headers in (f.OPERATOR, w.dsl.headers):
        response = client.get("/v1/audit/checkpoint", headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert {"size", "root", "signature", "key_id", "note"} <= body.keys()
        assert body["note"].startswith(f"{services.settings.audit_origin}\n{body['size']}\n")
    for staff in (w.practitioner, w.teacher):
        assert_problem(client.get("/v1/audit/checkpoint", headers=staff.headers), 403)
        assert_problem(client.get("/v1/audit/entries/0/proof", headers=staff.headers), 403)
        assert_problem(
            client.get("/v1/audit/consistency", headers=staff.headers, params={"from": 1, "to": 1}),
            403,
        )
    assert UUID(w.child_id)


def test_a_childs_history_can_list_refused_attempts_only(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    assert_problem(client.get(f"/v1/children/{w.child_id}", headers=w.teacher.headers), 404)
    settle(services)
    refused = history(client, w.dsl, w.child_id, denied=True)
    assert [(e["actor_id"], e["outcome"]) for e in refused] == [(w.teacher.id, "denied")]
    assert len(history(client, w.dsl, w.child_id)) > len(refused)
