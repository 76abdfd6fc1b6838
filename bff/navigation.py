"""In-frame navigation between widget pages: the wish summary opens the full widgets in
its own frame, and they link back to it.

- ``frame_args()``: what a link from one widget page to another keeps so the next page
  looks and talks the same (``caller``, ``host_origin``, ``theme``, ``primary_color``).
- ``widget_url(name, params, back=...)``: a link to a widget page in the same frame.
- ``back_url()``: the "Retour au résumé" link of a page opened from the summary. The
  ``back`` parameter is never echoed: it is parsed, accepted only when it names this
  service's wish-summary page, and rebuilt from the summary's own parameters, each
  validated by the summary's schema. It cannot lead anywhere else (no open redirect) nor
  carry anything the summary would not accept.

Widget pages get ``back_url`` and ``frame_fields`` (hidden inputs their forms add, so a
submitted form keeps the theme and the way back) from the context processor below.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import current_app, g, request, url_for
from marshmallow import ValidationError

from bff import context
from bff.integration.theming import SCHEMES, acceptable_primary
from bff.web import pages
from widgets.registry import WIDGETS

SUMMARY = "wish-summary"
BACK_MAX_LENGTH = 2000
VALUE_MAX_LENGTH = 200


def frame_args() -> dict[str, str]:
    """The parameters every in-frame link keeps (only those this request validly had)."""
    ctx = context.current()
    args = {"caller": ctx.caller_name, "host_origin": ctx.host_origin}
    theme = request.args.get("theme")
    if theme in SCHEMES:
        args["theme"] = theme
    primary = acceptable_primary(request.args.get("primary_color"))
    if primary:
        args["primary_color"] = primary
    return {name: value for name, value in args.items() if value}


def widget_url(name: str, params: dict | None = None, back: str | None = None) -> str | None:
    """A relative link to the widget page ``name`` for the same frame, or None when no
    such widget is registered."""
    spec = WIDGETS.get(name)
    if spec is None or spec.endpoint not in current_app.view_functions:
        return None
    values = {k: v for k, v in (params or {}).items() if v not in (None, "", [], ())}
    values.update(frame_args())
    if back:
        values["back"] = back
    return url_for(spec.endpoint, **values)


def _summary_schema():
    from widgets.wish_summary.params import WISH_PARAMETERS, WishSummaryQuery
    return WishSummaryQuery(), WISH_PARAMETERS


def parse_back(raw: str | None) -> str | None:
    """``raw`` rebuilt as a link to this service's wish summary, or None."""
    spec = WIDGETS.get(SUMMARY)
    if (not raw or len(raw) > BACK_MAX_LENGTH or spec is None
            or spec.endpoint not in current_app.view_functions):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        own = urlsplit(current_app.config.get("PUBLIC_URL") or request.host_url)
        if (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
            return None
    if parts.path != url_for(spec.endpoint) or parts.fragment:
        return None
    schema, wish_parameters = _summary_schema()
    kept: dict[str, str] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=False):
        if name in wish_parameters and name not in kept and len(value) <= VALUE_MAX_LENGTH:
            kept[name] = value
    try:
        schema.load(kept)
    except ValidationError:
        return None
    kept.update(frame_args())
    return url_for(spec.endpoint, **kept)


def back_url() -> str | None:
    """This request's validated way back to the wish summary (computed once)."""
    if "back_url" not in g:
        spec = WIDGETS.get(SUMMARY)
        on_summary = spec is not None and request.endpoint == spec.endpoint
        g.back_url = None if on_summary else parse_back(request.args.get("back"))
    return g.back_url


def frame_fields() -> dict[str, str]:
    """Hidden inputs a widget form adds so its next page stays in the same frame state."""
    fields = {k: v for k, v in frame_args().items() if k in ("theme", "primary_color")}
    back = back_url()
    if back:
        fields["back"] = back
    return fields


@pages.context_processor
def navigation_context():
    return {"back_url": back_url(), "frame_fields": frame_fields()}
