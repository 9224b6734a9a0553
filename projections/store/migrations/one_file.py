"""Migration 0003, SQLite only: the event store moves into ``baton.sqlite``.

Release 0.1 kept the eventsourcing library's tables in ``events.sqlite`` and Baton's own in
``baton.sqlite``; a command's events and Baton's rows about it must commit in one transaction, so
there is one file now. Every table the library made in ``events.sqlite`` is copied, with its
rowids (notification ids are rowids, and the views' positions refer to them), inside the
migration's transaction. Once that has committed, ``settle`` renames ``events.sqlite`` to
``events.sqlite.migrated``; nothing is ever deleted.

This runs before the application is constructed: otherwise the library would make an empty
``stored_events`` in ``baton.sqlite`` first. Afterwards its CREATE TABLE IF NOT EXISTS finds the
copy.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from projections.store.db import Cursor, Database, MigrationError
from projections.store.sqlite import SqliteDatabase

OLD_NAME = "events.sqlite"
MIGRATED = ".migrated"
CHUNK = 1000  # rows per executemany while copying


def _old_file(db: Database) -> Path:
    assert isinstance(db, SqliteDatabase), "only the embedded store had events.sqlite"
    return db.path.parent / OLD_NAME


def _open(path: Path) -> sqlite3.Connection:
    # mode=rw: never make an empty events.sqlite where there is none.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _objects(source: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(type, name, sql) of everything the library made: tables first, then their indexes."""
    rows = source.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        " ORDER BY type <> 'table', name"
    ).fetchall()
    return [(str(t), str(n), str(s)) for t, n, s in rows]


def _has_rowid(sql: str) -> bool:
    return "WITHOUT ROWID" not in " ".join(sql.upper().split())


def _shape(rows: list[tuple[object, ...]]) -> tuple[int, int]:
    count, top = rows[0]
    return int(str(count)), int(str(top or 0))


def _differences(source: sqlite3.Connection, cur: Cursor) -> list[str]:
    """Tables whose row count or highest rowid differ between the two files."""
    found = []
    for kind, name, sql in _objects(source):
        if kind != "table":
            continue
        top = "max(rowid)" if _has_rowid(sql) else "0"
        query = f"SELECT count(*), {top} FROM {_q(name)}"
        old = _shape(source.execute(query).fetchall())
        cur.execute(query)
        new = _shape(cur.fetchall())
        if old != new:
            found.append(f"{name}: {old[0]} rows there, {new[0]} here")
    return found


def _copy_table(source: sqlite3.Connection, cur: Cursor, name: str, sql: str) -> None:
    cur.execute(f"SELECT count(*) FROM {_q(name)}")
    row = cur.fetchone()
    if row and row[0]:
        raise MigrationError(
            f"{OLD_NAME} still holds the events, but baton.sqlite already has rows in {name}; "
            f"nothing was changed: keep both files and ask for help before starting Baton"
        )
    columns = [_q(str(c[1])) for c in source.execute(f"PRAGMA table_info({_q(name)})")]
    if _has_rowid(sql):
        columns.insert(0, "rowid")
    listed = ", ".join(columns)
    insert = f"INSERT INTO {_q(name)} ({listed}) VALUES ({', '.join(['%s'] * len(columns))})"
    rows = source.execute(f"SELECT {listed} FROM {_q(name)}")
    while chunk := rows.fetchmany(CHUNK):
        cur.executemany(insert, chunk)


def copy_events(cur: Cursor, db: Database) -> None:
    """Copy every table of ``events.sqlite`` (if there is one) into this transaction."""
    path = _old_file(db)
    if not path.exists():
        return
    source = _open(path)
    try:
        source.execute("BEGIN")  # one consistent snapshot of the old file
        objects = _objects(source)
        for _, name, sql in objects:
            cur.execute("SELECT 1 FROM sqlite_master WHERE name = %s", (name,))
            if cur.fetchone() is None:
                cur.execute(sql)  # the library's own DDL, as it wrote it
        for kind, name, sql in objects:
            if kind == "table":
                _copy_table(source, cur, name, sql)
        differ = _differences(source, cur)
        if differ:
            raise MigrationError(f"copying {OLD_NAME} went wrong ({'; '.join(differ)})")
        source.execute("ROLLBACK")
    finally:
        source.close()


def settle(cur: Cursor, db: Database) -> None:
    """Rename ``events.sqlite`` once its events are in ``baton.sqlite`` (again after a crash
    between the copy's commit and the rename); refuse while it is in use or has changed."""
    path = _old_file(db)
    if not path.exists():
        return
    source = _open(path)
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        differ = _differences(source, cur)
    finally:
        source.close()  # the last connection: SQLite removes its -wal and -shm files
    if differ:
        raise MigrationError(
            f"{OLD_NAME} has changed since its events were copied into baton.sqlite "
            f"({'; '.join(differ)}); is a process of the old release still running? "
            "Nothing was renamed or deleted"
        )
    if any(path.with_name(path.name + end).exists() for end in ("-wal", "-shm")):
        raise MigrationError(
            f"{OLD_NAME} is open in another process; stop every process of the old release"
        )
    target = path.with_name(path.name + MIGRATED)
    n = 1
    while target.exists():  # never overwrite an earlier copy
        target = path.with_name(f"{path.name}{MIGRATED}.{n}")
        n += 1
    path.rename(target)
