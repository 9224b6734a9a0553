"""Liveness and readiness, for load balancers and orchestrators (no token needed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ServicesDep
from projections.admin import status

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict[str, str]:
    """200 whenever the process is up."""
    return {"status": "ok"}


@router.get("/ready", response_model=None)
def ready(services: ServicesDep) -> JSONResponse:
    """200 only when the store answers; 503 otherwise."""
    if services.db.ping():
        lag = {
            s.name: {"position": s.position, "lag_events": s.lag_events, "last_error": s.last_error}
            for s in status(services.db, services.app, services.views)
        }
        return JSONResponse({"status": "ready", "store": services.db.dialect, "projections": lag})
    return JSONResponse(
        {
            "type": "/problems/store-unavailable",
            "title": "Service unavailable",
            "status": 503,
            "detail": "the store is not reachable",
        },
        status_code=503,
        media_type="application/problem+json",
    )
