"""One small interface over the two SQL stores Baton runs on: embedded SQLite and PostgreSQL.

SQL is written once, with ``%s`` placeholders (psycopg's style) and the ``ON CONFLICT`` upserts
both servers understand; the SQLite side swaps the placeholders for ``?``. Every value travels as
a bound parameter, never inside the SQL text.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

Dialect = Literal["sqlite", "postgresql"]
SQLITE_FILE = "baton.sqlite"  # the embedded store: the events and Baton's own tables
Row = tuple[Any, ...]


class StoreUnavailable(Exception):
    """The database could not be reached or did not answer."""


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

    def ping(self) -> bool: ...
    def close(self) -> None: ...


class SqliteDatabase:
    """A file in the data directory; WAL mode so readers never wait for the writer."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path, timeout: float = 15.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.timeout = timeout
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._writer = threading.Lock()
        self._connection().execute("PRAGMA journal_mode=WAL")

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        # A deferred transaction: a consistent snapshot in WAL mode, without queueing behind
        # (or blocking) the writers, as BEGIN IMMEDIATE would.
        with self._begun("BEGIN") as cur:
            yield cur

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        # Writers of this process queue on a lock, in order, rather than in SQLite's busy
        # handler, whose back-off sleeps grow to 100 ms (the lag benchmark's p99 was near 1 s
        # with three views and the integrator contending). Other processes still meet the
        # busy timeout.
        with self._writer, self._begun("BEGIN IMMEDIATE") as cur:
            yield cur

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
            kwargs={"connect_timeout": 5},
        )
        try:
            self.pool.open(wait=True, timeout=timeout)
        except (psycopg.Error, PoolTimeout) as e:
            self.pool.close()
            raise StoreUnavailable(str(e)) from e

    def read(self) -> Any:
        return self.transaction()

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        try:
            with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
                yield _PostgresCursor(cur)
        except (psycopg.OperationalError, PoolTimeout) as e:
            raise StoreUnavailable(str(e)) from e

    def ping(self) -> bool:
        try:
            with self.pool.connection(timeout=2) as conn:
                conn.execute("SELECT 1")
        except (psycopg.Error, PoolTimeout):
            return False
        return True

    def close(self) -> None:
        self.pool.close()


def eventsourcing_env(database_url: str | None, data_dir: Path) -> dict[str, str]:
    """The environment that points the eventsourcing library at the same store."""
    if not database_url:
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            # One file with Baton's own tables, so that both commit in one transaction
            # (migration 0003 moved release 0.1's events.sqlite in).
            "SQLITE_DBNAME": str(data_dir / SQLITE_FILE),
            "SQLITE_LOCK_TIMEOUT": "15",
        }
    parts = urlsplit(database_url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
        raise ValueError(
            "BATON_DATABASE_URL must look like postgresql://user[:password]@host[:port]/dbname"
        )
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(parts.path.strip("/")),
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_POOL_SIZE": "10",
        "POSTGRES_MAX_OVERFLOW": "10",
        "POSTGRES_CONNECT_TIMEOUT": "5",
    }
    return env


def open_database(database_url: str | None, data_dir: Path) -> Database:
    if database_url:
        return PostgresDatabase(database_url.replace("postgres://", "postgresql://", 1))
    return SqliteDatabase(data_dir / SQLITE_FILE)
