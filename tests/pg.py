"""The PostgreSQL server the tests use, and throwaway databases on it.

Order of choice: ``BATON_TEST_DATABASE_URL``; under CI (``CI=true``) the machine's server at
``postgresql://postgres@127.0.0.1:5432/test`` (unreachable is a failure, never a skip); elsewhere
that same server if it answers, else a throwaway cluster started with the machine's initdb/pg_ctl.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg

CI_URL = "postgresql://postgres@127.0.0.1:5432/test"


class NoPostgres(RuntimeError):
    pass


def _answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def _throwaway_cluster() -> Iterator[str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb") or ""]
    initdb = found[-1]
    if not initdb:
        raise NoPostgres("no PostgreSQL server answers and no initdb is installed to start one")
    bindir = os.path.dirname(initdb)
    tmp = tempfile.mkdtemp(prefix="baton-pg-")
    port = _free_port()
    user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if user:
        shutil.chown(tmp, "postgres")
    subprocess.run(
        [*user, initdb, "-D", f"{tmp}/data", "-U", "postgres", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *user,
            f"{bindir}/pg_ctl",
            "-D",
            f"{tmp}/data",
            "-w",
            "-l",
            f"{tmp}/log",
            "-o",
            f"-p {port} -k {tmp} -h 127.0.0.1",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*user, f"{bindir}/pg_ctl", "-D", f"{tmp}/data", "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def server_url() -> Iterator[str]:
    """A URL of a server the tests may create databases on."""
    given = os.environ.get("BATON_TEST_DATABASE_URL")
    if given:
        if not _answers(given):
            raise NoPostgres(f"BATON_TEST_DATABASE_URL does not answer: {_redact(given)}")
        yield given
        return
    if _answers(CI_URL):
        yield CI_URL
        return
    if os.environ.get("CI") == "true":
        raise NoPostgres(f"CI=true and PostgreSQL does not answer at {CI_URL}")
    with _throwaway_cluster() as url:
        yield url


def _redact(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    return urlunsplit((parts.scheme, f"{netloc}:{parts.port or 5432}", parts.path, "", ""))


def with_dbname(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, parts.fragment))


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A new, empty database on ``server``, dropped afterwards whatever happened."""
    name = f"baton_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_dbname(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
