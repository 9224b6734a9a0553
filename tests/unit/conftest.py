"""Fixtures of the unit tier: the application on the in-memory store, a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.application import Baton
from tests.unit.test_child import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(clock: Clock) -> Iterator[Baton]:
    baton = Baton(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock)
    yield baton
    baton.close()
