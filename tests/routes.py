"""The app's own routes, for tests that walk every one of them (so a route added later is
walked too), and their paths with ids put in for the path parameters."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from starlette.routing import Route


def route_paths(routes: list[Any], prefix: str = "") -> list[tuple[str, str]]:
    """(method, path) of every GET and POST route in ``routes``, through included routers
    (FastAPI keeps an included router whole, with its prefix, rather than copying its routes
    into the app)."""
    found = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            include_prefix = getattr(getattr(route, "include_context", None), "prefix", "")
            found += route_paths(inner.routes, prefix + include_prefix)
        elif isinstance(route, Route):
            found += [
                (m, prefix + route.path) for m in ("GET", "POST") if m in (route.methods or ())
            ]
    return found


def get_paths(routes: list[Any]) -> list[str]:
    """The path of every GET route in ``routes``."""
    return [path for method, path in route_paths(routes) if method == "GET"]


def filled(path: str, ids: dict[str, str]) -> str:
    """``path`` with each {name} replaced by ``ids[name]``, or a random id."""
    parts = []
    for part in path.split("/"):
        if part.startswith("{") and part.endswith("}"):
            name = part[1:-1].split(":")[0]
            part = ids.get(name, str(uuid4()))
        parts.append(part)
    return "/".join(parts)
