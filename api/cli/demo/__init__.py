"""``baton demo``: load a realistic demo (``loader``, from ``data``) and print a token per role."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from api.cli.common import load_settings


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="load a realistic demo and print a token per role")
    demo.set_defaults(run=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from api.cli.demo.loader import load_demo
    from api.services import build_services

    services = build_services(load_settings())
    try:
        load_demo(services, out=sys.stdout)
    finally:
        services.close()
    return 0
