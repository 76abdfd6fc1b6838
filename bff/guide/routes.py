"""Guide panel: page ``/widgets/v1/guide``, API ``/api/v1/guide``.

Compact by default (a search box, three key facts and an "En savoir plus"
disclosure). The page works without JavaScript: the disclosure and the FAQ are native
``<details>``, and the search over the whole guide falls back to ``?q=``, matched by
widgets/guide/search.py; static/js/guide.js turns the FAQ into a DSFR accordion and
applies the same search rules as the candidate types.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import jsonify, render_template, request
from marshmallow import EXCLUDE, ValidationError

from bff import context
from bff.web import api, load_query, pages
from widgets.guide.content import build_guide, chosen_platform, french_date, guide_json
from widgets.guide.params import GuideQuery
from widgets.guide.search import rules_json
from widgets.guide.texts import platform_key
from widgets.registry import WIDGETS

QUERY = GuideQuery()
HOST_PARAMETERS = ("platform", "cle_ministere_educatif")
KEPT_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_KEPT_PARAMETERS = 20


def widget_link(caller_name: str | None):
    """Absolute URL of a sibling widget page (opened in a new tab from the guide, or
    given to a platform in the JSON)."""
    def url(name: str) -> str | None:
        if name not in WIDGETS:
            return None
        query = urlencode({"caller": caller_name}) if caller_name else ""
        return context.public_url(f"{pages.url_prefix}/{name}" + (f"?{query}" if query else ""))
    return url


def guide_content(params: dict) -> tuple[dict, object]:
    """The guide for loaded parameters, in this request's context, and its text lookup."""
    ctx = context.current()
    platform = chosen_platform(params.get("platform"),
                               ctx.caller.platform if ctx.caller else None)
    texts = ctx.texts_for(platform)
    content = build_guide(platform, texts.value, query=params.get("q", ""),
                          cle=params.get("cle_ministere_educatif"),
                          widget_url=widget_link(ctx.caller_name))
    return content, texts


@pages.get("/guide", endpoint="guide")
def guide_page():
    context.require_caller()
    args = request.args.to_dict(flat=True)
    query_error = None
    try:
        params = QUERY.load(args, unknown=EXCLUDE)
    except ValidationError as error:
        host_errors = [m for name in HOST_PARAMETERS for m in error.messages.get(name, [])]
        if host_errors:
            return context.render_page_error(" ".join(host_errors), 400)
        # Only the candidate's search is wrong: show the page and say so next to the field.
        params = {**error.valid_data, "q": ""}
        query_error = True
    content, texts = guide_content(params)
    platform = content["platform"]
    # The no-JavaScript search reloads the page: keep what the host asked for (theme...).
    hidden = {name: value for name, value in list(args.items())[:MAX_KEPT_PARAMETERS]
              if name != "q" and KEPT_NAME.fullmatch(name)}
    spec = WIDGETS["guide"]
    return render_template(
        "guide/page.html", guide=content, r=lambda text: text.html(), french_date=french_date,
        tx=lambda key, **values: texts.render(platform_key(key, platform), **values),
        raw=lambda key: texts.value(platform_key(key, platform)),
        query=args.get("q", "") if query_error else params.get("q", ""),
        query_error=query_error, hidden={k: v for k, v in hidden.items() if v},
        search_rules=rules_json(), widget_name=spec.name, widget_title=spec.title)


@api.get("/guide")
def guide():
    """The panel's content, structured, for platforms that render it themselves."""
    content, _ = guide_content(load_query(QUERY))
    return jsonify(guide_json(content, context.current().caller_name))
