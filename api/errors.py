"""Every error leaves as application/problem+json (RFC 9457); this one module maps them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import MapperDeserialisationError, PersistenceError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.security import HEADERS
from api.writes import StoredAnswer
from consent.errors import ConsentNotActive, ConsentNotFound, InvalidConsent, RequestNotOpen
from domain.errors import (
    ChildErased,
    ConcurrentUpdate,
    EnvelopeRejected,
    InvalidField,
    NotEnrolledHere,
    NotFound,
    OnHold,
    OwnKeyHeld,
    PacketGone,
    RuleBroken,
)
from domain.sealing.keyring import KeyUnavailable
from projections.store.db import StoreUnavailable
from projections.store.idempotency import AnswerUnreadable, KeyReused

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
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}


# Answers that refuse the caller: always in the access log (api/refusals.py). A 404 is one when
# raised with ``refusal=True`` (the guard records its own 404s about children).
REFUSALS = (401, 403, 429)


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
        refusal: bool | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.refusal = status in REFUSALS if refusal is None else refusal
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


@dataclass(frozen=True)
class Answer:
    """How one kind of domain error is answered: status, problem slug, and what to log."""

    status: int
    slug: str | None = None
    detail: str | None = None  # fixed text instead of the exception's own message
    retry_after: str | None = None
    log_level: int | None = None


# The one table from domain errors to answers. Starlette picks the most specific class, so
# PacketGone (a RuleBroken) answers 410, not 409. Messages are the domain's own words, written
# for users; they never hold record text.
DOMAIN_ANSWERS: dict[type[Exception], Answer] = {
    InvalidField: Answer(422, "validation"),
    InvalidConsent: Answer(422, "validation"),
    PacketGone: Answer(410, "packet-gone"),
    ChildErased: Answer(410, "child-erased"),
    OnHold: Answer(409, "on-hold"),
    OwnKeyHeld: Answer(409, "own-key-held"),
    EnvelopeRejected: Answer(409, "envelope-rejected", log_level=logging.WARNING),
    KeyUnavailable: Answer(503, "key-unavailable", log_level=logging.ERROR),
    ConsentNotFound: Answer(404),
    ConsentNotActive: Answer(409, "consent-not-active"),
    RequestNotOpen: Answer(409, "request-not-open"),
    NotFound: Answer(404),
    NotEnrolledHere: Answer(404, detail="the child was not found"),
    RuleBroken: Answer(409, "rule-broken"),
    ConcurrentUpdate: Answer(503, "busy", retry_after="1"),
    StoreUnavailable: Answer(
        503,
        "store-unavailable",
        retry_after="5",
        log_level=logging.WARNING,
        detail="the store is unavailable; nothing was changed",
    ),
    # Any other fault of the event store (a read-only server, a dropped connection the library
    # saw first) is the store's, never the client's: 503, never 500.
    PersistenceError: Answer(
        503,
        "store-unavailable",
        retry_after="5",
        log_level=logging.WARNING,
        detail="the store is unavailable; nothing was changed",
    ),
    KeyReused: Answer(409, "idempotency-key-reused"),
    # Events are AES-GCM encrypted at rest: an altered byte, or another master key, fails here.
    AnswerUnreadable: Answer(
        503,
        "integrity-check-failed",
        log_level=logging.ERROR,
        detail="stored data failed its integrity check; nothing was returned",
    ),
    MapperDeserialisationError: Answer(
        503,
        "integrity-check-failed",
        log_level=logging.ERROR,
        detail="stored data failed its integrity check; nothing was returned",
    ),
}


def domain_problem(exc: Exception) -> Problem:
    """The problem a domain or store error answers (``DOMAIN_ANSWERS``), logged when it says so;
    the web pages show the same words in their forms."""
    answer = next(DOMAIN_ANSWERS[c] for c in type(exc).__mro__ if c in DOMAIN_ANSWERS)
    if answer.log_level is not None:
        cause = type(exc.__cause__).__name__ if exc.__cause__ else "-"
        log.log(answer.log_level, "%s (%s) answered %d", type(exc).__name__, cause, answer.status)
    errors = None
    if isinstance(exc, InvalidField | InvalidConsent):
        errors = [{"field": exc.field, "message": exc.message}]
    headers = {"Retry-After": answer.retry_after} if answer.retry_after else None
    return Problem(
        answer.status, answer.detail or str(exc), slug=answer.slug, errors=errors, headers=headers
    )


# Renders a problem as an HTML page for a browser's request (``api.web``), or None for JSON.
PageRenderer = Callable[[Request, Problem], Response | None]


def install(
    app: FastAPI,
    on_problem: Callable[[Request, Problem], None] | None = None,
    page: PageRenderer | None = None,
) -> None:
    """Map every error to its problem; ``on_problem`` sees each Problem first (to record a
    refusal: if it cannot, the answer is 503, as for any access that cannot be logged).
    ``page`` answers a browser's page request with HTML instead of problem+json."""

    def answer(request: Request, problem: Problem) -> Response:
        rendered = page(request, problem) if page is not None else None
        return rendered if rendered is not None else problem_response(problem)

    @app.exception_handler(Problem)
    def _problem(request: Request, exc: Problem) -> Response:
        if on_problem is not None:
            try:
                on_problem(request, exc)
            except StoreUnavailable as e:
                return answer(request, domain_problem(e))
        return answer(request, exc)

    @app.exception_handler(StoredAnswer)
    def _replay(_: Request, exc: StoredAnswer) -> Response:
        return Response(
            exc.replay.body,
            status_code=exc.replay.status,
            media_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )

    @app.exception_handler(RequestValidationError)
    def _validation(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, validation_problem(exc))

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(
            request, Problem(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))
        )

    def _domain(request: Request, exc: Exception) -> Response:
        return answer(request, domain_problem(exc))

    for exc_class in DOMAIN_ANSWERS:
        app.add_exception_handler(exc_class, _domain)

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
        # Answered outside every middleware (Starlette's outermost layer), so with the
        # security headers set here.
        answer = problem_response(Problem(500, "an unexpected error; it has been logged"))
        answer.headers.update(HEADERS)
        return answer
