"""ASGI middleware: a cap on request bodies, and Idempotency-Key replay for creating POSTs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import MEDIA_TYPE, problem_body
from projections.store.idempotency import IdempotencyKeys

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
    """Refuses bodies over ``max_body_bytes`` (413) and makes creating POSTs idempotent by key.

    The same key with the same body (from the same token) answers the first response again and
    changes nothing; the same key with another body answers 409.
    """

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, keys: Callable[[], IdempotencyKeys | None]
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            if int(headers.get("content-length", "0")) > self.max_body_bytes:
                raise TooLarge
            body = await read_body(receive, self.max_body_bytes)
        except TooLarge:
            await _send_problem(
                send, 413, f"the body is over {self.max_body_bytes} bytes", "too-large"
            )
            return
        except ValueError:
            await _send_problem(
                send, 400, "the Content-Length header is not a number", "bad-request"
            )
            return
        key = headers.get("idempotency-key")
        keys = self.keys()
        if scope["method"] != "POST" or not key or keys is None:
            await self.app(scope, _replaying(body), send)
            return
        if len(key) > MAX_KEY_LENGTH:
            await _send_problem(
                send, 400, f"Idempotency-Key is over {MAX_KEY_LENGTH} characters", "bad-request"
            )
            return
        await self._idempotent(scope, body, headers, key, keys, send)

    async def _idempotent(
        self,
        scope: Scope,
        body: bytes,
        headers: dict[str, str],
        key: str,
        keys: IdempotencyKeys,
        send: Send,
    ) -> None:
        scope_id = hashlib.sha256(headers.get("authorization", "").encode()).hexdigest()
        digest = hashlib.sha256(
            b"\n".join(
                [scope["method"].encode(), scope["path"].encode(), scope["query_string"], body]
            )
        ).hexdigest()
        claim = await run_in_threadpool(keys.claim, scope_id, key, digest)
        if claim.state == "mismatch":
            await _send_problem(
                send,
                409,
                "this Idempotency-Key was used with a different request",
                "idempotency-key-reused",
            )
            return
        if claim.state == "in_progress":
            await _send_problem(
                send,
                409,
                "a request with this Idempotency-Key is still in progress",
                "idempotency-key-in-progress",
            )
            return
        if claim.state == "replay":
            stored = claim.body.encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": claim.status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(stored)).encode()),
                        (b"idempotent-replayed", b"true"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": stored})
            return
        captured: dict[str, Any] = {"status": 500, "body": []}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
            elif message["type"] == "http.response.body":
                captured["body"].append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, _replaying(body), capture)
        finally:
            status = captured["status"]
            if 200 <= status < 300:
                text = b"".join(captured["body"]).decode()
                await run_in_threadpool(keys.complete, scope_id, key, status, text)
            else:
                await run_in_threadpool(keys.release, scope_id, key)
