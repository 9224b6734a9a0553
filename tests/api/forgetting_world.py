"""What the forgetting tests share: a nursery and a school with staff in every role, a child with
a rich record, a store of the test's own, and looks into the database a user cannot take."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.services import Services, build_services
from api.settings import Settings
from tests import factories as f
from tests.conftest import own_store

BATON = str(Path(sys.executable).parent / "baton")
REASON = {"reason": "the parents asked for the record to be erased (request ref 2026-114)"}


@dataclass(frozen=True)
class World:
    setting: str
    practitioner: f.Staff
    manager: f.Staff
    dsl: f.Staff
    child: str
    school: str
    teacher: f.Staff
    school_dsl: f.Staff


def world(client: TestClient, **child: Any) -> World:
    setting = f.organisation(client, "nursery")
    practitioner = f.staff(client, setting, "practitioner")
    school = f.organisation(client, "school")
    return World(
        setting=setting,
        practitioner=practitioner,
        manager=f.staff(client, setting, "manager"),
        dsl=f.staff(client, setting, "dsl"),
        child=f.child(client, practitioner, **child),
        school=school,
        teacher=f.staff(client, school, "teacher"),
        school_dsl=f.staff(client, school, "dsl"),
    )


def send_packet(client: TestClient, w: World) -> dict[str, Any]:
    """The parent's consent to share with the school, then a transition packet to it."""
    f.consent(client, w.practitioner, w.child, w.school)
    return f.handover(client, w.practitioner, w.child, w.school)


def leave(client: TestClient, w: World, days_ago: int = 1) -> dict[str, Any]:
    response = client.post(
        f"/v1/children/{w.child}/leaving",
        headers=w.manager.headers,
        json={"setting_id": w.setting, "left_on": f.days_ago(days_ago)},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def erase(client: TestClient, by: f.Staff, child_id: str, **headers: str) -> Any:
    return client.post(
        f"/v1/children/{child_id}/erasure", headers={**by.headers, **headers}, json=REASON
    )


def listed(client: TestClient, by: f.Staff, path: str, position: int) -> list[str]:
    """The ids a list shows once the views hold the write at ``position``."""
    response = client.get(path, headers=by.headers, params={"limit": 500, "after": position})
    assert response.status_code == 200, response.text
    return [str(i.get("child_id") or i.get("id")) for i in response.json()["items"]]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def view_rows_about(services: Services, child_id: str) -> int:
    """Rows about the child in every generation of every view table (the database itself)."""
    found = 0
    with services.db.read() as cur:
        for view in (v for v in services.views if v.about_children):
            cur.execute("SELECT generation FROM projection_state WHERE name = %s", (view.name,))
            for (generation,) in cur.fetchall():
                for base in view.tables:
                    cur.execute(
                        f"SELECT count(*) FROM {base}_g{generation} WHERE child_id = %s",
                        (child_id,),
                    )
                    found += int(cur.fetchone()[0])  # type: ignore[index]
    return found


def cached_answers_about(services: Services, child_id: str) -> int:
    with services.db.read() as cur:
        cur.execute("SELECT count(*) FROM idempotency_keys WHERE child_id = %s", (child_id,))
        row = cur.fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class Fresh:
    client: TestClient
    services: Services
    settings: Settings


@pytest.fixture
def fresh(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Fresh]:
    """A store of this test's own (so a rebuild or a retention status sees only its children),
    served with the projections, the integrator and the maintenance loop running."""
    with own_store(store, tmp_path, request) as settings:
        settings.run_projections = True
        services = build_services(settings)
        try:
            with TestClient(create_app(services=services)) as client:
                yield Fresh(client, services, settings)
        finally:
            services.close()
