"""Geometry of the small bar chart (inline SVG): per contract year, the highest
monthly gross and net. Kept apart from the template so the template stays markup."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from widgets.pay.rules import YearSummary

WIDTH, HEIGHT = 320, 170
TOP, BOTTOM = 18, 24          # room for value labels above, year labels below


@dataclass(frozen=True)
class Bar:
    kind: str                 # "gross" or "net"
    x: float
    y: float
    width: float
    height: float
    amount: Decimal


@dataclass(frozen=True)
class Group:
    label_x: float
    contract_year: int
    bars: list[Bar]


def bar_chart(years: list[YearSummary]) -> list[Group]:
    peak = max((y.gross_monthly_max for y in years), default=Decimal(0))
    if not years or peak <= 0:
        return []
    usable = HEIGHT - TOP - BOTTOM
    slot = WIDTH / len(years)
    bar_width = min(40.0, slot / 2 - 6)
    groups = []
    for index, year in enumerate(years):
        left = index * slot + (slot - 2 * bar_width - 4) / 2
        bars = []
        for offset, (kind, amount) in enumerate((("gross", year.gross_monthly_max),
                                                 ("net", year.net_monthly_max))):
            if amount is None:
                continue
            height = float(amount / peak) * usable
            bars.append(Bar(kind, round(left + offset * (bar_width + 4), 1),
                            round(TOP + usable - height, 1), round(bar_width, 1),
                            round(height, 1), amount))
        groups.append(Group(round(index * slot + slot / 2, 1), year.contract_year, bars))
    return groups
