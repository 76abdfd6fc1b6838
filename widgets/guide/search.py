"""FAQ search that ignores accents, case and punctuation ("periode d essai" finds
"Période d'essai"). The page puts each question's normalized text in the HTML so the
browser's filter (static/js/guide.js) only has to normalize what the user types.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Ligatures are letters of their own to Unicode, not letters with a mark.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
NOT_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=2048)  # the same FAQ texts are folded on every request
def normalize(text: str) -> str:
    """Lower-case ASCII words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return NOT_WORD.sub(" ", bare.casefold()).strip()


def terms(query: str) -> list[str]:
    return normalize(query).split()


def matches(query: str, text: str) -> bool:
    """True when every word of the query appears in the text (an empty query matches all)."""
    haystack = " " + normalize(text) + " "
    return all(term in haystack for term in terms(query))
