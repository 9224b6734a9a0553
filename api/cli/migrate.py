"""``baton migrate``: bring Baton's tables up to date (every start does it too), or list which
migrations are applied and which are pending."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from api.cli.common import load_settings


def register(sub: Any) -> None:
    migrate = sub.add_parser("migrate", help="apply pending schema migrations (or list them)")
    migrate.add_argument(
        "--status",
        action="store_true",
        help="only list applied and pending migrations (exit 1 if any is pending)",
    )
    migrate.set_defaults(run=cmd_migrate)


def cmd_migrate(args: argparse.Namespace) -> int:
    from projections.store import migrations
    from projections.store.db import open_database

    settings = load_settings()
    db = open_database(settings.database_url_value(), Path(settings.data_dir))
    try:
        if args.status:
            rows = migrations.status(db)
            for row in rows:
                print(f"{row.version:04d}  {row.name:<20} {row.applied_at or 'pending'}")
            return 1 if any(row.applied_at is None for row in rows) else 0
        applied = migrations.migrate(db)
    finally:
        db.close()
    for migration in applied:
        print(f"applied {migration.version:04d} {migration.name}")
    print("the schema is up to date")
    return 0
