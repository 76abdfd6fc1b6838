"""Client of API Apprentissage's job search, ``GET {base}/job/v1/search``, on the shared
resilient JSON GET of ``bff.upstream.resilience``.

The API key is sent in the Authorization header only: it never appears in a URL,
a log line, an exception message or this object's repr. Every call goes through
the limiter (the quota is 60 calls a minute per key) and the circuit breaker,
retries idempotent failures a bounded number of times with jitter, honours
Retry-After on 429, and never takes longer than ``total_timeout`` overall.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import requests

from bff.upstream.resilience import (RETRYABLE_STATUSES, RateLimiter,  # noqa: F401 (re-exported)
                                     ResilientJsonClient, RetryPolicy, UpstreamError,
                                     UpstreamQuota, UpstreamRejected,
                                     retry_after_seconds)

log = logging.getLogger("bff.upstream.apprentissage")

SEARCH_PATH = "/job/v1/search"


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

    def policy(self) -> RetryPolicy:
        return RetryPolicy(
            connect_timeout=self.connect_timeout, read_timeout=self.read_timeout,
            total_timeout=self.total_timeout, max_retries=self.max_retries,
            backoff_base=self.backoff_base, max_retry_after=self.max_retry_after,
            breaker_threshold=self.breaker_threshold,
            breaker_reset_after=self.breaker_reset_after)


class ApprentissageClient(ResilientJsonClient):
    what = "job search"
    logger = log

    def __init__(self, settings: ClientSettings, session: requests.Session | None = None):
        super().__init__(settings.policy(), session,
                         limiter=RateLimiter(settings.calls_per_minute, 60.0))
        self.settings = settings
        self.session.headers.update({"Authorization": f"Bearer {settings.api_key}",
                                     "Accept": "application/json"})
        self.resolve_environment_once(settings.base_url)

    def __repr__(self) -> str:
        return f"ApprentissageClient({self.settings.base_url!r})"

    def search_jobs(self, params: dict) -> dict:
        """The decoded JSON payload of a job search, or UpstreamError."""
        return self.get_json(self.settings.base_url.rstrip("/") + SEARCH_PATH, params)
