"""Widget page of the calendar: the timeline as an ordered list, usable without JavaScript."""
from __future__ import annotations

from flask import g, render_template
from marshmallow import ValidationError

from bff.api import query_args
from bff.api.calendar import resolve_calendar
from bff.pages import bp, host_origin, require_caller
from widgets.calendar.dates import french_date, french_range
from widgets.calendar.params import FIELD_LABELS, CalendarQuery
from widgets.registry import WIDGETS

SPEC = WIDGETS["calendar"]


@bp.get("/calendar")
def calendar():
    require_caller()
    args, errors = {}, {}
    try:
        args = CalendarQuery().load(query_args(), unknown="exclude")
        view = resolve_calendar(args, g.caller.name)
    except ValidationError as error:
        view = None
        errors = error.messages if isinstance(error.messages, dict) else {
            "_schema": list(error.messages)}
    context = dict(widget_name=SPEC.name, widget_title=SPEC.title, host_origin=host_origin(),
                   view=view, errors=errors, labels=FIELD_LABELS,
                   platform=(view.platform if view else args.get("platform")
                             or g.caller.platform or ""),
                   academie=(view.academie if view else args.get("academie")) or "",
                   raw=query_args(), french_date=french_date, french_range=french_range)
    html = render_template("calendar/page.html", **context)
    return html, (400 if errors else 200)
