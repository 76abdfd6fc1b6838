"""Local reference data of the offer search box: communes, trades and diplomas, training codes.

The data files in ``data/`` are built by ``tools/build_referentials.py`` (sources and
licences in ``data/ATTRIBUTION.md``). Each file is loaded on first use, once per
process, with the indexes its autocomplete needs.

Commune autocomplete ranking, in tiers: names starting with the query, then names with
a word starting with it, then names containing it; inside a tier, by population.
Comparison ignores accents, case and punctuation. Trades and diplomas have their own
index (``trade_index``: any word order, feminine forms, shortenings, typos).
"""
from __future__ import annotations

import gc
import gzip
import heapq
import json
import re
import sys
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from widgets.offers.trade_index import Stats, TradeIndex, fold  # noqa: F401 (fold: re-export)

DATA_DIR = Path(__file__).resolve().parent / "data"
_ALL = "\uffff"  # sorts after every folded character: end of a prefix range

_ROME_RE = re.compile(r"[A-Z][0-9]{4}\Z")
_INSEE_RE = re.compile(r"[0-9][0-9AB][0-9]{3}\Z")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


@dataclass(frozen=True, slots=True)
class Commune:
    insee: str
    name: str
    postcodes: tuple
    departement: str
    latitude: float
    longitude: float
    homonym: bool = False   # another commune has the same name

    @property
    def label(self) -> str:
        """How the commune is shown: a commune of one postal code with it ("Lyon 3e
        Arrondissement (69003)", "Albigny-sur-Saône (69250)"); a city of several postal
        codes by its name alone ("Lyon", not "Lyon (69001)"), with its département if
        another commune has that name ("Saint-Denis (93)")."""
        if len(self.postcodes) == 1:
            return f"{self.name} ({self.postcodes[0]})"
        return f"{self.name} ({self.departement})" if self.homonym else self.name


@dataclass(frozen=True, slots=True)
class Trade:
    label: str
    romes: tuple
    kind: str  # "appellation" | "rome" | "group" | "diploma" (see trade_index)
    matched: str = ""       # the name the query matched: the label, or an acronym
    rncp: str = ""          # a diploma's RNCP sheet
    cfd: str = ""           # a diploma's code
    level: int | None = None  # a diploma's European level, 3 (CAP) to 7 (Bac+5)


def _fold_query(q: str) -> str:
    words = fold(q).split()
    # "st etienne" means Saint-Étienne; a lone last "st" may still be "Stains".
    words = [_ABBREVIATIONS.get(w, w) if i < len(words) - 1 else w for i, w in enumerate(words)]
    return " ".join(words)


class _Index:
    """Tiered autocomplete over items stored in ranking order (position = rank)."""

    def __init__(self, names: list[str]):
        keys = [fold(n) for n in names]
        full = sorted((k, i) for i, k in enumerate(keys))
        self.full_keys = [k for k, _ in full]
        self.full_ids = [i for _, i in full]
        words = sorted((k[m.start():], i) for i, k in enumerate(keys)
                       for m in re.finditer(r" (?=\S)", k))
        self.word_keys = [k[1:] for k, _ in words]
        self.word_ids = [i for _, i in words]
        # One string for the "contains" tier: str.find scans it in C, in ranking order.
        self.blob = "\n".join(keys)
        self.starts = [0, *accumulate(len(k) + 1 for k in keys)][:-1]
        self._short: dict = {}

    def search(self, qf: str, limit: int) -> list[int]:
        """Ids of up to ``limit`` items matching ``qf``, best first."""
        if not qf or limit <= 0:
            return []
        short = len(qf) <= 2
        if short and (qf, limit) in self._short:
            return self._short[(qf, limit)]
        found: dict[int, None] = {}  # an ordered set
        lo = bisect_left(self.full_keys, qf)
        hi = bisect_left(self.full_keys, qf + _ALL, lo)
        exact = bisect_right(self.full_keys, qf, lo, hi)
        for i in self.full_ids[lo:exact]:
            found.setdefault(i)
        self._best(self.full_ids[exact:hi], limit, found)
        if len(found) < limit:
            lo = bisect_left(self.word_keys, qf)
            hi = bisect_left(self.word_keys, qf + _ALL, lo)
            self._best(self.word_ids[lo:hi], limit, found)
        pos = 0
        while len(found) < limit:
            pos = self.blob.find(qf, pos)
            if pos < 0:
                break
            i = bisect_right(self.starts, pos) - 1
            found.setdefault(i)
            pos = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.blob)
        result = list(found)[:limit]
        if short:
            # One- and two-letter queries match thousands of names (the costly ones);
            # there are only a few hundred of them, so each is ranked once.
            if len(self._short) > 4096:
                self._short.clear()
            self._short[(qf, limit)] = result
        return result

    @staticmethod
    def _best(ids: list[int], limit: int, found: dict) -> None:
        room = limit - len(found)
        if room <= 0 or not ids:
            return
        # Position is rank: the smallest ids not yet found are the best ones. Word
        # entries repeat an item once per matching word, hence the widening retry.
        wanted = room + len(found)
        while True:
            for i in heapq.nsmallest(wanted, ids):
                found.setdefault(i)
                if len(found) >= limit:
                    return
            if wanted >= len(ids):
                return
            wanted *= 4


class _Loaded:
    """Lazy, once-per-process loading shared by every thread of a worker."""

    def __init__(self, build):
        self._build = build
        self._value = None
        self._lock = threading.Lock()

    def __call__(self):
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._build()
        return self._value


def _read(name: str):
    raw = (DATA_DIR / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return json.loads(raw)


# -- communes ---------------------------------------------------------------------------

class _Communes:
    def __init__(self):
        data = _read("communes.json.gz")
        cols = data["communes"]  # in ranking order; population only decided that order
        names = Counter(cols["name"])
        self.communes = [Commune(insee, name, tuple(postcodes.split()), sys.intern(dep), lat, lon,
                                 names[name] > 1)
                         for insee, name, postcodes, dep, lat, lon in zip(
                             cols["insee"], cols["name"], cols["postcodes"],
                             cols["departement"], cols["latitude"], cols["longitude"])]
        self.aliases = data["aliases"]
        self.departements = data["departements"]
        del data, cols
        self.by_insee = {c.insee: c for c in self.communes}
        self.position = {c.insee: i for i, c in enumerate(self.communes)}
        self.index = _Index([c.name for c in self.communes])
        # Postcode order: by code, then the most specific commune (an arrondissement
        # before its city), then ranking.
        entries = sorted((pc, len(c.postcodes), i) for i, c in enumerate(self.communes)
                         for pc in c.postcodes)
        self.postcode_keys = [pc for pc, _, _ in entries]
        self.postcode_ids = [i for _, _, i in entries]


_communes = _Loaded(_Communes)


def commune_by_insee(code) -> Commune | None:
    """The commune of an INSEE code; a former code (merged commune) gives today's commune."""
    code = str(code or "").strip().upper()
    data = _communes()
    return data.by_insee.get(code) or data.by_insee.get(data.aliases.get(code, ""))


def communes_by_postcode(postcode) -> list[Commune]:
    """Every commune served by a 5-digit postal code, the most specific first."""
    postcode = str(postcode or "").strip()
    if not re.fullmatch(r"\d{5}", postcode):
        return []
    data = _communes()
    lo = bisect_left(data.postcode_keys, postcode)
    hi = bisect_right(data.postcode_keys, postcode, lo)
    return [data.communes[i] for i in data.postcode_ids[lo:hi]]


def departement_name(code) -> str | None:
    return _communes().departements.get(str(code or "").strip().upper())


def search_communes(q, limit=20) -> list[Commune]:
    """Autocomplete on names, postal codes ("690" -> Lyon's) and INSEE codes."""
    q = str(q or "").strip()
    if not q or limit <= 0:
        return []
    data = _communes()
    found: dict[int, None] = {}
    code = q.upper()
    by_code = data.position.get(code) if _INSEE_RE.match(code) else None
    if q.isdigit():
        # Five digits are first a postal code (69003 is Lyon 3e), then an INSEE code
        # (69003 is also Albigny-sur-Saône).
        room = limit - (by_code is not None)
        lo = bisect_left(data.postcode_keys, q)
        hi = bisect_left(data.postcode_keys, q + _ALL, lo)
        for i in data.postcode_ids[lo:hi]:
            if len(found) >= room:
                break
            found.setdefault(i)
    if by_code is not None:
        found.setdefault(by_code)
    if not q.isdigit():
        found.update(dict.fromkeys(data.index.search(_fold_query(q), limit)))
    return [data.communes[i] for i in list(found)[:limit]]


# -- trades and diplomas ----------------------------------------------------------------

class _Trades(TradeIndex):
    def __init__(self):
        data = _read("trade_index.json.gz")
        super().__init__(data)
        self.by_cfd: dict[str, int] = data["cfd_entries"]     # every CFD of the kit
        self.by_rncp: dict[str, int] = data["rncp_entries"]   # its latest active diploma

    def trade(self, eid: int, nid: int | None = None) -> Trade:
        return Trade(self.labels[eid], self.romes(eid), self.kind(eid),
                     self.name_text(nid) if nid is not None else self.labels[eid],
                     self.rncps[eid], self.cfds[eid], self.levels[eid])

    @property
    def trades(self) -> list[Trade]:
        """Every entry (for tests and benchmarks)."""
        return [self.trade(i) for i in range(len(self.labels))]


_trades = _Loaded(_Trades)


def trade_by_rome(code) -> Trade | None:
    """The ROME 4.0 label of a ROME code (e.g. "M1805")."""
    data = _trades()
    eid = data.rome_entry.get(str(code or "").strip().upper())
    return data.trade(eid) if eid is not None else None


def diploma_by_cfd(code) -> Trade | None:
    """The diploma of a CFD ("32031213" -> "BTS Management commercial opérationnel")."""
    data = _trades()
    eid = data.by_cfd.get(normalize_cfd(code))
    return data.trade(eid) if eid is not None else None


def diploma_by_rncp(code) -> Trade | None:
    """The diploma of an RNCP sheet, if the kit lists it."""
    data = _trades()
    eid = data.by_rncp.get(normalize_rncp(code))
    return data.trade(eid) if eid is not None else None


def rome_codes() -> tuple[str, ...]:
    """Every ROME 4.0 code the trade index knows a label for, sorted."""
    return tuple(_trades().code_keys)


def search_trades(q, limit=20, stats: Stats | None = None) -> list[Trade]:
    """Trades and diplomas matching ``q`` (see ``trade_index``); a ROME code or its
    start ("M18") finds ROME labels first."""
    q = str(q or "").strip()
    if not q or limit <= 0:
        return []
    data = _trades()
    found: dict[int, int | None] = {}
    code = q.upper()
    if re.fullmatch(r"[A-Z]\d{1,4}", code):
        for eid in data.by_code_prefix(code, limit):
            found.setdefault(eid, None)
    for hit in data.search(q, limit, stats):
        found.setdefault(hit.entry, hit.name)
    return [data.trade(eid, nid) for eid, nid in list(found.items())[:limit]]


# -- training codes ---------------------------------------------------------------------

class _TrainingCodes:
    def __init__(self):
        data = _read("training_codes.json.gz")
        # Space-separated codes, split on lookup: 21,000 tuples less in every worker.
        self.rncp_romes = data["rncp_romes"]
        self.cfd_rncps = data["cfd_rncps"]
        self.rncp_levels = data["rncp_levels"]


_training_codes = _Loaded(_TrainingCodes)


def normalize_rncp(code) -> str:
    """ "RNCP34001", "rncp 34001" and "34001" are the same sheet."""
    digits = re.sub(r"^RNCP", "", re.sub(r"\s+", "", str(code or "")).upper())
    return f"RNCP{int(digits)}" if digits.isdigit() else ""


def normalize_cfd(code) -> str:
    """CFDs are 8 characters; spreadsheets drop the leading zero."""
    code = str(code or "").strip().upper()
    return code.zfill(8) if re.fullmatch(r"[0-9A-Z]{7,8}", code) else ""


def romes_for_rncp(code) -> tuple[str, ...]:
    """The ROME codes of an RNCP sheet (France Compétences table, 2021); () if unknown."""
    return tuple(_training_codes().rncp_romes.get(normalize_rncp(code), "").split())


def rncps_for_cfd(code) -> tuple[str, ...]:
    """The RNCP sheets of a diploma code (Kit apprentissage), active sheets first."""
    return tuple(_training_codes().cfd_rncps.get(normalize_cfd(code), "").split())


def romes_for_cfd(code) -> tuple[str, ...]:
    """The ROME codes of a diploma code, through its RNCP sheets; () if unknown."""
    romes: dict[str, None] = {}
    for rncp in rncps_for_cfd(code):
        romes.update(dict.fromkeys(romes_for_rncp(rncp)))
    return tuple(romes)


def diploma_level_for_cfd(code) -> int | None:
    """The European level (3 = CAP ... 7 = master) of a diploma code, if known."""
    levels = _training_codes().rncp_levels
    for rncp in rncps_for_cfd(code):
        if rncp in levels:
            return levels[rncp]
    return None


def warm_up() -> None:
    """Load everything now (a server's worker calls it before its first request).

    The reference data are hundreds of thousands of objects that live as long as the
    process: once loaded, they are moved out of the garbage collector's way
    (``gc.freeze``), so that its full collections, which would otherwise walk them all
    (about 10 ms each), do not land on a candidate's keystroke."""
    _communes()
    _trades()
    _training_codes()
    gc.collect()
    gc.freeze()
