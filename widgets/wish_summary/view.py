"""The wish summary as the page and the API show it.

Pure: the BFF resolves the calendar (``widgets.calendar.view.resolve_calendar`` over its
campaigns), asks its market and outcomes providers, and passes their answers here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Callable

from widgets.calendar.view import CalendarView, NowView, now_view
from widgets.pay.page import euros
from widgets.texts import fill
from widgets.wish_summary.market import KNOWN, Count, MarketCounts
from widgets.wish_summary.pay import PayRange, first_year_range


@dataclass(frozen=True)
class Market:
    """The market line: ``status`` is known (counts given), pending (not known yet: the
    page shows a link and fills the counts in later), unavailable (the source failed or
    the training/place could not be resolved) or no_search (no codes or no place)."""
    status: str
    radius: int
    counts: MarketCounts | None = None
    trade_label: str | None = None
    place_label: str | None = None
    errors: dict | None = None

    def as_json(self) -> dict:
        counts = self.counts if self.status == KNOWN else None
        answer = {
            "status": self.status, "radius": self.radius,
            "offers": counts.offers.as_json() if counts else None,
            "companies": counts.companies.as_json() if counts else None,
            "capped": counts.capped if counts else False,
            "as_of": counts.as_of.isoformat() if counts and counts.as_of else None,
            "source": counts.source if counts else None,
            "stale": counts.stale if counts else False,
            "trade_label": self.trade_label, "place_label": self.place_label,
        }
        if self.errors:
            answer["errors"] = self.errors
        return answer


@dataclass(frozen=True)
class Summary:
    platform: str
    formation_start: date
    today: date
    calendar: CalendarView
    now: NowView
    pay: PayRange | None
    market: Market
    outcomes: dict | None
    label: str | None


def build_summary(calendar: CalendarView, *, market: Market, outcomes: dict | None,
                  label: str | None, value_of: Callable[[str], str]) -> Summary:
    """The summary of a wish whose calendar is resolved: the employer search runs from the
    wish on (the summary sits next to one)."""
    outcomes = outcomes if outcomes and outcomes.get("sentence") else None
    return Summary(platform=calendar.platform, formation_start=calendar.formation_start,
                   today=calendar.today, calendar=calendar,
                   now=now_view(calendar, value_of, wish_made=True),
                   pay=first_year_range(calendar.platform, calendar.formation_start),
                   market=market, outcomes=outcomes, label=label)


def amount_range(low: Decimal | None, high: Decimal | None) -> str:
    """``504,10 €`` or ``504,10 € à 802,82 €`` (non-breaking spaces inside amounts)."""
    if low is None or high is None:
        return "—"
    return euros(low) if low == high else f"{euros(low)} à {euros(high)}"


def count_text(count: Count, kind: str, value_of: Callable[[str], str]) -> str:
    """``12 offres``, ``1 offre``, ``aucune offre`` or, when the source stopped counting,
    ``150 offres ou plus``: a capped count is never shown as an exact number."""
    if count.capped:
        form = "capped"
    else:
        form = {0: "zero", 1: "one"}.get(count.value, "many")
    return fill(value_of(f"wish_summary.count.{kind}.{form}"), {"n": count.value})


def market_sentence(market: Market, value_of: Callable[[str], str]) -> str | None:
    if market.status != KNOWN or market.counts is None:
        return None
    return fill(value_of("wish_summary.market_line"), {
        "offers": count_text(market.counts.offers, "offers", value_of),
        "companies": count_text(market.counts.companies, "companies", value_of),
        "radius": market.radius})


def pay_json(pay: PayRange | None) -> dict | None:
    if pay is None:
        return None
    return {
        "contract_year": 1, "contract_start": pay.contract_start.isoformat(),
        "ages": {"from": pay.youngest, "to": pay.oldest},
        "age_bands": list(pay.bands), "rates_percent_of_smic": list(pay.rates),
        "gross_monthly": {"min": float(pay.gross_min), "max": float(pay.gross_max)},
        "net_monthly_estimated": None if pay.net_min is None else {
            "min": float(pay.net_min), "max": float(pay.net_max)},
        "smic": {"monthly": float(pay.smic_monthly), "from": pay.smic_from.isoformat()},
        "latest_smic_kept": pay.projected,
    }


def summary_json(summary: Summary, links: dict[str, str | None]) -> dict:
    now = summary.now.as_json()
    return {
        "platform": summary.platform,
        "formation_start": summary.formation_start.isoformat(),
        "campaign": summary.calendar.campaign.campaign,
        "today": summary.today.isoformat(),
        "now": {"phase": now["phase"], "sentence": now["sentence"],
                "advice": summary.calendar.advice,
                "employer_search": now["employer_search"], "provisional": now["provisional"]},
        "next_deadline": now["next_deadline"],
        "pay": pay_json(summary.pay),
        "market": summary.market.as_json(),
        "outcomes": summary.outcomes,
        "links": links,
    }

