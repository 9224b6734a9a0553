"""Assembles the FastAPI application; nothing here but wiring."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors, refusals
from api.credentials import operator_token_hash
from api.middleware import RequestGuard
from api.routes import (
    audit,
    children,
    consent_requests,
    consents,
    docs,
    enrolments,
    forgetting,
    handovers,
    health,
    inbox,
    journey,
    keys,
    organisations,
    parents,
    partnerships,
    photos,
    reception,
    settings_views,
    staff,
)
from api.security import SecurityHeaders
from api.services import Services, build_services
from api.settings import Settings
from api.web.render import STATIC, problem_page
from api.web.routers import WEB_ROUTERS

DESCRIPTION = """Baton carries a young child's learning journey from the early-years settings who
know them to the school that receives them. Every request but /health, /ready, /docs and
/openapi.json needs `Authorization: Bearer <token>`. Errors are application/problem+json."""


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """The API over ``services`` (built from ``settings`` at startup when not given)."""
    settings = settings or (services.settings if services else Settings())
    state: dict[str, Services] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        running = services or build_services(settings)
        if not running.operator_token_hash:
            running.operator_token_hash = operator_token_hash(settings)
        app.state.services = running
        state["services"] = running
        if settings.projections_in_process:
            running.start_projections()
        try:
            yield
        finally:
            state.pop("services", None)
            if owned:
                running.close()

    app = FastAPI(
        title="Baton",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # api/routes/docs.py serves /docs with its own security policy
        redoc_url=None,
    )
    errors.install(app, on_problem=refusals.record_refusal, page=problem_page)
    for module in (
        health,
        docs,
        organisations,
        staff,
        keys,
        children,
        enrolments,
        forgetting,
        journey,
        photos,
        consents,
        consent_requests,
        parents,
        partnerships,
        settings_views,
        handovers,
        inbox,
        reception,
        audit,
    ):
        app.include_router(module.router)
    for router in WEB_ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount(docs.ASSETS_PATH, StaticFiles(directory=docs.ASSETS), name="docs-assets")

    app.add_middleware(
        RequestGuard,
        max_body_bytes=settings.max_body_bytes,
        upload_max_bytes=settings.upload_max_bytes,
        db_timeout=settings.db_timeout_seconds,
    )
    app.add_middleware(refusals.Trails)
    app.add_middleware(SecurityHeaders)  # outermost: on every answer, the guard's own too
    logging.getLogger("baton").setLevel(settings.log_level.upper())
    return app
