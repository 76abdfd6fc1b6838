"""The market snapshot: every offer and recruiter as numpy arrays, and counts around a point.

Layout. Each valid export item is a *row* (position, level, sector, openings, source,
company, département). Each (row, ROME code) pair is a *posting*. Postings are sorted by
a grid key ``(kind, rome, cell row, cell column)`` on cells of ``CELL_DEGREES`` (offers
before recruiters, so that facets are counted on offers alone): for a query,
the cells of each wanted ROME code that may hold a point within the radius form, cell row
by cell row, contiguous slices of that order, all found by two vectorised
``searchsorted`` calls. The candidates of those slices are then checked exactly with the
great-circle (haversine) distance of the offer search (``widgets.offers.results``), with
the same Earth radius. A row with several wanted ROME codes is counted once; companies
are counted once whatever their number of offers and recruiter entries.

A second order, by ``(rome, département)``, answers the département counts.

Serialised with ``numpy.savez_compressed`` (``to_bytes``/``from_bytes``), with a JSON
header naming the format and its version: a reader refuses a version it does not know.
"""
from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

import numpy as np

from widgets.market.export_schema import Row
from widgets.offers.results import EARTH_RADIUS_KM

FORMAT = "apprentissage-widgets/market-snapshot"
VERSION = 1
CELL_DEGREES = 0.1
NROWS = int(math.ceil(180.0 / CELL_DEGREES)) + 1
NCOLS = int(math.ceil(360.0 / CELL_DEGREES)) + 1
KIND_OFFER, KIND_RECRUITER = 0, 1
LEVEL_KEYS = ("unknown", "", "", "3", "4", "5", "6", "7")   # index = level (0 unknown)
TOP_SECTORS = 5
MAX_RADIUS_KM = 200.0
MARGIN_DEGREES = 1e-7
# float32 positions are within ~1 m of the stored ones: rows nearer the radius than
# this are decided in float64.
RECHECK_KM = 0.02


class SnapshotFormatError(ValueError):
    """Bytes that are not a snapshot this code can read."""


@dataclass(frozen=True)
class Counts:
    """What ``Snapshot.count`` answers (offers are only offers; companies are every
    employer with a matching offer or recruiter entry)."""
    offers: int
    openings: int
    companies: int
    by_level: dict[str, int]
    top_sectors: list[tuple[str, int]]
    by_source: list[tuple[str, int]]
    departement: str | None
    departement_offers: int
    departement_companies: int


def _grid_cell(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows = np.floor((lat + 90.0) / CELL_DEGREES).astype(np.int64)
    cols = np.floor((lon + 180.0) / CELL_DEGREES).astype(np.int64)
    return np.clip(rows, 0, NROWS - 1), np.clip(cols, 0, NCOLS - 1)


@dataclass
class Snapshot:
    as_of: str                       # ISO date of the export
    source: str                      # "api-apprentissage", "file" or "demo"
    demo: bool
    stats: dict
    romes: list[str]                 # ROME code of each rome id
    sectors: list[tuple[str, str]]   # (NAF code, label) of each sector id; id 0 = unknown
    departements: list[str]          # code of each département id
    sources: list[str]               # partner label of each source id
    # one entry per row
    lat: np.ndarray                  # float32 degrees
    lon: np.ndarray
    kind: np.ndarray                 # int8: 0 offer, 1 recruiter
    level: np.ndarray                # int8: 3..7, 0 unknown
    sector: np.ndarray               # int16
    source_id: np.ndarray            # int16
    dept: np.ndarray                 # int16
    openings: np.ndarray             # int32
    company: np.ndarray              # int32
    # one entry per posting, in grid order
    post_rome: np.ndarray            # int16
    post_row: np.ndarray             # int32
    _index: dict = field(default=None, repr=False)

    # -- building ------------------------------------------------------------------------
    @classmethod
    def build(cls, rows: Iterable[Row], *, as_of: str, source: str, demo: bool = False,
              stats: dict | None = None, departement_of=None) -> "Snapshot":
        """A snapshot of ``rows``; ``departement_of(lat, lon, address)`` defaults to
        ``widgets.market.geo.departement_of``."""
        if departement_of is None:
            from widgets.market.geo import departement_of
        rome_ids: dict[str, int] = {}
        sector_ids: dict[str, int] = {"": 0}
        sector_labels: list[tuple[str, str]] = [("", "")]
        dept_ids: dict[str, int] = {}
        source_ids: dict[str, int] = {}
        company_ids: dict[str, int] = {}
        columns = {name: [] for name in ("lat", "lon", "kind", "level", "sector", "source",
                                         "dept", "openings", "company")}
        post_rome, post_row = [], []
        for n, row in enumerate(rows):
            columns["lat"].append(row.latitude)
            columns["lon"].append(row.longitude)
            columns["kind"].append(KIND_OFFER if row.kind == "offer" else KIND_RECRUITER)
            columns["level"].append(row.level)
            sector = sector_ids.get(row.sector_code)
            if sector is None:
                sector = sector_ids[row.sector_code] = len(sector_labels)
                sector_labels.append((row.sector_code, row.sector_label or row.sector_code))
            columns["sector"].append(sector)
            columns["source"].append(source_ids.setdefault(row.source, len(source_ids)))
            dept = departement_of(row.latitude, row.longitude, row.address)
            columns["dept"].append(dept_ids.setdefault(dept, len(dept_ids)))
            columns["openings"].append(row.openings)
            columns["company"].append(company_ids.setdefault(row.company, len(company_ids)))
            for code in row.romes:
                post_rome.append(rome_ids.setdefault(code, len(rome_ids)))
                post_row.append(n)
        lat = np.array(columns["lat"], dtype=np.float32)
        lon = np.array(columns["lon"], dtype=np.float32)
        post_rome_a = np.array(post_rome, dtype=np.int16)
        post_row_a = np.array(post_row, dtype=np.int32)
        kinds = np.array(columns["kind"], dtype=np.int64)
        keys = _grid_keys(kinds[post_row_a], post_rome_a, len(rome_ids), lat, lon, post_row_a)
        order = np.argsort(keys, kind="stable")
        return cls(
            as_of=as_of, source=source, demo=demo, stats=dict(stats or {}),
            romes=list(rome_ids), sectors=sector_labels, departements=list(dept_ids),
            sources=list(source_ids), lat=lat, lon=lon,
            kind=np.array(columns["kind"], dtype=np.int8),
            level=np.array(columns["level"], dtype=np.int8),
            sector=np.array(columns["sector"], dtype=np.int16),
            source_id=np.array(columns["source"], dtype=np.int16),
            dept=np.array(columns["dept"], dtype=np.int16),
            openings=np.array(columns["openings"], dtype=np.int32),
            company=np.array(columns["company"], dtype=np.int32),
            post_rome=post_rome_a[order], post_row=post_row_a[order])

    # -- serialisation -------------------------------------------------------------------
    ARRAYS = ("lat", "lon", "kind", "level", "sector", "source_id", "dept", "openings",
              "company", "post_rome", "post_row")

    def header(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "as_of": self.as_of,
                "source": self.source, "demo": self.demo, "stats": self.stats,
                "romes": self.romes, "sectors": self.sectors,
                "departements": self.departements, "sources": self.sources,
                "cell_degrees": CELL_DEGREES}

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        header = np.frombuffer(json.dumps(self.header()).encode(), dtype=np.uint8)
        np.savez_compressed(buffer, header=header,
                            **{name: getattr(self, name) for name in self.ARRAYS})
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Snapshot":
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                header = json.loads(archive["header"].tobytes().decode())
                if header.get("format") != FORMAT:
                    raise SnapshotFormatError("not a market snapshot")
                if header.get("version") != VERSION or header.get("cell_degrees") != CELL_DEGREES:
                    raise SnapshotFormatError(
                        f"snapshot version {header.get('version')} (this code reads {VERSION}): "
                        "run `flask --app bff market refresh` again")
                arrays = {name: archive[name] for name in cls.ARRAYS}
        except (OSError, ValueError, KeyError) as error:
            if isinstance(error, SnapshotFormatError):
                raise
            raise SnapshotFormatError(f"unreadable snapshot: {type(error).__name__}") from None
        return cls(as_of=header["as_of"], source=header["source"], demo=header["demo"],
                   stats=header["stats"], romes=header["romes"],
                   sectors=[tuple(s) for s in header["sectors"]],
                   departements=header["departements"], sources=header["sources"], **arrays)

    # -- sizes ---------------------------------------------------------------------------
    @property
    def offers(self) -> int:
        return int(np.count_nonzero(self.kind == KIND_OFFER))

    @property
    def recruiters(self) -> int:
        return int(np.count_nonzero(self.kind == KIND_RECRUITER))

    def nbytes(self) -> int:
        index = self.index()
        return sum(getattr(self, n).nbytes for n in self.ARRAYS) + sum(
            a.nbytes for a in index.values() if isinstance(a, np.ndarray))

    # -- the query index, built once per snapshot ----------------------------------------
    def index(self) -> dict:
        if self._index is None:
            self._index = self._build_index()
        return self._index

    def _build_index(self) -> dict:
        rows = self.post_row
        lat = self.lat.astype(np.float64)
        lon = self.lon.astype(np.float64)
        keys = _grid_keys(self.kind[rows], self.post_rome, len(self.romes), self.lat,
                          self.lon, rows)
        if keys.size and np.any(keys[1:] < keys[:-1]):
            raise SnapshotFormatError("postings are not in grid order")
        recruiter = self.kind == KIND_RECRUITER
        romes_per_row = np.bincount(rows, minlength=len(self.lat))
        multi = romes_per_row > 1
        # For each posting, up to two other ROME ids of its row (-1: none): a row with
        # several wanted ROME codes is counted at the posting of the smallest one.
        by_row = np.lexsort((self.post_rome, rows))
        sorted_rows, sorted_romes = rows[by_row], self.post_rome[by_row].astype(np.int16)
        start_of_row = np.zeros(len(self.lat) + 1, dtype=np.int64)
        np.cumsum(romes_per_row, out=start_of_row[1:])
        rank = np.arange(rows.size) - start_of_row[sorted_rows]
        others = np.full((rows.size, 2), -1, dtype=np.int16)
        first_rome = sorted_romes[start_of_row[sorted_rows]]
        second_rome = np.where(romes_per_row[sorted_rows] > 1,
                               sorted_romes[np.minimum(start_of_row[sorted_rows] + 1,
                                                       rows.size - 1)], -1)
        third_rome = np.where(romes_per_row[sorted_rows] > 2,
                              sorted_romes[np.minimum(start_of_row[sorted_rows] + 2,
                                                      rows.size - 1)], -1)
        other_a = np.where(rank == 0, second_rome, first_rome)
        other_b = np.where(rank == 2, second_rome, third_rome)
        others[by_row, 0], others[by_row, 1] = other_a, other_b
        many = (romes_per_row > 3)[rows]
        ndept = max(1, len(self.departements))
        dept_keys = self.post_rome.astype(np.int64) * ndept + self.dept[rows]
        # By (rome, département, company): a slice of one ROME has its companies sorted.
        dept_order = np.lexsort((self.company[rows], dept_keys)).astype(np.int32)
        dept_keys = dept_keys[dept_order]
        dept_rows = rows[dept_order]
        dept_company = self.company[dept_rows]
        # Single-ROME département counts, precomputed: offers and distinct companies.
        bounds = np.flatnonzero(np.diff(dept_keys)) + 1
        starts = np.concatenate(([0], bounds)) if dept_keys.size else np.empty(0, np.int64)
        new_company = np.ones(dept_keys.size, dtype=bool)
        new_company[1:] = (dept_company[1:] != dept_company[:-1]) | (dept_keys[1:] != dept_keys[:-1])
        single = {
            int(dept_keys[s]): (int(n_offers), int(n_companies))
            for s, n_offers, n_companies in zip(
                starts.tolist(),
                np.add.reduceat(~recruiter[dept_rows], starts).tolist() if starts.size else [],
                np.add.reduceat(new_company, starts).tolist() if starts.size else [])}
        return {
            "rome_id": {code: i for i, code in enumerate(self.romes)},
            "nromes": len(self.romes),
            "dept_id": {code: i for i, code in enumerate(self.departements)},
            "ndept": ndept,
            "keys": keys,
            # Posting-ordered copies: a query reads contiguous slices, never rows.
            # float32: numpy's float32 sine is ~10x faster than its float64 one here;
            # rows near the radius are checked again in float64 (see _postings_within).
            "phi": np.radians(lat)[rows].astype(np.float32),
            "lam": np.radians(lon)[rows].astype(np.float32),
            "cos": np.cos(np.radians(lat))[rows].astype(np.float32),
            "multi": multi[rows],
            "other_a": np.ascontiguousarray(others[:, 0]),
            "other_b": np.ascontiguousarray(others[:, 1]),
            "many": many,
            "level": self.level[rows],
            "sector": self.sector[rows],
            "source": self.source_id[rows],
            "openings": self.openings[rows],
            "company": self.company[rows],
            "ncompanies": int(self.company.max()) + 1 if self.company.size else 0,
            "dept_keys": dept_keys,
            "dept_rows": dept_rows,
            "dept_company": dept_company,
            "dept_offer": ~recruiter[dept_rows],
            "dept_single": single,
            "dept_cache": {},
        }

    # -- counting ------------------------------------------------------------------------
    def count(self, romes: Iterable[str], latitude: float, longitude: float,
              radius_km: float, departement: str | None = None) -> Counts:
        """Offers, openings and companies of ``romes`` within ``radius_km`` of the point
        (great-circle distance ≤ radius), and in ``departement`` (whole), if given."""
        index = self.index()
        rome_ids = np.array(sorted({index["rome_id"][r] for r in romes if r in index["rome_id"]}),
                            dtype=np.int64)
        offers, recruiters = self._postings_within(index, rome_ids, float(latitude),
                                                   float(longitude), float(radius_km))
        nsectors, nsources = len(self.sectors), len(self.sources)
        levels = np.bincount(index["level"][offers], minlength=8)
        sectors = np.bincount(index["sector"][offers], minlength=nsectors)
        sectors[0] = 0
        sources = np.bincount(index["source"][offers], minlength=nsources)
        top = np.argsort(-sectors, kind="stable")[:TOP_SECTORS]
        dept_offers = dept_companies = 0
        dept_id = index["dept_id"].get(departement) if departement else None
        if dept_id is not None and rome_ids.size:
            dept_offers, dept_companies = self._departement_counts(index, rome_ids, dept_id)
        return Counts(
            offers=int(offers.size),
            openings=int(index["openings"][offers].sum()),
            companies=_distinct(np.concatenate([index["company"][offers],
                                                index["company"][recruiters]]),
                                index["ncompanies"]),
            by_level={key: int(levels[i]) for i, key in enumerate(LEVEL_KEYS) if key},
            top_sectors=[(self.sectors[i][1], int(sectors[i])) for i in top if sectors[i] > 0],
            by_source=sorted(((self.sources[i], int(n)) for i, n in enumerate(sources) if n),
                             key=lambda item: (-item[1], item[0])),
            departement=departement,
            departement_offers=dept_offers,
            departement_companies=dept_companies)

    def _postings_within(self, index: dict, rome_ids: np.ndarray, lat: float, lon: float,
                         radius_km: float) -> tuple[np.ndarray, np.ndarray]:
        """Positions (in posting order) of the offers and of the recruiters within the
        radius, each row once."""
        if not rome_ids.size or radius_km < 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        delta = radius_km / EARTH_RADIUS_KM            # angular radius
        # A hair of margin: float rounding must never leave out a cell of the circle.
        lat_lo = lat - math.degrees(delta) - MARGIN_DEGREES
        lat_hi = lat + math.degrees(delta) + MARGIN_DEGREES
        cell_rows = np.arange(max(0, math.floor((max(lat_lo, -90.0) + 90.0) / CELL_DEGREES)),
                              min(NROWS - 1, math.floor((min(lat_hi, 90.0) + 90.0) / CELL_DEGREES))
                              + 1, dtype=np.int64)
        phi = math.radians(lat)
        if lat_lo <= -90.0 or lat_hi >= 90.0 or math.sin(delta) >= math.cos(phi) * 0.999999:
            spans = [(-180.0, 180.0)]                 # a pole is within the radius
        else:
            dlon = math.degrees(math.asin(math.sin(delta) / math.cos(phi))) + MARGIN_DEGREES
            west, east = lon - dlon, lon + dlon
            if west < -180.0:                         # across the antimeridian
                spans = [(-180.0, east), (west + 360.0, 180.0)]
            elif east > 180.0:
                spans = [(west, 180.0), (-180.0, east - 360.0)]
            else:
                spans = [(west, east)]
        col_ranges = [(max(0, math.floor((lo + 180.0) / CELL_DEGREES)),
                       min(NCOLS - 1, math.floor((hi + 180.0) / CELL_DEGREES)))
                      for lo, hi in spans]
        c_lo = np.array([c for c, _ in col_ranges], dtype=np.int64)
        c_hi = np.array([c for _, c in col_ranges], dtype=np.int64)
        # (kind, rome, cell row) -> one slice of columns per span; offers first.
        nromes = index["nromes"]
        lanes = np.concatenate([rome_ids, rome_ids + nromes])
        base = (lanes[:, None] * NROWS + cell_rows[None, :]) * NCOLS
        keys = index["keys"]
        starts = np.searchsorted(keys, (base[:, :, None] + c_lo).ravel(), "left")
        ends = np.searchsorted(keys, (base[:, :, None] + c_hi + 1).ravel(), "left")
        half = starts.size // 2
        offer_candidates = _ranges(starts[:half], ends[:half])
        candidates = np.concatenate([offer_candidates, _ranges(starts[half:], ends[half:])])
        if not candidates.size:
            return candidates, candidates
        # Haversine, compared as its "a" term: d <= r  <=>  a <= sin²(r / 2R). First in
        # float32 (fast), then, for rows within RECHECK_KM of the radius, in float64 from
        # the stored coordinates, exactly as the brute-force reference does.
        f32 = np.float32
        half_dphi = (index["phi"][candidates] - f32(phi)) * f32(0.5)
        half_dlam = (index["lam"][candidates] - f32(math.radians(lon))) * f32(0.5)
        np.sin(half_dphi, out=half_dphi)
        np.sin(half_dlam, out=half_dlam)
        a = half_dphi * half_dphi
        a += f32(math.cos(phi)) * index["cos"][candidates] * (half_dlam * half_dlam)
        sure = math.sin(max(0.0, radius_km - RECHECK_KM) / EARTH_RADIUS_KM / 2) ** 2
        maybe = math.sin(min(radius_km + RECHECK_KM, math.pi * EARTH_RADIUS_KM)
                         / EARTH_RADIUS_KM / 2) ** 2
        keep = a <= f32(sure)
        band = np.flatnonzero((a > f32(sure)) & (a <= f32(maybe)))
        if band.size:
            rows = self.post_row[candidates[band]]
            band_phi = np.radians(self.lat[rows].astype(np.float64))
            band_lam = np.radians(self.lon[rows].astype(np.float64))
            exact = np.sin((band_phi - phi) * 0.5) ** 2 + math.cos(phi) * np.cos(band_phi) \
                * np.sin((band_lam - math.radians(lon)) * 0.5) ** 2
            keep[band[exact <= math.sin(min(delta, math.pi) / 2) ** 2]] = True
        split = offer_candidates.size
        offers, recruiters = candidates[:split][keep[:split]], candidates[split:][keep[split:]]
        if rome_ids.size > 1:
            offers = self._once_per_row(index, offers, rome_ids)
            recruiters = self._once_per_row(index, recruiters, rome_ids)
        return offers, recruiters

    def _once_per_row(self, index: dict, inside: np.ndarray, rome_ids: np.ndarray) -> np.ndarray:
        """Each row once: a row with several wanted ROME codes is kept at the posting of
        the smallest of them (all its postings share its position, so all are inside)."""
        multi = index["multi"][inside]
        if not multi.any():
            return inside
        twice = inside[multi]
        wanted = np.zeros(len(self.romes) + 1, dtype=bool)     # index -1: "none"
        wanted[rome_ids] = True
        rome = self.post_rome[twice]
        a, b = index["other_a"][twice], index["other_b"][twice]
        beaten = (wanted[a] & (a < rome)) | (wanted[b] & (b < rome))
        many = index["many"][twice]
        kept = twice[~beaten & ~many]
        if many.any():
            # Rows with more than three ROME codes (rare): sort (row, posting) pairs.
            rest = twice[many]
            packed = np.sort((self.post_row[rest].astype(np.int64) << 32) | rest)
            first = np.ones(packed.size, dtype=bool)
            first[1:] = (packed[1:] >> 32) != (packed[:-1] >> 32)
            kept = np.concatenate([kept, packed[first] & 0xFFFFFFFF])
        return np.concatenate([inside[~multi], kept])

    def _departement_counts(self, index: dict, rome_ids: np.ndarray, dept_id: int):
        """(offers, companies) of the ROME codes in the whole département."""
        ndept = index["ndept"]
        if rome_ids.size == 1:
            return index["dept_single"].get(int(rome_ids[0]) * ndept + dept_id, (0, 0))
        key = (tuple(rome_ids.tolist()), dept_id)
        cached = index["dept_cache"].get(key)
        if cached is not None:
            return cached
        wanted = rome_ids * ndept + dept_id
        keys = index["dept_keys"]
        slices = _ranges(np.searchsorted(keys, wanted, "left"),
                         np.searchsorted(keys, wanted, "right"))
        rows = index["dept_rows"][slices]
        _, first = np.unique(rows, return_index=True)
        result = (int(np.count_nonzero(index["dept_offer"][slices[first]])),
                  _distinct(index["dept_company"][slices], index["ncompanies"]))
        if len(index["dept_cache"]) > 4096:   # the (trades, département) pairs asked for
            index["dept_cache"].clear()
        index["dept_cache"][key] = result
        return result


def _grid_keys(kinds, post_rome, nromes: int, lat, lon, post_row) -> np.ndarray:
    """Sort key of each posting: (kind, ROME, cell row, cell column)."""
    rows, cols = _grid_cell(np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64))
    lanes = np.asarray(kinds, dtype=np.int64) * nromes + post_rome.astype(np.int64)
    return (lanes * NROWS + rows[post_row]) * NCOLS + cols[post_row]


def _distinct(values: np.ndarray, universe: int) -> int:
    """How many distinct values (all in [0, universe)). A sort for a few thousand values, a
    bitmap of the universe beyond (cheaper than ``np.unique``'s hashing in both cases)."""
    if values.size * 64 > universe:
        seen = np.zeros(universe, dtype=np.bool_)
        seen[values] = True
        return int(np.count_nonzero(seen))
    if values.size < 2:
        return int(values.size)
    ordered = np.sort(values)
    return int(np.count_nonzero(ordered[1:] != ordered[:-1])) + 1


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenation of ``arange(s, e)`` for every (s, e), vectorised."""
    lengths = ends - starts
    keep = lengths > 0
    starts, lengths = starts[keep], lengths[keep]
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return offsets + np.arange(total)


def today_iso() -> str:
    return date.today().isoformat()
