"""A store as release 0.1 (commit fe059d0) left it, for the upgrade tests.

Baton's tables are made by that release's own DDL (release_0_1_schema.py); on SQLite the events
are where that release kept them, in ``events.sqlite`` beside ``baton.sqlite``. Every table has
rows: events and snapshots, access log entries (integrated under signed checkpoints, and some
still pending), idempotency keys (one stranded "in progress" by a crash) and the views with
their positions. ``snapshot`` reads every row of every table of the store, to compare.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
from psycopg import sql

from api.master_key import derive_key, load_master_key
from api.services import application_env, checkpoint_signer
from api.settings import Settings
from domain.access_log.checkpoint import Checkpoint, sign_checkpoint
from domain.access_log.entry import AccessEntry, Action, Outcome
from domain.access_log.merkle import MerkleLog, leaf_hash
from domain.application import Baton
from projections import tracking
from projections.registry import all_views
from projections.runner import ensure_generation, read_batch
from projections.store.audit_log import Signer
from projections.store.db import Database, open_database
from projections.view import Tables, View
from projections.views.directory import Directory
from projections.views.notifications import Notifications
from projections.views.partnerships import PartnershipMembers
from tests.integration import release_0_1_schema

OBSERVATIONS = 7  # with a snapshot every 3 events: snapshots as well as events
Rows = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class OldStore:
    child_id: UUID
    setting_id: UUID
    staff_id: UUID
    notification_ids: list[int]
    events_table: str  # the library's names: stored_events on SQLite, baton_events on PostgreSQL
    snapshots_table: str


def old_application(settings: Settings) -> Baton:
    master_key = load_master_key(settings)
    env = application_env(settings, master_key)
    if not settings.uses_postgres:
        env["SQLITE_DBNAME"] = str(Path(settings.data_dir) / "events.sqlite")
    return Baton(
        env=env,
        snapshot_interval=3,
        key_encryption_key=derive_key(master_key, "organisation-keys"),
    )


def _events(app: Baton) -> OldStore:
    setting = app.create_organisation("Acorns Day Nursery", "nursery", None).id
    staff = uuid4()
    app.add_staff(setting, "Priya", "priya@example.org", ["practitioner"], staff_id=staff)
    today = date.today()
    child = app.register_child(
        given_name="Amara",
        family_name="Okafor",
        preferred_name=None,
        date_of_birth=today - timedelta(days=3 * 365),
        home_languages=["en"],
        send_status="none",
        setting_id=setting,
        started_on=today - timedelta(days=365),
        registered_by=staff,
    ).id
    for n in range(OBSERVATIONS):
        app.record_observation(
            child,
            area="CL",
            text=f"Observation {n}",
            observed_on=today - timedelta(days=n),
            elgs=[],
            characteristics=[],
            setting_id=setting,
            recorded_by=staff,
        )
    ids = [n.id for n in app.recorder.select_notifications(start=1, limit=10_000)]
    snapshots: Any = app.snapshots
    events: Any = app.recorder
    return OldStore(
        child, setting, staff, ids, events.events_table_name, snapshots.recorder.events_table_name
    )


def _entry(child_id: UUID, staff_id: UUID, n: int) -> AccessEntry:
    return AccessEntry(
        at=datetime.now(UTC),
        actor_id=staff_id,
        actor_org_id=None,
        actor_roles=("practitioner",),
        action=Action.READ if n % 2 else Action.CREATE,
        child_id=child_id,
        resource="observation",
        outcome=Outcome.ALLOWED if n % 3 else Outcome.DENIED,
        purpose="care",
    )


# Release 0.1's access_log columns, and how it wrote and integrated entries: kept here, apart
# from today's code, so that the upgrade tests show its leaves still verify as written then.
OLD_COLUMNS = (
    "at",
    "actor_id",
    "actor_org_id",
    "actor_roles",
    "action",
    "child_id",
    "resource",
    "outcome",
    "purpose",
)


def _old_text(entry: AccessEntry) -> tuple[str | None, ...]:
    return (
        entry.at.isoformat(),
        str(entry.actor_id) if entry.actor_id else None,
        str(entry.actor_org_id) if entry.actor_org_id else None,
        ",".join(entry.actor_roles),
        entry.action.value,
        str(entry.child_id) if entry.child_id else None,
        entry.resource,
        entry.outcome.value,
        entry.purpose,
    )


def _old_leaf(row: tuple[Any, ...], seq: int) -> bytes:
    fields: dict[str, Any] = {"seq": seq, **dict(zip(OLD_COLUMNS, row, strict=True))}
    fields["actor_roles"] = [r for r in str(fields["actor_roles"] or "").split(",") if r]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _append(db: Database, entries: list[AccessEntry]) -> None:
    with db.transaction() as cur:
        cur.executemany(
            f"INSERT INTO access_log ({', '.join(OLD_COLUMNS)}) VALUES"
            f" ({', '.join(['%s'] * len(OLD_COLUMNS))})",
            [_old_text(e) for e in entries],
        )


def _integrate(db: Database, signer: Signer) -> None:
    with db.transaction() as cur:
        cur.execute("SELECT size, border FROM audit_state WHERE id = 1")
        size, border = cur.fetchone() or (0, "")
        tree = MerkleLog.from_state(int(size), [bytes.fromhex(h) for h in border.split(",") if h])
        cur.execute(f"SELECT id, {', '.join(OLD_COLUMNS)} FROM access_log WHERE seq IS NULL")
        for offset, row in enumerate(sorted(cur.fetchall())):
            hashed = leaf_hash(_old_leaf(tuple(row[1:]), int(size) + offset))
            tree.append(hashed)
            cur.execute(
                "UPDATE access_log SET seq = %s, leaf_hash = %s WHERE id = %s",
                (int(size) + offset, hashed.hex(), row[0]),
            )
        head = tree.root()
        note = sign_checkpoint(
            Checkpoint(signer.origin, tree.size, head), signer.origin, signer.key
        )
        cur.execute(
            "INSERT INTO audit_checkpoints (size, root, note, signed_at) VALUES (%s, %s, %s, %s)",
            (tree.size, head.hex(), note, datetime.now(UTC).isoformat()),
        )
        cur.execute(
            "UPDATE audit_state SET size = %s, border = %s WHERE id = 1",
            (tree.size, ",".join(h.hex() for h in tree.border)),
        )


def build(settings: Settings) -> OldStore:
    """Make release 0.1's store for ``settings`` (its data directory or its database)."""
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    app = old_application(settings)
    db = open_database(settings.database_url_value(), Path(settings.data_dir))
    try:
        old = _events(app)
        with db.transaction() as cur:
            for statement in release_0_1_schema.statements(db.dialect):
                cur.execute(statement)
        signer = checkpoint_signer(settings, load_master_key(settings))
        for batch in (3, 2):  # two signed checkpoints
            _append(db, [_entry(old.child_id, old.staff_id, n) for n in range(batch)])
            _integrate(db, signer)
        _append(db, [_entry(old.child_id, old.staff_id, n) for n in range(2)])  # pending
        with db.transaction() as cur:
            cur.executemany(
                "INSERT INTO idempotency_keys (scope, key, request_hash, status, body,"
                " created_at) VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (f"org:{old.setting_id}", "k-done-1", "h1", 201, '{"id": "1"}', "2026-01-05"),
                    (f"org:{old.setting_id}", "k-done-2", "h2", 201, '{"id": "2"}', "2026-01-06"),
                    (f"org:{old.setting_id}", "k-stuck", "h3", None, None, "2026-01-07"),
                ],
            )
        # Release 0.1 had no organisation directory, email nor partnerships: the upgraded
        # service builds them.
        for view in all_views(Plaintext(), Plaintext()):
            if view.name in (Directory.name, Notifications.name, PartnershipMembers.name):
                continue
            ensure_generation(db, view)
            while _project(db, app, view):
                pass
    finally:
        db.close()
        app.close()
    return old


def _project(db: Any, app: Baton, view: View) -> bool:
    """One batch as release 0.1's runner applied it (it knew nothing of erasures)."""
    with db.transaction() as cur:
        found = tracking.active_generation(cur, view.name)
        assert found is not None
        generation, position = found
        events, reached = read_batch(app, view, position, 500)
        if reached == position:
            return False
        view.apply(cur, Tables(view.tables, generation), events)
        tracking.advance(cur, view.name, generation, reached)
    return True


class Plaintext:
    """Release 0.1's views kept names and text as they are (migration 0005 drops them)."""

    def seal_text(self, child_id: object, text: str, column: str) -> str:
        return text

    def open_text(self, child_id: object, token: str, column: str) -> str:
        return token

    def preload(self, child_ids: object) -> None:
        pass


def _key(row: dict[str, Any]) -> str:
    return repr(sorted(row.items()))


def snapshot(settings: Settings) -> Rows:
    """Every row of every table in the store (on SQLite, of both files; rowids included)."""
    url = settings.database_url_value()
    if url:
        return _postgres_rows(url)
    found: Rows = {}
    for name in ("events.sqlite", "baton.sqlite"):
        path = Path(settings.data_dir) / name
        if path.exists():
            found.update(sqlite_rows(path))
    return found


def sqlite_rows(path: Path) -> Rows:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        found = {}
        for name, ddl in tables:
            rowid = "" if "WITHOUT ROWID" in ddl.upper() else "rowid AS _rowid_, "
            rows = [dict(r) for r in conn.execute(f'SELECT {rowid}* FROM "{name}"')]
            found[name] = sorted(rows, key=_key)
        return found
    finally:
        conn.close()


def _postgres_rows(url: str) -> Rows:
    found = {}
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
        for (name,) in tables:
            cur = conn.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(name)))
            columns = [d.name for d in cur.description or ()]
            found[name] = sorted((dict(zip(columns, r, strict=True)) for r in cur), key=_key)
    return found


def new_observation(app: Baton, old: OldStore) -> int:
    """Record one more observation; returns its notification id."""
    return app.record_observation(
        old.child_id,
        area="PSED",
        text="After the upgrade",
        observed_on=date.today(),
        elgs=[],
        characteristics=[],
        setting_id=old.setting_id,
        recorded_by=old.staff_id,
    ).position
