"""``baton serve`` and ``baton worker``: the HTTP API, and the projections as their own process."""

from __future__ import annotations

import argparse
from typing import Any

from pydantic import SecretStr

from api.cli.common import load_settings


def register_serve(sub: Any) -> None:
    serve = sub.add_parser("serve", help="start the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)


def register_worker(sub: Any) -> None:
    worker = sub.add_parser("worker", help="run the projections as their own process")
    worker.set_defaults(run=cmd_worker)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.credentials import new_admin_token
    from api.main import create_app

    settings = load_settings()
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


def cmd_worker(args: argparse.Namespace) -> int:
    import signal
    import threading

    from api.services import build_services

    services = build_services(load_settings())
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
