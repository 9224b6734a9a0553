"""ASGI middleware: a cap on request bodies, a deadline on every request's database calls, and
the Idempotency-Key claim a creating POST carries into its one transaction (``api.writes``)."""

from __future__ import annotations

import hashlib
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import MEDIA_TYPE, problem_body
from api.writes import current_claim
from projections.store.binding import deadline_in
from projections.store.idempotency import Claim

MAX_KEY_LENGTH = 200


async def _send_problem(send: Send, status: int, detail: str, slug: str) -> None:
    body = json.dumps(problem_body(status, detail, slug)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class TooLarge(Exception):
    pass


async def read_body(receive: Receive, limit: int) -> bytes:
    chunks, size = [], 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replaying(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


class RequestGuard:
    """Refuses bodies over ``max_body_bytes`` (413; ``upload_max_bytes`` for a form posting
    files, multipart/form-data, since a phone's photo alone is a few MB), bounds each
    request's database calls to ``db_timeout`` seconds in all, and hands a POST's
    Idempotency-Key to its transaction.

    The same key with the same body (from the same token) answers the first response again and
    changes nothing; the same key with another body answers 409.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        db_timeout: float,
        upload_max_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.upload_max_bytes = upload_max_bytes or max_body_bytes
        self.db_timeout = db_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self._timed(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        limit = self.max_body_bytes
        if headers.get("content-type", "").lower().startswith("multipart/form-data"):
            limit = max(limit, self.upload_max_bytes)
        try:
            if int(headers.get("content-length", "0")) > limit:
                raise TooLarge
            body = await read_body(receive, limit)
        except TooLarge:
            await _send_problem(send, 413, f"the body is over {limit} bytes", "too-large")
            return
        except ValueError:
            await _send_problem(
                send, 400, "the Content-Length header is not a number", "bad-request"
            )
            return
        key = headers.get("idempotency-key")
        if scope["method"] != "POST" or not key:
            await self._timed(scope, _replaying(body), send)
            return
        if len(key) > MAX_KEY_LENGTH:
            await _send_problem(
                send, 400, f"Idempotency-Key is over {MAX_KEY_LENGTH} characters", "bad-request"
            )
            return
        token = current_claim.set(_claim(scope, headers, key, body))
        try:
            await self._timed(scope, _replaying(body), send)
        finally:
            current_claim.reset(token)

    async def _timed(self, scope: Scope, receive: Receive, send: Send) -> None:
        with deadline_in(self.db_timeout):
            await self.app(scope, receive, send)


def _claim(scope: Scope, headers: dict[str, str], key: str, body: bytes) -> Claim:
    """Keys are per token (``scope``), and bound to the exact request they were first sent with."""
    scope_id = hashlib.sha256(headers.get("authorization", "").encode()).hexdigest()
    digest = hashlib.sha256(
        b"\n".join([scope["method"].encode(), scope["path"].encode(), scope["query_string"], body])
    ).hexdigest()
    return Claim(scope_id, key, digest)
