"""Every error leaves as application/problem+json (RFC 9457); this one module maps them."""

from __future__ import annotations

import logging
from typing import Any

from eventsourcing.persistence import MapperDeserialisationError
from eventsourcing.persistence import OperationalError as EventStoreUnavailable
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from consent.errors import ConsentNotActive, ConsentNotFound, InvalidConsent
from domain.errors import ConcurrentUpdate, InvalidField, NotEnrolledHere, NotFound, RuleBroken
from domain.handing_over import EnvelopeRejected, OwnKeyHeld
from domain.handover import PacketGone
from domain.keyring import KeyUnavailable
from projections.db import StoreUnavailable

log = logging.getLogger("baton.api")
MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    410: "Gone",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid request",
    500: "Internal error",
    503: "Service unavailable",
}


class Problem(Exception):
    """An answer that is not a success; raised anywhere in ``api/`` and rendered here."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        slug: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug or TITLES.get(status, "error").lower().replace(" ", "-")
        self.errors = errors
        self.headers = headers


def problem_body(
    status: int, detail: str, slug: str, errors: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"/problems/{slug}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(problem: Problem) -> JSONResponse:
    return JSONResponse(
        problem_body(problem.status, problem.detail, problem.slug, problem.errors),
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers=problem.headers,
    )


def _field(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_problem(exc: RequestValidationError) -> Problem:
    errors = []
    for err in exc.errors():
        message = str(err.get("msg", "is invalid"))
        field = _field(tuple(err.get("loc", ())))
        if err.get("type") == "json_invalid":
            message, field = "the body is not valid JSON", "body"
        errors.append({"field": field, "message": message})
    named = ", ".join(sorted({e["field"] for e in errors}))
    return Problem(
        422, f"the request has invalid fields: {named}", slug="validation", errors=errors
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    def _problem(_: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(validation_problem(exc))

    @app.exception_handler(StarletteHTTPException)
    def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(
            Problem(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))
        )

    @app.exception_handler(InvalidField)
    def _invalid(_: Request, exc: InvalidField) -> JSONResponse:
        return problem_response(
            Problem(
                422,
                str(exc),
                slug="validation",
                errors=[{"field": exc.field, "message": exc.message}],
            )
        )

    @app.exception_handler(PacketGone)
    def _gone(_: Request, exc: PacketGone) -> JSONResponse:
        return problem_response(Problem(410, str(exc), slug="packet-gone"))

    @app.exception_handler(OwnKeyHeld)
    def _own_key(_: Request, exc: OwnKeyHeld) -> JSONResponse:
        return problem_response(Problem(409, str(exc), slug="own-key-held"))

    @app.exception_handler(EnvelopeRejected)
    def _rejected(_: Request, exc: EnvelopeRejected) -> JSONResponse:
        log.warning("a stored envelope failed verification")
        return problem_response(Problem(409, str(exc), slug="envelope-rejected"))

    @app.exception_handler(KeyUnavailable)
    def _no_key(_: Request, exc: KeyUnavailable) -> JSONResponse:
        log.error("a key is unavailable: %s", exc)
        return problem_response(Problem(503, str(exc), slug="key-unavailable"))

    @app.exception_handler(InvalidConsent)
    def _invalid_consent(_: Request, exc: InvalidConsent) -> JSONResponse:
        return problem_response(
            Problem(
                422,
                str(exc),
                slug="validation",
                errors=[{"field": exc.field, "message": exc.message}],
            )
        )

    @app.exception_handler(ConsentNotFound)
    def _consent_not_found(_: Request, exc: ConsentNotFound) -> JSONResponse:
        return problem_response(Problem(404, str(exc)))

    @app.exception_handler(ConsentNotActive)
    def _consent_not_active(_: Request, exc: ConsentNotActive) -> JSONResponse:
        return problem_response(Problem(409, str(exc), slug="consent-not-active"))

    @app.exception_handler(NotFound)
    def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return problem_response(Problem(404, str(exc)))

    @app.exception_handler(NotEnrolledHere)
    def _not_enrolled(_: Request, exc: NotEnrolledHere) -> JSONResponse:
        return problem_response(Problem(404, "the child was not found"))

    @app.exception_handler(RuleBroken)
    def _rule(_: Request, exc: RuleBroken) -> JSONResponse:
        return problem_response(Problem(409, str(exc), slug="rule-broken"))

    @app.exception_handler(ConcurrentUpdate)
    def _busy(_: Request, exc: ConcurrentUpdate) -> JSONResponse:
        return problem_response(Problem(503, str(exc), slug="busy", headers={"Retry-After": "1"}))

    @app.exception_handler(StoreUnavailable)
    @app.exception_handler(EventStoreUnavailable)
    def _store(_: Request, exc: Exception) -> JSONResponse:
        log.warning("store unavailable: %s", type(exc).__name__)
        return problem_response(
            Problem(
                503,
                "the store is unavailable; nothing was changed",
                slug="store-unavailable",
                headers={"Retry-After": "5"},
            )
        )

    @app.exception_handler(MapperDeserialisationError)
    def _corrupt(_: Request, exc: MapperDeserialisationError) -> JSONResponse:
        # Events are AES-GCM encrypted at rest: an altered byte, or a different master key,
        # fails here. The message names the stored event, never its content.
        log.error("a stored event failed its integrity check (or the master key is wrong)")
        return problem_response(
            Problem(
                503,
                "stored data failed its integrity check; nothing was returned",
                slug="integrity-check-failed",
            )
        )

    @app.exception_handler(Exception)
    def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The last resort keeps the problem+json shape; details stay in the server log only,
        # and without values that could hold personal data.
        log.error(
            "unexpected %s on %s %s",
            type(exc).__name__,
            request.method,
            request.url.path,
            exc_info=exc,
        )
        return problem_response(Problem(500, "an unexpected error; it has been logged"))
