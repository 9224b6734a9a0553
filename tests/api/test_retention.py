"""Retention on both stores: a child whose every enrolment ended more than the retention period
ago (3 years) is erased by the maintenance sweep unless a DSL holds the record, and
``baton retention status`` says who is due and when, in ids and dates only."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

from projections.views.retention import Ended, add_years, ended
from tests import factories as f
from tests.api.forgetting_world import BATON, Fresh, fresh, leave, wait_until, world
from tests.api.problems import assert_problem
from tests.conftest import cli_env

__all__ = ["fresh"]
YEAR = 365


def left_long_ago(fresh: Fresh, days_ago: int, given_name: str) -> f.Staff:
    """A child born 5½ years ago who started 5 years ago and left ``days_ago``; the manager."""
    w = world(
        fresh.client,
        given_name=given_name,
        date_of_birth=f.days_ago(5 * YEAR + 180),
        started_on=f.days_ago(5 * YEAR),
    )
    leave(fresh.client, w, days_ago)
    return w


def test_retention_erases_whoever_left_long_ago_unless_a_dsl_holds_the_record(
    fresh: Fresh,
) -> None:
    client, services = fresh.client, fresh.services
    due = left_long_ago(fresh, 3 * YEAR + 30, "Zainab")
    held = left_long_ago(fresh, 3 * YEAR + 30, "Oliver")
    hold = client.post(
        f"/v1/children/{held.child}/holds", headers=held.dsl.headers, json={"reason": "LADO"}
    )
    assert hold.status_code == 201, hold.text
    recent = left_long_ago(fresh, YEAR, "Maya")
    staying = world(client)

    wait_until(lambda: len(_ended(fresh)) == 3, "the retention view to hold the leavings")
    status = subprocess.run(
        [BATON, "retention", "status"],
        env=cli_env(fresh.settings),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert status.returncode == 0, status.stderr
    rows = {line.split()[0]: line.split() for line in status.stdout.splitlines()[2:-1]}
    assert set(rows) == {due.child, held.child, recent.child}
    assert rows[due.child][3] == "due" and rows[held.child][3] == "held"
    assert rows[recent.child][3] == "waiting"
    left_on = date.today() - timedelta(days=YEAR)
    assert rows[recent.child][1:3] == [str(left_on), str(add_years(left_on, 3) + timedelta(1))]
    for name in ("Zainab", "Oliver", "Maya", "Okafor"):
        assert name not in status.stdout + status.stderr

    services.forget()  # the worker's maintenance sweep

    assert_problem(client.get(f"/v1/children/{due.child}", headers=due.manager.headers), 410)
    for kept in (held, recent):
        assert client.get(f"/v1/children/{kept.child}", headers=kept.manager.headers).is_success
    assert client.get(f"/v1/children/{staying.child}", headers=staying.manager.headers).is_success

    released = client.post(
        f"/v1/children/{held.child}/holds/{hold.json()['id']}/release", headers=held.dsl.headers
    )
    assert released.status_code == 200, released.text
    wait_until(lambda: len(_ended(fresh)) == 2 and not any(r.held for r in _ended(fresh)), "view")
    services.forget()
    assert_problem(client.get(f"/v1/children/{held.child}", headers=held.manager.headers), 410)


def _ended(fresh: Fresh) -> list[Ended]:
    return ended(fresh.services.db, 3)
