"""Widget page of the calendar: the timeline as an ordered list, usable without JavaScript."""
from __future__ import annotations

from flask import g, render_template
from marshmallow import ValidationError

from bff.api import query_args
from bff.api.calendar import QUERY, resolve_calendar
from bff.pages import bp, host_origin, require_caller
from widgets.calendar.academies import academie_code
from widgets.calendar.dates import french_date
from widgets.calendar.params import FIELD_LABELS
from widgets.calendar.schema import PLATFORM_TITLES
from widgets.registry import WIDGETS

SPEC = WIDGETS["calendar"]


@bp.get("/calendar")
def calendar():
    require_caller()
    errors = {}
    try:
        args = QUERY.load(query_args(), unknown="exclude")
        view = resolve_calendar(args, g.caller.name)
    except ValidationError as error:
        view = None
        errors = error.messages if isinstance(error.messages, dict) else {
            "_schema": list(error.messages)}
    raw = query_args()
    if view is None:
        # Keep what was valid, so the form resubmits it and the candidate only fixes the date.
        platform = raw.get("platform", "").strip() or g.caller.platform or ""
        platform = platform if platform in PLATFORM_TITLES else ""
        academie = academie_code(raw.get("academie", "")) or ""
    else:
        platform, academie = view.platform, view.academie or ""
    context = dict(widget_name=SPEC.name, widget_title=SPEC.title, host_origin=host_origin(),
                   view=view, errors=errors, labels=FIELD_LABELS, platform=platform,
                   academie=academie, raw=raw, french_date=french_date)
    html = render_template("calendar/page.html", **context)
    return html, (400 if errors else 200)
