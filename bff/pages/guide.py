"""Widget page of the guide panel: /widgets/v1/guide?caller=...&platform=...

Compact by default (a search box, three key facts and an "En savoir plus"
disclosure). Works without JavaScript: the disclosure and the FAQ are native
``<details>``, and the search over the whole guide falls back to ``?q=``, matched by
widgets/guide/search.py; static/js/guide.js turns the FAQ into a DSFR accordion and
applies the same search as the candidate types.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import urlencode

from flask import Response, current_app, g, render_template, request
from marshmallow import EXCLUDE, ValidationError
from markupsafe import Markup

from bff.extensions import cache
from bff.pages import bp, host_origin, render_page_error, require_caller
from bff.texts import ALL_CALLERS
from widgets.guide.content import Resolver, Text, build_guide, french_date
from widgets.guide.entries import DEFAULT_PLATFORM
from widgets.guide.params import GuideQuery
from widgets.guide.search import rules_json
from widgets.guide.texts import platform_key
from widgets.markup import render_formatted, render_plain
from widgets.registry import WIDGETS
from widgets.texts import TEXTS

HOST_PARAMETERS = ("platform", "cle_ministere_educatif")
KEPT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_KEPT_PARAMETERS = 20


def text_lookup(caller_name: str | None, platform: str):
    """Resolve a text: this caller's override, this platform's, every caller's, default."""
    content = current_app.extensions["content_store"]
    scopes = []
    for scope in (caller_name, platform):
        if scope and scope not in scopes:
            scopes.append(scope)
    scopes.append(ALL_CALLERS)

    known: dict[str, str] = {}   # one request reads some texts dozens of times

    def value_of(key: str) -> str:
        if key not in known:
            known[key] = next((value for value in (content.text_override(key, scope)
                                                   for scope in scopes) if value is not None),
                              TEXTS[key].default)
        return known[key]
    return value_of


def chosen_platform(params: dict, caller) -> str:
    return params.get("platform") or (caller.platform if caller else None) or DEFAULT_PLATFORM


def widget_link(caller_name: str | None):
    """Absolute URL of a sibling widget page, opened in a new tab from the guide."""
    def url(name: str) -> str | None:
        if name not in WIDGETS:
            return None
        query = urlencode({"caller": caller_name}) if caller_name else ""
        return f"{request.host_url.rstrip('/')}{bp.url_prefix}/{name}" + (f"?{query}" if query else "")
    return url


def render_text(text: Text) -> Markup:
    return render_formatted(text.value) if text.formatted else render_plain(text.value)


PAGE_CACHE_SECONDS = 300


def cached_page_key() -> str | None:
    """Pages without a search depend only on their URL and the published content."""
    if request.args.get("q", "").strip():
        return None   # searches are typed by candidates: too many to keep
    from bff.http_cache import content_version
    digest = hashlib.blake2b(f"{request.host_url}|{request.full_path}|{content_version()}".encode(),
                             digest_size=16).hexdigest()
    return f"guide:page:{digest}"


@bp.get("/guide")
def guide():
    caller = require_caller()
    key = cached_page_key()
    html = _cached(key)
    if html is None:
        html = render_guide(caller)
        if key and not isinstance(html, Response):
            _keep(key, html)
    return html


def _cached(key):
    try:
        return cache.get(key) if key else None
    except Exception:  # a cache outage costs a render, never the page
        return None


def _keep(key, html):
    try:
        cache.set(key, html, timeout=PAGE_CACHE_SECONDS)
    except Exception:
        pass


def render_guide(caller):
    args = request.args.to_dict(flat=True)
    query_error = None
    try:
        params = GuideQuery().load(args, unknown=EXCLUDE)
    except ValidationError as error:
        host_errors = [m for name in HOST_PARAMETERS for m in error.messages.get(name, [])]
        if host_errors:
            return render_page_error(" ".join(host_errors), 400)
        # Only the candidate's search is wrong: show the page and say so next to the field.
        params = {**error.valid_data, "q": ""}
        query_error = True
    platform = chosen_platform(params, caller)
    value_of = text_lookup(g.caller_name, platform)
    content = build_guide(platform, value_of, query=params.get("q", ""),
                          cle=params.get("cle_ministere_educatif"),
                          widget_url=widget_link(g.caller_name))
    # The no-JavaScript search reloads the page: keep what the host asked for (theme...).
    hidden = {name: value for name, value in list(args.items())[:MAX_KEPT_PARAMETERS]
              if name != "q" and KEPT_NAME.match(name)}
    spec = WIDGETS["guide"]
    text = Resolver(platform, value_of)
    rendered: dict = {}

    def tx(key: str, **context) -> Markup:
        memo = (key, tuple(sorted(context.items())))
        if memo not in rendered:
            rendered[memo] = render_text(text(key, **context))
        return rendered[memo]

    return render_template(
        "guide/page.html", guide=content, r=render_text, french_date=french_date, tx=tx,
        raw=lambda key: value_of(platform_key(key, platform)),
        query=args.get("q", "") if query_error else params.get("q", ""),
        query_error=query_error, hidden={k: v for k, v in hidden.items() if v},
        search_rules=rules_json(),
        widget_name=spec.name, widget_title=spec.title, host_origin=host_origin())

