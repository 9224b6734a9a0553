"""A limit on failed authentication, per source address and per staff id claimed by a token.

A sliding window of the last minute's failures for each key, held in this process (each
process of a deployment counts its own). Once a key has ``limit`` failures in the window, its
unauthenticated requests are refused with 429 until the oldest failure leaves the window.
A token that authenticated within the last day is vouched for and never held back, so failures
sent in someone's name (staff ids are not secret) do not lock out the person themselves.

>>> limiter = FailureLimiter(limit=2, window=60.0)
>>> limiter.failed(["source:10.0.0.1"], now=0.0); limiter.failed(["source:10.0.0.1"], now=1.0)
>>> limiter.retry_after(["source:10.0.0.1", "staff:x"], now=30.0)
30
>>> limiter.retry_after(["source:10.0.0.1"], now=61.0)
0
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Iterable

MAX_KEYS = 100_000  # past this, the quietest keys are forgotten first


class FailureLimiter:
    def __init__(self, limit: int, window: float = 60.0, vouch: float = 86_400.0) -> None:
        self.limit, self.window, self.vouch = limit, window, vouch
        self._failures: dict[str, deque[float]] = {}
        self._vouched: dict[str, float] = {}  # a good token's hash → until when
        self._lock = threading.Lock()

    def succeeded(self, token_hash: str, now: float) -> None:
        with self._lock:
            if len(self._vouched) >= MAX_KEYS:
                self._vouched = {k: t for k, t in self._vouched.items() if t > now}
                if len(self._vouched) >= MAX_KEYS:
                    self._vouched.clear()
            self._vouched[token_hash] = now + self.vouch

    def vouched(self, token_hash: str, now: float) -> bool:
        with self._lock:
            return self._vouched.get(token_hash, now) > now

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key) or deque(maxlen=max(self.limit, 1))
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def retry_after(self, keys: Iterable[str], now: float) -> int:
        """Seconds until every one of ``keys`` is under the limit again (0: it is now)."""
        if self.limit <= 0:
            return 0
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.limit:
                    wait = max(wait, times[-self.limit] + self.window - now)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, keys: Iterable[str], now: float) -> None:
        if self.limit <= 0:
            return
        with self._lock:
            if len(self._failures) >= MAX_KEYS:
                quietest = sorted(self._failures, key=lambda k: self._failures[k][-1])
                for key in quietest[: MAX_KEYS // 10]:
                    del self._failures[key]
            for key in keys:
                times = self._recent(key, now)
                times.append(now)  # a deque of at most ``limit``: memory per key is bounded
                self._failures[key] = times
