"""The ``baton`` command: serve, demo, and the operator's tools."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from api.cli import (
    audit,
    demo,
    key_rotation,
    keys,
    migrate,
    packets,
    projections,
    retention,
    serve,
    staff,
)
from api.master_key import ConfigurationError
from projections.store.db import MigrationError, StoreUnavailable


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="baton", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    serve.register_serve(sub)
    demo.register(sub)
    serve.register_worker(sub)
    projections.register(sub)
    migrate.register(sub)
    key_rotation.register(keys.register(sub))
    packets.register(sub)
    audit.register(sub)
    staff.register(sub)
    retention.register(sub)
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
    except MigrationError as e:
        print(f"baton: the schema cannot be migrated: {e}", file=sys.stderr)
        return 4
    except FileExistsError as e:
        print(f"baton: {e.filename} already exists; nothing was overwritten", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
