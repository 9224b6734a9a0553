"""Access-log benchmark: what the tamper-evident audit trail costs, beside baselines measured in
the same run on the same store.

Per store (embedded SQLite by default; ``--stores sqlite,postgres`` adds a fresh PostgreSQL
database, dropped afterwards), in-process against a real ``api.services.Services``:

  raw SHA-256          hashlib.sha256 over 200-byte inputs, one thread (the floor of hashing)
  raw INSERT+COMMIT    one row per transaction into a plain table shaped like access_log (no
                       secondary indexes), one thread, same file / server as the log
  fill                 N pre-computed rows bulk-inserted straight into access_log (executemany in
                       one transaction per chunk on SQLite, COPY on PostgreSQL): setup, not a
                       product figure
  integrate            projections.store.audit_log.integrate() until nothing is pending: leaf
                       indices, leaf hashes, the Merkle border and one signed checkpoint per
                       batch of ``--integrate-limit`` (the product's default, 1000)
  verify               domain.access_log.leaf.verify_log over the N integrated entries and every
                       checkpoint (what `baton audit verify` does), and `baton audit verify`
                       itself as a subprocess (process start-up included) unless ``--no-cli``
  proof generation     inclusion_proof_from reading leaf hashes from the table, from scratch, at
                       tree sizes 10^3 .. N: O(size); and through the service's SubtreeCache
                       (what GET /v1/audit/entries/{seq}/proof does): the first proof, then the
                       rest, each reading one block of leaves
  proof verification   verify_inclusion of those proofs against the tree's root
  append               T threads (the readers whose every read writes an entry) calling
                       services.access_log.append_many with 1 or 10 entries per transaction,
                       the integrator not running; into the log just filled (N rows)

Every phase is bounded in count and in time; a progress line per phase goes to stderr and the
table to stdout. Nothing here asserts on time.

Usage (from the repository root)::

    .venv/bin/python bench/audit.py                            # SQLite, N = 1,000,000
    .venv/bin/python bench/audit.py --entries 200000
    .venv/bin/python bench/audit.py --stores sqlite,postgres --entries 200000 --json audit.json

PostgreSQL: ``BATON_BENCH_DATABASE_URL``, else ``BATON_TEST_DATABASE_URL``, else
postgresql://postgres@127.0.0.1:5432/postgres; a database is created for the run and dropped.
Exits 1 if an operation failed or the log did not verify, 2 if PostgreSQL does not answer.
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
        [sys.executable, "-m", "bench.audit", *sys.argv[1:]],
        {**os.environ, "PYTHONPATH": _path},
    )

import argparse
import contextlib
import hashlib
import itertools
import json
import math
import platform
import random
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from pydantic import SecretStr

from api.services import Services, build_services
from api.settings import Settings
from bench._common import (
    REPO,
    LoadResult,
    Worker,
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
from domain.access_log.entry import AccessEntry, Action, Outcome
from domain.access_log.leaf import SignedHead, Verified, verify_log
from domain.access_log.merkle import SubtreeCache, inclusion_proof_from, root_from
from domain.access_log.verification import verify_inclusion
from projections.store import audit_log
from projections.store.sqlite import SqliteDatabase

RAW_DDL = """CREATE TABLE IF NOT EXISTS bench_raw_insert (
    id {id}, at TEXT NOT NULL, actor_id TEXT, actor_org_id TEXT, actor_roles TEXT NOT NULL,
    action TEXT NOT NULL, child_id TEXT, resource TEXT NOT NULL, outcome TEXT NOT NULL,
    purpose TEXT NOT NULL, seq BIGINT, leaf_hash TEXT)"""
RAW_INSERT = """INSERT INTO bench_raw_insert
    (at, actor_id, actor_org_id, actor_roles, action, child_id, resource, outcome, purpose)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"""
FILL_INSERT = """INSERT INTO access_log
    (at, actor_id, actor_org_id, actor_roles, action, child_id, resource, outcome, purpose)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""
FILL_COPY = """COPY access_log
    (at, actor_id, actor_org_id, actor_roles, action, child_id, resource, outcome, purpose)
    FROM STDIN"""
RESOURCES = ("child", "observation", "consent", "setting-children", "handover-contents")
PURPOSES = ("care", "care", "care", "transition", "audit", "break-glass")
ROLES = ("practitioner", "dsl,manager", "teacher", "dsl")
FILL_CHUNK = 50_000


@dataclass
class Figure:
    """One measured figure, with the baseline it is best read beside."""

    store: str
    measure: str
    value: float
    unit: str
    baseline: str = ""
    baseline_value: float = math.nan
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        if not self.baseline_value or math.isnan(self.baseline_value):
            return math.nan
        return self.value / self.baseline_value

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ratio"] = self.ratio
        return d


# -- data ---------------------------------------------------------------------------------------


class Population:
    """Pools of ids, so entries look like a real log's: many reads by few staff of few children."""

    def __init__(self, seed: int = 7) -> None:
        rnd = random.Random(seed)
        self.rnd = rnd
        self.orgs = [str(uuid.UUID(int=rnd.getrandbits(128), version=4)) for _ in range(20)]
        self.staff = [
            (str(uuid.UUID(int=rnd.getrandbits(128), version=4)), self.orgs[i % 20])
            for i in range(200)
        ]
        self.children = [str(uuid.UUID(int=rnd.getrandbits(128), version=4)) for _ in range(5000)]

    def row(self, n: int, at: str) -> tuple[Any, ...]:
        actor, org = self.staff[n % len(self.staff)]
        return (
            at,
            actor,
            org,
            ROLES[n % len(ROLES)],
            (Action.READ.value, Action.READ.value, Action.CREATE.value)[n % 3],
            self.children[(n * 7919) % len(self.children)],
            RESOURCES[n % len(RESOURCES)],
            Outcome.DENIED.value if n % 50 == 0 else Outcome.ALLOWED.value,
            PURPOSES[n % len(PURPOSES)],
        )

    def entry(self, n: int) -> AccessEntry:
        actor, org = self.staff[n % len(self.staff)]
        return AccessEntry(
            at=datetime.now(UTC),
            actor_id=uuid.UUID(actor),
            actor_org_id=uuid.UUID(org),
            actor_roles=tuple(ROLES[n % len(ROLES)].split(",")),
            action=Action.READ,
            child_id=uuid.UUID(self.children[n % len(self.children)]),
            resource=RESOURCES[n % len(RESOURCES)],
            outcome=Outcome.ALLOWED,
            purpose="care",
        )


def rows(population: Population, start: int, count: int) -> list[tuple[Any, ...]]:
    base = datetime(2025, 9, 1, 7, 30, tzinfo=UTC)
    return [
        population.row(n, (base + timedelta(milliseconds=137 * n)).isoformat())
        for n in range(start, start + count)
    ]


# -- the store ----------------------------------------------------------------------------------


@dataclass
class Store:
    name: str
    services: Services
    data_dir: Path
    key_file: Path
    database_url: str | None

    @property
    def sqlite_path(self) -> Path:
        db = self.services.db
        assert isinstance(db, SqliteDatabase)
        return db.path

    def cli_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
        env.update(
            {
                "BATON_DATA_DIR": str(self.data_dir),
                "BATON_MASTER_KEY_FILE": str(self.key_file),
                "BATON_LOG_LEVEL": "WARNING",
            }
        )
        if self.database_url:
            env["BATON_DATABASE_URL"] = self.database_url
        return env


@contextlib.contextmanager
def open_store(name: str, args: argparse.Namespace) -> Iterator[Store]:
    with tempfile.TemporaryDirectory(prefix=f"baton-bench-audit-{name}-") as tmp:
        data_dir = Path(tmp)
        key_file = write_master_key_file(data_dir)
        database: contextlib.AbstractContextManager[str | None] = (
            fresh_database(args.pg_server, prefix="baton_bench_audit")
            if name == "postgres"
            else contextlib.nullcontext()
        )
        with database as url:
            services = build_services(
                Settings(
                    data_dir=data_dir,
                    master_key_file=key_file,
                    database_url=SecretStr(url) if url else None,
                    run_projections=False,
                    log_level="WARNING",
                )
            )
            try:
                yield Store(name, services, data_dir, key_file, url)
            finally:
                services.close()


# -- baselines ----------------------------------------------------------------------------------


def bench_sha256(seconds: float) -> Figure:
    log("== raw SHA-256 over 200-byte inputs")
    inputs = [os.urandom(200) for _ in range(1024)]
    sha256, done = hashlib.sha256, 0
    deadline = time.perf_counter() + seconds
    t0 = time.perf_counter()
    while time.perf_counter() < deadline and done < 50_000_000:
        for data in inputs:
            sha256(data).digest()
        done += len(inputs)
    elapsed = time.perf_counter() - t0
    figure = Figure("-", "raw SHA-256 (200 B inputs)", done / elapsed, "hashes/s")
    log(f"   {figure.value:,.0f} hashes/s")
    return figure


def bench_raw_insert(store: Store, population: Population, args: argparse.Namespace) -> Figure:
    log(f"== {store.name}: raw INSERT+COMMIT, one row per transaction, one thread")
    sample = rows(population, 0, 1000)
    done, t0 = 0, time.perf_counter()
    deadline = t0 + args.seconds
    if store.name == "sqlite":
        conn = sqlite3.connect(store.sqlite_path, isolation_level=None, timeout=15)
        try:
            conn.execute("PRAGMA synchronous=NORMAL")  # as projections.store.db sets it
            conn.execute(RAW_DDL.format(id="INTEGER PRIMARY KEY AUTOINCREMENT"))
            sql = RAW_INSERT.replace("%s", "?")
            t0 = time.perf_counter()
            deadline = t0 + args.seconds
            while done < args.max_ops and time.perf_counter() < deadline:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(sql, sample[done % len(sample)])
                conn.execute("COMMIT")
                done += 1
            elapsed = time.perf_counter() - t0
        finally:
            conn.close()
    else:
        assert store.database_url
        with psycopg.connect(store.database_url) as conn:
            conn.execute(RAW_DDL.format(id="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"))
            conn.commit()
            t0 = time.perf_counter()
            deadline = t0 + args.seconds
            while done < args.max_ops and time.perf_counter() < deadline:
                conn.execute(RAW_INSERT, sample[done % len(sample)])
                conn.commit()
                done += 1
            elapsed = time.perf_counter() - t0
    figure = Figure(store.name, "raw INSERT+COMMIT (1 row/tx, 1 thread)", done / elapsed, "rows/s")
    log(f"   {figure.value:,.0f} rows/s ({done} rows in {elapsed:.1f}s)")
    return figure


# -- the log ------------------------------------------------------------------------------------


def fill(store: Store, population: Population, n: int) -> Figure:
    log(f"== {store.name}: bulk-inserting {n:,} pre-computed rows into access_log")
    done, elapsed = 0, 0.0
    if store.name == "sqlite":
        conn = sqlite3.connect(store.sqlite_path, isolation_level=None, timeout=60)
        try:
            while done < n:
                chunk = rows(population, done, min(FILL_CHUNK, n - done))
                t0 = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(FILL_INSERT, chunk)
                conn.execute("COMMIT")
                elapsed += time.perf_counter() - t0
                done += len(chunk)
        finally:
            conn.close()
    else:
        assert store.database_url
        with psycopg.connect(store.database_url) as conn:
            while done < n:
                chunk = rows(population, done, min(FILL_CHUNK, n - done))
                t0 = time.perf_counter()
                with (
                    conn.cursor() as cur,
                    cur.copy(FILL_COPY) as copy,
                ):
                    for row in chunk:
                        copy.write_row(row)
                conn.commit()
                elapsed += time.perf_counter() - t0
                done += len(chunk)
            conn.execute("ANALYZE access_log")
            conn.commit()
    figure = Figure(store.name, "fill: bulk INSERT of pre-computed rows", n / elapsed, "rows/s")
    log(f"   {n:,} rows in {elapsed:.1f}s of inserting (generating them not counted)")
    return figure


def bench_integrate(store: Store, n: int, limit: int, sha: Figure) -> Figure:
    log(f"== {store.name}: integrating {n:,} entries, {limit} per signed checkpoint")
    db, signer = store.services.db, store.services.audit_signer
    done, batches, next_report = 0, 0, n / 10
    t0 = time.perf_counter()
    while added := audit_log.integrate(db, signer, limit=limit):
        done += added
        batches += 1
        if done >= next_report:
            rate = done / (time.perf_counter() - t0)
            log(f"   {done:,} / {n:,} integrated ({rate:,.0f} entries/s)")
            next_report += n / 10
    elapsed = time.perf_counter() - t0
    return Figure(
        store.name,
        f"integrate() ({limit}/checkpoint)",
        done / elapsed,
        "entries/s",
        "raw SHA-256",
        sha.value,
        {"entries": done, "checkpoints": batches, "seconds": elapsed},
    )


def bench_verify(store: Store, n: int, sha: Figure, cli: bool) -> tuple[list[Figure], bool]:
    log(f"== {store.name}: verify_log over {n:,} entries and every checkpoint")
    db, signer = store.services.db, store.services.audit_signer
    t0 = time.perf_counter()
    heads = [SignedHead(c.size, c.note) for c in audit_log.checkpoints(db)]
    result = verify_log(audit_log.stored_leaves(db), heads, signer.origin, signer.key.public_key())
    elapsed = time.perf_counter() - t0
    ok = isinstance(result, Verified) and result.size == n
    log(f"   {result!r:.120}, {elapsed:.1f}s")
    figures = [
        Figure(
            store.name,
            f"verify_log, {n:,} entries",
            n / elapsed,
            "entries/s",
            "raw SHA-256",
            sha.value,
            {"seconds": elapsed, "checkpoints": len(heads), "verified": ok},
        )
    ]
    if cli:
        log(f"== {store.name}: baton audit verify (subprocess)")
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", "audit", "verify"],
            env=store.cli_env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
        wall = time.perf_counter() - t0
        ok = ok and done.returncode == 0
        said = (done.stdout or done.stderr).strip()[:160]
        log(f"   exit {done.returncode} in {wall:.1f}s: {said}")
        figures.append(
            Figure(
                store.name,
                f"baton audit verify, {n:,} entries",
                n / wall,
                "entries/s",
                "raw SHA-256",
                sha.value,
                {"seconds": wall, "exit": done.returncode},
            )
        )
    return figures, ok


def bench_proofs(store: Store, n: int, args: argparse.Namespace) -> tuple[list[Figure], bool]:
    db = store.services.db
    roots = {c.size: c.root for c in audit_log.checkpoints(db)}

    def read(start: int, end: int) -> list[bytes]:
        return audit_log.leaf_hashes(db, start, end)

    rnd = random.Random(11)
    sizes = sorted({s for s in (1_000, 10_000, 100_000) if s < n} | {n})
    figures: list[Figure] = []
    ok = True
    for size in sizes:
        log(f"== {store.name}: inclusion proofs in a tree of {size:,} (read from the table)")
        root = roots.get(size) or root_from(read, size)
        proofs: list[tuple[bytes, int, list[bytes]]] = []
        t0 = time.perf_counter()
        deadline = t0 + args.seconds
        while len(proofs) < args.proofs and (not proofs or time.perf_counter() < deadline):
            seq = rnd.randrange(size)
            proofs.append((read(seq, seq + 1)[0], seq, inclusion_proof_from(read, seq, size)))
        generated = time.perf_counter() - t0
        checks, failures = 0, 0
        t0 = time.perf_counter()
        deadline = t0 + min(args.seconds, 2.0)
        while time.perf_counter() < deadline and checks < 1_000_000:
            for leaf, seq, proof in proofs:
                try:
                    verify_inclusion(leaf, seq, size, proof, root)
                except Exception:  # noqa: BLE001 - counted: a proof that fails is a finding
                    failures += 1
                checks += 1
        checked = time.perf_counter() - t0
        ok = ok and failures == 0
        log(
            f"   {len(proofs)} proofs in {generated:.2f}s, {checks:,} verifications in"
            f" {checked:.2f}s, {failures} failed"
        )
        figures.append(
            Figure(
                store.name,
                f"inclusion proof generation, size {size:,}",
                len(proofs) / generated,
                "proofs/s",
                extra={"proofs": len(proofs), "ms_per_proof": generated / len(proofs) * 1000},
            )
        )
        cache = SubtreeCache(read)
        t0 = time.perf_counter()
        cache.inclusion_proof(rnd.randrange(size), size)
        first = time.perf_counter() - t0
        cached: list[float] = []
        deadline = time.perf_counter() + args.seconds
        while len(cached) < 200 and (not cached or time.perf_counter() < deadline):
            seq = rnd.randrange(size)
            t0 = time.perf_counter()
            proof = cache.inclusion_proof(seq, size)
            cached.append(time.perf_counter() - t0)
            try:  # each cached proof must verify against the tree's root, like the others
                verify_inclusion(read(seq, seq + 1)[0], seq, size, proof, root)
            except Exception:  # noqa: BLE001 - counted as a failure of the run
                ok = False
        cached.sort()
        p50 = cached[len(cached) // 2] * 1000
        log(f"   cached: first {first * 1000:.0f} ms, then p50 {p50:.2f} ms")
        figures.append(
            Figure(
                store.name,
                f"inclusion proof via the service's cache, size {size:,} (after the first)",
                len(cached) / sum(cached),
                "proofs/s",
                extra={
                    "first_ms": first * 1000,
                    "p50_ms": cached[len(cached) // 2] * 1000,
                    "p99_ms": cached[int(len(cached) * 0.99) - 1] * 1000,
                },
            )
        )
        figures.append(
            Figure(
                store.name,
                f"inclusion proof verification, size {size:,}",
                checks / checked,
                "proofs/s",
                extra={"failures": failures, "proof_hashes": len(proofs[0][2])},
            )
        )
    return figures, ok


def bench_appends(
    store: Store, population: Population, args: argparse.Namespace, raw: Figure
) -> tuple[list[Figure], int]:
    figures: list[Figure] = []
    errors = 0
    counter = itertools.count()
    access_log = store.services.access_log
    for batch in (1, 10):
        for threads in args.threads:
            log(
                f"== {store.name}: append_many, {batch} entr{'y' if batch == 1 else 'ies'}"
                f" per transaction, {threads} thread(s), {args.seconds:g}s"
            )

            def make(batch: int = batch) -> Worker:
                def op() -> str | None:
                    access_log.append_many([population.entry(next(counter)) for _ in range(batch)])
                    return None

                return Worker(op)

            makers: list[Callable[[], Worker]] = [make] * threads
            result: LoadResult = run_load(
                f"append{batch}",
                store.name,
                makers,
                args.seconds,
                max(1, args.max_ops // batch),
                args.warmup,
            )
            log("   " + result.summary())
            errors += result.errors
            figures.append(
                Figure(
                    store.name,
                    f"append_many {batch}/tx, {threads} thread(s)",
                    result.ops_per_s * batch,
                    "entries/s",
                    "raw INSERT+COMMIT",
                    raw.value,
                    {
                        "transactions_per_s": result.ops_per_s,
                        "p50_ms": result.p50_ms,
                        "p99_ms": result.p99_ms,
                        "errors": result.errors,
                        "first_errors": result.first_errors,
                    },
                )
            )
    return figures, errors


def run_store(name: str, args: argparse.Namespace, sha: Figure) -> tuple[list[Figure], bool]:
    population = Population()
    with open_store(name, args) as store:
        raw = bench_raw_insert(store, population, args)
        figures = [raw, fill(store, population, args.entries)]
        figures.append(bench_integrate(store, args.entries, args.integrate_limit, sha))
        verified, ok = bench_verify(store, args.entries, sha, args.cli)
        figures += verified
        proofs, proofs_ok = bench_proofs(store, args.entries, args)
        figures += proofs
        appends, errors = bench_appends(store, population, args, raw)
        figures += appends
    return figures, ok and proofs_ok and errors == 0


# -- command line -------------------------------------------------------------------------------


def parse_counts(text: str) -> list[int]:
    counts = [int(x) for x in text.split(",") if x.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("give positive integers separated by commas, e.g. 1,4,16")
    return counts


def parse_stores(text: str) -> list[str]:
    names = [x.strip() for x in text.split(",") if x.strip()]
    unknown = set(names) - {"sqlite", "postgres"}
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown {sorted(unknown)}; choose sqlite,postgres")
    return names


# --tiny: every stage on both stores, over a log of a few hundred entries
TINY = {
    "stores": "sqlite,postgres",
    "entries": 200,
    "integrate_limit": 50,
    "threads": "1,2",
    "seconds": 0.3,
    "warmup": 0.1,
    "max_ops": 50,
    "proofs": 3,
}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--stores", type=parse_stores, default="sqlite", help="sqlite,postgres")
    p.add_argument(
        "--entries", type=int, default=1_000_000, help="N: entries in the log that is verified"
    )
    p.add_argument(
        "--integrate-limit", type=int, default=1000, help="entries per integrate() batch"
    )
    p.add_argument("--threads", type=parse_counts, default="1,4,16", help="appending threads")
    p.add_argument(
        "--seconds", type=float, default=3.0, help="time bound of each timed configuration"
    )
    p.add_argument("--warmup", type=float, default=0.5, help="warm-up seconds per append config")
    p.add_argument(
        "--max-ops", type=int, default=200_000, help="most entries / rows per configuration"
    )
    p.add_argument("--proofs", type=int, default=20, help="most proofs generated per tree size")
    p.add_argument(
        "--no-cli", dest="cli", action="store_false", help="skip timing `baton audit verify`"
    )
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parse_arguments(p, argv, TINY)
    if args.entries < 1 or args.integrate_limit < 1 or args.proofs < 1:
        p.error("--entries, --integrate-limit and --proofs must be positive")
    args.pg_server = pg_server_url()
    return args


def report(figures: list[Figure], args: argparse.Namespace) -> None:
    def value(x: float, unit: str) -> str:
        return f"{x:,.0f}" if x >= 100 else f"{x:,.2f}"

    print(
        table(
            ["store", "measure", "figure", "unit", "beside (same run)", "baseline", "ratio"],
            [
                [
                    f.store,
                    f.measure,
                    value(f.value, f.unit),
                    f.unit,
                    f.baseline or "-",
                    "-" if math.isnan(f.baseline_value) else f"{f.baseline_value:,.0f}",
                    "-" if math.isnan(f.ratio) else f"{f.ratio:.4f}",
                ]
                for f in figures
            ],
        )
    )
    timed = [f for f in figures if "seconds" in f.extra and "verify" in f.measure]
    for f in timed:
        print(f"{f.store}: {f.measure}: {f.extra['seconds']:.1f} s")
    appends = [f for f in figures if f.measure.startswith("append_many")]
    for f in appends:
        print(
            f"{f.store}: {f.measure}: {f.extra['transactions_per_s']:,.0f} tx/s,"
            f" p50 {ms(f.extra['p50_ms'])} ms, p99 {ms(f.extra['p99_ms'])} ms per transaction"
        )
    print(
        f"N = {args.entries:,}; cpus {os.cpu_count()}; python {platform.python_version()};"
        " ratio = figure / baseline (SHA-256: entries per hash; INSERT: entries per raw row)"
    )


def _finite(value: Any) -> Any:
    """NaN is not JSON: write null instead."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    install_sigterm_handler()
    if "postgres" in args.stores and not pg_answers(args.pg_server):
        log(f"PostgreSQL does not answer at {redact(args.pg_server)}; set BATON_BENCH_DATABASE_URL")
        return 2
    started = time.perf_counter()
    sha = bench_sha256(min(args.seconds, 2.0))
    figures, ok = [sha], True
    try:
        for name in args.stores:
            measured, store_ok = run_store(name, args, sha)
            figures += measured
            ok = ok and store_ok
    except KeyboardInterrupt:
        log("interrupted; the temporary database and files were removed")
        return 130
    report(figures, args)
    log(f"done in {time.perf_counter() - started:.0f}s")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "benchmark": "audit",
                    "entries": args.entries,
                    "integrate_limit": args.integrate_limit,
                    "seconds": args.seconds,
                    "threads": args.threads,
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "postgres": redact(args.pg_server) if "postgres" in args.stores else None,
                    "figures": [_finite(f.as_dict()) for f in figures],
                },
                indent=2,
                default=str,
            )
            + "\n"
        )
        log(f"wrote {args.json}")
    if not ok:
        log("an operation failed or the log did not verify")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
