"""Keeping a flaky or rate-limited upstream from hurting the widgets.

A sliding-window limiter keeps us under the partner's quota, a circuit breaker
stops calling an upstream that keeps failing, and ``backoff_delay`` spaces the
retries with jitter so that many workers do not retry in lockstep. All are
per process and thread-safe.
"""
from __future__ import annotations

import random
import threading
import time
from collections import deque

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class RateLimiter:
    """At most ``limit`` calls in any ``window`` seconds (exact, not a token bucket).

    The quota upstream is per key and per minute: a sliding window is the only
    scheme that cannot overshoot it at the boundary of two minutes.
    """

    def __init__(self, limit: int, window: float = 60.0, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._calls: deque[float] = deque()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def pause_until(self, moment: float) -> None:
        """No call before ``moment`` (the upstream said so, with Retry-After)."""
        with self._lock:
            self._paused_until = max(self._paused_until, moment)

    def wait_time(self) -> float:
        """Seconds until a call would be allowed (0 when allowed now)."""
        with self._lock:
            return self._wait_time(self._clock())

    def _wait_time(self, now: float) -> float:
        while self._calls and self._calls[0] <= now - self.window:
            self._calls.popleft()
        wait = max(0.0, self._paused_until - now)
        if len(self._calls) >= self.limit:
            wait = max(wait, self._calls[0] + self.window - now)
        return wait

    def try_acquire(self, max_wait: float = 0.0, sleep=time.sleep) -> bool:
        """Take a slot, waiting at most ``max_wait`` seconds; False if none in time."""
        deadline = self._clock() + max_wait
        while True:
            with self._lock:
                now = self._clock()
                wait = self._wait_time(now)
                if wait <= 0:
                    self._calls.append(now)
                    return True
            if now + wait > deadline:
                return False
            sleep(wait)


class CircuitBreaker:
    """Closed → open after ``threshold`` consecutive failures; after ``reset_after``
    seconds one trial call is let through (half-open): success closes, failure re-opens.
    """

    def __init__(self, threshold: int = 5, reset_after: float = 30.0, clock=time.monotonic):
        self.threshold = threshold
        self.reset_after = reset_after
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False
        self._lock = threading.Lock()

    def state(self) -> str:
        with self._lock:
            return self._state(self._clock())

    def _state(self, now: float) -> str:
        if self._opened_at is None:
            return CLOSED
        if now - self._opened_at >= self.reset_after:
            return HALF_OPEN
        return OPEN

    def allow(self) -> bool:
        """May a call go out now? In half-open state only one trial at a time."""
        with self._lock:
            state = self._state(self._clock())
            if state == CLOSED:
                return True
            if state == HALF_OPEN and not self._trial_running:
                self._trial_running = True
                return True
            return False

    def retry_in(self) -> float:
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self._opened_at + self.reset_after - self._clock())

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def cancel_trial(self) -> None:
        """The trial call did not go out after all (e.g. no quota left)."""
        with self._lock:
            self._trial_running = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._trial_running or self._failures >= self.threshold:
                self._opened_at = self._clock()
            self._trial_running = False

    def snapshot(self) -> dict:
        """What a readiness probe shows."""
        with self._lock:
            now = self._clock()
            retry_in = 0.0 if self._opened_at is None else max(
                0.0, self._opened_at + self.reset_after - now)
            return {"state": self._state(now), "consecutive_failures": self._failures,
                    "retry_in_seconds": round(retry_in, 1)}


def backoff_delay(attempt: int, base: float, cap: float = 2.0, rng=random.random) -> float:
    """Delay before retry number ``attempt`` (1-based): exponential, "equal jitter"."""
    ceiling = min(cap, base * (2 ** (attempt - 1)))
    return ceiling / 2 + rng() * ceiling / 2
