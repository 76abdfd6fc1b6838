"""The guide as one platform's audience reads it: entries filtered and worded for
the platform, texts resolved by the caller's store, FAQ filtered by a search.

``value_of(key)`` is how texts are resolved (the BFF consults admin overrides);
this module stays free of Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from widgets.guide import links, search
from widgets.guide.entries import SECTION_BY_NAME, Entry, entries
from widgets.guide.texts import platform_key
from widgets.texts import TEXTS, fill

COMPACT_FACTS = 3
TAG_SEPARATOR = ";"


@dataclass(frozen=True)
class Text:
    key: str
    value: str
    formatted: bool = False


class Resolver:
    """Reads texts for one platform through ``value_of`` (key -> raw value)."""

    def __init__(self, platform: str, value_of: Callable[[str], str]):
        self.platform = platform
        self.value_of = value_of

    def __call__(self, key: str, **context) -> Text:
        key = platform_key(key, self.platform)
        return Text(key, fill(self.value_of(key), context), TEXTS[key].formatted)


def _dated(entry: Entry, platform: str) -> dict:
    source = entry.source_for(platform)
    return {
        "id": entry.id,
        "source": None if source is None else {"label": source.label, "url": source.url},
        "checked_on": entry.checked_on,
        "review_by": entry.review_by,
    }


def _fields(entry: Entry, text: Resolver) -> dict:
    return {f: text(entry.base_key(f)) for f in SECTION_BY_NAME[entry.section].fields}


def tag_list(value: str) -> list[str]:
    return [tag.strip() for tag in value.split(TAG_SEPARATOR) if tag.strip()]


def next_step_url(entry: Entry, platform: str, *, cle: str | None,
                  widget_url: Callable[[str], str | None]) -> str | None:
    target = entry.target or ""
    if target == "appointment":
        return links.appointment_url(cle, platform) if cle else None
    if target.startswith("widget:"):
        return widget_url(target.split(":", 1)[1])
    return target if links.is_external(target) else None


def build_guide(platform: str, value_of: Callable[[str], str], *, query: str = "",
                cle: str | None = None,
                widget_url: Callable[[str], str | None] = lambda name: None) -> dict:
    text = Resolver(platform, value_of)
    facts = []
    for index, entry in enumerate(entries("fact", platform)):
        facts.append({**_dated(entry, platform), **_fields(entry, text),
                      "compact": index < COMPACT_FACTS})
    schemes = []
    for entry in entries("scheme", platform):
        item = {**_dated(entry, platform), **_fields(entry, text), "link": entry.link}
        item["tag_list"] = tag_list(item["tags"].value)
        schemes.append(item)
    faq = []
    for entry in entries("faq", platform):
        item = {**_dated(entry, platform), **_fields(entry, text)}
        haystack = item["question"].value + " " + item["answer"].value
        item["search_text"] = search.normalize(haystack)
        item["match"] = search.matches(query, haystack)
        faq.append(item)
    steps = []
    for entry in entries("step", platform):
        url = next_step_url(entry, platform, cle=cle, widget_url=widget_url)
        if url:
            steps.append({**_dated(entry, platform), **_fields(entry, text), "url": url})
    return {
        "platform": platform,
        "title": text("guide.title"),
        "intro": text("guide.intro"),
        "key_facts": facts,
        "support_schemes": schemes,
        "faq": faq,
        "faq_search": {"query": query, "count": sum(1 for f in faq if f["match"]),
                       "active": bool(search.terms(query))},
        "next_steps": steps,
    }


def french_date(value: date) -> str:
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {months[value.month - 1]} {value.year}"
