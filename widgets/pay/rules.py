"""Apprentice pay rules (private sector), as pure functions over the dated figures.

Money is Decimal, rounded half-up to the cent at each published step: the minimum
(rate × published monthly SMIC), the CSG-CRDS base, and each contribution line.
"""
from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from widgets.pay.figures import Band, Regime, Smic, figures

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def same_day_later(start: date, months: int) -> date:
    """``start`` moved ``months`` later, date to date.

    When that month has no such day (31st, 29 February), the period reaches the end
    of the month and the next one starts on the 1st of the following month.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return date(year + month // 12, month % 12 + 1, 1)


def first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def months_since_birth(birth_month: date, on: date) -> int:
    return (on.year - birth_month.year) * 12 + on.month - birth_month.month


def age(birth_month: date, on: date) -> int:
    """Age the pay rules count on ``on``.

    A birthday takes effect on the 1st day of the month after it (D6222-31); only the
    month of birth is known, and that is all the rule needs.
    """
    return max(0, (months_since_birth(birth_month, on) - 1) // 12)


def calendar_age(birth_month: date, on: date) -> int:
    """Age reached by ``on`` at the latest (birthday counted from its month)."""
    return max(0, months_since_birth(birth_month, on) // 12)


# Who may sign an apprenticeship contract (Code du travail L6222-1 and L6222-2): from
# 16, or from 15 after the 3e (first cycle of secondary school), up to 29 "révolus"
# at the start; the upper limit does not apply to the L6222-2 exceptions.
MIN_AGE = 16
MIN_AGE_AFTER_3E = 15
MAX_AGE_WITHOUT_EXCEPTION = 29
AGE_15_AFTER_3E = "age_15_after_3e"
AGE_30_PLUS = "age_30_plus"


def age_notes(birth_month: date, contract_start: date) -> tuple[str, ...]:
    """What the age rules say about a contract starting on ``contract_start``.

    Only the month of birth is known: the age taken is the one reached by the start at
    the latest (a birthday in the start's month counts as reached), so a candidate is
    never refused for a birthday that may fall before the start. Ages under 15 are
    refused by the query schema; this tells the conditions of the ages that are allowed.
    """
    years = calendar_age(birth_month, contract_start)
    if years == MIN_AGE_AFTER_3E:
        return (AGE_15_AFTER_3E,)
    if years > MAX_AGE_WITHOUT_EXCEPTION:
        return (AGE_30_PLUS,)
    return ()


def age_band(birth_month: date, on: date) -> Band:
    """The D6222-26 band (under 16 shares the under-18 one, D6222-27)."""
    return band_for_age(age(birth_month, on))


@lru_cache(maxsize=128)
def band_for_age(years: int) -> Band:
    return [b for b in figures().bands if b.min_age <= years][-1]


def contract_year(contract_start: date, on: date) -> int:
    """Year of execution of the contract, counted date to date from its start."""
    known = anniversaries(contract_start)
    if on < known[-1]:
        return bisect_right(known, on) + 1
    year = len(known) + 1
    while same_day_later(contract_start, 12 * year) <= on:
        year += 1
    return year


@lru_cache(maxsize=2048)
def anniversaries(contract_start: date, years: int = 5) -> tuple[date, ...]:
    """First days of contract years 2, 3... (date to date)."""
    return tuple(same_day_later(contract_start, 12 * k) for k in range(1, years + 1))


def training_year(year_of_contract: int, starts_in_year: int = 1) -> int:
    """Year of the grid: a contract starting in year 2 or 3 of the cycle is paid from
    that year's rate (D6222-28-1, D6222-32); a 4th year keeps the 3rd year's rate."""
    return min(3, year_of_contract + starts_in_year - 1)


@lru_cache(maxsize=8)
def _starts(territory: str) -> tuple[date, ...]:
    return tuple(row.start for row in figures().smic[territory])


def smic_on(on: date, territory: str = "metropole") -> Smic:
    """The SMIC in force on ``on``; after the latest known one, that one stays in force."""
    index = bisect_right(_starts(territory), on)
    if index == 0:
        raise ValueError(f"no SMIC figure before {_starts(territory)[0].isoformat()}")
    return figures().smic[territory][index - 1]


@lru_cache(maxsize=1)
def _pss_starts() -> tuple[date, ...]:
    return tuple(start for start, _ in figures().pss)


def pss_on(on: date) -> Decimal:
    index = bisect_right(_pss_starts(), on)
    return figures().pss[max(index - 1, 0)][1]


def regime_for(signed_on: date) -> Regime:
    """Contribution regime by signature date (D6243-5; BOSS, 3 July 2025)."""
    for regime in figures().regimes:
        if regime.signed_before and signed_on < regime.signed_before:
            return regime
        if regime.signed_from and signed_on >= regime.signed_from:
            return regime
    raise ValueError(f"no regime for a contract signed on {signed_on.isoformat()}")


@dataclass(frozen=True)
class Minimum:
    rate_percent: int
    reference: str              # "smic" or "conventional_minimum"
    reference_monthly: Decimal
    gross_monthly: Decimal


def minimum_gross(band: Band, year: int, on: date, *, territory: str = "metropole",
                  conventional_minimum: Decimal | None = None) -> Minimum:
    """Legal minimum monthly gross (D6222-26) for a grid ``year`` (1-3) on ``on``.

    From 21, the rate applies to the branch minimum when it is higher than the SMIC.
    """
    return _minimum(band, min(year, 3), smic_on(on, territory).monthly, conventional_minimum)


@lru_cache(maxsize=4096)
def _minimum(band: Band, year: int, smic: Decimal, conventional_minimum: Decimal | None) -> Minimum:
    rate = band.rates[year - 1]
    reference, base = "smic", smic
    if band.conventional_minimum and conventional_minimum is not None and conventional_minimum > smic:
        reference, base = "conventional_minimum", conventional_minimum
    return Minimum(rate, reference, base, cents(base * rate / HUNDRED))


@dataclass(frozen=True)
class Line:
    name: str
    base: Decimal
    rate: Decimal
    amount: Decimal


def reduced_base(gross: Decimal, smic_monthly: Decimal, regime: Regime) -> Decimal:
    """The part of the gross above the exempt share of the month's SMIC (L6243-2)."""
    return max(Decimal(0), gross - cents(smic_monthly * regime.exempt_share))


def csg_crds_base(gross: Decimal, smic_monthly: Decimal, regime: Regime, pss: Decimal) -> Decimal:
    """CSG-CRDS base: 98.25 % of the part above 50 % of the SMIC (up to 4 PSS), new regime
    only (CSS L136-1-1 II 7°); no CSG-CRDS before it."""
    if not regime.csg_crds:
        return Decimal(0)
    part = reduced_base(gross, smic_monthly, regime)
    csg = figures().rates["csg_crds"]
    limit = pss * csg["abatement_up_to_pss"]
    abated = min(part, limit) * Decimal(csg["abatement_share"])
    return cents(abated + max(Decimal(0), part - limit))


def contribution_lines(gross: Decimal, on: date, regime: Regime) -> list[Line]:
    """Employee contributions on ``gross`` for the month of ``on`` (metropole, non-cadre)."""
    return list(_lines(gross, smic_on(on).monthly, pss_on(on), regime))


@lru_cache(maxsize=4096)
def _lines(gross: Decimal, smic: Decimal, pss: Decimal, regime: Regime) -> tuple[Line, ...]:
    # Many contracts share the same few (gross, SMIC, PSS) triples: compute each once.
    rates = figures().rates
    part = reduced_base(gross, smic, regime)
    bases = {
        "capped_at_pss": min(part, pss),
        "above_pss_up_to_8": max(Decimal(0), min(part, 8 * pss) - pss),
        "uncapped": part,
        "when_gross_above_pss_up_to_8": min(part, 8 * pss) if gross > pss else Decimal(0),
    }
    lines = [Line(item["name"], base, Decimal(item["rate"]), cents(base * Decimal(item["rate"])))
             for group, base in bases.items() if base > 0 for item in rates[group]]
    csg_base = csg_crds_base(gross, smic, regime, pss)
    if csg_base > 0:
        lines += [Line(item["name"], csg_base, Decimal(item["rate"]),
                       cents(csg_base * Decimal(item["rate"])))
                  for item in rates["csg_crds"]["lines"]]
    return tuple(lines)


def net_monthly(gross: Decimal, on: date, regime: Regime, territory: str = "metropole") -> Decimal | None:
    """Estimated net before income tax; ``None`` where the contributions are not modelled
    (Mayotte has its own rates)."""
    if territory != "metropole":
        return None
    return _net(gross, smic_on(on).monthly, pss_on(on), regime)


@lru_cache(maxsize=4096)
def _net(gross: Decimal, smic: Decimal, pss: Decimal, regime: Regime) -> Decimal:
    return gross - sum((line.amount for line in _lines(gross, smic, pss, regime)), Decimal(0))


@dataclass(frozen=True)
class Offer:
    gross_monthly: Decimal
    net_monthly: Decimal | None
    below_minimum: bool
    #: what is missing each month to reach the legal minimum (0 when the offer is enough)
    shortfall_monthly: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class Period:
    start: date
    end: date                    # inclusive
    age: int
    contract_year: int
    training_year: int
    band: Band
    minimum: Minimum
    net_monthly: Decimal | None
    smic: Smic
    offer: Offer | None = None

    def same_terms(self, other: Period) -> bool:
        return (self.age, self.contract_year, self.training_year, self.band, self.minimum,
                self.net_monthly, self.smic, self.offer) == (
            other.age, other.contract_year, other.training_year, other.band, other.minimum,
            other.net_monthly, other.smic, other.offer)


@dataclass(frozen=True)
class YearSummary:
    contract_year: int
    start: date
    end: date
    gross_monthly_min: Decimal
    gross_monthly_max: Decimal
    net_monthly_min: Decimal | None
    net_monthly_max: Decimal | None


@dataclass(frozen=True)
class Simulation:
    contract_start: date
    contract_end: date
    signed_on: date
    territory: str
    regime: Regime
    periods: list[Period]
    years: list[YearSummary] = field(default_factory=list)
    notes: tuple[str, ...] = ()   # AGE_15_AFTER_3E, AGE_30_PLUS

    @property
    def uses_projection(self) -> bool:
        """Whether part of the contract lies after the latest known SMIC revaluation's year."""
        return self.contract_end >= date(figures().last_smic_date.year + 1, 1, 1)


def contract_end(contract_start: date, duration_months: int) -> date:
    return same_day_later(contract_start, duration_months) - timedelta(days=1)


def change_dates(birth_month: date, start: date, end: date, territory: str) -> list[date]:
    """Every day in (start, end] on which a term of the pay may change."""
    data = figures()
    days = set(anniversaries(start))
    days |= {first_of_next_month(date(year, birth_month.month, 1))
             for year in range(start.year, end.year + 1)}
    days |= {row.start for row in data.smic[territory]}
    days |= {day for day, _ in data.pss}
    return sorted(d for d in days if start < d <= end)


def simulate(birth_month: date, contract_start: date, duration_months: int = 24, *,
             signed_on: date | None = None, conventional_minimum: Decimal | None = None,
             starts_in_year: int = 1, offered_gross: Decimal | None = None,
             territory: str = "metropole") -> Simulation:
    """The contract cut into periods wherever the minimum or its net may change."""
    signed_on = signed_on or contract_start
    regime = regime_for(signed_on)
    end = contract_end(contract_start, duration_months)
    bounds = [contract_start] + change_dates(birth_month, contract_start, end, territory)
    periods: list[Period] = []
    for first, following in zip(bounds, bounds[1:] + [end + timedelta(days=1)]):
        year = contract_year(contract_start, first)
        grid_year = training_year(year, starts_in_year)
        years_old = age(birth_month, first)
        band = band_for_age(years_old)
        minimum = minimum_gross(band, grid_year, first, territory=territory,
                                conventional_minimum=conventional_minimum)
        offer = None
        if offered_gross is not None:
            offer = Offer(offered_gross, net_monthly(offered_gross, first, regime, territory),
                          offered_gross < minimum.gross_monthly,
                          max(Decimal(0), minimum.gross_monthly - offered_gross).quantize(CENT))
        period = Period(first, following - timedelta(days=1), years_old, year,
                        grid_year, band, minimum,
                        net_monthly(minimum.gross_monthly, first, regime, territory),
                        smic_on(first, territory), offer)
        if periods and periods[-1].same_terms(period):
            periods[-1] = replace(periods[-1], end=period.end)
        else:
            periods.append(period)
    return Simulation(contract_start, end, signed_on, territory, regime, periods,
                      summarize(periods), age_notes(birth_month, contract_start))


def summarize(periods: list[Period]) -> list[YearSummary]:
    years = []
    for year in sorted({p.contract_year for p in periods}):
        rows = [p for p in periods if p.contract_year == year]
        grosses = [p.minimum.gross_monthly for p in rows]
        nets = [p.net_monthly for p in rows if p.net_monthly is not None]
        years.append(YearSummary(year, rows[0].start, rows[-1].end, min(grosses), max(grosses),
                                 min(nets) if nets else None, max(nets) if nets else None))
    return years
