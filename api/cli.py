"""The ``baton`` command: serve, demo, and the operator's tools."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import SecretStr, ValidationError

from api.keys import ConfigurationError, write_master_key
from api.settings import Settings
from projections.db import StoreUnavailable

log = logging.getLogger("baton")


def record_command(services: Any, resource: str) -> None:
    """A command that reads every child's data is an access too: one entry, no single child."""
    from datetime import UTC, datetime

    from domain.access import AccessEntry, Action, Outcome

    services.access_log.append(
        AccessEntry(
            at=datetime.now(UTC),
            actor_id=None,
            actor_org_id=None,
            actor_roles=("command-line",),
            action=Action.EXECUTE,
            child_id=None,
            resource=resource,
            outcome=Outcome.ALLOWED,
            purpose="operations",
        )
    )


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as e:
        raise ConfigurationError(f"a BATON_ setting is invalid: {e}") from e


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.credentials import new_admin_token
    from api.main import create_app

    settings = _settings()
    if settings.admin_token is None:
        token = new_admin_token()
        settings.admin_token = SecretStr(token)
        print(
            f"BATON_ADMIN_TOKEN was not set; the operator's token for this run is:\n  {token}",
            flush=True,
        )
    store = "PostgreSQL" if settings.uses_postgres else f"embedded SQLite in {settings.data_dir}"
    print(f"Baton serving on http://{args.host}:{args.port} (store: {store})", flush=True)
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level=settings.log_level.lower(),
        access_log=False,
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from api.demo import load_demo
    from api.services import build_services

    services = build_services(_settings())
    try:
        load_demo(services, out=sys.stdout)
    finally:
        services.close()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import signal
    import threading

    from api.services import build_services

    services = build_services(_settings())
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker = services.start_projections()
    names = ", ".join(v.name for v in services.views)
    print(f"baton worker: keeping {names} up to date (Ctrl-C to stop)", flush=True)
    try:
        stop.wait()
    finally:
        print("baton worker: stopping", flush=True)
        worker.stop()
        services.close()
    return 0


def cmd_projections_status(args: argparse.Namespace) -> int:
    from api.services import build_services
    from projections.admin import status

    services = build_services(_settings())
    try:
        rows = status(services.db, services.app, services.views)
    finally:
        services.close()
    header = ("projection", "gen", "position", "head", "lag", "lag s")
    print(
        f"{header[0]:<20} {header[1]:>4} {header[2]:>10} {header[3]:>10} {header[4]:>8} "
        f"{header[5]:>8}  error"
    )
    for row in rows:
        seconds = "-" if row.lag_seconds == float("inf") else f"{row.lag_seconds:.1f}"
        error = f"{row.last_error} (at {row.error_at:%Y-%m-%d %H:%M:%S})" if row.last_error else ""
        print(
            f"{row.name:<20} {row.generation:>4} {row.position:>10} {row.head:>10} "
            f"{row.lag_events:>8} {seconds:>8}  {error}"
        )
    return 1 if any(r.last_error for r in rows) else 0


def cmd_projections_rebuild(args: argparse.Namespace) -> int:
    from api.services import build_services
    from projections.admin import rebuild
    from projections.registry import view_named

    services = build_services(_settings())
    try:
        views = [view_named(args.name)] if args.name else services.views
        for view in views:

            def progress(done: int, total: int, name: str = view.name) -> None:
                width = 30
                filled = int(width * done / total) if total else width
                print(
                    f"\r{name:<20} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} events",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )

            record_command(services, "projections-rebuild")
            generation = rebuild(
                services.db, services.app, view, services.runner_options(), progress
            )
            print(f"\n{view.name}: rebuilt as generation {generation} and swapped in", flush=True)
    except KeyError as e:
        raise ConfigurationError(str(e.args[0])) from e
    finally:
        services.close()
    return 0


def cmd_keys_master(args: argparse.Namespace) -> int:
    write_master_key(args.out)
    print(
        f"wrote a new master key to {args.out} (mode 0600); keep a copy somewhere safe: "
        "without it no stored key or encrypted event can be read"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    from pathlib import Path

    top = argparse.ArgumentParser(prog="baton", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)
    demo = sub.add_parser("demo", help="load a realistic demo and print a token per role")
    demo.set_defaults(run=cmd_demo)
    worker = sub.add_parser("worker", help="run the projections as their own process")
    worker.set_defaults(run=cmd_worker)
    projections = sub.add_parser("projections", help="status and rebuild of the read models")
    projections_sub = projections.add_subparsers(dest="projections_command", required=True)
    status = projections_sub.add_parser("status", help="position, lag and last error of each view")
    status.set_defaults(run=cmd_projections_status)
    rebuild = projections_sub.add_parser(
        "rebuild", help="replay the log into fresh tables and swap them in (old ones keep serving)"
    )
    rebuild.add_argument("name", nargs="?", help="one projection (default: all)")
    rebuild.set_defaults(run=cmd_projections_rebuild)
    keys = sub.add_parser("keys", help="keys: the master key, organisations' keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    master = keys_sub.add_parser("master", help="write a new master key file (mode 0600)")
    master.add_argument("--out", type=Path, required=True)
    master.set_defaults(run=cmd_keys_master)
    from api import cli_audit, cli_packets

    cli_packets.register(sub, keys_sub)
    cli_audit.register(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        code: int = args.run(args)
    except ConfigurationError as e:
        print(f"baton: {e}", file=sys.stderr)
        return 2
    except StoreUnavailable as e:
        print(f"baton: the store is unavailable: {e}", file=sys.stderr)
        return 3
    except FileExistsError as e:
        print(f"baton: {e.filename} already exists; nothing was overwritten", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
