"""The insertion answer as the JSON API v1 gives it, the page's number formats, and the
one line a wish summary shows.

Every sentence comes through ``text(key, **context) -> str`` (the BFF resolves admin
overrides), so this module stays free of Flask.
"""
from __future__ import annotations

from typing import Callable

from widgets.insertion.rules import (BARS, CONTRACTS, LEAVERS, PERIOD, RATE_KEYS, SHARES,
                                     Result)

Text = Callable[..., str]
NARROW_NBSP = "\u202f"
MINUS = "\u2212"

SOURCE_API_LABEL = "API Exposition InserJeunes (données InserJeunes et InserSup)"
SOURCE_API_URL = "https://documentation.exposition.inserjeunes.beta.gouv.fr/"


def french_number(value: float | int) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",").replace("-", MINUS)


def percent(value: float | int | None) -> str | None:
    """``57`` -> ``57 %`` (narrow no-break space); None stays None."""
    return None if value is None else f"{french_number(value)}{NARROW_NBSP}%"


def signed(value: float | int) -> str:
    """A value added in points: ``+8``, ``−4``, ``0``."""
    return ("+" if value > 0 else "") + french_number(value)


def french_date(day) -> str | None:
    return day.strftime("%d/%m/%Y") if day else None


def millesime_text(millesime: str | None, text: Text) -> str | None:
    if not millesime:
        return None
    match = PERIOD.match(millesime)
    if match:
        return text("insertion.millesime.period", start=match.group(1), end=match.group(2))
    return text("insertion.millesime.year", year=millesime)


def notes_json(result: Result, text: Text) -> list[dict]:
    return [{"code": n.code, "message": text(f"insertion.note.{n.code}", **n.as_context())}
            for n in result.notes]


def result_json(result: Result, text: Text) -> dict:
    """One set of figures: what ``/api/v1/insertion`` answers, ``compared`` aside."""
    notes = notes_json(result, text)
    return {
        "scope": result.scope,
        "millesime": result.millesime,
        "millesime_label": millesime_text(result.millesime, text),
        "population": result.population,
        "label": result.label,
        "code": result.code,
        "establishment": result.establishment,
        "region": result.region,
        "rates": {key: result.rates.get(key) for key in RATE_KEYS},
        "cohort": result.cohort,
        "below_threshold": result.below_threshold,
        "message": " ".join(n["message"] for n in notes) or None,
        "notes": notes,
        "stale": result.stale,
        "source": {"label": result.source.label, "url": result.source.url,
                   "date": result.source.date.isoformat() if result.source.date else None},
    }


def answer_json(result: Result, text: Text, compared: Result | None = None) -> dict:
    answer = result_json(result, text)
    # "compared" right after "message", as the documented shape lists it
    ordered = {}
    for key, value in answer.items():
        ordered[key] = value
        if key == "notes":
            ordered["compared"] = result_json(compared, text) if compared is not None else None
    return ordered


def one_line(answer: dict, text: Text) -> str | None:
    """"57 % des apprentis de ce CFA en emploi 6 mois après leur sortie",
    from an answer of ``answer_json``; None when no such rate is published.

    The share of all final-year students comes first (the figure InserJeunes puts
    forward); the employment rate of leavers only when the share is not published, with
    its own wording: the two are never presented as one.
    """
    rates = answer.get("rates") or {}
    who = text(f"insertion.who.{answer['scope']}.{answer['population']}")
    if rates.get("part_en_emploi_6_mois") is not None:
        return text("insertion.line.shares", rate=percent(rates["part_en_emploi_6_mois"]),
                    who=who)
    if rates.get("taux_emploi_6_mois") is not None:
        return text("insertion.line.leavers", rate=percent(rates["taux_emploi_6_mois"]),
                    who=who)
    return None


# The page --------------------------------------------------------------------------------

FAMILIES = (("shares", SHARES), ("leavers", LEAVERS), ("contracts", CONTRACTS))


def rows_of(results: list[Result], keys: tuple[str, ...]) -> list[str]:
    """The keys worth a table row: published or withheld (said so in its cell) for at
    least one of ``results``; a rate the source never publishes gets no row."""
    return [key for key in keys
            if any(r.rates.get(key) is not None or key in r.withheld for r in results)]


def bars_of(result: Result) -> list[dict] | None:
    """The three bars (key, value), or None when none of the three is published."""
    if all(result.rates.get(key) is None for key in BARS):
        return None
    return [{"key": key, "value": result.rates.get(key)} for key in BARS]
