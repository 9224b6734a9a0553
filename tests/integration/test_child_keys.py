"""A key per child: made once and stored only wrapped, destroyed for good; a child's events and
snapshots under it, an organisation's under the global key, and events stored before still
read; the key ring checked at start and rotated with its old versions destroyed.

Every test runs on embedded SQLite and on PostgreSQL.
"""

from __future__ import annotations

import base64
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import Mapper, MapperDeserialisationError

from api.key_ring_file import keks, read_ring, ring_path, write_ring
from api.master_key import ConfigurationError, load_master_key
from api.services import Services, build_services
from api.settings import Settings
from consent.consents import consents_id
from domain.errors import ChildErased
from domain.sealing.keyring import KeyUnavailable
from projections.store.child_keys import DATA_CLASSES, ChildKeys
from projections.store.event_keys import MARKER
from projections.store.key_ring import KeyRing, unwrap
from tests.conftest import cli_env, own_store

BATON = str(Path(sys.executable).parent / "baton")


def wrapped_rows(services: Services, child: UUID) -> list[tuple[str, int, str | None, str | None]]:
    with services.db.read() as cur:
        cur.execute(
            "SELECT data_class, key_version, wrapped_key, destroyed_at FROM child_keys"
            " WHERE child_id = %s ORDER BY data_class",
            (str(child),),
        )
        return [(str(c), int(v), w, d) for c, v, w, d in cur.fetchall()]


def test_a_childs_key_is_made_once_and_stored_only_wrapped(services: Services) -> None:
    child = uuid4()
    key = services.child_keys.key_for(child)
    fresh = ChildKeys(services.db, services.child_keys.ring)  # another process: no cache
    assert fresh.key_for(child) == key
    assert fresh.key_for(child, "safeguarding") not in (key, services.child_keys.key_for(uuid4()))
    for _, _, wrapped, _ in wrapped_rows(services, child):
        assert wrapped is not None
        assert base64.b64encode(key).decode() not in wrapped and key.hex() not in wrapped


def test_a_key_made_by_a_decision_that_rolls_back_is_neither_kept_nor_remembered(
    services: Services,
) -> None:
    child, made = uuid4(), []

    def decide() -> None:
        with services.db.unit_of_work():
            made.append(services.child_keys.key_for(child))
            made.append(services.child_keys.key_for(child))  # the same within the decision
            raise RuntimeError("the decision was refused")

    with pytest.raises(RuntimeError):
        decide()
    assert made[0] == made[1]
    assert wrapped_rows(services, child) == []
    assert services.child_keys.key_for(child) != made[0]


def test_destroying_a_childs_keys_is_for_good_for_every_class(services: Services) -> None:
    child = uuid4()
    services.child_keys.key_for(child)
    services.child_keys.destroy(child)
    services.child_keys.destroy(child)

    assert services.child_keys.is_destroyed(child)
    assert not services.child_keys.is_destroyed(uuid4())
    rows = wrapped_rows(services, child)
    assert [(c, w) for c, _, w, _ in rows] == [(c, None) for c in sorted(DATA_CLASSES)]
    assert all(destroyed for *_, destroyed in rows)
    fresh = ChildKeys(services.db, services.child_keys.ring)
    for data_class in DATA_CLASSES:
        with pytest.raises(ChildErased):
            fresh.key_for(child, data_class)


def child_with_consent(services: Services) -> UUID:
    app, today = services.app, services.app.today()
    org = app.create_organisation("Keys Nursery", "nursery", None).id
    school = app.create_organisation("Keys School", "school", None).id
    staff = uuid4()
    app.add_staff(org, "Keys Practitioner", "keys@example.org", ["practitioner"], staff_id=staff)
    child = app.register_child(
        given_name="Marisol",
        family_name="Keyworth",
        preferred_name=None,
        date_of_birth=today - timedelta(days=1000),
        home_languages=[],
        send_status="none",
        setting_id=org,
        started_on=today - timedelta(days=100),
        registered_by=staff,
    ).id
    app.give_consent(
        child,
        given_by="Rosalind Keyworth",
        relationship="mother",
        parental_responsibility=True,
        recipient_id=school,
        purpose="transition",
        categories=["journey"],
        valid_from=None,
        valid_until=None,
        evidence=None,
        setting_id=org,
        recorded_by=staff,
    )
    return UUID(str(child))


def test_a_childs_events_are_under_its_key_and_an_organisations_are_not(
    services: Services,
) -> None:
    child = child_with_consent(services)
    recorder = services.app.recorder
    header = MARKER + child.bytes
    for aggregate in (child, consents_id(child)):
        stored = recorder.select_events(aggregate)
        assert stored and all(e.state.startswith(header) for e in stored), aggregate
    org = services.app.child(child).enrolments[0]["setting_id"]
    assert not any(e.state.startswith(MARKER) for e in recorder.select_events(UUID(org)))

    services.child_keys.destroy(child)
    for aggregate in (child, consents_id(child)):
        with pytest.raises(ChildErased):
            services.app.repository.get(aggregate)


def test_events_stored_before_under_the_global_key_still_read(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = child_with_consent(services)
    mapper = services.app.mapper
    events = [mapper.to_domain_event(e) for e in services.app.recorder.select_events(child)]
    for event in events:
        before = Mapper.to_stored_event(mapper, event)  # as the release before stored it
        assert not before.state.startswith(MARKER)
        assert vars(mapper.to_domain_event(before)) == vars(event)
    # One time in 2**32 the global key's random nonce begins like a child's header.
    monkeypatch.setattr(AESCipher, "random_bytes", staticmethod(lambda n: MARKER + child.bytes[:8]))
    chance = Mapper.to_stored_event(mapper, events[0])
    assert chance.state.startswith(MARKER)
    assert vars(mapper.to_domain_event(chance)) == vars(events[0])


def test_a_childs_stored_event_moved_to_another_place_fails_its_check(services: Services) -> None:
    consents = consents_id(child_with_consent(services))
    first, second, *_ = services.app.recorder.select_events(consents)
    with pytest.raises(MapperDeserialisationError):
        services.app.mapper.to_domain_event(replace(second, state=first.state))


# -- the key ring -------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def own(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    with own_store(request.param, tmp_path, request) as settings:
        yield settings


def rotate(settings: Settings, *args: str) -> str:
    done = subprocess.run(
        [BATON, "keys", "rotate", *args],
        env=cli_env(settings),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_rotating_the_ring_wraps_every_key_again_and_old_copies_lose_theirs(
    own: Settings,
) -> None:
    services = build_services(own)
    try:
        child = child_with_consent(services)
        key = services.child_keys.key_for(child)
        backup = wrapped_rows(services, child)  # a copy of the database, made before rotating
    finally:
        services.close()

    assert "versions destroyed: none" in rotate(own)
    assert sorted(read_ring(ring_path(own))) == [1, 2]
    assert "versions destroyed: 1" in rotate(own)
    assert sorted(read_ring(ring_path(own))) == [2, 3]

    services = build_services(own)
    try:
        assert {v for _, v, _, _ in wrapped_rows(services, child)} == {3}
        assert ChildKeys(services.db, services.child_keys.ring).key_for(child) == key
        assert services.app.child(child).name  # its events read as before
    finally:
        services.close()
    ring = KeyRing(keks(load_master_key(own), read_ring(ring_path(own))))
    data_class, version, wrapped, _ = backup[0]
    assert wrapped is not None
    with pytest.raises(KeyUnavailable, match="version 1"):
        unwrap(ring.kek(version), wrapped, str(child), data_class)


def test_a_process_given_another_key_ring_refuses_to_start(own: Settings) -> None:
    build_services(own).close()
    path = ring_path(own)
    write_ring(path, {1: bytes(32)})
    with pytest.raises(ConfigurationError, match="same key ring"):
        build_services(own)
    path.unlink()
    with pytest.raises(ConfigurationError, match="same key ring"):
        build_services(own)  # a new ring is made, and refused likewise
