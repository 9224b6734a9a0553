"""One transaction per command: the events, the access-log entries and the idempotency record
commit together, or not at all.

While a unit of work is open, one database connection is bound to the current context; the
event store (eventsourcing's recorders) and Baton's own tables both write through it, so a write
request reads, decides and commits in a single transaction. Outside one, each falls back to its
own pool.

Every database call also honours the request's deadline (``deadline_in``): past it, or when the
server cannot be reached, the call raises ``StoreUnavailable`` at once instead of the library's
own retry loop (ten tries, 0.2 s apart, each waiting for the pool), so a client gets a 503 within
a bound rather than a 500, or an answer after 47 seconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, PersistenceError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore, PostgresFactory
from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore, SQLiteFactory
from psycopg.types.composite import register_composite
from psycopg_pool import PoolTimeout

from projections.store.binding import (
    DEFAULT_TIMEOUT,
    StoreUnavailable,
    bound,
    connection_lost,
    forget_pool,
    remaining,
    watch_pool,
)
from projections.store.sqlite import writer_lock


def _translate_postgres(e: psycopg.Error) -> Exception:
    if isinstance(e, psycopg.IntegrityError):
        return IntegrityError(str(e))
    if isinstance(e, psycopg.OperationalError):
        connection_lost()
    # Connection loss, a server shutting down, a read-only server, a lock or statement timeout:
    # none is the client's fault, and none is worth the library's ten blind retries.
    return StoreUnavailable(f"{type(e).__name__}: the database is unavailable")


class BatonPostgresDatastore(PostgresDatastore):
    """eventsourcing's datastore, made to share a bound connection and keep to the deadline."""

    def after_connect_func(self) -> Callable[[psycopg.Connection[Any]], None]:
        library_setup = super().after_connect_func()

        def after_connect(conn: psycopg.Connection[Any]) -> None:
            library_setup(conn)
            # A hung statement or lock wait is cut off rather than held forever.
            ms = int(DEFAULT_TIMEOUT * 1000)
            conn.execute(f"SET statement_timeout = {ms}")  # an int, never input

        return after_connect

    @contextmanager
    def get_connection(self) -> Iterator[psycopg.Connection[Any]]:
        shared = bound()
        if shared is not None and shared.dialect == "postgresql":
            conn = shared.connection
            self._adapt(conn)
            try:
                yield conn
            except psycopg.Error as e:
                raise _translate_postgres(e) from e
            return
        try:
            self.pool.open()  # idempotent; the wait for a connection is bounded below
            with self.pool.connection(timeout=remaining()) as conn:
                self._adapt(conn)
                yield conn
        except PoolTimeout as e:
            connection_lost()
            raise StoreUnavailable("the database could not be reached in time") from e
        except psycopg.Error as e:
            raise _translate_postgres(e) from e

    def _adapt(self, conn: psycopg.Connection[Any]) -> None:
        for info in self.psycopg_type_adapters.values():
            if not conn.adapters.types.get(info.oid):
                register_composite(info, conn)


class BatonPostgresRecorder(PostgresApplicationRecorder):
    """Inside a unit of work, inserts on the bound connection with no savepoint of its own.

    The library's insert wraps itself in a nested transaction (a savepoint, on a shared
    connection) and keeps a unique violation aside until that savepoint is released, which
    then fails as "transaction aborted" and hides the version conflict. Here the violation
    surfaces as IntegrityError, and the unit of work decides again."""

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        shared = bound()
        if shared is None or shared.dialect != "postgresql" or not stored_events:
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            self._insert_stored_events(curs, stored_events, **kwargs)
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)


class BatonPostgresFactory(PostgresFactory):
    """The library's PostgreSQL factory, with ``BatonPostgresDatastore`` as its datastore."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        # The library builds its datastore inside __init__ from a dozen parsed settings; the
        # subclass adds behaviour only (no state), so adopting it keeps every one of them.
        self.datastore.__class__ = BatonPostgresDatastore
        watch_pool(self.datastore.pool)

    def close(self) -> None:
        forget_pool(self.datastore.pool)
        super().close()

    application_recorder_class = BatonPostgresRecorder


def _translate_sqlite(e: sqlite3.Error) -> Exception:
    if isinstance(e, sqlite3.IntegrityError):
        return IntegrityError(str(e))
    if isinstance(e, sqlite3.OperationalError):
        return StoreUnavailable(f"{type(e).__name__}: the database is unavailable")
    return PersistenceError(str(e))


class BatonSQLiteDatastore(SQLiteDatastore):
    """eventsourcing's SQLite datastore, made to share a bound connection."""

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[SQLiteCursor]:
        shared = bound()
        if shared is None or shared.dialect != "sqlite":
            # Outside a unit of work (the demo, the command line) a write still queues with
            # every other writer of the file, in order, not in SQLite's busy handler.
            with (
                writer_lock(self.pool.db_name) if commit else nullcontext(),
                super().transaction(commit=commit) as cursor,
            ):
                yield cursor
            return
        raw = shared.connection.cursor()
        raw.row_factory = sqlite3.Row  # the library reads columns by name
        try:
            yield SQLiteCursor(raw)
        except sqlite3.Error as e:
            raise _translate_sqlite(e) from e
        finally:
            raw.close()


class BatonSQLiteFactory(SQLiteFactory):
    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self.datastore.__class__ = BatonSQLiteDatastore
