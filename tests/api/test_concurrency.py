"""Many writers on one child at once: no observation is lost, none is recorded twice.

Every test runs on embedded SQLite and on PostgreSQL (the ``client`` fixture).
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any, TypeVar
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from api.services import Services
from projections.store.idempotency import Replay
from tests import factories as f

WRITERS, EACH = 8, 10
LONG_JOURNEY = 100
T = TypeVar("T")


def all_at_once(work: Callable[[int], T], writers: int = WRITERS) -> list[T]:
    """Run ``work(0..writers-1)`` on as many threads, released together by a barrier."""
    start = threading.Barrier(writers)

    def run(n: int) -> T:
        start.wait()
        return work(n)

    with ThreadPoolExecutor(max_workers=writers) as pool:
        return list(pool.map(run, range(writers)))


@contextmanager
def frequent_thread_switches() -> Iterator[None]:
    """Let threads interleave far more often than every 5 ms, so that races show every run."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def test_concurrent_observations_over_http_are_all_recorded(client: TestClient) -> None:
    practitioner, child_id = f.setting_with_child(client)

    def write(writer: int) -> list[int | str]:
        """The status of each answer, or the name of the error the server raised."""
        statuses: list[int | str] = []
        for n in range(EACH):
            try:
                response = client.post(
                    f"/v1/children/{child_id}/observations",
                    headers=practitioner.headers,
                    json=f.observation_body(text=f"writer {writer} observation {n}"),
                )
            except Exception as e:  # noqa: BLE001 - the test client re-raises the server's 500s
                statuses.append(type(e).__name__)
            else:
                statuses.append(response.status_code)
        return statuses

    with frequent_thread_switches():
        statuses = Counter(s for batch in all_at_once(write) for s in batch)
    assert statuses == {201: WRITERS * EACH}, dict(statuses)
    texts = [o["text"] for o in f.observations_listed(client, practitioner, child_id)]
    assert sorted(texts) == sorted(
        f"writer {w} observation {n}" for w in range(WRITERS) for n in range(EACH)
    )
    summary = client.get(f"/v1/children/{child_id}", headers=practitioner.headers).json()
    assert summary["observations"]["CL"] == WRITERS * EACH


def test_concurrent_observations_through_the_application_are_all_recorded(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    yesterday = date.today() - timedelta(days=1)

    def write(writer: int) -> list[tuple[str, str]]:
        """("recorded", id) for each observation written, or ("failed", the error's name)."""
        outcomes = []
        for n in range(EACH):
            try:
                written = services.writes.run(
                    lambda: services.app.record_observation(
                        UUID(child_id),
                        area="PD",
                        text=f"writer {writer} observation {n}",  # noqa: B023 - run at once
                        observed_on=yesterday,
                        elgs=["PHY_E06"],
                        characteristics=[],
                        setting_id=UUID(practitioner.org_id),
                        recorded_by=UUID(practitioner.id),
                    ),
                    encode=str,
                )
                assert not isinstance(written, Replay)
            except Exception as e:  # noqa: BLE001 - every failure is counted and reported below
                outcomes.append(("failed", type(e).__name__))
            else:
                outcomes.append(("recorded", str(written.id)))
        return outcomes

    with frequent_thread_switches():
        outcomes = [o for batch in all_at_once(write) for o in batch]
    failures = Counter(what for outcome, what in outcomes if outcome == "failed")
    assert failures == Counter(), f"writes refused or failed: {dict(failures)}"
    written = {entry_id for _, entry_id in outcomes}
    assert len(written) == WRITERS * EACH
    listed = f.observations_listed(client, practitioner, child_id)
    assert {o["id"] for o in listed} == written
    assert len(services.app.child(UUID(child_id)).entries) == WRITERS * EACH


def test_the_same_idempotency_key_sent_at_once_records_one_observation(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    body = f.observation_body()

    def send(_: int) -> Any:
        return client.post(
            f"/v1/children/{child_id}/observations",
            headers={**practitioner.headers, "Idempotency-Key": "double-tap"},
            json=body,
        )

    with frequent_thread_switches():
        responses = all_at_once(send, writers=6)
    # The key's answer commits with the write: the others wait, then get that same answer.
    assert {r.status_code for r in responses} == {201}
    created = {r.json()["id"] for r in responses}
    assert len(created) == 1
    assert len(services.app.child(UUID(child_id)).entries) == 1


def test_reading_a_long_journey_while_it_is_written_never_fails(
    client: TestClient, services: Services
) -> None:
    """Readers share the cached child with the writer; none may find it half-changed.

    A child at nursery for two years easily has hundreds of observations; copying a record
    that size takes long enough for a write to land in the middle of the copy. One writer
    only, so that no read can fail for want of a write retry.
    """
    practitioner, child_id = f.setting_with_child(client)
    app, setting_id, staff_id = services.app, UUID(practitioner.org_id), UUID(practitioner.id)
    yesterday = date.today() - timedelta(days=1)
    child = app.child(UUID(child_id))
    for n in range(LONG_JOURNEY):
        child.record_observation(
            uuid4(), "UW", f"earlier {n}", yesterday, [], [], setting_id, staff_id, app.clock()
        )
    app.save(child)
    writes, reads = 40, 20

    def work(worker: int) -> list[str]:
        outcomes = []
        for n in range(writes if worker == 0 else reads):
            try:
                if worker == 0:
                    app.record_observation(
                        UUID(child_id),
                        area="CL",
                        text=f"later {n}",
                        observed_on=yesterday,
                        elgs=[],
                        characteristics=[],
                        setting_id=setting_id,
                        recorded_by=staff_id,
                    )
                else:
                    app.child(UUID(child_id)).entries_of("observation")
            except Exception as e:  # noqa: BLE001 - every failure is counted and reported below
                outcomes.append(type(e).__name__)
            else:
                outcomes.append("recorded" if worker == 0 else "read")
        return outcomes

    with frequent_thread_switches():
        outcomes = Counter(o for batch in all_at_once(work) for o in batch)
    assert outcomes == {"recorded": writes, "read": (WRITERS - 1) * reads}, dict(outcomes)
    assert len(app.child(UUID(child_id)).entries) == LONG_JOURNEY + writes
