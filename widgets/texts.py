"""Text definitions: every sentence a candidate reads, with its rules.

A widget declares its texts here (key, French default, maximum length, allowed
placeholders, whether limited formatting is allowed). Admins may override a text
for every caller or for one caller; the BFF resolves the value and this module
checks and fills it.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Control characters other than line breaks and tabs: invisible, and NUL is refused by
# PostgreSQL text columns.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class TextDef:
    key: str
    default: str
    label: str = ""
    max_length: int = 500
    placeholders: tuple[str, ...] = ()
    formatted: bool = False
    widget: str = field(default="")

    def problems(self, value: str) -> list[str]:
        """French messages for what is wrong with ``value`` as this text."""
        return check_text(self, value)


TEXTS: dict[str, TextDef] = {}


def define(key: str, default: str, *, label: str = "", max_length: int = 500,
           placeholders: tuple[str, ...] = (), formatted: bool = False) -> TextDef:
    """Declare a text; declaring the same key twice is a programming error."""
    if key in TEXTS and TEXTS[key].default != default:
        raise ValueError(f"text {key!r} defined twice")
    definition = TextDef(key=key, default=default, label=label, max_length=max_length,
                         placeholders=tuple(placeholders), formatted=formatted,
                         widget=key.split(".", 1)[0])
    problems = check_text(definition, default)
    if problems:
        raise ValueError(f"default of {key!r} is invalid: {problems}")
    TEXTS[key] = definition
    return definition


def placeholders_in(value: str) -> set[str]:
    return set(PLACEHOLDER.findall(value))


def check_text(definition: TextDef, value: str) -> list[str]:
    problems = []
    control = CONTROL.search(value)
    if control:
        problems.append(f"Le texte contient un caractère de contrôle invisible "
                        f"(U+{ord(control.group()):04X}) : retirez-le.")
    if len(value) > definition.max_length:
        problems.append(
            f"Le texte fait {len(value)} caractères ; le maximum est {definition.max_length}.")
    unknown = sorted(placeholders_in(value) - set(definition.placeholders))
    if unknown:
        allowed = ", ".join("{%s}" % p for p in definition.placeholders) or "aucune"
        problems.append(
            "Variable inconnue : " + ", ".join("{%s}" % u for u in unknown)
            + f". Variables autorisées : {allowed}.")
    try:
        # Stray braces would break filling; say so before saving rather than at render time.
        list(string.Formatter().parse(PLACEHOLDER.sub("", value)))
        if "{" in PLACEHOLDER.sub("", value) or "}" in PLACEHOLDER.sub("", value):
            raise ValueError
    except ValueError:
        problems.append("Accolade isolée : écrivez les variables sous la forme {nom}.")
    return problems


def fill(value: str, context: dict[str, object]) -> str:
    """Replace known ``{placeholders}``; a missing value leaves an empty string."""
    return PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), "")), value)
