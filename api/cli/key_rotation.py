"""``baton keys rotate``: a new version of the key ring, every child's key wrapped again under
it, and the versions older than the newest ``--keep`` destroyed.

Once a version is destroyed, every copy of the database made while it was current (a backup)
holds children's keys wrapped only under a key that no longer exists: the children erased since
are gone from those copies too. See README, "Keys and encryption at rest".
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from api.cli.common import load_settings, record_command


def register(keys_sub: Any) -> None:
    ring = keys_sub.add_parser(
        "ring",
        help="write a new key ring file (mode 0600), for the key that wraps children's keys",
        description="Write a new key ring (version 1) to FILE; an existing file is kept.",
    )
    ring.add_argument("--out", type=Path, required=True, metavar="FILE")
    ring.set_defaults(run=cmd_keys_ring)
    rotate = keys_sub.add_parser(
        "rotate",
        help="rotate the key ring that wraps children's keys, destroying old versions",
        description=(
            "Add a version to the key ring, wrap every child's key again under it, then delete "
            "from the ring every version older than the newest KEEP. Copy the ring file to "
            "every host that runs Baton and restart them; back it up and destroy older copies."
        ),
    )
    rotate.add_argument(
        "--keep",
        type=int,
        default=2,
        help="versions to keep (default 2: the new one, and the one backups made until now "
        "need); 1 only with every other Baton process stopped",
    )
    rotate.set_defaults(run=cmd_keys_rotate)


def cmd_keys_ring(args: argparse.Namespace) -> int:
    from api.key_ring_file import new_secret, write_ring

    if args.out.exists():
        raise FileExistsError(17, "exists", str(args.out))
    write_ring(args.out, {1: new_secret()}, new=True)
    print(
        f"wrote a new key ring to {args.out} (mode 0600); keep it beside the master key and back"
        " it up with it (BATON_KEY_RING_FILE if it lives elsewhere)"
    )
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from api.key_ring_file import new_secret, read_ring, ring_path, write_ring
    from api.master_key import ConfigurationError
    from api.services import build_services
    from projections.store import key_ring

    if args.keep < 1:
        raise ConfigurationError("--keep must be at least 1")
    settings = load_settings()
    services = build_services(settings)  # checks the ring against the database first
    try:
        record_command(services, "keys-rotate")
        path, ring = ring_path(settings), services.child_keys.ring
        secrets = read_ring(path)
        version = max(secrets) + 1
        write_ring(path, {**secrets, version: new_secret()})
        ring.refresh()
        key_ring.register(services.db, ring)
        moved = key_ring.rewrap(services.db, ring)
        old = [v for v in sorted(secrets) if v <= version - args.keep]
        left = {v: n for v, n in key_ring.in_use(services.db).items() if v in old}
        if left:
            raise ConfigurationError(
                f"{sum(left.values())} keys are still wrapped under version {min(left)}, written "
                "by a process that has not read the new ring: restart every Baton process and "
                "run `baton keys rotate` again"
            )
        write_ring(path, {v: s for v, s in read_ring(path).items() if v not in old})
        key_ring.retire(services.db, old)
    finally:
        services.close()
    destroyed = ", ".join(map(str, old)) or "none"
    print(
        f"key ring version {version}: {moved} children's keys wrapped again; versions destroyed:"
        f" {destroyed}. Copy {path} to every host that runs Baton and restart it; back it up"
        " and destroy every older copy."
    )
    return 0
