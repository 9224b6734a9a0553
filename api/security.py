"""Response headers that keep a child's data out of caches, frames and other sites' pages.

Every response carries them (simplest, and every JSON answer but /health may hold a child's
data): nothing is stored by a browser or proxy (``Cache-Control: no-store``), nothing is
sniffed into another type, no URL leaks in a Referer, no page is framed, and the
Content-Security-Policy lets an answer load nothing at all. The HTML pages set their own policy
(``page_policy``), allowing exactly their inline blocks by hash; HSTS is added when the request
came over TLS.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Directives no page of Baton relaxes.
LOCKED = "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
NOTHING = f"default-src 'none'; {LOCKED}"
HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Security-Policy": NOTHING,
}
HSTS = "max-age=31536000"
_INLINE = {
    tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.DOTALL | re.IGNORECASE)
    for tag in ("script", "style")
}


def inline_hashes(html: str, tag: str) -> list[str]:
    """CSP hash sources of each inline ``<tag>`` block (exact text between the tags).

    >>> inline_hashes("<style>p{}</style>", "style")
    ["'sha256-gG2yISYereRMiG2lMXrbiUgi0Ubw9p7QCeWcroOvy9Y='"]
    """
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in _INLINE[tag].findall(html)
    ]


def page_policy(html: str, **sources: tuple[str, ...]) -> str:
    """A page's Content-Security-Policy: nothing by default; its own inline scripts and styles
    by hash (of ``html``, the page or its template); and for each ``name_src`` in ``sources``
    the origins given (``img_src=("data:",)`` → ``img-src data:``)."""
    scripts = inline_hashes(html, "script")
    styles = inline_hashes(html, "style")
    merged: dict[str, list[str]] = {"script-src": scripts, "style-src": styles}
    for name, origins in sources.items():
        merged.setdefault(name.replace("_", "-"), []).extend(origins)
    parts = [f"{name} {' '.join(found)}" for name, found in merged.items() if found]
    return "; ".join(["default-src 'none'", *parts, LOCKED])


class SecurityHeaders:
    """Adds ``HEADERS`` to every response that has not set its own (a page sets its policy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if tls:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
