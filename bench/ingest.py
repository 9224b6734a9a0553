"""Ingest benchmark (issue #2): observations recorded per second through the full HTTP path.

N concurrent clients (threads, one keep-alive connection each) POST
``/v1/children/{id}/observations`` with a practitioner's bearer token to a real ``baton serve``
subprocess, on embedded SQLite and on a fresh PostgreSQL database, for a bounded time and count.
On PostgreSQL each row also shows commits per write: the database's own count of committed
transactions (pg_stat_database.xact_commit) over the POSTs sent.
Beside those figures, in the same run and on the same stores, it measures baselines:

  raw INSERT+COMMIT    psycopg, one row per transaction into a table shaped like the event store's,
                       with a payload as large as Baton's average stored event (PostgreSQL only)
  eventsourcing bare   a minimal eventsourcing Application, trivial aggregate, one event per save,
                       no cipher, no compression
  Baton direct         domain.application.Baton.record_observation in-process (cipher, compression,
                       snapshots, aggregate cache: everything but the web layer and the access log)
  route body no HTTP   what the route handler does, in-process: authenticate the token, then in
                       one unit of work (Writes.run) guard the child, record, and build the answer;
                       the access-log entry and the events commit together

The baselines run no projections; `baton serve` on SQLite runs them in its own process (that is
the product as shipped), on PostgreSQL it leaves them to `baton worker`, which is not started.
A child's write cost grows with its history, so each row also shows observations per child by
the end and the ops/s trend; ``--rotate K`` keeps every child under K observations.

Usage (from the repository root)::

    .venv/bin/python bench/ingest.py                       # sqlite + postgres, 1/4/16 clients, 10 s
    .venv/bin/python bench/ingest.py --seconds 5 --stores sqlite --clients 1,4
    .venv/bin/python bench/ingest.py --same-child           # every client on one child (contention)
    .venv/bin/python bench/ingest.py --rotate 50            # a fresh child every 50 observations
    .venv/bin/python bench/ingest.py --json ingest.json

PostgreSQL: ``BATON_BENCH_DATABASE_URL``, else ``BATON_TEST_DATABASE_URL``, else
postgresql://postgres@127.0.0.1:5432/postgres; a database is created for the run and dropped.
Exits 1 if any request or operation failed, 2 if PostgreSQL was asked for and does not answer.
Nothing here asserts on time.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__" and not __package__:  # run as a script: become the module instead,
    # so that bench/ (which holds bench/projections.py) never shadows the projections package
    _root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    _path = os.pathsep.join(filter(None, [_root, os.environ.get("PYTHONPATH")]))
    os.execve(  # noqa: S606 - this same interpreter, this same file
        sys.executable,
        [sys.executable, "-m", "bench.ingest", *sys.argv[1:]],
        {**os.environ, "PYTHONPATH": _path},
    )

import argparse
import contextlib
import itertools
import json
import math
import platform
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx2
import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench._common import (
    AREAS,
    TEXTS,
    LoadResult,
    Worker,
    baton_server,
    baton_services,
    fresh_database,
    install_sigterm_handler,
    log,
    ms,
    parse_arguments,
    pg_answers,
    pg_server_url,
    redact,
    run_load,
    table,
    write_master_key_file,
)

Maker = Callable[[], Worker]


def observation_body(n: int) -> dict[str, Any]:
    return {
        "area": AREAS[n % len(AREAS)],
        "text": TEXTS[n % len(TEXTS)],
        "observed_on": (date.today() - timedelta(days=2)).isoformat(),
    }


def child_body(setting_id: str, n: int) -> dict[str, Any]:
    return {
        "setting_id": setting_id,
        "given_name": f"Bench{n}",
        "family_name": "Child",
        "date_of_birth": (date.today() - timedelta(days=3 * 365)).isoformat(),
        "started_on": (date.today() - timedelta(days=365)).isoformat(),
    }


# -- the full HTTP path (set up as tests/factories.py does, with the operator's token) -----------


def _created(response: httpx2.Response) -> dict[str, Any]:
    if response.status_code != 201:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path} answered "
            f"{response.status_code}: {response.text[:500]}"
        )
    body: dict[str, Any] = response.json()
    return body


def _client(base_url: str, token: str) -> httpx2.Client:
    return httpx2.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
        trust_env=False,  # no proxy: traffic goes to 127.0.0.1 only
    )


def http_setup(base_url: str, admin_token: str) -> tuple[str, str]:
    """A nursery and a practitioner there: (setting id, practitioner's token)."""
    with _client(base_url, admin_token) as c:
        org = _created(
            c.post(
                "/v1/organisations", json={"name": "Bench Nursery", "kind": "nursery", "urn": None}
            )
        )
        staff = _created(
            c.post(
                f"/v1/organisations/{org['id']}/staff",
                json={
                    "name": "Bench Practitioner",
                    "email": "bench@example.org",
                    "roles": ["practitioner"],
                },
            )
        )
    return str(org["id"]), str(staff["token"])


def http_makers(
    base_url: str,
    token: str,
    setting_id: str,
    clients: int,
    same_child: bool,
    writes: WriteCount | None = None,
) -> list[Maker]:
    """One keep-alive connection per client, each on its own child (or all on one). Every POST
    sent (observations and new children) is counted in ``writes``."""
    numbers = itertools.count()
    writes = writes or WriteCount()
    shared = None
    if same_child:
        with _client(base_url, token) as c:
            shared = _created(c.post("/v1/children", json=child_body(setting_id, 0)))["id"]

    def make() -> Worker:
        client = _client(base_url, token)
        child = {"id": shared}

        def new_child() -> None:
            writes.add()
            child["id"] = _created(
                client.post("/v1/children", json=child_body(setting_id, next(numbers)))
            )["id"]

        if not same_child:
            new_child()
        observations = itertools.count()

        def op() -> str | None:
            writes.add()
            response = client.post(
                f"/v1/children/{child['id']}/observations",
                json=observation_body(next(observations)),
            )
            if response.status_code == 201:
                return None
            return f"HTTP {response.status_code}: {response.text[:200]}"

        return Worker(op, client.close, None if same_child else new_child)

    return [make] * clients


class WriteCount:
    def __init__(self) -> None:
        self.n = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self.n += 1


def committed_transactions(database_url: str | None, settle: float) -> int | None:
    """PostgreSQL's own count of committed transactions in the database (pg_stat_database), read
    once every backend has reported: an idle backend reports within 10 s, so wait ``settle``."""
    if not database_url:
        return None
    time.sleep(settle)
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    return int(row[0]) if row else None


def run_http(
    store: str,
    base_url: str,
    admin_token: str,
    args: argparse.Namespace,
    database_url: str | None = None,
) -> list[LoadResult]:
    setting_id, token = http_setup(base_url, admin_token)
    results = []
    for n in args.clients:
        writes = WriteCount()
        before = committed_transactions(database_url, args.commit_settle)
        result = run_load(
            "http POST observation",
            store,
            http_makers(base_url, token, setting_id, n, args.same_child, writes),
            args.seconds,
            args.requests,
            args.warmup,
            args.rotate,
        )
        after = committed_transactions(database_url, args.commit_settle)
        if before is not None and after is not None and writes.n:
            # The reading connection's own transaction (one) is not the server's.
            result.extra["commits_per_write"] = (after - before - 1) / writes.n
        result.extra["children"] = 1 if args.same_child else n + result.extra["rotations"]
        log(result.summary())
        for problem in result.first_errors:
            log(f"    error: {problem}")
        results.append(result)
    return results


# -- baselines ---------------------------------------------------------------------------------


def average_event_bytes(database_url: str, default: int = 400) -> int:
    """The mean stored size of Baton's events (compressed and encrypted) in that database."""
    try:
        with psycopg.connect(database_url, connect_timeout=5) as conn:
            row = conn.execute("SELECT avg(octet_length(state)) FROM baton_events").fetchone()
    except psycopg.Error:
        return default
    return int(row[0]) if row and row[0] else default


RAW_DDL = (
    "CREATE TABLE IF NOT EXISTS bench_raw_events ("
    " originator_id uuid NOT NULL, originator_version bigint NOT NULL,"
    " topic text, state bytea, PRIMARY KEY (originator_id, originator_version))"
)
RAW_INSERT = (
    "INSERT INTO bench_raw_events (originator_id, originator_version, topic, state)"
    " VALUES (%s, %s, %s, %s)"
)


def raw_insert_makers(database_url: str, clients: int, payload: bytes) -> list[Maker]:
    """psycopg, one connection per client, autocommit off, one row per transaction."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(RAW_DDL)

    def make() -> Worker:
        conn = psycopg.connect(database_url, autocommit=False)
        key = {"originator": uuid.uuid4(), "versions": itertools.count(1)}
        topic = "domain.child:Child.ObservationRecorded"

        def op() -> str | None:
            with conn.cursor() as cur:
                cur.execute(RAW_INSERT, (key["originator"], next(key["versions"]), topic, payload))
            conn.commit()
            return None

        def rotate() -> None:
            key.update(originator=uuid.uuid4(), versions=itertools.count(1))

        return Worker(op, conn.close, rotate)

    return [make] * clients


class Tally(Aggregate):
    """The trivial aggregate of the bare eventsourcing baseline."""

    def __init__(self) -> None:
        self.count = 0

    @event("Bumped")
    def bump(self) -> None:
        self.count += 1


class BenchBare(Application[uuid.UUID]):
    name = "BenchBare"


def bare_es_makers(app: BenchBare, clients: int) -> list[Maker]:
    """One aggregate per client held in memory: bump, save; one event per save."""

    def make() -> Worker:
        held = {"tally": Tally()}
        app.save(held["tally"])

        def op() -> str | None:
            tally = held["tally"]
            tally.bump()
            app.save(tally)
            return None

        def rotate() -> None:
            held["tally"] = Tally()
            app.save(held["tally"])

        return Worker(op, rotate=rotate)

    return [make] * clients


def baton_direct_makers(
    services: Any, clients: int, same_child: bool, whole_route: bool
) -> list[Maker]:
    """Per client: Baton.record_observation on its own child, or all the route handler's work."""
    from api.access import open_child
    from api.auth import authenticate
    from api.present import entry_public
    from domain.access_log.entry import Action

    app = services.app
    org_id = app.create_organisation("Bench Direct Nursery", "nursery", None).id
    staff_id = uuid.uuid4()
    issued = app.add_staff(
        org_id, "Bench Practitioner", "direct@example.org", ["practitioner"], staff_id=staff_id
    )

    def new_child() -> uuid.UUID:
        child_id: uuid.UUID = app.register_child(
            given_name="Direct",
            family_name="Child",
            preferred_name=None,
            date_of_birth=date.today() - timedelta(days=3 * 365),
            home_languages=[],
            send_status="none",
            setting_id=org_id,
            started_on=date.today() - timedelta(days=365),
            registered_by=staff_id,
        ).id
        return child_id

    shared = new_child()

    def make() -> Worker:
        child = {"id": shared if same_child else new_child()}
        numbers = itertools.count()

        def record() -> uuid.UUID:
            n = next(numbers)
            written = app.record_observation(
                child["id"],
                area=AREAS[n % len(AREAS)],
                text=TEXTS[n % len(TEXTS)],
                observed_on=date.today() - timedelta(days=2),
                elgs=[],
                characteristics=[],
                setting_id=org_id,
                recorded_by=staff_id,
            )
            entry_id: uuid.UUID = written.id
            return entry_id

        def op() -> str | None:
            record()
            return None

        def route_op() -> str | None:
            principal = authenticate(services, issued.token)
            if principal is None:
                return "the token was not accepted"

            def decide() -> dict[str, Any]:
                """What the route does in its one transaction: guard, record, answer."""
                child_state = open_child(
                    services, principal, child["id"], Action.CREATE, "observation"
                )
                entry_id = record()
                answer: dict[str, Any] = entry_public(
                    child_state, child_state.entry(entry_id)
                ).model_dump(mode="json")
                return answer

            services.writes.run(decide, encode=json.dumps)
            return None

        def rotate() -> None:
            child["id"] = new_child()

        return Worker(route_op if whole_route else op, rotate=None if same_child else rotate)

    return [make] * clients


def run_baselines(
    store: str,
    database_url: str | None,
    data_dir: Path,
    key_file: Path,
    args: argparse.Namespace,
) -> list[LoadResult]:
    from projections.store.db import eventsourcing_env

    results: list[LoadResult] = []

    def measure(name: str, makers: list[Maker], shared: bool = False, **extra: Any) -> None:
        result = run_load(
            name, store, makers, args.seconds, args.requests, args.warmup, args.rotate
        )
        result.extra["children"] = 1 if shared else len(makers) + result.extra["rotations"]
        result.extra.update(extra)
        log(result.summary())
        for problem in result.first_errors:
            log(f"    error: {problem}")
        results.append(result)

    for n in args.baseline_clients:
        if "raw" in args.baselines and database_url:
            size = average_event_bytes(database_url)
            payload = os.urandom(size)  # encrypted events do not compress either
            measure(
                "raw INSERT+COMMIT",
                raw_insert_makers(database_url, n, payload),
                payload_bytes=size,
            )
        if "es" in args.baselines:
            bare_dir = data_dir / "bare"
            bare_dir.mkdir(exist_ok=True)
            app = BenchBare(env={**eventsourcing_env(database_url, bare_dir), "CREATE_TABLE": "y"})
            try:
                measure("eventsourcing bare", bare_es_makers(app, n))
            finally:
                app.close()
        if "baton" in args.baselines:
            with baton_services(database_url, data_dir, key_file) as services:
                for name, whole_route in (("Baton direct", False), ("route body no HTTP", True)):
                    makers = baton_direct_makers(services, n, args.same_child, whole_route)
                    measure(name, makers, shared=args.same_child)
    return results


# -- running it --------------------------------------------------------------------------------


def run_store(store: str, args: argparse.Namespace) -> tuple[list[LoadResult], list[LoadResult]]:
    with tempfile.TemporaryDirectory(prefix=f"baton-bench-{store}-") as tmp:
        data_dir = Path(tmp)
        key_file = write_master_key_file(data_dir)
        database: contextlib.AbstractContextManager[str | None] = (
            fresh_database(args.pg_server) if store == "postgres" else contextlib.nullcontext()
        )
        with database as database_url:
            log(f"== {store}: starting baton serve")
            with baton_server(data_dir, key_file, database_url) as server:
                http = run_http(store, server.base_url, server.admin_token, args, database_url)
            baselines = run_baselines(store, database_url, data_dir, key_file, args)
    return http, baselines


def parse_counts(text: str) -> list[int]:
    counts = [int(x) for x in text.split(",") if x.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("give positive integers separated by commas, e.g. 1,4,16")
    return counts


def parse_names(allowed: set[str]) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        names = [x.strip() for x in text.split(",") if x.strip()]
        unknown = set(names) - allowed - {"none"}
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown {sorted(unknown)}; choose from {allowed}")
        return [n for n in names if n != "none"]

    return parse


# --tiny: each stage once, briefly, on both stores (rotation included)
TINY = {
    "stores": "sqlite,postgres",
    "clients": "1,2",
    "seconds": 0.3,
    "requests": 20,
    "warmup": 0.1,
    "rotate": 5,
}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--stores", type=parse_names({"sqlite", "postgres"}), default="sqlite,postgres")
    p.add_argument("--clients", type=parse_counts, default="1,4,16", help="concurrent clients")
    p.add_argument("--seconds", type=float, default=10.0, help="measured time per configuration")
    p.add_argument(
        "--requests", type=int, default=100_000, help="most operations per configuration"
    )
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds per configuration")
    p.add_argument(
        "--same-child", action="store_true", help="every client writes to one child (contention)"
    )
    p.add_argument(
        "--rotate",
        type=int,
        default=0,
        metavar="K",
        help="move each client to a fresh child after every K observations (untimed), so the\n"
        "figures are for children holding at most K; 0 (default): one child per client throughout",
    )
    p.add_argument(
        "--baselines",
        type=parse_names({"raw", "es", "baton"}),
        default="raw,es,baton",
        help="which baselines to run (raw,es,baton or none)",
    )
    p.add_argument(
        "--baseline-clients", type=parse_counts, default="1", help="concurrency of the baselines"
    )
    p.add_argument(
        "--commit-settle",
        type=float,
        default=11.0,
        help="seconds to wait before reading PostgreSQL's commit counter (backends report\n"
        "their counts within 10 s of going idle)",
    )
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parse_arguments(p, argv, TINY)
    if args.tiny and args.same_child:
        args.rotate = 0  # one shared child cannot rotate
    if args.rotate < 0 or (args.rotate and args.same_child):
        p.error("--rotate takes K >= 0 and cannot be combined with --same-child")
    args.pg_server = pg_server_url()
    return args


def _per_aggregate(r: LoadResult) -> int:
    """Events each aggregate (child) holds by the end of the configuration (warm-up included)."""
    return round((r.ok + r.extra.get("warmup_ok", 0)) / max(1, r.extra.get("children", 1)))


def _trend(r: LoadResult) -> str:
    first = r.extra.get("ops_per_s_first_fifth", math.nan)
    last = r.extra.get("ops_per_s_last_fifth", math.nan)
    return f"{first:.0f}->{last:.0f}"


def _commits(r: LoadResult) -> str:
    value = r.extra.get("commits_per_write")
    return "-" if value is None else f"{value:.2f}"


def _children_mode(args: argparse.Namespace) -> str:
    if args.same_child:
        return "one child shared by all clients"
    if args.rotate:
        return f"one child per client, a fresh one after every {args.rotate} observations"
    return "one child per client throughout"


def report(http: list[LoadResult], baselines: list[LoadResult], args: argparse.Namespace) -> None:
    print(
        f"ingest: POST /v1/children/{{id}}/observations, {args.seconds:g} s per configuration"
        f" (at most {args.requests} requests), warm-up {args.warmup:g} s,"
        f" {_children_mode(args)};"
        f" {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print()
    print(
        table(
            [
                "store",
                "clients",
                "ops/s",
                "p50 ms",
                "p99 ms",
                "errors",
                "obs/child",
                "trend",
                "commits/write",
            ],
            [
                [
                    r.store,
                    r.clients,
                    r.ops_per_s,
                    ms(r.p50_ms),
                    ms(r.p99_ms),
                    r.errors,
                    _per_aggregate(r),
                    _trend(r),
                    _commits(r),
                ]
                for r in http
            ],
        )
    )
    if baselines:
        print()
        print("baselines (same run, same stores, no HTTP):")
        print(
            table(
                [
                    "baseline",
                    "store",
                    "clients",
                    "ops/s",
                    "p50 ms",
                    "p99 ms",
                    "errors",
                    "events/agg",
                    "trend",
                ],
                [
                    [
                        r.name,
                        r.store,
                        r.clients,
                        r.ops_per_s,
                        ms(r.p50_ms),
                        ms(r.p99_ms),
                        r.errors,
                        _per_aggregate(r),
                        _trend(r),
                    ]
                    for r in baselines
                ],
            )
        )
        sizes = {r.extra["payload_bytes"] for r in baselines if "payload_bytes" in r.extra}
        if sizes:
            print(
                f"raw INSERT payload: {', '.join(map(str, sorted(sizes)))} bytes"
                " (the mean stored Baton event in that database)."
            )
    print(
        "commits/write: PostgreSQL's committed transactions in the database (pg_stat_database."
        "xact_commit) over the POSTs sent, warm-up and new children included; the server runs no"
        " worker, so they are the API's own (reads that autocommit count too)."
    )
    print(
        "obs/child, events/agg: events per aggregate by the end (warm-up included);"
        " trend: ops/s in the first fifth -> the last fifth of the measured time."
    )


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    install_sigterm_handler()
    if "postgres" in args.stores and not pg_answers(args.pg_server):
        log(f"PostgreSQL does not answer at {redact(args.pg_server)}; set BATON_BENCH_DATABASE_URL")
        return 2
    http: list[LoadResult] = []
    baselines: list[LoadResult] = []
    try:
        for store in args.stores:
            h, b = run_store(store, args)
            http += h
            baselines += b
    except KeyboardInterrupt:
        log("interrupted; the server was stopped and the temporary database removed")
        return 130
    report(http, baselines, args)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "benchmark": "ingest",
                    "seconds": args.seconds,
                    "max_requests": args.requests,
                    "warmup": args.warmup,
                    "same_child": args.same_child,
                    "rotate": args.rotate,
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "postgres": redact(args.pg_server) if "postgres" in args.stores else None,
                    "http": [r.as_dict() for r in http],
                    "baselines": [r.as_dict() for r in baselines],
                },
                indent=2,
            )
            + "\n"
        )
        log(f"wrote {args.json}")
    failed = sum(r.errors for r in http + baselines)
    if failed:
        log(f"{failed} requests or operations failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
