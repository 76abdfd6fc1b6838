"""Where the wish summary's market counts and outcomes come from: two small seams, on
neutral ground (no widget's BFF home imports another's), so the job-market snapshot and
the insertion rates plug in without touching any widget's routes.

Market: ``market_counts(search, wait=False)`` gives ``MarketCounts`` (offers, companies,
each with ``capped``, and ``as_of``) for an offer search (ROME codes, point, radius).
``install(app)`` (called by ``create_app``) registers ``snapshot_or_search_counts``: the
true counts of the job-market snapshot (``bff.market``, a daily export of every offer)
when a real export is loaded and the search has ROME codes; otherwise the lengths of the
offer search's own answer, said to be capped when a source stopped at 150. (The bundled
demonstration export is never mixed with real offers: with it, counts come from the
search, as the demo's offers do.)

A provider called with ``wait=False`` (the page path) must answer from memory, a cache
or a snapshot, never wait on an upstream: None means "not known yet". With ``wait=True``
(the JSON API, the page's fill-in fragment) it may call its source within the source's
own time budget, and raises ``MarketUnavailable`` when that fails.

Outcomes: ``install(app)`` registers ``insertion_outcomes`` (the insertion rates'
one line, ``bff.insertion.service.insertion_line``); without a provider the line is hidden::

    set_outcomes_provider(app, provider)

``provider(wish, wait)`` gets the summary's loaded parameters (``uai``, ``cfd``,
``cle_ministere_educatif``, ``insee``...) and returns None (no data: the line stays
hidden, never a zero) or a dict with at least ``sentence`` (French, plain text, e.g.
"72 % des apprentis de ce CFA en emploi 6 mois après leur sortie"); the whole dict is
the JSON answer's ``outcomes``. The same never-wait rule applies when ``wait`` is False.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Callable, Optional

from flask import Flask, current_app

from bff.offers.service import OffersUnavailable, offers_service
from bff.upstream.apprentissage import UpstreamRejected
from widgets.offers.query import Search
from widgets.wish_summary.market import Count, MarketCounts, counts_from_search

log = logging.getLogger("bff.wish_summary")

MARKET_KEY = "wish_summary.market_provider"
OUTCOMES_KEY = "wish_summary.outcomes_provider"

MarketProvider = Callable[[Search, bool], Optional[MarketCounts]]
OutcomesProvider = Callable[[dict, bool], Optional[dict]]


class MarketUnavailable(Exception):
    """The market source failed (or refused the search) and nothing is cached."""


def offer_search_counts(search: Search, wait: bool = False) -> MarketCounts | None:
    """Interim provider: the lengths of the offer search's answer (capped at 150 per
    source by API Apprentissage), from its cache only unless ``wait``."""
    service = offers_service()
    if not wait:
        outcome = service.cached(search)
        if outcome is None:
            return None
    else:
        try:
            outcome = service.search(search)
        except (OffersUnavailable, UpstreamRejected) as error:
            raise MarketUnavailable(type(error).__name__) from None
    return counts_from_search(outcome.results, source=outcome.source, stale=outcome.stale)


def snapshot_or_search_counts(search: Search, wait: bool = False) -> MarketCounts | None:
    """True counts from the job-market snapshot when a real one is loaded and the search
    names ROME codes; else the offer search's counts (``offer_search_counts``)."""
    loaded = current_app.extensions["market"].current()
    if search.romes and not loaded.snapshot.demo:
        counts = loaded.count(list(search.romes), search.latitude, search.longitude,
                              search.radius)
        as_of = datetime.combine(date.fromisoformat(loaded.snapshot.as_of), time(0))
        return MarketCounts(Count(counts.offers), Count(counts.companies), as_of,
                            source="export")
    return offer_search_counts(search, wait)


def insertion_outcomes(wish: dict, wait: bool = False) -> dict | None:
    """The insertion line for the wish's establishment (and, when ``wait``, its diploma:
    certification figures come from the InserJeunes API, which the page never waits on)."""
    from bff.insertion.service import insertion_line

    uai = wish.get("uai")
    cfd = wish.get("cfd") if wait else None
    if not (uai or cfd):
        return None
    sentence = insertion_line(uai=uai, cfd=cfd)
    return {"sentence": sentence, "uai": uai, "cfd": cfd} if sentence else None


def install(app: Flask) -> None:
    """The providers the summary and the offer search read: the snapshot's counts and
    the insertion rates' line."""
    set_market_provider(app, snapshot_or_search_counts)
    set_outcomes_provider(app, insertion_outcomes)


def set_market_provider(app: Flask, provider: MarketProvider) -> None:
    app.extensions[MARKET_KEY] = provider


def set_outcomes_provider(app: Flask, provider: OutcomesProvider | None) -> None:
    app.extensions[OUTCOMES_KEY] = provider


def market_counts(search: Search, wait: bool = False) -> MarketCounts | None:
    """The market counts for ``search`` from the app's provider (see the module doc)."""
    provider = current_app.extensions.get(MARKET_KEY, offer_search_counts)
    return provider(search, wait)


def outcomes_for(wish: dict, wait: bool = False) -> dict | None:
    """The outcomes line's data, or None when no provider is registered or it has none.
    A failing provider hides the line rather than failing the summary."""
    provider = current_app.extensions.get(OUTCOMES_KEY)
    if provider is None:
        return None
    try:
        answer = provider(wish, wait)
    except Exception:   # a provider's bug must not take the summary down
        log.exception("outcomes provider failed")
        return None
    return answer if isinstance(answer, dict) and answer.get("sentence") else None
