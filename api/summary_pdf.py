"""The transition summary as a PDF: the same HTML, printed by WeasyPrint (pinned; it draws text
with Debian's pango, harfbuzz and fontconfig, so the image installs ``libpango-1.0-0
libpangoft2-1.0-0 libharfbuzz0b`` and fonts, see the Dockerfile).

Printing fetches nothing from the network: the fetcher refuses every address but ``data:`` and
this server's own static files, so a child's words can never make the server call anywhere.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

STATIC = Path(__file__).parent / "web" / "static"
# The document's own address, as WeasyPrint resolves links against it: never fetched.
BASE_URL = "https://baton.invalid/"


def own_file(url: str) -> tuple[bytes, str]:
    """The bytes and media type of this server's static file at ``url``; for any other address
    a ValueError (which WeasyPrint takes as a resource it cannot have)."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and parts.path.startswith("/static/"):
        wanted = (STATIC / unquote(parts.path.removeprefix("/static/"))).resolve()
        if wanted.is_file() and wanted.is_relative_to(STATIC.resolve()):
            kind = mimetypes.guess_type(wanted.name)[0] or "application/octet-stream"
            return wanted.read_bytes(), kind
    raise ValueError("the summary fetches nothing but its own files")


def own_files_only() -> Any:
    """A WeasyPrint URL fetcher for ``data:`` addresses and ``own_file``s, and nothing else.
    (WeasyPrint is imported when first printing, not with this module: importing it starts
    processes to find its libraries.)"""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, kind = own_file(url)
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return OwnFilesOnly()


def pdf_of(html: str) -> bytes:
    """``html`` (a page of this server's) printed to A4 as its print styles say."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=own_files_only())
    written: bytes = document.write_pdf()
    return written
