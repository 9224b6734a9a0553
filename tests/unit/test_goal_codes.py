"""Early learning goals carry the DfE's codes, and what was stored with Baton's own still reads.

Before it took the DfE's codes Baton stored goals as ``CL_E01`` … ``EAD_E17``. Here a store is
filled with events and a snapshot exactly as that Baton wrote them (no class version, its codes),
and a fresh application reads them back with the DfE's codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Mapper, StoredEvent

from domain.application import Baton
from domain.journey.eyfs import EARLY_LEARNING_GOALS, Area
from tests.unit.test_child import Clock, a_setting, observe, register, sqlite_env

# The DfE's codes for the 2021 early learning goals, by area of learning.
DFE_CODES = {
    Area.CL: ["COM_E01", "COM_E02"],
    Area.PSED: ["PSE_E03", "PSE_E04", "PSE_E05"],
    Area.PD: ["PHY_E06", "PHY_E07"],
    Area.L: ["LIT_E08", "LIT_E09", "LIT_E10"],
    Area.M: ["MAT_E11", "MAT_E12"],
    Area.UW: ["UTW_E13", "UTW_E14", "UTW_E15"],
    Area.EAD: ["EXP_E16", "EXP_E17"],
}
OBSERVATION_TOPIC = "domain.child:Child.ObservationRecorded"


def test_the_goals_are_the_dfes_seventeen_in_their_areas() -> None:
    assert {code: area for code, (area, _) in EARLY_LEARNING_GOALS.items()} == {
        code: area for area, codes in DFE_CODES.items() for code in codes
    }


def _rewritten(mapper: Mapper[UUID], stored: StoredEvent, change: Callable[[Any], None]) -> Any:
    """``stored`` with its state changed by ``change``, encoded as the mapper encodes."""
    data = mapper.cipher.decrypt(stored.state) if mapper.cipher else stored.state
    data = mapper.compressor.decompress(data) if mapper.compressor else data
    state = mapper.transcoder.decode(data)
    change(state)
    data = mapper.transcoder.encode(state)
    data = mapper.compressor.compress(data) if mapper.compressor else data
    data = mapper.cipher.encrypt(data) if mapper.cipher else data
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, data)


def _decoded(mapper: Mapper[UUID], stored: StoredEvent) -> Any:
    found: list[Any] = []
    _rewritten(mapper, stored, found.append)
    return found[0]


def _as_version_1(state: dict[str, Any], codes: list[str]) -> None:
    del state["class_version"]
    state["elgs"] = codes


def _observations(app: Baton, child_id: UUID) -> list[StoredEvent]:
    return [s for s in app.recorder.select_events(child_id) if s.topic == OBSERVATION_TOPIC]


@pytest.fixture
def journey(tmp_path: Path) -> Iterator[tuple[Baton, UUID, UUID]]:
    """A child with one observation of two goals, written by today's Baton."""
    writer = Baton(env=sqlite_env(tmp_path / "now.sqlite"), clock=Clock(), snapshot_interval=1000)
    try:
        nursery = a_setting(writer)
        child_id = register(writer, nursery, date_of_birth=date(2022, 3, 31))
        entry_id = observe(writer, child_id, nursery, elgs=["COM_E02", "PSE_E03"])
        yield writer, child_id, entry_id
    finally:
        writer.close()


def _goals_read_back(
    store: Path,
    child_id: UUID,
    entry_id: UUID,
    events: Sequence[StoredEvent] = (),
    snapshots: Sequence[StoredEvent] = (),
) -> list[str]:
    """The entry's goals as a fresh Baton reads them from a store holding only what is given."""
    reader = Baton(env=sqlite_env(store), clock=Clock())
    try:
        assert reader.snapshots is not None
        reader.recorder.insert_events(list(events))
        reader.snapshots.recorder.insert_events(list(snapshots))
        return reader.child(child_id).entry(entry_id).get("elgs", [])
    finally:
        reader.close()


def test_an_observation_stored_with_baton_codes_reads_back_with_the_dfes(
    tmp_path: Path, journey: tuple[Baton, UUID, UUID]
) -> None:
    writer, child_id, entry_id = journey
    before: list[StoredEvent] = []
    for stored in writer.recorder.select_events(child_id):
        if stored.topic == OBSERVATION_TOPIC:
            stored = _rewritten(
                writer.mapper, stored, lambda s: _as_version_1(s, ["CL_E01", "PSED_E03"])
            )
            as_stored = _decoded(writer.mapper, stored)
            assert "class_version" not in as_stored and as_stored["elgs"][0] == "CL_E01"
        before.append(stored)
    read = _goals_read_back(tmp_path / "earlier.sqlite", child_id, entry_id, events=before)
    assert read == ["COM_E01", "PSE_E03"]


def test_a_snapshot_stored_with_baton_codes_reads_back_with_the_dfes(
    tmp_path: Path, journey: tuple[Baton, UUID, UUID]
) -> None:
    writer, child_id, entry_id = journey
    writer.take_snapshot(child_id)
    assert writer.snapshots is not None
    [snapshot] = writer.snapshots.recorder.select_events(child_id, desc=True, limit=1)

    def as_version_1(state: dict[str, Any]) -> None:
        del state["state"]["class_version"]
        state["state"]["entries"][str(entry_id)]["elgs"] = ["EAD_E17", "UW_E13"]

    snapshot = _rewritten(writer.snapshots.mapper, snapshot, as_version_1)
    # Only the snapshot is stored, so nothing else could give the entry its goals.
    read = _goals_read_back(tmp_path / "earlier.sqlite", child_id, entry_id, snapshots=[snapshot])
    assert read == ["EXP_E17", "UTW_E13"]


def test_what_is_recorded_now_is_stored_with_the_dfes_codes(
    journey: tuple[Baton, UUID, UUID],
) -> None:
    writer, child_id, _ = journey
    [stored] = _observations(writer, child_id)
    state = _decoded(writer.mapper, stored)
    assert state["class_version"] == 2 and state["elgs"] == ["COM_E02", "PSE_E03"]
