"""The bundled per-CFA figures (``data/cfa.json.gz``), loaded once.

Built by ``tools/build_insertion.py`` from the open-data file « InserJeunes Apprentissage
par CFA » (data.education.gouv.fr, dataset ``fr-en-inserjeunes-cfa``): one row per CFA
(UAI) and cumul of two years of leavers, rates in percent, ``None`` where the source
leaves the cell blank (the figure is not published). Updating the data means rebuilding
the file: nothing here knows a value.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "cfa.json.gz"


@dataclass(frozen=True)
class CfaFigures:
    """One CFA, one cumul, as the open data publishes it."""
    uai: str
    label: str
    millesime: str                      # "2022_2023"
    cumul_label: str                    # "cumul 2022-2023", the source's own words
    values: dict[str, float | None]     # every column of the bundle; None = blank cell
    published: tuple[str, ...]          # columns this cumul publishes at all

    @property
    def withheld(self) -> tuple[str, ...]:
        """Columns the cumul publishes but left blank for this CFA (too few students)."""
        return tuple(k for k in self.published if self.values.get(k) is None)


@dataclass(frozen=True)
class Bundle:
    dataset: str
    url: str
    licence: str
    attribution: str
    copied_on: date
    columns: tuple[str, ...]
    cumuls: dict[str, dict]
    establishments: dict[str, dict]

    def millesimes(self, uai: str) -> list[str]:
        """The cumuls this CFA has a row for, latest first (empty when unknown)."""
        entry = self.establishments.get(uai)
        return list(entry["cumuls"]) if entry else []

    def figures(self, uai: str, millesime: str | None = None) -> CfaFigures | None:
        """The CFA's row for ``millesime`` (default: its latest), or None."""
        entry = self.establishments.get(uai)
        if entry is None:
            return None
        if millesime is None:
            millesime = next(iter(entry["cumuls"]))
        row = entry["cumuls"].get(millesime)
        if row is None:
            return None
        cumul = self.cumuls[millesime]
        label = entry.get("labels", {}).get(millesime, entry["label"])
        return CfaFigures(uai=uai, label=label, millesime=millesime,
                          cumul_label=cumul["label"],
                          values=dict(zip(self.columns, row)),
                          published=tuple(cumul["published"]))


@lru_cache(maxsize=1)
def bundle() -> Bundle:
    data = json.loads(gzip.decompress(DATA_FILE.read_bytes()).decode("utf-8"))
    return Bundle(dataset=data["dataset"], url=data["url"], licence=data["licence"],
                  attribution=data["attribution"],
                  copied_on=date.fromisoformat(data["copied_on"]),
                  columns=tuple(data["columns"]), cumuls=data["cumuls"],
                  establishments=data["establishments"])


def warm_up() -> None:
    """Load the bundle now (gunicorn workers call it before serving)."""
    bundle()
