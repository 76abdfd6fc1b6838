"""Client of API Apprentissage's full export, ``GET {base}/job/v1/export``.

The route answers ``{"url": ..., "lastUpdate": ...}``: ``url`` is a pre-signed download
link valid 2 minutes, ``lastUpdate`` the export's date (regenerated daily at 3 a.m.,
Paris time). The quota is 2 calls a minute per key: the client never makes more (the
shared ``RateLimiter``), honours ``Retry-After`` on 429 when it is short enough and
otherwise gives up with ``ExportError("rate_limited")``.

The download is streamed to a file (a national export is hundreds of MB) without the
API key (the link is signed; the key must not travel to the storage host). A body
shorter than its Content-Length, or a connection cut mid-way, is ``truncated``.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from bff.upstream.apprentissage import retry_after_seconds
from bff.upstream.resilience import RateLimiter, backoff_delay

log = logging.getLogger("bff.upstream.export")

EXPORT_PATH = "/job/v1/export"
RETRYABLE_STATUSES = {500, 502, 503, 504}
CHUNK = 1 << 20


class ExportError(Exception):
    """The export could not be had; ``reason`` is a stable code for logs and tests."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class ExportSettings:
    base_url: str
    api_key: str
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    download_timeout: float = 600.0
    max_retries: int = 2
    backoff_base: float = 1.0
    max_retry_after: float = 65.0
    max_bytes: int = 8 << 30

    def __repr__(self) -> str:  # the key must not leak through a debug print
        return f"ExportSettings(base_url={self.base_url!r}, api_key='***')"


@dataclass(frozen=True)
class ExportLink:
    url: str
    last_update: str


class ExportClient:
    def __init__(self, settings: ExportSettings, sleep=time.sleep):
        self.settings = settings
        self.sleep = sleep
        self.limiter = RateLimiter(2, 60.0)   # the route's quota per key
        self.calls = 0

    def __repr__(self) -> str:
        return f"ExportClient({self.settings.base_url!r})"

    def link(self) -> ExportLink:
        url = self.settings.base_url.rstrip("/") + EXPORT_PATH
        headers = {"Authorization": f"Bearer {self.settings.api_key}",
                   "Accept": "application/json"}
        attempt = 0
        while True:
            attempt += 1
            if not self.limiter.try_acquire(max_wait=self.settings.max_retry_after,
                                            sleep=self.sleep):
                raise ExportError("rate_limited", "no call left in this minute")
            self.calls += 1
            try:
                response = requests.get(url, headers=headers, timeout=(
                    self.settings.connect_timeout, self.settings.read_timeout))
            except requests.RequestException as error:
                if attempt > self.settings.max_retries:
                    raise ExportError("connection", type(error).__name__) from None
                self.sleep(backoff_delay(attempt, self.settings.backoff_base, cap=30.0))
                continue
            status = response.status_code
            if status == 429:
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                self.limiter.pause_until(time.monotonic() + (wait if wait is not None else 30.0))
                if attempt > self.settings.max_retries or wait is None \
                        or wait > self.settings.max_retry_after:
                    raise ExportError("rate_limited", f"HTTP 429, Retry-After {wait}")
                log.info("export link: HTTP 429, retry in %.0f s", wait)
                continue       # the limiter waits until the pause is over
            if status in RETRYABLE_STATUSES and attempt <= self.settings.max_retries:
                self.sleep(backoff_delay(attempt, self.settings.backoff_base, cap=30.0))
                continue
            if status in (401, 403):
                raise ExportError("unauthorized", f"HTTP {status}: check APPRENTISSAGE_API_KEY")
            if status != 200:
                raise ExportError(f"http_{status}")
            try:
                body = response.json()
            except ValueError:
                raise ExportError("malformed", "the export route did not answer JSON") from None
            link = body.get("url") if isinstance(body, dict) else None
            if not isinstance(link, str) or urlsplit(link).scheme not in ("http", "https"):
                raise ExportError("malformed", "no download url in the answer")
            return ExportLink(link, str(body.get("lastUpdate") or ""))

    def download(self, link: ExportLink, destination: Path) -> int:
        """Stream the export to ``destination``; the number of bytes written."""
        started = time.monotonic()
        written = 0
        try:
            # No Authorization header: a fresh request, not the API's session.
            with requests.get(link.url, stream=True, timeout=(
                    self.settings.connect_timeout, self.settings.read_timeout)) as response:
                if response.status_code != 200:
                    raise ExportError(f"download_http_{response.status_code}")
                expected = response.headers.get("Content-Length")
                with open(destination, "wb") as handle:
                    # Raw bytes: a gzip file stays gzip (decompressed while reading).
                    for chunk in response.raw.stream(CHUNK, decode_content=False):
                        written += len(chunk)
                        if written > self.settings.max_bytes:
                            raise ExportError("too_large", f"over {self.settings.max_bytes} bytes")
                        if time.monotonic() - started > self.settings.download_timeout:
                            raise ExportError("timeout", "download took too long")
                        handle.write(chunk)
        except requests.RequestException as error:
            raise ExportError("truncated", f"{type(error).__name__} after {written} bytes") from None
        except Exception as error:
            if isinstance(error, ExportError):
                raise
            # urllib3's IncompleteRead / ProtocolError: the connection was cut.
            raise ExportError("truncated", f"{type(error).__name__} after {written} bytes") from None
        if expected is not None and expected.isdigit() and int(expected) != written:
            raise ExportError("truncated", f"{written} of {expected} bytes")
        log.info("export downloaded: %d bytes in %.1f s", written, time.monotonic() - started)
        return written
