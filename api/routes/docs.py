"""The interactive API documentation (/docs), served whole by Baton: no other site is asked.

Swagger UI's own files come from the pinned ``fastapi-offline`` package (the swagger-ui-dist
bundle and stylesheet, kept current by its maintainer) and are mounted at ``/docs/assets``; the
few lines that start it are ``/static/swagger-start.js``. So the page runs under a policy of this
server only: no inline script or style, no CDN. It holds no child's data: it fetches
/openapi.json, and tries requests on this origin.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
ASSETS_PATH = "/docs/assets"
ASSETS = Path(fastapi_offline.__file__).parent / "static"
# Only this server; Swagger UI draws its icons as data: images and fetches with this origin.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Baton API documentation</title>
<link rel="stylesheet" href="{root}{assets}/swagger-ui.css">
<link rel="stylesheet" href="{root}/static/swagger-baton.css">
<link rel="icon" type="image/png" href="{root}{assets}/favicon.png">
</head>
<body>
<main id="swagger-ui" data-openapi="{root}/openapi.json"></main>
<script src="{root}{assets}/swagger-ui-bundle.js"></script>
<script src="{root}/static/swagger-start.js"></script>
</body>
</html>
"""


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    root = escape(request.scope.get("root_path", ""))
    html = PAGE.format(root=root, assets=ASSETS_PATH)
    return HTMLResponse(html, headers={"Content-Security-Policy": POLICY})
