"""Local reference data of the offer search box: communes, trades, training codes.

Placeholder: the public functions and types are final; the data lands shortly.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Commune:
    insee: str
    name: str
    postcodes: tuple
    departement: str
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.postcodes[0]})" if self.postcodes else self.name


@dataclass(frozen=True, slots=True)
class Trade:
    label: str
    romes: tuple
    kind: str  # "rome" or "group"


def commune_by_insee(code) -> Commune | None:
    return None


def communes_by_postcode(postcode) -> list[Commune]:
    return []


def search_communes(q, limit=20) -> list[Commune]:
    return []


def trade_by_rome(code) -> Trade | None:
    return None


def search_trades(q, limit=20) -> list[Trade]:
    return []


def romes_for_rncp(code) -> tuple[str, ...]:
    return ()


def rncps_for_cfd(code) -> tuple[str, ...]:
    return ()


def romes_for_cfd(code) -> tuple[str, ...]:
    return ()
