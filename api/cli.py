"""The ``baton`` command: serve, demo, and the operator's tools."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from pydantic import SecretStr, ValidationError

from api.keys import ConfigurationError, write_master_key
from api.settings import Settings
from projections.db import StoreUnavailable

log = logging.getLogger("baton")


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
    keys = sub.add_parser("keys", help="keys: the master key, organisations' keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    master = keys_sub.add_parser("master", help="write a new master key file (mode 0600)")
    master.add_argument("--out", type=Path, required=True)
    master.set_defaults(run=cmd_keys_master)
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
