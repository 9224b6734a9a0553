"""``baton projections status`` and ``baton projections rebuild``: the read models' health, and
replaying the log into fresh tables."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from api.cli.common import load_settings, record_command
from api.master_key import ConfigurationError


def register(sub: Any) -> None:
    projections = sub.add_parser("projections", help="status and rebuild of the read models")
    projections_sub = projections.add_subparsers(dest="projections_command", required=True)
    status = projections_sub.add_parser("status", help="position, lag and last error of each view")
    status.set_defaults(run=cmd_projections_status)
    rebuild = projections_sub.add_parser(
        "rebuild", help="replay the log into fresh tables and swap them in (old ones keep serving)"
    )
    rebuild.add_argument("name", nargs="?", help="one projection (default: all)")
    rebuild.set_defaults(run=cmd_projections_rebuild)


def cmd_projections_status(args: argparse.Namespace) -> int:
    from api.services import build_services
    from projections.admin import status

    services = build_services(load_settings())
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

    services = build_services(load_settings())
    try:
        views = [view_named(args.name, services.views)] if args.name else services.views
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
