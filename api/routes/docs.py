"""The interactive API documentation (/docs), served with a policy that lets exactly it run.

Swagger UI loads its script and style from jsDelivr and starts from one inline script, which the
policy allows by its hash; its styles are applied inline, so styles are the one relaxed part.
The page holds no child's data: it fetches /openapi.json, and tries requests on this origin.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from api.security import page_policy

router = APIRouter(include_in_schema=False)
CDN = "https://cdn.jsdelivr.net"
FAVICON = "https://fastapi.tiangolo.com"


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    page = get_swagger_ui_html(openapi_url=f"{root}/openapi.json", title="Baton - Swagger UI")
    html = bytes(page.body).decode()
    page.headers["Content-Security-Policy"] = page_policy(
        html,
        script_src=(CDN,),
        style_src=(CDN, "'unsafe-inline'"),
        img_src=("'self'", "data:", FAVICON),
        connect_src=("'self'",),
    )
    return page
