"""The dated figures of ``data/*.json``, loaded once, as typed rows.

Updating a figure means editing the JSON files: nothing here knows a value.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
TERRITORIES = ("metropole", "mayotte")


def _load(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Smic:
    start: date
    monthly: Decimal
    hourly: Decimal
    source: str
    url: str | None = None          # an official page (widgets/sources.py), if one was read
    status: str = "verifie"         # or "a_verifier": the legal text was not read


@dataclass(frozen=True)
class Band:
    key: str
    min_age: int
    label: str
    rates: tuple[int, int, int]
    conventional_minimum: bool
    source: str


@dataclass(frozen=True)
class Regime:
    key: str
    exempt_share: Decimal
    csg_crds: bool
    label: str
    source: str
    signed_before: date | None
    signed_from: date | None


@dataclass(frozen=True)
class Figures:
    smic: dict[str, tuple[Smic, ...]]
    smic_checked_on: date
    bands: tuple[Band, ...]
    grid_source: str
    grid_checked_on: date
    grid_from: date
    regimes: tuple[Regime, ...]
    rates: dict
    pss: tuple[tuple[date, Decimal], ...]
    pss_source: str
    contributions_checked_on: date

    @property
    def first_smic_date(self) -> date:
        return self.smic["metropole"][0].start

    @property
    def last_smic_date(self) -> date:
        return self.smic["metropole"][-1].start

    @property
    def checked_on(self) -> date:
        return min(self.smic_checked_on, self.grid_checked_on, self.contributions_checked_on)


def _day(value: str) -> date:
    return date.fromisoformat(value)


@lru_cache(maxsize=1)
def figures() -> Figures:
    smic, grid, contributions = _load("smic.json"), _load("grid.json"), _load("contributions.json")
    rows = sorted(smic["rows"], key=lambda r: r["from"])
    return Figures(
        smic={t: tuple(Smic(_day(r["from"]), Decimal(r[t]["monthly"]), Decimal(r[t]["hourly"]),
                            r["source"], r.get("url"), r["status"]) for r in rows)
              for t in TERRITORIES},
        smic_checked_on=_day(smic["checked_on"]),
        bands=tuple(sorted((Band(b["key"], b["min_age"], b["label"], tuple(b["rates"]),
                                 b["conventional_minimum"], b["source"]) for b in grid["bands"]),
                           key=lambda b: b.min_age)),
        grid_source=grid["source"],
        grid_checked_on=_day(grid["checked_on"]),
        grid_from=_day(grid["applies_to_contracts_signed_from"]),
        regimes=tuple(Regime(r["key"], Decimal(r["exempt_share_of_smic"]), r["csg_crds"],
                             r["label"], r["source"],
                             _day(r["signed_before"]) if "signed_before" in r else None,
                             _day(r["signed_from"]) if "signed_from" in r else None)
                      for r in contributions["regimes"]),
        rates=contributions["rates"],
        pss=tuple((_day(r["from"]), Decimal(r["monthly"]))
                  for r in sorted(contributions["pss"]["rows"], key=lambda r: r["from"])),
        pss_source=contributions["pss"]["source"],
        contributions_checked_on=_day(contributions["checked_on"]),
    )


@dataclass(frozen=True)
class FigureCheck:
    """One dated figure file (or SMIC row) as the admin dashboard lists it."""
    label: str            # French, for admins
    source: str
    status: str           # "verifie" or "a_verifier"
    review_by: date | None


def figure_checks() -> list[FigureCheck]:
    """The pay figures with their verification status and review date (docs/facts.md)."""
    checks = []
    smic = _load("smic.json")
    for row in smic["rows"]:
        checks.append(FigureCheck(f"SMIC au {row['from']}", row["source"], row["status"],
                                  _day(smic["review_by"])))
    for name, label in (("grid.json", "Barème des salaires minimaux (% du SMIC)"),
                        ("contributions.json", "Cotisations salariales des apprentis")):
        data = _load(name)
        checks.append(FigureCheck(label, data.get("checked_with", data.get("source", "")),
                                  data["status"], _day(data["review_by"])))
    return checks
