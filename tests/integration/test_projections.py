"""Projections on both stores: exactly once, idempotent, rebuildable, safe with two workers.

Exactly once is checked with tests.counting_view.EventCounter, whose counts go wrong if any
batch is applied twice or lost (the shipped views would hide a double application)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from api.services import Services
from projections import tracking
from projections.admin import rebuild, status
from projections.runner import (
    DEFAULT_OPTIONS,
    ProjectionWorker,
    RunnerOptions,
    process_batch,
    read_batch,
    wait_for_position,
)
from projections.view import Tables, View
from projections.views.children_list import list_children
from projections.views.setting_children import SettingChildren
from tests.counting_view import counted, counter_from_now, logged


def journey(services: Services, children: int = 3, observations: int = 4) -> UUID:
    app = services.app
    setting = app.create_organisation("Oak Tree Nursery", "nursery", None).id
    staff = app.add_staff(
        setting, "Jo Bloggs", f"jo{uuid4().hex[:6]}@example.org", ["practitioner"]
    )
    staff_id = UUID(staff.member["id"])
    today = app.today()
    for n in range(children):
        child = app.register_child(
            given_name=f"Child{n}",
            family_name="Test",
            preferred_name=None,
            date_of_birth=today - timedelta(days=1000),
            home_languages=[],
            send_status="none",
            setting_id=setting,
            started_on=today - timedelta(days=300),
            registered_by=staff_id,
        ).id
        for k in range(observations):
            app.record_observation(
                child,
                area=["CL", "PSED", "PD"][k % 3],
                text=f"obs {k}",
                observed_on=today - timedelta(days=k + 1),
                elgs=[],
                characteristics=[],
                setting_id=setting,
                recorded_by=staff_id,
            )
    return setting


def rows(services: Services, setting: UUID) -> list[dict[str, Any]]:
    return list_children(services.db, services.child_keys, setting, limit=500)


def catch_up(
    services: Services, options: RunnerOptions = DEFAULT_OPTIONS, views: Sequence[View] = ()
) -> None:
    """Apply batches until each view has caught up; a position that never moves fails rather
    than looping forever."""
    most = (services.app.recorder.max_notification_id() or 0) + 1
    for view in views or [SettingChildren(services.child_keys)]:
        for _ in range(most):
            if not process_batch(services.db, services.app, view, options=options):
                break
        else:
            raise AssertionError(f"{view.name} never caught up")


def stop_worker(services: Services) -> None:
    if services.worker is not None:
        services.worker.stop()
        services.worker = None


def test_view_counts_observations_per_area_and_the_last_date(services: Services) -> None:
    stop_worker(services)
    setting = journey(services, children=2, observations=4)
    catch_up(services, RunnerOptions(batch_size=3))
    found = rows(services, setting)
    assert [r["name"] for r in found] == ["Child0 Test", "Child1 Test"]
    assert found[0]["observations"] == {
        "CL": 2,
        "PSED": 1,
        "PD": 1,
        "L": 0,
        "M": 0,
        "UW": 0,
        "EAD": 0,
    }
    assert found[0]["last_observed_on"] == services.app.today() - timedelta(days=1)


def test_replaying_the_same_events_changes_nothing(services: Services) -> None:
    stop_worker(services)
    setting = journey(services)
    catch_up(services)
    before = rows(services, setting)
    view = SettingChildren(services.child_keys)
    events, _ = read_batch(services.app, view, 0, 10_000)
    with services.db.transaction() as cur:
        generation = tracking.active_generation(cur, view.name)
        assert generation is not None
        view.apply(cur, Tables(view.tables, generation[0]), events)
    assert rows(services, setting) == before


def test_rebuild_swaps_in_an_identical_view_while_the_old_one_serves(services: Services) -> None:
    stop_worker(services)
    setting = journey(services)
    catch_up(services)
    before = rows(services, setting)
    first = status(services.db, services.app, services.views)[0].generation
    generation = rebuild(
        services.db, services.app, SettingChildren(services.child_keys), RunnerOptions(batch_size=7)
    )
    assert generation == first + 1
    assert rows(services, setting) == before
    assert status(services.db, services.app, services.views)[0].lag_events == 0


def test_two_workers_at_once_apply_each_event_once(services: Services) -> None:
    stop_worker(services)
    counter, start = counter_from_now(services.db, services.app, uuid4().hex[:8])
    setting = journey(services, children=4, observations=6)
    options = RunnerOptions(batch_size=5)
    views = [SettingChildren(services.child_keys), counter]
    threads = [threading.Thread(target=catch_up, args=(services, options, views)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counted(services.db, counter) == logged(services.app, after=start)
    racing = rows(services, setting)
    rebuild(services.db, services.app, SettingChildren(services.child_keys))
    assert rows(services, setting) == racing
    assert sum(sum(r["observations"].values()) for r in racing) == 24


def test_two_running_workers_count_each_event_once_while_events_arrive(
    services: Services,
) -> None:
    stop_worker(services)
    counter, start = counter_from_now(services.db, services.app, uuid4().hex[:8])
    views = [SettingChildren(services.child_keys), counter]
    options = RunnerOptions(batch_size=4, idle_wait=0.05)
    url = services.settings.database_url_value()
    workers = [ProjectionWorker(services.db, services.app, views, url, options) for _ in range(2)]
    for worker in workers:
        worker.start()
    try:
        journey(services, children=3, observations=5)
        top = services.app.recorder.max_notification_id() or 0
        caught_up = wait_for_position(services.db, [v.name for v in views], top, timeout=60)
    finally:
        for worker in workers:
            worker.stop()
    assert caught_up, "the workers did not catch up"
    assert counted(services.db, counter) == logged(services.app, after=start)


def test_a_failing_projection_reports_its_error_and_recovers(services: Services) -> None:
    stop_worker(services)
    setting = journey(services, children=1, observations=1)
    view = SettingChildren(services.child_keys)
    original = view.apply

    def broken(*args: Any) -> None:
        raise RuntimeError("disk full")

    view.apply = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        process_batch(services.db, services.app, view)
    tracking.record_error(services.db, view.name, "RuntimeError: disk full")
    reported = status(services.db, services.app, services.views)[0]
    assert reported.last_error == "RuntimeError: disk full"
    assert reported.lag_events > 0
    view.apply = original  # type: ignore[method-assign]
    catch_up(services)
    recovered = status(services.db, services.app, services.views)[0]
    assert recovered.last_error is None and recovered.lag_events == 0
    assert len(rows(services, setting)) == 1


def test_withdrawn_observation_leaves_the_counts(services: Services) -> None:
    stop_worker(services)
    setting = journey(services, children=1, observations=1)
    catch_up(services)
    found = rows(services, setting)[0]
    child = services.app.child(found["child_id"])
    entry = child.entries_of("observation")[0]
    services.app.withdraw_entry(
        child.id,
        UUID(entry["id"]),
        reason="wrong child",
        setting_id=setting,
        withdrawn_by=UUID(entry["recorded_by"]),
    )
    catch_up(services)
    after = rows(services, setting)[0]
    assert sum(after["observations"].values()) == 0
    assert after["last_observed_on"] is None
