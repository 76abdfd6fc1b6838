"""Reading admin form fields: type and size checks before any parsing.

Whatever a browser (or anyone holding a session) posts, the admin answers a page with a
French message, never a 500: numbers are checked as short runs of ASCII digits before
``int()`` (which accepts other scripts' digits and refuses thousands of them), JSON is
checked for length and nesting depth before ``json.loads`` (which recurses once per
level), and the parsed value's type is checked before it is used.
"""
from __future__ import annotations

import json
import re

# Record ids, revisions, version numbers: far below a billion.
MAX_DIGITS = 9
NUMBER = re.compile(r"-?[0-9]{1,%d}" % MAX_DIGITS)
# Calendar documents nest 6 levels (academies → code → phases → id → source → title).
MAX_JSON_DEPTH = 20
MAX_JSON_CHARS = 200_000
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class FormError(ValueError):
    """A field that cannot be read; ``message`` is French, for the editor; ``kind`` is
    ``invalid``, ``too_long``, ``too_deep`` or ``type``."""

    def __init__(self, message: str, field: str | None = None, kind: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.kind = kind


def has_nul(values) -> bool:
    """Does any of ``values`` hold a NUL character (which PostgreSQL text refuses)?"""
    return any("\x00" in value for value in values if isinstance(value, str))


def whole_number(raw, field: str, *, minimum: int | None = None,
                 maximum: int | None = None) -> int:
    """``raw`` as an int: at most MAX_DIGITS ASCII digits, optionally signed, within the
    bounds; raises ``FormError``."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not NUMBER.fullmatch(text):
        raise FormError(f"Le champ « {field} » doit être un nombre entier.", field)
    value = int(text)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise FormError(f"Le champ « {field} » est hors des limites.", field)
    return value


def json_depth(text: str, limit: int) -> int:
    """The nesting depth of JSON ``text`` (strings skipped), counted up to ``limit + 1``."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def bounded_json(text, field: str, *, max_chars: int = MAX_JSON_CHARS,
                 max_depth: int = MAX_JSON_DEPTH):
    """``text`` parsed as JSON once its length and depth are known to be sane; raises
    ``FormError``."""
    if not isinstance(text, str):
        raise FormError(f"Le champ « {field} » doit être du texte JSON.", field, "type")
    if len(text) > max_chars:
        raise FormError(f"Le champ « {field} » dépasse {max_chars:,} caractères."
                        .replace(",", "\u202f"), field, "too_long")
    if json_depth(text, max_depth) > max_depth:
        raise FormError(f"Le champ « {field} » imbrique plus de {max_depth} niveaux de "
                        "listes ou d'objets.", field, "too_deep")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise FormError(f"Le champ « {field} » n'est pas un JSON valide.", field) from None


def json_object(text, field: str, **limits) -> dict:
    """``bounded_json`` that must give an object."""
    value = bounded_json(text, field, **limits)
    if not isinstance(value, dict):
        raise FormError(f"Le champ « {field} » doit être un objet JSON ({{…}}).", field, "type")
    return value
