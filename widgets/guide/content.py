"""The guide as one platform's audience reads it: entries filtered and worded for
the platform, texts resolved by the caller's store, every item matched against the
candidate's search.

``value_of(key)`` is how texts are resolved (the BFF consults admin overrides);
this module stays free of Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from widgets.guide import links, search
from widgets.guide.entries import (COMPANY_SIZES, DEFAULT_PLATFORM, DIPLOMA_LEVELS,
                                   SECTION_BY_NAME, Entry, entries)
from widgets.guide.texts import platform_key
from widgets.markup import render_formatted, render_plain, render_text
from widgets.texts import TEXTS, fill

COMPACT_FACTS = 3
TAG_SEPARATOR = ";"
#: The sections a search goes through, in page order (the API and the template use them).
SEARCHED = ("key_facts", "employer_aid", "support_schemes", "faq", "next_steps")


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
        "status": entry.status,
    }


def _fields(entry: Entry, text: Resolver) -> dict:
    return {f: text(entry.base_key(f)) for f in SECTION_BY_NAME[entry.section].fields}


def tag_list(value: str) -> list[str]:
    return [tag.strip() for tag in value.split(TAG_SEPARATOR) if tag.strip()]


def euros(amount: int) -> str:
    """``5 000 €`` as French readers write it (narrow no-break space, no-break space)."""
    return f"{amount:,}".replace(",", "\u202f") + "\u00a0€"


def next_step_url(entry: Entry, platform: str, *, cle: str | None,
                  widget_url: Callable[[str], str | None]) -> str | None:
    target = entry.target or ""
    if target == "appointment":
        return links.appointment_url(cle, platform) if cle else None
    if target.startswith("widget:"):
        return widget_url(target.split(":", 1)[1])
    return target if links.is_external(target) else None


def _amount_rows(entry: Entry, text: Resolver) -> list[dict]:
    """The table of an aid: one row per diploma level, one column per company size."""
    if not entry.amounts:
        return []
    rows = []
    for level in DIPLOMA_LEVELS:
        cells = []
        for size in COMPANY_SIZES:
            amount = entry.amounts[size][level]
            cells.append(euros(amount) if amount else text("guide.employer.no_aid").value)
        rows.append({"level": text(f"guide.employer.level.{level}"), "cells": cells})
    return rows


def employer_items(platform: str, text: Resolver, today: date) -> list[dict]:
    """Employer aid: the rules in force for a contract concluded ``today`` first, then the
    earlier ones (still useful to a candidate whose contract is already signed)."""
    items = []
    for entry in entries("employer", platform):
        if entry.contracts_from and entry.contracts_from > today:
            continue                      # not in force yet: nothing to tell
        item = {**_dated(entry, platform), **_fields(entry, text), "kind": entry.kind,
                "contracts_from": entry.contracts_from, "contracts_to": entry.contracts_to,
                "in_force": entry.in_force(today), "rows": _amount_rows(entry, text),
                "rqth": euros(entry.rqth) if entry.rqth else None,
                "amounts": entry.amounts, "rqth_amount": entry.rqth}
        items.append(item)
    return sorted(items, key=lambda i: (not i["in_force"], i["kind"] != "aid"))


def searchable(item: dict, fields: tuple[str, ...]) -> str:
    parts = []
    for name in fields:
        value = item.get(name)
        if isinstance(value, Text):
            parts.append(value.value)
    for row in item.get("rows", ()):
        parts.append(row["level"].value)
    return search.normalize(" ".join(parts))


def build_guide(platform: str, value_of: Callable[[str], str], *, query: str = "",
                cle: str | None = None,
                widget_url: Callable[[str], str | None] = lambda name: None,
                today: date | None = None) -> dict:
    today = today or date.today()
    text = Resolver(platform, value_of)
    facts = []
    for index, entry in enumerate(entries("fact", platform)):
        facts.append({**_dated(entry, platform), **_fields(entry, text),
                      "compact": index < COMPACT_FACTS})
    schemes = []
    for entry in entries("scheme", platform):
        if entry.abolished:
            continue      # never shown as available (see abolished_schemes for the record)
        item = {**_dated(entry, platform), **_fields(entry, text), "link": entry.link}
        item["tag_list"] = tag_list(item["tags"].value)
        schemes.append(item)
    faq = [{**_dated(e, platform), **_fields(e, text)} for e in entries("faq", platform)]
    steps = []
    for entry in entries("step", platform):
        url = next_step_url(entry, platform, cle=cle, widget_url=widget_url)
        if url:
            steps.append({**_dated(entry, platform), **_fields(entry, text), "url": url})
    content = {
        "platform": platform,
        "title": text("guide.title"),
        "intro": text("guide.intro"),
        "key_facts": facts,
        "employer_aid": employer_items(platform, text, today),
        "support_schemes": schemes,
        "faq": faq,
        "next_steps": steps,
    }
    query_terms = search.terms(query)
    counts = {}
    for section, name in zip(SEARCHED, ("fact", "employer", "scheme", "faq", "step")):
        fields = SECTION_BY_NAME[name].fields
        for item in content[section]:
            item["search_text"] = searchable(item, fields)
            item["match"] = search.matches_terms(query_terms, item["search_text"])
        counts[section] = sum(1 for i in content[section] if i["match"])
    active = bool(query_terms)
    content["search"] = {"query": query, "active": active, "counts": counts,
                         "count": sum(counts.values()) if active else 0}
    content["faq_search"] = {"query": query, "count": counts["faq"], "active": active}
    return content


def abolished_schemes(platform: str | None = None) -> list[Entry]:
    """Schemes that no longer exist (for the admin, never offered to candidates)."""
    return [e for e in entries("scheme", platform) if e.abolished]


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
    everywhere = content["search"]
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
        "employer_aid": [_item(e, drop=("search_text", "match", "rows", "rqth"))
                         for e in content["employer_aid"]],
        # The search over the whole guide: which entries of each section match.
        "search": {"query": everywhere["query"], "count": everywhere["count"],
                   "matches": {section: [e["id"] for e in content[section] if e["match"]]
                               for section in SEARCHED} if everywhere["active"] else None},
    }
