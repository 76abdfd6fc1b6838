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
# The iframe-only snippet's frame: no border through an attribute and a class (a host's
# CSP without 'unsafe-inline' in style-src would drop a style="" attribute), and the
# widget's initial height from the registry (nothing resizes a frame without the loader).
FRAME_CLASS = "apprentissage-widget-frame"


def public_base() -> str:
    """The widgets' base URL as browsers of other sites must use it: PUBLIC_URL (required
    in production); in development, when unset, the address this page was browsed at
    (the configurator says so: ``base_is_configured``)."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def base_is_configured() -> bool:
    return bool(current_app.config.get("PUBLIC_URL"))


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
            f'        title="{escape(spec.title)}" class="{FRAME_CLASS}" frameborder="0"\n'
            f'        loading="lazy" width="100%" height="{spec.frame_height}"></iframe>')


def snippets(widget: str, values: dict[str, str]) -> dict:
    return {"widget": widget, "attributes": values, "frame_height": WIDGETS[widget].frame_height,
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
        iframe_height=WIDGETS[widget].frame_height, frame_class=FRAME_CLASS,
        base_is_configured=base_is_configured(), public_base=public_base())


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
                           "frame_height": spec.frame_height,
                           "attributes": [a.name for a in attributes(name)]}
                    for name, spec in WIDGETS.items()},
        "events": [f"apprentissage:{e.name}" for e in EVENTS],
        "documentation": public_base() + "/integration",
        "openapi": public_base() + "/api/v1/openapi.json",
    })
