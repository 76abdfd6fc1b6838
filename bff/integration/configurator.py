"""The configurator (``/integration``) and the published embed metadata.

Snippets are built here, once, for the page, for its script (``snippet.json``) and
for ``embed.json``, so what a developer copies is what the server vouches for.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, jsonify, render_template, request
from markupsafe import escape

from bff.assets import asset_url, sri
from bff.integration import bp
from bff.integration.contract import COMMON, EVENTS, VERSION, WIDGET_ATTRIBUTES, attributes
from bff.integration.theming import acceptable_primary
from widgets.registry import WIDGETS

DEFAULT_WIDGET = "pay-simulator"
# Fixed height of the iframe-only snippet: with no loader, nothing resizes the frame.
IFRAME_ONLY_HEIGHT = 700


def public_base() -> str:
    """The widgets' base URL as browsers of other sites must use it."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def embed_script() -> dict:
    return {"url": public_base() + asset_url("js/embed.js"), "integrity": sri("js/embed.js"),
            "crossorigin": "anonymous"}


def chosen_values(widget: str, source) -> dict[str, str]:
    """The contract attributes of ``widget`` found in ``source``, non-empty and valid."""
    values = {}
    for attribute in attributes(widget):
        value = (source.get(attribute.name) or "").strip()
        if not value:
            continue
        if attribute.choices and value not in attribute.choices:
            continue
        if attribute.name == "primary-color" and acceptable_primary(value) is None:
            continue
        values[attribute.name] = value
    return values


def widget_page_url(widget: str, values: dict[str, str]) -> str:
    query = urlencode({name.replace("-", "_"): value for name, value in values.items()})
    return f"{public_base()}/widgets/{VERSION}/{widget}" + (f"?{query}" if query else "")


def script_snippet(widget: str, values: dict[str, str]) -> str:
    script = embed_script()
    attrs = "".join(f' data-{name}="{escape(value)}"' for name, value in values.items())
    spec = WIDGETS[widget]
    return (f'<script src="{script["url"]}"\n'
            f'        integrity="{script["integrity"]}"\n'
            f'        crossorigin="anonymous" defer></script>\n'
            f'<div data-apprentissage-widget="{widget}"{attrs}>\n'
            f'  <a href="{escape(widget_page_url(widget, values))}">{escape(spec.link_text)}</a>\n'
            f'</div>')


def iframe_snippet(widget: str, values: dict[str, str]) -> str:
    spec = WIDGETS[widget]
    return (f'<iframe src="{escape(widget_page_url(widget, values))}"\n'
            f'        title="{escape(spec.title)}"\n'
            f'        loading="lazy" width="100%" height="{IFRAME_ONLY_HEIGHT}"></iframe>')


def snippets(widget: str, values: dict[str, str]) -> dict:
    return {"widget": widget, "attributes": values,
            "script": script_snippet(widget, values), "iframe": iframe_snippet(widget, values),
            "page_url": widget_page_url(widget, values), "embed": embed_script()}


def callers():
    return sorted(current_app.extensions["callers"].all(), key=lambda c: c.name)


@bp.get("/integration")
def configurator():
    widget = request.args.get("widget", DEFAULT_WIDGET)
    if widget not in WIDGETS:
        widget = DEFAULT_WIDGET
    values = chosen_values(widget, request.args) or {"caller": "demo"}
    return render_template(
        "integration/configurator.html", widgets=WIDGETS, widget=widget, common=COMMON,
        widget_attributes=WIDGET_ATTRIBUTES, callers=callers(), values=values,
        snippets=snippets(widget, values), events=EVENTS, version=VERSION,
        iframe_height=IFRAME_ONLY_HEIGHT)


@bp.get("/integration/snippet.json")
def snippet_json():
    widget = request.args.get("widget", "")
    if widget not in WIDGETS:
        return jsonify({"errors": {"widget": ["Module inconnu : choisissez "
                                              + ", ".join(WIDGETS) + "."]}}), 400
    return jsonify(snippets(widget, chosen_values(widget, request.args)))


@bp.get("/integration/embed.json")
def embed_json():
    """What a host pins: the loader's URL and SRI hash, the contract, the widgets."""
    return jsonify({
        "contract": VERSION,
        "embed": embed_script(),
        "widgets": {name: {"title": spec.title,
                           "page": f"{public_base()}/widgets/{VERSION}/{name}",
                           "attributes": [a.name for a in attributes(name)]}
                    for name, spec in WIDGETS.items()},
        "events": [f"apprentissage:{e.name}" for e in EVENTS],
        "documentation": public_base() + "/integration",
        "openapi": public_base() + "/api/v1/openapi.json",
    })
