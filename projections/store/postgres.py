"""The PostgreSQL store: a pool of autocommit connections, explicit transactions, bounded waits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

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
from projections.store.db import Cursor, Dialect, Row, clean


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
