"""``@one_transaction``: a write route decides once and commits once, idempotently by key.

The route's own body is the decision (load, check access, apply the rule, save); the decorator
runs it inside ``Writes.run``, which commits its events, access-log entries, idempotency record
and command id in one transaction, and retries the whole decision on a version conflict. A
request repeating an earlier key gets the stored answer again (``StoredAnswer``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from fastapi.encoders import jsonable_encoder

from projections.store.idempotency import Claim, Replay

P = ParamSpec("P")
R = TypeVar("R")
# Set by the request guard (middleware) from the Idempotency-Key header, for this request only.
current_claim: ContextVar[Claim | None] = ContextVar("baton_idempotency_claim", default=None)


class StoredAnswer(Exception):
    """The answer an Idempotency-Key already has; rendered as it was first sent."""

    def __init__(self, replay: Replay) -> None:
        super().__init__("replayed")
        self.replay = replay


def _encode(result: object) -> str:
    return json.dumps(jsonable_encoder(result), separators=(",", ":"))


def one_transaction(status: int = 201) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run the route as one decision in one transaction (it must take ``services``)."""

    def wrap(route: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(route)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            return in_one_transaction(kwargs["services"], lambda: route(*args, **kwargs), status)

        return run

    return wrap


def in_one_transaction(
    services: Any, decide: Callable[[], R], status: int = 201, claim: Claim | None = None
) -> R:
    """``decide`` as one transaction, for a route that does slow work (decoding a photo)
    before its decision; ``claim``: the request's own Idempotency-Key unless given."""
    result = services.writes.run(decide, _encode, status, claim or current_claim.get())
    if isinstance(result, Replay):
        raise StoredAnswer(result)
    return result  # type: ignore[no-any-return]
