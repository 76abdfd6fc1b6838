"""The first-year legal minimum pay as a range true for the platform's likely ages.

One figure would mislead: the minimum depends on the apprentice's age band (D6222-26).
A wish summary does not know the candidate's age (no host parameter may carry personal
data), so it shows the range over the ages a platform's candidates usually have when
their contract starts:

- Parcoursup (after the baccalauréat): 17 to 20 years old, i.e. the "moins de 18 ans" and
  "18 à 20 ans" bands;
- Affelnet (after the 3e): 15 to 17 years old, i.e. the "moins de 18 ans" band only.

Older or younger candidates exist; the line says which ages it covers, and "Calculer pour
moi" opens the simulator, which takes the month of birth. Each bound is computed by
``widgets.pay.rules.simulate`` for a contract starting on the training's start date: the
minimum in force on that day (first contract year, first training year, metropole), and
its estimated net. It rises later with age and with each contract year.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from widgets.pay.figures import figures
from widgets.pay.rules import age, simulate
from widgets.pay.schema import latest_supported_start

LIKELY_AGES = {"parcoursup": (17, 20), "affelnet": (15, 17)}


@dataclass(frozen=True)
class PayRange:
    platform: str
    youngest: int
    oldest: int
    contract_start: date
    gross_min: Decimal
    gross_max: Decimal
    net_min: Decimal | None
    net_max: Decimal | None
    bands: tuple[str, ...]          # labels of the age bands the range covers
    rates: tuple[int, ...]          # their first-year rates, % of the SMIC
    smic_monthly: Decimal
    smic_from: date
    projected: bool                 # the start is after the latest known SMIC's year

    @property
    def single(self) -> bool:
        return self.gross_min == self.gross_max


def birth_month_for_age(years: int, on: date) -> date:
    """A month of birth that makes someone ``years`` old for the pay rules on ``on``
    (mid-way through that year of age, so no birthday changes the band that month)."""
    index = on.year * 12 + on.month - 1 - (12 * years + 6)
    month = date(index // 12, index % 12 + 1, 1)
    assert age(month, on) == years
    return month


@lru_cache(maxsize=512)
def first_year_range(platform: str, formation_start: date) -> PayRange | None:
    """The first-year minimum for the platform's likely ages, or None when the start
    date lies outside the dated figures (before the first SMIC known, or too far ahead)."""
    if platform not in LIKELY_AGES:
        return None
    data = figures()
    if not data.first_smic_date <= formation_start <= latest_supported_start():
        return None
    youngest, oldest = LIKELY_AGES[platform]
    firsts = []
    for years in range(youngest, oldest + 1):
        simulation = simulate(birth_month_for_age(years, formation_start), formation_start,
                              duration_months=12)
        firsts.append(simulation.periods[0])
    grosses = [p.minimum.gross_monthly for p in firsts]
    nets = [p.net_monthly for p in firsts if p.net_monthly is not None]
    bands, rates = [], []
    for period in firsts:
        if period.band.label not in bands:
            bands.append(period.band.label)
            rates.append(period.minimum.rate_percent)
    smic = firsts[0].smic
    return PayRange(platform, youngest, oldest, formation_start, min(grosses), max(grosses),
                    min(nets) if nets else None, max(nets) if nets else None,
                    tuple(bands), tuple(rates), smic.monthly, smic.start,
                    formation_start >= date(data.last_smic_date.year + 1, 1, 1))
