"""Keeping a flaky or rate-limited upstream from hurting the widgets.

A sliding-window limiter keeps us under the partner's quota, a circuit breaker
stops calling an upstream that keeps failing, and ``backoff_delay`` spaces the
retries with jitter so that many workers do not retry in lockstep. All are
per process and thread-safe. ``ResilientJsonClient`` puts them together into one
resilient JSON GET that each upstream client builds on.
"""
from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from collections import deque
from dataclasses import dataclass

import requests

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


# A resilient JSON GET, shared by the upstream clients -------------------------------------

log = logging.getLogger("bff.upstream")
RETRYABLE_STATUSES = {500, 502, 503, 504}


class UpstreamError(Exception):
    """The upstream could not answer. ``reason`` is a stable code for logs and tests."""

    def __init__(self, reason: str, detail: str = "", status: int | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.status = status


class UpstreamRejected(UpstreamError):
    """The upstream answered and refused the query (HTTP 400 and the like): our input,
    not an outage, so it does not count against the circuit breaker."""


class UpstreamQuota(UpstreamError):
    """Our own limiter had no slot in time: the quota protects the key, not an outage."""


class _Retryable(Exception):
    def __init__(self, error: UpstreamError, delay: float | None = None):
        super().__init__(error.reason)
        self.error = error
        self.delay = delay


@dataclass(frozen=True)
class RetryPolicy:
    """Timeouts inside a total budget, bounded retries and the breaker's thresholds."""
    connect_timeout: float = 2.0
    read_timeout: float = 5.0
    total_timeout: float = 8.0
    max_retries: int = 2
    backoff_base: float = 0.2
    max_retry_after: float = 5.0
    breaker_threshold: int = 5
    breaker_reset_after: float = 30.0


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def message_of(response: requests.Response) -> str:
    """The error message an upstream put in its JSON body, if any (at most 200 chars)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error") or "")[:200]
    return ""


class ResilientJsonClient:
    """``GET`` a JSON object from an upstream without ever hurting the widgets.

    Every call goes through the circuit breaker (and the rate limiter, when given),
    retries idempotent failures (connection errors, timeouts, 5xx, 429 with a short
    Retry-After) a bounded number of times with jittered backoff, and never takes longer
    than ``policy.total_timeout`` overall. Subclasses name their calls (``what``) and
    may classify the statuses they expect (``refusal``).
    """

    what = "upstream call"     # in log lines
    logger = log

    def __init__(self, policy: RetryPolicy, session: requests.Session | None = None,
                 limiter: RateLimiter | None = None):
        self.policy = policy
        self.session = session or requests.Session()
        self.limiter = limiter
        self.breaker = CircuitBreaker(policy.breaker_threshold, policy.breaker_reset_after)
        self._stats_lock = threading.Lock()
        self.attempts = 0   # HTTP requests actually sent (for tests and metrics)

    def resolve_environment_once(self, base_url: str) -> None:
        """Proxies (HTTPS_PROXY, NO_PROXY) and CA bundle (REQUESTS_CA_BUNDLE) as requests
        reads them from the environment, read now rather than on every call: with
        ``trust_env`` on, requests looks them up and searches a .netrc file for each
        request, a third of the client's CPU time per search (bench/bench_search_cpu.py). Clients call it once they know their base URL."""
        if not self.session.trust_env:
            return
        found = self.session.merge_environment_settings(base_url, {}, None,
                                                        None, None)
        self.session.proxies.update(found.get("proxies") or {})
        if found.get("verify") not in (None, True):
            self.session.verify = found["verify"]
        self.session.trust_env = False

    def circuit_state(self) -> dict:
        """For a readiness probe: breaker state, failures, seconds before a trial call."""
        return self.breaker.snapshot()

    def refusal(self, response: requests.Response) -> UpstreamError:
        """The error for a status that is neither 200, 429 nor a retryable 5xx."""
        status = response.status_code
        if status == 400:
            return UpstreamRejected("rejected", message_of(response), status=400)
        return UpstreamError(f"http_{status}", status=status)

    def get_json(self, url: str, params: dict | None = None) -> dict:
        """The decoded JSON object at ``url``, or UpstreamError."""
        policy = self.policy
        deadline = time.monotonic() + policy.total_timeout
        if not self.breaker.allow():
            raise UpstreamError("circuit_open", f"retry in {self.breaker.retry_in():.0f}s")
        attempt = 0
        while True:
            attempt += 1
            try:
                payload = self._attempt(url, params, deadline)
            except UpstreamRejected:
                self.breaker.record_success()   # it answered; the query was wrong
                raise
            except UpstreamQuota:
                self.breaker.cancel_trial()
                raise
            except _Retryable as retry:
                delay = retry.delay if retry.delay is not None else backoff_delay(
                    attempt, policy.backoff_base)
                remaining = deadline - time.monotonic() - delay
                # A timed-out try is worth repeating only with a full read timeout left.
                needed = policy.read_timeout if retry.error.reason == "timeout" else 0.05
                if attempt > policy.max_retries or remaining < needed:
                    self.breaker.record_failure()
                    raise retry.error from None
                self.logger.info("%s: %s, retry %d in %.2fs", self.what, retry.error.reason,
                                 attempt, delay)
                time.sleep(delay)
                continue
            except UpstreamError:
                self.breaker.record_failure()
                raise
            self.breaker.record_success()
            return payload

    def _attempt(self, url: str, params: dict | None, deadline: float) -> dict:
        if self.limiter is not None:
            remaining = deadline - time.monotonic()
            if not self.limiter.try_acquire(max_wait=max(0.0, min(remaining - 0.5, 2.0))):
                # Not the upstream's fault: do not trip the breaker for our own quota.
                raise UpstreamQuota("rate_limited_locally")
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            raise UpstreamError("timeout", "no time left")
        timeout = (min(self.policy.connect_timeout, remaining),
                   min(self.policy.read_timeout, remaining))
        with self._stats_lock:
            self.attempts += 1
        try:
            response = self.session.get(url, params=params, timeout=timeout)
        except requests.Timeout as error:
            kind = "connect_timeout" if isinstance(error, requests.ConnectTimeout) else "timeout"
            raise _Retryable(UpstreamError(kind)) from None
        except requests.ConnectionError:
            raise _Retryable(UpstreamError("connection")) from None
        except requests.RequestException as error:
            raise UpstreamError("request", type(error).__name__) from None

        status = response.status_code
        self.logger.info("%s: HTTP %d in %.0f ms", self.what, status,
                         response.elapsed.total_seconds() * 1000)
        if status == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if self.limiter is not None:
                self.limiter.pause_until(time.monotonic() + (wait if wait is not None else 1.0))
            if wait is not None and wait <= self.policy.max_retry_after:
                raise _Retryable(UpstreamError("rate_limited", status=429), delay=wait)
            raise UpstreamError("rate_limited", f"retry after {wait}", status=429)
        if status in RETRYABLE_STATUSES:
            raise _Retryable(UpstreamError(f"http_{status}", status=status))
        if status != 200:
            raise self.refusal(response)
        try:
            payload = response.json()
        except ValueError:
            raise UpstreamError("malformed", "invalid JSON") from None
        if not isinstance(payload, dict):
            raise UpstreamError("malformed", "not an object")
        return payload
