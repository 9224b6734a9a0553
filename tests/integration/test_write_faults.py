"""Faults on the write path, against the real PostgreSQL server through a misbehaving proxy.

What a client must be able to count on: a write it was told succeeded happened exactly once; a
write it was not told about either happened once or not at all, and a retry with the same
Idempotency-Key settles which; and while the database is down or read-only, every answer is a
503 with Retry-After, given within the configured bound, never a 500.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import psycopg
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.main import create_app
from api.services import build_services
from api.settings import Settings
from tests import factories
from tests.conftest import ADMIN_TOKEN
from tests.faults import PostgresProxy

pytestmark = pytest.mark.postgres
BOUND = 3.0  # seconds: BATON_DB_TIMEOUT_SECONDS for these tests


@pytest.fixture
def proxy(postgres_url: str) -> Iterator[PostgresProxy]:
    running = PostgresProxy(postgres_url)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def client(
    proxy: PostgresProxy, postgres_url: str, master_key_file: Path, tmp_path: Path
) -> Iterator[TestClient]:
    dbname = urlsplit(postgres_url).path.strip("/")
    settings = Settings(
        data_dir=tmp_path / "var",
        database_url=SecretStr(proxy.url(dbname)),
        master_key_file=master_key_file,
        admin_token=SecretStr(ADMIN_TOKEN),
        run_projections=False,  # no background writers sharing the proxy's one armed fault
        db_timeout_seconds=BOUND,
    )
    services = build_services(settings)
    try:
        with TestClient(create_app(services=services), raise_server_exceptions=False) as c:
            yield c
    finally:
        services.close()


def _journey(client: TestClient, staff: factories.Staff, child_id: str) -> list[dict[str, Any]]:
    """The child's observations as the event store holds them (these tests run no views, so
    that no background writer shares the proxy's one armed fault)."""
    # Right after a fault a pooled connection the fault killed may still answer 503 once.
    _recovers(lambda: client.get(f"/v1/children/{child_id}", headers=staff.headers), 200)
    services = client.app.state.services  # type: ignore[attr-defined]
    child = services.app.child(UUID(child_id))
    return [
        {"id": str(entry["id"]), "text": entry["text"]}
        for entry in child.entries.values()
        if entry["type"] == "observation"
    ]


def _post_observation(
    client: TestClient, staff: factories.Staff, child_id: str, text: str, key: str | None = None
) -> Any:
    headers = dict(staff.headers)
    if key:
        headers["Idempotency-Key"] = key
    return client.post(
        f"/v1/children/{child_id}/observations",
        headers=headers,
        json=factories.observation_body(text=text),
    )


def test_a_lost_commit_answer_records_the_observation_once(
    client: TestClient, proxy: PostgresProxy
) -> None:
    staff, child_id = factories.setting_with_child(client)
    _journey(client, staff, child_id)  # the token is checked and remembered before the fault

    proxy.lose_next_commit_answer()
    response = _post_observation(client, staff, child_id, "Built a tower of nine bricks.")

    assert proxy.commits_lost == 1
    assert response.status_code == 201, response.text
    entry_id = response.json()["id"]
    listed = [e for e in _journey(client, staff, child_id) if e["id"] == entry_id]
    assert len(listed) == 1
    texts = [e["text"] for e in _journey(client, staff, child_id)]
    assert texts.count("Built a tower of nine bricks.") == 1


def test_a_retry_after_a_lost_answer_gets_the_same_answer_and_records_nothing_new(
    client: TestClient, proxy: PostgresProxy
) -> None:
    staff, child_id = factories.setting_with_child(client)
    _journey(client, staff, child_id)

    proxy.lose_next_commit_answer()
    first = _post_observation(client, staff, child_id, "Counted to twelve.", key="k-lost-1")
    again = _post_observation(client, staff, child_id, "Counted to twelve.", key="k-lost-1")

    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    texts = [e["text"] for e in _journey(client, staff, child_id)]
    assert texts.count("Counted to twelve.") == 1


def test_a_crash_before_commit_leaves_the_key_free_for_the_retry(
    client: TestClient, proxy: PostgresProxy
) -> None:
    staff, child_id = factories.setting_with_child(client)
    _journey(client, staff, child_id)

    # The connection dies with the COMMIT unsent, as when the process is killed mid-request:
    # the server rolls the whole transaction back, idempotency record included.
    proxy.hold_next_commit()
    cut = time.monotonic()
    proxy_down_after_hold = _post_in_background(
        client, staff, child_id, "Jumped with two feet.", "k-crash-1"
    )
    _wait_until(lambda: proxy._mode == "pass", 30)
    proxy.down()
    proxy.up()
    crashed = proxy_down_after_hold.result(timeout=30)
    assert crashed.status_code == 503, crashed.text
    assert time.monotonic() - cut < 30

    _recovers(
        lambda: _post_observation(client, staff, child_id, "Jumped with two feet.", "k-crash-1")
    )
    texts = [e["text"] for e in _journey(client, staff, child_id)]
    assert texts.count("Jumped with two feet.") == 1


def test_a_key_left_in_progress_by_an_older_release_does_not_block_forever(
    client: TestClient, postgres_url: str
) -> None:
    staff, child_id = factories.setting_with_child(client)
    scope = _scope(staff)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO idempotency_keys (scope, key, request_hash, created_at)"
            " VALUES (%s, 'k-stuck', 'whatever', '2026-01-01T00:00:00+00:00')",
            (scope,),
        )
    response = _post_observation(client, staff, child_id, "Sang a song.", key="k-stuck")
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("keyed", [False, True], ids=["plain", "idempotency-key"])
def test_with_the_database_down_every_answer_is_503_within_the_bound(
    client: TestClient, proxy: PostgresProxy, keyed: bool
) -> None:
    staff, child_id = factories.setting_with_child(client)
    proxy.down()
    try:
        for call in (
            lambda: _post_observation(client, staff, child_id, "x", "k-down" if keyed else None),
            lambda: client.get(f"/v1/settings/{staff.org_id}/children", headers=staff.headers),
            lambda: client.get(f"/v1/children/{child_id}", headers=staff.headers),
        ):
            started = time.monotonic()
            response = call()
            assert response.status_code == 503, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert int(response.headers["retry-after"]) > 0
            assert time.monotonic() - started < BOUND + 2
    finally:
        proxy.up()
    _recovers(lambda: _post_observation(client, staff, child_id, "Back again.", "k-back"))
    assert [e["text"] for e in _journey(client, staff, child_id)].count("Back again.") == 1


def test_a_cold_token_with_the_database_down_is_503_within_the_bound(
    client: TestClient, proxy: PostgresProxy
) -> None:
    staff, child_id = factories.setting_with_child(client)
    client.app.state.services.auth_cache.clear()  # type: ignore[attr-defined]
    proxy.down()
    try:
        started = time.monotonic()
        response = client.get(f"/v1/children/{child_id}", headers=staff.headers)
        assert response.status_code == 503, response.text
        assert time.monotonic() - started < BOUND + 2
    finally:
        proxy.up()


def test_a_read_only_database_answers_503_and_keeps_nothing_half_done(
    client: TestClient, postgres_url: str
) -> None:
    staff, child_id = factories.setting_with_child(client)
    before = len(_journey(client, staff, child_id))
    _read_only(postgres_url, True)
    try:
        response = _post_observation(client, staff, child_id, "Painted a sun.", key="k-ro")
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"]
    finally:
        _read_only(postgres_url, False)
    _recovers(lambda: client.get(f"/v1/children/{child_id}", headers=staff.headers), 200)
    assert len(_journey(client, staff, child_id)) == before
    again = _post_observation(client, staff, child_id, "Painted a sun.", key="k-ro")
    assert again.status_code == 201, again.text


def _recovers(call: Any, expected: int = 201, within: float = 20.0) -> None:
    """Once the fault is over the service recovers by itself (no restart), answering 503 with
    Retry-After until its pools have reconnected, and never anything else."""
    deadline = time.monotonic() + within
    while True:
        response = call()
        if response.status_code == expected:
            return
        assert response.status_code == 503, response.text
        assert time.monotonic() < deadline, "the service did not recover from the fault"
        time.sleep(0.2)


def _read_only(url: str, on: bool) -> None:
    """Make the database read-only for every new session, and end the old ones."""
    dbname = urlsplit(url).path.strip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        flag = "on" if on else "off"
        conn.execute(f'ALTER DATABASE "{dbname}" SET default_transaction_read_only = {flag}')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (dbname,),
        )


def _scope(staff: factories.Staff) -> str:
    import hashlib

    return hashlib.sha256(f"Bearer {staff.token}".encode()).hexdigest()


def _wait_until(condition: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the proxy never saw the COMMIT"
        time.sleep(0.01)


def _post_in_background(
    client: TestClient, staff: factories.Staff, child_id: str, text: str, key: str
) -> Any:
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1)
    return pool.submit(_post_observation, client, staff, child_id, text, key)
