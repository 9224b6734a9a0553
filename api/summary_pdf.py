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

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC = Path(__file__).parent / "web" / "static"
# The document's own address, as WeasyPrint resolves links against it: never fetched.
BASE_URL = "https://baton.invalid/"


class OwnFilesOnly(URLFetcher):  # type: ignore[misc]
    """Fetches ``data:`` addresses and ``/static/...`` files of this server; nothing else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and parts.path.startswith("/static/"):
            wanted = (STATIC / unquote(parts.path.removeprefix("/static/"))).resolve()
            if wanted.is_file() and wanted.is_relative_to(STATIC.resolve()):
                kind = mimetypes.guess_type(wanted.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, wanted.read_bytes(), {"Content-Type": kind})
        raise ValueError("the summary fetches nothing but its own files")


def pdf_of(html: str) -> bytes:
    """``html`` (a page of this server's) printed to A4 as its print styles say."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=OwnFilesOnly())
    written: bytes = document.write_pdf()
    return written
