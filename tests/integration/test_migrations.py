"""Schema changes are migrations: a store made by release 0.1 upgrades without losing a row, on
embedded SQLite (whose events move from events.sqlite into baton.sqlite) and on PostgreSQL;
migrating again changes nothing, and two processes starting at once apply each migration once.

Each test has a store of its own: on PostgreSQL a fresh database on the session's server.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.services import build_services
from api.settings import Settings
from domain.access_log.leaf import SignedHead, Verified, verify_log
from domain.errors import ChildErased
from projections.admin import status as projection_status
from projections.runner import process_batch
from projections.store import audit_log
from projections.store.db import MigrationError, open_database
from projections.store.event_keys import MARKER
from projections.store.migrations import Migration, child_keys, migrate, migrations
from projections.views.children_list import list_children
from projections.views.directory import Directory
from projections.views.notifications import Notifications
from projections.views.partnerships import PartnershipMembers
from tests.conftest import cli_env, own_store
from tests.integration import release_0_1
from tests.integration.release_0_1 import OldStore, Rows, snapshot

BATON = str(Path(sys.executable).parent / "baton")
# The tables the migrations add.
ADDED = {
    "schema_migrations",
    "commands",
    "child_erasures",
    "child_keys",
    "key_encryption_keys",
    "child_keys_steps",
    "web_sessions",
    "sign_in_emails",
    "photos",
    "totp_last_step",
    "mail_outbox",
    "mail_deliveries",
}
# The views built again from the log after the upgrade: those whose plaintext rows migration
# 0005 drops, and the organisation directory, the notifications and the partnerships' members,
# which came after release 0.1.
REBUILT = {
    **child_keys.VIEWS,
    Directory.name: Directory.tables,
    Notifications.name: Notifications.tables,
    PartnershipMembers.name: PartnershipMembers.tables,
}
VIEW_TABLES = {t for tables in REBUILT.values() for t in tables}
# The library's tables of events and snapshots, on SQLite and on PostgreSQL.
EVENT_TABLES = {"stored_events", "stored_snapshots", "baton_events", "baton_snapshots"}


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    with own_store(request.param, tmp_path, request) as made:
        yield made


def data_dir(settings: Settings) -> Path:
    return Path(settings.data_dir)


def migrate_once(settings: Settings) -> list[Migration]:
    db = open_database(settings.database_url_value(), data_dir(settings))
    try:
        return migrate(db)
    finally:
        db.close()


def without_stuck_keys(before: Rows) -> Rows:
    """What the upgrade must keep: every row, less the keys stranded in progress (0002)."""
    kept = dict(before)
    kept["idempotency_keys"] = [r for r in before["idempotency_keys"] if r["status"] is not None]
    assert len(kept["idempotency_keys"]) == len(before["idempotency_keys"]) - 1
    return kept


def is_view_table(name: str) -> bool:
    return name.rpartition("_g")[0] in VIEW_TABLES


def assert_every_row_kept(before: Rows, after: Rows) -> None:
    """Every row is kept but the views' (0005 drops them: the views are built again from the
    log); a started service has sealed the cached answers, which were plaintext."""
    assert {t for t in after if not is_view_table(t)} == {
        t for t in before if not is_view_table(t)
    } | ADDED
    assert all(not after[t] for t in after if is_view_table(t)), "no old view row is left"
    for table, rows in without_stuck_keys(before).items():
        if is_view_table(table):
            continue
        found, expected = after[table], rows
        if table == "idempotency_keys":
            assert all(r.pop("expires_at") is None for r in found)
            assert all(r.pop("child_id") is None for r in found)
            by_key = {r["key"]: r for r in found}
            for old in rows:
                new = by_key[old["key"]]
                assert new["body"] == old["body"] or new["body"].startswith("s1:"), new
            found = [{**r, "body": None} for r in found]
            expected = [{**r, "body": None} for r in rows]
        if table == "access_log":  # 0008: no refusal of release 0.1 names a token
            assert all(r.pop("token_hash_prefix") is None for r in found)
        if table in EVENT_TABLES:  # a child's are sealed again under its key at the start
            found = [{**r, "state": None} for r in found]
            expected = [{**r, "state": None} for r in rows]
        if table == "projection_state":
            found = [r for r in found if r["name"] not in REBUILT]
            expected = [r for r in rows if r["name"] not in REBUILT]
        assert len(found) == len(expected), table
        assert sorted(found, key=repr) == sorted(expected, key=repr), table


# -- release 0.1's store ------------------------------------------------------------------------


def test_a_release_0_1_store_upgrades_without_losing_a_row(settings: Settings) -> None:
    old = release_0_1.build(settings)
    before = snapshot(settings)
    assert all(before[t] for t in ("access_log", "audit_checkpoints", "projection_state"))
    assert len(before[old.events_table]) == len(old.notification_ids)
    assert before[old.snapshots_table], "the old store has snapshots as well as events"

    services = build_services(settings)
    if not settings.uses_postgres:  # nothing of the old views or answers is left in the file
        files = ("baton.sqlite", "baton.sqlite-wal")
        whole = b"".join((data_dir(settings) / name).read_bytes() for name in files)
        assert [s for s in (b"Okafor", b"Observation 3", b'"id": "1"') if s in whole] == []
    services.close()

    assert_every_row_kept(before, snapshot(settings))
    if not settings.uses_postgres:
        # The events now live in baton.sqlite; the old file is kept, renamed, with every row.
        assert not (data_dir(settings) / "events.sqlite").exists()
        moved = release_0_1.sqlite_rows(data_dir(settings) / "events.sqlite.migrated")
        assert moved == {t: before[t] for t in moved}


def test_after_the_upgrade_the_events_read_and_the_log_goes_on(settings: Settings) -> None:
    old = release_0_1.build(settings)
    services = build_services(settings)
    try:
        app = services.app
        child = app.child(old.child_id)
        assert len(child.entries) == release_0_1.OBSERVATIONS
        # Its events and snapshots, stored under the global key, are now under its own key.
        assert app.snapshots is not None
        for recorder in (app.recorder, app.snapshots.recorder):
            stored = recorder.select_events(old.child_id)
            assert stored and all(e.state.startswith(MARKER + old.child_id.bytes) for e in stored)
        notes = app.recorder.select_notifications(start=1, limit=10_000)
        assert [n.id for n in notes] == old.notification_ids
        assert release_0_1.new_observation(app, old) == old.notification_ids[-1] + 1

        # The views are built again from the start of the log (their plaintext rows were
        # dropped), the old child's name now sealed under a key made for it at the first start.
        def lag() -> dict[str, int]:
            return {s.name: s.lag_events for s in projection_status(services.db, app, views)}

        views = services.views
        # (The retention view held only ids and dates: it keeps its place, behind by the new one.)
        assert lag() == {
            v.name: old.notification_ids[-1] + 1 if v.name in REBUILT else 1 for v in views
        }
        for view in views:
            while process_batch(services.db, app, view):
                pass
        assert lag() == {v.name: 0 for v in views}
        listed = list_children(services.db, services.child_keys, old.setting_id)
        assert [c["child_id"] for c in listed] == [old.child_id]
        services.child_keys.destroy(old.child_id)  # so its keys reach its whole record
        with pytest.raises(ChildErased):
            app.repository.get(old.child_id)
        # The access log's signed checkpoints still verify over every entry.
        while audit_log.integrate(services.db, services.audit_signer):
            pass
        signer = services.audit_signer
        heads = [SignedHead(c.size, c.note) for c in audit_log.checkpoints(services.db)]
        result = verify_log(
            audit_log.stored_leaves(services.db), heads, signer.origin, signer.key.public_key()
        )
        assert isinstance(result, Verified), result
        assert result.size == 7
    finally:
        services.close()


# -- running the migrations ---------------------------------------------------------------------


def schema(settings: Settings) -> list[tuple[Any, ...]]:
    db = open_database(settings.database_url_value(), data_dir(settings))
    try:
        with db.read() as cur:
            if db.dialect == "sqlite":
                cur.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
            else:
                cur.execute(
                    "SELECT table_name, column_name, data_type, is_nullable"
                    " FROM information_schema.columns WHERE table_schema = current_schema()"
                    " UNION ALL SELECT tablename, indexname, indexdef, ''"
                    " FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1, 2"
                )
            return list(cur.fetchall())
    finally:
        db.close()


def test_migrating_again_changes_nothing(settings: Settings) -> None:
    release_0_1.build(settings)
    first = migrate_once(settings)
    assert [m.version for m in first] == [m.version for m in migrations_for(settings)]
    build_services(settings).close()  # the first start: keys, sealed answers, new views
    before, shape = snapshot(settings), schema(settings)

    assert migrate_once(settings) == []
    build_services(settings).close()

    assert snapshot(settings) == before
    assert schema(settings) == shape


def migrations_for(settings: Settings) -> list[Migration]:
    return migrations("postgresql" if settings.uses_postgres else "sqlite")


def run_migrations(url: str | None, data: str, start: Any, results: Any) -> None:
    """One process of ``test_two_processes...``: open the store, wait for the other, migrate."""
    db = open_database(url, Path(data))
    try:
        start.wait(60)
        results.put(("applied", [m.version for m in migrate(db)]))
    except Exception as e:  # noqa: BLE001 - reported by the test
        results.put(("failed", repr(e)))
    finally:
        db.close()


def test_two_processes_starting_at_once_apply_each_migration_once(settings: Settings) -> None:
    release_0_1.build(settings)
    before = snapshot(settings)
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Barrier(2), spawn.Queue()
    args = (settings.database_url_value(), str(data_dir(settings)), start, results)
    processes = [spawn.Process(target=run_migrations, args=args) for _ in range(2)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(30)

    assert [what for what, _ in outcomes] == ["applied", "applied"], outcomes
    applied = sorted(outcomes[0][1] + outcomes[1][1])
    assert applied == [m.version for m in migrations_for(settings)]
    after = snapshot(settings)
    assert sorted(int(r["version"]) for r in after["schema_migrations"]) == applied
    assert_every_row_kept(before, after)


def test_a_database_migrated_by_a_newer_release_is_refused(settings: Settings) -> None:
    migrate_once(settings)
    db = open_database(settings.database_url_value(), data_dir(settings))
    try:
        with db.transaction() as cur:
            cur.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
                (9999, "from_the_future", "2030-01-01T00:00:00+00:00"),
            )
        with pytest.raises(MigrationError, match="9999"):
            migrate(db)
    finally:
        db.close()


# -- SQLite: events.sqlite moves into baton.sqlite ----------------------------------------------


@pytest.fixture
def sqlite_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    with own_store("sqlite", tmp_path, request) as made:
        yield made


def test_a_crash_before_the_rename_is_finished_by_the_next_start(
    sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    release_0_1.build(sqlite_settings)
    before = snapshot(sqlite_settings)
    events_file = data_dir(sqlite_settings) / "events.sqlite"

    def crash(*_: object) -> None:
        raise OSError("the process died here")

    with monkeypatch.context() as patched:
        patched.setattr(Path, "rename", crash)
        with pytest.raises(OSError, match="died"):
            migrate_once(sqlite_settings)
    assert events_file.exists(), "the copy committed but the old file was not renamed"

    # The copy is not applied again (only what came after it), and the rename is settled.
    assert all(m.version > 3 for m in migrate_once(sqlite_settings))
    assert not events_file.exists()
    assert (data_dir(sqlite_settings) / "events.sqlite.migrated").exists()
    assert_every_row_kept(before, snapshot(sqlite_settings))


def test_an_events_file_written_to_after_the_copy_stops_the_start(
    sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old: OldStore = release_0_1.build(sqlite_settings)
    events_file = data_dir(sqlite_settings) / "events.sqlite"
    with monkeypatch.context() as patched:
        patched.setattr(Path, "rename", lambda *_: None)  # as if the process died before it
        migrate_once(sqlite_settings)
    # A process of the old release, still running, writes one more event to the old file.
    app = release_0_1.old_application(sqlite_settings)
    try:
        release_0_1.new_observation(app, old)
    finally:
        app.close()

    with pytest.raises(MigrationError, match="old release"):
        build_services(sqlite_settings)
    assert events_file.exists(), "nothing is renamed while the files disagree"


def test_baton_migrate_lists_and_applies_the_migrations(sqlite_settings: Settings) -> None:
    release_0_1.build(sqlite_settings)
    env = cli_env(sqlite_settings)

    def baton(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [BATON, "migrate", *args], env=env, capture_output=True, text=True, timeout=120
        )

    pending = baton("--status")
    assert pending.returncode == 1, pending.stderr
    assert pending.stdout.count("pending") == len(migrations("sqlite"))
    applied = baton()
    assert applied.returncode == 0, applied.stderr
    assert "applied 0003 one_file" in applied.stdout
    assert not (data_dir(sqlite_settings) / "events.sqlite").exists()
    done = baton("--status")
    assert done.returncode == 0, done.stderr
    assert "pending" not in done.stdout
    assert "0002  write_path" in done.stdout
