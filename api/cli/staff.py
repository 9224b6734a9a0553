"""``baton staff token ORG_ID STAFF_ID``: a new token for a member of staff, from the server.

For an organisation locked out of the API: every manager's token expired (or was lost), so no
manager can issue one, and the operator's token may not while the organisation has an active
manager. Whoever runs this holds the master key and the database already. The new token is
printed once; the old one stops working (in running servers within BATON_AUTH_CACHE_SECONDS).
The act is in the access log, under the organisation, and among its DSLs' alerts.
"""

from __future__ import annotations

import argparse
from typing import Any
from uuid import UUID

from api.cli.common import CommandError, load_settings, record_command, report


def register(sub: Any) -> None:
    staff = sub.add_parser("staff", help="a member of staff's access, from the server")
    commands = staff.add_subparsers(dest="staff_command", required=True)
    token = commands.add_parser(
        "token", help="issue a member of staff a new token (prints it once)"
    )
    token.add_argument("org_id", type=UUID, help="the organisation's id")
    token.add_argument("staff_id", type=UUID, help="the member of staff's id")
    token.set_defaults(run=cmd_token)


def cmd_token(args: argparse.Namespace) -> int:
    from api.services import build_services
    from domain.errors import NotFound, RuleBroken
    from projections.store.access_log import ISSUED_FROM_SERVER

    services = build_services(load_settings())

    def issue() -> str:
        token, _ = services.app.new_token(args.org_id, args.staff_id)
        record_command(
            services,
            ISSUED_FROM_SERVER,
            org_id=args.org_id,
            action="update",
            purpose="administration",
        )
        return token

    try:
        token = services.writes.run(issue, encode=lambda _: "")
    except (NotFound, RuleBroken) as e:
        return report(CommandError(str(e), 1))
    finally:
        services.close()
    print(token)
    return 0
