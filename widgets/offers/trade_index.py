"""One search index over trades and diplomas, matched the way candidates type.

Entries, each leading to ROME codes (``tools/build_referentials.py`` builds them into
``data/trade_index.json.gz``, already in ranking order):

- ``appellation``: a ROME 4.0 job title (France Travail keeps 13,000 of them, "Garagiste",
  "Caissier / Caissière"), with its ROME code and, for a ROME 4.0 sub-code, its parent;
- ``rome``: the label of a ROME code (ROME 4.0 and the historical labels);
- ``group``: a La bonne alternance trade group ("Plomberie"), several ROME codes;
- ``diploma``: a diploma (CFD) with its RNCP sheet and level, under its title
  ("BTS Management commercial opérationnel") and its acronym ("BTS MCO").

Each entry has one or more *names* (its label, an acronym); the index maps every word
of every name to the names holding it.

Matching: accents, case and punctuation are ignored; every word of the query must
match a word of the name, in any order; the last word may be the start of a word
("boulan"); a feminine, masculine or plural form matches the others ("coiffeuse" finds
"Coiffeur / Coiffeuse", "vendeuses" finds "Vendeur"); a few everyday shortenings stand
for their word (``EXPANSIONS``: "mécano", "cuisto", "dev", "auto", "compta", "st"...);
words of five letters or more may carry one typo (a letter missing, extra, wrong, or two
letters swapped). Small words ("de", "la", "en"...) are ignored.

Ranking, in tiers: every word matched exactly (or through its feminine, plural or
shortening), then with the last word as a prefix, then with typos (and other words as
prefixes); when fewer names than asked hold every word, names holding all words but one
come after them. Inside a
tier, names come in the build's ranking order: the titles people use first ("peu usité"
titles last), then the names with fewest words (the everyday job "Caissier / Caissière"
before "Caissier / Caissière de l'emballage industriel"), job titles and ROME labels
before groups and diplomas, then the trades that more certifications prepare for (the
number of RNCP sheets leading to the ROME code, a measure of how much training and
apprenticeship there is in it), then shorter labels. An entry whose ROME codes repeat
those of a better one is moved after the entries bringing new codes, so the first
suggestions cover different trades.
"""
from __future__ import annotations

import base64
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from heapq import nsmallest
from itertools import accumulate

KINDS = ("appellation", "rome", "group", "diploma")
STOPWORDS = frozenset("a au aux d de des du en et l la le les ou par pour sur un une s "
                      "avec dans chez option".split())

# What a query word may stand for (folded forms); the word itself still matches too.
EXPANSIONS = {
    "st": ("saint",), "ste": ("sainte",),
    "dev": ("developpeur", "developpement"), "devs": ("developpeur",),
    "info": ("informatique", "informaticien"), "auto": ("automobile",),
    "moto": ("motocycle", "motocycles"), "mecano": ("mecanicien",),
    "meca": ("mecanique", "mecanicien"), "cuisto": ("cuisinier",),
    "compta": ("comptable", "comptabilite"), "elec": ("electricien", "electricite"),
    "resto": ("restaurant", "restauration"), "nounou": ("maternel", "parental"),
    "prof": ("professeur", "enseignant"), "instit": ("instituteur", "professeur"),
    "kine": ("kinesitherapeute",), "veto": ("veterinaire",), "osteo": ("osteopathe",),
    "educ": ("educateur",), "archi": ("architecte",), "immo": ("immobilier",),
    "secu": ("securite",), "pub": ("publicite",), "com": ("communication",),
    "manut": ("manutentionnaire",), "clim": ("climatisation",), "rh": ("humaines",),
    "btp": ("batiment",), "pro": ("professionnel",), "bac": ("baccalaureat",),
    "vente": ("vendeur",),
}

MAX_WORDS = 6             # further words of a query are ignored
MAX_WORD_LENGTH = 30      # longer words are cut
TYPO_MIN, TYPO_MAX = 5, 20  # one typo tolerated in words of these lengths
MAX_CANDIDATES = 4000     # at most this many names handled per query word
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_FEMININE = (("euse", "eur"), ("rice", "eur"), ("iere", "ier"), ("ere", "er"),
             ("enne", "en"), ("onne", "on"), ("elle", "el"), ("ive", "if"), ("ette", "et"),
             ("ffe", "f"), ("esse", "e"))


def fold(text: str) -> str:
    """The comparison form: no accents, no case, punctuation turned into single spaces."""
    text = unicodedata.normalize("NFKD", text).replace("œ", "oe").replace("Œ", "oe")
    text = text.replace("æ", "ae").replace("Æ", "ae")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def content_words(text: str) -> list[str]:
    """Folded words of a name or query, without the small words."""
    return [w for w in fold(text).split() if w not in STOPWORDS]


@lru_cache(maxsize=65536)
def canonical(word: str) -> str:
    """One form for a folded word's masculine, feminine and plural: "vendeuses",
    "vendeuse" and "vendeur" give "vendeur"; "cheffe" gives "chef"; "agente" "agent"."""
    if len(word) > 3 and word[-1] in "sx" and word[-2] != "s":
        word = word[:-1]
    for suffix, replacement in _FEMININE:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)] + replacement
            break
    if word.endswith("ee"):
        word = word[:-1]    # "employee": "employe"
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def edits1(word: str) -> set[str]:
    """Every string one edit away (deletion, transposition, substitution, insertion)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    out.update(a + c + b for a, b in splits for c in _LETTERS)
    out.discard(word)
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    entry: int       # entry id
    name: int        # id of the name that matched (its label or an acronym)
    tier: int        # 0 exact, 1 last word as prefix, 2 typos, 3 all words but one


@dataclass
class Stats:
    """Work done by one search (for tests of bounded work)."""
    words: int = 0
    variants: int = 0           # typo variants looked up
    postings_read: int = 0      # name ids read from the postings
    largest_set: int = 0        # largest candidate set handled (capped at MAX_CANDIDATES)


class _Term:
    """The vocabulary words one query word may match, by tier."""

    __slots__ = ("word", "last", "exact", "prefix")

    def __init__(self, word, last, exact, prefix):
        self.word, self.last = word, last
        self.exact = exact      # word ids: same canonical form, or an expansion's
        self.prefix = prefix    # (lo, hi) vocabulary range of the last word, or None


def _pack(numbers) -> str:
    """Unsigned integers as base64 of 16- or 32-bit little-endian words ("H:…", "I:…"):
    compact in the data file, loaded into one ``array`` without an object per number."""
    values = list(numbers)
    packed = array("H" if max(values, default=0) < 1 << 16 else "I", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return f"{packed.typecode}:{base64.b64encode(packed.tobytes()).decode('ascii')}"


def _unpack(text: str) -> array:
    typecode, _, payload = text.partition(":")
    packed = array(typecode)
    packed.frombytes(base64.b64decode(payload))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed


def compile_index(labels: list[str], names: list[tuple[int, str, str]]) -> dict:
    """The search structures of the data file, from the names in ranking order, each
    ``(entry id, its text or "" for the entry's label, hidden words)`` (build time)."""
    words_of = []
    for eid, text, hidden in names:
        words = set(content_words(text or labels[eid]))
        words.update(hidden.split())
        words_of.append(words)
    vocab = sorted(set().union(*words_of))
    word_id = {w: i for i, w in enumerate(vocab)}
    postings: list[list[int]] = [[] for _ in vocab]
    for nid, words in enumerate(words_of):
        for w in words:
            postings[word_id[w]].append(nid)
    groups: dict[str, list[int]] = {}
    for i, w in enumerate(vocab):
        groups.setdefault(canonical(w), []).append(i)
    canon_keys = sorted(groups)
    name_words = [sorted(word_id[w] for w in words) for words in words_of]
    return {
        "name_entry": _pack(eid for eid, _, _ in names),
        "aliases": {str(nid): text for nid, (_, text, _) in enumerate(names) if text},
        "vocab": vocab,
        "postings": _pack(n for p in postings for n in p),
        "postings_at": _pack(accumulate((len(p) for p in postings), initial=0)),
        "canonical": canon_keys,
        "canonical_words": _pack(i for k in canon_keys for i in groups[k]),
        "canonical_at": _pack(accumulate((len(groups[k]) for k in canon_keys), initial=0)),
        "name_words": _pack(i for ws in name_words for i in ws),
        "name_words_at": _pack(accumulate((len(ws) for ws in name_words), initial=0)),
    }


class TradeIndex:
    """Loaded once per process from the data file (see the module doc). Numbers live in
    ``array``s: about 10 MB for 17,000 entries and 20,000 names."""

    def __init__(self, data: dict):
        cols = data["entries"]
        self.labels: list[str] = cols["label"]
        self.kinds: bytes = bytes(cols["kind"])
        codes: dict[str, str] = {}
        self.romes_of: list[tuple] = [tuple(codes.setdefault(c, c) for c in r.split())
                                      for r in cols["romes"]]
        self.rncps: list[str] = [sys.intern(r) for r in cols["rncp"]]
        self.cfds: list[str] = cols["cfd"]
        self.levels: list = cols["level"]
        self.rome_entry: dict[str, int] = data["rome_labels"]
        index = data["index"]
        self.name_entry = _unpack(index["name_entry"])
        self.aliases = {int(nid): text for nid, text in index["aliases"].items()}
        self.vocab: list[str] = index["vocab"]
        self.post = _unpack(index["postings"])
        self.post_at = _unpack(index["postings_at"])
        self.canon_keys: list[str] = index["canonical"]
        self.canon_words = _unpack(index["canonical_words"])
        self.canon_at = _unpack(index["canonical_at"])
        self.words = _unpack(index["name_words"])
        self.words_at = _unpack(index["name_words_at"])
        by_code = sorted(self.rome_entry.items())
        self.code_keys = [c for c, _ in by_code]
        self.code_ids = [i for _, i in by_code]
        self._term = lru_cache(maxsize=4096)(self._build_term)
        self._loose = lru_cache(maxsize=1024)(self._build_loose)
        self._short: dict = {}

    def kind(self, eid: int) -> str:
        return KINDS[self.kinds[eid]]

    def romes(self, eid: int) -> tuple[str, ...]:
        return self.romes_of[eid]

    def _word(self, word: str) -> int | None:
        i = bisect_left(self.vocab, word)
        return i if i < len(self.vocab) and self.vocab[i] == word else None

    def _same_canonical(self, word: str) -> array:
        """Vocabulary ids of the words sharing ``word``'s canonical form."""
        key = canonical(word)
        i = bisect_left(self.canon_keys, key)
        if i < len(self.canon_keys) and self.canon_keys[i] == key:
            return self.canon_words[self.canon_at[i]:self.canon_at[i + 1]]
        return array("I")

    # -- query words -------------------------------------------------------------------

    @staticmethod
    def query_words(q: str) -> list[str]:
        words = [w[:MAX_WORD_LENGTH] for w in fold(q).split()]
        if len(words) > 1:
            # "st etienne": Saint-Étienne; a lone last "st" may still start "station".
            words = [w if w not in ("st", "ste") or i == len(words) - 1 else EXPANSIONS[w][0]
                     for i, w in enumerate(words)]
        kept = [w for w in words if w not in STOPWORDS]
        if not kept:
            kept = words[-1:]   # "de", "a": only a start of word
        return kept[:MAX_WORDS]

    def _range(self, prefix: str) -> tuple[int, int]:
        lo = bisect_left(self.vocab, prefix)
        return lo, bisect_left(self.vocab, prefix + "\uffff", lo)

    def _build_term(self, word: str, last: bool) -> _Term:
        exact = set(self._same_canonical(word))
        for other in EXPANSIONS.get(word, ()):
            exact.update(self._same_canonical(other))
        return _Term(word, last, frozenset(exact), self._range(word) if last else None)

    def _build_loose(self, word: str, last: bool, exact: frozenset) -> tuple[frozenset, int]:
        """Word ids one typo away (for the last word: words starting one typo away), and
        for another word of four letters or more, the words it starts."""
        loose: set[int] = set()
        variants = 0
        if TYPO_MIN <= len(word) <= TYPO_MAX:
            vocab = self.vocab
            for variant in edits1(word):
                variants += 1
                lo = bisect_left(vocab, variant)
                if lo == len(vocab) or not vocab[lo].startswith(variant):
                    continue
                if last:
                    loose.update(range(lo, bisect_left(vocab, variant + "\uffff", lo)))
                elif vocab[lo] == variant:
                    loose.update(self._same_canonical(variant))
        if not last and len(word) >= 4:
            loose.update(range(*self._range(word)))
        return frozenset(loose - exact), variants

    # -- name sets ---------------------------------------------------------------------

    def _names(self, word_ids, stats: Stats) -> set[int]:
        found: set[int] = set()
        post, at = self.post, self.post_at
        for i in word_ids:
            found.update(post[at[i]:at[i + 1]])
            stats.postings_read += at[i + 1] - at[i]
        return self._capped(found, stats)

    def _names_in_range(self, lo: int, hi: int, stats: Stats) -> set[int] | None:
        """Names holding a word of the vocabulary range; None when the range lists
        more than MAX_CANDIDATES names (a one- or two-letter prefix)."""
        start, end = self.post_at[lo], self.post_at[hi]
        if end - start > MAX_CANDIDATES:
            return None
        found = set(self.post[start:end])   # the words of a range are contiguous
        stats.postings_read += end - start
        stats.largest_set = max(stats.largest_set, len(found))
        return found

    def _best_in_range(self, lo: int, hi: int, count: int, stats: Stats) -> set[int]:
        """The ``count`` best ranked names holding a word of a broad range: each
        word's postings are sorted, so its first ``count`` names are enough."""
        post, at = self.post, self.post_at
        heads: set[int] = set()
        for i in range(lo, hi):
            head = post[at[i]:min(at[i + 1], at[i] + count)]
            heads.update(head)
            stats.postings_read += len(head)
        found = set(nsmallest(count, heads))
        stats.largest_set = max(stats.largest_set, len(found))
        return found

    def _having_word_in(self, names: set[int], lo: int, hi: int) -> set[int]:
        words, at = self.words, self.words_at
        return {n for n in names
                if any(lo <= w < hi for w in words[at[n]:at[n + 1]])}

    @staticmethod
    def _capped(found: set[int], stats: Stats) -> set[int]:
        if len(found) > MAX_CANDIDATES:
            # Name ids are ranks: the best ranked names are kept.
            found = set(nsmallest(MAX_CANDIDATES, found))
        stats.largest_set = max(stats.largest_set, len(found))
        return found

    # -- search ------------------------------------------------------------------------

    def search(self, q: str, limit: int = 20, stats: Stats | None = None) -> list[Hit]:
        """Up to ``limit`` entries matching ``q``, best first (one hit per entry)."""
        stats = stats if stats is not None else Stats()
        words = self.query_words(str(q or ""))
        if not words or limit <= 0:
            return []
        stats.words = len(words)
        short = len(words) == 1 and len(words[0]) <= 2
        if short and (words[0], limit) in self._short:
            return self._short[(words[0], limit)]
        want = limit * 3   # room to move repeated ROME codes down
        terms = [self._term(w, i == len(words) - 1) for i, w in enumerate(words)]
        ranked: list[tuple[int, int]] = []   # (name id, tier)
        seen: set[int] = set()

        def take(names: set[int], tier: int) -> None:
            fresh = names - seen
            for nid in nsmallest(want - len(ranked), fresh):
                ranked.append((nid, tier))
            seen.update(fresh)

        exact_sets = [self._names(t.exact, stats) for t in terms]
        take(set.intersection(*exact_sets), 0)
        last = terms[-1]
        prefix_sets = exact_sets
        if len(ranked) < want and last.prefix:
            in_range = self._names_in_range(*last.prefix, stats)
            if in_range is None and len(terms) > 1:
                # A short last word ("agent c"): filter the other words' names.
                others = set.intersection(*exact_sets[:-1])
                in_range = self._having_word_in(others, *last.prefix)
            elif in_range is None:
                in_range = self._best_in_range(*last.prefix, want, stats)
            prefix_sets = exact_sets[:-1] + [exact_sets[-1] | in_range]
            take(set.intersection(*prefix_sets), 1)
        loose_sets = None
        if len(ranked) < limit:
            # Typos only when the exact and prefix tiers leave room in the answer.
            loose_sets = []
            for s, t in zip(prefix_sets, terms):
                loose, variants = self._loose(t.word, t.last, t.exact)
                stats.variants += variants
                loose_sets.append(s | self._names(loose, stats) if loose else s)
            take(set.intersection(*loose_sets), 2)
        strict = len(ranked)
        if strict < limit and len(terms) > 1:
            # Too few names hold every word: then those holding all words but one.
            relaxed: set[int] = set()
            for skip in range(len(terms)):
                relaxed |= set.intersection(*(s for i, s in enumerate(loose_sets) if i != skip))
            take(self._capped(relaxed, stats), 3)
        hits = self._diverse(ranked[:strict], limit)
        if len(hits) < limit:
            shown = {h.entry for h in hits}
            hits += [h for h in self._diverse(ranked[strict:], limit) if h.entry not in shown]
            hits = hits[:limit]
        if short:
            # One- and two-letter queries match thousands of names: each is ranked once.
            if len(self._short) > 2048:
                self._short.clear()
            self._short[(words[0], limit)] = hits
        return hits

    def _diverse(self, ranked: list[tuple[int, int]], limit: int) -> list[Hit]:
        """One hit per entry; an entry bringing no ROME code that better ones did not
        already bring goes after the others."""
        first, later = [], []
        entries: set[int] = set()
        codes: set[str] = set()
        romes_of, name_entry = self.romes_of, self.name_entry
        for nid, tier in ranked:
            eid = name_entry[nid]
            if eid in entries:
                continue
            entries.add(eid)
            romes = romes_of[eid]
            if romes and codes.issuperset(romes):
                later.append(Hit(eid, nid, tier))
            else:
                codes.update(romes)
                first.append(Hit(eid, nid, tier))
                if len(first) == limit:
                    break
        return (first + later)[:limit]

    def by_code_prefix(self, code: str, limit: int) -> list[int]:
        """Entries of the ROME labels whose code starts with ``code`` ("M18")."""
        lo = bisect_left(self.code_keys, code)
        hi = bisect_left(self.code_keys, code + "\uffff", lo)
        return self.code_ids[lo:hi][:limit]

    def name_text(self, nid: int) -> str:
        return self.aliases.get(nid) or self.labels[self.name_entry[nid]]
