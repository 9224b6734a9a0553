"""Every benchmark runs, in tiny mode, on both stores it supports: none can break unseen.

Each runs as ``python -m bench.<name> --tiny`` (every stage at a very small size), as `make bench`
runs it in full. The PostgreSQL server is the tests' own (tests/pg.py: with CI=true an
unreachable server fails); the benchmark creates its database there and drops it. What is
checked is that it exits 0 (it exits 1 when an operation failed or a view never caught up) and
that the table rows a reader looks for are printed with a figure in them; the figures themselves
are never compared with anything.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STORES = ("sqlite", "postgres")
Row = dict[str, str]


@dataclass(frozen=True)
class Figures:
    """A printed row (the cells in ``row``) whose ``columns`` each hold a positive number."""

    row: Row
    columns: tuple[str, ...]


def rows(out: str) -> list[Row]:
    """Every row of every table printed by bench._common.table, keyed by its column headers (a
    header seen twice in a table is keyed ``name (2)`` the second time)."""
    lines = out.splitlines()
    found: list[Row] = []
    for i in range(1, len(lines)):
        if not re.fullmatch(r"-+( +-+)+", lines[i]):
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[i])]
        spans[-1] = (spans[-1][0], 10_000)  # the last column: to the end of the line
        headers: list[str] = []
        for a, b in spans:
            header = lines[i - 1][a:b].strip()
            headers.append(f"{header} (2)" if header in headers else header)
        for line in lines[i + 1 :]:
            if not line.strip():
                break
            found.append({h: line[a:b].strip() for h, (a, b) in zip(headers, spans, strict=True)})
    return found


def positive(cell: str) -> bool:
    try:
        return float(cell.replace(",", "")) > 0
    except ValueError:
        return False


def missing(out: str, expected: list[Figures]) -> list[str]:
    printed = rows(out)
    problems = []
    for want in expected:
        matching = [
            r
            for r in printed
            if all(r.get(k) == v for k, v in want.row.items()) and set(want.columns) <= r.keys()
        ]
        if not matching:
            problems.append(f"no row {want.row}")
        elif not all(positive(matching[0].get(c, "")) for c in want.columns):
            problems.append(f"row {matching[0]} lacks a figure in {want.columns}")
    return problems


def ingest() -> list[Figures]:
    http = [
        Figures({"store": s, "clients": c}, ("ops/s", "p50 ms", "obs/child"))
        for s in STORES
        for c in ("1", "2")
    ]
    baselines = ["eventsourcing bare", "Baton direct", "route body no HTTP"]
    same_run = [
        Figures({"baseline": b, "store": s}, ("ops/s", "p50 ms")) for s in STORES for b in baselines
    ]
    raw = Figures({"baseline": "raw INSERT+COMMIT", "store": "postgres"}, ("ops/s",))
    return [*http, *same_run, raw]


def projections() -> list[Figures]:
    views = ("setting_children", "consent_register", "handovers")
    reads = {"sqlite": "raw SELECT of the events table (sqlite3)"}
    reads["postgres"] = "raw SELECT of the events table (psycopg)"
    rebuild = [
        Figures({"store": s, "stage": stage}, ("events/s",))
        for s in STORES
        for stage in (
            reads[s],
            "select_notifications, pages of 500",
            "+ mapper.to_domain_event (decrypt, unzip, decode)",
            *(f"{v}: read_batch only" for v in views),
            *(f"{v}: admin.rebuild" for v in views),
        )
    ]
    lag = [
        Figures({"store": s, "view": v}, ("writes/s", "write p50", "lag p50 ms", "lag max ms"))
        for s in STORES
        for v in views
    ]
    paths = ("GET /v1/settings/{id}/children", "list_children in-process", "bare SQL query")
    lists = [
        Figures({"store": s, "path": p}, ("p50 ms", "p50 ms (2)")) for s in STORES for p in paths
    ]
    return [*rebuild, *lag, *lists]


def packets() -> list[Figures]:
    operations = (
        "Baton.seal_transition",
        "Baton.open_packet",
        "load packet (Baton.handover)",
        "seal packets 1..2 for one child & school",
        "AES-256-GCM encrypt of the body",
        "HPKE seal of a 32-byte key (single shot)",
        "Ed25519 verify of the transcript",
        "domain.sealing.envelope.open_envelope (no store)",
    )
    requests = (
        "GET /v1/handovers/{id}/contents (teacher)",
        "GET /v1/handovers/{id} (status, teacher)",
        "GET /v1/children/{id}/observations (practitioner)",
    )
    return [
        *(Figures({"store": s, "operation": o}, ("p50 ms",)) for s in STORES for o in operations),
        *(Figures({"store": s, "request": r}, ("ok", "p50 ms")) for s in STORES for r in requests),
    ]


def audit() -> list[Figures]:
    beside = (
        "integrate() (50/checkpoint)",
        "verify_log, 200 entries",
        "baton audit verify, 200 entries",
        *(f"append_many {k}/tx, {t} thread(s)" for k in (1, 10) for t in (1, 2)),
    )
    alone = (
        "raw INSERT+COMMIT (1 row/tx, 1 thread)",
        "fill: bulk INSERT of pre-computed rows",
        "inclusion proof generation, size 200",
        "inclusion proof via the service's cache, size 200 (after the first)",
        "inclusion proof verification, size 200",
    )
    return [
        Figures({"store": "-", "measure": "raw SHA-256 (200 B inputs)"}, ("figure",)),
        *(Figures({"store": s, "measure": m}, ("figure", "ratio")) for s in STORES for m in beside),
        *(Figures({"store": s, "measure": m}, ("figure",)) for s in STORES for m in alone),
    ]


@pytest.mark.parametrize("name", ["ingest", "projections", "packets", "audit"])
def test_benchmark_runs_every_stage_in_tiny_mode(
    name: str, postgres_server: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env.update({"BATON_BENCH_DATABASE_URL": postgres_server, "TMPDIR": str(tmp_path)})
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", "--tiny"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"bench.{name} exited {done.returncode}:\n{done.stderr[-4000:]}"
    expected = {"ingest": ingest, "projections": projections, "packets": packets, "audit": audit}
    assert missing(done.stdout, expected[name]()) == [], done.stdout
