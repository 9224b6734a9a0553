"""``baton keys generate`` and ``baton packet open``: a school's own key, and opening offline."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, keys_sub: Any) -> None:
    """Add the packet and key commands to the ``baton`` parser."""
    packet = sub.add_parser("packet", help="sealed handover packets, offline")
    packet.add_subparsers(dest="packet_command", required=True)


def _unused(args: argparse.Namespace) -> int:  # pragma: no cover - replaced by the real commands
    return 0
