"""Calendar timeline: page ``/widgets/v1/calendar``, API ``/api/v1/calendar`` and
``/api/v1/calendar.ics``.

Campaign dates come from the admin's published override when there is one, else from
the bundled file; the view itself is ``widgets.calendar.view``.
"""
from __future__ import annotations

from flask import jsonify, make_response, render_template
from marshmallow import EXCLUDE, ValidationError

from bff import context, navigation
from bff.clock import paris_today
from bff.storage.campaigns import campaigns_for
from bff.web import api, load_query, pages, query_args
from widgets.calendar.academies import academie_code
from widgets.calendar.dates import french_date
from widgets.calendar.params import FIELD_LABELS, TRAINING_PLACE, CalendarQuery
from widgets.calendar.schema import PLATFORM_TITLES
from widgets.offers.query import TrainingPlaceSchema
from widgets.calendar.view import (CalendarView, calendar_file, calendar_json, now_view,
                                   resolve_calendar)
from widgets.registry import WIDGETS

SPEC = WIDGETS["calendar"]
QUERY = CalendarQuery()   # built once: a schema's construction costs more than a load
TRAINING_PLACE_QUERY = TrainingPlaceSchema()


def view_for(args: dict) -> CalendarView:
    """The calendar for loaded parameters, in this request's context."""
    ctx = context.current()
    return resolve_calendar(args, caller=ctx.caller_name,
                            platform=ctx.caller.platform if ctx.caller else None,
                            campaigns_for=campaigns_for, value_of=ctx.texts.value,
                            today=paris_today())


@pages.get("/calendar", endpoint="calendar")
def calendar_page():
    """The timeline as an ordered list, usable without JavaScript."""
    caller = context.require_caller()
    errors = {}
    args: dict = {}
    try:
        args = QUERY.load(query_args(), unknown="exclude")
        view = view_for(args)
    except ValidationError as error:
        view = None
        errors = error.messages if isinstance(error.messages, dict) else {
            "_schema": list(error.messages)}
    raw = query_args()
    if view is None:
        # Keep what was valid, so the form resubmits it and the candidate only fixes the date.
        platform = raw.get("platform", "").strip() or caller.platform or ""
        platform = platform if platform in PLATFORM_TITLES else ""
        academie = academie_code(raw.get("academie", "")) or ""
    else:
        platform, academie = view.platform, view.academie or ""
    training = training_args(raw if view is None else args, loaded=view is not None)
    action_url = navigation.widget_url("offer-search", training, back=navigation.back_url())
    if view is not None and args.get("view") == "now":
        full = {k: v for k, v in raw.items() if k in QUERY.fields and k != "view"}
        return render_template("calendar/compact.html", widget_name=SPEC.name,
                               widget_title=SPEC.title, view=view, now=now_view(view, context.current().texts.value),
                               action_url=action_url, french_date=french_date,
                               full_url=navigation.widget_url("calendar", full,
                                                              back=navigation.back_url()))
    html = render_template("calendar/page.html", widget_name=SPEC.name,
                           widget_title=SPEC.title, view=view, errors=errors,
                           labels=FIELD_LABELS, platform=platform, academie=academie, raw=raw,
                           french_date=french_date, action_url=action_url,
                           training=training)
    return html, (400 if errors else 200)


def training_args(args: dict, loaded: bool) -> dict[str, str]:
    """The training's codes and place as query values for the offer search link. From a
    query that failed validation, only the well-formed ones are kept."""
    if not loaded:
        raw = {name: args[name] for name in TRAINING_PLACE if args.get(name)}
        try:
            args = TRAINING_PLACE_QUERY.load(raw, unknown=EXCLUDE)
        except ValidationError as error:
            args = error.valid_data or {}
    out = {}
    for name in TRAINING_PLACE:
        value = args.get(name)
        if value not in (None, "", []):
            out[name] = ",".join(value) if isinstance(value, list) else str(value)
    return out


@api.get("/calendar")
def calendar():
    """The timeline for a platform and a training start date, with today's position."""
    return jsonify(calendar_json(view_for(load_query(QUERY))))


@api.get("/calendar.ics")
def calendar_ics_file():
    """The same timeline as an iCalendar file to import into a personal calendar."""
    view = view_for(load_query(QUERY))
    response = make_response(calendar_file(view, context.current().texts.value))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    filename = f"calendrier-{view.platform}-{view.campaign.campaign}.ics"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
