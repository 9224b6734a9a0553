"""One small interface over the two SQL stores Baton runs on: embedded SQLite and PostgreSQL.

SQL is written once, with ``%s`` placeholders (psycopg's style) and the ``ON CONFLICT`` upserts
both servers understand; the SQLite side swaps the placeholders for ``?``. Every value travels as
a bound parameter, never inside the SQL text.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg.rows import dict_row, tuple_row
from psycopg_pool import ConnectionPool, PoolTimeout

from projections.store.binding import (
    Bound,
    CommitUnknown,
    StoreUnavailable,
    binding,
    bound,
    connection_lost,
    forget_pool,
    remaining,
    watch_pool,
)

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


class _SqliteCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor
        self.rowcount = 0

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> _SqliteCursor:
        self._cursor.executemany(sql.replace("%s", "?"), [clean(r) for r in rows])
        self.rowcount = self._cursor.rowcount
        return self

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _SqliteCursor:
        self._cursor.execute(sql.replace("%s", "?"), clean(params))
        self.rowcount = self._cursor.rowcount
        return self

    def fetchone(self) -> Row | None:
        row: Row | None = self._cursor.fetchone()
        return row

    def fetchall(self) -> list[Row]:
        return list(self._cursor.fetchall())


class _PostgresCursor:
    """psycopg's cursor, with bound text cleaned as ``clean`` says."""

    def __init__(self, cursor: psycopg.Cursor[Row]) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> _PostgresCursor:
        self._cursor.executemany(sql, [clean(r) for r in rows])  # pipelined by psycopg 3
        return self

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _PostgresCursor:
        self._cursor.execute(sql, clean(params))
        return self

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall()


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


_WRITERS: dict[str, threading.RLock] = {}
_WRITERS_GUARD = threading.Lock()


def writer_lock(path: Path | str) -> threading.RLock:
    """The one lock every writer of this process takes for the SQLite file at ``path``: Baton's
    tables and the event store share baton.sqlite, and writers queue on it in order rather than
    in SQLite's busy handler (see SqliteDatabase.transaction). Re-entrant, so a thread already
    writing meets SQLite's busy timeout, not a deadlock."""
    key = str(Path(path).resolve())
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(key, threading.RLock())


class SqliteDatabase:
    """A file in the data directory; WAL mode so readers never wait for the writer."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path, timeout: float = 15.0) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        private_file(path)
        self.path = path
        self.timeout = timeout
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._writer = writer_lock(path)
        self._connection().execute("PRAGMA journal_mode=WAL")

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA synchronous=NORMAL")
            # What is deleted or overwritten is zeroed in the file, not left in free pages.
            conn.execute("PRAGMA secure_delete=ON")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        # A deferred transaction: a consistent snapshot in WAL mode, without queueing behind
        # (or blocking) the writers, as BEGIN IMMEDIATE would.
        if self._joined():
            yield from self._joined_cursor()
            return
        with self._begun("BEGIN") as cur:
            yield cur

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        # Writers of this process queue on a lock, in order, rather than in SQLite's busy
        # handler, whose back-off sleeps grow to 100 ms (the lag benchmark's p99 was near 1 s
        # with three views and the integrator contending). Other processes still meet the
        # busy timeout.
        if self._joined():
            yield from self._joined_cursor()
            return
        with self._writer, self._begun("BEGIN IMMEDIATE") as cur:
            yield cur

    @contextmanager
    def unit_of_work(self) -> Iterator[Bound]:
        if self._joined():
            raise RuntimeError("a unit of work is already open in this context")
        with self._writer:
            conn = self._connection()
            unit = Bound("sqlite", conn)
            with self._begun("BEGIN IMMEDIATE") as cur, binding(unit):
                yield unit
                for write in unit.before_commit:
                    write(cur)
        for callback in unit.after_commit:
            callback()

    def _joined(self) -> bool:
        shared = bound()
        return shared is not None and shared.connection is getattr(self._local, "conn", None)

    def _joined_cursor(self) -> Iterator[Cursor]:
        cursor = self._connection().cursor()
        try:
            yield _SqliteCursor(cursor)
        except sqlite3.OperationalError as e:
            raise StoreUnavailable(str(e)) from e
        finally:
            cursor.close()

    @contextmanager
    def _begun(self, begin: str) -> Iterator[Cursor]:
        conn = self._connection()
        try:
            conn.execute(begin)
        except sqlite3.OperationalError as e:
            raise StoreUnavailable(str(e)) from e
        cursor = conn.cursor()
        try:
            yield _SqliteCursor(cursor)
        except BaseException:
            cursor.close()
            conn.execute("ROLLBACK")
            raise
        cursor.close()
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as e:
            raise StoreUnavailable(str(e)) from e

    def ping(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


class PostgresDatabase:
    dialect: Dialect = "postgresql"

    def __init__(self, url: str, max_size: int = 10, timeout: float = 10.0) -> None:
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            open=False,
            # Autocommit, with explicit transactions: the event store's own code, which joins
            # a unit of work's connection, expects it.
            kwargs={"connect_timeout": 5, "autocommit": True},
            configure=_configure,
            # No check on checkout: that is a round trip, and a transaction the server counts,
            # per request. A connection the server or network dropped (a restart, a failover)
            # fails its request with a 503 instead, and that purges every dead connection in
            # the pools at once (binding.connection_lost), so the requests after it succeed.
        )
        try:
            self.pool.open(wait=True, timeout=timeout)
        except (psycopg.Error, PoolTimeout) as e:
            self.pool.close()
            raise StoreUnavailable(str(e)) from e
        watch_pool(self.pool)

    def read(self) -> Any:
        return self.transaction()

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        shared = bound()
        if shared is not None and shared.dialect == "postgresql":
            with _translated(), shared.connection.cursor(row_factory=tuple_row) as cur:
                yield _PostgresCursor(cur)
            return
        with (
            _translated(),
            self.pool.connection(timeout=remaining()) as conn,
            conn.transaction(),
            conn.cursor(row_factory=tuple_row) as cur,
        ):
            yield _PostgresCursor(cur)

    @contextmanager
    def unit_of_work(self) -> Iterator[Bound]:
        if bound() is not None:
            raise RuntimeError("a unit of work is already open in this context")
        with _translated(), self.pool.connection(timeout=remaining()) as conn:
            conn.row_factory = dict_row  # the event store's code reads columns by name
            unit = Bound("postgresql", conn)
            try:
                conn.execute("BEGIN")
                with binding(unit):
                    yield unit
                    with conn.cursor(row_factory=tuple_row) as cur:
                        for write in unit.before_commit:
                            write(_PostgresCursor(cur))
            except BaseException:
                _rollback(conn)
                raise
            finally:
                conn.row_factory = tuple_row
            try:
                conn.execute("COMMIT")
            except psycopg.OperationalError as e:
                connection_lost()
                raise CommitUnknown(str(e)) from e
        for callback in unit.after_commit:
            callback()

    def ping(self) -> bool:
        try:
            with self.pool.connection(timeout=2) as conn:
                conn.execute("SELECT 1")
        except (psycopg.Error, PoolTimeout):
            return False
        return True

    def close(self) -> None:
        forget_pool(self.pool)
        self.pool.close()


def _configure(conn: psycopg.Connection[Any]) -> None:
    # A hung statement or lock wait is cut off rather than held past any request's deadline.
    conn.execute("SET statement_timeout = 10000")
    conn.execute("SET lock_timeout = 10000")


def _rollback(conn: psycopg.Connection[Any]) -> None:
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.UNKNOWN:
        # A broken connection cannot roll back; the pool discards it and the server rolls back.
        with suppress(psycopg.Error):
            conn.execute("ROLLBACK")


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except CommitUnknown:
        raise
    except (psycopg.OperationalError, psycopg.errors.ReadOnlySqlTransaction) as e:
        connection_lost()
        raise StoreUnavailable(f"{type(e).__name__}: the database is unavailable") from e


def private_file(path: Path) -> None:
    """Make ``path`` (if need be) readable by its owner only, with its -wal and -shm files
    (SQLite gives those the database file's mode when it makes them). An existing file is never
    opened here: closing a descriptor would drop this process's SQLite locks on it."""
    if not path.exists():
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with suppress(FileNotFoundError):
            os.chmod(name, 0o600)


def settle_file(db: Database) -> None:
    """On SQLite, copy the write-ahead log into the file and empty it, so what a migration
    zeroed (``secure_delete``) is zeroed in the file too, not only in the log."""
    if isinstance(db, SqliteDatabase):
        with db._writer:
            db._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def second_reader(db: Database) -> Database:
    """A Database for reads made while this thread's own connection may be inside a transaction
    (a projection's batch): on SQLite a second connection to the file; PostgreSQL's pool
    already gives each transaction its own."""
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
        return PostgresDatabase(database_url.replace("postgres://", "postgresql://", 1))
    return SqliteDatabase(data_dir / STORE_FILE)


def lock_clause(db: Database) -> str:
    """Row locks for PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers."""
    return " FOR UPDATE" if db.dialect == "postgresql" else ""
