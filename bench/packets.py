"""Packet benchmark (issue #5): sealing and opening a transition packet of a child with 300
observations, beside the cryptography and serialisation it is made of, and opening it through the
API beside a plain journey read.

On embedded SQLite (default) and/or a fresh PostgreSQL database (``--stores sqlite,postgres``),
in one run and on one store:

  in-process   ``--reps`` children, each with ``--observations`` observations (recorded through
               the Child aggregate's command method, saved by Baton in one transaction per child:
               the events Baton.record_observation writes, without one load and save per
               observation) and a parent's consent to share with a school. Then, once per child:
                 Baton.seal_transition  consent decision, packet body, seal, save
                 Baton.open_packet      load, unwrap the school's key, verify and open, record
                                        the opening
                 load packet            Baton.handover alone (the aggregate's events replayed,
                                        the Sealed event carrying the whole envelope)
               and ``--reseals`` more packets for one further child to the same school (each new
               packet supersedes the last: the trend shows what the k-th packet costs).
  components   measured on the real body (its canonical JSON) in the same run, ``--crypto-reps``
               times each: canonical JSON (json.dumps, sorted keys) and json.loads of the body;
               AES-256-GCM encrypt/decrypt of the body; HPKE (X25519 / HKDF-SHA256 /
               AES-256-GCM, base mode, single shot) seal/open of a 32-byte key; Ed25519 sign/
               verify of the envelope's transcript; domain.sealing.envelope.seal / open_envelope
               whole (no store); and the application mapper's decoding of the stored Sealed
               event (decrypt, decompress, decode), which every load of the packet pays.
  HTTP         a real ``baton serve`` on the same store: GET /v1/handovers/{id}/contents with a
               teacher's token (each request opens the packet and records the opening), GET
               /v1/handovers/{id} (status only), and a plain journey read, GET
               /v1/children/{id}/observations (first page, 50) by the setting's practitioner,
               one client, sequential, for ``--http-seconds`` or ``--http-requests``.

Usage (from the repository root)::

    .venv/bin/python bench/packets.py                       # sqlite, 50 repetitions
    .venv/bin/python bench/packets.py --stores sqlite,postgres --json packets.json
    .venv/bin/python bench/packets.py --reps 10 --http-seconds 3

PostgreSQL: ``BATON_BENCH_DATABASE_URL``, else ``BATON_TEST_DATABASE_URL``, else
postgresql://postgres@127.0.0.1:5432/postgres; a database is created for the run and dropped.
Exits 1 if an operation failed, 2 if PostgreSQL was asked for and does not answer. Nothing here
asserts on time.
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
        [sys.executable, "-m", "bench.packets", *sys.argv[1:]],
        {**os.environ, "PYTHONPATH": _path},
    )

import argparse
import contextlib
import json
import math
import platform
import secrets
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx2

from bench._common import (
    AREAS,
    CHARACTERISTICS,
    GOALS,
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
    percentile,
    pg_answers,
    pg_server_url,
    redact,
    run_load,
    table,
    write_master_key_file,
)


@dataclass
class Timing:
    store: str
    group: str
    name: str
    seconds: list[float]
    size: int | None = None  # bytes the operation works on, where that means something
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def p50_ms(self) -> float:
        return percentile(sorted(self.seconds), 50) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(sorted(self.seconds), 99) * 1000

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(n=len(self.seconds), p50_ms=self.p50_ms, p99_ms=self.p99_ms)
        del d["seconds"]
        return d


def timed(fn: Callable[[], Any], reps: int, budget: float) -> tuple[list[float], Any]:
    """Run ``fn`` up to ``reps`` times (at least once) within ``budget`` seconds."""
    out: list[float] = []
    result = None
    deadline = time.perf_counter() + budget
    for _ in range(max(1, reps)):
        t = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - t)
        if time.perf_counter() > deadline:
            break
    return out, result


# -- the store ----------------------------------------------------------------------------------


@dataclass
class World:
    nursery: uuid.UUID
    practitioner: uuid.UUID
    practitioner_token: str
    school: uuid.UUID
    teacher: uuid.UUID
    teacher_token: str
    children: list[uuid.UUID]
    spare: uuid.UUID  # re-sealed again and again


def child_with_journey(app: Any, world: World, n: int, observations: int) -> uuid.UUID:
    today = date.today()
    child_id: uuid.UUID = app.register_child(
        given_name=f"Child{n:03d}",
        family_name="Packet",
        preferred_name=None,
        date_of_birth=today - timedelta(days=4 * 365),
        home_languages=["en", "pl"],
        send_status="none",
        setting_id=world.nursery,
        started_on=today - timedelta(days=2 * 365),
        registered_by=world.practitioner,
    ).id
    app.assign_key_person(child_id, world.nursery, world.practitioner)
    child = app.child(child_id)
    now = app.clock()
    for k in range(observations):
        area = AREAS[k % len(AREAS)]
        child.record_observation(
            uuid.uuid4(),
            area,
            TEXTS[k % len(TEXTS)],
            today - timedelta(days=2 + k * 2 % 700),
            [GOALS[area]],
            [CHARACTERISTICS[k % len(CHARACTERISTICS)]],
            world.nursery,
            world.practitioner,
            now,
        )
    app.save(child)
    app.give_consent(
        child_id,
        given_by="A Parent",
        relationship="mother",
        parental_responsibility=True,
        recipient_id=world.school,
        purpose="transition",
        categories=["journey", "assessments", "voices", "send"],
        valid_from=None,
        valid_until=None,
        evidence=None,
        setting_id=world.nursery,
        recorded_by=world.practitioner,
    )
    return child_id


def build_world(app: Any, reps: int, observations: int) -> World:
    nursery = app.create_organisation("Bench Nursery", "nursery", None).id
    practitioner = uuid.uuid4()
    p = app.add_staff(
        nursery, "Bench Practitioner", "p@example.org", ["practitioner"], staff_id=practitioner
    )
    school = app.create_organisation("Bench Primary School", "school", None).id
    teacher = uuid.uuid4()
    t = app.add_staff(school, "Bench Teacher", "t@example.org", ["teacher"], staff_id=teacher)
    world = World(nursery, practitioner, p.token, school, teacher, t.token, [], uuid.uuid4())
    last_log = time.monotonic()
    for n in range(reps):
        world.children.append(child_with_journey(app, world, n, observations))
        if time.monotonic() - last_log > 5:
            log(f"  {n + 1} of {reps + 1} children with {observations} observations each")
            last_log = time.monotonic()
    world.spare = child_with_journey(app, world, reps, observations)
    return world


# -- in-process ---------------------------------------------------------------------------------


def measure_in_process(
    store: str, services: Any, world: World, args: argparse.Namespace
) -> tuple[list[Timing], list[uuid.UUID], dict[str, Any]]:
    app = services.app
    timings: list[Timing] = []
    packets: list[uuid.UUID] = []

    def each(name: str, fn: Callable[[uuid.UUID], Any], items: list[uuid.UUID]) -> list[Any]:
        seconds, results = [], []
        for item in items:
            t = time.perf_counter()
            results.append(fn(item))
            seconds.append(time.perf_counter() - t)
        timings.append(Timing(store, "Baton", name, seconds))
        log(f"  {store} {name}: p50 {timings[-1].p50_ms:.2f} ms, p99 {timings[-1].p99_ms:.2f} ms")
        return results

    def seal(child_id: uuid.UUID) -> uuid.UUID:
        written = app.seal_transition(child_id, world.school, world.nursery, world.practitioner)
        packet_id: uuid.UUID = written.id
        return packet_id

    packets = each("Baton.seal_transition", seal, world.children)
    each("load packet (Baton.handover)", app.handover, packets)
    bodies = each(
        "Baton.open_packet",
        lambda pid: app.open_packet(app.handover(pid), world.teacher, world.school)[0],
        packets,
    )
    reseal_times = []
    for _ in range(args.reseals):
        t = time.perf_counter()
        seal(world.spare)
        reseal_times.append(time.perf_counter() - t)
    if reseal_times:
        timings.append(
            Timing(
                store,
                "Baton",
                f"seal packets 1..{len(reseal_times)} for one child & school",
                reseal_times,
                extra={
                    "first_ms": percentile(sorted(reseal_times[:3]), 50) * 1000,
                    "last_ms": percentile(sorted(reseal_times[-3:]), 50) * 1000,
                },
            )
        )
    body = bodies[0]
    packet = app.handover(packets[0])
    facts = {
        "observations_in_body": len(body.get("observations", [])),
        "envelope_bytes": len(json.dumps(packet.envelope)),
    }
    return timings, packets, {"body": body, "packet": packet, **facts}


def measure_components(
    store: str, services: Any, packet_id: uuid.UUID, body: dict[str, Any], args: argparse.Namespace
) -> tuple[list[Timing], dict[str, Any]]:
    from cryptography.hazmat.primitives import hpke
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from domain.sealing.envelope import (
        HEADER_FIELDS,
        SUITE,
        VERSION,
        Recipient,
        canonical,
        hpke_info,
        key_id_of,
        open_envelope,
        raw_public,
        transcript,
    )
    from domain.sealing.envelope import seal as seal_envelope

    app = services.app
    reps, budget = args.crypto_reps, args.crypto_seconds
    timings: list[Timing] = []

    def add(name: str, fn: Callable[[], Any], size: int | None = None) -> Any:
        seconds, result = timed(fn, reps, budget)
        timings.append(Timing(store, "components", name, seconds, size))
        return result

    plaintext = add("canonical JSON of the body (json.dumps)", lambda: canonical(body))
    timings[-1].size = len(plaintext)
    add("json.loads of the body", lambda: json.loads(plaintext), len(plaintext))
    data_key, nonce = secrets.token_bytes(32), secrets.token_bytes(12)
    header = {
        "packet_id": str(uuid.uuid4()),
        "kind": "transition",
        "sender_id": str(uuid.uuid4()),
        "recipient_id": str(uuid.uuid4()),
        "sealed_at": "2025-01-01T00:00:00+00:00",
        "version": VERSION,
        "suite": SUITE,
    }
    aad = canonical({k: header[k] for k in HEADER_FIELDS})
    ciphertext = add(
        "AES-256-GCM encrypt of the body",
        lambda: AESGCM(data_key).encrypt(nonce, plaintext, aad),
        len(plaintext),
    )
    add(
        "AES-256-GCM decrypt of the body",
        lambda: AESGCM(data_key).decrypt(nonce, ciphertext, aad),
        len(plaintext),
    )
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
    school_key = X25519PrivateKey.generate()
    key_id = key_id_of(raw_public(school_key.public_key()))
    info = hpke_info(header, key_id)
    sealed_key = add(
        "HPKE seal of a 32-byte key (single shot)",
        lambda: suite.encrypt(data_key, school_key.public_key(), info=info),
        32,
    )
    add("HPKE open of a 32-byte key", lambda: suite.decrypt(sealed_key, school_key, info=info), 32)
    signing = Ed25519PrivateKey.generate()
    envelope = seal_envelope(
        body,
        header={k: header[k] for k in HEADER_FIELDS if k not in ("version", "suite")},
        recipients=[Recipient(key_id, school_key.public_key())],
        signing_key=signing,
        signing_key_id=key_id_of(raw_public(signing.public_key())),
    )
    signed = add("transcript (canonical JSON of the envelope)", lambda: transcript(envelope))
    timings[-1].size = len(signed)
    signature = add("Ed25519 sign of the transcript", lambda: signing.sign(signed), len(signed))
    add(
        "Ed25519 verify of the transcript",
        lambda: signing.public_key().verify(signature, signed),
        len(signed),
    )
    add(
        "domain.sealing.envelope.seal (whole envelope, no store)",
        lambda: seal_envelope(
            body,
            header={k: header[k] for k in HEADER_FIELDS if k not in ("version", "suite")},
            recipients=[Recipient(key_id, school_key.public_key())],
            signing_key=signing,
            signing_key_id=key_id_of(raw_public(signing.public_key())),
        ),
        len(plaintext),
    )
    add(
        "domain.sealing.envelope.open_envelope (no store)",
        lambda: open_envelope(envelope, school_key),
        len(plaintext),
    )
    stored = app.recorder.select_events(packet_id, limit=1)[0]
    add(
        "mapper.to_domain_event of the stored Sealed event",
        lambda: app.mapper.to_domain_event(stored),
        len(stored.state),
    )
    return timings, {"body_bytes": len(plaintext), "stored_sealed_event_bytes": len(stored.state)}


# -- over HTTP ----------------------------------------------------------------------------------


def _client(base_url: str, token: str) -> httpx2.Client:
    return httpx2.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
        trust_env=False,  # no proxy: traffic goes to 127.0.0.1 only
    )


def measure_http(
    store: str,
    base_url: str,
    world: World,
    packets: list[uuid.UUID],
    observations: int,
    args: argparse.Namespace,
) -> list[LoadResult]:
    results: list[LoadResult] = []
    with _client(base_url, world.teacher_token) as c:  # once, untimed: the figures are real
        response = c.get(f"/v1/handovers/{packets[0]}/contents")
        if response.status_code != 200:
            raise RuntimeError(f"contents answered {response.status_code}: {response.text[:300]}")
        listed = len(response.json().get("observations", []))
        if listed != observations:
            raise RuntimeError(f"the packet holds {listed} observations, not {observations}")

    def rotating(token: str, paths: list[str], sizes: list[int]) -> Callable[[], Worker]:
        def make() -> Worker:
            client = _client(base_url, token)
            turn = {"n": 0}

            def op() -> str | None:
                path = paths[turn["n"] % len(paths)]
                turn["n"] += 1
                response = client.get(path)
                if response.status_code != 200:
                    return f"HTTP {response.status_code}: {response.text[:200]}"
                sizes.append(len(response.content))
                return None

            return Worker(op, client.close)

        return make

    cases = [
        (
            "GET /v1/handovers/{id}/contents (teacher)",
            world.teacher_token,
            [f"/v1/handovers/{p}/contents" for p in packets],
        ),
        (
            "GET /v1/handovers/{id} (status, teacher)",
            world.teacher_token,
            [f"/v1/handovers/{p}" for p in packets],
        ),
        (
            "GET /v1/children/{id}/observations (practitioner)",
            world.practitioner_token,
            [f"/v1/children/{c}/observations" for c in world.children],
        ),
    ]
    for name, token, paths in cases:
        sizes: list[int] = []
        make = rotating(token, paths, sizes)
        r = run_load(name, store, [make], args.http_seconds, args.http_requests, args.warmup)
        r.extra["response_bytes"] = round(sum(sizes) / len(sizes)) if sizes else 0
        log(r.summary())
        for problem in r.first_errors:
            log(f"    error: {problem}")
        results.append(r)
    return results


# -- running it ---------------------------------------------------------------------------------


@dataclass
class StoreResult:
    store: str
    timings: list[Timing]
    http: list[LoadResult]
    facts: dict[str, Any]


def run_store(store: str, args: argparse.Namespace) -> StoreResult:
    from projections.runner import RunnerOptions, process_batch

    with tempfile.TemporaryDirectory(prefix=f"baton-bench-packets-{store}-") as tmp:
        data_dir = Path(tmp)
        key_file = write_master_key_file(data_dir)
        database: contextlib.AbstractContextManager[str | None] = (
            fresh_database(args.pg_server) if store == "postgres" else contextlib.nullcontext()
        )
        with database as database_url:
            with baton_services(database_url, data_dir, key_file) as services:
                log(
                    f"== {store}: {args.reps + 1} children with {args.observations}"
                    " observations and consent to the school"
                )
                started = time.perf_counter()
                world = build_world(services.app, args.reps, args.observations)
                log(f"  built in {time.perf_counter() - started:.1f}s")
                timings, packets, found = measure_in_process(store, services, world, args)
                more, sizes = measure_components(store, services, packets[0], found["body"], args)
                timings += more
                for view in services.views:  # so that `baton serve` starts with nothing to do
                    while process_batch(services.db, services.app, view, options=RunnerOptions()):
                        pass
            log(f"== {store}: over HTTP (baton serve)")
            with baton_server(data_dir, key_file, database_url) as server:
                http = measure_http(store, server.base_url, world, packets, args.observations, args)
    facts = {
        "observations_in_body": found["observations_in_body"],
        "envelope_bytes": found["envelope_bytes"],
        **sizes,
    }
    return StoreResult(store, timings, http, facts)


def parse_names(allowed: set[str]) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        names = [x.strip() for x in text.split(",") if x.strip()]
        unknown = set(names) - allowed
        if unknown or not names:
            raise argparse.ArgumentTypeError(f"unknown {sorted(unknown)}; choose from {allowed}")
        return names

    return parse


# --tiny: every stage on both stores, a few children with a few observations
TINY = {
    "stores": "sqlite,postgres",
    "observations": 5,
    "reps": 2,
    "reseals": 2,
    "crypto_reps": 5,
    "crypto_seconds": 0.2,
    "http_seconds": 0.3,
    "http_requests": 5,
    "warmup": 0.1,
}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--stores", type=parse_names({"sqlite", "postgres"}), default="sqlite")
    p.add_argument("--observations", type=int, default=300, help="observations per child")
    p.add_argument("--reps", type=int, default=50, help="children sealed and opened, one each")
    p.add_argument("--reseals", type=int, default=20, help="packets sealed again for one child")
    p.add_argument("--crypto-reps", type=int, default=200, help="repetitions per component")
    p.add_argument("--crypto-seconds", type=float, default=5.0, help="most seconds per component")
    p.add_argument("--http-seconds", type=float, default=10.0, help="measured time per request")
    p.add_argument("--http-requests", type=int, default=200, help="most requests per request")
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds per request")
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parse_arguments(p, argv, TINY)
    if args.reps < 1 or args.observations < 1 or args.reseals < 0:
        p.error("--reps and --observations take at least 1, --reseals at least 0")
    args.pg_server = pg_server_url()
    return args


def report(results: list[StoreResult], args: argparse.Namespace) -> None:
    print(
        f"packets: a transition packet of a child with {args.observations} observations;"
        f" {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    for r in results:
        f = r.facts
        print(
            f"{r.store}: body {f['body_bytes']:,} bytes of canonical JSON"
            f" ({f['observations_in_body']} observations), envelope {f['envelope_bytes']:,} bytes"
            f" of JSON, stored Sealed event {f['stored_sealed_event_bytes']:,} bytes"
            " (compressed, encrypted)"
        )
    print()
    print("1. in-process, one operation at a time")
    print(
        table(
            ["store", "operation", "n", "bytes", "p50 ms", "p99 ms", "first ms", "last ms"],
            [
                [
                    t.store,
                    t.name,
                    len(t.seconds),
                    "-" if t.size is None else f"{t.size:,}",
                    f"{t.p50_ms:.3f}",
                    f"{t.p99_ms:.3f}",
                    ms(t.extra.get("first_ms", math.nan)),
                    ms(t.extra.get("last_ms", math.nan)),
                ]
                for r in results
                for t in r.timings
            ],
        )
    )
    print(
        f"Baton rows: one child (or packet) each; with n={args.reps} the p99 is the slowest."
        " 'seal packets 1..k': every new packet for the same child and school loads each earlier"
        " packet to supersede it, so its cost grows with the number sent before; first / last ms:"
        " median of the first / last three."
        " Components run on this run's real body; HPKE seals only the 32-byte data key, AES-GCM"
        " the whole body."
    )
    print()
    print("2. over HTTP against `baton serve`, one client, sequential")
    print(
        table(
            ["store", "request", "ok", "errors", "resp bytes", "p50 ms", "p99 ms", "req/s"],
            [
                [
                    h.store,
                    h.name,
                    h.ok,
                    h.errors,
                    f"{h.extra.get('response_bytes', 0):,}",
                    ms(h.p50_ms),
                    ms(h.p99_ms),
                    h.ops_per_s,
                ]
                for r in results
                for h in r.http
            ],
        )
    )
    print(
        "contents: each request authenticates, loads the packet, checks access, writes an"
        " access-log entry, opens the envelope and records the opening (a new event on the"
        f" packet), rotating over the {args.reps} packets; observations: the first page (50) of"
        f" a child's {args.observations}, rotating over the children."
    )


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    install_sigterm_handler()
    if "postgres" in args.stores and not pg_answers(args.pg_server):
        log(f"PostgreSQL does not answer at {redact(args.pg_server)}; set BATON_BENCH_DATABASE_URL")
        return 2
    results: list[StoreResult] = []
    try:
        for store in args.stores:
            results.append(run_store(store, args))
    except KeyboardInterrupt:
        log("interrupted; the server was stopped and the temporary database removed")
        return 130
    report(results, args)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "benchmark": "packets",
                    "observations": args.observations,
                    "reps": args.reps,
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "postgres": redact(args.pg_server) if "postgres" in args.stores else None,
                    "stores": [
                        {
                            "store": r.store,
                            "facts": r.facts,
                            "in_process": [t.as_dict() for t in r.timings],
                            "http": [h.as_dict() for h in r.http],
                        }
                        for r in results
                    ],
                },
                indent=2,
                default=str,
            )
            + "\n"
        )
        log(f"wrote {args.json}")
    failed = sum(h.errors for r in results for h in r.http)
    if failed:
        log(f"{failed} requests failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
