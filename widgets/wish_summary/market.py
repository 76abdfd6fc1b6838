"""Counts of apprenticeship offers and recruiting companies near the training, honestly.

A provider gives ``MarketCounts`` for a search (the BFF's interim provider reads the offer
search's answers; the job-market snapshot replaces it). A count the source cut off (API
Apprentissage's search stops at 150 items per source, and 150 recruiters) is *capped*: it
is shown as "150 ou plus", never as an exact number.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: API Apprentissage's job search returns at most this many items per source.
SEARCH_CAP = 150

KNOWN, PENDING, UNAVAILABLE, NO_SEARCH = "known", "pending", "unavailable", "no_search"


@dataclass(frozen=True)
class Count:
    value: int
    capped: bool = False     # the true number is value or more

    def as_json(self) -> dict:
        return {"count": self.value, "capped": self.capped}


@dataclass(frozen=True)
class MarketCounts:
    offers: Count
    companies: Count
    as_of: datetime | None = None   # when the source's data was taken
    source: str = ""
    stale: bool = False             # an older copy, served while the source fails

    @property
    def capped(self) -> bool:
        return self.offers.capped or self.companies.capped


def counts_from_search(results: dict, *, source: str = "", stale: bool = False,
                       cap: int = SEARCH_CAP) -> MarketCounts:
    """Counts from an offer search's results (``widgets.offers.results.build_results``).

    The offers of one source, or the recruiters, reaching ``cap`` in the upstream answer
    mean the source stopped there: that count is capped. Items dropped as invalid or
    inactive are counted against the cap too (the upstream returned them), so a source
    cut at 150 is never shown as an exact 148.
    """
    lengths = results.get("upstream_lengths")
    offers, companies = len(results["offers"]), len(results["companies"])
    if lengths is not None:
        offers_capped = any(n >= cap for n in lengths.get("jobs", {}).values())
        companies_capped = lengths.get("recruiters", 0) >= cap
    else:
        # An answer cached before the upstream lengths were kept: judge from what is left.
        dropped = {w.get("code"): w.get("count", 0) for w in results.get("warnings", ())}
        by_source: dict[str, int] = {}
        for offer in results["offers"]:
            by_source[offer.get("source_label")] = by_source.get(offer.get("source_label"), 0) + 1
        offers_capped = any(n + dropped.get("INVALID_JOB_OFFERS_DROPPED", 0) >= cap
                            for n in by_source.values())
        companies_capped = companies + dropped.get("INVALID_RECRUITERS_DROPPED", 0) >= cap
    fetched = results.get("fetched_at")
    as_of = datetime.fromisoformat(fetched) if isinstance(fetched, str) else None
    return MarketCounts(Count(offers, offers_capped), Count(companies, companies_capped),
                        as_of, source, stale)
