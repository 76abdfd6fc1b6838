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
from widgets.guide.entries import DEFAULT_PLATFORM, SECTION_BY_NAME, Entry, entries
from widgets.guide.texts import platform_key
from widgets.markup import render_formatted, render_plain, render_text
from widgets.texts import TEXTS, fill

COMPACT_FACTS = 3
TAG_SEPARATOR = ";"


@dataclass(frozen=True)
class Text:
    key: str
    value: str
    formatted: bool = False

    def html(self):
        """Safe HTML: the Markdown subset for formatted texts, escaped text otherwise."""
        return render_formatted(self.value) if self.formatted else render_plain(self.value)

    def text(self) -> str:
        """Plain text: formatted texts with their Markdown read, not shown."""
        return render_text(self.value) if self.formatted else self.value


def chosen_platform(asked: str | None, caller_platform: str | None) -> str:
    """The platform whose audience reads the guide: asked, else the caller's, else the
    default one."""
    return asked or caller_platform or DEFAULT_PLATFORM


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


# -- the JSON answer ----------------------------------------------------------------------
# Every string field is plain text (to insert as text); formatted texts also come as
# ``<name>_html``, sanitized HTML. The Markdown an editor typed is never given out as such.
def _plain(value):
    if isinstance(value, Text):
        return value.text()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _item(entry: dict, *, drop=("search_text", "match")) -> dict:
    item = {k: _plain(v) for k, v in entry.items() if k not in drop}
    for name, value in entry.items():
        if isinstance(value, Text) and value.formatted:
            item[f"{name}_html"] = str(value.html())
    return item


def guide_json(content: dict, caller_name: str | None) -> dict:
    """The guide as ``GET /api/v1/guide`` answers it, for platforms that render it."""
    search_state = content["faq_search"]
    schemes = []
    for entry in content["support_schemes"]:
        item = _item(entry, drop=("tag_list", "tags", "link"))
        item["tags"] = entry["tag_list"]
        item["official_link"] = entry["link"]
        schemes.append(item)
    return {
        "platform": content["platform"],
        "caller": caller_name,
        "title": content["title"].value,
        "intro": content["intro"].value,
        "key_facts": [_item(e) for e in content["key_facts"]],
        "support_schemes": schemes,
        "faq": [_item(e) for e in content["faq"] if e["match"]],
        "faq_search": {"query": search_state["query"], "count": search_state["count"]},
        "next_steps": [_item(e) for e in content["next_steps"]],
    }
