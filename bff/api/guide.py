"""JSON API v1 of the guide: the panel's content, structured, for platforms that
render it themselves.

``GET /api/v1/guide?platform=...[&caller=...][&q=...][&cle_ministere_educatif=...]``
"""
from __future__ import annotations

from datetime import date

from flask import current_app, jsonify
from marshmallow import ValidationError

from bff.api import bp, load_query
from bff.pages.guide import chosen_platform, render_text, text_lookup, widget_link
from widgets.guide.content import SEARCHED, Text, build_guide
from widgets.guide.params import GuideQuery

UNKNOWN_CALLER = "Plateforme appelante inconnue : ce nom n'est pas enregistré."


def _plain(value):
    if isinstance(value, Text):
        return value.value
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
            item[f"{name}_html"] = str(render_text(value))
    return item


def serialize(content: dict, caller_name: str | None) -> dict:
    search = content["faq_search"]
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
        "faq_search": {"query": search["query"], "count": search["count"]},
        "next_steps": [_item(e) for e in content["next_steps"]],
        "employer_aid": [_item(e, drop=("search_text", "match", "rows", "rqth"))
                         for e in content["employer_aid"]],
        # The search over the whole guide: which entries of each section match.
        "search": {"query": everywhere["query"], "count": everywhere["count"],
                   "matches": {section: [e["id"] for e in content[section] if e["match"]]
                               for section in SEARCHED} if everywhere["active"] else None},
    }


@bp.get("/guide")
def guide():
    params = load_query(GuideQuery())
    caller_name = params.get("caller")
    caller = current_app.extensions["callers"].get(caller_name) if caller_name else None
    if caller_name and caller is None:
        raise ValidationError({"caller": [UNKNOWN_CALLER]})
    platform = chosen_platform(params, caller)
    content = build_guide(platform, text_lookup(caller_name, platform), query=params["q"],
                          cle=params.get("cle_ministere_educatif"),
                          widget_url=widget_link(caller_name))
    return jsonify(serialize(content, caller_name))
