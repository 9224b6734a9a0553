"""A worker killed (SIGKILL) in the middle of a batch resumes with nothing lost or counted twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from pydantic import SecretStr

from api.master_key import write_master_key
from api.services import Services, build_services
from api.settings import Settings
from projections import tracking
from projections.admin import rebuild
from projections.views.setting_children import SettingChildren, list_children
from tests import pg

BATON = str(Path(sys.executable).parent / "baton")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[Services, dict[str, str], str]]:
    key = tmp_path / "master.key"
    write_master_key(key)
    with pg.server_url() as server, pg.fresh_database(server) as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
        env.update(
            {
                "BATON_DATABASE_URL": url,
                "BATON_MASTER_KEY_FILE": str(key),
                "BATON_DATA_DIR": str(tmp_path),
                "PGAPPNAME": "baton-worker",
            }
        )
        services = build_services(
            Settings(
                data_dir=tmp_path,
                database_url=SecretStr(url),
                master_key_file=key,
                run_projections=False,
            )
        )
        try:
            yield services, env, url
        finally:
            services.close()


def write_journeys(services: Services, children: int, observations: int) -> UUID:
    app = services.app
    setting = app.create_organisation("Willow Nursery", "nursery", None).id
    staff = UUID(app.add_staff(setting, "Sam", "sam@example.org", ["practitioner"]).member["id"])
    today = app.today()
    for n in range(children):
        child = app.register_child(
            given_name=f"Child{n:02}",
            family_name="Test",
            preferred_name=None,
            date_of_birth=today - timedelta(days=1100),
            home_languages=[],
            send_status="none",
            setting_id=setting,
            started_on=today - timedelta(days=400),
            registered_by=staff,
        ).id
        for k in range(observations):
            app.record_observation(
                child,
                area=["CL", "PSED", "PD", "L", "M", "UW", "EAD"][k % 7],
                text=f"obs {k}",
                observed_on=today - timedelta(days=k % 300 + 1),
                elgs=[],
                characteristics=[],
                setting_id=setting,
                recorded_by=staff,
            )
    return setting


def position(services: Services) -> int:
    """How far the per-setting children view has applied the log."""
    return next(
        s.position
        for s in tracking.states(services.db)
        if s.active and s.name == SettingChildren.name
    )


def in_transaction(url: str) -> bool:
    """True while a worker connection holds an open, uncommitted batch."""
    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
            " AND application_name = 'baton-worker' AND state = 'idle in transaction'",
            (dbname,),
        ).fetchone()
    return bool(row and row[0])


def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_worker_killed_mid_batch_resumes_exactly_once(
    store: tuple[Services, dict[str, str], str],
) -> None:
    services, env, url = store
    setting = write_journeys(services, children=8, observations=40)
    top = services.app.recorder.max_notification_id() or 0
    slow = {
        **env,
        "BATON_PROJECTION_BATCH_SIZE": "25",
        "BATON_PROJECTION_PAUSE_BEFORE_COMMIT": "0.4",
    }
    worker = subprocess.Popen(
        [BATON, "worker"], env=slow, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(lambda: position(services) > 0 and in_transaction(url), 60, "a batch in flight")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    killed_at = position(services)
    assert 0 < killed_at < top, "the kill should land part-way through the log"

    resumed = subprocess.Popen(
        [BATON, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(lambda: position(services) >= top, 60, "the restarted worker to catch up")
    finally:
        resumed.send_signal(signal.SIGTERM)
        resumed.wait(timeout=20)
    after_kill = list_children(services.db, setting, limit=500)
    assert sum(sum(r["observations"].values()) for r in after_kill) == 8 * 40

    rebuild(services.db, services.app, SettingChildren())
    assert list_children(services.db, setting, limit=500) == after_kill
