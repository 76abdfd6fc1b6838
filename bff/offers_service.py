"""Offer search: cache, coalescing and stale fallback in front of the job search.

One ``OffersService`` per app. An answer is cached under the search's normalised
key (sorted ROME codes, centre rounded to about 1 km, radius, level) for
``OFFERS_CACHE_TTL`` seconds, and a second copy is kept ``OFFERS_STALE_TTL``
seconds to be served, marked ``stale``, when the upstream fails.

Coalescing is per process: identical searches arriving together wait for the
one in flight (threads of a worker share it). Across processes or instances,
each may make one call for the same cold key; the first answer then fills the
shared (Redis) cache and later searches everywhere read it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, current_app

from bff.extensions import cache
from bff.upstream.apprentissage import (ApprentissageClient, ClientSettings, UpstreamError,
                                        UpstreamRejected)
from widgets.offers.demo import DemoProvider
from widgets.offers.links import lba_search_url
from widgets.offers.query import Search
from widgets.offers.results import PAGE_SIZE, build_results, has_more, page_of
from widgets.offers.upstream_schemas import MalformedPayload

log = logging.getLogger("bff.offers")

DEFAULTS = {
    "OFFERS_CACHE_TTL": 600,
    "OFFERS_STALE_TTL": 24 * 3600,
    # Hot answers are also kept in each worker's memory this long (bounded by
    # OFFERS_CACHE_TTL): a hit then costs no Redis round trip and no unpickling.
    "OFFERS_LOCAL_TTL": 30,
    "APPRENTISSAGE_CONNECT_TIMEOUT": 2.0,
    "APPRENTISSAGE_READ_TIMEOUT": 5.0,
    "APPRENTISSAGE_TOTAL_TIMEOUT": 8.0,
    "APPRENTISSAGE_MAX_RETRIES": 2,
    "APPRENTISSAGE_BACKOFF": 0.2,
    "APPRENTISSAGE_MAX_RETRY_AFTER": 5.0,
    # The quota is 60 a minute per key; keep a margin. With several worker processes
    # sharing a key, set it to 55 divided by their number.
    "APPRENTISSAGE_CALLS_PER_MINUTE": 55,
    "APPRENTISSAGE_BREAKER_THRESHOLD": 5,
    "APPRENTISSAGE_BREAKER_RESET": 30.0,
}
SOURCE_API, SOURCE_DEMO = "api-apprentissage", "demo"
_build_lock = threading.Lock()


def setting(app: Flask, name: str):
    value = app.config.get(name)
    return DEFAULTS[name] if value is None else type(DEFAULTS[name])(value)


class OffersUnavailable(Exception):
    """The upstream failed and nothing (not even stale) is cached for this search."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Flight:
    __slots__ = ("done", "result", "error")

    def __init__(self):
        self.done = threading.Event()
        self.result = None
        self.error: BaseException | None = None


class SingleFlight:
    """Runs one call per key at a time; concurrent callers with that key share its outcome."""

    def __init__(self):
        self._lock = threading.Lock()
        self._flights: dict[str, _Flight] = {}

    def run(self, key: str, fn, wait_timeout: float):
        with self._lock:
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight()
        if leader:
            try:
                flight.result = fn()
            except BaseException as error:  # shared with the followers, then re-raised
                flight.error = error
            finally:
                with self._lock:
                    self._flights.pop(key, None)
                flight.done.set()
        elif not flight.done.wait(wait_timeout):
            raise OffersUnavailable("coalesced_wait_timeout")
        if flight.error is not None:
            raise flight.error
        return flight.result


class LocalCache:
    """A small per-process LRU with expiry, in front of the shared cache."""

    def __init__(self, ttl: float, size: int = 512):
        self.ttl, self.size = ttl, size
        self._items: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return entry[1]

    def set(self, key: str, value: dict, ttl: float) -> None:
        ttl = min(ttl, self.ttl)
        if ttl <= 0:
            return
        with self._lock:
            self._items[key] = (time.monotonic() + ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@dataclass
class Outcome:
    results: dict        # {"offers", "companies", "warnings"}: every item, nearest first
    stale: bool
    source: str


class OffersService:
    def __init__(self, provider, source: str, ttl: int, stale_ttl: int, wait_timeout: float,
                 local_ttl: float = 0):
        self.provider = provider
        self.local = LocalCache(local_ttl)
        self.source = source
        self.ttl = ttl
        self.stale_ttl = stale_ttl
        self.wait_timeout = wait_timeout
        self.flights = SingleFlight()

    def circuit_state(self) -> dict:
        return self.provider.circuit_state()

    def _keys(self, search: Search) -> tuple[str, str]:
        key = search.key()
        return f"offers:v1:{self.source}:{key}", f"offers:stale:v1:{self.source}:{key}"

    def search(self, search: Search) -> Outcome:
        fresh_key, _ = self._keys(search)
        cached = self.local.get(fresh_key)
        if cached is not None:
            return Outcome(cached, False, self.source)
        cached = cache.get(fresh_key)
        if cached is not None:
            # The shared entry may be older than our local TTL: keep it locally no
            # longer than the local TTL, which is short compared with OFFERS_CACHE_TTL.
            self.local.set(fresh_key, cached, self.ttl)
            return Outcome(cached, False, self.source)
        return self.flights.run(fresh_key, lambda: self._fetch(search), self.wait_timeout)

    def _fetch(self, search: Search) -> Outcome:
        fresh_key, stale_key = self._keys(search)
        cached = cache.get(fresh_key)   # filled while we waited for the flight slot
        if cached is not None:
            return Outcome(cached, False, self.source)
        started = time.monotonic()
        try:
            payload = self.provider.search_jobs(search.upstream_params())
            results = build_results(payload, search.center)
        except UpstreamRejected:
            raise
        except (UpstreamError, MalformedPayload) as error:
            reason = getattr(error, "reason", "malformed")
            log.warning("job search failed (%s) after %.0f ms", reason,
                        (time.monotonic() - started) * 1000)
            stale = cache.get(stale_key)
            if stale is not None:
                return Outcome(stale, True, self.source)
            raise OffersUnavailable(reason) from None
        cache.set(fresh_key, results, timeout=self.ttl)
        cache.set(stale_key, results, timeout=self.stale_ttl)
        self.local.set(fresh_key, results, self.ttl)
        return Outcome(results, False, self.source)


def build_service(app: Flask) -> OffersService:
    api_key = app.config.get("APPRENTISSAGE_API_KEY")
    total = setting(app, "APPRENTISSAGE_TOTAL_TIMEOUT")
    if api_key:
        provider = ApprentissageClient(ClientSettings(
            base_url=app.config.get("APPRENTISSAGE_API_URL") or
            "https://api.apprentissage.beta.gouv.fr/api",
            api_key=api_key,
            connect_timeout=setting(app, "APPRENTISSAGE_CONNECT_TIMEOUT"),
            read_timeout=setting(app, "APPRENTISSAGE_READ_TIMEOUT"),
            total_timeout=total,
            max_retries=setting(app, "APPRENTISSAGE_MAX_RETRIES"),
            backoff_base=setting(app, "APPRENTISSAGE_BACKOFF"),
            max_retry_after=setting(app, "APPRENTISSAGE_MAX_RETRY_AFTER"),
            calls_per_minute=setting(app, "APPRENTISSAGE_CALLS_PER_MINUTE"),
            breaker_threshold=setting(app, "APPRENTISSAGE_BREAKER_THRESHOLD"),
            breaker_reset_after=setting(app, "APPRENTISSAGE_BREAKER_RESET"),
        ))
        source = SOURCE_API
    else:
        provider, source = DemoProvider(), SOURCE_DEMO
    return OffersService(provider, source, ttl=setting(app, "OFFERS_CACHE_TTL"),
                         stale_ttl=setting(app, "OFFERS_STALE_TTL"), wait_timeout=total + 1.0,
                         local_ttl=setting(app, "OFFERS_LOCAL_TTL"))


def offers_service(app: Flask | None = None) -> OffersService:
    """The app's service, built on first use (one HTTP session and breaker per process)."""
    app = app or current_app._get_current_object()
    service = app.extensions.get("offers_service")
    if service is None:
        with _build_lock:
            service = app.extensions.get("offers_service")
            if service is None:
                service = app.extensions["offers_service"] = build_service(app)
    return service


def fallback_url(search: Search) -> str:
    return lba_search_url(search.trade_label, search.latitude, search.longitude,
                          search.place_label, search.radius)


def offers_answer(search: Search) -> dict:
    """The ``/api/v1/offers`` answer for one page of ``search``.

    Raises OffersUnavailable (upstream down, nothing cached) or UpstreamRejected.
    """
    outcome = offers_service().search(search)
    results = outcome.results
    return {
        "query": search.as_dict(),
        "counts": {"offers": len(results["offers"]), "companies": len(results["companies"])},
        "offers": page_of(results["offers"], search.page),
        "companies": page_of(results["companies"], search.page),
        "page_size": PAGE_SIZE,
        "next_page": search.page + 1 if has_more(results, search.page) else None,
        "source": outcome.source,
        "stale": outcome.stale,
        "warnings": results["warnings"],
        "lba_url": fallback_url(search),
    }
