"""Client of API Apprentissage's job search, ``GET {base}/job/v1/search``.

The API key is sent in the Authorization header only: it never appears in a URL,
a log line, an exception message or this object's repr. Every call goes through
the limiter (the quota is 60 calls a minute per key) and the circuit breaker,
retries idempotent failures a bounded number of times with jitter, honours
Retry-After on 429, and never takes longer than ``total_timeout`` overall.
"""
from __future__ import annotations

import email.utils
import logging
import threading
import time
from dataclasses import dataclass

import requests

from bff.upstream.resilience import CircuitBreaker, RateLimiter, backoff_delay

log = logging.getLogger("bff.upstream.apprentissage")

SEARCH_PATH = "/job/v1/search"
RETRYABLE_STATUSES = {500, 502, 503, 504}


class UpstreamError(Exception):
    """The upstream could not answer. ``reason`` is a stable code for logs and tests."""

    def __init__(self, reason: str, detail: str = "", status: int | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.status = status


class UpstreamRejected(UpstreamError):
    """The upstream refused the query (HTTP 400): our input, not an outage."""


@dataclass(frozen=True)
class ClientSettings:
    base_url: str
    api_key: str
    connect_timeout: float = 2.0
    read_timeout: float = 5.0
    total_timeout: float = 8.0
    max_retries: int = 2
    backoff_base: float = 0.2
    max_retry_after: float = 5.0
    calls_per_minute: int = 55
    breaker_threshold: int = 5
    breaker_reset_after: float = 30.0

    def __repr__(self) -> str:  # the key must not leak through a debug print
        return f"ClientSettings(base_url={self.base_url!r}, api_key='***')"


class ApprentissageClient:
    def __init__(self, settings: ClientSettings, session: requests.Session | None = None):
        self.settings = settings
        self.session = session or requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {settings.api_key}",
                                     "Accept": "application/json"})
        self._resolve_environment_once()
        self.limiter = RateLimiter(settings.calls_per_minute, 60.0)
        self.breaker = CircuitBreaker(settings.breaker_threshold, settings.breaker_reset_after)
        self._stats_lock = threading.Lock()
        self.attempts = 0   # HTTP requests actually sent (for tests and metrics)

    def _resolve_environment_once(self) -> None:
        """Proxies (HTTPS_PROXY, NO_PROXY) and CA bundle (REQUESTS_CA_BUNDLE) as requests
        reads them from the environment, read now rather than on every call: with
        ``trust_env`` on, requests looks them up and searches a .netrc file for each
        request, a third of the client's CPU time per search (bench/bench_search_cpu.py)."""
        if not self.session.trust_env:
            return
        found = self.session.merge_environment_settings(self.settings.base_url, {}, None,
                                                        None, None)
        self.session.proxies.update(found.get("proxies") or {})
        if found.get("verify") not in (None, True):
            self.session.verify = found["verify"]
        self.session.trust_env = False

    def __repr__(self) -> str:
        return f"ApprentissageClient({self.settings.base_url!r})"

    def circuit_state(self) -> dict:
        """For a readiness probe: breaker state, failures, seconds before a trial call."""
        return self.breaker.snapshot()

    def search_jobs(self, params: dict) -> dict:
        """The decoded JSON payload of a job search, or UpstreamError."""
        url = self.settings.base_url.rstrip("/") + SEARCH_PATH
        deadline = time.monotonic() + self.settings.total_timeout
        if not self.breaker.allow():
            raise UpstreamError("circuit_open",
                                f"retry in {self.breaker.retry_in():.0f}s")
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
                    attempt, self.settings.backoff_base)
                remaining = deadline - time.monotonic() - delay
                # A timed-out try is worth repeating only with a full read timeout left.
                needed = self.settings.read_timeout if retry.error.reason == "timeout" else 0.05
                if attempt > self.settings.max_retries or remaining < needed:
                    self.breaker.record_failure()
                    raise retry.error from None
                log.info("job search: %s, retry %d in %.2fs", retry.error.reason, attempt, delay)
                time.sleep(delay)
                continue
            except UpstreamError:
                self.breaker.record_failure()
                raise
            self.breaker.record_success()
            return payload

    def _attempt(self, url: str, params: dict, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        if not self.limiter.try_acquire(max_wait=max(0.0, min(remaining - 0.5, 2.0))):
            # Not the upstream's fault: do not trip the breaker for our own quota.
            raise UpstreamQuota("rate_limited_locally")
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            raise UpstreamError("timeout", "no time left")
        timeout = (min(self.settings.connect_timeout, remaining),
                   min(self.settings.read_timeout, remaining))
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
        log.info("job search: HTTP %d in %.0f ms", status, response.elapsed.total_seconds() * 1000)
        if status == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            self.limiter.pause_until(time.monotonic() + (wait if wait is not None else 1.0))
            if wait is not None and wait <= self.settings.max_retry_after:
                raise _Retryable(UpstreamError("rate_limited", status=429), delay=wait)
            raise UpstreamError("rate_limited", f"retry after {wait}", status=429)
        if status in RETRYABLE_STATUSES:
            raise _Retryable(UpstreamError(f"http_{status}", status=status))
        if status == 400:
            raise UpstreamRejected("rejected", _message_of(response), status=400)
        if status != 200:
            raise UpstreamError(f"http_{status}", status=status)
        try:
            payload = response.json()
        except ValueError:
            raise UpstreamError("malformed", "invalid JSON") from None
        if not isinstance(payload, dict):
            raise UpstreamError("malformed", "not an object")
        return payload


class UpstreamQuota(UpstreamError):
    """Our own limiter had no slot in time: the quota protects the key, not an outage."""


class _Retryable(Exception):
    def __init__(self, error: UpstreamError, delay: float | None = None):
        super().__init__(error.reason)
        self.error = error
        self.delay = delay


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


def _message_of(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error") or "")[:200]
    return ""
