"""Local reference data of the offer search box: communes, trades, training codes.

The data files in ``data/`` are built by ``tools/build_referentials.py`` (sources and
licences in ``data/ATTRIBUTION.md``). Each file is loaded on first use, once per
process, with the indexes its autocomplete needs.

Autocomplete ranking, in tiers: names starting with the query, then names with a word
starting with it, then names containing it; inside a tier, the data's ranking order
(communes by population, trades with groups and shorter labels first). Comparison
ignores accents, case and punctuation.
"""
from __future__ import annotations

import gzip
import heapq
import json
import re
import sys
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

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

    @property
    def label(self) -> str:
        """"Lyon 3e Arrondissement (69003)": the name and its first postal code."""
        return f"{self.name} ({self.postcodes[0]})" if self.postcodes else self.name


@dataclass(frozen=True, slots=True)
class Trade:
    label: str
    romes: tuple
    kind: str  # "rome": one ROME label; "group": an LBA trade group of several ROME codes


def fold(text: str) -> str:
    """The comparison form: no accents, no case, punctuation turned into single spaces."""
    text = unicodedata.normalize("NFKD", text).replace("œ", "oe").replace("Œ", "oe")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


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
        self.communes = [Commune(insee, name, tuple(postcodes.split()), sys.intern(dep), lat, lon)
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


# -- trades -----------------------------------------------------------------------------

class _Trades:
    def __init__(self):
        data = _read("trades.json")
        self.trades = [Trade(label, tuple(romes), kind) for label, romes, kind in data["trades"]]
        # The ROME 4.0 label of each code (the data file points at it).
        self.rome_ids = data["rome_labels"]
        self.by_rome = {code: self.trades[i] for code, i in self.rome_ids.items()}
        self.index = _Index([t.label for t in self.trades])
        codes = sorted(self.rome_ids.items())
        self.code_keys = [c for c, _ in codes]
        self.code_ids = [i for _, i in codes]


_trades = _Loaded(_Trades)


def trade_by_rome(code) -> Trade | None:
    """The ROME 4.0 label of a ROME code (e.g. "M1805")."""
    return _trades().by_rome.get(str(code or "").strip().upper())


def search_trades(q, limit=20) -> list[Trade]:
    """Autocomplete on trade groups and ROME labels; a ROME code or its start also works."""
    q = str(q or "").strip()
    if not q or limit <= 0:
        return []
    data = _trades()
    found: dict[int, None] = {}
    code = q.upper()
    if re.fullmatch(r"[A-Z]\d{1,4}", code):
        lo = bisect_left(data.code_keys, code)
        hi = bisect_left(data.code_keys, code + _ALL, lo)
        for i in data.code_ids[lo:hi][:limit]:
            found.setdefault(i)
    found.update(dict.fromkeys(data.index.search(_fold_query(q), limit)))
    return [data.trades[i] for i in list(found)[:limit]]


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
    """Load everything now (e.g. before a pre-forking server forks its workers)."""
    _communes()
    _trades()
    _training_codes()
