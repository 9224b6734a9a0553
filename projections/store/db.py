"""One small interface over the two SQL stores Baton runs on: embedded SQLite and PostgreSQL.

SQL is written once, with ``%s`` placeholders (psycopg's style) and the ``ON CONFLICT`` upserts
both servers understand; the SQLite side swaps the placeholders for ``?``. Every value travels as
a bound parameter, never inside the SQL text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import unquote, urlsplit

from projections.store.binding import CommitUnknown, StoreUnavailable

__all__ = ["CommitUnknown", "Database", "StoreUnavailable", "open_database"]

Dialect = Literal["sqlite", "postgresql"]
# The embedded store is one file: the events and Baton's own tables commit in one transaction.
STORE_FILE = "baton.sqlite"
# The library's factories, adapted to join a unit of work (projections/store/event_store.py); named
# by topic because the library resolves its factory from the environment.
FACTORY_TOPICS = {
    "postgresql": "projections.store.event_store:BatonPostgresFactory",
    "sqlite": "projections.store.event_store:BatonSQLiteFactory",
}
Row = tuple[Any, ...]


class MigrationError(Exception):
    """The schema cannot be brought up to date safely; the message says what to do."""


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...
    def fetchone(self) -> Row | None: ...
    def fetchall(self) -> list[Row]: ...


def clean(params: Sequence[Any]) -> tuple[Any, ...]:
    """Bound values with NUL removed from text: PostgreSQL's TEXT cannot hold it, so one such
    value in an old event must not stop a view for every organisation (and SQLite does the same,
    so both stores show the same)."""
    return tuple(p.replace("\x00", "") if isinstance(p, str) else p for p in params)


class Database(Protocol):
    dialect: Dialect

    def transaction(self) -> Any:
        """A context manager giving a Cursor inside one transaction (commit on success)."""

    def read(self) -> Any:
        """Like ``transaction``, for reading only: on SQLite it takes no write lock."""

    def unit_of_work(self) -> Any:
        """A context manager binding one connection, in one transaction, to this context: every
        write through this Database and through the event store joins it, and it commits once."""

    def ping(self) -> bool: ...
    def close(self) -> None: ...


def settle_file(db: Database) -> None:
    """On SQLite, copy the write-ahead log into the file and empty it, so what a migration
    zeroed (``secure_delete``) is zeroed in the file too, not only in the log."""
    from projections.store.sqlite import SqliteDatabase

    if isinstance(db, SqliteDatabase):
        with db._writer:
            db._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def second_reader(db: Database) -> Database:
    """A Database for reads made while this thread's own connection may be inside a transaction
    (a projection's batch): on SQLite a second connection to the file; PostgreSQL's pool
    already gives each transaction its own."""
    from projections.store.sqlite import SqliteDatabase

    return SqliteDatabase(db.path) if isinstance(db, SqliteDatabase) else db


def eventsourcing_env(database_url: str | None, data_dir: Path) -> dict[str, str]:
    """The environment that points the eventsourcing library at the same store."""
    if not database_url:
        return {
            "PERSISTENCE_MODULE": FACTORY_TOPICS["sqlite"],
            # One file with Baton's own tables, so that both commit in one transaction
            # (migration 0003 moved release 0.1's events.sqlite in).
            "SQLITE_DBNAME": str(data_dir / STORE_FILE),
            "SQLITE_LOCK_TIMEOUT": "15",
        }
    parts = urlsplit(database_url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
        raise ValueError(
            "BATON_DATABASE_URL must look like postgresql://user[:password]@host[:port]/dbname"
        )
    env = {
        "PERSISTENCE_MODULE": FACTORY_TOPICS["postgresql"],
        "POSTGRES_DBNAME": unquote(parts.path.strip("/")),
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_POOL_SIZE": "2",
        "POSTGRES_MAX_OVERFLOW": "18",
        "POSTGRES_CONNECT_TIMEOUT": "5",
        "POSTGRES_LOCK_TIMEOUT": "10",
    }
    return env


def open_database(database_url: str | None, data_dir: Path) -> Database:
    if database_url:
        from projections.store.postgres import PostgresDatabase

        return PostgresDatabase(database_url.replace("postgres://", "postgresql://", 1))
    from projections.store.sqlite import SqliteDatabase

    return SqliteDatabase(data_dir / STORE_FILE)


def lock_clause(db: Database) -> str:
    """Row locks for PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers."""
    return " FOR UPDATE" if db.dialect == "postgresql" else ""
