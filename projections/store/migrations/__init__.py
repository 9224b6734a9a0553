"""Baton's own tables are made and changed by numbered migrations, on SQLite and PostgreSQL.

A migration is ``NNNN_name.sql`` in this folder (both stores), with ``NNNN_name.sqlite.sql`` and
``NNNN_name.postgresql.sql`` beside it (or instead) for SQL that differs; a step that SQL cannot
say is a Python function listed in ``STEPS``. Statements in a file end with ``;`` and hold no
``;`` of their own; lines starting with ``--`` are comments.

Each migration runs in its own transaction together with its row in ``schema_migrations``, so it
is applied exactly once. The transaction first takes the store's migration lock (PostgreSQL: an
advisory lock; SQLite: ``BEGIN IMMEDIATE``'s write lock) and then looks again at what is applied,
so two processes starting at once apply each migration once between them.

The event store's tables are the eventsourcing library's; only moving them is a migration here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from projections.store.db import Cursor, Database, Dialect, MigrationError
from projections.store.migrations import child_keys, one_file

HERE = Path(__file__).parent
FILE_NAME = re.compile(r"^(\d{4})_(\w+?)(?:\.(sqlite|postgresql))?\.sql$")
# Any fixed number will do; it only has to be the same for every Baton process.
POSTGRES_LOCK = 0x6261746F6E  # "baton"

SCHEMA_MIGRATIONS = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""

Step = Callable[[Cursor, Database], None]

__all__ = ["Migration", "MigrationError", "Status", "migrate", "migrations", "status"]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Step
    # Run after the migration is applied, on every start: finishes what cannot be part of the
    # transaction (renaming a file) and must be safe to repeat.
    settle: Step | None = None


@dataclass(frozen=True)
class Status:
    version: int
    name: str
    applied_at: str | None  # None: pending


# Steps that SQL cannot say, by (version, dialect).
STEPS: dict[tuple[int, Dialect], Migration] = {
    (3, "sqlite"): Migration(3, "one_file", one_file.copy_events, one_file.settle),
    (5, "sqlite"): Migration(5, "child_keys", child_keys.apply),
    (5, "postgresql"): Migration(5, "child_keys", child_keys.apply),
}


def statements(sql: str) -> list[str]:
    text = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in text.split(";") if s.strip()]


def _sql_step(sql: str) -> Step:
    def apply(cur: Cursor, db: Database) -> None:
        for statement in statements(sql):
            cur.execute(statement)

    return apply


def migrations(dialect: Dialect) -> list[Migration]:
    """Every migration for ``dialect``, in order. A version's dialect file runs before its
    common file, so the common part can refer to what the dialect part made."""
    files: dict[int, list[tuple[bool, str, Path]]] = {}
    for path in HERE.glob("*.sql"):
        match = FILE_NAME.match(path.name)
        if match is None:
            raise MigrationError(f"{path.name} is not named NNNN_name[.dialect].sql")
        if match[3] in (None, dialect):
            files.setdefault(int(match[1]), []).append((match[3] is None, match[2], path))
    found = {version: m for (version, d), m in STEPS.items() if d == dialect}
    for version, parts in files.items():
        names = {name for _, name, _ in parts}
        if version in found or len(names) > 1:
            raise MigrationError(f"migration {version:04d} has two names or two kinds of step")
        sql = "\n".join(path.read_text() for _, _, path in sorted(parts))
        found[version] = Migration(version, names.pop(), _sql_step(sql))
    return [found[v] for v in sorted(found)]


def _has_table(cur: Cursor, dialect: Dialect, table: str) -> bool:
    if dialect == "sqlite":
        cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", (table,))
    else:
        cur.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s",
            (table,),
        )
    return cur.fetchone() is not None


def _applied(cur: Cursor, dialect: Dialect) -> dict[int, tuple[str, str]]:
    """version -> (name, applied_at) of every migration recorded in this database."""
    if not _has_table(cur, dialect, "schema_migrations"):
        return {}
    cur.execute("SELECT version, name, applied_at FROM schema_migrations")
    return {int(v): (str(n), str(at)) for v, n, at in cur.fetchall()}


def status(db: Database) -> list[Status]:
    """Each migration, applied (and when) or pending; changes nothing."""
    with db.read() as cur:
        applied = _applied(cur, db.dialect)
    known = migrations(db.dialect)
    _refuse_unknown(applied, known)
    return [Status(m.version, m.name, applied.get(m.version, ("", None))[1]) for m in known]


def _refuse_unknown(applied: dict[int, tuple[str, str]], known: list[Migration]) -> None:
    unknown = sorted(set(applied) - {m.version for m in known})
    if unknown:
        raise MigrationError(
            f"the database has migration {unknown[-1]:04d} ({applied[unknown[-1]][0]}), which "
            "this release does not know: it was upgraded by a newer release; run that one"
        )


def _lock(cur: Cursor, db: Database) -> None:
    """Serialise migrating processes for the rest of the transaction."""
    if db.dialect == "postgresql":
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (POSTGRES_LOCK,))
    # SQLite: Database.transaction() began with BEGIN IMMEDIATE, which already holds the lock.
    cur.execute(SCHEMA_MIGRATIONS)


def migrate(db: Database) -> list[Migration]:
    """Apply every pending migration, each in its own transaction; returns those this call
    applied (none when another process applied them first)."""
    known = migrations(db.dialect)
    with db.read() as cur:
        applied = _applied(cur, db.dialect)
    _refuse_unknown(applied, known)
    done = []
    for migration in known:
        if migration.version not in applied:
            with db.transaction() as cur:
                _lock(cur, db)
                if migration.version not in _applied(cur, db.dialect):
                    migration.apply(cur, db)
                    cur.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at)"
                        " VALUES (%s, %s, %s)",
                        (migration.version, migration.name, datetime.now(UTC).isoformat()),
                    )
                    done.append(migration)
        if migration.settle is not None:
            with db.transaction() as cur:
                _lock(cur, db)
                migration.settle(cur, db)
    return done
