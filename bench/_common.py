"""Helpers the benchmarks share: throwaway databases, a `baton serve` subprocess, a load driver,
percentiles and a plain-text table.

Benchmarks only ever talk to 127.0.0.1: the server they start, and the PostgreSQL server named by
``BATON_BENCH_DATABASE_URL``, else ``BATON_TEST_DATABASE_URL``, else the local default.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx2
import psycopg

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def install_sigterm_handler() -> None:
    """SIGTERM unwinds like Ctrl-C, so every ``finally`` (server kill, database drop) runs."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


# -- tiny mode ----------------------------------------------------------------------------------

TINY_ENV = "BATON_BENCH_TINY"


def parse_arguments(
    p: argparse.ArgumentParser, argv: list[str] | None, tiny: dict[str, Any]
) -> argparse.Namespace:
    """Parse ``argv``; with ``--tiny`` (or BATON_BENCH_TINY=1) the defaults become ``tiny``.

    Tiny mode runs every stage at a very small size, on both stores where the benchmark has
    both, in a few seconds: it shows the benchmark still works (the test suite runs it), and its
    figures mean nothing. Flags given explicitly still win over the tiny defaults.
    """
    p.add_argument(
        "--tiny",
        action="store_true",
        help=f"every stage at a very small size, on both stores (also {TINY_ENV}=1):\n"
        "a check that the benchmark runs, not a measurement",
    )
    first, _ = p.parse_known_args(argv)
    if first.tiny or os.environ.get(TINY_ENV) == "1":
        p.set_defaults(**tiny, tiny=True)
    args = p.parse_args(argv)
    if args.tiny:
        log("tiny mode: every stage at a very small size; the figures are not a measurement")
    return args


# -- PostgreSQL ---------------------------------------------------------------------------------


def pg_server_url() -> str:
    return (
        os.environ.get("BATON_BENCH_DATABASE_URL")
        or os.environ.get("BATON_TEST_DATABASE_URL")
        or DEFAULT_PG_URL
    )


def redact(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme, f"{parts.hostname or ''}:{parts.port or 5432}", parts.path, "", "")
    )


def with_dbname(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, parts.fragment))


def pg_answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@contextmanager
def fresh_database(server: str, prefix: str = "baton_bench") -> Iterator[str]:
    """A new, empty database on ``server``, dropped afterwards whatever happened."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_dbname(server, name)
    finally:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the server under test ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def write_master_key_file(directory: Path) -> Path:
    from api.master_key import write_master_key

    path = directory / "master.key"
    write_master_key(path)
    return path


@dataclass
class Server:
    base_url: str
    admin_token: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def baton_server(
    data_dir: Path,
    master_key_file: Path,
    database_url: str | None = None,
    extra_env: dict[str, str] | None = None,
    startup_timeout: float = 60.0,
) -> Iterator[Server]:
    """`baton serve` on a free port of 127.0.0.1, answering /health; killed on the way out."""
    port = free_port()
    token = secrets.token_urlsafe(32)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env.update(
        {
            "BATON_DATA_DIR": str(data_dir),
            "BATON_ADMIN_TOKEN": token,
            "BATON_MASTER_KEY_FILE": str(master_key_file),
            "BATON_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        env["BATON_DATABASE_URL"] = database_url
    env.update(extra_env or {})
    log_path = data_dir / f"server-{port}.log"
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = Server(f"http://127.0.0.1:{port}", token, process, log_path)
    try:
        _wait_healthy(server, startup_timeout)
        yield server
    finally:
        _stop(process)


def _wait_healthy(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with httpx2.Client(base_url=server.base_url, timeout=2.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(
                    f"baton serve exited with {server.process.returncode}:\n{server.log_tail()}"
                )
            try:
                if client.get("/health").status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            time.sleep(0.1)
    raise RuntimeError(
        f"baton serve did not answer /health in {timeout:.0f}s:\n{server.log_tail()}"
    )


# -- measuring ----------------------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already-sorted values (NaN for none)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass
class LoadResult:
    name: str
    store: str
    clients: int
    ok: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    extra: dict[str, Any] = field(default_factory=dict)
    first_errors: list[str] = field(default_factory=list)

    @property
    def ops_per_s(self) -> float:
        return self.ok / self.seconds if self.seconds > 0 else math.nan

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ops_per_s"] = self.ops_per_s
        return d

    def summary(self) -> str:
        return (
            f"[{self.name} {self.store} clients={self.clients}] {self.ok} ok, {self.errors} errors"
            f" in {self.seconds:.1f}s: {self.ops_per_s:.1f} ops/s,"
            f" p50 {self.p50_ms:.2f} ms, p99 {self.p99_ms:.2f} ms"
            f" (first fifth {self.extra.get('ops_per_s_first_fifth', math.nan):.1f} ops/s,"
            f" last fifth {self.extra.get('ops_per_s_last_fifth', math.nan):.1f} ops/s)"
        )


# One operation: returns None on success or a short description of what went wrong.
Op = Callable[[], str | None]


def _noop() -> None:
    return None


@dataclass
class Worker:
    """A client's loop body: ``op`` is timed; ``rotate`` (untimed) moves to a fresh aggregate."""

    op: Op
    close: Callable[[], None] = _noop
    rotate: Callable[[], None] | None = None


def run_load(
    name: str,
    store: str,
    make_workers: Sequence[Callable[[], Worker]],
    seconds: float,
    max_ops: int,
    warmup: float,
    rotate_every: int = 0,
) -> LoadResult:
    """Run one op loop per client in its own thread, bounded by time and by total count.

    ``make_workers[i]()`` runs in client i's thread. Each client warms up for ``warmup`` seconds,
    then all start together; latencies count only the measured phase. With ``rotate_every`` a
    client calls ``rotate()`` (untimed) after every that many successful ops, warm-up included.
    """
    clients = len(make_workers)
    lock = threading.Lock()
    issued = 0
    stop = threading.Event()
    started: dict[str, float] = {}
    latencies: list[list[float]] = [[] for _ in range(clients)]
    finished: list[list[float]] = [[] for _ in range(clients)]
    warmed = [0] * clients
    rotations = [0] * clients
    errors = [0] * clients
    first_errors: list[str] = []

    def begin() -> None:
        started["t0"] = time.perf_counter()
        started["deadline"] = started["t0"] + seconds

    barrier = threading.Barrier(clients, action=begin)

    def take_ticket() -> bool:
        nonlocal issued
        with lock:
            if issued >= max_ops:
                return False
            issued += 1
            return True

    def note_error(i: int, what: str) -> None:
        errors[i] += 1
        with lock:
            if len(first_errors) < 5:
                first_errors.append(what)

    def attempt(op: Op) -> str | None:
        try:
            return op()
        except Exception as e:  # noqa: BLE001 - every failure is counted as an error
            return repr(e)

    def client(i: int) -> None:
        try:
            worker = make_workers[i]()
        except Exception as e:  # noqa: BLE001 - a failed setup is reported, not raised in a thread
            note_error(i, f"setup: {e!r}")
            barrier.abort()
            return
        done = 0

        def succeeded() -> None:
            nonlocal done
            done += 1
            if rotate_every and worker.rotate is not None and done % rotate_every == 0:
                try:
                    worker.rotate()
                    rotations[i] += 1
                except Exception as e:  # noqa: BLE001 - counted and reported like any failure
                    note_error(i, f"rotate: {e!r}")

        try:
            warm_until = time.perf_counter() + warmup
            while time.perf_counter() < warm_until and not stop.is_set():
                problem = attempt(worker.op)
                if problem is None:
                    warmed[i] += 1
                    succeeded()
                else:
                    note_error(i, f"warm-up: {problem}")
            barrier.wait()
            deadline = started["deadline"]
            mine, ends = latencies[i], finished[i]
            while not stop.is_set() and time.perf_counter() < deadline and take_ticket():
                t = time.perf_counter()
                problem = attempt(worker.op)
                if problem is None:
                    end = time.perf_counter()
                    mine.append(end - t)
                    ends.append(end)
                    succeeded()
                else:
                    note_error(i, problem)
        except threading.BrokenBarrierError:
            pass
        finally:
            worker.close()

    threads = [
        threading.Thread(target=client, args=(i,), name=f"{name}-{i}", daemon=True)
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    try:
        for t in threads:
            t.join()
    finally:
        stop.set()
    t0 = started.get("t0", time.perf_counter())
    elapsed = time.perf_counter() - t0
    merged = sorted(x for per in latencies for x in per)
    fifth = elapsed / 5
    ends = [e - t0 for per in finished for e in per]
    first = sum(1 for e in ends if e <= fifth)
    last = sum(1 for e in ends if e > elapsed - fifth)
    return LoadResult(
        name=name,
        store=store,
        clients=clients,
        ok=len(merged),
        errors=sum(errors),
        seconds=elapsed,
        p50_ms=percentile(merged, 50) * 1000,
        p99_ms=percentile(merged, 99) * 1000,
        first_errors=first_errors,
        extra={
            "warmup_ok": sum(warmed),
            "rotations": sum(rotations),
            "ops_per_s_first_fifth": first / fifth if fifth > 0 else math.nan,
            "ops_per_s_last_fifth": last / fifth if fifth > 0 else math.nan,
        },
    )


# -- reporting ----------------------------------------------------------------------------------


def _numeric(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return text == "-"
    return True


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table; columns of numbers right-aligned, text left-aligned.

    Floats print with 1 decimal; format them beforehand (e.g. ``f"{x:.2f}"``) for another.
    """

    def cell(v: object) -> str:
        if isinstance(v, float):
            return "-" if math.isnan(v) else f"{v:,.1f}"
        return str(v)

    cells = [[cell(v) for v in row] for row in rows]
    numeric = [bool(cells) and all(_numeric(r[i]) for r in cells) for i in range(len(headers))]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)


def ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f}"


# -- what the benchmarks write: sample journey data, and the services over a store ---------------

AREAS = ("CL", "PSED", "PD", "L", "M", "UW", "EAD")
GOALS = {
    "CL": "COM_E01",
    "PSED": "PSE_E03",
    "PD": "PHY_E06",
    "L": "LIT_E08",
    "M": "MAT_E11",
    "UW": "UTW_E13",
    "EAD": "EXP_E16",
}
CHARACTERISTICS = ("playing_and_exploring", "active_learning", "creating_and_thinking_critically")
TEXTS = (
    "Told Jo a long story about her cat, using 'because' twice and pointing at the pictures.",
    "Built a tower of eight bricks, counted them aloud and said 'it's taller than me now'.",
    "Shared the watering can with Sam without being asked, then took turns filling it.",
    "Balanced along the low beam, arms out, and jumped off with both feet together.",
    "Made marks with chalk and said they were 'my name, and mummy's name, and the dog'.",
    "Noticed the snail trail on the path and asked where the snail sleeps at night.",
    "Sang the whole of 'Five little ducks' with actions, holding up the right fingers.",
)


@contextmanager
def baton_services(database_url: str | None, data_dir: Path, key_file: Path) -> Iterator[Any]:
    from pydantic import SecretStr

    from api.services import build_services
    from api.settings import Settings

    settings = Settings(
        database_url=SecretStr(database_url) if database_url else None,
        data_dir=data_dir,
        master_key_file=key_file,
        admin_token=None,
        log_level="WARNING",
    )
    services = build_services(settings)
    try:
        yield services
    finally:
        services.close()
