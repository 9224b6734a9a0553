"""The embedded store: one SQLite file in the data directory, WAL mode, writers in one line."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from projections.store.binding import (
    Bound,
    StoreUnavailable,
    binding,
    bound,
)
from projections.store.db import Cursor, Dialect, Row, clean


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
