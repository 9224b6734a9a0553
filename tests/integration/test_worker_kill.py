"""A worker killed (SIGKILL) in the middle of a batch resumes with nothing lost or counted twice,
on both stores: its EventCounter (tests.counting_view) must match the log exactly."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
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
from projections.views.children_list import list_children
from projections.views.setting_children import SettingChildren
from tests import pg
from tests.counting_view import EventCounter, counted, logged

REPO = Path(__file__).resolve().parents[2]
# `baton worker` as shipped, with tests.counting_view.EventCounter among its views
WORKER = [sys.executable, "-m", "tests.counting_view"]


@dataclass
class Store:
    services: Services
    env: dict[str, str]
    url: str | None  # None: embedded SQLite in data_dir
    data_dir: Path


@pytest.fixture
def killable(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A fresh store of its own (SQLite, or a new PostgreSQL database), and the environment of
    a worker process on it."""
    key = tmp_path / "master.key"
    write_master_key(key)
    with contextlib.ExitStack() as stack:
        url = None
        if store == "postgres":
            url = stack.enter_context(pg.fresh_database(request.getfixturevalue("postgres_server")))
        env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
        env.update(
            {
                "BATON_MASTER_KEY_FILE": str(key),
                "BATON_DATA_DIR": str(tmp_path),
                **({"BATON_DATABASE_URL": url} if url else {}),
            }
        )
        services = build_services(
            Settings(
                data_dir=tmp_path,
                database_url=SecretStr(url) if url else None,
                master_key_file=key,
                run_projections=False,
            )
        )
        stack.callback(services.close)
        yield Store(services, env, url, tmp_path)


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


def position(services: Services, name: str) -> int:
    """How far the named view has applied the log (0 before the worker first made its tables)."""
    states = tracking.states(services.db)
    return next((s.position for s in states if s.active and s.name == name), 0)


def positions(services: Services) -> list[int]:
    return [position(services, name) for name in (SettingChildren.name, EventCounter.name)]


def counter_in_flight(store: Store) -> bool:
    """True while the worker holds the counter's batch open (its rows written, not committed)."""
    if store.url is None:  # SQLite: one writer at a time, so a batch of some view is open
        probe = sqlite3.connect(store.data_dir / "baton.sqlite", timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with psycopg.connect(store.url) as conn:  # the batch holds the counter's position row
        try:
            conn.execute(
                "SELECT 1 FROM projection_state WHERE name = %s AND active = 1 FOR UPDATE NOWAIT",
                (EventCounter.name,),
            )
        except psycopg.errors.LockNotAvailable:
            return True
        return False


def deep_in_a_batch(store: Store) -> bool:
    """Past the first batch, and one batch held open for a while (not just begun or ending)."""
    before = positions(store.services)
    if min(before) == 0 or not counter_in_flight(store):
        return False
    time.sleep(0.1)
    return counter_in_flight(store) and positions(store.services) == before


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        WORKER, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def kill_deep_in_a_batch(store: Store, env: dict[str, str]) -> None:
    """Start a worker and SIGKILL it while it holds a batch open."""
    worker = start_worker(env)
    try:
        wait_for(lambda: deep_in_a_batch(store), 60, "a batch in flight")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)


def test_worker_killed_mid_batch_resumes_exactly_once(killable: Store) -> None:
    services, env = killable.services, killable.env
    setting = write_journeys(services, children=8, observations=40)
    top = services.app.recorder.max_notification_id() or 0
    slow = {
        **env,
        "BATON_PROJECTION_BATCH_SIZE": "25",
        "BATON_PROJECTION_PAUSE_BEFORE_COMMIT": "0.4",
    }
    # Three times: on SQLite the open batch may be any view's, the counter's about half the time.
    # Each kill lands part-way through the log; on a loaded machine the children's view may
    # have caught up before one of them (it shares SQLite's one writer with every other view),
    # so it is asked to be part-way at one kill of the three at least.
    children_view_cut = []
    for _ in range(3):
        kill_deep_in_a_batch(killable, slow)
        killed_at = positions(services)
        assert min(killed_at) > 0 and min(killed_at) < top, f"killed at {killed_at} of {top}"
        children_view_cut.append(killed_at[0] < top)
        left = position(services, EventCounter.name)
        assert counted(services.db, EventCounter()) == logged(services.app, upto=left), (
            "what a killed worker committed should be exactly its position's worth"
        )

    assert any(children_view_cut), "one kill at least should cut the children's view short"
    resumed = start_worker(env)
    try:
        wait_for(lambda: min(positions(services)) >= top, 60, "the restarted worker to catch up")
    finally:
        resumed.send_signal(signal.SIGTERM)
        stopped = resumed.wait(timeout=20)
    assert stopped == 0, "the restarted worker should stop cleanly on SIGTERM"
    assert counted(services.db, EventCounter()) == logged(services.app)
    after_kill = list_children(services.db, services.child_keys, setting, limit=500)
    assert sum(sum(r["observations"].values()) for r in after_kill) == 8 * 40

    rebuild(services.db, services.app, SettingChildren(services.child_keys))
    assert list_children(services.db, services.child_keys, setting, limit=500) == after_kill
