"""Search over the whole guide (key facts, employer aid, support schemes, FAQ, next
steps) that ignores accents, case and punctuation ("periode d essai" finds "Période
d'essai") and understands the candidate's everyday words: "logement" finds
Mobili-Jeune, the APL and Visale, "combien je gagne" finds the pay.

The page puts each item's normalized text in the HTML (``data-search``) and the rules
below in one data attribute (``rules_json``), so static/js/guide.js applies the very
same matching as the server-side ``?q=`` search. Pure module.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

# Ligatures are letters of their own to Unicode, not letters with a mark.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
NOT_WORD = re.compile(r"[^0-9a-z]+")

#: Words that carry no meaning for the search (normalized).
STOPWORDS = frozenset(
    "je j tu il elle on nous vous ils elles le la les l un une des de du d a au aux et ou en "
    "pour par sur dans avec mon ma mes ton ta tes son sa ses est sont ce c cet cette que qu "
    "qui quoi quel quelle quels quelles comment combien y ai as avoir peut peux puis faut "
    "me m te t se s ne n pas".split())

#: Everyday phrases replaced by the word the guide uses (normalized, whole words).
PHRASES = (
    ("combien je gagne", "salaire"), ("combien on gagne", "salaire"),
    ("combien gagne", "salaire"), ("moins de 18 ans", "mineur"),
    ("combien de temps", "duree"),
    ("auto ecole", "permis"), ("chercher un patron", "employeur"),
)

#: Words that find each other: a query word found in a group also finds every other
#: member (each member is matched at the start of a word, so "conge" finds "conges").
SYNONYMS = (
    ("logement", "loger", "loyer", "locataire", "louer", "appartement", "bail", "mobili",
     "apl", "als", "visale", "loca pass", "hebergement"),
    ("permis", "conduire"),
    ("salaire", "remuneration", "smic", "gagne", "gagner", "paye", "payer", "paie", "argent"),
    ("vacances", "conge", "conges"),
    ("rupture", "rompre", "arreter", "quitter", "demission", "demissionner", "mettre fin"),
    ("mineur", "mineure", "mineurs", "representant legal", "moins de 16 ans", "avant 18 ans"),
    ("aide", "prime", "allocation"),
    ("employeur", "entreprise", "patron"),
    ("handicap", "rqth", "travailleur handicape"),
    ("duree", "dure", "combien de temps"),
)


@lru_cache(maxsize=4096)  # the same guide texts are folded on every request
def normalize(text: str) -> str:
    """Lower-case ASCII words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return NOT_WORD.sub(" ", bare.casefold()).strip()


@lru_cache(maxsize=1)
def _groups_by_word() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in SYNONYMS:
        for word in group:
            index.setdefault(word, set()).update(group)
    return {word: frozenset(members) for word, members in index.items()}


def terms(query: str) -> list[str]:
    """The meaningful words of ``query``, everyday phrases replaced by the guide's word."""
    text = f" {normalize(query)} "
    for phrase, word in PHRASES:
        text = text.replace(f" {phrase} ", f" {word} ")
    return [word for word in text.split() if word not in STOPWORDS]


def alternatives(term: str) -> frozenset[str]:
    """What one query word may match: itself, its singular, and its synonyms."""
    forms = {term}
    if len(term) > 3 and term[-1] in "sx":
        forms.add(term[:-1])
    groups = _groups_by_word()
    found = set(forms)
    for form in forms:
        found |= groups.get(form, frozenset())
    return frozenset(found)


def matches_terms(query_terms: list[str], normalized_text: str) -> bool:
    """Every query word (or one of its alternatives) starts a word of the text."""
    haystack = " " + normalized_text
    return all(any(" " + alt in haystack for alt in alternatives(term)) for term in query_terms)


def matches(query: str, text: str) -> bool:
    """True when every meaningful word of the query is found in the text (an empty query
    matches all)."""
    return matches_terms(terms(query), normalize(text))


@lru_cache(maxsize=1)
def rules_json() -> str:
    """The rules above for static/js/guide.js (one data attribute, no inline script)."""
    return json.dumps({"stopwords": sorted(STOPWORDS), "phrases": [list(p) for p in PHRASES],
                       "synonyms": [list(g) for g in SYNONYMS]}, ensure_ascii=True,
                      separators=(",", ":"))
