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
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import Flask

from bff.caching.answers import AnswerCache, AnswerUnavailable
from bff.upstream import per_app
from bff.upstream.apprentissage import (ApprentissageClient, ClientSettings, UpstreamError,
                                        UpstreamRejected)
from widgets.offers.demo import DemoProvider
from widgets.offers.links import lba_search_url
from widgets.offers.query import Search
from widgets.offers.results import PAGE_SIZE, build_results, has_more, page_of
from widgets.offers.upstream_schemas import MalformedPayload

log = logging.getLogger("bff.offers")

SOURCE_API, SOURCE_DEMO = "api-apprentissage", "demo"


def recoverable(error: Exception) -> bool:
    """Upstream failures a stale answer may stand in for: every upstream error but a
    rejection (then the query itself is wrong), and malformed payloads."""
    return (isinstance(error, (UpstreamError, MalformedPayload))
            and not isinstance(error, UpstreamRejected))


class OffersUnavailable(Exception):
    """The upstream failed and nothing (not even stale) is cached for this search."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Outcome:
    results: dict        # {"offers", "companies", "warnings"}: every item, nearest first
    stale: bool
    source: str


class OffersService:
    def __init__(self, provider, source: str, ttl: int, stale_ttl: int, wait_timeout: float,
                 local_ttl: float = 0):
        self.provider = provider
        self.source = source
        self.answers = AnswerCache(f"offers:v1:{source}", ttl=ttl, stale_ttl=stale_ttl,
                                   wait_timeout=wait_timeout, local_ttl=local_ttl)

    def circuit_state(self) -> dict:
        return self.provider.circuit_state()

    def search(self, search: Search) -> Outcome:
        def call():
            started = time.monotonic()
            try:
                results = build_results(self.provider.search_jobs(search.upstream_params()),
                                        search.center)
                # When the answer was taken: counts read from the cache say how old they are.
                results["fetched_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
                return results
            except (UpstreamError, MalformedPayload) as error:
                if recoverable(error):
                    log.warning("job search failed (%s) after %.0f ms",
                                getattr(error, "reason", "malformed"),
                                (time.monotonic() - started) * 1000)
                raise

        try:
            answer = self.answers.get(
                search.key(), call, recoverable=recoverable,
                reason=lambda error: getattr(error, "reason", "malformed"))
        except AnswerUnavailable as error:
            raise OffersUnavailable(error.reason) from None
        return Outcome(answer.value, answer.stale, self.source)

    def cached(self, search: Search) -> Outcome | None:
        """The answer for ``search`` if a cache holds one (fresh, else stale), with no
        upstream call and no wait: what a page that must never wait may show."""
        answer = self.answers.peek(search.key())
        return None if answer is None else Outcome(answer.value, answer.stale, self.source)


def build_service(app: Flask) -> OffersService:
    api_key = app.config.get("APPRENTISSAGE_API_KEY")
    total = app.config["APPRENTISSAGE_TOTAL_TIMEOUT"]
    if api_key:
        provider = ApprentissageClient(ClientSettings(
            base_url=app.config["APPRENTISSAGE_API_URL"],
            api_key=api_key,
            connect_timeout=app.config["APPRENTISSAGE_CONNECT_TIMEOUT"],
            read_timeout=app.config["APPRENTISSAGE_READ_TIMEOUT"],
            total_timeout=total,
            max_retries=app.config["APPRENTISSAGE_MAX_RETRIES"],
            backoff_base=app.config["APPRENTISSAGE_BACKOFF"],
            max_retry_after=app.config["APPRENTISSAGE_MAX_RETRY_AFTER"],
            calls_per_minute=app.config["APPRENTISSAGE_CALLS_PER_MINUTE"],
            breaker_threshold=app.config["APPRENTISSAGE_BREAKER_THRESHOLD"],
            breaker_reset_after=app.config["APPRENTISSAGE_BREAKER_RESET"],
        ))
        source = SOURCE_API
    else:
        provider, source = DemoProvider(), SOURCE_DEMO
    return OffersService(provider, source, ttl=app.config["OFFERS_CACHE_TTL"],
                         stale_ttl=app.config["OFFERS_STALE_TTL"], wait_timeout=total + 1.0,
                         local_ttl=app.config["OFFERS_LOCAL_TTL"])


def offers_service(app: Flask | None = None) -> OffersService:
    """The app's service, built on first use (one HTTP session and breaker per process)."""
    return per_app("offers_service", build_service, app)


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
