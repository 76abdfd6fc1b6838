"""Where a point is: its nearest commune and département, from the offer search's communes.

An export item has a position and an address, no département. ``departement_of`` takes
the département of the postal code written in the address when the commune of that code
lies near the point (a CEDEX or a typo does not), else that of the nearest commune centre.

The nearest-commune lookup is a numpy grid of 0.5° cells searched ring by ring: a query
costs a few microseconds, and numpy is already loaded for the snapshot (a KD-tree from
scipy would cost ~40 MB more per worker for the same answer).
"""
from __future__ import annotations

import math
import re
import threading

import numpy as np

from widgets.offers import referentials
from widgets.offers.results import EARTH_RADIUS_KM, distance_km

CELL_DEGREES = 0.5
# A postal code whose commune is farther than this from the point is not trusted.
POSTCODE_TRUST_KM = 60.0
POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


class _CommuneGrid:
    def __init__(self):
        communes = referentials._communes().communes
        self.communes = communes
        lat = np.array([c.latitude for c in communes], dtype=np.float64)
        lon = np.array([c.longitude for c in communes], dtype=np.float64)
        rows = np.floor((lat + 90.0) / CELL_DEGREES).astype(np.int64)
        cols = np.floor((lon + 180.0) / CELL_DEGREES).astype(np.int64)
        self.ncols = int(math.ceil(360.0 / CELL_DEGREES)) + 1
        keys = rows * self.ncols + cols
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.ids = order.astype(np.int32)
        self.phi = np.radians(lat)[order]
        self.lam = np.radians(lon)[order]
        self.cos = np.cos(self.phi)
        self.max_ring = int(math.ceil(180.0 / CELL_DEGREES))

    def nearest(self, lat: float, lon: float) -> int:
        """Index (in ``referentials`` order) of the commune whose centre is nearest."""
        row = math.floor((lat + 90.0) / CELL_DEGREES)
        col = math.floor((lon + 180.0) / CELL_DEGREES)
        phi, lam = math.radians(lat), math.radians(lon)
        best, best_d = -1, math.inf
        for ring in range(self.max_ring + 1):
            if best >= 0 and self._ring_bound(lat, ring, best_d) > best_d:
                break
            candidates = self._ring(row, col, ring)
            if candidates.size:
                dp = self.phi[candidates] - phi
                dl = self.lam[candidates] - lam
                a = np.sin(dp / 2) ** 2 + math.cos(phi) * self.cos[candidates] * np.sin(dl / 2) ** 2
                i = int(np.argmin(a))
                d = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(float(a[i]))))
                if d < best_d:
                    best, best_d = int(self.ids[candidates[i]]), d
        return best

    @staticmethod
    def _ring_bound(lat: float, ring: int, best_d: float) -> float:
        """A lower bound of the distance to any commune of ring ``ring`` and beyond: such a
        commune is (ring - 1) cells away in latitude or in longitude; one nearer than
        ``best_d`` lies below latitude |lat| + best_d, where a longitude gap is shortest."""
        gap = max(0, ring - 1) * math.radians(CELL_DEGREES)
        by_latitude = EARTH_RADIUS_KM * gap
        phi_max = min(math.pi / 2, math.radians(abs(lat)) + best_d / EARTH_RADIUS_KM)
        by_longitude = 2 * EARTH_RADIUS_KM * math.asin(
            min(1.0, math.cos(phi_max) * math.sin(min(gap, math.pi) / 2)))
        return min(by_latitude, by_longitude)

    def _ring(self, row: int, col: int, ring: int) -> np.ndarray:
        if ring == 0:
            cells = [(row, col)]
        else:
            cells = [(row + dr, col + dc) for dr in range(-ring, ring + 1)
                     for dc in (-ring, ring)]
            cells += [(row + dr, col + dc) for dr in (-ring, ring)
                      for dc in range(-ring + 1, ring)]
        found = []
        for r, c in cells:
            c %= self.ncols - 1          # longitude wraps around
            key = r * self.ncols + c
            lo = np.searchsorted(self.keys, key, "left")
            hi = np.searchsorted(self.keys, key, "right")
            if hi > lo:
                found.append(np.arange(lo, hi))
        return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


_grid: _CommuneGrid | None = None
_grid_lock = threading.Lock()


def _commune_grid() -> _CommuneGrid:
    global _grid
    if _grid is None:
        with _grid_lock:
            if _grid is None:
                _grid = _CommuneGrid()
    return _grid


def nearest_commune(lat: float, lon: float) -> referentials.Commune:
    grid = _commune_grid()
    return grid.communes[grid.nearest(lat, lon)]


def departement_of(lat: float, lon: float, address: str | None = None) -> str:
    """The département code of a workplace (see the module's docstring)."""
    if address:
        codes = POSTCODE.findall(address)
        if codes:
            found = referentials.communes_by_postcode(codes[-1])
            if found and distance_km(lat, lon, found[0].latitude,
                                     found[0].longitude) <= POSTCODE_TRUST_KM:
                return found[0].departement
    return nearest_commune(lat, lon).departement


def departement_name(code: str | None) -> str | None:
    return referentials.departement_name(code)
