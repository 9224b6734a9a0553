"""``baton retention status`` and ``baton retention run``: who is due for erasure and when, and
erasing them now rather than at the worker's next sweep. Ids and dates only, never names."""

from __future__ import annotations

import argparse
from typing import Any

from api.cli.common import load_settings, record_command


def register(sub: Any) -> None:
    retention = sub.add_parser("retention", help="erasure once the retention period is over")
    retention_sub = retention.add_subparsers(dest="retention_command", required=True)
    status = retention_sub.add_parser(
        "status", help="children whose every enrolment ended: when each is due, and holds"
    )
    status.set_defaults(run=cmd_status)
    run = retention_sub.add_parser(
        "run",
        help="finish interrupted erasures and erase whoever is due now (the worker does "
        "this by itself every BATON_MAINTENANCE_INTERVAL_SECONDS)",
    )
    run.set_defaults(run=cmd_run)


def cmd_status(args: argparse.Namespace) -> int:
    from api.services import build_services
    from projections.views.retention import ended

    services = build_services(load_settings())
    try:
        record_command(services, "retention-status")
        years, today = services.settings.retention_years, services.app.today()
        rows = ended(services.db, years)
    finally:
        services.close()
    print(f"retention: {years} years after the last enrolment ended; today is {today}")
    print(f"{'child_id':<36}  {'last_left_on':<12}  {'due_on':<10}  status")
    for row in rows:
        state = "held" if row.held else ("due" if row.due_on <= today else "waiting")
        print(f"{row.child_id}  {row.last_left_on}  {row.due_on}  {state}")
    due = sum(1 for r in rows if not r.held and r.due_on <= today)
    print(f"{len(rows)} child(ren) left every setting; {due} due now")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from api import forgetting
    from api.services import build_services

    services = build_services(load_settings())
    try:
        record_command(services, "retention-run")
        finished = forgetting.finish_pending(services)
        erased = forgetting.run_retention(services)
    finally:
        services.close()
    print(f"finished {finished} interrupted erasure(s); erased {erased} record(s) now due")
    return 0
