"""Brute force meets a limit: too many failed authentications from one address are a 429.

In memory, per API process: a sliding window of the moments at which each client address
presented an unknown, expired or revoked token. Once an address has `limit` failures within
`window` seconds, every request of it that carries a credential is answered 429 with
`Retry-After` (the seconds until its oldest failure leaves the window), before the token is
looked up and before any body is read. A request without a credential is not a guess and is
not counted. Several API processes each keep their own window (ADR 0017).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

#: Addresses tracked at most; the oldest is forgotten first, so memory stays bounded.
MAX_ADDRESSES = 100_000


class FailureThrottle:
    """Failed authentications per client address in a sliding window."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        failures = self._failures.get(address, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, address: str) -> int | None:
        """Seconds this address must wait, or None if it may try."""
        with self._lock:
            now = self.clock()
            failures = self._recent(address, now)
            if not failures:
                self._failures.pop(address, None)
            if len(failures) < self.limit:
                return None
            return max(1, math.ceil(failures[0] + self.window - now))

    def failed(self, address: str) -> None:
        """Count one failed authentication from this address."""
        with self._lock:
            now = self.clock()
            failures = self._recent(address, now)
            failures.append(now)
            self._failures.pop(address, None)
            self._failures[address] = failures
            while len(self._failures) > MAX_ADDRESSES:
                del self._failures[next(iter(self._failures))]
